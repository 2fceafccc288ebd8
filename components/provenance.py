"""Labels that say where shown data comes from: sample badges, source lines."""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from atlas.export import ExportContext, export_stem, to_csv_bytes, to_zip_bytes
from atlas.filters import Filters
from atlas.i18n import format_date
from atlas.seed import SEED_AUTHOR
from atlas.store import VersionInfo
from atlas.vocabulary import Vocabulary
from components.context import PageContext
from components.i18n import language, t
from components.sidebar import place_names

SAMPLE_ICON = ":material/science:"
# Bundled datasets of facts compiled from public reports, each row citing its page.
SOURCED_DATASETS = ("events", "diaspora_actions", "reported_figures", "sources")
SOURCED_ICON = ":material/fact_check:"


def show_sample_notice(active: dict[str, VersionInfo]) -> None:
    """The warning every view of interview data carries while that data is a sample."""
    if any(info.is_sample for info in active.values()):
        from components import presentation

        if presentation.is_on():  # one line on a projector, still on every view of the sample
            st.badge(t("sample.badge"), icon=SAMPLE_ICON, color="orange")
        else:
            st.warning(t("sample.notice"), icon=SAMPLE_ICON)


def show_provenance_badge(info: VersionInfo | None) -> None:
    """'Illustrative sample' (orange) or 'Sourced' (green) under a figure drawn from `info`."""
    if info is None:
        return
    if info.is_sample:
        st.badge(t("sample.badge"), icon=SAMPLE_ICON, color="orange")
    elif kind_of(info) == t("kind.sourced"):
        st.badge(t("sources.badge"), icon=SOURCED_ICON, color="green")


def kind_of(info: VersionInfo) -> str:
    return kind_label(info.dataset, info.author, info.is_sample)


def kind_label(dataset: str, author: str, is_sample: bool) -> str:
    if is_sample:
        return t("kind.sample")
    if dataset in SOURCED_DATASETS and author == SEED_AUTHOR:
        return t("kind.sourced")
    return t("kind.uploaded")


def show_source_line(active: dict[str, VersionInfo], datasets: tuple[str, ...]) -> None:
    """The line under a chart: which datasets and versions it shows, then the sample badge (below,
    so that it stays whole in a narrow column)."""
    parts = [
        t("source.part", dataset=t(f"dataset.{name}"), version=active[name].version)
        for name in datasets
        if name in active
    ]
    st.caption(t("source.datasets", parts=" · ".join(parts)))
    if any(active[name].is_sample for name in datasets if name in active):
        st.badge(t("sample.badge"), icon=SAMPLE_ICON, color="orange")


# --- charts and downloads that carry their context (title, filters, source, sample label) ---


def filters_in_words(filters: Filters, vocabulary: Vocabulary) -> str:
    """'Cities: Almaty, Astana · Period: During the pandemic', or 'No filters'."""
    lang = language()
    parts = []
    for name, values, field in (
        ("filters.cities", filters.cities, None),
        ("filters.regions", filters.regions, None),
        ("filters.org_types", filters.org_types, "org_type"),
        ("filters.periods", filters.periods, "period"),
    ):
        if values:
            labels = vocabulary.labels(field, lang) if field else place_names(values)
            parts.append(f"{t(name)}: {', '.join(labels.get(v, v) for v in values)}")
    if filters.date_from or filters.date_to:
        first = format_date(filters.date_from, lang) if filters.date_from else "…"
        last = format_date(filters.date_to, lang) if filters.date_to else "…"
        parts.append(f"{t('filters.dates')}: {first} – {last}")
    return " · ".join(parts) if parts else t("export.no_filters")


def export_context(
    ctx: PageContext, datasets: tuple[str, ...], *, title: str, name: str, extra: str = ""
) -> ExportContext:
    """The context of a chart or table drawn from `datasets` under the page's filters."""
    shown = [ctx.active[d] for d in datasets if d in ctx.active]
    filters = filters_in_words(ctx.filters, ctx.vocabulary)
    return _context(
        shown, title=title, filters=f"{filters} · {extra}" if extra else filters, name=name
    )


def version_context(info: VersionInfo) -> ExportContext:
    """The context of one dataset version downloaded whole (on /data): named and labelled like a
    chart's export ('respondents_illustrative-sample_v1'), no filters."""
    return _context(
        [info],
        title=t(f"dataset.{info.dataset}"),
        filters=t("export.no_filters"),
        name=info.dataset,
    )


def _context(shown: list[VersionInfo], *, title: str, filters: str, name: str) -> ExportContext:
    source = t(
        "source.datasets",
        parts=" · ".join(
            t(
                "export.source_part",
                dataset=t(f"dataset.{info.dataset}"),
                version=info.version,
                date=f"{info.created_at:%d.%m.%Y}",
            )
            for info in shown
        ),
    )
    sample = any(info.is_sample for info in shown)
    return ExportContext(
        title=title,
        filters=filters,
        source=source,
        sample=t("export.sample") if sample else "",
        stem=export_stem(name, [info.version for info in shown], sample=sample),
    )


def show_table_download(
    label: str, table: Callable[[], pd.DataFrame], context: ExportContext, **kwargs
) -> None:
    """A download of the table built by `table` (only when clicked), named by `context`: a zip of
    the clean CSV and a README with the context when the table comes from the sample (the label
    travels with the file), else the CSV alone, as the upload wizard reads it back."""
    if context.sample:
        st.download_button(
            label,
            data=lambda: to_zip_bytes(table(), context),
            file_name=f"{context.stem}.zip",
            mime="application/zip",
            help=t("export.readme_note"),
            **kwargs,
        )
    else:
        st.download_button(
            label,
            data=lambda: to_csv_bytes(table()),
            file_name=f"{context.stem}.csv",
            mime="text/csv",
            **kwargs,
        )


def with_context(fig: go.Figure, context: ExportContext) -> go.Figure:
    """The figure with its context drawn into it (title; under it the sample label, the filters
    and the source line), so that a PNG export or a fullscreen view carries it."""
    lines = [html.escape(line) for line in (context.filters, context.source)]
    if context.sample:
        lines.insert(0, f"<span style='color:#b35900'><b>{html.escape(context.sample)}</b></span>")
    top = 40 + 16 * len(lines)
    margin = fig.layout.margin.t if fig.layout.margin.t is not None else 30
    fig.update_layout(
        title={
            "text": f"<b>{html.escape(context.title)}</b>",
            "subtitle": {"text": "<br>".join(lines), "font": {"size": 11, "color": "#555"}},
            "x": 0,
            "xanchor": "left",
            "y": 0.99,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 14},
        },
        margin={"t": margin + top},
    )
    if fig.layout.height:
        fig.update_layout(height=fig.layout.height + top)
    return fig


def image_config(context: ExportContext) -> dict:
    """plotly's camera button saves a PNG named like the CSV: what, sample or not, version."""
    return {"toImageButtonOptions": {"format": "png", "filename": context.stem, "scale": 2}}


def show_chart(fig: go.Figure, context: ExportContext, **kwargs):
    """st.plotly_chart of the figure with its context drawn in and its PNG export named."""
    return st.plotly_chart(with_context(fig, context), config=image_config(context), **kwargs)
