"""What the table-shaped exports (Taguette, QualCoder, MAXQDA) share: finding a column by its
name as the tool writes it, columns a tool repeats, header rows repeated inside the body, and the
reading problems of `atlas.ingest` carried over."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from atlas.contract import Problem
from atlas.ingest import Table
from atlas.qda.messages import Ref
from atlas.qda.model import QdaError, QdaProblem, few, qda_problem
from atlas.text import fold


def find_column(headers: list[str], *names: str) -> str | None:
    """The first header that is one of `names`, ignoring case, spaces and punctuation."""
    wanted = [fold(n) for n in names]
    by_key = {}
    for header in headers:
        by_key.setdefault(fold(header), header)
    return next((by_key[key] for key in wanted if key in by_key), None)


def require(headers: list[str], names: tuple[str, ...], format_id: str) -> None:
    """Refuse a table read as `format_id` (perhaps by the user's choice) without its columns."""
    missing = [name for name in names if find_column(headers, name) is None]
    if missing:
        raise QdaError(
            "qda.missing_columns",
            label=Ref(f"qda.format.{format_id}"),
            columns=", ".join(f"'{m}'" for m in missing),
            found=", ".join(f"'{h}'" for h in headers[:12]) or "—",
        )


def repeated_columns(headers: list[str], name: str) -> list[str]:
    """A column the tool repeats ("Category", "Category", …), in file order. The reader renames
    the repeats "Category (8)", "Category (9)" (see `atlas.ingest._clean_header`)."""
    pattern = re.compile(rf"{re.escape(name)}( \(\d+\))?", re.IGNORECASE)
    return [h for h in headers if pattern.fullmatch(h)]


def carried_problems(table: Table, repeated: tuple[str, ...] = ()) -> list[QdaProblem]:
    """The reading problems of the table, less the duplicate-header errors of columns the format
    repeats by design."""
    allowed = {fold(name) for name in repeated}
    kept = []
    for problem in table.problems:
        if problem.kind == "duplicate-label" and fold(problem.value) in allowed:
            continue
        kept.append(_carried(problem))
    return kept


def _carried(problem: Problem) -> QdaProblem:
    params = dict(problem.params)
    params.setdefault("value", problem.value)
    params.setdefault("header", problem.header or problem.column or "")
    params.setdefault("line", problem.line if problem.line is not None else "")
    return QdaProblem(
        problem.severity, f"problem.{problem.message_id}", tuple(params.items()), problem.line
    )


def drop_repeated_headers(table: Table) -> tuple[pd.DataFrame, np.ndarray, list[QdaProblem]]:
    """Rows that repeat the header (two exports pasted into one sheet, a header written once per
    page) are dropped and reported: a row is a header when most of its non-blank cells equal their
    column's name."""
    frame, lines = table.frame, table.lines
    if frame.empty:
        return frame, lines, []
    same = np.zeros(len(frame), dtype=int)
    filled = np.zeros(len(frame), dtype=int)
    for header in frame.columns:
        values = frame[header].fillna("").astype(str)
        base = re.sub(r" \(\d+\)$", "", header)
        folded = values.map(fold)
        same += (folded == fold(base)).to_numpy()
        filled += (values.str.strip() != "").to_numpy()
    repeated = (same >= 2) & (same * 2 > filled)
    if not repeated.any():
        return frame, lines, []
    dropped = lines[repeated]
    warning = qda_problem(
        "warning", "qda.repeated_header_rows", count=int(repeated.sum()), where=few(dropped)
    )
    keep = ~repeated
    return frame[keep].reset_index(drop=True), lines[keep], [warning]


def cell(row: dict, column: str | None) -> str:
    if column is None:
        return ""
    value = row.get(column)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)
