"""The active interview data as a REFI-QDA project (`.qdpx`), for the team's QDA tool.

Written to the REFI-QDA Project schema (QDA-XML 1.0, see `atlas.qda.qde`): a codebook from the
vocabulary (each theme a non-codable code holding its codes, named by their English labels; codes
used in the data but missing from the vocabulary under their theme), one `Variable` per respondent
column, one `Case` per respondent with its attributes and a `SourceRef` to its source, and one
`TextSource` per respondent whose plain text (`sources/<guid>.txt`) is its excerpts one after
another, each a `PlainTextSelection` with its `Coding`. A selection's `Description` carries the
excerpt's period, language and intensity as `key: value` lines, which this importer reads back.
GUIDs are derived from the data (uuid5), so the same data gives the same project.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesNSImpl

import pandas as pd

from atlas.export import export_frame
from atlas.store import Store
from atlas.vocabulary import Vocabulary

NAMESPACE = "urn:QDA-XML:project:1.0"
_GUIDS = uuid.UUID("6f1d2a3e-5b8c-4e0f-9a7d-3c2b1e0f4a5d")
SEPARATOR = "\n\n"
PROJECT_NAME = "Civic Atlas KZ interview data"
ORIGIN = "Civic Atlas KZ"


def guid(*parts: object) -> str:
    return str(uuid.uuid5(_GUIDS, "\x1f".join(str(p) for p in parts)))


class _Writer:
    def __init__(self, stream):
        self.out = XMLGenerator(stream, encoding="utf-8", short_empty_elements=True)

    def start(self, tag: str, **attrs: object) -> None:
        shown = {(None, k): str(v) for k, v in attrs.items() if v is not None}
        qnames = {(None, k): k for k, v in attrs.items() if v is not None}
        self.out.startElementNS((NAMESPACE, tag), tag, AttributesNSImpl(shown, qnames))

    def end(self, tag: str) -> None:
        self.out.endElementNS((NAMESPACE, tag), tag)

    def leaf(self, tag: str, text: str | None = None, **attrs: object) -> None:
        self.start(tag, **attrs)
        if text:
            self.out.characters(text)
        self.end(tag)


def export_qdpx(
    store: Store,
    vocabulary: Vocabulary,
    *,
    versions: dict[str, int] | None = None,
    language: str = "en",
) -> bytes:
    """The active (or the given) versions of respondents and interview codes as a .qdpx."""
    active = store.active_versions()
    chosen = {
        name: (versions or {}).get(name) or (active[name].version if name in active else None)
        for name in ("respondents", "interview_codes")
    }
    people = (
        export_frame(store, "respondents", chosen["respondents"])
        if chosen["respondents"]
        else pd.DataFrame(columns=["respondent_id"])
    )
    codes = (
        export_frame(store, "interview_codes", chosen["interview_codes"])
        if chosen["interview_codes"]
        else pd.DataFrame(columns=["respondent_id", "theme", "code", "excerpt"])
    )
    texts: dict[str, str] = {}
    xml = io.BytesIO()
    out = _Writer(xml)
    out.out.startDocument()
    out.out.startPrefixMapping(None, NAMESPACE)
    user = guid("user", ORIGIN)
    out.start("Project", name=PROJECT_NAME, origin=ORIGIN, creatingUserGUID=user)
    out.start("Users")
    out.leaf("User", guid=user, name=ORIGIN)
    out.end("Users")
    code_guids = _codebook(out, vocabulary, codes, language)
    variables = [c for c in people.columns if c != "respondent_id"]
    if variables:
        out.start("Variables")
        for name in variables:
            out.leaf("Variable", guid=guid("variable", name), name=name, typeOfVariable="Text")
        out.end("Variables")
    ids = [str(r) for r in people["respondent_id"]]
    ids += sorted(set(map(str, codes["respondent_id"].dropna())) - set(ids))
    if ids:
        out.start("Cases")
        rows = {str(r["respondent_id"]): r for r in people.to_dict("records")}
        for rid in ids:
            out.start("Case", guid=guid("case", rid), name=rid)
            for name in variables:
                value = _text(rows.get(rid, {}).get(name))
                if value:
                    out.start("VariableValue")
                    out.leaf("VariableRef", targetGUID=guid("variable", name))
                    out.leaf("TextValue", value)
                    out.end("VariableValue")
            if (codes["respondent_id"] == rid).any():
                out.leaf("SourceRef", targetGUID=guid("source", rid))
            out.end("Case")
        out.end("Cases")
    if len(codes):
        out.start("Sources")
        for rid, excerpts in codes.groupby("respondent_id", sort=False):
            source = guid("source", rid)
            out.start(
                "TextSource", guid=source, name=f"{rid}", plainTextPath=f"internal://{source}.txt"
            )
            parts, position = [], 0
            for number, row in enumerate(excerpts.to_dict("records")):
                text = _text(row.get("excerpt"))
                start, end = position, position + len(text)
                parts.append(text)
                position = end + len(SEPARATOR)
                out.start(
                    "PlainTextSelection",
                    guid=guid("selection", rid, number, row.get("excerpt_id")),
                    startPosition=start,
                    endPosition=end,
                )
                memo = "\n".join(
                    f"{key}: {_text(row.get(key))}"
                    for key in ("period", "language", "intensity")
                    if _text(row.get(key))
                )
                if memo:
                    out.leaf("Description", memo)
                out.start("Coding", guid=guid("coding", rid, number, row.get("excerpt_id")))
                out.leaf("CodeRef", targetGUID=code_guids[(row["theme"], row["code"])])
                out.end("Coding")
                out.end("PlainTextSelection")
            out.end("TextSource")
            texts[source] = SEPARATOR.join(parts)
        out.end("Sources")
    out.end("Project")
    out.out.endPrefixMapping(None)
    out.out.endDocument()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", xml.getvalue())
        for source, text in texts.items():
            zf.writestr(f"sources/{source}.txt", text.encode("utf-8"))
    return archive.getvalue()


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def _codebook(out: _Writer, vocabulary: Vocabulary, codes: pd.DataFrame, language: str):
    """Themes holding their codes; returns (theme, code) → guid for every code the data uses."""
    labels = vocabulary.labels("code", language)
    theme_labels = vocabulary.labels("theme", language)
    used = (
        codes[["theme", "code"]].dropna().drop_duplicates().itertuples(index=False, name=None)
        if len(codes)
        else []
    )
    by_theme: dict[str, list[str]] = {
        t: vocabulary.codes("code", t) for t in vocabulary.codes("theme")
    }
    for theme, code in used:
        by_theme.setdefault(theme, [])
        if code not in by_theme[theme]:
            by_theme[theme].append(code)
    guids = {}
    out.start("CodeBook")
    out.start("Codes")
    for theme, members in by_theme.items():
        out.start(
            "Code",
            guid=guid("theme", theme),
            name=theme_labels.get(theme, theme),
            isCodable="false",
        )
        for code in members:
            guids[(theme, code)] = guid("code", theme, code)
            out.leaf(
                "Code", guid=guids[(theme, code)], name=labels.get(code, code), isCodable="true"
            )
        out.end("Code")
    out.end("Codes")
    out.end("CodeBook")
    return guids
