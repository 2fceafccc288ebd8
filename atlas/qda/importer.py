"""A QDA project and its mapping → rows of the contract, checked like any upload, published in one
transaction (cases as respondents together with the codings as interview codes)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from atlas import uploads
from atlas.contract import DATASETS, HasProblems, normalise_code
from atlas.gazetteer import Gazetteer
from atlas.i18n import translate
from atlas.ingest import Table
from atlas.qda import saved
from atlas.qda.mapping import QdaMapping
from atlas.qda.model import QdaError, QdaProblem, QdaProject, qda_problem
from atlas.store import Store, VersionInfo
from atlas.vocabulary import Vocabulary

_TEXT = pd.StringDtype("pyarrow", np.nan)
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
# What this app's own .qdpx export writes in a selection's description (see atlas.qda.export).
_MEMO_FIELD = re.compile(r"^(period|language|intensity)\s*:\s*(\S+)$")


def guess_language(text: str) -> str:
    """'kk' when the text has Kazakh letters, 'ru' when it is mostly Cyrillic, 'en' when Latin."""
    if _KAZAKH_LETTERS.search(text):
        return "kk"
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyrillic > latin:
        return "ru"
    return "en" if latin else ""


def memo_fields(memo: str) -> dict[str, str]:
    lines = [line.strip() for line in memo.splitlines() if line.strip()]
    found = [_MEMO_FIELD.match(line) for line in lines]
    return {m[1]: m[2] for m in found} if lines and all(found) else {}


@dataclass
class QdaCheck(HasProblems):
    """Everything known about a QDA import before publishing it."""

    project: QdaProject
    mapping: QdaMapping
    qda_problems: list[QdaProblem]
    checks: list[uploads.Checked]
    mode: str = "replace"
    new_codes: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def problems(self) -> list:  # QdaProblem and contract Problem alike: both have severity
        return [*self.qda_problems, *(p for c in self.checks for p in c.problems)]

    @property
    def error_count(self) -> int:
        return sum(getattr(p, "rows", 1) for p in self.errors)

    @property
    def warning_count(self) -> int:
        return sum(getattr(p, "rows", 1) for p in self.warnings)

    def counts(self) -> dict[str, int]:
        return {c.dataset: len(c.prepared.frame) for c in self.checks}

    def problem_table(self, language: str = "en") -> pd.DataFrame:
        """Every problem as a row: where (line, or the coding of a .qdpx), severity, message."""
        rows = [
            {
                "dataset": "",
                "line": p.line,
                "severity": p.severity,
                "problem": p.message_id,
                "message": p.render(language),
            }
            for p in self.qda_problems
        ]
        for checked in self.checks:
            table = checked.problem_table(language)
            for row in table.to_dict("records"):
                rows.append(
                    {
                        "dataset": checked.dataset,
                        "line": row["line"],
                        "severity": row["severity"],
                        "problem": row["problem"],
                        "message": row["message"],
                    }
                )
        return pd.DataFrame(
            rows, columns=["dataset", "line", "severity", "problem", "message"]
        ).astype({"line": "Int64"})


def check_project(
    project: QdaProject,
    mapping: QdaMapping,
    *,
    store: Store,
    gazetteer: Gazetteer,
    vocabulary: Vocabulary,
    mode: str = "replace",
    allow_new_codes: bool = True,
    progress: uploads.Progress | None = None,
) -> QdaCheck:
    """Check a read project under `mapping` (nothing is written). `vocabulary` is the file's; the
    codes editors added before are included here. Raises QdaError when there is nothing to import."""
    if project.segments.empty:
        raise QdaError(
            "qda.codebook_only" if project.format_id == "refi_qdc" else "qda.no_segments"
        )
    vocabulary = saved.extended_vocabulary(store, vocabulary)
    problems: list[QdaProblem] = [*project.problems, *mapping.notes]
    respondent_of = _respondents_of_documents(project, mapping, problems)
    code_of, new_codes = _codes_of_paths(project, mapping, vocabulary, allow_new_codes, problems)
    vocabulary = saved.with_codes(vocabulary, new_codes)
    frame, lines = _interview_rows(project, mapping, respondent_of, code_of, problems)
    sha = hashlib.sha256((project.sha256 + mapping.decisions()).encode()).hexdigest()
    common = {
        "store": store,
        "gazetteer": gazetteer,
        "vocabulary": vocabulary,
        "mode": mode,
        "progress": progress,
    }
    checks = []
    known = None
    if mapping.cases_as_respondents and project.cases:
        people, people_lines = _respondent_rows(project, mapping, problems)
        respondents = uploads.check_table(
            _table(people, people_lines),
            project.filename,
            "respondents",
            sha256=sha,
            mapping=_identity(people),
            replaces_codes=True,
            **common,
        )
        checks.append(respondents)
        known = set(respondents.prepared.frame["respondent_id"].dropna())
        if mode == "append":
            active = store.active_versions().get("respondents")
            if active:
                known |= set(
                    store.frame("respondents", active.version, ["respondent_id"])["respondent_id"]
                )
    if len(frame):
        checks.append(
            uploads.check_table(
                _table(frame, lines),
                project.filename,
                "interview_codes",
                sha256=sha,
                mapping=_identity(frame),
                known_respondents=known,
                **common,
            )
        )
    return QdaCheck(project, mapping, problems, checks, mode, new_codes)


def publish(
    store: Store,
    result: QdaCheck,
    *,
    author: str,
    note: str = "",
    insist: bool = False,
) -> list[VersionInfo]:
    """Publish a checked QDA import: every dataset in one transaction, or none; then remember the
    mapping for the project and add the editor's new codes to the vocabulary."""
    if result.errors:
        raise uploads.UploadRejected(translate("publish.has_errors", count=result.error_count))
    if not result.checks:
        raise QdaError("qda.no_segments")
    versions = uploads.publish_set(
        store, result.checks, author=author, note=note, mode=result.mode, insist=insist
    )
    saved.add_codes(store, result.new_codes, author)
    saved.remember_mapping(store, result.mapping, author)
    return versions


