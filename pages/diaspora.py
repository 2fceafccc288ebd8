"""Diaspora (/diaspora): where, how and why the Kazakh diaspora mobilised abroad, and what held it
back — the questions of the diaspora paper, over the actions found in public reports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import matrix, resources, timeline
from atlas.export import to_csv_bytes
from atlas.filters import Filters
from components import data_access
from components.context import page_context
from components.event_details import show_actions
from components.heatmap import challenge_heatmap
from components.i18n import language, t
from components.maps import (
    arc_layer,
    build_deck,
    category_colours,
    city_layer,
    label_layer,
    region_layer,
)
from components.provenance import show_source_line
from components.timeline import ranked_bars, stacked_bars

ctx = page_context()
lang = language()
data_dir = str(data_access.settings().data_dir)
voc = ctx.vocabulary
SOURCES = ("diaspora_actions",)
ALMATY = (43.25249, 76.9115)

st.title(t("diaspora.title"))
st.write(t("diaspora.intro"))
if ctx.active.get("diaspora_actions") and ctx.active["diaspora_actions"].author == "bundled data":
    st.warning(t("diaspora.incomplete"), icon=":material/fact_check:")

# --- where ---
countries = data_access.actions_by(ctx.store, ctx.versions, "country", ctx.filters)
places = data_access.diaspora_places(ctx.store, ctx.versions, ctx.filters)
gazetteer = resources.gazetteer(data_access.settings().data_dir).places("country")
country_names = dict(zip(gazetteer["country"], gazetteer["name"], strict=True))
st.subheader(t("diaspora.where"))
show_arcs = st.toggle(t("diaspora.arcs"), key="arcs", bind="query-params")
left, right = st.columns([3, 2], gap="medium")
with left:
    shaded = countries.rename(columns={"key": "name", "actions": "value"})
    shaded = shaded.assign(
        value_text=[
            f"{country_names.get(c, c)}: {t('diaspora.tooltip_actions', n=int(v))}"
            for c, v in zip(shaded["name"], shaded["value"], strict=True)
        ],
        detail="",
    )
    world = region_layer(data_access.world_polygons(data_dir), shaded, layer_id="countries")
    dots = places.rename(columns={"city": "name", "actions": "value"}).assign(colour="", detail="")
    dots["value_text"] = [t("diaspora.tooltip_actions", n=int(v)) for v in dots["value"]]
    layers = [
        world,
        city_layer(dots, colours=category_colours([]), max_radius=16),
        label_layer(dots),
    ]
    if show_arcs and not places.empty:
        # From each diaspora city to Almaty, the centre of the January events.
        arcs = pd.DataFrame(
            {
                "source_lon": places["longitude"],
                "source_lat": places["latitude"],
                "target_lon": ALMATY[1],
                "target_lat": ALMATY[0],
                "width": places["actions"] ** 0.5 * 1.5 + 1,
            }
        )
        layers.append(arc_layer(arcs))
    st.pydeck_chart(
        build_deck(layers, latitude=47.0, longitude=30.0, zoom=1.7, height=420),
        height=420,
        key="world",
    )
with right:
    st.plotly_chart(
        ranked_bars(countries, labels=country_names, value_label=t("diaspora.actions")),
        key="by_country",
        width="stretch",
    )
show_source_line(ctx.active, SOURCES)

# --- how: types over time, actor types, platforms ---
st.subheader(t("diaspora.how"))
weekly = (
    st.segmented_control(
        t("diaspora.step"),
        ["day", "week"],
        format_func=lambda s: t(f"diaspora.step.{s}"),
        default="day",
        key="step",
        bind="query-params",
    )
    == "week"
)
over_time = data_access.actions_by_day(ctx.store, ctx.versions, ctx.filters, "action_type", weekly)
gaps = timeline.shutdown_windows(data_access.timeline_events(ctx.store, ctx.versions, Filters()))
st.plotly_chart(
    stacked_bars(
        over_time,
        labels=voc.labels("action_type", lang),
        gaps=gaps,
        gap_label=t("timeline.gap"),
        weekly=weekly,
    ),
    key="over_time",
    width="stretch",
)
for column, field in zip(st.columns(2), ("actor_type", "platform"), strict=True):
    column.markdown(f"**{t(f'diaspora.by_{field}')}**")
    counts = data_access.actions_by(ctx.store, ctx.versions, field, ctx.filters)
    if counts.empty:
        column.caption(t("diaspora.not_recorded"))
    else:
        column.plotly_chart(
            ranked_bars(counts, labels=voc.labels(field, lang)), key=f"by_{field}", width="stretch"
        )
show_source_line(ctx.active, SOURCES)

# --- why and what held it back ---
st.subheader(t("diaspora.why"))
for rows, columns, key in (
    ("motivation", "country", "motivation_country"),
    ("barriers", "actor_type", "barriers_actor"),
):
    st.markdown(f"**{t(f'diaspora.matrix.{key}')}**")
    counts = data_access.cross_counts(ctx.store, ctx.versions, rows, columns, ctx.filters)
    if counts.empty:
        st.info(t("diaspora.matrix_empty", field=t(f"diaspora.field.{rows}")))
        continue
    totals = (
        counts.groupby("col")["actions"]
        .sum()
        .reset_index()
        .rename(columns={"actions": "respondents"})
    )
    m = matrix.build_matrix(
        {
            "cells": counts.rename(columns={"actions": "respondents"}).assign(
                excerpts=counts["actions"]
            ),
            "columns": totals,
            "rows": counts.groupby("code")["actions"]
            .sum()
            .reset_index()
            .rename(columns={"actions": "respondents"}),
        },
        value="respondents",
    )
    fig = challenge_heatmap(
        m,
        row_labels=voc.labels(rows, lang),
        column_labels=voc.labels(columns, lang),
        value_label=t("diaspora.actions"),
        numerator_label=t("diaspora.actions"),
        denominator_label="",
    )
    picked = st.plotly_chart(
        fig, key=key, on_select="rerun", selection_mode="points", width="stretch"
    )
    if picked and picked.selection.points:
        code, column, _ = picked.selection.points[0]["customdata"]
        found, total = data_access.actions(
            ctx.store, ctx.versions, ctx.filters, ((rows, code), (columns, column)), "", 500
        )
        show_actions(found, total, voc)
show_source_line(ctx.active, SOURCES)

# --- every action, with its source ---
st.subheader(t("diaspora.table"))
f1, f2 = st.columns([1, 2])
types = f1.multiselect(
    t("diaspora.filter_type"),
    voc.codes("action_type"),
    format_func=lambda c: voc.label("action_type", c, lang),
    key="types",
)
search = f2.text_input(t("diaspora.search"), key="action_search")
where = (("action_type", tuple(types)),) if types else ()
rows, total = data_access.actions(ctx.store, ctx.versions, ctx.filters, where, search, 1000)
show_actions(rows, total, voc)
st.download_button(
    t("diaspora.download"),
    data=lambda: to_csv_bytes(
        timeline.actions(
            ctx.store, ctx.versions, ctx.filters, where=dict(where), search=search, limit=None
        )[0]
    ),
    file_name="diaspora-actions.csv",
    mime="text/csv",
    icon=":material/download:",
)
show_source_line(ctx.active, SOURCES)
