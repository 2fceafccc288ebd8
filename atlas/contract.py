"""The data contract: the datasets, their columns, and turning raw text rows into typed ones.

`prepare` takes a frame of strings (as read from a CSV, after column mapping) and returns the typed
frame the store keeps plus every problem found, each with its line and the user's own header.

It works on whole columns: text checks are vectorised, and values that need Python logic (dates,
codes, places) are parsed once per distinct value and spread back to the rows — a million rows
with a few thousand distinct dates cost a few thousand parses. Problems are data (a kind, a message
id, parameters), rendered through the catalogue in the viewer's language.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from atlas.gazetteer import Gazetteer
from atlas.i18n import translate
from atlas.text import fold, strip_invisible
from atlas.vocabulary import Vocabulary

ColumnType = Literal["text", "code", "codes", "date", "int", "url", "urls", "time"]
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = "text"
    required: bool = False
    vocabulary: str | None = None  # field name in the vocabulary
    unknown_code: Severity = "warning"
    # A date known only to the month or year ("2022-01", "01.2022", "2022") is taken as its first
    # day, and the row's `date_precision` says how much of it is known.
    partial: bool = False


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple[Column, ...]
    key: str  # unique id column; generated when blank if `generate_key`
    generate_key: bool = False
    key_prefix: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, type_: ColumnType = "text", **kw) -> Column:
    return Column(name, type_, **kw)


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "respondents",
            (
                _c("respondent_id", required=True),
                _c("city", required=True),
                _c("region"),
                _c("org_type", "code", vocabulary="org_type"),
                _c("focus_area", "codes", vocabulary="focus_area"),
                _c("gender", "code", vocabulary="gender"),
                _c("age_group", "code", vocabulary="age_group"),
                _c("interview_date", "date"),
                _c("interview_mode", "code", vocabulary="interview_mode"),
            ),
            key="respondent_id",
        ),
        Dataset(
            "interview_codes",
            (
                _c("excerpt_id"),
                _c("respondent_id", required=True),
                _c(
                    "theme",
                    "code",
                    required=True,
                    vocabulary="theme",
                    unknown_code="error",
                ),
                _c("code", "code", required=True, vocabulary="code"),
                _c("period", "code", vocabulary="period"),
                _c("excerpt"),
                _c("language", "code", vocabulary="language"),
                _c("intensity", "int"),
            ),
            key="excerpt_id",
            generate_key=True,
            key_prefix="X",
        ),
        Dataset(
            "diaspora_actions",
            (
                _c("action_id"),
                _c("date", "date", required=True, partial=True),
                _c("end_date", "date"),
                _c("country", required=True),
                _c("city"),
                _c("actor"),
                _c("actor_type", "code", vocabulary="actor_type"),
                _c(
                    "action_type",
                    "code",
                    required=True,
                    vocabulary="action_type",
                    unknown_code="error",
                ),
                _c("platform", "codes", vocabulary="platform"),
                _c("motivation", "codes", vocabulary="motivation"),
                _c("barriers", "codes", vocabulary="barriers"),
                _c("participants", "int"),
                _c("reach", "int"),
                _c("description"),
                _c("source_name"),
                _c("source_url", "url"),
                _c("confidence"),
                _c("date_precision", "code", vocabulary="date_precision", unknown_code="error"),
                _c("organiser_kind", "code", vocabulary="organiser_kind", unknown_code="error"),
                _c("other_source_urls", "urls"),
            ),
            key="action_id",
            generate_key=True,
            key_prefix="A",
        ),
        Dataset(
            "events",
            (
                _c("event_id"),
                _c("date", "date", required=True, partial=True),
                _c("end_date", "date"),
                _c("time", "time"),
                _c("city"),
                _c("region"),
                _c(
                    "event_type",
                    "code",
                    required=True,
                    vocabulary="event_type",
                    unknown_code="error",
                ),
                _c("title", required=True),
                _c("description"),
                _c("deaths", "int"),
                _c("detained", "int"),
                _c("figures_as_reported"),
                _c("source_name"),
                _c("source_url", "url"),
                _c("other_source_urls", "urls"),
                _c("date_precision", "code", vocabulary="date_precision", unknown_code="error"),
                _c("confidence"),
            ),
            key="event_id",
            generate_key=True,
            key_prefix="E",
        ),
        # Casualty and detention figures as reported over time: one row per figure per report,
        # never merged; a revision or a retraction is a row of its own.
        Dataset(
            "reported_figures",
            (
                _c("figure_id"),
                # Required unless date_precision says 'unknown' (checked across columns).
                _c("date_reported", "date", partial=True),
                _c("date_precision", "code", vocabulary="date_precision", unknown_code="error"),
                _c("kind", "code", required=True, vocabulary="figure_kind", unknown_code="error"),
                _c("value", "int", required=True),
                _c("qualifier", "code", vocabulary="qualifier", unknown_code="error"),
                _c("scope", "code", required=True, vocabulary="scope", unknown_code="error"),
                _c("place"),
                _c("reporting_body"),
                _c(
                    "status",
                    "code",
                    required=True,
                    vocabulary="figure_status",
                    unknown_code="error",
                ),
                _c("source_name"),
                _c("source_url", "url"),
                _c("other_source_urls", "urls"),
                _c("quote"),
                _c("note"),
                _c("confidence"),
            ),
            key="figure_id",
            generate_key=True,
            key_prefix="F",
        ),
        # The pages the facts cite: rows of the other datasets join by URL (source_url).
        Dataset(
            "sources",
            (
                _c("source_id", required=True),
                _c("outlet", required=True),
                _c("url", "url", required=True),
                _c("kind", "code", required=True, vocabulary="source_kind", unknown_code="error"),
                _c("language"),
                _c("accessed", "date"),
                _c("note"),
            ),
            key="source_id",
        ),
    )
}

# Datasets of sourced facts: each row cites a page of the `sources` dataset by its URL.
FACT_DATASETS = ("events", "diaspora_actions", "reported_figures")

# Columns the store adds to every dataset: a stable id where the contract has none, the line the row
# came from (for messages), and the resolved coordinates of its place.
DERIVED = {
    "respondents": ("latitude", "longitude"),
    "interview_codes": ("excerpt_id",),
    "diaspora_actions": ("latitude", "longitude"),
    "events": ("latitude", "longitude"),
    "reported_figures": (),
    "sources": (),
}


# --- problems: data, rendered through the catalogue ---

# Rows listed one by one per column and message; the rest are counted in one summary problem, so a
# wrong file of a million rows reports quickly and readably.
MAX_LISTED = 1000


@dataclass(frozen=True)
class Problem:
    """One problem found in an upload, frictionless-style.

    `kind` is the class (type-error, constraint-error, unique-error, foreign-key-error, unknown-code,
    unresolved-place, ambiguous-place, missing-label, ...); `message_id` names its message in the catalogue
    (`problem.<message_id>`), filled from `params`, `value` and `header`. `rows` is 1 for a listed
    row; a summary problem counts the further rows with the same problem.
    """

    line: int | None  # line in the user's file (header is line 1); None for file-level
    column: str | None  # the contract field
    value: str
    severity: Severity
    kind: str
    message_id: str
    params: tuple[tuple[str, object], ...] = ()
    header: str | None = None  # the user's own header for `column`
    rows: int = 1

    @property
    def message(self) -> str:
        return render(self)

    def param(self, name: str, default: object = None) -> object:
        return dict(self.params).get(name, default)


def _where(lines: tuple[int, ...], more: int, language: str) -> str:
    """Line numbers in `language`: 'line 4', 'lines 4, 9 and 7 more', 'строки 4, 9 и ещё 7'."""
    listed = ", ".join(str(n) for n in lines)
    where = translate("where.line" if len(lines) == 1 and not more else "where.lines", language)
    where = where.format(lines=listed)
    return translate("where.more", language, lines=where, count=more) if more else where


def render(problem: Problem, language: str = "en") -> str:
    """The problem as a sentence in `language`, naming the user's own header. Values that are
    words are rendered here too: line numbers (`where`), a date's precision (`shape`)."""
    values = dict(problem.params)
    if isinstance(values.get("where"), tuple):
        values["where"] = _where(values["where"], int(values.get("more") or 0), language)
    if values.get("shape") in ("day", "month", "year"):
        values["shape"] = translate(f"precision.{values['shape']}", language)
    values.setdefault("value", problem.value)
    values.setdefault("header", problem.header or problem.column or "")
    values.setdefault("line", problem.line if problem.line is not None else "")
    return translate(f"problem.{problem.message_id}", language, **values)


