"""Overview (/): what the dashboard is, where its data comes from, headline figures, versions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas.i18n import format_date, format_month_span, format_number
from components import data_access, navigation
from components.context import page_context
from components.i18n import language, t
from components.provenance import kind_of, show_provenance_badge, show_sample_notice

EXPLORE = [spec for spec in navigation.PAGES if spec.explore]
STUDY_LINKS = {
    "covid": [
        (
            "IEP Berlin — {study}",
            "https://iep-berlin.de/en/projects/enlargement-neighbourhood-and-central-asia/eurasia/study-kazakhstan/",
        ),
        (
            "IEP Berlin — {fellows} 2021",
            "https://iep-berlin.de/en/projects/enlargement-neighbourhood-and-central-asia/eurasia/fellows-2021/",
        ),
        (
            "TEPSA",
            "https://tepsa.eu/the-impact-of-covid-19-pandemic-on-civic-activism-in-kazakhstan-anna-klimchenko-viktoriya-nem-and-kamila-smagulova-iep-berlin/",
        ),
    ],
    "context": [
        (
            "CIVICUS Monitor",
            "https://monitor.civicus.org/watchlist-september-2023/kazakhstan-u8m3/",
        ),
    ],
}


def link_name(name: str) -> str:
    """A link's name with its words in the viewer's language ("IEP Berlin — исследование")."""
    return name.format(study=t("overview.link.study"), fellows=t("overview.link.fellows"))


ctx = page_context()

st.title(t("app.title"))
st.caption(t("app.tagline"))
st.write(t("overview.intro"))
show_sample_notice(ctx.active)

# --- headline figures: interviews (sample) and sourced facts, in two rows ---
st.subheader(t("overview.figures"))
if not ctx.filters.is_empty:
    st.caption(t("overview.filtered"))
figures = data_access.headline(ctx.store, ctx.versions, ctx.filters)
data_access.show_orphans_notice(ctx.store, ctx.versions)
span, span_help = t("metric.none"), t("metric.period.help")
if figures.first_date is not None:
    first, last = figures.first_date, figures.last_date
    span = format_month_span(first, last, language())
    span_help = t(
        "metric.period.help_dates",
        first=format_date(first, language()),
        last=format_date(last, language()),
    )
rows = [
    [
        ("metric.respondents", figures.respondents, "respondents"),
        ("metric.cities", figures.cities, "respondents"),
        ("metric.excerpts", figures.excerpts, "interview_codes"),
    ],
    [
        ("metric.events", figures.events, "events"),
        ("metric.diaspora", figures.diaspora_actions, "diaspora_actions"),
        ("metric.period", span, "events"),
    ],
]
for row in rows:
    for column, (label, value, dataset) in zip(st.columns(len(row)), row, strict=True):
        with column:
            help_text = span_help if label == "metric.period" else t(f"{label}.help")
            shown = value if isinstance(value, str) else format_number(value, language())
            st.metric(t(label), shown, help=help_text, border=True)
            show_provenance_badge(ctx.active.get(dataset))

# --- where to go next: every page the app has ---
st.subheader(t("overview.explore"))
explore = st.columns(len(EXPLORE))
for column, spec in zip(explore, EXPLORE, strict=True):
    with column, st.container(border=True):
        st.page_link(spec.path, label=t(f"nav.{spec.key}"), icon=spec.icon)
        st.caption(t(f"explore.{spec.key}"))

# --- the studies ---
st.subheader(t("studies.header"))
covid, diaspora = st.columns(2, gap="large")
with covid, st.container(border=True):
    st.markdown(f"**{t('study.covid.title')}**")
    st.write(t("study.covid.body"))
    st.caption(" · ".join(f"[{link_name(name)}]({url})" for name, url in STUDY_LINKS["covid"]))
with diaspora, st.container(border=True):
    st.markdown(f"**{t('study.diaspora.title')}**")
    st.write(t("study.diaspora.body"))
with st.expander(t("context.header")):
    st.write(t("context.body"))
    st.caption(" · ".join(f"[{name}]({url})" for name, url in STUDY_LINKS["context"]))

# --- datasets and their active versions ---
st.subheader(t("datasets.header"))
st.caption(t("datasets.caption"))
rows = []
for name in (
    "respondents",
    "interview_codes",
    "events",
    "diaspora_actions",
    "reported_figures",
    "sources",
):
    info = ctx.active.get(name)
    rows.append(
        {
            t("col.dataset"): t(f"dataset.{name}"),
            t("col.kind"): kind_of(info) if info else "",
            t("col.version"): info.version if info else None,
            t("col.rows"): info.row_count if info else 0,
            t("col.published"): pd.Timestamp(info.created_at) if info else None,
            t("col.author"): info.author if info else "",
            t("col.file"): info.filename if info else "",
            t("col.note"): info.note if info else t("dataset.none"),
        }
    )
st.dataframe(
    pd.DataFrame(rows),
    hide_index=True,
    width="stretch",
    column_config={t("col.published"): st.column_config.DatetimeColumn(format="DD.MM.YYYY HH:mm")},
)

# --- every source the bundled facts cite ---
st.subheader(t("sources.header"))
st.caption(t("sources.caption"))
sources = data_access.cited_sources(ctx.store, ctx.versions)
source_kinds = ctx.vocabulary.labels("source_kind", language())
if len(sources) and sources["sources_total"].iat[0] > len(sources):
    st.caption(
        t("sources.most_cited", shown=len(sources), count=int(sources["sources_total"].iat[0]))
    )
st.dataframe(
    sources.drop(columns="sources_total")
    .assign(
        dataset=sources["dataset"].map(lambda d: t(f"dataset.{d}")),
        source_kind=sources["source_kind"].map(
            lambda k: source_kinds.get(k, k), na_action="ignore"
        ),
    )
    .rename(
        columns={
            "dataset": t("col.dataset"),
            "source_name": t("col.source"),
            "source_url": t("col.link"),
            "source_kind": t("col.source_kind"),
            "rows_citing": t("col.rows_citing"),
        }
    ),
    hide_index=True,
    width="stretch",
    column_config={t("col.link"): st.column_config.LinkColumn(width="large")},
)
