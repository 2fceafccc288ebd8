"""One upload, from bytes to a published version: read, map, check, compare, publish.

The web page and the command line both go through here, so a file is judged the same way in both.
Publishing happens only when the check found no errors, as one transaction: a rejected or failed
upload leaves the active version exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from atlas.contract import DATASETS, HasProblems, Prepared, Problem, prepare
from atlas.gazetteer import Gazetteer
from atlas.ingest import Table, read_table
from atlas.mapping import apply_mapping, guess_mapping, shape_signature
from atlas.store import Store, StoreError, VersionInfo
from atlas.vocabulary import Vocabulary


class UploadRejected(StoreError):
    """The upload was not published; the message says why, in the user's terms."""


def safe_filename(name: str) -> str:
    """The file's own name for the record: no directories, no control characters, never a path."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return base[:120] or "upload"


@dataclass
class Checked(HasProblems):
    dataset: str
    filename: str
    sha256: str
    table: Table
    mapping: dict[str, str]
    prepared: Prepared
    duplicate_of: list[int] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [*self.table.problems, *self.prepared.problems]

    def problem_table(self) -> pd.DataFrame:
        return problem_frame(self.problems)


def problem_frame(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "line": p.line,
                "column": p.column or "",
                "value": p.value,
                "severity": p.severity,
                "problem": p.kind,
                "message": p.message,
            }
            for p in problems
        ],
        columns=["line", "column", "value", "severity", "problem", "message"],
    )


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
) -> Checked:
    """Everything that can be known about an upload before publishing it. Raises ReadError when
    the file is no table at all."""
    if dataset not in DATASETS:
        raise UploadRejected(f"unknown dataset '{dataset}'; choose one of {', '.join(DATASETS)}")
    table = read_table(data, filename, encoding=encoding, delimiter=delimiter)
    headers = list(table.frame.columns)
    if mapping is None:
        remembered = store.remembered_mapping(shape_signature(headers, dataset))
        mapping = json.loads(remembered) if remembered else guess_mapping(headers, dataset)
    mapped = apply_mapping(table.frame, mapping, dataset, vocabulary)
    active = store.active_versions()
    known = None
    if dataset == "interview_codes":
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
    )
    sha256 = hashlib.sha256(data).hexdigest()
    spec = DATASETS[dataset]
    if spec.generate_key and spec.key in prepared.frame:
        # Ids the file does not give are made from the file and line, so appends never collide.
        given = mapped[spec.key] if spec.key in mapped else pd.Series([""] * len(mapped))
        prepared.frame[spec.key] = [
            key if str(raw or "").strip() else f"{spec.key_prefix}{sha256[:8]}-{line}"
            for key, raw, line in zip(prepared.frame[spec.key], given, table.lines, strict=True)
        ]
    if mode == "append" and dataset in active:
        existing = set(store.frame(dataset, active[dataset].version, [spec.key])[spec.key])
        for line, key in zip(table.lines, prepared.frame[spec.key], strict=True):
            if key in existing:
                prepared.problems.append(
                    Problem(
                        line,
                        spec.key,
                        key,
                        "error",
                        "unique-error",
                        f"'{key}' is already in the published {dataset}; appending would repeat it",
                    )
                )
    return Checked(
        dataset=dataset,
        filename=safe_filename(filename),
        sha256=sha256,
        table=table,
        mapping=mapping,
        prepared=prepared,
        duplicate_of=store.versions_with_hash(dataset, sha256),
    )


@dataclass(frozen=True)
class Diff:
    added: int
    removed: int
    changed: int
    unchanged: int
    new_places: list[str]
    new_codes: list[str]


def compare(store: Store, checked: Checked, *, mode: str = "replace") -> Diff:
    """What publishing would change against the active version."""
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
    old_rows = (
        {k: _row(r, compared) for k, r in zip(old[spec.key], old.to_dict("records"), strict=True)}
        if len(old)
        else {}
    )
    new_rows = {
        k: _row(r, compared) for k, r in zip(new[spec.key], new.to_dict("records"), strict=True)
    }
    added = [k for k in new_rows if k not in old_rows]
    kept = [k for k in new_rows if k in old_rows]
    changed = [k for k in kept if new_rows[k] != old_rows[k]]
    removed = 0 if mode == "append" else len([k for k in old_rows if k not in new_rows])
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
    return Diff(len(added), removed, len(changed), len(kept) - len(changed), new_places, new_codes)


def _row(record: dict, columns: list[str]) -> tuple:
    return tuple(
        None
        if _blank(record.get(c))
        else str(pd.Timestamp(record[c]).date())
        if c.endswith("date")
        else str(record[c])
        for c in columns
    )


def _blank(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value))) or value == ""


def publish(
    store: Store,
    checked: Checked,
    *,
    author: str,
    note: str = "",
    mode: str = "replace",
    insist: bool = False,
) -> VersionInfo:
    """Publish a checked upload as the next version, in one transaction."""
    if checked.errors:
        raise UploadRejected(f"the file has {len(checked.errors)} errors; nothing was published")
    if checked.duplicate_of and not insist:
        versions = ", ".join(str(v) for v in checked.duplicate_of)
        raise UploadRejected(
            f"this exact file was already published as version {versions}; nothing was published"
        )
    store.remember_mapping(
        shape_signature(list(checked.table.frame.columns), checked.dataset),
        checked.dataset,
        json.dumps(checked.mapping, ensure_ascii=False),
    )
    active = store.active_versions().get(checked.dataset)
    # Appending copies the active rows: added to an illustrative sample, the result is one still.
    is_sample = bool(mode == "append" and active and active.is_sample)
    version = store.publish(
        checked.dataset,
        checked.prepared.frame,
        author=author,
        filename=checked.filename,
        note=note,
        is_sample=is_sample,
        mode=mode,
        sha256=checked.sha256,
    )
    assert version is not None
    return version
