"""Timeline (/timeline): what happened in January 2022, when, where, by whose account — with the
diaspora's actions abroad on the same time axis."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from atlas import geo, timeline
from atlas.filters import Filters
from components import data_access
from components.context import page_context
from components.event_details import show_actions, show_event
from components.i18n import language, t
from components.maps import (
    build_deck,
    category_colours,
    city_layer,
    label_layer,
    outline_layer,
    region_layer,
)
from components.provenance import show_source_line
from components.timeline import event_timeline, figures_chart

ctx = page_context()
lang = language()
data_dir = str(data_access.settings().data_dir)

st.title(t("timeline.title"))
st.write(t("timeline.intro"))
st.info(t("timeline.sources_note"), icon=":material/fact_check:")

# The shared window: the sidebar's event dates; with none chosen, January 2022.
first = ctx.filters.date_from or dt.date(2022, 1, 1)
last = ctx.filters.date_to or dt.date(2022, 1, 31)
window = dataclasses.replace(ctx.filters, date_from=first, date_to=last)
events = data_access.timeline_events(ctx.store, ctx.versions, window)
diaspora = data_access.actions_by_day(ctx.store, ctx.versions, window, "action_type", False)
# The shutdown was nationwide: its band shows whatever places the sidebar narrows to.
gaps = timeline.shutdown_windows(data_access.timeline_events(ctx.store, ctx.versions, Filters()))
st.caption(
    t(
        "timeline.window",
        first=f"{first:%d.%m.%Y}",
        last=f"{last:%d.%m.%Y}",
        n=len(events),
        m=int(diaspora["actions"].sum()),
    )
)

fig = event_timeline(
    events,
    diaspora,
    lane_labels=ctx.vocabulary.labels("event_type", lang),
    diaspora_labels=ctx.vocabulary.labels("action_type", lang),
    diaspora_prefix=t("timeline.diaspora_lane"),
    gaps=gaps,
    gap_label=t("timeline.gap"),
    x_range=(pd.Timestamp(first), pd.Timestamp(last) + pd.Timedelta(days=1)),
)
chosen = st.plotly_chart(
    fig, key="timeline", on_select="rerun", selection_mode="points", width="stretch"
)
show_source_line(ctx.active, ("events", "diaspora_actions"))

points = chosen.selection.points if chosen else []
if points:
    kind, key, *rest = points[0]["customdata"]
    if kind == "event":
        show_event(events[events["event_id"] == key].iloc[0], ctx.vocabulary)
    else:
        day = dt.date.fromisoformat(rest[0])
        narrowed = Filters(date_from=day, date_to=day)
        rows, total = data_access.actions(
            ctx.store, ctx.versions, narrowed, (("action_type", key),), "", 500
        )
        st.markdown(f"**{t('timeline.actions_of_day', day=f'{day:%d.%m.%Y}')}**")
        show_actions(rows, total, ctx.vocabulary)
else:
    st.caption(t("timeline.click_hint"))

left, right = st.columns([1, 1], gap="large")
with left:
    st.subheader(t("timeline.minimap"))
    query = geo.MetricQuery("events", None, first, last)
    places = data_access.place_metrics(ctx.store, ctx.versions, query, "city", ctx.filters)
    labels = ctx.vocabulary.labels("event_type", lang)
    places = places.assign(
        value_text=[t("timeline.minimap_value", n=int(v)) for v in places["value"]],
        detail=[t("map.tooltip.events_colour", label=labels.get(c, c)) for c in places["colour"]],
    )
    layers = [
        outline_layer(data_access.neighbour_polygons(data_dir)),
        region_layer(data_access.region_polygons(data_dir)),
        city_layer(places, colours=category_colours(places["colour"].dropna()), max_radius=18),
        label_layer(places),
    ]
    st.pydeck_chart(
        build_deck(layers, latitude=48.0, longitude=66.8, zoom=2.7, height=340),
        height=340,
        key="minimap",
    )
with right:
    st.subheader(t("timeline.figures"))
    st.caption(t("timeline.figures_note"))
    figures = data_access.reported_figures(ctx.store, ctx.versions)
    st.plotly_chart(
        figures_chart(
            figures, labels={"deaths": t("figure.deaths"), "detained": t("figure.detained")}
        ),
        key="figures",
        width="stretch",
    )
