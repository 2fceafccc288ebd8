"""Map (/map): Kazakhstan's cities and regions by a chosen metric, with the people and events behind
each place. Offline: the base map is drawn from the bundled boundaries."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from atlas import geo
from components import data_access
from components.context import page_context
from components.i18n import language, t
from components.maps import (
    KAZAKHSTAN_VIEW,
    build_deck,
    category_colours,
    city_layer,
    label_layer,
    legend,
    outline_layer,
    region_layer,
)
from components.place_panel import event_table, show_place_panel
from components.provenance import show_sample_notice, show_source_line

DAYS = [dt.date(2022, 1, day) for day in range(1, 32)]
ctx = page_context()
lang = language()
codes = ctx.vocabulary.labels("code", lang)
data_dir = str(data_access.settings().data_dir)

st.title(t("map.title"))
st.write(t("map.intro"))

# --- controls (kept in the URL) ---
c1, c2, c3 = st.columns([1.2, 1.6, 1])
metric = c1.selectbox(
    t("map.metric"),
    geo.METRICS,
    format_func=lambda m: t(f"metric.map.{m}"),
    key="metric",
    bind="query-params",
)
code = None
if metric in ("excerpts", "share"):
    all_codes = ctx.vocabulary.codes("code")
    code = c2.selectbox(
        t("map.code"),
        all_codes,
        format_func=lambda c: codes.get(c, c),
        key="code",
        bind="query-params",
    )
choropleth = c3.toggle(t("map.choropleth"), key="choropleth", bind="query-params")
datasets = ("events",) if metric == "events" else ("respondents", "interview_codes")
if metric != "events":
    show_sample_notice({k: v for k, v in ctx.active.items() if k in datasets})
playing = metric == "events" and st.session_state.get("map_play", False)


def date_window() -> tuple[dt.date, dt.date]:
    """Single day, range or cumulative over January 2022; the play button steps the day."""
    modes = ("day", "range", "cumulative")
    d1, d2, d3 = st.columns([1.3, 3, 0.8], vertical_alignment="bottom")
    mode = (
        d1.segmented_control(
            t("map.dates"),
            modes,
            format_func=lambda m: t(f"map.mode.{m}"),
            default="day",
            key="map_mode",
            bind="query-params",
        )
        or "day"
    )
    if mode == "range":
        # The same window as every other page: the sidebar's event dates (within January 2022).
        first = max(ctx.filters.date_from or DAYS[0], DAYS[0])
        last = min(ctx.filters.date_to or DAYS[-1], DAYS[-1])
        d2.caption(t("map.range_from_sidebar", first=f"{first:%d.%m}", last=f"{last:%d.%m.%Y}"))
        return first, max(first, last)
    if playing:
        current = st.session_state.get("map_day", DAYS[0])
        st.session_state["map_day"] = DAYS[min(DAYS.index(current) + 1, len(DAYS) - 1)]
    day = d2.select_slider(
        t("map.day"),
        DAYS,
        value=dt.date(2022, 1, 5),
        format_func=lambda d: f"{d:%d %b}",
        key="map_day",
        bind="query-params",
    )
    d3.toggle(t("map.play"), key="map_play", help=t("map.play_help"))
    if playing and day == DAYS[-1]:
        st.session_state["map_play"] = False
    return (day, day) if mode == "day" else (DAYS[0], day)


@st.fragment(run_every=1.2 if playing else None)
def map_section() -> None:
    window = date_window() if metric == "events" else geo.JANUARY_2022
    query = geo.MetricQuery(metric, code, *window)
    places = data_access.place_metrics(ctx.store, ctx.versions, query, "city", ctx.filters)
    colour_labels = ctx.vocabulary.labels("event_type" if metric == "events" else "code", lang)
    places = describe(places, colour_labels)
    colours = category_colours(places["colour"].dropna())
    layers = [outline_layer(data_access.neighbour_polygons(data_dir))]
    regions = None
    if choropleth:
        regions = describe(
            data_access.place_metrics(ctx.store, ctx.versions, query, "region", ctx.filters),
            colour_labels,
        )
    layers += [
        region_layer(data_access.region_polygons(data_dir), regions),
        city_layer(places, colours=colours),
        label_layer(places),
    ]
    if metric == "events":
        nationwide = data_access.events_between(ctx.store, ctx.versions, *window, None)
        if not nationwide.empty:
            st.caption(
                t("map.nationwide", first=f"{window[0]:%d.%m}", last=f"{window[1]:%d.%m.%Y}")
            )
            event_table(nationwide, ctx.vocabulary)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        event = st.pydeck_chart(
            build_deck(layers, **KAZAKHSTAN_VIEW),
            key="kzmap",
            on_select="rerun",
            selection_mode="single-object",
            height=560,
        )
        if colours:
            st.caption(t("map.colour.events" if metric == "events" else "map.colour.challenge"))
            st.plotly_chart(
                legend(colours, colour_labels), config={"staticPlot": True}, key="legend"
            )
        if places.empty:
            st.info(t("map.empty"))
        show_source_line(ctx.active, datasets)
        if choropleth:
            st.caption(t("map.shymkent_note"))
    with right:
        selected = event.selection.objects if event else {}
        level, place = next(
            (
                (lvl, objs[0]["name"])
                for lvl, objs in (
                    ("city", selected.get("cities")),
                    ("region", selected.get("regions")),
                )
                if objs
            ),
            (None, None),
        )
        if place is None:
            st.info(t("map.click_hint"))
        else:
            show_place_panel(ctx, place=place, level=level, code=code, window=window)


def describe(places: pd.DataFrame, colour_labels: dict[str, str]) -> pd.DataFrame:
    """Tooltip texts: the metric with its denominator, and the colour's meaning."""
    places = places.copy()
    name = t(f"metric.map.{metric}")
    if metric == "share":
        places["value_text"] = [
            t(
                "map.tooltip.share",
                code=codes.get(code, code),
                value=f"{v:.0f}",
                n=int(v * d / 100 + 0.5),
                d=int(d),
            )
            for v, d in zip(places["value"], places["denominator"], strict=True)
        ]
    elif metric == "excerpts":
        places["value_text"] = [
            t("map.tooltip.excerpts", code=codes.get(code, code), value=int(v), d=int(d))
            for v, d in zip(places["value"], places["denominator"], strict=True)
        ]
    else:
        places["value_text"] = [f"{name}: {int(v)}" for v in places["value"]]
    key = "map.tooltip.events_colour" if metric == "events" else "map.tooltip.challenge_colour"
    places["detail"] = [
        t(key, label=colour_labels.get(c, c)) if isinstance(c, str) else ""
        for c in places["colour"]
    ]
    return places


map_section()
