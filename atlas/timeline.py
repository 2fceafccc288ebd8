"""The January 2022 timeline and the diaspora's actions abroad, aggregated in the database."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from atlas.filters import Filters
from atlas.store import Store

Versions = dict[str, int]
# The nationwide internet shutdown (chronology: 5 January about 17:00 to about 10 January 2022).
SHUTDOWN_TYPE = "internet_shutdown"
LIST_FIELDS = ("platform", "motivation", "barriers")
GROUP_FIELDS = ("country", "city", "action_type", "actor_type", *LIST_FIELDS)


def events(store: Store, versions: Versions, filters: Filters = Filters()) -> pd.DataFrame:
    """Every event in the window (overlapping it, for spans), with its lane and source."""
    where, params = filters.dated_sql("e")
    frame = store.query(
        "SELECT e.event_id, e.date, e.end_date, e.time, e.city, e.region, e.event_type, e.title,"
        " e.description, e.deaths, e.detained, e.figures_as_reported, e.source_name, e.source_url,"
        " e.other_source_urls FROM events e"
        f" WHERE e.version = ? AND {where} ORDER BY e.date, e.time, e.event_id",
        [versions.get("events", -1), *params],
    )
    frame["is_span"] = frame["end_date"].notna() & (frame["end_date"] > frame["date"])
    return frame


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
    """Deaths and detentions as reported, one row per report and figure, in date order: every
    revision stays a point of its own with its source."""
    frame = store.query(
        "SELECT e.event_id, e.date, e.title, e.deaths, e.detained, e.figures_as_reported, e.source_name,"
        " e.source_url FROM events e WHERE e.version = ? AND (e.deaths IS NOT NULL OR e.detained IS NOT NULL)"
        " ORDER BY e.date, e.event_id",
        [versions.get("events", -1)],
    )
    long = frame.melt(
        id_vars=["event_id", "date", "title", "figures_as_reported", "source_name", "source_url"],
        value_vars=["deaths", "detained"],
        var_name="figure",
        value_name="value",
    )
    return long[long["value"].notna()].sort_values(["figure", "date"]).reset_index(drop=True)


def _diaspora_where(filters: Filters) -> tuple[str, list]:
    # Sidebar places are Kazakh cities and regions: they do not narrow actions abroad.
    return Filters(date_from=filters.date_from, date_to=filters.date_to).dated_sql(
        "d", places=False
    )


def actions_by_day(
    store: Store,
    versions: Versions,
    filters: Filters = Filters(),
    *,
    by: str = "action_type",
    weekly: bool = False,
) -> pd.DataFrame:
    """Actions per day (or ISO week, Monday first) and `by` value: period, key, actions."""
    if by not in GROUP_FIELDS:
        raise ValueError(by)
    where, params = _diaspora_where(filters)
    period = "CAST(date_trunc('week', d.date) AS DATE)" if weekly else "d.date"
    return store.query(
        f"SELECT {period} AS period, COALESCE(d.{by}, '') AS key, COUNT(*) AS actions"
        f" FROM diaspora_actions d WHERE d.version = ? AND {where} GROUP BY 1, 2 ORDER BY 1, 2",
        [versions.get("diaspora_actions", -1), *params],
    )


def _split(store: Store, column: str) -> str:
    function = "string_split" if store.dialect == "duckdb" else "string_to_array"
    return f"unnest({function}({column}, ';'))"


def actions_by(
    store: Store, versions: Versions, field: str, filters: Filters = Filters()
) -> pd.DataFrame:
    """Actions per value of `field` (list fields count an action once per value): key, actions."""
    if field not in GROUP_FIELDS:
        raise ValueError(field)
    where, params = _diaspora_where(filters)
    key = _split(store, f"d.{field}") if field in LIST_FIELDS else f"d.{field}"
    return store.query(
        f"SELECT key, COUNT(*) AS actions FROM (SELECT {key} AS key FROM diaspora_actions d"
        f" WHERE d.version = ? AND d.{field} IS NOT NULL AND {where}) x"
        " GROUP BY key ORDER BY actions DESC, key",
        [versions.get("diaspora_actions", -1), *params],
    )


def places(store: Store, versions: Versions, filters: Filters = Filters()) -> pd.DataFrame:
    """Actions per city abroad with coordinates: city, country, latitude, longitude, actions."""
    where, params = _diaspora_where(filters)
    return store.query(
        "SELECT d.city, d.country, AVG(d.latitude) AS latitude, AVG(d.longitude) AS longitude,"
        " COUNT(*) AS actions FROM diaspora_actions d"
        f" WHERE d.version = ? AND d.latitude IS NOT NULL AND {where}"
        " GROUP BY d.city, d.country ORDER BY actions DESC, d.city",
        [versions.get("diaspora_actions", -1), *params],
    )


def cross_counts(
    store: Store, versions: Versions, rows: str, columns: str, filters: Filters = Filters()
) -> pd.DataFrame:
    """Actions per (row value, column value), list fields exploded: code, col, actions."""
    if rows not in GROUP_FIELDS or columns not in GROUP_FIELDS:
        raise ValueError((rows, columns))
    where, params = _diaspora_where(filters)
    row_key = _split(store, f"d.{rows}") if rows in LIST_FIELDS else f"d.{rows}"
    inner = (
        f"SELECT d.action_id, {row_key} AS code, d.{columns} AS colsrc FROM diaspora_actions d"
        f" WHERE d.version = ? AND d.{rows} IS NOT NULL AND d.{columns} IS NOT NULL AND {where}"
    )
    if columns in LIST_FIELDS:
        inner = f"SELECT action_id, code, {_split(store, 'colsrc')} AS col FROM ({inner}) a"
    else:
        inner = f"SELECT action_id, code, colsrc AS col FROM ({inner}) a"
    return store.query(
        f"SELECT code, col, COUNT(DISTINCT action_id) AS actions FROM ({inner}) b GROUP BY 1, 2",
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
) -> tuple[pd.DataFrame, int]:
    """Actions (newest last) matching exact field values and a text search; with the total count
    so the page can say "showing 500 of 100,000"."""
    sql, params = _diaspora_where(filters)
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
        "SELECT d.action_id, d.date, d.end_date, d.country, d.city, d.actor, d.actor_type, d.action_type,"
        " d.platform, d.motivation, d.barriers, d.participants, d.reach, d.description, d.confidence,"
        f" d.source_name, d.source_url FROM diaspora_actions d WHERE d.version = ? AND {condition}"
        " ORDER BY d.date, d.action_id" + (f" LIMIT {int(limit)}" if limit else ""),
        [version, *values],
    )
    return rows, total


def first_day(frame: pd.DataFrame) -> dt.date | None:
    return None if frame.empty else pd.Timestamp(frame["date"].min()).date()