# --- building the rows ---


def _table(frame: pd.DataFrame, lines: list[int]) -> Table:
    return Table(frame, np.asarray(lines, dtype=np.int64), "", "", True, [])


def _identity(frame: pd.DataFrame) -> dict[str, str]:
    return {name: name for name in frame.columns}


def _text_frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.array([row.get(c, "") or "" for row in rows], dtype=_TEXT) for c in columns}
    )


def _respondents_of_documents(
    project: QdaProject, mapping: QdaMapping, problems: list[QdaProblem]
) -> dict[str, str | None]:
    """document → respondent id (None: skipped); an unmatched unit is an error."""
    counts = project.document_counts()
    case_documents = {case.name: case.documents for case in project.cases}
    found: dict[str, str | None] = {}
    for unit in mapping.units:
        documents = case_documents.get(unit.name, []) if unit.kind == "case" else [unit.name]
        segments = sum(counts.get(d, 0) for d in documents)
        if unit.action == "skip":
            if segments:
                problems.append(
                    qda_problem(
                        "warning", "qda.document_skipped", document=unit.name, count=segments
                    )
                )
            target = None
        elif unit.action == "map" and unit.respondent_id:
            target = unit.respondent_id
        else:
            if segments:
                problems.append(
                    qda_problem(
                        "error", "qda.document_unmatched", document=unit.name, count=segments
                    )
                )
            target = None
        for document in documents:
            found.setdefault(document, target)
    for document, count in counts.items():
        if document not in found and count:
            problems.append(
                qda_problem("error", "qda.document_unmatched", document=document, count=count)
            )
            found[document] = None
    return found


