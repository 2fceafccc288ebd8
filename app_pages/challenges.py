"""Challenges (/challenges): code × attribute heatmaps with drill-down to the excerpts behind them."""

from __future__ import annotations

import dataclasses

import streamlit as st

from atlas import matrix
from atlas.export import to_zip_bytes
from atlas.filters import PERIODS
from atlas.i18n import message_labels
from components import data_access, figure_cache, presentation, url_state
from components.context import page_context
from components.heatmap import challenge_heatmap
from components.i18n import language, t, tm
from components.provenance import export_context, show_chart, show_sample_notice, show_source_line
from components.quotes import show_selected_quotes
from components.sidebar import place_names, vocabulary_labels

DATASETS = ("interview_codes", "respondents")

ctx = page_context()
lang = language()
themes = ctx.vocabulary.labels("theme", lang)
codes = ctx.vocabulary.labels("code", lang)

st.title(t("challenges.title"))
st.write(t("challenges.intro"))
show_sample_notice({k: v for k, v in ctx.active.items() if k in DATASETS})

# --- controls (kept in the URL) ---
with presentation.controls(t("present.controls")):
    c1, c2, c3, c4, c5 = st.columns([1, 1, 1.4, 1, 1])
    theme = url_state.widget(
        c1.selectbox,
        t("control.theme"),
        list(themes),
        format_func=themes.get,
        key="theme",
        labels=vocabulary_labels(ctx.vocabulary, "theme"),
    )
    by = url_state.widget(
        c2.selectbox,
        t("control.by"),
        matrix.ATTRIBUTES,
        format_func=lambda a: t(f"by.{a}"),
        key="by",
        labels=message_labels({a: f"by.{a}" for a in matrix.ATTRIBUTES}),
    )
    value = url_state.widget(
        c3.selectbox,
        t("control.value"),
        matrix.VALUES,
        format_func=lambda v: t(f"value.{v}"),
        key="value",
        labels=message_labels({v: f"value.{v}" for v in matrix.VALUES}),
    )
    row_order = url_state.widget(
        c4.selectbox,
        t("control.rows"),
        matrix.ORDERS,
        format_func=lambda o: t(f"order.{o}"),
        key="rows",
        labels=message_labels({o: f"order.{o}" for o in matrix.ORDERS}),
    )
    col_order = url_state.widget(
        c5.selectbox,
        t("control.columns"),
        matrix.ORDERS,
        index=1,
        format_func=lambda o: t(f"order.{o}"),
        key="cols",
        labels=message_labels({o: f"order.{o}" for o in matrix.ORDERS}),
    )

theme_codes = ctx.vocabulary.codes("code", theme)
column_labels = (
    ctx.vocabulary.labels(by, lang)
    if by != "city" and by != "region"
    else place_names(ctx.options["cities"] + ctx.options["regions"])
)
axis_labels = {
    "value_label": t(f"value.{value}"),
    "numerator_label": t("hover.numerator_excerpts" if value == "excerpts" else "hover.numerator"),
    "denominator_label": t(f"hover.denominator.{value}")
    if value in ("column_share", "row_share")
    else "",
}
# What every chart and download below says about itself (title, filters, source, sample label).
view = f"{themes.get(theme, theme)} × {t(f'by.{by}')} · {t(f'value.{value}')}"
name = f"{theme}-by-{by}-{value}"
exports = {
    tab: export_context(ctx, DATASETS, title=f"{t(f'tab.{tab}')}: {view}", name=f"{tab}-{name}")
    for tab in ("matrix", "periods", "cooccurrence")
}
sample = bool(exports["matrix"].sample)
axis_labels["note"] = exports["matrix"].sample


def ordered(m: matrix.Matrix) -> matrix.Matrix:
    return matrix.reindex(
        m,
        matrix.order_labels(m.values, row_order),
        matrix.order_labels(m.values, col_order, axis=1),
    )


counts = data_access.code_counts(ctx.store, ctx.versions, theme, by, ctx.filters)
if counts["cells"].empty:
    st.info(t("matrix.empty"))
    st.stop()
main = ordered(matrix.build_matrix(counts, value=value, codes=theme_codes))

