"""Figures built once per distinct input, not on every rerun.

Building a plotly figure validates every property as it is set: the reported-figures chart (18
traces) took 0.4–0.6 s to build on each rerun of /timeline, whatever the viewer changed (py-spy),
though its data never changes with the filters. `cached(builder, ...)` keeps the figure's spec per
builder and arguments (Streamlit's data cache: the arguments are hashed, the spec copied out), and
returns a new Figure made from it without validating again — the spec came out of a validated
figure — which takes a few milliseconds. Each call gets its own Figure, so a page may still add to
it (a cursor band, the export context) without touching the cached spec.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import streamlit as st


@st.cache_data(show_spinner=False, max_entries=256)
def _spec(name: str, _builder: Callable[..., go.Figure], args: tuple, kwargs: dict) -> dict:
    return _builder(*args, **kwargs).to_dict()


def cached(builder: Callable[..., go.Figure], /, *args: Any, **kwargs: Any) -> go.Figure:
    """`builder(*args, **kwargs)`, built once per distinct arguments in this process."""
    spec = _spec(f"{builder.__module__}.{builder.__qualname__}", builder, args, kwargs)
    # plotly's own switch for a spec that is already valid (it came out of a built figure).
    return go.Figure(spec, _validate=False)
