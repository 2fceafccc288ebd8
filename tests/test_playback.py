"""Playback: the stepping rules on plain values, and Play/Pause on /map under AppTest."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from streamlit.testing.v1 import AppTest

from atlas import playback

from .conftest import ROOT

APP = str(ROOT / "app.py")
JANUARY = [dt.date(2022, 1, d) for d in range(1, 32)]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2022, 1, 5), (dt.date(2022, 1, 6), True)),
        (dt.date(2022, 1, 30), (dt.date(2022, 1, 31), False)),  # the last day ends play
        (dt.date(2022, 1, 31), (dt.date(2022, 1, 31), False)),
        (dt.date(2021, 12, 31), (dt.date(2022, 1, 1), True)),  # outside the window: from the start
    ],
)
def test_advance_steps_one_day_and_stops_on_the_last(day, expected):
    assert playback.advance(JANUARY, day) == expected


def test_play_at_the_end_starts_again_from_the_first_day():
    assert playback.start_day(JANUARY, dt.date(2022, 1, 31)) == dt.date(2022, 1, 1)
    assert playback.start_day(JANUARY, dt.date(2022, 1, 9)) == dt.date(2022, 1, 9)


def test_faster_speeds_show_each_day_for_less_time():
    assert [playback.seconds_per_day(s) for s in playback.SPEEDS] == [3.0, 1.5, 0.75]
    assert playback.seconds_per_day(None) == 1.5


def map_page(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["metric"] = "January 2022 events"
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("app_pages/map.py").run()
    assert not at.exception, at.exception
    return at


def wait_a_beat(at: AppTest) -> None:
    """What the browser's interval timer does: wait one day's time, then rerun."""
    time.sleep(playback.seconds_per_day(at.segmented_control(key="map_speed").value) + 0.1)
    at.run()
    assert not at.exception, at.exception


def test_play_steps_the_day_on_each_beat_and_stops_on_the_last_day(app_env):
    at = map_page()
    assert at.select_slider(key="map_day").value == dt.date(2022, 1, 5)
    at.toggle(key="map_play").set_value(True).run()
    assert at.toggle(key="map_play").value is True
    assert at.select_slider(key="map_day").value == dt.date(2022, 1, 5)  # a beat has not passed
    for day in (6, 7, 8):
        wait_a_beat(at)
        assert at.select_slider(key="map_day").value == dt.date(2022, 1, day)
    # A filter change in the sidebar keeps playing from the same day.
    at.multiselect(key="city").set_value(["Almaty"]).run()
    assert at.toggle(key="map_play").value is True
    assert at.select_slider(key="map_day").value in (dt.date(2022, 1, 8), dt.date(2022, 1, 9))
    at.select_slider(key="map_day").set_value(dt.date(2022, 1, 30)).run()
    wait_a_beat(at)
    assert at.select_slider(key="map_day").value == dt.date(2022, 1, 31)
    assert at.toggle(key="map_play").value is False  # switched itself off at the end
    wait_a_beat(at)
    assert at.select_slider(key="map_day").value == dt.date(2022, 1, 31)
    # Play again from the end starts from the first day.
    at.toggle(key="map_play").set_value(True).run()
    assert at.select_slider(key="map_day").value == dt.date(2022, 1, 1)


def test_pause_keeps_the_day_and_speed_changes_the_beat(app_env):
    at = map_page()
    at.segmented_control(key="map_speed").set_value(2.0).run()
    at.toggle(key="map_play").set_value(True).run()
    wait_a_beat(at)  # 0.75 s at 2×
    assert at.select_slider(key="map_day").value == dt.date(2022, 1, 6)
    at.toggle(key="map_play").set_value(False).run()
    time.sleep(1)
    at.run()
    assert at.select_slider(key="map_day").value == dt.date(2022, 1, 6)


def test_playing_state_day_and_speed_are_read_from_the_url(app_env):
    at = map_page(map_day="20 Jan", map_play="true", map_speed="2×")
    assert at.select_slider(key="map_day").value == dt.date(2022, 1, 20)
    assert at.toggle(key="map_play").value is True
    assert at.segmented_control(key="map_speed").value == 2.0
    wait_a_beat(at)
    assert at.select_slider(key="map_day").value == dt.date(2022, 1, 21)


def test_timeline_cursor_plays_and_shades_the_days_so_far(app_env):
    import json

    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/timeline.py").run()
    assert not at.exception, at.exception
    assert at.select_slider(key="timeline_day").value == dt.date(2022, 1, 31)

    def shaded_until() -> list[str]:
        spec = json.loads(at.get("plotly_chart")[0].proto.spec)
        return [
            s["x1"][:10]
            for s in spec["layout"].get("shapes", [])
            if s.get("fillcolor") == "#1f5f8b"
        ]

    assert shaded_until() == []  # the whole window: nothing singled out
    at.toggle(key="timeline_play").set_value(True).run()  # from the end: back to the first day
    assert at.select_slider(key="timeline_day").value == dt.date(2022, 1, 1)
    assert shaded_until() == ["2022-01-02"]
    time.sleep(playback.seconds_per_day(1.0) + 0.1)
    at.run()
    assert at.select_slider(key="timeline_day").value == dt.date(2022, 1, 2)
    assert shaded_until() == ["2022-01-03"]
    assert any(c.value.startswith("Up to 02.01.2022:") for c in at.caption)


def test_the_run_that_draws_a_stepped_day_does_not_step_again(app_env, monkeypatch):
    """On a busy server the full run that draws the timeline's new day can start a beat late;
    it must draw that day, not step past it (CI once saw 28 → 30 January)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/timeline.py").run()
    at.toggle(key="timeline_play").set_value(True).run()
    assert at.select_slider(key="timeline_day").value == dt.date(2022, 1, 1)
    clock = [time.monotonic()]

    def late() -> float:  # every reading a whole beat after the last: each run starts late
        clock[0] += 10.0
        return clock[0]

    monkeypatch.setattr("components.playback.time.monotonic", late)
    for day in (2, 3, 4):
        at.run()  # one beat of the timer
        assert not at.exception, at.exception
        assert at.select_slider(key="timeline_day").value == dt.date(2022, 1, day)
