"""Diaspora (/diaspora): where, how and why the Kazakh diaspora mobilised abroad, and what held it
back — the questions of the diaspora paper, over the actions found in public reports."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from atlas import geo, matrix, resources, timeline
from atlas.export import to_csv_bytes
from atlas.filters import Filters
from atlas.seed import SEED_AUTHOR
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
from components.provenance import export_context, show_chart, show_source_line
from components.timeline import ranked_bars, stacked_bars

ctx = page_context()
lang = language()
data_dir = str(data_access.settings().data_dir)
voc = ctx.vocabulary
SOURCES = ("diaspora_actions", "sources")
ALMATY = (43.25249, 76.9115)
MAP_WIDTH = (
    520  # px: the map's column at 1280 px with the sidebar open (a narrower screen zooms out)
)

st.title(t("diaspora.title"))
st.write(t("diaspora.intro"))
if ctx.active.get("diaspora_actions") and ctx.active["diaspora_actions"].author == SEED_AUTHOR:
    st.warning(t("diaspora.incomplete"), icon=":material/fact_check:")
    st.caption(t("diaspora.turkey"))

# Diaspora activism apart from solidarity by others: every view below follows this choice.
ORGANISERS = {
    "all": (),
    "diaspora": timeline.DIASPORA_ORGANISERS,
    "others": timeline.OTHER_ORGANISERS,
    "unknown": ("unknown",),
}
who = (
    st.segmented_control(
        t("diaspora.organisers"),
        list(ORGANISERS),
        format_func=lambda k: t(f"diaspora.organisers.{k}"),
        default="all",
        key="who",
        bind="query-params",
        help=t("diaspora.organisers_help"),
    )
    or "all"
)
organisers = ORGANISERS[who]

# --- where ---
countries = data_access.actions_by(ctx.store, ctx.versions, "country", ctx.filters, organisers)
places = data_access.diaspora_places(ctx.store, ctx.versions, ctx.filters, organisers)
gazetteer = resources.gazetteer(data_access.settings().data_dir).places("country")
country_names = dict(zip(gazetteer["country"], gazetteer["name"], strict=True))
st.subheader(t("diaspora.where"))
show_arcs = st.toggle(t("diaspora.arcs"), value=True, key="arcs", bind="query-params")
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
    # Framed on the actions shown and Kazakhstan, whichever continents they span.
    view = geo.fit_view(
        [*places["longitude"], ALMATY[1]],
        [*places["latitude"], ALMATY[0]],
        width_px=MAP_WIDTH,
        height_px=420,
    )
    st.pydeck_chart(build_deck(layers, **view, height=420), height=420, key="world")
    st.caption(t("diaspora.map_legend"))
with right:
    ranked = show_chart(
        ranked_bars(countries, labels=country_names, value_label=t("diaspora.actions")),
        export_context(ctx, SOURCES, title=t("diaspora.where"), name="diaspora-by-country"),
        key="by_country",
        on_select="rerun",
        selection_mode="points",
        width="stretch",
    )
show_source_line(ctx.active, SOURCES)
# A bar returns its label when clicked: back to the country code through the same labels.
bar_country = {html.escape(country_names.get(c, c) or "—"): c for c in countries["key"]}
clicked = [bar_country.get(p.get("y")) for p in (ranked.selection.points if ranked else [])]
if clicked and clicked[0]:
    country = clicked[0]
    st.markdown(f"**{t('diaspora.country_actions', country=country_names.get(country, country))}**")
    found, total = data_access.actions(
        ctx.store, ctx.versions, ctx.filters, (("country", country),), "", 500, organisers
    )
    show_actions(found, total, voc)
else:
    st.caption(t("diaspora.country_hint"))

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
over_time = data_access.actions_by_day(
    ctx.store, ctx.versions, ctx.filters, "action_type", weekly, organisers
)
gaps = timeline.shutdown_windows(data_access.timeline_events(ctx.store, ctx.versions, Filters()))
show_chart(
    stacked_bars(
        over_time,
        labels=voc.labels("action_type", lang),
        gaps=gaps,
        gap_label=t("timeline.gap"),
        weekly=weekly,
        language=lang,
        order=voc.codes("action_type"),
        week_label=t("diaspora.week_of"),
    ),
    export_context(ctx, SOURCES, title=t("diaspora.how"), name="diaspora-over-time"),
    key="over_time",
    width="stretch",
)
vague = int(over_time.loc[over_time["precision"] != "day", "actions"].sum())
if vague:
    st.caption(t("diaspora.month_only", n=vague))
for column, field in zip(st.columns(3), ("organiser_kind", "actor_type", "platform"), strict=True):
    column.markdown(f"**{t(f'diaspora.by_{field}')}**")
    # Actions with no value keep a bar of their own ("Unknown"), never silently dropped.
    counts = data_access.actions_by(
        ctx.store, ctx.versions, field, ctx.filters, organisers, unknown=True
    )
    if counts.empty:
        column.caption(t("diaspora.not_recorded"))
    else:
        labels = {timeline.UNKNOWN: t("cell.unknown")} | voc.labels(field, lang)
        column.plotly_chart(ranked_bars(counts, labels=labels), key=f"by_{field}", width="stretch")
show_source_line(ctx.active, SOURCES)

# --- why and what held it back ---
st.subheader(t("diaspora.why"))
for rows, columns, key in (
    ("motivation", "country", "motivation_country"),
    ("barriers", "actor_type", "barriers_actor"),
):
    st.markdown(f"**{t(f'diaspora.matrix.{key}')}**")
    counts = data_access.cross_counts(
        ctx.store, ctx.versions, rows, columns, ctx.filters, organisers
    )
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
            ctx.store,
            ctx.versions,
            ctx.filters,
            ((rows, code), (columns, column)),
            "",
            500,
            organisers,
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
rows, total = data_access.actions(
    ctx.store, ctx.versions, ctx.filters, where, search, 1000, organisers
)
show_actions(rows, total, voc)
st.download_button(
    t("diaspora.download"),
    data=lambda: to_csv_bytes(
        timeline.actions(
            ctx.store,
            ctx.versions,
            ctx.filters,
            where=dict(where),
            search=search,
            limit=None,
            organisers=organisers,
        )[0]
    ),
    file_name="diaspora-actions.csv",
    mime="text/csv",
    icon=":material/download:",
)
show_source_line(ctx.active, SOURCES)
