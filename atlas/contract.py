"""The data contract: the four datasets, their columns, and turning raw text rows into typed ones.

`prepare` takes a frame of strings (as read from a CSV, after column mapping) and returns the typed
frame the store keeps plus every problem found, each with its line and column in the user's terms.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from atlas.gazetteer import Gazetteer
from atlas.text import strip_invisible
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
                _c("date", "date", required=True),
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
            ),
            key="action_id",
            generate_key=True,
            key_prefix="A",
        ),
        Dataset(
            "events",
            (
                _c("event_id"),
                _c("date", "date", required=True),
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
            ),
            key="event_id",
            generate_key=True,
            key_prefix="E",
        ),
    )
}

# Columns the store adds to every dataset: a stable id where the contract has none, the line the row
# came from (for messages), and the resolved coordinates of its place.
DERIVED = {
    "respondents": ("latitude", "longitude"),
    "interview_codes": ("excerpt_id",),
    "diaspora_actions": ("latitude", "longitude"),
    "events": ("latitude", "longitude"),
}


@dataclass(frozen=True)
class Problem:
    line: int | None  # line number in the user's file (header is line 1); None for file-level
    column: str | None
    value: str
    severity: Severity
    kind: str  # frictionless-style class: type-error, constraint-error, unique-error, ...
    message: str


class HasProblems:
    """Errors block publishing; warnings do not."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


@dataclass
class Prepared(HasProblems):
    dataset: str
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


# --- value parsers: each returns the parsed value or raises ValueError with a plain message ---

_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y", "%Y/%m/%d")


def parse_date(text: str) -> dt.date:
    """Parse a date the way a Russian- or Kazakh-locale spreadsheet writes it (day first)."""
    text = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    # ISO timestamps (QDA tools) keep their date part.
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", text):
        return parse_date(text[:10])
    raise ValueError(f"{text!r} is not a date (use 2022-01-05 or 05.01.2022)")


_INT = re.compile(r"[+-]?\d+")


def parse_int(text: str) -> int:
    """Parse a count; accepts thousands separated by spaces ('1 234')."""
    compact = re.sub(r"[\s\u00a0\u202f]", "", text)
    if not _INT.fullmatch(compact):
        raise ValueError(f"{text!r} is not a whole number")
    return int(compact)


def parse_url(text: str) -> str:
    text = text.strip()
    if not re.match(r"https?://[^\s/]+", text, flags=re.IGNORECASE):
        raise ValueError(f"{text!r} is not a web address starting with http:// or https://")
    return text


def parse_time(text: str) -> str:
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"{text!r} is not a time of day (use HH:MM)")
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


# --- preparing a whole frame ---


def prepare(
    dataset: str,
    raw: pd.DataFrame,
    *,
    gazetteer: Gazetteer,
    vocabulary: Vocabulary,
    known_respondents: set[str] | None = None,
    first_line: int = 2,
    lines: list[int] | None = None,
) -> Prepared:
    """Type, normalise and check every row of `raw` (strings; columns already mapped).

    Rows with errors are kept in the returned frame so that all problems are reported together;
    the caller publishes only when there are no errors.
    """
    spec = DATASETS[dataset]
    problems: list[Problem] = []
    raw = raw.fillna("").astype(str)
    missing = [c.name for c in spec.columns if c.required and c.name not in raw.columns]
    for name in missing:
        problems.append(
            Problem(
                None,
                name,
                "",
                "error",
                "missing-label",
                f"the required column '{name}' is missing",
            )
        )
    if missing:
        return Prepared(dataset, pd.DataFrame(columns=spec.column_names), problems)

    # The file line of each row (quoted newlines make them differ from row numbers).
    lines = list(lines) if lines is not None else list(range(first_line, first_line + len(raw)))
    out: dict[str, list] = {}
    for column in spec.columns:
        values = raw[column.name].tolist() if column.name in raw.columns else [""] * len(raw)
        parsed = []
        for line, value in zip(lines, values, strict=True):
            result, problem = _parse_cell(column, value, line, vocabulary)
            parsed.append(result)
            if problem:
                problems.append(problem)
        out[column.name] = parsed
    # Object columns keep None as None (pandas would turn a text column's blanks into NaN).
    frame = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in out.items()})

    _check_dates(frame, lines, problems)
    _resolve_places(dataset, frame, lines, gazetteer, problems)
    if dataset == "interview_codes":
        _check_codes_against_themes(frame, lines, vocabulary, problems)
        _check_foreign_keys(frame, lines, known_respondents, problems)
    _fill_and_check_keys(spec, frame, lines, problems)
    frame.insert(0, "source_line", lines)
    problems.sort(
        key=lambda p: (
            p.line or 0,
            spec.column_names.index(p.column) if p.column in spec.column_names else -1,
        )
    )
    return Prepared(dataset, frame, problems)


def _parse_cell(column: Column, value: str, line: int, vocabulary: Vocabulary):
    text = strip_invisible(value) if column.type != "text" else value
    if not text.strip():
        if column.required:
            return None, Problem(
                line,
                column.name,
                value,
                "error",
                "constraint-error",
                f"'{column.name}' is required",
            )
        return None, None
    try:
        if column.type == "text":
            return (value.strip() if column.name not in ("excerpt", "description") else value), None
        if column.type == "date":
            return parse_date(text), None
        if column.type == "int":
            number = parse_int(text)
            if number < 0:
                raise ValueError(f"{number} is negative; a count cannot be")
            if column.name == "intensity" and not 1 <= number <= 3:
                raise ValueError(f"{number} is outside 1–3")
            return number, None
        if column.type == "url":
            return parse_url(text), None
        if column.type == "urls":
            return " ".join(parse_url(part) for part in text.split()), None
        if column.type == "time":
            return parse_time(text), None
        if column.type == "code":
            code = _code(column, text, vocabulary)
            return code, _unknown_codes(column, [code], value, line, vocabulary)
        if column.type == "codes":
            parts = [p for p in re.split(r"[;|]", text) if p.strip()]
            codes = list(dict.fromkeys(_code(column, p, vocabulary) for p in parts))
            return ";".join(codes), _unknown_codes(column, codes, value, line, vocabulary)
    except ValueError as exc:
        kind = (
            "constraint-error" if "negative" in str(exc) or "outside" in str(exc) else "type-error"
        )
        return None, Problem(line, column.name, value, "error", kind, str(exc))
    raise AssertionError(column.type)


