"""Geography: boundaries from data/, and per-city and per-region metrics computed in the database."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd

from atlas.filters import Filters
from atlas.store import Store

Versions = dict[str, int]
Metric = Literal["respondents", "excerpts", "share", "events"]
METRICS: tuple[Metric, ...] = ("respondents", "excerpts", "share", "events")
# Kazakhstan and a margin: what the national map shows (events abroad, such as Strasbourg, fall out).
KZ_BOUNDS = (44.0, 38.5, 90.0, 56.5)  # min lon, min lat, max lon, max lat
NEIGHBOURS = ("RU", "CN", "KG", "UZ", "TM", "TJ", "MN", "AZ", "IR", "AF")
JANUARY_2022 = (dt.date(2022, 1, 1), dt.date(2022, 1, 31))


@functools.cache
def regions(data_dir: Path) -> gpd.GeoDataFrame:
    """Kazakhstan's 14 regions and the cities of Almaty and Astana (January 2022 units)."""
    return gpd.read_file(data_dir / "boundaries" / "kz_regions.geojson").to_crs(4326)


@functools.cache
def countries(data_dir: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(data_dir / "boundaries" / "countries.geojson").to_crs(4326)


# Boundaries are simplified for drawing to about a kilometre (0.01°), a fraction of a pixel at the
# zoom levels the maps show: a third of the vertices, so deck.gl's picking (which redraws every
# pickable polygon when the pointer goes down) stays far inside its 250 ms limit for a click.
DRAWING_TOLERANCE = 0.01


def polygons(
    frame: gpd.GeoDataFrame, name_column: str, tolerance: float = DRAWING_TOLERANCE
) -> pd.DataFrame:
    """One row per polygon ring set ({name, polygon}) for a deck.gl PolygonLayer; multipolygons
    become several rows of the same name."""
    rows = []
    shapes = (
        frame.geometry.simplify(tolerance, preserve_topology=True) if tolerance else frame.geometry
    )
    for name, geometry in zip(frame[name_column], shapes, strict=True):
        parts = getattr(geometry, "geoms", [geometry])
        for part in parts:
            rings = [list(map(list, part.exterior.coords))] + [
                list(map(list, ring.coords)) for ring in part.interiors
            ]
            rows.append(
                {
                    "name": name,
                    "polygon": [[[round(x, 4), round(y, 4)] for x, y in r] for r in rings],
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class MetricQuery:
    metric: Metric = "respondents"
    code: str | None = None  # for excerpts and share
    date_from: dt.date = JANUARY_2022[0]  # for events: active on any day in [from, to]
    date_to: dt.date = JANUARY_2022[1]


def place_metrics(
    store: Store,
    versions: Versions,
    query: MetricQuery,
    *,
    level: str = "city",
    filters: Filters = Filters(),
) -> pd.DataFrame:
    """Per city (or region): name, region, latitude, longitude, value, denominator, colour key.

    value: respondents; coded excerpts of `code`; share (%) of the place's respondents mentioning
    `code`; or events active between the two dates. denominator: the place's respondents (for
    events: none). colour: the dominant challenge (interview metrics) or event type (events).
    """
    if level not in ("city", "region"):
        raise ValueError(level)
    if query.metric == "events":
        return _event_metrics(store, versions, query, level, filters)
    return _interview_metrics(store, versions, query, level, filters)


def _interview_metrics(store, versions, query, level, filters) -> pd.DataFrame:
    rv, cv = versions.get("respondents", -1), versions.get("interview_codes", -1)
    r_where, r_params = filters.respondents_sql("r")
    c_where, c_params = filters.codes_sql("c")
    places = store.query(
        f"SELECT r.{level} AS name, MIN(r.region) AS region, AVG(r.latitude) AS latitude,"
        " AVG(r.longitude) AS longitude, COUNT(DISTINCT r.respondent_id) AS respondents"
        f" FROM respondents r WHERE r.version = ? AND r.{level} IS NOT NULL AND {r_where} GROUP BY 1",
        [rv, *r_params],
    )
    coded = store.query(
        f"SELECT r.{level} AS name, COUNT(*) AS excerpts, COUNT(DISTINCT c.respondent_id) AS mentioning"
        " FROM interview_codes c JOIN respondents r ON r.respondent_id = c.respondent_id AND r.version = ?"
        f" WHERE c.version = ? AND c.code = ? AND {r_where} AND {c_where} GROUP BY 1",
        [rv, cv, query.code or "", *r_params, *c_params],
    )
    dominant = store.query(
        f"""
        WITH x AS (
          SELECT r.{level} AS name, c.code, COUNT(DISTINCT c.respondent_id) AS n
          FROM interview_codes c JOIN respondents r ON r.respondent_id = c.respondent_id AND r.version = ?
          WHERE c.version = ? AND c.theme = 'challenge' AND {r_where} AND {c_where}
          GROUP BY 1, 2
        ), y AS (
          SELECT name, code, ROW_NUMBER() OVER (PARTITION BY name ORDER BY n DESC, code) AS rank FROM x
        )
        SELECT name, code AS colour FROM y WHERE rank = 1
        """,
        [rv, cv, *r_params, *c_params],
    )
    # A share's denominator, as in the challenges matrix: the place's respondents with at least one
    # excerpt under the current period filter (one interviewed "before" only cannot mention a code
    # "during").
    interviewed = store.query(
        f"SELECT r.{level} AS name, COUNT(DISTINCT c.respondent_id) AS interviewed"
        " FROM interview_codes c JOIN respondents r ON r.respondent_id = c.respondent_id AND r.version = ?"
        f" WHERE c.version = ? AND {r_where} AND {c_where} GROUP BY 1",
        [rv, cv, *r_params, *c_params],
    )
    frame = (
        places.merge(coded, on="name", how="left")
        .merge(dominant, on="name", how="left")
        .merge(interviewed, on="name", how="left")
    )
    counts = ["excerpts", "mentioning", "interviewed"]
    frame[counts] = frame[counts].fillna(0).astype(int)
    if query.metric == "respondents":
        frame["value"] = frame["respondents"].astype(float)
        frame["denominator"] = frame["respondents"].astype(int)
    elif query.metric == "excerpts":
        frame["value"] = frame["excerpts"].astype(float)
        frame["denominator"] = frame["respondents"].astype(int)
    else:
        # A place with nobody interviewed in the period has no share at all (not 0 %): not drawn.
        frame = frame[frame["interviewed"] > 0].copy()
        frame["denominator"] = frame["interviewed"]
        frame["value"] = 100.0 * frame["mentioning"] / frame["interviewed"]
    return _finish(frame)


def _event_metrics(store, versions, query, level, filters) -> pd.DataFrame:
    ev = versions.get("events", -1)
    where, params = filters.dated_sql("e")  # the sidebar window applies too
    rows = store.query(
        f"""
        WITH active AS (
          SELECT e.{level} AS name, e.region, e.latitude, e.longitude, e.event_type
          FROM events e
          WHERE e.version = ? AND e.{level} IS NOT NULL AND e.date <= ?
            AND COALESCE(e.end_date, e.date) >= ? AND {where}
        ), types AS (
          SELECT name, event_type, COUNT(*) AS n FROM active GROUP BY 1, 2
        ), ranked AS (
          SELECT name, event_type,
                 ROW_NUMBER() OVER (PARTITION BY name ORDER BY n DESC, event_type) AS rank
          FROM types
        )
        SELECT a.name, MIN(a.region) AS region, AVG(a.latitude) AS latitude,
               AVG(a.longitude) AS longitude, COUNT(*) AS value, MIN(r.event_type) AS colour
        FROM active a JOIN ranked r ON r.name = a.name AND r.rank = 1
        GROUP BY a.name
        """,
        [ev, query.date_to, query.date_from, *params],
    )
    rows["value"] = rows["value"].astype(float)
    rows["denominator"] = pd.NA
    return _finish(rows)


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[frame["latitude"].notna()] if "latitude" in frame else frame
    inside = frame["longitude"].between(KZ_BOUNDS[0], KZ_BOUNDS[2]) & frame["latitude"].between(
        KZ_BOUNDS[1], KZ_BOUNDS[3]
    )
    columns = ["name", "region", "latitude", "longitude", "value", "denominator", "colour"]
    return (
        frame.loc[inside, columns]
        .sort_values(["value", "name"], ascending=[False, True])
        .reset_index(drop=True)
    )


def events_between(
    store: Store,
    versions: Versions,
    date_from: dt.date,
    date_to: dt.date,
    *,
    place: str | None = None,
    level: str = "city",
    filters: Filters = Filters(),
) -> pd.DataFrame:
    """Events active on any day of [date_from, date_to]; of one city/region, or nationwide ones
    (no city and no region) when place is None."""
    ev = versions.get("events", -1)
    if place is None:
        condition, params = "e.city IS NULL AND e.region IS NULL", []
    else:
        condition, params = f"e.{level} = ?", [place]
    return store.query(
        "SELECT e.event_id, e.date, e.end_date, e.time, e.city, e.region, e.event_type, e.title,"
        " e.description, e.deaths, e.detained, e.figures_as_reported, e.source_name, e.source_url"
        " FROM events e WHERE e.version = ? AND e.date <= ? AND COALESCE(e.end_date, e.date) >= ?"
        f" AND {condition} ORDER BY e.date, e.time, e.event_id",
        [ev, date_to, date_from, *params],
    )


def respondents_in(
    store: Store,
    versions: Versions,
    place: str,
    *,
    level: str = "city",
    filters: Filters = Filters(),
) -> pd.DataFrame:
    rv = versions.get("respondents", -1)
    where, params = filters.respondents_sql("r")
    return store.query(
        "SELECT r.respondent_id, r.city, r.region, r.org_type, r.focus_area, r.gender, r.age_group,"
        f" r.interview_date, r.interview_mode FROM respondents r WHERE r.version = ? AND r.{level} = ?"
        f" AND {where} ORDER BY r.respondent_id",
        [rv, place, *params],
    )


def top_challenges(
    store: Store,
    versions: Versions,
    place: str,
    *,
    level: str = "city",
    filters: Filters = Filters(),
    limit: int = 5,
) -> pd.DataFrame:
    rv, cv = versions.get("respondents", -1), versions.get("interview_codes", -1)
    r_where, r_params = filters.respondents_sql("r")
    c_where, c_params = filters.codes_sql("c")
    return store.query(
        "SELECT c.code, COUNT(DISTINCT c.respondent_id) AS respondents, COUNT(*) AS excerpts"
        " FROM interview_codes c JOIN respondents r ON r.respondent_id = c.respondent_id AND r.version = ?"
        f" WHERE c.version = ? AND c.theme = 'challenge' AND r.{level} = ? AND {r_where} AND {c_where}"
        " GROUP BY c.code ORDER BY respondents DESC, excerpts DESC, c.code LIMIT ?",
        [rv, cv, place, *r_params, *c_params, limit],
    )
