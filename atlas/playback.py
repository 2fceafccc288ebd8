"""Playback over the days of a window: which day comes next, when play stops, how long a day shows.

Plain values only (no streamlit), so the stepping rules are tested without a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

SPEEDS = (0.5, 1.0, 2.0)
# One day per 1.5 s at 1×: long enough for the map to draw a day before the next one comes.
SECONDS_PER_DAY = 1.5


def seconds_per_day(speed: float | None) -> float:
    """How long each day is shown at `speed` (1× when none is chosen)."""
    return SECONDS_PER_DAY / (speed or 1.0)


def advance(days: Sequence[dt.date], day: dt.date) -> tuple[dt.date, bool]:
    """The day after `day`, and whether play goes on: it stops on the window's last day.
    A day outside the window (the window changed under it) starts again from the first."""
    if day not in days:
        return days[0], len(days) > 1
    following = days[min(days.index(day) + 1, len(days) - 1)]
    return following, following != days[-1]


def start_day(days: Sequence[dt.date], day: dt.date) -> dt.date:
    """The day Play starts from: where the cursor is, or the first day if it is at the end."""
    return days[0] if day not in days or day == days[-1] else day
