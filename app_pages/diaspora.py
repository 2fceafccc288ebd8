"""Diaspora (/diaspora): where, how and why the Kazakh diaspora mobilised abroad, and what held it
back — the questions of the diaspora paper, over the actions found in public reports."""

from __future__ import annotations

import html

import streamlit as st

from atlas import matrix, timeline
from atlas.export import to_csv_bytes
from atlas.filters import Filters
from atlas.i18n import message_labels
from atlas.seed import SEED_AUTHOR
from components import data_access, diaspora_map, figure_cache, presentation, url_state
from components.context import page_context
from components.event_details import show_actions
from components.heatmap import challenge_heatmap
from components.i18n import language, t
from components.provenance import export_context, show_chart, show_source_line
from components.sidebar import country_names as names_of_countries
from components.sidebar import vocabulary_labels
from components.timeline import ranked_bars, stacked_bars

ctx = page_context()
lang = language()
data_dir = str(data_access.settings().data_dir)
voc = ctx.vocabulary
SOURCES = ("diaspora_actions", "sources")
# Rows drawn in the table of actions; the download has them all, the search narrows them.
TABLE_ROWS = 300
MAP_WIDTH = (
    520  # px: the map's column at 1280 px with the sidebar open (a narrower screen zooms out)
)

st.title(t("diaspora.title"))
st.write(t("diaspora.intro"))
bundled = bool(ctx.active.get("diaspora_actions")) and (
    ctx.active["diaspora_actions"].author == SEED_AUTHOR
)
if bundled:  # its note on Turkey comes under the map, so that the map starts on the first screen
    st.warning(t("diaspora.incomplete"), icon=":material/fact_check:")

# Diaspora activism apart from solidarity by others: every view below follows this choice.
ORGANISERS = {
    "all": (),
    "diaspora": timeline.DIASPORA_ORGANISERS,
    "others": timeline.OTHER_ORGANISERS,
    "unknown": ("unknown",),
}
# Every control in the URL as its key (who=diaspora, arcs=false, bars=week); labels of old links too.
who = (
    url_state.widget(
        st.segmented_control,
        t("diaspora.organisers"),
        list(ORGANISERS),
        format_func=lambda k: t(f"diaspora.organisers.{k}"),
        default="all",
        key="who",
        labels=message_labels({k: f"diaspora.organisers.{k}" for k in ORGANISERS}),
        help=t("diaspora.organisers_help"),
    )
    or "all"
)
organisers = ORGANISERS[who]

# --- where ---
countries = data_access.actions_by(ctx.store, ctx.versions, "country", ctx.filters, organisers)
country_names = names_of_countries(lang)  # in the viewer's language (CLDR's names)
heading, switch = st.columns([3, 2], vertical_alignment="bottom")  # one row: the map rises
heading.subheader(t("diaspora.where"))
show_arcs = url_state.widget(switch.toggle, t("diaspora.arcs"), value=True, key="arcs")
left, right = st.columns([3, 2], gap="medium")
with left:
    deck = diaspora_map.world_deck(
        ctx.store,
        ctx.versions,
        ctx.filters,
        organisers,
        arcs=show_arcs,
        language=lang,
        data_dir=data_dir,
        width=MAP_WIDTH,
        height=420,
    )
    st.pydeck_chart(deck, height=420, key="world")
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
if bundled:
    st.caption(t("diaspora.turkey"))
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
# Bars per day on a span of weeks; per week or month on longer spans (never a smear of
# thousands of bars): the finest step that fits is the default, a finer choice is coarsened.
span = data_access.action_span(ctx.store, ctx.versions, ctx.filters, organisers)
if not presentation.is_on():  # `step` is a story's step there; elsewhere an old link's bars
    url_state.rename("step", "bars")
wanted = url_state.widget(
    st.segmented_control,
    t("diaspora.step"),
    timeline.STEPS,
    format_func=lambda s: t(f"diaspora.step.{s}"),
    default=timeline.fitting_step(*span),
    key="step",
    param="bars",
    labels=message_labels({s: f"diaspora.step.{s}" for s in timeline.STEPS}),
) or timeline.fitting_step(*span)
step = timeline.fitting_step(*span, wanted)
if step != wanted:
    st.caption(t(f"diaspora.step_coarsened.{step}", bars=timeline.MAX_BARS))
over_time = data_access.actions_by_day(
    ctx.store, ctx.versions, ctx.filters, "action_type", step, organisers
)
gaps = timeline.shutdown_windows(data_access.timeline_events(ctx.store, ctx.versions, Filters()))
show_chart(
    figure_cache.cached(
        stacked_bars,
        over_time,
        labels=voc.labels("action_type", lang),
        gaps=gaps,
        gap_label=t("timeline.gap"),
        step=step,
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
    fig = figure_cache.cached(
        challenge_heatmap,
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
types = url_state.widget(
    f1.multiselect,
    t("diaspora.filter_type"),
    voc.codes("action_type"),
    format_func=lambda c: voc.label("action_type", c, lang),
    key="types",
    labels=vocabulary_labels(voc, "action_type"),
)
search = f2.text_input(t("diaspora.search"), key="action_search")
where = (("action_type", tuple(types)),) if types else ()
rows, total = data_access.actions(
    ctx.store, ctx.versions, ctx.filters, where, search, TABLE_ROWS, organisers
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