def _codes_of_paths(
    project: QdaProject,
    mapping: QdaMapping,
    vocabulary: Vocabulary,
    allow_new_codes: bool,
    problems: list[QdaProblem],
) -> tuple[dict[tuple[str, ...], tuple[str, str] | None], pd.DataFrame]:
    """code path → (theme, code) (None: skipped), and the vocabulary rows of new codes."""
    counts = project.code_counts()
    themes = set(vocabulary.codes("theme"))
    found: dict[tuple[str, ...], tuple[str, str] | None] = {}
    new_rows = []
    for choice in mapping.codes:
        path, count = choice.path, counts.get(choice.path, 0)
        shown = choice.shown_path
        target = None
        if choice.action == "skip":
            if count:
                problems.append(qda_problem("warning", "qda.code_skipped", path=shown, count=count))
        elif choice.action == "unmatched" or not choice.theme:
            if count:
                problems.append(qda_problem("error", "qda.code_unmatched", path=shown, count=count))
        elif choice.theme not in themes:
            problems.append(
                qda_problem("error", "qda.theme_not_in_vocabulary", path=shown, theme=choice.theme)
            )
        elif choice.action == "map":
            if choice.code not in vocabulary.codes("code", choice.theme):
                problems.append(
                    qda_problem(
                        "error",
                        "qda.code_not_in_vocabulary",
                        path=shown,
                        theme=choice.theme,
                        code=choice.code or "—",
                    )
                )
            else:
                target = (choice.theme, choice.code)
        elif choice.action == "keep":
            target = (choice.theme, normalise_code(choice.code or path[-1]))
        elif choice.action == "new":
            code = normalise_code(choice.code or path[-1])
            if vocabulary.canonical("code", code):
                problems.append(qda_problem("error", "qda.new_code_exists", path=shown, code=code))
            elif not allow_new_codes:
                problems.append(
                    qda_problem("error", "qda.new_code_needs_editor", path=shown, code=code)
                )
            else:
                target = (choice.theme, code)
                row = saved.code_row(choice, code)
                new_rows.append(row)
                labels = f"{row['label_en']} / {row['label_ru']} / {row['label_kk']}"
                problems.append(
                    qda_problem(
                        "info", "qda.new_code_added", code=code, theme=choice.theme, labels=labels
                    )
                )
        found[path] = target
    for path, count in counts.items():
        if path not in found and count:
            problems.append(
                qda_problem("error", "qda.code_unmatched", path=" \\ ".join(path), count=count)
            )
    new_codes = pd.DataFrame(new_rows, columns=saved.CODE_COLUMNS)
    return found, new_codes.drop_duplicates("code")


def _interview_rows(project, mapping, respondent_of, code_of, problems):
    options = mapping.options
    weights = (
        {w for w in project.segments["weight"] if w and w not in ("0", "0.0")}
        if options.weight_as_intensity
        else set()
    )
    use_weight = bool(weights) and weights <= {"1", "2", "3"}
    if weights and not use_weight:
        problems.append(
            qda_problem(
                "warning", "qda.weight_not_intensity", values=", ".join(sorted(weights)[:5])
            )
        )
    rows, lines = [], []
    for segment in project.segments.itertuples(index=False):
        respondent = respondent_of.get(segment.document)
        target = code_of.get(segment.code_path)
        if respondent is None or target is None:
            continue
        from_memo = memo_fields(segment.memo)
        language = options.language
        if language == "auto":
            language = guess_language(segment.excerpt)
        weight = segment.weight if use_weight and segment.weight in ("1", "2", "3") else ""
        rows.append(
            {
                "respondent_id": respondent,
                "theme": target[0],
                "code": target[1],
                "period": from_memo.get("period", options.period),
                "excerpt": segment.excerpt,
                "language": from_memo.get("language", language),
                "intensity": from_memo.get("intensity", weight),
            }
        )
        lines.append(int(segment.line))
    columns = [c for c in DATASETS["interview_codes"].column_names if c != "excerpt_id"]
    return _text_frame(rows, columns), lines


def _respondent_rows(project, mapping, problems):
    units = {u.name: u for u in mapping.units if u.kind == "case"}
    columns = {v: f for v, f in mapping.respondent_columns.items() if f and f != "respondent_id"}
    rows, lines, owners = [], [], {}
    for number, case in enumerate(project.cases, start=1):
        unit = units.get(case.name)
        if unit is None or unit.action != "map" or not unit.respondent_id:
            continue
        row = {"respondent_id": unit.respondent_id}
        for variable, field_name in columns.items():
            if case.attributes.get(variable) and not row.get(field_name):
                row[field_name] = case.attributes[variable]
        rows.append(row)
        lines.append(number)
        owners.setdefault(unit.respondent_id, []).append(case.name)
    for rid, names in owners.items():
        if len(names) > 1:
            problems.append(
                qda_problem("error", "qda.duplicate_respondent", id=rid, cases=", ".join(names))
            )
    return _text_frame(rows, DATASETS["respondents"].column_names), lines
