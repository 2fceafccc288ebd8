"""Timeline builders (plotly): events on lanes by type, spans as bands (one per place), diaspora
actions in their own lane group, reported figures as one dated series per kind and scope that keeps
every revision. Clicking a marker returns its id in `customdata`."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from atlas import palette
from atlas.i18n import (
    date_ticks,
    format_day_month,
    format_number,
    format_short_date,
    format_short_month_year,
    number_separators,
)
from atlas.palette import PALETTE
from atlas.timeline import date_label, precision_span

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


# An event type's colour on its lane is its colour on the maps (atlas/palette.py).
LANE_COLOURS = palette.category_colours(LANE_ORDER)


def _rgb(i: int, alpha: float = 1.0) -> str:
    return palette.css(PALETTE[i % len(PALETTE)], alpha)


def _colour_of(colours: Mapping[str, tuple[int, int, int]], key: str, alpha: float = 1.0) -> str:
    return palette.css(colours.get(key, palette.NO_CATEGORY), alpha)


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
    language: str = "en",
    source_label: str = "{source}",
    source_kinds: Mapping[str, str] | None = None,
    place_labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Events (lanes by type) above the diaspora's actions (lanes by action type, marker area by
    the day's count). `diaspora` is aggregated: period, precision, key, actions; actions known
    only to the month or year are drawn over that month or year.

    In the viewer's language: `source_label` ("Source: {source}"), `source_kinds` (code → label),
    `place_labels` (a place's canonical name → its name in the language); the date axis names its
    months in `language`."""
    places = place_labels or {}
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

    lane_colours = palette.category_colours(LANE_ORDER, types)
    stack_axes: dict[float, str] = {}  # an offset within a lane → the y axis that draws it there
    order: list[str] = []
    for i, event_type in enumerate(types):
        rows = events[events["event_type"] == event_type]
        lane = lanes[i]
        # A span of one place (the state of emergency of one region) gets a row of its own under
        # its type's lane, ordered by its end; nationwide spans and single days stay on the lane.
        y = [_span_lane(lane, r, places) if r.is_span else lane for r in rows.itertuples()]
        order.append(lane)
        ends = {
            _span_lane(lane, r, places): pd.Timestamp(r.end_date)
            for r in rows.itertuples()
            if r.is_span
        }
        order += sorted((y_ for y_ in ends if y_ != lane), key=lambda y_: (ends[y_], y_))
        for span, row_lane in zip(rows.itertuples(), y, strict=True):
            if not span.is_span:
                continue
            # A band from the first to the last day (inclusive) of the span.
            fig.add_trace(
                go.Scatter(
                    x=[pd.Timestamp(span.date), pd.Timestamp(span.end_date) + pd.Timedelta(days=1)],
                    y=[row_lane, row_lane],
                    mode="lines",
                    line={"width": 9, "color": _colour_of(lane_colours, event_type, 0.35)},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        # Events of one lane at one moment (several protests known only to the same day) are
        # stacked one above the other, each its own marker to hover and click.
        moments = [_when(r) for r in rows.itertuples()]
        offsets, sizes = _stacked(list(zip(y, moments, strict=True)))
        for offset in sorted(set(offsets), key=lambda o: (o != 0, o)):
            at = [i for i, o in enumerate(offsets) if o == offset]
            fig.add_trace(
                go.Scatter(
                    x=[moments[i] for i in at],
                    y=[y[i] for i in at],
                    yaxis=_offset_axis(stack_axes, offset),
                    mode="markers",
                    marker={
                        "size": [sizes[i] for i in at],
                        "opacity": 1,  # plotly fades markers sized one by one ("bubbles") to 0.7
                        "color": _colour_of(lane_colours, event_type),
                        "line": {"width": 1, "color": "white"},
                        "symbol": ["diamond" if rows["is_span"].iat[i] else "circle" for i in at],
                    },
                    customdata=[["event", rows["event_id"].iat[i]] for i in at],
                    hovertext=[
                        _event_hover(r, source_label, source_kinds or {}, places)
                        for r in rows.iloc[at].itertuples()
                    ],
                    hovertemplate="%{hovertext}<extra></extra>",
                    name=lane,
                    showlegend=False,
                    cliponaxis=False,  # the first lane's stack reaches the range's edge
                )
            )
    precision = (
        diaspora["precision"] if "precision" in diaspora else pd.Series("day", diaspora.index)
    )
    for j, key in enumerate(diaspora_keys):
        lane = diaspora_lanes[j]
        rows = diaspora[(diaspora["key"] == key) & (precision == "day")]
        size = (rows["actions"].astype(float) ** 0.5 * 8 + 6).clip(upper=40)
        fig.add_trace(
            go.Scatter(
                x=[pd.Timestamp(p) + pd.Timedelta(hours=12) for p in rows["period"]],
                y=[lane] * len(rows),
                mode="markers",
                marker={
                    "size": size,
                    "color": "rgba(213, 94, 0, 0.75)",
                    "line": {"width": 1, "color": "white"},
                },
                customdata=[
                    ["diaspora", key, pd.Timestamp(p).date().isoformat(), "day"]
                    for p in rows["period"]
                ],
                hovertext=[
                    f"<b>{lane}</b><br>{format_short_date(p, language)}: {n}"
                    for p, n in zip(rows["period"], rows["actions"], strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            )
        )
        # Known only to the month (or year): a bar over that whole stretch, never a day's dot.
        vague = diaspora[(diaspora["key"] == key) & (precision != "day")]
        for item in vague.itertuples():
            start, end = precision_span(item.period, item.precision)
            when = html.escape(date_label(item.period, item.precision, language))
            fig.add_trace(
                go.Scatter(
                    x=[start, start + (end - start) / 2, end],
                    y=[lane] * 3,
                    mode="lines+markers",
                    line={"width": 5, "color": "rgba(213, 94, 0, 0.3)", "dash": "dot"},
                    marker={
                        "size": [0, 12, 0],
                        "symbol": "diamond-wide-open",
                        "color": "rgba(213, 94, 0, 0.9)",
                    },
                    customdata=[["diaspora", key, start.date().isoformat(), item.precision]] * 3,
                    hovertext=[f"<b>{lane}</b><br>{when}: {item.actions}"] * 3,
                    hovertemplate="%{hovertext}<extra></extra>",
                    showlegend=False,
                )
            )
    mark_gaps(fig, gaps, gap_label)
    order += diaspora_lanes
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=list(reversed(order)),
        showgrid=True,
        gridcolor="#eee",
        automargin=True,  # long lane names ("State of emergency · North Kazakhstan Region") whole
    )
    _add_stack_axes(fig, stack_axes, len(order))
    fig.update_xaxes(
        type="date",
        range=list(x_range) if x_range else None,
        showgrid=True,
        gridcolor="#f2f2f2",
        tickangle=0,
    )
    extent = x_range or _extent(events["date"], diaspora.get("period", pd.Series(dtype=str)))
    if extent:
        _date_axis(fig, *extent, language, most=11)
    if diaspora_lanes:
        fig.add_hline(
            y=len(diaspora_lanes) - 0.5, line={"color": "#999", "width": 1, "dash": "dot"}
        )
    fig.update_layout(
        height=120 + 30 * len(order),
        margin={"l": _label_margin(order), "r": 10, "t": 30, "b": 40},
        plot_bgcolor="white",
        clickmode="event+select",
        dragmode=False,
        hoverlabel={"align": "left"},
        font={"size": 13},
    )
    return fig


def _label_margin(lanes: Sequence[str], font_size: int = 13) -> int:
    """Room for the longest lane name. `automargin` measures it in the page's web font, but a PNG
    export draws it in the system's fallback font (wider: "State of emergency · North Kazakhstan
    Region" lost its first letters), so the margin is at least an estimate in a wide font."""
    longest = max((len(html.unescape(lane)) for lane in lanes), default=0)
    return min(480, round(longest * font_size * 0.53) + 16)


STACK_STEP = 0.3  # lanes between two stacked events of one moment, when they fit
STACK_SPAN = 0.84  # of a lane's height: the most a stack may fill
MARKER_SIZE = 11


def _stacked(spots: Sequence[tuple[str, pd.Timestamp]]) -> tuple[list[float], list[int]]:
    """For each event drawn at `spots` (lane, moment): its offset within the lane (in lanes, up)
    and its marker size. Events alone at their spot stay on the lane at full size; n at one spot
    are stacked from the top in their given order, as far apart as the lane allows, and drawn
    small enough that they do not overlap (a lane is about 30 px high)."""
    members: dict[tuple, list[int]] = {}
    for i, spot in enumerate(spots):
        members.setdefault(spot, []).append(i)
    offsets, sizes = [0.0] * len(spots), [MARKER_SIZE] * len(spots)
    for at in members.values():
        n = len(at)
        if n == 1:
            continue
        step = min(STACK_STEP, STACK_SPAN / (n - 1))
        for k, i in enumerate(at):
            offsets[i] = round(((n - 1) / 2 - k) * step, 3)
            sizes[i] = max(6, min(MARKER_SIZE - 2, round(step * 30) - 1))
    return offsets, sizes


def _offset_axis(axes: dict[float, str], offset: float) -> str:
    """The y axis that draws a lane's markers `offset` lanes above it ('y' draws them on it)."""
    if offset == 0:
        return "y"
    return axes.setdefault(offset, f"y{len(axes) + 2}")


def _add_stack_axes(fig: go.Figure, axes: dict[float, str], lanes: int) -> None:
    """A hidden copy of the lane axis per offset, its range shifted by that offset: a marker on
    it is drawn that far above (or below) its lane, and still reports its lane as its y. The
    ranges are fixed (no zoom on y) so that the copies stay aligned with the lanes."""
    shown = [-0.5, lanes - 0.5]
    fig.update_yaxes(range=shown, fixedrange=True)
    base = fig.layout.yaxis
    for offset, axis in axes.items():
        fig.update_layout(
            {
                f"yaxis{axis[1:]}": {
                    "overlaying": "y",
                    "type": "category",
                    "categoryorder": "array",
                    "categoryarray": base.categoryarray,
                    "range": [shown[0] - offset, shown[1] - offset],
                    "fixedrange": True,
                    "visible": False,
                }
            }
        )


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


def _date_axis(
    fig: go.Figure, start, end, language: str, *, most: int = 8, **where: object
) -> None:
    """Ticks of a date axis labelled in the viewer's language: plotly's own name months only in
    English (Streamlit's plotly has no other locale)."""
    days, labels = date_ticks(
        pd.Timestamp(start).date(), pd.Timestamp(end).date(), language, most=most
    )
    fig.update_xaxes(
        tickvals=[pd.Timestamp(day) for day in days], ticktext=labels, tickangle=0, **where
    )


def _extent(*columns: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last dates in the columns, or None when they hold none."""
    dates = pd.concat([pd.to_datetime(c, errors="coerce") for c in columns]).dropna()
    return (dates.min(), dates.max() + pd.Timedelta(days=1)) if len(dates) else None


def _place_of(row, places: Mapping[str, str]) -> str:
    place = next((p for p in (row.city, row.region) if isinstance(p, str) and p), "")
    return places.get(place, place)


def _span_lane(lane: str, row, places: Mapping[str, str]) -> str:
    place = _place_of(row, places)
    return f"{lane} · {html.escape(place)}" if place else lane


def _event_hover(
    row, source_label: str, source_kinds: Mapping[str, str], places: Mapping[str, str]
) -> str:
    place = _place_of(row, places)
    when = f"{pd.Timestamp(row.date):%d.%m.%Y}"
    if isinstance(row.end_date, pd.Timestamp) and not pd.isna(row.end_date) and row.is_span:
        when += f" – {row.end_date:%d.%m.%Y}"
    parts = [
        f"<b>{html.escape(str(row.title))}</b>",
        html.escape(when + (f", {place}" if place else "")),
    ]
    if isinstance(row.figures_as_reported, str) and row.figures_as_reported:
        parts.append(html.escape(row.figures_as_reported))
    kind = getattr(row, "source_kind", None)
    source = str(row.source_name) + (
        f" ({source_kinds.get(kind, kind)})" if isinstance(kind, str) else ""
    )
    parts.append(html.escape(source_label.format(source=source)))
    return "<br>".join(parts)


FIGURE_KINDS = ("deaths", "detentions", "arrests", "injured")
SCOPE_ORDER = ("nationwide", "almaty", "region", "security_forces", "other")
QUALIFIER_SIGNS = {"more_than": ">", "about": "~", "at_least": "≥"}


def figures_chart(
    figures: pd.DataFrame,
    *,
    kinds: Mapping[str, str],
    scopes: Mapping[str, str],
    statuses: Mapping[str, str],
    source_kinds: Mapping[str, str],
    words: Mapping[str, str],
    language: str = "en",
) -> go.Figure:
    """Reported figures (one row per figure per report): a panel per kind, in it one series per
    scope on a date axis, so a count of Almaty or of the security forces is never read as a
    national toll. No line joins the reports: each is a point with its body, status and source.
    Retracted figures are hollow and labelled; a report dated only to the month (or year) is a
    point with a bar over that month. Undated reports are not drawn (the page lists them).

    `words`: 'retracted', 'source', 'status', 'body' in the viewer's language."""
    dated = figures[figures["date_reported"].notna()]
    present = [k for k in FIGURE_KINDS if k in set(dated["kind"])]
    present += sorted(set(dated["kind"]) - set(FIGURE_KINDS))
    fig = make_subplots(
        rows=max(1, len(present)),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=[html.escape(kinds.get(k, k)) for k in present],
    )
    scope_list = [s for s in SCOPE_ORDER if s in set(dated["scope"])]
    scope_list += sorted(set(dated["scope"]) - set(SCOPE_ORDER))
    scope_colours = palette.category_colours(SCOPE_ORDER, scope_list)
    in_legend: set[str] = set()
    for row, kind in enumerate(present, start=1):
        for scope in scope_list:
            rows = dated[(dated["kind"] == kind) & (dated["scope"] == scope)]
            if rows.empty:
                continue
            # Retracted reports last, so that the legend shows the series' filled marker.
            rows = rows.sort_values("status", key=lambda s: s == "retracted", kind="stable")
            colour = _colour_of(scope_colours, scope)
            retracted = (rows["status"] == "retracted").tolist()
            starts = []
            for item in rows.itertuples():
                begin, finish = precision_span(item.date_reported, item.date_precision)
                starts.append(begin + (finish - begin) / 2)
                if item.date_precision != "day":
                    # Known only to the month: a bar over the month, the point in its middle.
                    fig.add_trace(
                        go.Scatter(
                            x=[begin, finish],
                            y=[float(item.value)] * 2,
                            mode="lines",
                            line={"width": 2, "color": colour, "dash": "dot"},
                            hoverinfo="skip",
                            showlegend=False,
                        ),
                        row=row,
                        col=1,
                    )
            text = [html.escape(_figure_text(r, words, language)) for r in rows.itertuples()]
            fig.add_trace(
                go.Scatter(
                    x=starts,
                    y=rows["value"].astype(float),
                    mode="markers+text",
                    name=html.escape(scopes.get(scope, scope)),
                    legendgroup=scope,
                    showlegend=scope not in in_legend,
                    text=text,
                    textposition="top center",
                    textfont={"size": 11},
                    cliponaxis=False,
                    marker={
                        "size": 11,
                        "color": colour,  # an open symbol is drawn in this colour, hollow
                        "symbol": ["circle-open" if r else "circle" for r in retracted],
                        "line": {"width": 2, "color": colour},
                    },
                    customdata=[["figure", f] for f in rows["figure_id"]],
                    hovertext=[
                        _figure_hover(r, kinds, scopes, statuses, source_kinds, words, language)
                        for r in rows.itertuples()
                    ],
                    hovertemplate="%{hovertext}<extra></extra>",
                ),
                row=row,
                col=1,
            )
            in_legend.add(scope)
        # Whole numbers grouped as the language groups them ('10 000'), never plotly's '10k'.
        fig.update_yaxes(rangemode="tozero", gridcolor="#eee", tickformat=",d", row=row, col=1)
        fig.update_xaxes(type="date", gridcolor="#f2f2f2", row=row, col=1)
    shown = _frame_first_months(fig, pd.to_datetime(dated["date_reported"]), words)
    extent = _extent(dated["date_reported"])
    if extent:
        # Ticks over all the reports, as many to the shown stretch as fit it.
        whole, seen = extent[1] - extent[0], (shown[1] - shown[0]) if shown else None
        most = max(8, round(8 * whole / seen)) if seen else 8
        for row in range(1, max(1, len(present)) + 1):
            _date_axis(fig, *extent, language, most=most, row=row, col=1)
    fig.update_layout(
        height=230 * max(1, len(present)) + 80,
        margin={"l": 10, "r": 10, "t": 40, "b": 30},
        plot_bgcolor="white",
        clickmode="event+select",
        dragmode="zoom",
        hoverlabel={"align": "left"},
        legend={"orientation": "h", "y": -0.05},
        separators=number_separators(language),
    )
    return fig


def _frame_first_months(
    fig: go.Figure, dates: pd.Series, words: Mapping[str, str]
) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Most reports fall in the first weeks; a retrospective a year later would squeeze them into
    a sliver. The axis then opens on the first three months, and says how many reports lie
    beyond it (zooming out shows them; the list under the chart has them all). Returns the
    stretch shown, or None when the axis shows every report."""
    if dates.empty:
        return None
    first = dates.min()
    near = dates[dates <= first + pd.Timedelta(days=90)]
    later = int((dates > near.max()).sum())
    if not later:
        return None
    end = near.max() + pd.Timedelta(days=7)
    fig.update_xaxes(range=[first - pd.Timedelta(days=3), end])
    fig.add_annotation(
        text=html.escape(words.get("later", "+{n} later").format(n=later)),
        xref="paper",
        yref="paper",
        x=1,
        y=1.02,
        xanchor="right",
        showarrow=False,
        font={"size": 11, "color": "#555"},
    )
    return first - pd.Timedelta(days=3), end


def _figure_text(row, words: Mapping[str, str], language: str = "en") -> str:
    """'~2,000', '>3,800', '164 (retracted)': the number as the report gave it, grouped as the
    language groups digits ('~2 000' in Russian and Kazakh)."""
    value = f"{QUALIFIER_SIGNS.get(row.qualifier, '')}{format_number(int(row.value), language)}"
    return f"{value} ({words['retracted']})" if row.status == "retracted" else value


def _figure_hover(row, kinds, scopes, statuses, source_kinds, words, language) -> str:
    where = scopes.get(row.scope, row.scope)
    if isinstance(row.place, str) and row.place and row.place not in where:
        where += f", {row.place}"
    source = next((v for v in (row.source_outlet, row.source_name) if isinstance(v, str)), "")
    if isinstance(row.source_kind, str):
        source += f" ({source_kinds.get(row.source_kind, row.source_kind)})"
    parts = [
        f"<b>{html.escape(kinds.get(row.kind, row.kind))}: "
        f"{html.escape(_figure_text(row, words, language))}"
        f"</b> · {html.escape(where)}",
        html.escape(date_label(row.date_reported, row.date_precision, language)),
        html.escape(f"{words['body']}: {row.reporting_body or '—'}"),
        html.escape(f"{words['status']}: {statuses.get(row.status, row.status)}"),
        html.escape(f"{words['source']}: {source}"),
    ]
    return "<br>".join(parts)


def stacked_bars(
    frame: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    gaps=(),
    gap_label: str = "",
    step: str = "day",
    language: str = "en",
    order: Sequence[str] = (),
    week_label: str = "week of {day}",
) -> go.Figure:
    """Counts per period stacked by key (frame: period, precision, key, actions). Bars are one
    day (or week) wide: plotly's automatic width on a date axis is a millisecond when there is
    only one bar. Actions known only to the month or year are a faint hatched bar over that whole
    month or year, labelled so, never stacked on a day.

    A day's bar covers that day (centred at its noon), a week's bar its Monday to Sunday, and a
    week is labelled as one ("week of 3 Jan", `week_label`), never as a single day."""
    fig = go.Figure()
    weekly = step == "week"
    extent: list[pd.Timestamp] = []
    if "precision" in frame:
        vague = frame[frame["precision"] != "day"]
        frame = frame[frame["precision"] == "day"]
        for (period, precision), rows in vague.groupby(["period", "precision"], sort=True):
            start, end = precision_span(period, precision)
            extent += [start, end]
            when = date_label(period, precision, language)
            detail = "<br>".join(
                html.escape(f"{labels.get(k, k) or '—'}: {n}")
                for k, n in zip(rows["key"], rows["actions"], strict=True)
            )
            fig.add_trace(
                go.Bar(
                    x=[start + (end - start) / 2],
                    y=[int(rows["actions"].sum())],
                    width=(end - start) / pd.Timedelta(milliseconds=1),
                    name=html.escape(when),
                    marker={
                        "color": "rgba(120, 120, 120, 0.15)",
                        "pattern": {"shape": "/", "fgcolor": "rgba(120, 120, 120, 0.5)"},
                        "line": {"width": 1, "color": "rgba(120, 120, 120, 0.6)"},
                    },
                    hovertext=[f"<b>{html.escape(when)}</b><br>{detail}"],
                    hovertemplate="%{hovertext}<extra></extra>",
                )
            )
    # Keys in their field's vocabulary order (`order`), each in its own colour on every page.
    colours = palette.category_colours(order, set(frame["key"]))
    keys = sorted(
        set(frame["key"]),
        key=lambda k: (k not in colours, list(colours).index(k) if k in colours else 0, k),
    )
    years = frame["period"].nunique() > 0 and pd.to_datetime(frame["period"]).dt.year.nunique() > 1
    for key in keys:
        rows = frame[frame["key"] == key]
        starts = pd.DatetimeIndex(pd.to_datetime(rows["period"]))
        ends = _bin_ends(starts, step)
        name = html.escape(labels.get(key, key) or "—")
        when = [
            html.escape(_period_label(p, step, week_label, years, language))
            for p in starts.unique()
        ]
        when = dict(zip(starts.unique(), when, strict=True))
        fig.add_trace(
            go.Bar(
                x=starts + (ends - starts) / 2,
                y=rows["actions"],
                name=name,
                marker_color=_colour_of(colours, key),
                width=(ends - starts) / pd.Timedelta(milliseconds=1) * 0.8,
                hovertext=[
                    f"<b>{when[p]}</b><br>{name}: {n}"
                    for p, n in zip(starts, rows["actions"], strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    mark_gaps(fig, gaps, gap_label)
    fig.update_layout(
        barmode="stack",
        separators=number_separators(language),
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
    fig.update_xaxes(type="date")
    if not frame.empty or extent:
        # A margin of one bin keeps the first and last bars whole.
        periods = pd.DatetimeIndex(pd.to_datetime(frame["period"]).unique())
        ends = _bin_ends(periods, step)
        margin = [ends[0] - periods[0]] if len(periods) else []
        fig.update_xaxes(
            range=[
                min([*(periods - margin[0] if margin else []), *extent]),
                max([*(ends + margin[0] if margin else []), *extent]),
            ]
        )
    if weekly and not frame.empty:
        # Ticks under the middle of each week, saying which week it is.
        mondays = sorted(set(pd.to_datetime(frame["period"])))
        if len(mondays) <= 16:  # beyond that, ticks by the month read better
            fig.update_xaxes(
                tickvals=[m + pd.Timedelta(days=3.5) for m in mondays],
                ticktext=[
                    html.escape(_period_label(m, "week", week_label, years, language))
                    for m in mondays
                ],
            )
            return fig
    if not frame.empty or extent:
        low, high = fig.layout.xaxis.range
        _date_axis(fig, low, high, language)
    return fig


def _bin_ends(starts: pd.DatetimeIndex, step: str) -> pd.DatetimeIndex:
    """The first day after each bin that starts on `starts`."""
    if step == "month":
        return starts + pd.offsets.MonthBegin(1)
    return starts + pd.Timedelta(days=7 if step == "week" else 1)


def _period_label(
    start: pd.Timestamp, step: str, week_label: str, years: bool = False, language: str = "en"
) -> str:
    """'5 Jan 2022', 'week of 3 Jan' ('week of 3 Jan 2022' on a chart spanning years), 'Jan 2022';
    in Russian '5 янв. 2022', 'неделя с 3 янв.', 'янв. 2022'."""
    if step == "month":
        return format_short_month_year(start, language)
    if step == "week":
        day = format_short_date(start, language) if years else format_day_month(start, language)
        return week_label.format(day=day)
    return format_short_date(start, language)


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
