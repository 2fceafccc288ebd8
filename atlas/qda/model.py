"""What every QDA reader returns: the coded segments of a project, normalised, with its documents,
cases and codebook, and the problems met while reading — data, rendered at the edge."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from atlas.qda.messages import render

Severity = Literal["error", "warning", "info"]  # info: said, never counted

# One row per coding of a text segment (a segment coded twice is two rows).
SEGMENT_COLUMNS = (
    "line",  # the file line (tables) or the running number of the coding (.qdpx)
    "document",  # the document (source) as the tool names it
    "code_path",  # tuple of names, root first: ("Challenges", "Funding")
    "excerpt",  # the coded text
    "start",  # position in the document as the tool counts it (characters, paragraphs), or None
    "end",
    "memo",  # the coder's comment on the segment
    "coder",
    "weight",  # MAXQDA's weight score, as text
    "segment_id",  # the tool's own id of the segment, when it has one
)


class QdaError(Exception):
    """The file cannot be imported at all; `message_id` names the reason in `messages.MESSAGES`.
    `str()` is the English sentence, in the user's terms."""

    def __init__(self, message_id: str, **params: object):
        self.message_id, self.params = message_id, params
        super().__init__(render(message_id, "en", **params))

    def render(self, language: str = "en") -> str:
        return render(self.message_id, language, **self.params)


@dataclass(frozen=True)
class QdaProblem:
    """A problem of a QDA import that is about documents and codes rather than one table cell."""

    severity: Severity
    message_id: str
    params: tuple[tuple[str, object], ...] = ()
    line: int | None = None

    def render(self, language: str = "en") -> str:
        return render(self.message_id, language, **dict(self.params))

    @property
    def message(self) -> str:
        return self.render()


def qda_problem(severity: Severity, message_id: str, *, line: int | None = None, **params):
    return QdaProblem(severity, message_id, tuple(params.items()), line)


def few(lines: Iterable[int], limit: int = 5) -> str:
    """'4, 9, 12, 13, 20 … (+7)': the same in every language."""
    lines = [int(n) for n in lines]
    shown = ", ".join(str(n) for n in lines[:limit])
    return shown + (f" … (+{len(lines) - limit})" if len(lines) > limit else "")


@dataclass(frozen=True)
class Detection:
    """What a file looks like: a format id, how sure (0–1), and what gave it away."""

    format_id: str
    confidence: float
    evidence: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = ()

    @property
    def label_id(self) -> str:
        return f"qda.format.{self.format_id}"

    def label(self, language: str = "en") -> str:
        return render(self.label_id, language)

    def describe(self, language: str = "en") -> str:
        """ "This looks like a Taguette highlights export (columns id, document, tag, content)."""
        evidence = "; ".join(render(mid, language, **dict(p)) for mid, p in self.evidence)
        if not evidence:
            return render("qda.detected_forced", language, label=self.label(language))
        return render("qda.detected", language, label=self.label(language), evidence=evidence)


def evidence(message_id: str, **params: object) -> tuple[str, tuple[tuple[str, object], ...]]:
    return (message_id, tuple(params.items()))


@dataclass
class Case:
    """A REFI-QDA case: a person or organisation, with its variables and its documents."""

    name: str
    attributes: dict[str, str] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    guid: str = ""


@dataclass
class QdaProject:
    """A QDA export read into one shape, whatever tool wrote it."""

    format_id: str
    filename: str
    sha256: str
    segments: pd.DataFrame  # SEGMENT_COLUMNS
    documents: dict[str, dict[str, str]] = field(default_factory=dict)  # name → attributes
    cases: list[Case] = field(default_factory=list)
    codebook: list[tuple[str, ...]] = field(default_factory=list)  # every code path, root first
    name: str = ""  # the project's own name, when the format carries one
    problems: list[QdaProblem] = field(default_factory=list)
    line_unit: str = "line"  # how `line` is said in messages ("line", "coding")

    @property
    def has_cases(self) -> bool:
        return bool(self.cases)

    def code_counts(self) -> dict[tuple[str, ...], int]:
        counts: dict[tuple[str, ...], int] = dict.fromkeys(self.codebook, 0)
        for path in self.segments["code_path"]:
            counts[path] = counts.get(path, 0) + 1
        return counts

    def document_counts(self) -> dict[str, int]:
        counts: dict[str, int] = dict.fromkeys(self.documents, 0)
        for name in self.segments["document"]:
            counts[name] = counts.get(name, 0) + 1
        return counts

    def summary(self, language: str = "en") -> str:
        text = render(
            "qda.summary",
            language,
            count=len(self.segments),
            documents=len(self.document_counts()),
            codes=len(self.code_counts()),
        )
        if self.cases:
            variables = {name for case in self.cases for name in case.attributes}
            text += "; " + render(
                "qda.summary_cases", language, cases=len(self.cases), variables=len(variables)
            )
        return text


def segments_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows (dicts with SEGMENT_COLUMNS keys; missing ones blank) as the segments table."""
    frame = pd.DataFrame(
        [{name: row.get(name) for name in SEGMENT_COLUMNS} for row in rows],
        columns=list(SEGMENT_COLUMNS),
        dtype=object,
    )
    for name in ("document", "excerpt", "memo", "coder", "weight", "segment_id"):
        frame[name] = frame[name].map(lambda v: "" if v is None else str(v))
    frame["code_path"] = frame["code_path"].map(lambda v: tuple(v or ()))
    return frame
