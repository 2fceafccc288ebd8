"""Timeline builders (plotly): events on lanes by type, spans as bands, diaspora actions in their own
lane group, reported figures as points that keep every revision. Clicking a marker returns its id in
`customdata`."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.maps import PALETTE

LANE_ORDER = (
    "protest",
    "clashes",
    "government_decision",
    "state_of_emergency",
    "internet_shutdown",
    "security_operation",
    "international",
    "casualties_report",
    "detentions_report",
    "other",
)
GAP_FILL = "rgba(120, 120, 120, 0.14)"


# The palette without its yellow, which is too faint for small markers on white.
LANE_COLOURS = [c for c in PALETTE if c != (240, 228, 66)]


def _rgb(i: int, alpha: float = 1.0) -> str:
    r, g, b = LANE_COLOURS[i % len(LANE_COLOURS)]
    return f"rgba({r}, {g}, {b}, {alpha})"


def _when(row) -> pd.Timestamp:
    """The moment of an event: its date, plus its time of day when known (noon otherwise)."""
    day = pd.Timestamp(row.date)
    if isinstance(row.time, str) and len(row.time) == 5:
        return day + pd.Timedelta(hours=int(row.time[:2]), minutes=int(row.time[3:]))
    return day + pd.Timedelta(hours=12)


def event_timeline(
    events: pd.DataFrame,
    diaspora: pd.DataFrame,
    *,
    lane_labels: Mapping[str, str],
    diaspora_labels: Mapping[str, str],
    diaspora_prefix: str,
    gaps: Sequence[tuple[pd.Timestamp, pd.Timestamp]] = (),
    gap_label: str = "",
    x_range: tuple | None = None,
) -> go.Figure:
    """Events (lanes by type) above the diaspora's actions (lanes by action type, marker area by
    the day's count). `diaspora` is aggregated: period, key, actions."""
    fig = go.Figure()
    types = [t for t in LANE_ORDER if t in set(events["event_type"])] + sorted(
        set(events["event_type"]) - set(LANE_ORDER)
    )
    lanes = [html.escape(lane_labels.get(t, t)) for t in types]
    diaspora_keys = sorted(set(diaspora["key"])) if not diaspora.empty else []
    diaspora_lanes = [
        html.escape(f"{diaspora_prefix} · {diaspora_labels.get(k, k) or '—'}")
        for k in diaspora_keys
    ]

    for i, event_type in enumerate(types):
        rows = events[events["event_type"] == event_type]
        lane = lanes[i]
        spans = rows[rows["is_span"]]
        for span in spans.itertuples():
            # A band from the first to the last day (inclusive) of the span.
            fig.add_trace(
                go.Scatter(
                    x=[pd.Timestamp(span.date), pd.Timestamp(span.end_date) + pd.Timedelta(days=1)],
                    y=[lane, lane],
                    mode="lines",
                    line={"width": 9, "color": _rgb(i, 0.35)},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        fig.add_trace(
            go.Scatter(
                x=[_when(r) for r in rows.itertuples()],
                y=[lane] * len(rows),
                mode="markers",
                marker={
                    "size": 11,
                    "color": _rgb(i),
                    "line": {"width": 1, "color": "white"},
                    "symbol": ["diamond" if s else "circle" for s in rows["is_span"]],
                },
                customdata=[["event", e] for e in rows["event_id"]],
                hovertext=[_event_hover(r) for r in rows.itertuples()],
                hovertemplate="%{hovertext}<extra></extra>",
                name=lane,
                showlegend=False,
            )
        )
    for j, key in enumerate(diaspora_keys):
        rows = diaspora[diaspora["key"] == key]
        size = (rows["actions"].astype(float) ** 0.5 * 8 + 6).clip(upper=40)
        fig.add_trace(
            go.Scatter(
                x=[pd.Timestamp(p) + pd.Timedelta(hours=12) for p in rows["period"]],
                y=[diaspora_lanes[j]] * len(rows),
                mode="markers",
                marker={
                    "size": size,
                    "color": "rgba(213, 94, 0, 0.75)",
                    "line": {"width": 1, "color": "white"},
                },
                customdata=[
                    ["diaspora", key, pd.Timestamp(p).date().isoformat()] for p in rows["period"]
                ],
                hovertext=[
                    f"<b>{diaspora_lanes[j]}</b><br>{pd.Timestamp(p):%d.%m.%Y}: {n}"
                    for p, n in zip(rows["period"], rows["actions"], strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            )
        )
    mark_gaps(fig, gaps, gap_label)
    order = lanes + diaspora_lanes
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(reversed(order)), showgrid=True, gridcolor="#eee"
    )
    fig.update_xaxes(
        type="date",
        range=list(x_range) if x_range else None,
        showgrid=True,
        gridcolor="#f2f2f2",
        dtick=2 * 86_400_000,
        tickformat="%d %b",
        tickangle=0,
    )
    if diaspora_lanes:
        fig.add_hline(
            y=len(diaspora_lanes) - 0.5, line={"color": "#999", "width": 1, "dash": "dot"}
        )
    fig.update_layout(
        height=120 + 34 * len(order),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        plot_bgcolor="white",
        clickmode="event+select",
        dragmode=False,
        hoverlabel={"align": "left"},
        font={"size": 13},
    )
    return fig


def mark_gaps(
    fig: go.Figure, gaps: Sequence[tuple[pd.Timestamp, pd.Timestamp]], label: str
) -> None:
    """Shade each collection gap (the internet shutdown) from its first to its last day."""
    for start, end in gaps:
        fig.add_vrect(
            x0=start,
            x1=end + pd.Timedelta(days=1),
            fillcolor=GAP_FILL,
            line_width=0,
            layer="below",
            annotation_text=html.escape(label),
            annotation_position="top left",
            annotation_font={"size": 11, "color": "#555"},
        )


def _event_hover(row) -> str:
    place = (
        row.city
        if isinstance(row.city, str)
        else (row.region if isinstance(row.region, str) else "")
    )
    when = f"{pd.Timestamp(row.date):%d.%m.%Y}"
    if isinstance(row.end_date, pd.Timestamp) and not pd.isna(row.end_date) and row.is_span:
        when += f" – {row.end_date:%d.%m.%Y}"
    parts = [
        f"<b>{html.escape(str(row.title))}</b>",
        html.escape(when + (f", {place}" if place else "")),
    ]
    if isinstance(row.figures_as_reported, str) and row.figures_as_reported:
        parts.append(html.escape(row.figures_as_reported))
    parts.append(html.escape(f"Source: {row.source_name}"))
    return "<br>".join(parts)


def figures_chart(figures: pd.DataFrame, *, labels: Mapping[str, str]) -> go.Figure:
    """Reported deaths and detentions: one labelled point per report, on an axis of report dates.

    No line joins the points: reports count different things (security personnel only, a total,
    a prosecutor's revision), so they are shown side by side as reported, never as one series."""
    kinds = [k for k in ("deaths", "detained") if k in set(figures["figure"])]
    fig = make_subplots(
        rows=max(1, len(kinds)),
        cols=1,
        vertical_spacing=0.18,
        subplot_titles=[html.escape(labels.get(k, k)) for k in kinds],
    )
    for row, figure in enumerate(kinds, start=1):
        rows = figures[figures["figure"] == figure]
        when = [f"{pd.Timestamp(d):%d.%m.%Y}" for d in rows["date"]]
        # Marker labels are HTML to plotly, like hover text: escape what came from the data.
        text = [
            html.escape(_as_reported(r.figures_as_reported, figure, r.value))
            for r in rows.itertuples()
        ]
        raw = [_as_reported(r.figures_as_reported, figure, r.value) for r in rows.itertuples()]
        fig.add_trace(
            go.Scatter(
                x=when,
                y=rows["value"],
                mode="markers+text",
                text=text,
                textposition="top center",
                marker={"size": 10, "color": _rgb(row + 3)},
                cliponaxis=False,
                customdata=[["event", e] for e in rows["event_id"]],
                hovertext=[
                    f"<b>{html.escape(labels.get(figure, figure))}: {html.escape(t)}</b><br>"
                    f"{pd.Timestamp(r.date):%d.%m.%Y} — {html.escape(str(r.title))}<br>"
                    f"{html.escape('Source: ' + str(r.source_name))}"
                    for r, t in zip(rows.itertuples(), raw, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            ),
            row=row,
            col=1,
        )
        fig.update_yaxes(rangemode="tozero", gridcolor="#eee", row=row, col=1)
        fig.update_xaxes(type="category", row=row, col=1)
    fig.update_layout(
        height=190 * max(1, len(kinds)) + 40,
        margin={"l": 10, "r": 10, "t": 30, "b": 30},
        plot_bgcolor="white",
        clickmode="event+select",
        dragmode=False,
        hoverlabel={"align": "left"},
    )
    return fig


def _as_reported(reported: object, figure: str, value: float) -> str:
    """'~2000' or '>3000' as the source put it, else the number."""
    if isinstance(reported, str):
        for part in reported.split(";"):
            name, _, text = part.strip().partition(": ")
            if name == figure and text:
                return text.split(" (")[0]
    return f"{int(value)}"


def stacked_bars(
    frame: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    gaps=(),
    gap_label: str = "",
    weekly: bool = False,
) -> go.Figure:
    """Counts per period stacked by key (frame: period, key, actions). Bars are one day (or week)
    wide: plotly's automatic width on a date axis is a millisecond when there is only one bar."""
    fig = go.Figure()
    width = 86_400_000 * (7 if weekly else 1) * 0.8
    for i, key in enumerate(sorted(set(frame["key"]))):
        rows = frame[frame["key"] == key]
        fig.add_trace(
            go.Bar(
                x=rows["period"],
                y=rows["actions"],
                name=html.escape(labels.get(key, key) or "—"),
                marker_color=_rgb(i),
                width=width,
            )
        )
    mark_gaps(fig, gaps, gap_label)
    fig.update_layout(
        barmode="stack",
        height=320,
        margin={"l": 10, "r": 10, "t": 30, "b": 30},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.2},
    )
    # Counts are whole numbers; a margin of one step keeps the first and last bars whole.
    fig.update_yaxes(
        gridcolor="#eee",
        rangemode="tozero",
        tickformat="d",
        dtick=max(1, round(_tallest(frame) / 5)),
    )
    if not frame.empty:
        step = pd.Timedelta(days=7 if weekly else 1)
        periods = pd.to_datetime(frame["period"])
        fig.update_xaxes(range=[periods.min() - step, periods.max() + step])
    return fig


def _tallest(frame: pd.DataFrame) -> float:
    return float(frame.groupby("period")["actions"].sum().max()) if not frame.empty else 1.0


def ranked_bars(
    frame: pd.DataFrame, *, labels: Mapping[str, str] | None = None, value_label: str = ""
) -> go.Figure:
    """Horizontal bars, largest on top (frame: key, actions)."""
    labels = labels or {}
    shown = frame.sort_values(["actions", "key"], ascending=[True, False])
    fig = go.Figure(
        go.Bar(
            x=shown["actions"],
            y=[html.escape(labels.get(k, k) or "—") for k in shown["key"]],
            orientation="h",
            marker_color=_rgb(0),
            text=shown["actions"],
            textposition="outside",
            hovertemplate=f"%{{y}}: %{{x}} {html.escape(value_label)}<extra></extra>",
        )
    )
    fig.update_layout(
        height=max(180, 60 + 26 * len(shown)),
        margin={"l": 10, "r": 30, "t": 10, "b": 20},
        plot_bgcolor="white",
    )
    fig.update_xaxes(gridcolor="#eee")
    return fig
