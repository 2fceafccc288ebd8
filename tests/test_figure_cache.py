"""Figures kept as their spec: the same figure as a fresh build, and a page's additions stay its own."""

import pandas as pd
import plotly.graph_objects as go

from components import figure_cache
from components.timeline import ranked_bars

calls = []


def counted_bars(frame: pd.DataFrame, *, labels: dict) -> go.Figure:
    calls.append(1)
    return ranked_bars(frame, labels=labels)


def test_a_cached_figure_is_the_built_one_and_is_built_once_per_input():
    frame = pd.DataFrame({"key": ["KZ", "TR"], "actions": [3, 5]})
    labels = {"KZ": "Kazakhstan", "TR": "Türkiye"}
    first = figure_cache.cached(counted_bars, frame, labels=labels)
    assert first.to_dict() == ranked_bars(frame, labels=labels).to_dict()
    # A page adds to its copy (a title, a band): the next run gets the figure as built.
    first.update_layout(title={"text": "added by a page"})
    again = figure_cache.cached(counted_bars, frame, labels=labels)
    assert again.layout.title.text is None and len(calls) == 1
    changed = frame.assign(actions=[4, 5])
    other = figure_cache.cached(counted_bars, changed, labels=labels)
    assert other.to_dict() == ranked_bars(changed, labels=labels).to_dict() and len(calls) == 2