def _unknown_codes(column, codes, value, line, vocabulary) -> Problem | None:
    if column.vocabulary is None or column.vocabulary == "code":
        return None  # interview codes are checked against their theme afterwards
    known = set(vocabulary.codes(column.vocabulary))
    unknown = [c for c in codes if c not in known]
    if not unknown:
        return None
    return Problem(
        line,
        column.name,
        value,
        column.unknown_code,
        "unknown-code",
        f"unknown {column.name.replace('_', ' ')} {', '.join(repr(u) for u in unknown)}; "
        f"known: {', '.join(sorted(known))}",
    )


def _check_codes_against_themes(frame, lines, vocabulary, problems) -> None:
    themes = set(vocabulary.codes("theme"))  # an unknown theme is already an error of its own
    for line, theme, code in zip(lines, frame["theme"], frame["code"], strict=True):
        if theme in themes and code and code not in vocabulary.codes("code", theme):
            problems.append(
                Problem(
                    line,
                    "code",
                    code,
                    "warning",
                    "unknown-code",
                    f"'{code}' is not in the {theme} vocabulary; kept as it is",
                )
            )


def _check_foreign_keys(frame, lines, known, problems) -> None:
    if known is None:
        return
    for line, rid in zip(lines, frame["respondent_id"], strict=True):
        if rid and rid not in known:
            problems.append(
                Problem(
                    line,
                    "respondent_id",
                    rid,
                    "error",
                    "foreign-key-error",
                    f"no respondent '{rid}' in the published respondents",
                )
            )


def _check_dates(frame, lines, problems) -> None:
    if "end_date" not in frame:
        return
    for line, start, end in zip(lines, frame["date"], frame["end_date"], strict=True):
        if start and end and end < start:
            problems.append(
                Problem(
                    line,
                    "end_date",
                    end.isoformat(),
                    "error",
                    "constraint-error",
                    f"end date {end:%d.%m.%Y} is before the start date {start:%d.%m.%Y}",
                )
            )


def _resolve_places(dataset, frame, lines, gazetteer, problems) -> None:
    if dataset == "interview_codes":
        return
    lat, lon = [], []
    if dataset == "diaspora_actions":
        countries = []
        for line, value in zip(lines, frame["country"], strict=True):
            code = gazetteer.country_code(value) if value else None
            if value and code is None:
                problems.append(
                    Problem(
                        line,
                        "country",
                        value,
                        "error",
                        "unresolved-place",
                        f"unknown country '{value}'",
                    )
                )
            countries.append(code or value)
        frame["country"] = countries
    for i, line in enumerate(lines):
        city = frame.at[i, "city"]
        place = None
        if city:
            country = frame.at[i, "country"] if dataset == "diaspora_actions" else None
            place = gazetteer.resolve(city, country=country) or gazetteer.resolve(city)
            if place is None:
                hints = gazetteer.suggest(city)
                hint = f"; did you mean {', '.join(hints)}?" if hints else ""
                problems.append(
                    Problem(
                        line,
                        "city",
                        city,
                        "warning",
                        "unresolved-place",
                        f"unknown place '{city}'{hint} The row is kept but not drawn on the map.",
                    )
                )
            else:
                frame.at[i, "city"] = place.name
                if "region" in frame:
                    _check_region(frame, i, line, place, gazetteer, problems)
        elif "region" in frame and frame.at[i, "region"]:
            place = gazetteer.resolve(frame.at[i, "region"], kinds=("region", "city"))
            if place is not None:
                frame.at[i, "region"] = place.region
        lat.append(place.latitude if place else None)
        lon.append(place.longitude if place else None)
    frame["latitude"] = pd.array(lat, dtype="Float64")
    frame["longitude"] = pd.array(lon, dtype="Float64")


def _check_region(frame, i, line, city, gazetteer, problems) -> None:
    """Fill the region from the city; a region the file gives is resolved and must agree."""
    given = frame.at[i, "region"]
    frame.at[i, "region"] = city.region or None
    if not given or not city.region:
        return
    region = gazetteer.resolve(given, kinds=("region", "city"))
    if region is None or region.region != city.region:
        problems.append(
            Problem(
                line,
                "region",
                given,
                "warning",
                "constraint-error",
                f"region '{given}' does not match {city.name}, which is in {city.region}; "
                f"{city.region} is used",
            )
        )


def _fill_and_check_keys(spec: Dataset, frame, lines, problems) -> None:
    if spec.key not in frame:
        frame.insert(0, spec.key, None)
    if spec.generate_key:
        width = max(4, len(str(len(frame))))
        frame[spec.key] = [
            key or f"{spec.key_prefix}{n:0{width}d}"
            for n, key in enumerate(frame[spec.key], start=1)
        ]
    seen: dict[str, int] = {}
    for line, key in zip(lines, frame[spec.key], strict=True):
        if key is None:
            continue
        if key in seen:
            problems.append(
                Problem(
                    line,
                    spec.key,
                    key,
                    "error",
                    "unique-error",
                    f"'{key}' appears again (first on line {seen[key]}); ids must be unique",
                )
            )
        else:
            seen[key] = line
