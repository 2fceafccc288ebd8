"""Play/Pause over days for a fragment that draws one day at a time (the map, the timeline).

How Streamlit 1.67 ticks (runtime/fragment.py, the web app's handleAutoRerun): `run_every` is read
when the decorated function is called in a full run of the page, which sends the browser one
interval timer for that fragment; a fragment rerun calls the stored function again and sends
nothing, and the browser clears every timer when a full run starts. A toggle inside the fragment
therefore cannot start or stop the ticking by itself. The page decides `run_every` from the last
run's state (`tick_interval`) before it defines the fragment, and `day_player` reruns the whole page
whenever Play, Pause, the speed or the end of the window asks for another interval.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence

import streamlit as st

from atlas import playback
from atlas.i18n import format_day_month
from components import url_state
from components.i18n import language, t


def tick_interval(key: str) -> float | None:
    """Seconds between steps while `key` plays, else None: the fragment's `run_every`."""
    state = st.session_state
    if not state.get(f"{key}_play"):
        return None
    return playback.seconds_per_day(state.get(f"{key}_speed"))


def stop(key: str) -> None:
    """Stop playing (the controls are not drawn in this view); the next full run stops the timer."""
    if st.session_state.get(f"{key}_play"):
        st.session_state[f"{key}_play"] = False
        st.rerun(scope="app")


def draw_day(key: str) -> None:
    """From the player's fragment: rerun the whole page to draw the day just stepped to; that
    run does not step again."""
    st.session_state[f"{key}_drawing"] = True
    st.rerun(scope="app")


def day_player(
    days: Sequence[dt.date],
    *,
    key: str,
    default: dt.date,
    ticking: float | None,
    label: str,
    columns: Sequence,
) -> dt.date:
    """Draw the day slider, Play and the speed in `columns` (three), all kept in the URL as
    `{key}_day`, `{key}_play`, `{key}_speed`; step one day when a tick is due. Returns the day."""
    state = st.session_state
    day_key, play_key, at_key = f"{key}_day", f"{key}_play", f"{key}_stepped_at"
    if state.get(day_key, default) not in days:  # the window changed under the cursor
        state[day_key] = default
    # A step only on the timer's beat: a click on the chart while playing reruns the fragment too,
    # and never in the full run that draws the day just stepped to (`draw_day`): on a busy server
    # that run can start a beat later, and stepping again there would skip a day.
    now = time.monotonic()
    last = state.setdefault(at_key, now)  # a link opened while playing waits a beat too
    drawing = state.pop(f"{key}_drawing", False)
    if ticking and state.get(play_key) and not drawing and now - last >= 0.6 * ticking:
        day, going = playback.advance(days, state.get(day_key, default))
        state[day_key], state[at_key] = day, now
        if not going:
            state[play_key] = False
    slider, play, speed = columns
    # In the URL as an ISO date, true/false and a number: the same link in every language.
    day = url_state.widget(
        slider.select_slider,
        label,
        days,
        value=default,
        format_func=lambda d: format_day_month(d, language()),
        key=day_key,
        labels={"old": {d: f"{d:%d %b}" for d in days}},  # links of the previous release
    )
    url_state.widget(
        play.toggle,
        t("playback.play"),
        key=play_key,
        on_change=_on_play,
        args=(days, key, default),
        help=t("playback.play_help"),
    )
    url_state.widget(
        speed.segmented_control,
        t("playback.speed"),
        playback.SPEEDS,
        format_func=lambda s: f"{s:g}×",
        default=1.0,
        key=f"{key}_speed",
        labels={"old": {s: f"{s:g}×" for s in playback.SPEEDS}},
    )
    if tick_interval(key) != ticking:
        st.rerun(scope="app")  # a new interval needs a full run (see the module's docstring)
    return day


def _on_play(days: Sequence[dt.date], key: str, default: dt.date) -> None:
    state = st.session_state
    if state.get(f"{key}_play"):
        state[f"{key}_day"] = playback.start_day(days, state.get(f"{key}_day", default))
        state[f"{key}_stepped_at"] = time.monotonic()