tab_matrix, tab_periods, tab_cooc = url_state.tabs(
    {"matrix": "tab.matrix", "periods": "tab.periods", "cooccurrence": "tab.cooccurrence"},
    key="tab",
    language=lang,
).values()

with tab_matrix:
    st.caption(t("matrix.click_hint"))
    fig = figure_cache.cached(
        challenge_heatmap, main, row_labels=codes, column_labels=column_labels, **axis_labels
    )
    with presentation.main_visual():
        event = show_chart(
            presentation.fit(fig),
            exports["matrix"],
            key="matrix",
            on_select="rerun",
            selection_mode="points",
            width="stretch",
            height=presentation.visual_height("content"),
        )
    if main.is_share and main.small().any().any():
        st.caption(t("matrix.small_note", n=matrix.SMALL_N))
    data_access.show_orphans_notice(ctx.store, ctx.versions)
    show_source_line(ctx.active, DATASETS)
    st.download_button(
        t("matrix.download"),
        # A zip: the clean CSV (Excel and pandas open it as is) beside a README with its context.
        data=lambda: to_zip_bytes(main.tidy(), exports["matrix"]),
        file_name=f"{exports['matrix'].stem}.zip",
        mime="application/zip",
        help=t("export.readme_note"),
        icon=":material/download:",
    )
    points = event.selection.points if event else []
    if points:
        code, column, _ = points[0]["customdata"]
        show_selected_quotes(
            ctx,
            tm(
                "quotes.header",
                code=codes.get(code, code),
                column=column_labels.get(column, column),
            ),
            ctx.filters,
            key="cell",
            sample=sample,
            theme=theme,
            code=code,
            by=by,
            column=column,
        )

with tab_periods:
    if by == "period":
        st.info(t("periods.by_period"))
    else:
        st.caption(t("periods.caption"))
        per_period = {}
        for period in PERIODS:
            narrowed = dataclasses.replace(ctx.filters, periods=(period,))
            c = data_access.code_counts(ctx.store, ctx.versions, theme, by, narrowed)
            per_period[period] = matrix.build_matrix(c, value=value, codes=theme_codes)
        rows, columns = list(main.values.index), list(main.values.columns)
        facets = {p: matrix.reindex(m, rows, columns) for p, m in per_period.items()}
        fig = figure_cache.cached(
            challenge_heatmap,
            facets,
            row_labels=codes,
            column_labels=column_labels,
            facet_labels=ctx.vocabulary.labels("period", lang),
            **axis_labels,
        )
        event = show_chart(
            fig,
            exports["periods"],
            key="periods",
            on_select="rerun",
            selection_mode="points",
            width="stretch",
        )
        show_source_line(ctx.active, DATASETS)
        points = event.selection.points if event else []
        if points:
            code, column, period = points[0]["customdata"]
            show_selected_quotes(
                ctx,
                tm(
                    "quotes.header",
                    code=codes.get(code, code),
                    column=column_labels.get(column, column),
                ),
                dataclasses.replace(ctx.filters, periods=(period,)),
                key="period_cell",
                sample=sample,
                theme=theme,
                code=code,
                by=by,
                column=column,
            )

with tab_cooc:
    st.caption(t("cooc.caption"))
    co = data_access.cooccurrence(ctx.store, ctx.versions, theme, ctx.filters)
    order = matrix.order_labels(co, row_order)
    co_matrix = matrix.reindex(matrix.from_counts(co), order, order)
    fig = figure_cache.cached(
        challenge_heatmap,
        co_matrix,
        row_labels=codes,
        column_labels=codes,
        value_label=t("cooc.value"),
        numerator_label=t("cooc.value"),
        denominator_label="",
        note=exports["cooccurrence"].sample,
    )
    event = show_chart(
        fig,
        exports["cooccurrence"],
        key="cooc",
        on_select="rerun",
        selection_mode="points",
        width="stretch",
    )
    show_source_line(ctx.active, DATASETS)
    points = event.selection.points if event else []
    if points:
        a, b, _ = points[0]["customdata"]
        show_selected_quotes(
            ctx,
            tm("quotes.header_pair", a=codes.get(a, a), b=codes.get(b, b)),
            ctx.filters,
            key="pair",
            sample=sample,
            theme=theme,
            code=a,
            also_code=b,
        )
