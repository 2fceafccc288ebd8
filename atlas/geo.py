"""Geography: boundaries from data/, and per-city and per-region metrics computed in the database."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd

from atlas.filters import JANUARY_2022, Filters
from atlas.store import Store

Versions = dict[str, int]
Metric = Literal["respondents", "excerpts", "share", "events"]
METRICS: tuple[Metric, ...] = ("respondents", "excerpts", "share", "events")
# Kazakhstan and a margin: what the national map shows (events abroad, such as Strasbourg, fall out).
KZ_BOUNDS = (44.0, 38.5, 90.0, 56.5)  # min lon, min lat, max lon, max lat
NEIGHBOURS = ("RU", "CN", "KG", "UZ", "TM", "TJ", "MN", "AZ", "IR", "AF")
# The colour key of a place where several codes share the most mentions: no code wins a tie.
TIE = "(tie)"


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


# The world map is drawn at zoom ~1.7 (a pixel is ~0.4°): 0.05° and no islets below 0.1 deg² (~30
# km across) keep every country's shape and halve the points sent on each rerun.
WORLD_TOLERANCE = 0.05
WORLD_MIN_AREA = 0.1


def _unwrapped(ring: list) -> list[list[float]]:
    """A ring's points rounded to ~10 m; a ring that crosses the antimeridian (Chukotka, Fiji)
    continues east of 180° instead of jumping back across the map, which deck.gl draws as a
    stripe around the world."""
    xs = [x for x, _ in ring]
    shift = max(xs) - min(xs) > 180
    return [[round(x + 360 if shift and x < 0 else x, 4), round(y, 4)] for x, y in ring]


def polygons(
    frame: gpd.GeoDataFrame,
    name_column: str,
    tolerance: float = DRAWING_TOLERANCE,
    min_area: float = 0.0,
) -> pd.DataFrame:
    """One row per polygon ring set ({name, polygon}) for a deck.gl PolygonLayer; multipolygons
    become several rows of the same name. Parts smaller than `min_area` (deg²) are left out,
    except each shape's largest, so that no place disappears."""
    rows = []
    shapes = (
        frame.geometry.simplify(tolerance, preserve_topology=True) if tolerance else frame.geometry
    )
    for name, geometry in zip(frame[name_column], shapes, strict=True):
        parts = sorted(getattr(geometry, "geoms", [geometry]), key=lambda p: -p.area)
        parts = parts[:1] + [p for p in parts[1:] if p.area >= min_area]
        for part in parts:
            rings = [list(map(list, part.exterior.coords))] + [
                list(map(list, ring.coords)) for ring in part.interiors
            ]
            rows.append(
                {
                    "name": name,
                    "polygon": [_unwrapped(r) for r in rings],
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
    order: Sequence[str] = (),
) -> pd.DataFrame:
    """Per city (or region): name, region, latitude, longitude, value, denominator, colour key,
    tied codes.

    value: respondents; coded excerpts of `code`; share (%) of the place's respondents mentioning
    `code`; or events active between the two dates. denominator: the place's respondents (for
    events: none). colour: the dominant challenge (interview metrics) or event type (events), or
    TIE where several share the most; tied: those codes, in `order` (the vocabulary's).
    """
    if level not in ("city", "region"):
        raise ValueError(level)
    if query.metric == "events":
        return _event_metrics(store, versions, query, level, filters, order)
    return _interview_metrics(store, versions, query, level, filters, order)


def dominant(counts: pd.DataFrame, *, order: Sequence[str] = ()) -> pd.DataFrame:
    """The most-mentioned code of each place, from `counts` (name, code, n).

    Returns name, colour (the code, or TIE when several codes share the most) and tied (the codes
    sharing the most when there is a tie, else ()). Tied codes follow `order`, the vocabulary's;
    codes it lacks come last, alphabetically. A tie is never broken by the codes' spelling.
    """
    position = {code: i for i, code in enumerate(order)}
    rows = []
    for name, group in counts.groupby("name", sort=True):
        top = group.loc[group["n"] == group["n"].max(), "code"]
        codes = tuple(sorted(set(top), key=lambda c: (position.get(c, len(position)), c)))
        tie = len(codes) > 1
        rows.append(
            {"name": name, "colour": TIE if tie else codes[0], "tied": codes if tie else ()}
        )
    return pd.DataFrame(rows, columns=["name", "colour", "tied"])


def _interview_metrics(store, versions, query, level, filters, order) -> pd.DataFrame:
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
    # Respondents mentioning each challenge, per place: the most-mentioned one colours the place.
    mentions = store.query(
        f"SELECT r.{level} AS name, c.code, COUNT(DISTINCT c.respondent_id) AS n"
        " FROM interview_codes c JOIN respondents r ON r.respondent_id = c.respondent_id AND r.version = ?"
        f" WHERE c.version = ? AND c.theme = 'challenge' AND {r_where} AND {c_where} GROUP BY 1, 2",
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
        .merge(dominant(mentions, order=order), on="name", how="left")
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


def _event_metrics(store, versions, query, level, filters, order) -> pd.DataFrame:
    ev = versions.get("events", -1)
    where, params = filters.dated_sql("e")  # the sidebar window applies too
    active = (
        f"WITH active AS (SELECT e.{level} AS name, e.region, e.latitude, e.longitude, e.event_type"
        f" FROM events e WHERE e.version = ? AND e.{level} IS NOT NULL AND e.date <= ?"
        f" AND COALESCE(e.end_date, e.date) >= ? AND {where})"
    )
    active_params = [ev, query.date_to, query.date_from, *params]
    rows = store.query(
        f"{active} SELECT name, MIN(region) AS region, AVG(latitude) AS latitude,"
        " AVG(longitude) AS longitude, COUNT(*) AS value FROM active GROUP BY name",
        active_params,
    )
    types = store.query(
        f"{active} SELECT name, event_type AS code, COUNT(*) AS n FROM active GROUP BY 1, 2",
        active_params,
    )
    rows = rows.merge(dominant(types, order=order), on="name", how="left")
    rows["value"] = rows["value"].astype(float)
    rows["denominator"] = pd.NA
    return _finish(rows)


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[frame["latitude"].notna()] if "latitude" in frame else frame
    inside = frame["longitude"].between(KZ_BOUNDS[0], KZ_BOUNDS[2]) & frame["latitude"].between(
        KZ_BOUNDS[1], KZ_BOUNDS[3]
    )
    frame = frame.assign(tied=[t if isinstance(t, tuple) else () for t in frame["tied"]])
    columns = ["name", "region", "latitude", "longitude", "value", "denominator", "colour", "tied"]
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


def fit_view(
    longitudes: Sequence[float],
    latitudes: Sequence[float],
    *,
    width_px: int,
    height_px: int,
    padding: float = 0.12,
    zoom_range: tuple[float, float] = (0.8, 6.0),
) -> dict[str, float]:
    """The web-Mercator view (latitude, longitude, zoom) that shows every point, with `padding`
    (a share of the span) around them, in a map of width_px × height_px."""
    lons = [float(x) for x in longitudes if x is not None and math.isfinite(float(x))]
    lats = [float(y) for y in latitudes if y is not None and math.isfinite(float(y))]
    if not lons or not lats:
        return {"latitude": 30.0, "longitude": 30.0, "zoom": zoom_range[0]}

    def mercator_y(lat: float) -> float:  # 0..1 from the top, as deck.gl's tiles count
        lat = max(-85.0, min(85.0, lat))
        return (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2

    west, east = min(lons), max(lons)
    top, bottom = mercator_y(max(lats)), mercator_y(min(lats))
    span_x = max((east - west) / 360, 1e-3) * (1 + 2 * padding)
    span_y = max(bottom - top, 1e-3) * (1 + 2 * padding)
    # At zoom z the world is 512 · 2^z px wide in deck.gl's units.
    zoom = math.log2(min(width_px / (512 * span_x), height_px / (512 * span_y)))
    centre_y = (top + bottom) / 2
    latitude = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * centre_y))))
    return {
        "latitude": round(latitude, 3),
        "longitude": round((west + east) / 2, 3),
        "zoom": round(max(zoom_range[0], min(zoom_range[1], zoom)), 2),
    }
