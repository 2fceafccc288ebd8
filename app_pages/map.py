"""Map (/map): Kazakhstan's cities and regions by a chosen metric, with the people and events behind
each place. Offline: the base map is drawn from the bundled boundaries."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from atlas import geo, resources
from atlas.filters import JANUARY_2022
from atlas.geo import TIE
from atlas.i18n import message_labels
from components import data_access, presentation, url_state
from components.context import page_context
from components.i18n import language, t
from components.maps import (
    KAZAKHSTAN_VIEW,
    build_deck,
    category_colours,
    city_layer,
    emergency_layer,
    label_layer,
    legend_html,
    outline_layer,
    region_layer,
)
from components.place_panel import event_table, show_place_panel
from components.playback import day_player, stop, tick_interval
from components.provenance import show_sample_notice, show_source_line
from components.sidebar import place_names, place_resolver, vocabulary_labels

DAYS = [JANUARY_2022[0] + dt.timedelta(days=n) for n in range(31)]
ctx = page_context()
lang = language()
codes = ctx.vocabulary.labels("code", lang)
data_dir = str(data_access.settings().data_dir)

st.title(t("map.title"))
st.write(t("map.intro"))

# --- controls (kept in the URL) ---
with presentation.controls(t("present.controls")):
    c1, c2, c3 = st.columns([1.2, 1.6, 1])
    # In the URL as keys (metric=events, code=…), whatever the language; labels of old links too.
    metric = url_state.widget(
        c1.selectbox,
        t("map.metric"),
        geo.METRICS,
        format_func=lambda m: t(f"metric.map.{m}"),
        key="metric",
        labels=message_labels({m: f"metric.map.{m}" for m in geo.METRICS}),
    )
    code = None
    if metric in ("excerpts", "share"):
        code = url_state.widget(
            c2.selectbox,
            t("map.code"),
            ctx.vocabulary.codes("code"),
            format_func=lambda c: codes.get(c, c),
            key="code",
            labels=vocabulary_labels(ctx.vocabulary, "code"),
        )
    else:
        url_state.drop("code")  # no code for this metric: none left in the link
    choropleth = url_state.widget(c3.toggle, t("map.choropleth"), key="choropleth")
datasets = ("events",) if metric == "events" else ("respondents", "interview_codes")
sample = any(ctx.active[d].is_sample for d in datasets if d in ctx.active)
# Decided before the fragment is defined: Streamlit fixes `run_every` in the page's full run.
ticking = tick_interval("map") if metric == "events" else None


def date_window(filters, ticking: float | None) -> tuple[dt.date, dt.date]:
    """Single day, range or cumulative over January 2022; the play button steps the day. A range
    is the sidebar's event dates (`filters`) within January."""
    modes = ("day", "range", "cumulative")
    d1, d2, d3, d4 = st.columns([1.6, 3, 0.8, 1.2], vertical_alignment="bottom")
    mode = (
        url_state.widget(
            d1.segmented_control,
            t("map.dates"),
            modes,
            format_func=lambda m: t(f"map.mode.{m}"),
            default="day",
            key="map_mode",
            labels=message_labels({m: f"map.mode.{m}" for m in modes}),
        )
        or "day"
    )
    if mode == "range":
        # The same window as every other page: the sidebar's event dates (within January 2022).
        first = max(filters.date_from or DAYS[0], DAYS[0])
        last = min(filters.date_to or DAYS[-1], DAYS[-1])
        d2.caption(t("map.range_from_sidebar", first=f"{first:%d.%m}", last=f"{last:%d.%m.%Y}"))
        stop("map")  # no day to step in a range
        return first, max(first, last)
    day = day_player(
        DAYS,
        key="map",
        default=dt.date(2022, 1, 5),
        ticking=ticking,
        label=t("map.day"),
        columns=(d2, d3, d4),
    )
    return (day, day) if mode == "day" else (DAYS[0], day)