def problem(
    severity: Severity,
    kind: str,
    message_id: str,
    *,
    line: int | None = None,
    column: str | None = None,
    value: str = "",
    header: str | None = None,
    **params: object,
) -> Problem:
    return Problem(
        line, column, value, severity, kind, message_id, tuple(params.items()), header or column
    )


class HasProblems:
    """Errors block publishing; warnings do not."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def error_count(self) -> int:
        """Rows and file-level problems that are errors, counting summarised rows too."""
        return sum(p.rows for p in self.errors)

    @property
    def warning_count(self) -> int:
        return sum(p.rows for p in self.warnings)


@dataclass
class Prepared(HasProblems):
    dataset: str
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


class Invalid(ValueError):
    """A value that does not fit its column; carries the problem's kind, message id and params."""

    def __init__(self, kind: str, message_id: str, value: str, **params: object):
        self.kind, self.message_id, self.value, self.params = kind, message_id, value, params
        super().__init__(translate(f"problem.{message_id}", "en", value=value, header="", **params))


# --- value parsers: each returns the parsed value or raises Invalid ---

_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y", "%Y/%m/%d")


# Dates known only to the month or the year, as people write them; each to its first day.
_PARTIAL_DATES = (
    (re.compile(r"(\d{4})-(\d{1,2})"), "month", lambda m: (int(m[1]), int(m[2]))),
    (re.compile(r"(\d{4})/(\d{1,2})"), "month", lambda m: (int(m[1]), int(m[2]))),
    (re.compile(r"(\d{1,2})[./](\d{4})"), "month", lambda m: (int(m[2]), int(m[1]))),
    (re.compile(r"(\d{4})"), "year", lambda m: (int(m[1]), 1)),
)


