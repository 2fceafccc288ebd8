"""The January 2022 timeline and the diaspora's actions abroad, aggregated in the database."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from atlas.filters import Filters
from atlas.i18n import format_month_year, translate
from atlas.store import Store

Versions = dict[str, int]
# The nationwide internet shutdown (chronology: 5 January about 17:00 to about 10 January 2022).
SHUTDOWN_TYPE = "internet_shutdown"
LIST_FIELDS = ("platform", "motivation", "barriers")
GROUP_FIELDS = ("country", "city", "action_type", "actor_type", "organiser_kind", *LIST_FIELDS)
# Who acted: the diaspora itself, or others in solidarity with it (and reports that do not say).
DIASPORA_ORGANISERS = ("diaspora_group", "individuals")
OTHER_ORGANISERS = ("local_activists", "officials")


def date_label(date: object, precision: object = "day", language: str = "en") -> str:
    """A date as precisely as it is known: '05.01.2022', 'January 2022 (month only)' ('январь
    2022 (только месяц)'), '2022 (year only)', or 'date unknown'."""
    if date is None or pd.isna(date):
        return translate("date.unknown", language)
    day = pd.Timestamp(date)
    if precision == "month":
        return translate("date.month_only", language, month=format_month_year(day, language))
    if precision == "year":
        return translate("date.year_only", language, year=f"{day:%Y}")
    return f"{day:%d.%m.%Y}"


def precision_span(date: object, precision: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The stretch of time a date of that precision stands for: a day, a month or a year."""
    start = pd.Timestamp(date)
    if precision == "month":
        return start, start + pd.offsets.MonthBegin(1)
    if precision == "year":
        return start, start + pd.offsets.YearBegin(1)
    return start, start + pd.Timedelta(days=1)


def events(store: Store, versions: Versions, filters: Filters = Filters()) -> pd.DataFrame:
    """Every event in the window (overlapping it, for spans), with its lane and source."""
    where, params = filters.dated_sql("e")
    frame = store.query(
        "SELECT e.event_id, e.date, e.end_date, e.time, e.city, e.region, e.event_type, e.title,"
        " e.description, e.deaths, e.detained, e.figures_as_reported, e.source_name, e.source_url,"
        " e.other_source_urls, e.date_precision, e.confidence, s.kind AS source_kind"
        " FROM events e LEFT JOIN sources s ON s.url = e.source_url AND s.version = ?"
        f" WHERE e.version = ? AND {where} ORDER BY e.date, e.time, e.event_id",
        [versions.get("sources", -1), versions.get("events", -1), *params],
    )
    frame["is_span"] = frame["end_date"].notna() & (frame["end_date"] > frame["date"])
    return frame


def source_pages(store: Store, versions: Versions) -> pd.DataFrame:
    """The pages the facts cite (url, outlet, kind, language), one row per URL."""
    return store.query(
        "SELECT url, outlet, kind, language FROM sources WHERE version = ? ORDER BY outlet, url",
        [versions.get("sources", -1)],
    )


def shutdown_windows(frame: pd.DataFrame) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Spans of nationwide internet shutdowns (no city, no region) in an events frame."""
    rows = frame[
        (frame["event_type"] == SHUTDOWN_TYPE)
        & frame["is_span"]
        & frame["city"].isna()
        & frame["region"].isna()
    ]
    return [
        (pd.Timestamp(a), pd.Timestamp(b))
        for a, b in zip(rows["date"], rows["end_date"], strict=True)
    ]


def reported_figures(store: Store, versions: Versions) -> pd.DataFrame:
    """Deaths, detentions, injured and arrests as reported: one row per figure per report, each
    with its body, status and source (outlet and kind of the cited page); in date order within
    each kind and scope, undated reports last."""
    return store.query(
        "SELECT f.figure_id, f.date_reported, f.date_precision, f.kind, f.value, f.qualifier,"
        " f.scope, f.place, f.reporting_body, f.status, f.source_name, f.source_url,"
        " f.other_source_urls, f.quote, f.note, f.confidence,"
        " COALESCE(s.outlet, f.source_name) AS source_outlet, s.kind AS source_kind"
        " FROM reported_figures f LEFT JOIN sources s ON s.url = f.source_url AND s.version = ?"
        " WHERE f.version = ?"
        " ORDER BY f.kind, f.scope, f.date_reported NULLS LAST, f.value, f.figure_id",
        [versions.get("sources", -1), versions.get("reported_figures", -1)],
    )


def emergency_regions(store: Store, versions: Versions, first, last) -> pd.DataFrame:
    """Units under the state of emergency on any day of [first, last]: region (the unit's name,
    as the boundaries name it), from, until (last day in force), with the span's source."""
    return store.query(
        "SELECT COALESCE(e.region, e.city) AS region, MIN(e.date) AS date_from,"
        " MAX(e.end_date) AS date_to, MIN(e.source_url) AS source_url FROM events e"
        " WHERE e.version = ? AND e.event_type = 'state_of_emergency' AND e.end_date IS NOT NULL"
        " AND (e.region IS NOT NULL OR e.city IS NOT NULL) AND e.date <= ? AND e.end_date >= ?"
        " GROUP BY 1 ORDER BY 1",
        [versions.get("events", -1), last, first],
    )


def diaspora_filters(filters: Filters) -> Filters:
    """The part of the shared filters that applies to actions abroad: the dates. Sidebar places
    are Kazakh cities and regions, and org types and periods belong to the interviews."""
    return Filters(date_from=filters.date_from, date_to=filters.date_to)


def _diaspora_where(filters: Filters, organisers: tuple[str, ...] = ()) -> tuple[str, list]:
    where, params = diaspora_filters(filters).dated_sql("d", places=False)
    if organisers:
        marks = ", ".join("?" for _ in organisers)
        where += f" AND COALESCE(d.organiser_kind, 'unknown') IN ({marks})"
        params = [*params, *organisers]
    return where, params


# The key of actions with no value for a field (organiser_kind has it as a code too).
UNKNOWN = "unknown"


# The bins of the over-time charts, finest first.
STEPS = ("day", "week", "month")
# More bars than this and a chart is a smear: a finer step is coarsened to the next one.
MAX_BARS = 200


def bars_in(first: dt.date, last: dt.date, step: str) -> int:
    """How many bars of `step` the span [first, last] needs."""
    days = (last - first).days + 1
    if step == "day":
        return days
    if step == "week":
        return (
            last - dt.timedelta(days=last.weekday()) - (first - dt.timedelta(days=first.weekday()))
        ).days // 7 + 1
    return (last.year - first.year) * 12 + last.month - first.month + 1


def fitting_step(first: dt.date | None, last: dt.date | None, wanted: str = "day") -> str:
    """`wanted`, or the first coarser step that draws [first, last] in at most MAX_BARS bars."""
    if wanted not in STEPS:
        raise ValueError(wanted)
    if first is None or last is None:
        return wanted
    for step in STEPS[STEPS.index(wanted) :]:
        if bars_in(first, last, step) <= MAX_BARS:
            return step
    return STEPS[-1]


def action_span(
    store: Store, versions: Versions, filters: Filters = Filters(), organisers: tuple[str, ...] = ()
) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of the actions the filters keep (None, None when there are none)."""
    where, params = _diaspora_where(filters, organisers)
    row = store.query(
        "SELECT MIN(d.date) AS first, MAX(d.date) AS last FROM diaspora_actions d"
        f" WHERE d.version = ? AND {where}",
        [versions.get("diaspora_actions", -1), *params],
    ).iloc[0]
    if pd.isna(row["first"]):
        return None, None
    return pd.Timestamp(row["first"]).date(), pd.Timestamp(row["last"]).date()


def actions_by_day(
    store: Store,
    versions: Versions,
    filters: Filters = Filters(),
    *,
    by: str = "action_type",
    step: str = "day",
    organisers: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Actions per bin (a day, an ISO week from Monday, or a month) and `by` value: period (the
    bin's first day), precision, key, actions. Precision is 'day' for an action counted in its
    bin; an action known only to a span wider than the bin (a month, a year) is counted on that
    span (precision 'month' or 'year', period its first day), never on one of its days."""
    if by not in GROUP_FIELDS:
        raise ValueError(by)
    if step not in STEPS:
        raise ValueError(step)
    where, params = _diaspora_where(filters, organisers)
    precision = "COALESCE(d.date_precision, 'day')"
    if step == "month":
        bin_ = "CAST(date_trunc('month', d.date) AS DATE)"
        fits = f"{precision} IN ('day', 'month')"
    else:
        bin_ = "CAST(date_trunc('week', d.date) AS DATE)" if step == "week" else "d.date"
        fits = f"{precision} NOT IN ('month', 'year')"
    period = (
        f"CASE WHEN {fits} THEN {bin_}"
        f" WHEN {precision} = 'month' THEN CAST(date_trunc('month', d.date) AS DATE)"
        f" ELSE CAST(date_trunc('year', d.date) AS DATE) END"
    )
    return store.query(
        f"SELECT {period} AS period, CASE WHEN {fits} THEN 'day' ELSE {precision} END"
        f" AS precision, COALESCE(d.{by}, '') AS key, COUNT(*) AS actions"
        f" FROM diaspora_actions d WHERE d.version = ? AND {where}"
        " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        [versions.get("diaspora_actions", -1), *params],
    )


def _split(store: Store, column: str) -> str:
    function = "string_split" if store.dialect == "duckdb" else "string_to_array"
    return f"unnest({function}({column}, ';'))"


def actions_by(
    store: Store,
    versions: Versions,
    field: str,
    filters: Filters = Filters(),
    organisers: tuple[str, ...] = (),
    *,
    unknown: bool = False,
) -> pd.DataFrame:
    """Actions per value of `field` (list fields count an action once per value): key, actions.
    With `unknown`, actions with no value are counted too, under the key UNKNOWN (a bar of their
    own: a chart that dropped them would show the few known values as the whole)."""
    if field not in GROUP_FIELDS:
        raise ValueError(field)
    where, params = _diaspora_where(filters, organisers)
    column = f"COALESCE(NULLIF(d.{field}, ''), '{UNKNOWN}')" if unknown else f"d.{field}"
    key = _split(store, column) if field in LIST_FIELDS else column
    known = "TRUE" if unknown else f"d.{field} IS NOT NULL"
    return store.query(
        f"SELECT key, COUNT(*) AS actions FROM (SELECT {key} AS key FROM diaspora_actions d"
        f" WHERE d.version = ? AND {known} AND {where}) x"
        " GROUP BY key ORDER BY actions DESC, key",
        [versions.get("diaspora_actions", -1), *params],
    )


def places(
    store: Store, versions: Versions, filters: Filters = Filters(), organisers: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Actions per city abroad with coordinates: city, country, latitude, longitude, actions."""
    where, params = _diaspora_where(filters, organisers)
    return store.query(
        "SELECT d.city, d.country, AVG(d.latitude) AS latitude, AVG(d.longitude) AS longitude,"
        " COUNT(*) AS actions FROM diaspora_actions d"
        f" WHERE d.version = ? AND d.latitude IS NOT NULL AND {where}"
        " GROUP BY d.city, d.country ORDER BY actions DESC, d.city",
        [versions.get("diaspora_actions", -1), *params],
    )


def cross_counts(
    store: Store,
    versions: Versions,
    rows: str,
    columns: str,
    filters: Filters = Filters(),
    organisers: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Actions per (row value, column value), list fields exploded: code, col, actions."""
    if rows not in GROUP_FIELDS or columns not in GROUP_FIELDS:
        raise ValueError((rows, columns))
    where, params = _diaspora_where(filters, organisers)
    row_key = _split(store, f"d.{rows}") if rows in LIST_FIELDS else f"d.{rows}"
    inner = (
        f"SELECT d.action_id, {row_key} AS code, d.{columns} AS colsrc FROM diaspora_actions d"
        f" WHERE d.version = ? AND d.{rows} IS NOT NULL AND d.{columns} IS NOT NULL AND {where}"
    )
    if columns in LIST_FIELDS:
        inner = f"SELECT action_id, code, {_split(store, 'colsrc')} AS col FROM ({inner}) a"
    else:
        inner = f"SELECT action_id, code, colsrc AS col FROM ({inner}) a"
    # Code lists are stored without repeats (the contract drops them), so a (code, col) pair
    # occurs once per action: COUNT(*) is the count of actions, without a distinct-hash per group.
    return store.query(
        f"SELECT code, col, COUNT(*) AS actions FROM ({inner}) b GROUP BY 1, 2",
        [versions.get("diaspora_actions", -1), *params],
    )


def actions(
    store: Store,
    versions: Versions,
    filters: Filters = Filters(),
    *,
    where: dict[str, str | tuple[str, ...]] | None = None,
    search: str = "",
    limit: int | None = 500,
    organisers: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, int]:
    """Actions (newest last) matching exact field values and a text search, each with the outlet
    and kind of its source; with the total count so the page can say "showing 500 of 100,000"."""
    sql, params = _diaspora_where(filters, organisers)
    conditions, values = [sql], list(params)
    for field, value in (where or {}).items():
        if field not in GROUP_FIELDS:
            raise ValueError(field)
        options = list(value) if isinstance(value, (tuple, list)) else [value]
        if not options:
            continue
        marks = ", ".join("?" for _ in options)
        if field in LIST_FIELDS:
            conditions.append(
                f"EXISTS (SELECT 1 FROM (SELECT {_split(store, f'd.{field}')} AS v) x WHERE x.v IN ({marks}))"
            )
        else:
            conditions.append(f"d.{field} IN ({marks})")
        values += options
    if search.strip():
        conditions.append(
            "(LOWER(COALESCE(d.description, '')) LIKE ? OR LOWER(COALESCE(d.actor, '')) LIKE ?)"
        )
        needle = f"%{search.strip().lower()}%"
        values += [needle, needle]
    condition = " AND ".join(conditions)
    version = versions.get("diaspora_actions", -1)
    total = int(
        store.query(
            f"SELECT COUNT(*) AS n FROM diaspora_actions d WHERE d.version = ? AND {condition}",
            [version, *values],
        ).iloc[0]["n"]
    )
    rows = store.query(
        "SELECT d.action_id, d.date, d.end_date, d.date_precision, d.country, d.city, d.actor,"
        " d.actor_type, d.organiser_kind, d.action_type, d.platform, d.motivation, d.barriers,"
        " d.participants, d.reach, d.description, d.confidence, d.source_name, d.source_url,"
        " s.outlet AS source_outlet, s.kind AS source_kind, d.other_source_urls"
        " FROM diaspora_actions d LEFT JOIN sources s ON s.url = d.source_url AND s.version = ?"
        f" WHERE d.version = ? AND {condition}"
        " ORDER BY d.date, d.action_id" + (f" LIMIT {int(limit)}" if limit else ""),
        [versions.get("sources", -1), version, *values],
    )
    return rows, total


def first_day(frame: pd.DataFrame) -> dt.date | None:
    return None if frame.empty else pd.Timestamp(frame["date"].min()).date()
