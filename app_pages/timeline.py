"""Timeline (/timeline): what happened in January 2022, when, where, by whose account — with the
diaspora's actions abroad on the same time axis."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from atlas import geo, timeline
from atlas.filters import JANUARY_2022, Filters
from components import data_access, figure_cache, presentation
from components.context import page_context
from components.event_details import show_actions, show_event, show_figure_sources
from components.i18n import language, t
from components.maps import (
    build_deck,
    category_colours,
    city_layer,
    label_layer,
    outline_layer,
    region_layer,
)
from components.playback import day_player, draw_day, tick_interval
from components.provenance import export_context, show_chart, show_source_line
from components.sidebar import place_names as place_labels
from components.timeline import event_timeline, figures_chart

ctx = page_context()
lang = language()
data_dir = str(data_access.settings().data_dir)

st.title(t("timeline.title"))
st.write(t("timeline.intro"))
if not presentation.is_on():
    st.info(t("timeline.sources_note"), icon=":material/fact_check:")

# The shared window: the sidebar's event dates; with none chosen, January 2022.
first = ctx.filters.date_from or JANUARY_2022[0]
last = ctx.filters.date_to or JANUARY_2022[1]
window = dataclasses.replace(ctx.filters, date_from=first, date_to=last)
events = data_access.timeline_events(ctx.store, ctx.versions, window)
diaspora = data_access.actions_by_day(ctx.store, ctx.versions, window, "action_type", "day")
# The shutdown was nationwide: its band shows whatever places the sidebar narrows to.
gaps = timeline.shutdown_windows(data_access.timeline_events(ctx.store, ctx.versions, Filters()))
if not presentation.is_on():
    st.caption(
        t(
            "timeline.window",
            first=f"{first:%d.%m.%Y}",
            last=f"{last:%d.%m.%Y}",
            n=len(events),
            m=int(diaspora["actions"].sum()),
        )
    )

# A day cursor with Play. Only the controls tick (a fragment); a new day reruns the page, whose
# chart then shades the days up to the cursor.
days = list(pd.date_range(first, last).date)
ticking = tick_interval("timeline") if len(days) > 1 else None
drawn_day = st.session_state.get("timeline_day", days[-1])


@st.fragment(run_every=ticking)
def day_cursor() -> None:
    if len(days) < 2:
        return
    columns = st.columns([3, 0.8, 1.2], vertical_alignment="bottom")
    day = day_player(
        days,
        key="timeline",
        default=days[-1],
        ticking=ticking,
        label=t("timeline.cursor"),
        columns=columns,
    )
    if day != drawn_day:
        draw_day("timeline")


day_cursor()

fig = figure_cache.cached(
    event_timeline,
    events,
    diaspora,
    lane_labels=ctx.vocabulary.labels("event_type", lang),
    diaspora_labels=ctx.vocabulary.labels("action_type", lang),
    diaspora_prefix=t("timeline.diaspora_lane"),
    gaps=gaps,
    gap_label=t("timeline.gap"),
    x_range=(pd.Timestamp(first), pd.Timestamp(last) + pd.Timedelta(days=1)),
    language=lang,
    source_label=t("event.source"),
    source_kinds=ctx.vocabulary.labels("source_kind", lang),
    place_labels=place_labels(events["city"].tolist() + events["region"].tolist()),
)
cursor = st.session_state.get("timeline_day", last)
if first <= cursor < last:
    upto = pd.Timestamp(cursor) + pd.Timedelta(days=1)
    fig.add_vrect(
        x0=pd.Timestamp(first),
        x1=upto,
        fillcolor="#1f5f8b",
        opacity=0.1,
        line_width=0,
        layer="below",
    )
    st.caption(
        t(
            "timeline.cursor_note",
            day=f"{cursor:%d.%m.%Y}",
            n=int((pd.to_datetime(events["date"]) < upto).sum()),
            m=int(diaspora.loc[pd.to_datetime(diaspora["period"]) < upto, "actions"].sum()),
        )
    )

with presentation.main_visual():
    chosen = show_chart(
        presentation.fit(fig),
        export_context(
            ctx, ("events", "diaspora_actions"), title=t("timeline.title"), name="timeline"
        ),
        key="timeline",
        on_select="rerun",
        selection_mode="points",
        width="stretch",
        height=presentation.visual_height("content"),
    )
show_source_line(ctx.active, ("events", "diaspora_actions"))

points = chosen.selection.points if chosen else []
if points:
    kind, key, *rest = points[0]["customdata"]
    if kind == "event":
        pages = data_access.source_pages(ctx.store, ctx.versions)
        show_event(events[events["event_id"] == key].iloc[0], ctx.vocabulary, pages)
    else:
        # A day's actions, or those known only to that month (stored on its first day).
        day, precision = dt.date.fromisoformat(rest[0]), (rest[1:] or ["day"])[0]
        narrowed = Filters(date_from=day, date_to=day)
        rows, total = data_access.actions(
            ctx.store, ctx.versions, narrowed, (("action_type", key),), "", 500
        )
        rows = rows[rows["date_precision"].fillna("day") == precision]
        when = timeline.date_label(day, precision, lang)
        st.markdown(f"**{t('timeline.actions_of_day', day=when)}**")
        show_actions(rows, len(rows) if total <= 500 else total, ctx.vocabulary)
else:
    st.caption(t("timeline.click_hint"))

st.subheader(t("timeline.minimap"))
query = geo.MetricQuery("events", None, first, last)
order = tuple(ctx.vocabulary.codes("event_type", None))  # tied codes are listed in this order
places = data_access.place_metrics(ctx.store, ctx.versions, query, "city", ctx.filters, order)
labels = ctx.vocabulary.labels("event_type", lang)
places = places.assign(
    value_text=[t("timeline.minimap_value", n=int(v)) for v in places["value"]],
    detail=[
        t("map.tooltip.tie", labels=", ".join(labels.get(c, c) for c in tied))
        if colour == geo.TIE
        else t("map.tooltip.events_colour", label=labels.get(colour, colour))
        for colour, tied in zip(places["colour"], places["tied"], strict=True)
    ],
)
layers = [
    outline_layer(data_access.neighbour_polygons(data_dir)),
    region_layer(
        data_access.region_polygons(data_dir),
        labels=place_labels(data_access.region_polygons(data_dir)["name"]),
    ),
    city_layer(
        places,
        colours=category_colours(places["colour"].dropna(), order),
        max_radius=18,
        labels=place_labels(places["name"]),
    ),
    label_layer(places, labels=place_labels(places["name"])),
]
st.pydeck_chart(
    build_deck(layers, latitude=48.0, longitude=66.8, zoom=2.7, height=340),
    height=340,
    key="minimap",
)

# --- casualties, detentions and arrests as reported: a series per kind and scope ---
st.subheader(t("timeline.figures"))
st.caption(t("timeline.figures_note"))
figures = data_access.reported_figures(ctx.store, ctx.versions)
st.plotly_chart(
    figure_cache.cached(
        figures_chart,
        figures,
        kinds=ctx.vocabulary.labels("figure_kind", lang),
        scopes=ctx.vocabulary.labels("scope", lang),
        statuses=ctx.vocabulary.labels("figure_status", lang),
        source_kinds=ctx.vocabulary.labels("source_kind", lang),
        words={
            "retracted": t("figure.retracted"),
            "source": t("figure.source"),
            "status": t("figure.status"),
            "body": t("figure.body"),
            "later": t("figure.later"),
        },
        language=lang,
    ),
    key="figures",
    width="stretch",
)
show_source_line(ctx.active, ("reported_figures", "sources"))
st.markdown(f"**{t('timeline.figure_sources')}**")
undated = int(figures["date_reported"].isna().sum())
st.caption(t("timeline.figure_sources_note", n=len(figures), undated=undated))
show_figure_sources(figures, ctx.vocabulary)