def date_shape(text: str) -> str | None:
    """'month' or 'year' for a date written only to that precision, else None."""
    text = text.strip()
    for pattern, precision, _ in _PARTIAL_DATES:
        if pattern.fullmatch(text):
            return precision
    return None


def parse_date(text: str, *, partial: bool = False) -> dt.date:
    """Parse a date the way a Russian- or Kazakh-locale spreadsheet writes it (day first).

    With `partial`, a month or a year alone ('2022-01', '01.2022', '2022') is its first day."""
    text = text.strip()
    if partial:
        for pattern, _, year_month in _PARTIAL_DATES:
            match = pattern.fullmatch(text)
            if match:
                year, month = year_month(match)
                if 1 <= month <= 12 and 1900 <= year <= 2100:
                    return dt.date(year, month, 1)
                raise Invalid("type-error", "not_a_date", text)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    # ISO timestamps (QDA tools) keep their date part.
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", text):
        return parse_date(text[:10])
    raise Invalid("type-error", "not_a_date", text)


_INT = re.compile(r"[+-]?\d{1,15}")
_SPACES = "[\\s\u00a0\u202f\u200b-\u200f\u2060\ufeff\u00ad]"


def parse_int(text: str) -> int:
    """Parse a count; accepts thousands separated by spaces ('1 234')."""
    compact = re.sub(_SPACES, "", text)
    if not _INT.fullmatch(compact):
        raise Invalid("type-error", "not_a_number", text)
    return int(compact)


_URL = r"(?i)^https?://[^\s/]+"
_URL_RE2 = r"^https?://[^\s/]+"  # the same, for Arrow (case ignored by option)


def parse_url(text: str) -> str:
    text = text.strip()
    if not re.match(_URL, text):
        raise Invalid("type-error", "not_a_url", text)
    return text


def parse_time(text: str) -> str:
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise Invalid("type-error", "not_a_time", text)
    return f"{int(match[1]):02d}:{match[2]}"


def normalise_code(text: str) -> str:
    """An unknown code as it is kept: trimmed, lower case, spaces as underscores."""
    return re.sub(r"\s+", "_", strip_invisible(text).casefold())


def _code(column: Column, text: str, vocabulary: Vocabulary) -> str:
    if column.vocabulary:
        known = vocabulary.canonical(column.vocabulary, text)
        if known:
            return known
    return normalise_code(text)


# --- collecting problems row by row, with a cap ---


class _Sink:
    def __init__(self, lines: np.ndarray, headers: dict[str, str]):
        self.lines = lines
        self.headers = headers
        self.problems: list[Problem] = []

    def header(self, column: str | None) -> str | None:
        return self.headers.get(column, column) if column else None

    def add(self, severity, kind, message_id, *, column=None, value="", line=None, **params):
        self.problems.append(
            problem(
                severity,
                kind,
                message_id,
                line=line,
                column=column,
                value=value,
                header=self.header(column),
                **params,
            )
        )

    def rows(
        self,
        rows: np.ndarray,
        severity: Severity,
        kind: str,
        message_id: str,
        column: str,
        values: Iterable[str],
        params: Callable[[int, str], dict] | None = None,
    ) -> None:
        """One problem per row in `rows` (positions), the first MAX_LISTED listed."""
        rows = np.asarray(rows)
        if not len(rows):
            return
        for row, value in zip(rows[:MAX_LISTED], values, strict=False):
            value = value if isinstance(value, str) else ""
            extra = params(int(row), value) if params else {}
            self.add(
                severity,
                kind,
                message_id,
                column=column,
                value=str(value),
                line=int(self.lines[row]),
                **extra,
            )
        if len(rows) > MAX_LISTED:
            more = len(rows) - MAX_LISTED
            self.problems.append(
                Problem(
                    None,
                    column,
                    "",
                    severity,
                    kind,
                    "more_rows",
                    (("count", more), ("like", message_id)),
                    self.header(column),
                    rows=more,
                )
            )


# --- preparing a whole frame ---

Progress = Callable[[str, int, int], None]


