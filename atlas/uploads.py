"""One upload, from bytes to a published version: read, map, check, compare, publish.

The web page and the command line both go through here, so a file is judged the same way in both.
Publishing happens only when the check found no errors, as one transaction: a rejected or failed
upload leaves the active versions exactly as they were. Related files (respondents with their
interview codes) are checked against each other and published together.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from atlas.contract import (
    DATASETS,
    HasProblems,
    Prepared,
    Problem,
    generated_keys,
    prepare,
    problem,
    render,
)
from atlas.export import FORMULA_STARTS
from atlas.gazetteer import Gazetteer
from atlas.i18n import translate
from atlas.ingest import MAX_BYTES, Table, read_table
from atlas.mapping import apply_mapping, guess_mapping, shape_signature
from atlas.store import (
    DiskFull,
    DuplicateFile,
    NoRows,
    PublishItem,
    Store,
    StoreError,
    VersionInfo,
)
from atlas.vocabulary import Vocabulary

Progress = Callable[[str, int, int], None]


class UploadRejected(StoreError):
    """The upload was not published; the message says why, in the user's terms."""


def safe_filename(name: str) -> str:
    """The file's own name for the record: no directories, no control characters, never a path."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return base[:120] or "upload"


@dataclass(frozen=True)
class Orphans:
    """Active interview codes whose respondent a respondents replace would remove."""

    excerpts: int
    respondents: list[str]

    def message(self, language: str = "en", *, refused: bool = False) -> str:
        shown = ", ".join(self.respondents[:10]) + (" …" if len(self.respondents) > 10 else "")
        return translate(
            "publish.orphans" if refused else "problem.orphaned_excerpts",
            language,
            count=self.excerpts,
            respondents=len(self.respondents),
            ids=shown,
        )


@dataclass
class Checked(HasProblems):
    dataset: str
    filename: str
    sha256: str
    table: Table
    mapping: dict[str, str]
    prepared: Prepared
    duplicate_of: list[int] = field(default_factory=list)
    orphans: Orphans | None = None

    @property
    def problems(self) -> list[Problem]:
        return [*self.table.problems, *self.prepared.problems]

    def problem_table(self, language: str = "en") -> pd.DataFrame:
        return problem_frame(self.problems, language)


def problem_frame(problems: list[Problem], language: str = "en") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "line": p.line,
                "column": p.header or p.column or "",
                "value": p.value,
                "severity": p.severity,
                "problem": p.kind,
                "message": render(p, language),
            }
            for p in problems
        ],
        columns=["line", "column", "value", "severity", "problem", "message"],
    ).astype({"line": "Int64"})  # a file-level problem has no line: shown blank, not "None"


def check(
    data: bytes,
    filename: str,
    dataset: str,
    *,
    store: Store,
    gazetteer: Gazetteer,
    vocabulary: Vocabulary,
    encoding: str | None = None,
    delimiter: str | None = None,
    mapping: dict[str, str] | None = None,
    mode: str = "replace",
    max_bytes: int | None = MAX_BYTES,
    known_respondents: set[str] | None = None,
    replaces_codes: bool = False,
    progress: Progress | None = None,
) -> Checked:
    """Everything that can be known about an upload before publishing it. Raises ReadError when
    the file is no table at all.

    `known_respondents` overrides the active respondents (when respondents are published in the
    same transaction); `replaces_codes` says interview codes come with a respondents replace, so
    the active codes cannot be orphaned by it.
    """
    if dataset not in DATASETS:
        raise UploadRejected(f"unknown dataset '{dataset}'; choose one of {', '.join(DATASETS)}")
    report = progress or (lambda stage, done, total: None)
    report("read", 0, len(data))
    table = read_table(
        data,
        filename,
        encoding=encoding,
        delimiter=delimiter,
        max_bytes=max_bytes,
        max_rows=None if max_bytes is None else 1_000_000,
    )
    report("read", len(data), len(data))
    return check_table(
        table,
        filename,
        dataset,
        sha256=hashlib.sha256(data).hexdigest(),
        store=store,
        gazetteer=gazetteer,
        vocabulary=vocabulary,
        mapping=mapping,
        mode=mode,
        known_respondents=known_respondents,
        replaces_codes=replaces_codes,
        progress=progress,
    )


def check_table(
    table: Table,
    filename: str,
    dataset: str,
    *,
    sha256: str,
    store: Store,
    gazetteer: Gazetteer,
    vocabulary: Vocabulary,
    mapping: dict[str, str] | None = None,
    mode: str = "replace",
    known_respondents: set[str] | None = None,
    replaces_codes: bool = False,
    progress: Progress | None = None,
) -> Checked:
    """`check` of a table already read — by `read_table`, or built by another reader (the QDA
    importers of `atlas.qda`, whose rows are the contract's columns). `sha256` identifies the
    upload for duplicate detection."""
    report = progress or (lambda stage, done, total: None)
    headers = list(table.frame.columns)
    if mapping is None:
        remembered = store.remembered_mapping(shape_signature(headers, dataset))
        mapping = json.loads(remembered) if remembered else guess_mapping(headers, dataset)
    mapped = _unguard(apply_mapping(table.frame, mapping, dataset, vocabulary))
    unmapped = table.frame[[h for h in headers if not mapping.get(h)]]
    active = store.active_versions()
    known = known_respondents
    if dataset == "interview_codes" and known is None:
        respondents = active.get("respondents")
        known = (
            set(store.frame("respondents", respondents.version, ["respondent_id"])["respondent_id"])
            if respondents
            else set()
        )
    prepared = prepare(
        dataset,
        mapped,
        gazetteer=gazetteer,
        vocabulary=vocabulary,
        known_respondents=known,
        lines=table.lines,
        headers={field_name: header for header, field_name in mapping.items() if field_name},
        unmapped=unmapped,
        progress=report,
    )
    spec = DATASETS[dataset]
    frame = prepared.frame
    if spec.generate_key and spec.key in frame and len(frame):
        # Ids the file does not give are made from the file and line, so appends never collide.
        given = mapped[spec.key].fillna("").str.strip() if spec.key in mapped else None
        made = pd.Series(
            pd.array(generated_keys(f"{spec.key_prefix}{sha256[:8]}-", table.lines), dtype="str")
        )
        blank = np.ones(len(frame), bool) if given is None else (given == "").to_numpy()
        frame[spec.key] = frame[spec.key].where(~blank, made)
    if mode == "append" and dataset in active and len(frame):
        existing = store.frame(dataset, active[dataset].version, [spec.key])[spec.key]
        repeated = np.flatnonzero(frame[spec.key].isin(existing).to_numpy())
        for row in repeated[:1000]:
            prepared.problems.append(
                problem(
                    "error",
                    "unique-error",
                    "repeated_on_append",
                    line=int(table.lines[row]),
                    column=spec.key,
                    value=str(frame[spec.key].iloc[row]),
                    dataset=dataset,
                )
            )
    orphans = None
    if dataset == "respondents" and mode == "replace" and not replaces_codes and len(frame):
        orphans = find_orphans(store, active, set(frame["respondent_id"].dropna()))
    return Checked(
        dataset=dataset,
        filename=safe_filename(filename),
        sha256=sha256,
        table=table,
        mapping=mapping,
        prepared=prepared,
        duplicate_of=store.versions_with_hash(dataset, sha256),
        orphans=orphans,
    )


def _unguard(frame: pd.DataFrame) -> pd.DataFrame:
    """Remove the apostrophe our own export puts before a cell a spreadsheet would run as a
    formula, so an exported version re-imports unchanged."""
    starts = "".join(re.escape(c) for c in FORMULA_STARTS)
    for name in frame.columns:
        values = frame[name]
        guarded = values.str.match(f"'[{starts}]").fillna(False).to_numpy()
        if guarded.any():
            frame[name] = values.where(~guarded, values.str.slice(1))
    return frame


def find_orphans(store: Store, active: dict, respondent_ids: set[str]) -> Orphans | None:
    """The active excerpts whose respondent is not among `respondent_ids`."""
    codes = active.get("interview_codes")
    if codes is None:
        return None
    ids = store.frame("interview_codes", codes.version, ["respondent_id"])["respondent_id"]
    lost = ids[~ids.isin(list(respondent_ids))]
    if lost.empty:
        return None
    return Orphans(len(lost), sorted(set(lost.dropna())))


def check_set(
    files: dict[str, tuple[bytes, str]],
    *,
    store: Store,
    gazetteer: Gazetteer,
    vocabulary: Vocabulary,
    max_bytes: int | None = MAX_BYTES,
    mappings: dict[str, dict[str, str]] | None = None,
    progress: Progress | None = None,
) -> list[Checked]:
    """Check related files together (respondents first, so interview codes are checked against
    the new respondents), to publish them in one transaction."""
    order = [name for name in DATASETS if name in files]
    checked: list[Checked] = []
    new_respondents: set[str] | None = None
    for dataset in order:
        data, filename = files[dataset]
        result = check(
            data,
            filename,
            dataset,
            store=store,
            gazetteer=gazetteer,
            vocabulary=vocabulary,
            mapping=(mappings or {}).get(dataset),
            max_bytes=max_bytes,
            known_respondents=new_respondents if dataset == "interview_codes" else None,
            replaces_codes="interview_codes" in files,
            progress=progress,
        )
        if dataset == "respondents":
            new_respondents = set(result.prepared.frame["respondent_id"].dropna())
        checked.append(result)
    return checked


@dataclass(frozen=True)
class Diff:
    added: int
    removed: int
    changed: int
    unchanged: int
    new_places: list[str]
    new_codes: list[str]


def compare(store: Store, checked: Checked, *, mode: str = "replace") -> Diff:
    """What publishing would change against the active version (whole columns, hashed rows)."""
    spec = DATASETS[checked.dataset]
    new = checked.prepared.frame
    active = store.active_versions().get(checked.dataset)
    old = (
        store.frame(checked.dataset, active.version)
        if active
        else pd.DataFrame(columns=new.columns)
    )
    compared = [
        c for c in spec.column_names if c in new.columns and c in old.columns and c != spec.key
    ]
    new_hash = pd.Series(_row_hashes(new, compared), index=new[spec.key].astype(str).to_numpy())
    old_hash = pd.Series(_row_hashes(old, compared), index=old[spec.key].astype(str).to_numpy())
    old_hash = old_hash[~old_hash.index.duplicated()]
    new_hash = new_hash[~new_hash.index.duplicated()]
    kept = new_hash.index.isin(old_hash.index)
    same = new_hash[kept].to_numpy() == old_hash.reindex(new_hash.index[kept]).to_numpy()
    added = int((~kept).sum())
    removed = 0 if mode == "append" else int((~old_hash.index.isin(new_hash.index)).sum())
    new_places = (
        sorted(set(new["city"].dropna()) - set(old["city"].dropna())) if "city" in new else []
    )
    code_column = (
        "code"
        if checked.dataset == "interview_codes"
        else ("action_type" if "action_type" in new else None)
    )
    new_codes = (
        sorted(set(new[code_column].dropna()) - set(old[code_column].dropna()))
        if code_column
        else []
    )
    changed = int((~same).sum())
    return Diff(added, removed, changed, int(same.sum()), new_places, new_codes)


def _row_hashes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One hash per row of the compared columns, written the same way for both engines' types."""
    if frame.empty:
        return np.array([], dtype=np.uint64)
    canonical = pd.DataFrame(index=frame.index)
    for name in columns:
        values = frame[name]
        if pd.api.types.is_datetime64_any_dtype(values):
            text = values.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_numeric_dtype(values):
            text = values.astype("Int64").astype(str)
        else:
            text = values.astype(str)
        canonical[name] = text.where(values.notna() & (text != ""), "")
    return pd.util.hash_pandas_object(canonical, index=False).to_numpy()


def _raise_rejected(error: Exception) -> None:
    if isinstance(error, DuplicateFile | NoRows | DiskFull):
        raise UploadRejected(str(error)) from error
    raise error


def publish(
    store: Store,
    checked: Checked,
    *,
    author: str,
    note: str = "",
    mode: str = "replace",
    insist: bool = False,
    allow_orphans: bool = False,
) -> VersionInfo:
    """Publish a checked upload as the next version, in one transaction."""
    return publish_set(
        store,
        [checked],
        author=author,
        note=note,
        mode=mode,
        insist=insist,
        allow_orphans=allow_orphans,
    )[0]


def publish_set(
    store: Store,
    checks: list[Checked],
    *,
    author: str,
    note: str = "",
    mode: str = "replace",
    insist: bool = False,
    allow_orphans: bool = False,
) -> list[VersionInfo]:
    """Publish checked uploads together: every one becomes active in one transaction, or none."""
    for checked in checks:
        if checked.errors:
            raise UploadRejected(translate("publish.has_errors", count=checked.error_count))
        if checked.orphans and not allow_orphans:
            raise UploadRejected(checked.orphans.message(refused=True))
    items = [PublishItem(c.dataset, c.prepared.frame, c.filename, c.sha256, mode) for c in checks]
    try:
        versions = store.publish_many(items, author=author, note=note, refuse_duplicate=not insist)
    except (DuplicateFile, NoRows, DiskFull) as error:
        _raise_rejected(error)
    for checked in checks:
        store.remember_mapping(
            shape_signature(list(checked.table.frame.columns), checked.dataset),
            checked.dataset,
            json.dumps(checked.mapping, ensure_ascii=False),
        )
    return versions