@st.fragment(run_every=ticking)
def map_section() -> None:
    visual = presentation.main_visual()  # first: on a projector the map comes before its controls
    window = date_window(ctx.filters, ticking) if metric == "events" else JANUARY_2022
    query = geo.MetricQuery(metric, code, *window)
    field, theme = ("event_type", None) if metric == "events" else ("code", "challenge")
    order = tuple(ctx.vocabulary.codes(field, theme))  # tied codes are listed in this order

    def metrics(level: str) -> pd.DataFrame:
        found = data_access.place_metrics(ctx.store, ctx.versions, query, level, ctx.filters, order)
        code_label = codes.get(code, code) if code else ""
        return describe(found, colour_labels, metric=metric, code_label=code_label, sample=sample)

    colour_labels = ctx.vocabulary.labels(field, lang) | {TIE: t("map.legend.tie")}
    places = metrics("city")
    colours = category_colours(places["colour"].dropna(), order)  # by vocabulary order
    layers = [outline_layer(data_access.neighbour_polygons(data_dir))]
    regions = metrics("region") if choropleth else None
    region_polygons = data_access.region_polygons(data_dir)
    layers.append(
        region_layer(region_polygons, regions, labels=place_names(region_polygons["name"]))
    )
    if metric == "events":
        # The state of emergency, region by region: outlined while in force on the chosen days.
        emergency = data_access.emergency_regions(ctx.store, ctx.versions, *window)
        layers.append(emergency_layer(data_access.region_polygons(data_dir), emergency["region"]))
    city_names = place_names(places["name"])
    layers += [
        city_layer(places, colours=colours, labels=city_names),
        label_layer(places, labels=city_names),
    ]
    left, right = visual.columns([3, 2], gap="medium")
    with left:
        event = st.pydeck_chart(
            build_deck(layers, **KAZAKHSTAN_VIEW),
            key="kzmap",
            on_select="rerun",
            selection_mode="single-object",
            height=presentation.visual_height(560),
        )
        if colours:
            if not presentation.is_on():  # on a projector the legend alone, and a larger map
                st.caption(t("map.colour.events" if metric == "events" else "map.colour.challenge"))
            st.markdown(legend_html(colours, colour_labels), unsafe_allow_html=True)
        if places.empty:
            st.info(t("map.empty"))
        show_source_line(ctx.active, datasets)
    # Notes on the map: beside it on a screen, after the controls on a projector (the map first).
    with st.container() if presentation.is_on() else left:
        if choropleth:
            st.caption(t("map.shymkent_note"))
        if metric == "events":
            when = (
                f"{window[0]:%d.%m.%Y}"
                if window[0] == window[1]
                else f"{window[0]:%d.%m} – {window[1]:%d.%m.%Y}"
            )
            st.caption(
                t("map.emergency", when=when, regions=", ".join(emergency["region"]))
                if not emergency.empty
                else t("map.emergency_none", when=when)
            )
    with right:
        # Beside the map, not above it: the map starts on the first screen (1280×720).
        show_sample_notice({k: v for k, v in ctx.active.items() if k in datasets})
        level, place = selected_place(event)
        if place is None:
            st.info(t("map.click_hint"))
        else:
            shown = (
                places if level == "city" else regions if regions is not None else metrics(level)
            )
            tied = next(iter(shown.loc[shown["name"] == place, "tied"]), ())
            show_place_panel(
                ctx,
                place=place,
                level=level,
                code=code,
                window=window,
                tied=[colour_labels.get(c, c) for c in tied],
                tie_of="events" if metric == "events" else "challenge",
            )
    if metric == "events":
        nationwide = data_access.events_between(ctx.store, ctx.versions, *window, None)
        if not nationwide.empty:
            st.caption(
                t("map.nationwide", first=f"{window[0]:%d.%m}", last=f"{window[1]:%d.%m.%Y}")
            )
            event_table(nationwide, ctx.vocabulary)


def selected_place(event) -> tuple[str | None, str | None]:
    """("city" | "region", canonical name) of the place selected on the map, or (None, None).
    In the URL as `map_city=Almaty` or `map_region=Mangystau Region`: the map forgets a click
    when it is redrawn in another language, and a link opens with the place chosen."""
    objects = event.selection.objects if event else {}
    clicked = {
        level: (found[0]["name"] if found else None)
        for level, found in (("city", objects.get("cities")), ("region", objects.get("regions")))
    }
    gazetteer = resources.gazetteer(data_access.settings().data_dir)
    known = {
        "city": gazetteer.places("city").query("country == 'KZ'")["name"].tolist(),
        "region": data_access.region_polygons(data_dir)["name"].tolist(),
    }
    chosen = {
        level: url_state.selection(
            f"map_{level}", clicked[level], known[level], resolve=place_resolver(level)
        )
        for level in ("city", "region")
    }
    return next(((lvl, name) for lvl, name in chosen.items() if name), (None, None))


def describe(
    places: pd.DataFrame,
    colour_labels: dict[str, str],
    *,
    metric: str,
    code_label: str,
    sample: bool,
) -> pd.DataFrame:
    """Tooltip texts: the metric with its denominator (for the code labelled `code_label`), the
    colour's meaning, and the sample label when the data is the bundled sample."""
    places = places.copy()
    name = t(f"metric.map.{metric}")
    if metric == "share":
        places["value_text"] = [
            t(
                "map.tooltip.share",
                code=code_label,
                value=f"{v:.0f}",
                n=int(v * d / 100 + 0.5),
                d=int(d),
            )
            for v, d in zip(places["value"], places["denominator"], strict=True)
        ]
    elif metric == "excerpts":
        places["value_text"] = [
            t("map.tooltip.excerpts", code=code_label, value=int(v), d=int(d))
            for v, d in zip(places["value"], places["denominator"], strict=True)
        ]
    else:
        places["value_text"] = [f"{name}: {int(v)}" for v in places["value"]]
    key = "map.tooltip.events_colour" if metric == "events" else "map.tooltip.challenge_colour"
    places["detail"] = [
        t("map.tooltip.tie", labels=", ".join(colour_labels.get(c, c) for c in tied))
        if colour == TIE
        else t(key, label=colour_labels.get(colour, colour))
        if isinstance(colour, str)
        else ""
        for colour, tied in zip(places["colour"], places["tied"], strict=True)
    ]
    if sample:  # interview data from the bundled sample: the tooltip says so, as the page does
        places["detail"] = [
            f"{d} · {t('export.sample')}" if d else t("export.sample") for d in places["detail"]
        ]
    return places


map_section()