def prepare(
    dataset: str,
    raw: pd.DataFrame,
    *,
    gazetteer: Gazetteer,
    vocabulary: Vocabulary,
    known_respondents: set[str] | None = None,
    first_line: int = 2,
    lines: Iterable[int] | None = None,
    headers: dict[str, str] | None = None,
    unmapped: pd.DataFrame | None = None,
    progress: Progress | None = None,
) -> Prepared:
    """Type, normalise and check every row of `raw` (text; columns already mapped).

    `headers` gives the user's own header of each contract field (for messages); `unmapped` holds
    the file's columns that were mapped to nothing, to suggest one when a required column is
    missing. Rows with errors are kept in the returned frame so that all problems are reported
    together; the caller publishes only when there are no errors.
    """
    spec = DATASETS[dataset]
    n = len(raw)
    lines = np.arange(first_line, first_line + n) if lines is None else np.asarray(list(lines))
    sink = _Sink(lines.astype(np.int64), dict(headers or {}))
    report = progress or (lambda stage, done, total: None)

    missing = [c.name for c in spec.columns if c.required and c.name not in raw.columns]
    for name in missing:
        found = [sink.header(c) for c in raw.columns]
        found += list(unmapped.columns) if unmapped is not None else []
        suggestion = _suggest_header(spec.column(name), unmapped, gazetteer, vocabulary)
        sink.add(
            "error",
            "missing-label",
            "missing_column" if suggestion is None else "missing_column_suggest",
            column=name,
            found=", ".join(f"'{h}'" for h in found) or "—",
            suggestion=suggestion or "",
        )
    if missing:
        return Prepared(dataset, pd.DataFrame(columns=spec.column_names), sink.problems)
    if n == 0:
        sink.add("error", "blank-row", "no_rows")
        return Prepared(dataset, pd.DataFrame(columns=spec.column_names), sink.problems)

    out: dict[str, object] = {}
    for step, column in enumerate(spec.columns):
        report("check", step * n // len(spec.columns), n)
        if column.name in raw.columns:
            out[column.name] = _column(column, raw[column.name], vocabulary, sink)
        else:
            out[column.name] = _blank_column(column, n)
    report("check", n, n)
    frame = pd.DataFrame(out)

    report("places", 0, n)
    _check_dates(frame, sink)
    _check_precision(spec, raw, frame, sink)
    if dataset == "reported_figures":
        _check_figures(frame, gazetteer, sink)
    elif dataset == "sources":
        _check_sources(frame, sink)
    else:
        _resolve_places(dataset, frame, gazetteer, sink)
    if dataset == "interview_codes":
        _check_codes_against_themes(frame, vocabulary, sink)
        _check_foreign_keys(frame, known_respondents, sink)
    _fill_and_check_keys(spec, frame, sink)
    report("places", n, n)
    frame.insert(0, "source_line", lines)
    order = {name: i for i, name in enumerate(spec.column_names)}
    sink.problems.sort(key=lambda p: (p.line or 0, order.get(p.column, -1)))
    return Prepared(dataset, frame, sink.problems)


_STR = pd.StringDtype("pyarrow", np.nan)  # pandas' text dtype, backed by Arrow


def _as_text(array: pa.Array | pa.ChunkedArray) -> pd.Series:
    return pd.Series(pd.array(array, dtype=_STR))


def _arrow(text: pd.Series) -> pa.ChunkedArray:
    """A text column as Arrow, without copying what is Arrow already; missing values as ''."""
    if isinstance(text.array, pd.arrays.ArrowStringArray):
        array = text.array.__arrow_array__()  # Arrow's own chunks, not copied
        array = array.cast(pa.string())  # 64-bit offsets narrowed; the text buffer is shared
    else:
        array = pa.chunked_array([pa.array(text, type=pa.string(), from_pandas=True)])
    return pc.fill_null(array, "") if array.null_count else array


def _unchanged_or(original: pa.ChunkedArray, changed, blank: np.ndarray) -> pd.Series:
    """`changed` with blanks missing; the original buffers when nothing differs (no copy)."""
    if not blank.any() and changed is original:
        return _as_text(original)
    return _as_text(pc.if_else(pa.array(blank), pa.scalar(None, pa.string()), changed))


def _blank_column(column: Column, n: int):
    if column.type == "int":
        return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    if column.type == "date":
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    return _as_text(pa.nulls(n, pa.string()))


def _distinct_values(array: pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """(code of each row, the distinct values): Arrow's dictionary encoding, in C++."""
    encoded = pc.dictionary_encode(array)
    if isinstance(encoded, pa.ChunkedArray):
        if encoded.num_chunks == 0:
            return np.zeros(0, dtype=np.int64), []
        encoded = encoded.combine_chunks()  # one dictionary; only the small indices are copied
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return codes.astype(np.int64, copy=False), encoded.dictionary.to_pylist()


def _rows_of(codes: np.ndarray, i: int) -> np.ndarray:
    return np.flatnonzero(codes == i)


def _column(column: Column, text: pd.Series, vocabulary: Vocabulary, sink: _Sink):
    """One column typed and checked on whole arrays; problems go to the sink."""
    raw = _arrow(text)
    if column.type in ("text", "int", "url"):
        padded = pc.any(pc.match_substring_regex(raw, r"^\s|\s$")).as_py()
        stripped = pc.utf8_trim_whitespace(raw) if padded else raw
        blank = pc.equal(stripped, "").to_numpy(zero_copy_only=False)
    else:
        # Dates, times, codes, lists of codes and URL lists: normalised and parsed once per
        # distinct value, then spread back to the rows.
        codes, uniques = _distinct_values(raw)
        cleaned = [strip_invisible(value) for value in uniques]
        blank = np.array([not value for value in cleaned], dtype=bool)[codes]
    if column.required:
        rows = np.flatnonzero(blank)
        sink.rows(rows, "error", "constraint-error", "required", column.name, text.iloc[rows])
    if column.type == "text":
        kept = raw if column.name in ("excerpt", "description") else stripped
        return _unchanged_or(raw, kept, blank)
    if column.type == "int":
        return _int_column(column, text, stripped, blank, sink)
    if column.type == "url":
        ok = pc.match_substring_regex(stripped, _URL_RE2, ignore_case=True)
        ok = ok.to_numpy(zero_copy_only=False) | blank
        rows = np.flatnonzero(~ok)
        sink.rows(rows, "error", "type-error", "not_a_url", column.name, text.iloc[rows])
        return _unchanged_or(raw, stripped, ~ok | blank)
    parsed: list[object] = []
    failures: dict[int, Invalid] = {}
    for i, value in enumerate(cleaned):
        if not value:
            parsed.append(None)
            continue
        try:
            parsed.append(_parse_one(column, value, vocabulary))
        except Invalid as invalid:
            parsed.append(None)
            failures[i] = invalid
    for i, invalid in failures.items():
        rows = _rows_of(codes, i)
        sink.rows(
            rows,
            "error",
            invalid.kind,
            invalid.message_id,
            column.name,
            text.iloc[rows],
            params=lambda _row, _value, invalid=invalid: invalid.params,
        )
    unknown = _unknown_codes(column, parsed, vocabulary)
    for i, names in unknown.items():
        rows = _rows_of(codes, i)
        known = ", ".join(sorted(vocabulary.codes(column.vocabulary)))
        sink.rows(
            rows,
            column.unknown_code,
            "unknown-code",
            "unknown_code",
            column.name,
            text.iloc[rows],
            params=lambda _row, _value, names=names, known=known: {"codes": names, "known": known},
        )
    if column.type == "date":
        by_unique = np.array(
            [np.datetime64(v, "D") if v is not None else np.datetime64("NaT") for v in parsed],
            dtype="datetime64[D]",
        )
        return by_unique[codes].astype("datetime64[s]")
    values = pa.array([v if v is not None else None for v in parsed], type=pa.string())
    return _as_text(pc.take(values, pa.array(codes)))


def _parse_one(column: Column, text: str, vocabulary: Vocabulary) -> object:
    if column.type == "date":
        return parse_date(text, partial=column.partial)
    if column.type == "time":
        return parse_time(text)
    if column.type == "urls":
        return " ".join(parse_url(part) for part in text.split())
    if column.type == "code":
        return _code(column, text, vocabulary)
    if column.type == "codes":
        parts = [p for p in re.split(r"[;|]", text) if p.strip()]
        return ";".join(dict.fromkeys(_code(column, p, vocabulary) for p in parts))
    raise AssertionError(column.type)


def _unknown_codes(column, parsed, vocabulary) -> dict[int, str]:
    """Distinct values (by position) holding codes outside the column's vocabulary."""
    if column.type not in ("code", "codes") or column.vocabulary in (None, "code"):
        return {}  # interview codes are checked against their theme afterwards
    known = set(vocabulary.codes(column.vocabulary))
    found = {}
    for i, value in enumerate(parsed):
        if value:
            unknown = [c for c in str(value).split(";") if c not in known]
            if unknown:
                found[i] = ", ".join(f"'{u}'" for u in unknown)
    return found


def _int_column(
    column: Column, text: pd.Series, stripped: pa.Array, blank: np.ndarray, sink: _Sink
):
    """Counts: well-formed digits converted at once; the rest ('1 234', '7\u00a0939', words)
    parsed one distinct value at a time."""
    well_formed = pc.match_substring_regex(stripped, r"^[+-]?\d{1,15}$")
    digits = pc.if_else(well_formed, pc.utf8_ltrim(stripped, "+"), pa.scalar(None, pa.string()))
    as_ints = pc.cast(digits, pa.int64())
    numbers = pd.array(as_ints, dtype="Int64")
    others = np.flatnonzero(~well_formed.to_numpy(zero_copy_only=False) & ~blank)
    if len(others):
        codes, uniques = _distinct_values(stripped.take(pa.array(others)))
        values = []
        for value in uniques:
            try:
                values.append(parse_int(value))
            except Invalid:
                values.append(None)
        found = pd.array(values, dtype="Int64")[codes]
        numbers[others] = found
        bad = others[np.asarray(pd.isna(found))]
        sink.rows(bad, "error", "type-error", "not_a_number", column.name, text.iloc[bad])
    if column.name == "intensity":
        outside = np.flatnonzero(((numbers < 1) | (numbers > 3)).fillna(False).to_numpy())
        sink.rows(
            outside,
            "error",
            "constraint-error",
            "out_of_range",
            column.name,
            text.iloc[outside],
            params=lambda _r, _v: {"low": 1, "high": 3},
        )
    else:
        outside = np.flatnonzero((numbers < 0).fillna(False).to_numpy())
        sink.rows(outside, "error", "constraint-error", "negative", column.name, text.iloc[outside])
    numbers[outside] = pd.NA
    return numbers


def _suggest_header(column: Column, unmapped, gazetteer, vocabulary) -> str | None:
    """The unmapped file column most likely meant for `column`: the one whose values fit it best
    (dates parse, countries resolve, codes are known), else the closest name."""
    if unmapped is None or unmapped.empty:
        return None
    scores = {}
    for header in unmapped.columns:
        sample = [v for v in unmapped[header].fillna("").astype(str).head(200) if v.strip()][:50]
        if sample:
            scores[header] = sum(_fits(column, v, gazetteer, vocabulary) for v in sample) / len(
                sample
            )
    best = max(scores, key=scores.get, default=None)
    by_values = column.type != "text" or column.name in ("country", "city")
    if best is not None and scores[best] >= 0.5 and by_values:
        return best
    names = {fold(h): h for h in unmapped.columns}
    close = difflib.get_close_matches(fold(column.name), list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def _fits(column: Column, value: str, gazetteer: Gazetteer, vocabulary: Vocabulary) -> bool:
    try:
        if column.name == "country":
            return gazetteer.country_code(value) is not None
        if column.name == "city":
            return gazetteer.resolve(value) is not None
        if column.type in ("code", "codes") and column.vocabulary:
            return vocabulary.canonical(column.vocabulary, value.split(";")[0]) is not None
        if column.type in ("date", "time", "url", "urls"):
            _parse_one(column, value, vocabulary) if column.type != "url" else parse_url(value)
            return True
        if column.type == "int":
            parse_int(value)
            return True
    except Invalid:
        return False
    return False


# --- checks across columns ---


def _check_dates(frame: pd.DataFrame, sink: _Sink) -> None:
    if "end_date" not in frame:
        return
    start, end = frame["date"], frame["end_date"]
    rows = np.flatnonzero((start.notna() & end.notna() & (end < start)).to_numpy())
    sink.rows(
        rows,
        "error",
        "constraint-error",
        "end_before_start",
        "end_date",
        (f"{d:%Y-%m-%d}" for d in end.iloc[rows]),
        params=lambda row, _v: {
            "end": f"{end.iloc[row]:%d.%m.%Y}",
            "start": f"{start.iloc[row]:%d.%m.%Y}",
        },
    )


def _check_precision(spec: Dataset, raw: pd.DataFrame, frame: pd.DataFrame, sink: _Sink) -> None:
    """A date written to the month or the year fills a blank `date_precision`; a precision that
    claims more than the date says ('day' for '2022-01') is an error, and so is 'unknown' beside a
    date. A blank date is allowed only where the precision is 'unknown' (reported figures)."""
    column = next((c for c in spec.columns if c.partial), None)
    if column is None or "date_precision" not in frame or column.name not in raw:
        return
    codes, distinct = _distinct(raw[[column.name]].fillna("").astype(str), [column.name])
    shapes = [date_shape(strip_invisible(v)) if v else None for v in distinct[column.name]]
    shape = pd.Series(np.array(shapes, dtype=object)[codes], index=frame.index)
    given = pd.Series(
        [v if isinstance(v, str) else None for v in frame["date_precision"]],
        index=frame.index,
        dtype=object,
    )
    dated = frame[column.name].notna().to_numpy()
    rank = {"day": 0, "month": 1, "year": 2}
    claims_more = [
        g in rank and s in rank and rank[g] < rank[s] for g, s in zip(given, shape, strict=True)
    ]
    rows = np.flatnonzero(claims_more)
    sink.rows(
        rows,
        "error",
        "constraint-error",
        "precision_mismatch",
        "date_precision",
        given.iloc[rows],
        params=lambda row, _v: {"date": str(raw[column.name].iloc[row]), "shape": shape.iloc[row]},
    )
    unknown = (given == "unknown").to_numpy()
    rows = np.flatnonzero(unknown & dated)
    sink.rows(
        rows,
        "error",
        "constraint-error",
        "precision_unknown_dated",
        "date_precision",
        given.iloc[rows],
        params=lambda row, _v: {"date": str(raw[column.name].iloc[row])},
    )
    if not column.required:
        rows = np.flatnonzero(~dated & ~unknown)
        sink.rows(
            rows,
            "error",
            "constraint-error",
            "required_unless_unknown",
            column.name,
            raw[column.name].iloc[rows].fillna("").astype(str),
        )
    filled = [
        g if isinstance(g, str) else (s if isinstance(s, str) else None)
        for g, s in zip(given, shape, strict=True)
    ]
    frame["date_precision"] = _as_text(pa.array(filled, type=pa.string()))


def _check_figures(frame: pd.DataFrame, gazetteer: Gazetteer, sink: _Sink) -> None:
    """A local scope needs its place; places resolve through the gazetteer to their English name."""
    local = frame["scope"].isin(["region"]).to_numpy() & frame["place"].isna().to_numpy()
    rows = np.flatnonzero(local)
    sink.rows(
        rows,
        "error",
        "constraint-error",
        "place_needed",
        "place",
        frame["scope"].iloc[rows],
    )
    codes, distinct = _distinct(frame, ["place"])
    names = []
    for i, value in enumerate(distinct["place"]):
        # A city first: 'Almaty' is the city, 'Almaty Region' the region around it.
        place = (
            gazetteer.resolve(value, kinds=("city",)) or gazetteer.resolve(value, kinds=("region",))
            if value
            else None
        )
        if value and place is None:
            rows = np.flatnonzero(codes == i)
            sink.rows(
                rows, "warning", "unresolved-place", "unknown_place", "place", [value] * len(rows)
            )
        names.append(place.name if place is not None else (value or None))
    if len(frame):
        frame["place"] = _spread(names, codes)


def _check_sources(frame: pd.DataFrame, sink: _Sink) -> None:
    """One row per page: a URL listed twice would make a row's source ambiguous."""
    urls = frame["url"]
    repeated = np.flatnonzero((urls.duplicated(keep="first") & urls.notna()).to_numpy())
    sink.rows(repeated, "error", "unique-error", "duplicate_url", "url", urls.iloc[repeated])


def _distinct(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """(code of each row, the distinct combinations of `columns`) — blanks as ''. Each column is
    dictionary-encoded by Arrow; the combinations are found on integer codes."""
    combined = np.zeros(len(frame), dtype=np.int64)
    per_column = []
    for name in columns:
        codes, uniques = _distinct_values(_arrow(frame[name]))
        combined = combined * (len(uniques) + 1) + codes
        per_column.append((name, codes, uniques))
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    distinct = pd.DataFrame(
        {name: [uniques[codes[i]] for i in first] for name, codes, uniques in per_column},
        dtype=object,
    )
    return inverse.reshape(-1), distinct


def _spread(values: list, codes: np.ndarray) -> pd.Series:
    """Per-distinct text values spread back to the rows, as Arrow-backed text."""
    return _as_text(pc.take(pa.array(values, type=pa.string()), pa.array(codes)))


def _resolve_places(dataset: str, frame: pd.DataFrame, gazetteer: Gazetteer, sink: _Sink) -> None:
    if dataset == "interview_codes":
        return
    n = len(frame)
    if dataset == "diaspora_actions":
        codes, distinct = _distinct(frame, ["country"])
        resolved = [gazetteer.country_code(v) if v else None for v in distinct["country"]]
        for i, (value, code) in enumerate(zip(distinct["country"], resolved, strict=True)):
            if value and code is None:
                rows = np.flatnonzero(codes == i)
                sink.rows(
                    rows,
                    "error",
                    "unresolved-place",
                    "unknown_country",
                    "country",
                    [value] * len(rows),
                )
        values = [c or v or None for c, v in zip(resolved, distinct["country"], strict=True)]
        frame["country"] = _spread(values, codes)
    place_columns = [c for c in ("city", "country", "region") if c in frame]
    codes, distinct = _distinct(frame, place_columns)
    cities, regions = [], []
    lat, lon = np.full(len(distinct), np.nan), np.full(len(distinct), np.nan)
    # Where a city goes people also write a region ("Мангистауская область"): the row is then the
    # region's, drawn as the region (atlas.gazetteer explains the rules and the ambiguous case).
    city_kinds = ("city",) if dataset == "diaspora_actions" else ("city", "region")
    for i, row in enumerate(distinct.to_dict("records")):
        city, region = row["city"], row.get("region", "")

        def rows(i: int = i) -> np.ndarray:  # the rows of this combination, found only if needed
            return np.flatnonzero(codes == i)

        given = gazetteer.lookup(region, kinds=("region", "city")) if region else None
        within = given.place.region if given is not None and given.place is not None else None
        place = None
        if city:
            country = (row.get("country") or None) if dataset == "diaspora_actions" else None
            match = gazetteer.lookup(city, kinds=city_kinds, country=country, within=within)
            if match.place is None and not match.ambiguous and country:
                match = gazetteer.lookup(city, kinds=city_kinds, within=within)
            place = match.place
            if match.ambiguous:
                _ambiguous_place(sink, rows(), "city", city, match)
            elif place is None:
                hints = gazetteer.suggest(city, kinds=city_kinds)
                found = rows()
                sink.rows(
                    found,
                    "warning",
                    "unresolved-place",
                    "unknown_place_hint" if hints else "unknown_place",
                    "city",
                    [city] * len(found),
                    params=lambda _r, _v, hints=hints: {"hints": ", ".join(hints)},
                )
            elif region and place.region and not _within(given, place.region):
                found = rows()
                sink.rows(
                    found,
                    "warning",
                    "constraint-error",
                    "region_mismatch",
                    "region",
                    [region] * len(found),
                    params=lambda _r, _v, p=place: {"city": p.name, "region": p.region},
                )
        if place is None and given is not None:
            if city:  # the city says no more; the region, when it is one place, still holds
                region = within or (None if given.ambiguous else region)
            elif given.ambiguous:
                _ambiguous_place(sink, rows(), "region", region, given)
                region = None
            elif given.place is None:
                hints = gazetteer.suggest(region, kinds=("region",))
                found = rows()
                sink.rows(
                    found,
                    "warning",
                    "unresolved-place",
                    "unknown_place_hint" if hints else "unknown_place",
                    "region",
                    [region] * len(found),
                    params=lambda _r, _v, hints=hints: {"hints": ", ".join(hints)},
                )
            else:
                place, column, value = given.place, "region", region
        else:
            column, value = "city", city
        if place is not None:
            region = place.region or None
            if place.kind == "region" and place.region != place.name:
                # A region formed in June 2022: drawn as the January 2022 region it came from.
                found = rows()
                sink.rows(
                    found,
                    "warning",
                    "constraint-error",
                    "region_formed_later",
                    column,
                    [value] * len(found),
                    params=lambda _r, _v, p=place: {"name": p.name, "region": p.region},
                )
        if place is not None and place.kind == "region":
            cities.append(None)  # a region written in the city column leaves no city
        else:
            cities.append(place.name if place is not None and city else (city or None))
        regions.append(region or None)
        if place is not None:
            lat[i], lon[i] = place.latitude or np.nan, place.longitude or np.nan
    if n:
        frame["city"] = _spread(cities, codes)
        if "region" in frame:
            frame["region"] = _spread(regions, codes)
        frame["latitude"] = pd.array(lat[codes], dtype="Float64")
        frame["longitude"] = pd.array(lon[codes], dtype="Float64")
    frame["latitude"] = frame.get("latitude", pd.array([], dtype="Float64"))
    frame["longitude"] = frame.get("longitude", pd.array([], dtype="Float64"))
    for name in ("latitude", "longitude"):
        frame[name] = frame[name].astype("Float64").mask(frame[name].isna(), pd.NA)


def _within(given, region: str) -> bool:
    """Whether the region column's value (a gazetteer Match) can be `region`."""
    if given is None:
        return False
    places = given.candidates if given.ambiguous else (given.place,) if given.place else ()
    return any(p.region == region for p in places)


def _ambiguous_place(sink: _Sink, rows: np.ndarray, column: str, value: str, match) -> None:
    """A value naming several places: a warning that names them; the row is not placed."""
    names = [p.name for p in match.candidates]
    shown = [
        f"{p.name} ({p.region})" if names.count(p.name) > 1 and p.region else p.name
        for p in match.candidates
    ]
    sink.rows(
        rows,
        "warning",
        "ambiguous-place",
        "ambiguous_place",
        column,
        [value] * len(rows),
        params=lambda _r, _v: {
            "candidates": " / ".join(shown),
            "place_ids": "|".join(p.place_id for p in match.candidates),
        },
    )


def _check_codes_against_themes(frame: pd.DataFrame, vocabulary: Vocabulary, sink: _Sink) -> None:
    themes = set(vocabulary.codes("theme"))  # an unknown theme is already an error of its own
    codes, distinct = _distinct(frame, ["theme", "code"])
    for i, (theme, code) in enumerate(zip(distinct["theme"], distinct["code"], strict=True)):
        if theme in themes and code and code not in vocabulary.codes("code", theme):
            rows = np.flatnonzero(codes == i)
            sink.rows(
                rows,
                "warning",
                "unknown-code",
                "code_not_in_theme",
                "code",
                [code] * len(rows),
                params=lambda _r, _v, theme=theme: {"theme": theme},
            )


def _check_foreign_keys(frame: pd.DataFrame, known: set[str] | None, sink: _Sink) -> None:
    if known is None:
        return
    ids = frame["respondent_id"]
    rows = np.flatnonzero((ids.notna() & ~ids.isin(list(known))).to_numpy())
    sink.rows(
        rows, "error", "foreign-key-error", "unknown_respondent", "respondent_id", ids.iloc[rows]
    )


def generated_keys(prefix: str, labels: np.ndarray, width: int = 0) -> pa.Array:
    """`prefix` + each label (zero-padded to `width`), built by Arrow."""
    text = pc.cast(pa.array(labels), pa.string())
    if width:
        text = pc.utf8_lpad(text, width=width, padding="0")
    return pc.binary_join_element_wise(prefix, text, "")


def _fill_and_check_keys(spec: Dataset, frame: pd.DataFrame, sink: _Sink) -> None:
    if spec.key not in frame:
        frame.insert(0, spec.key, _as_text(pa.nulls(len(frame), pa.string())))
    keys = frame[spec.key]
    if spec.generate_key:
        width = max(4, len(str(len(frame))))
        made = generated_keys(spec.key_prefix, np.arange(1, len(frame) + 1), width)
        given = _arrow(keys)
        keys = _as_text(pc.if_else(pc.equal(given, ""), made, given))
        frame[spec.key] = keys
    present = keys.notna().to_numpy()
    repeated = np.flatnonzero(keys.duplicated(keep="first").to_numpy() & present)
    if len(repeated):
        first_line = pd.Series(sink.lines).groupby(keys.to_numpy()).transform("first").to_numpy()
        sink.rows(
            repeated,
            "error",
            "unique-error",
            "duplicate_id",
            spec.key,
            keys.iloc[repeated],
            params=lambda row, _v: {"first": int(first_line[row])},
        )
