"""Heatmap builder for code matrices, clickable in Streamlit.

Plotly heatmap traces return no click selection in Streamlit 1.67, so every cell also carries an
invisible square marker (a scatter trace) whose click returns the cell's row code and column value
in `customdata`. The heatmap itself skips hover; the markers carry the escaped hover text.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from atlas.matrix import Matrix

COLORSCALE = "Cividis"  # perceptually uniform and readable with colour-vision deficiencies
CELL_PX = 34
SMALL_MARK = "*"
# More columns than this across all facets (3 periods × 13 cities) and the facets are stacked,
# one full-width small multiple per facet on the same colour scale, instead of side by side.
MAX_SIDE_BY_SIDE = 16


def challenge_heatmap(
    matrices: Matrix | Mapping[str, Matrix],
    *,
    row_labels: Mapping[str, str],
    column_labels: Mapping[str, str] | None = None,
    facet_labels: Mapping[str, str] | None = None,
    value_label: str,
    numerator_label: str,
    denominator_label: str,
    small_n: int = 3,
    note: str = "",
) -> go.Figure:
    """A heatmap of one matrix, or side-by-side facets of several sharing rows and colour scale.

    Rows and columns are drawn in the order of each matrix's index and columns. `row_labels` and
    `column_labels` map codes and values to display labels (unknown ones show as themselves).
    Click data: customdata = [row code, column value, facet key]. `note` (the sample label)
    ends every cell's hover text.
    """
    facets = {"": matrices} if isinstance(matrices, Matrix) else dict(matrices)
    column_labels = column_labels or {}
    facet_labels = facet_labels or {}
    first = next(iter(facets.values()))
    finite = [m.values.to_numpy(dtype=float) for m in facets.values() if m.values.size]
    zmax = max((np.nanmax(v) for v in finite if np.isfinite(v).any()), default=1.0) or 1.0
    titles = [html.escape(facet_labels.get(k, k)) for k in facets] if len(facets) > 1 else None
    stacked = len(facets) > 1 and len(first.values.columns) * len(facets) > MAX_SIDE_BY_SIDE
    if stacked:
        fig = make_subplots(
            rows=len(facets),
            cols=1,
            shared_xaxes=True,
            vertical_spacing=0.06,
            subplot_titles=titles,
        )
    else:
        fig = make_subplots(
            rows=1,
            cols=len(facets),
            shared_yaxes=True,
            horizontal_spacing=0.02,
            subplot_titles=titles,
        )
    rows_shown = [html.escape(row_labels.get(code, code)) for code in first.values.index]
    for i, (facet, matrix) in enumerate(facets.items(), start=1):
        columns_shown = [
            html.escape(column_labels.get(str(c), str(c))) for c in matrix.values.columns
        ]
        _add_facet(
            fig,
            matrix,
            row=i if stacked else 1,
            col=1 if stacked else i,
            facet=facet,
            rows_shown=rows_shown,
            columns_shown=columns_shown,
            zmax=zmax,
            show_scale=i == len(facets),
            labels=(value_label, numerator_label, denominator_label),
            small_n=small_n,
            note=note,
        )
    longest_row = max((len(r) for r in rows_shown), default=10)
    fig.update_layout(
        height=max(260, 120 + CELL_PX * len(rows_shown) * (len(facets) if stacked else 1)),
        margin={"l": min(320, 7 * longest_row + 20), "r": 10, "t": 40 if titles else 20, "b": 110},
        plot_bgcolor="white",
        clickmode="event+select",
        dragmode=False,
        showlegend=False,
        hoverlabel={"align": "left"},
        font={"size": 13},
    )
    fig.update_yaxes(autorange="reversed", showgrid=False, ticks="")
    fig.update_xaxes(showgrid=False, tickangle=-35, ticks="", side="bottom", dtick=1)
    return fig


def _add_facet(
    fig,
    matrix: Matrix,
    *,
    row,
    col,
    facet,
    rows_shown,
    columns_shown,
    zmax,
    show_scale,
    labels,
    small_n,
    note="",
):
    values = matrix.values.to_numpy(dtype=float)
    small = matrix.small(small_n).to_numpy()
    text = [
        [_cell_text(v, matrix.is_share, s) for v, s in zip(row, small_row, strict=True)]
        for row, small_row in zip(values, small, strict=True)
    ]
    fig.add_trace(
        go.Heatmap(
            # Plain lists (None for no value): small matrices, and a spec tests can read.
            z=[[None if np.isnan(v) else float(v) for v in row] for row in values],
            x=columns_shown,
            y=rows_shown,
            text=text,
            texttemplate="%{text}",
            colorscale=COLORSCALE,
            zmin=0,
            zmax=zmax,
            hoverinfo="skip",
            showscale=show_scale,
            colorbar={"title": {"text": html.escape(labels[0]), "side": "right"}, "thickness": 12},
            xgap=1,
            ygap=1,
        ),
        row=row,
        col=col,
    )
    xs, ys, custom, hover = [], [], [], []
    for i, code in enumerate(matrix.values.index):
        for j, column in enumerate(matrix.values.columns):
            xs.append(columns_shown[j])
            ys.append(rows_shown[i])
            custom.append([code, str(column), facet])
            hover.append(
                _hover(
                    rows_shown[i],
                    columns_shown[j],
                    values[i, j],
                    int(matrix.numerators.iat[i, j]),
                    int(matrix.denominators.iat[i, j]),
                    matrix.is_share,
                    bool(small[i, j]),
                    labels,
                    small_n,
                )
                + (f"<br><i>{html.escape(note)}</i>" if note else "")
            )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            marker={"symbol": "square", "size": CELL_PX - 4, "opacity": 0},
            customdata=custom,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
        ),
        row=row,
        col=col,
    )


def _cell_text(value: float, is_share: bool, small: bool) -> str:
    if np.isnan(value):
        return ""
    text = f"{value:.0f}%" if is_share else f"{value:.0f}"
    return text + SMALL_MARK if small else text


def _hover(row, column, value, numerator, denominator, is_share, small, labels, small_n) -> str:
    # Every piece is already escaped or a number: hover text is HTML to plotly.
    value_label, numerator_label, denominator_label = (html.escape(x) for x in labels)
    lines = [f"<b>{row}</b>", column]
    if is_share:
        shown = "–" if np.isnan(value) else f"{value:.0f}%"
        lines += [
            f"{value_label}: {shown}",
            f"{numerator_label}: {numerator}",
            f"{denominator_label}: {denominator}",
        ]
        if small:
            lines.append(f"<i>n &lt; {small_n}: read with care</i>")
    else:
        lines.append(f"{value_label}: {numerator}")
    return "<br>".join(lines)
