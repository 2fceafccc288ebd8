"""What every page gets from the router: the layout rules the app's own snippets need, and the
click shim for plotly charts (components.chart_clicks)."""

from __future__ import annotations

import streamlit as st

from components import chart_clicks

# A block that holds only a <style> or <script> (this one, the click shim, the presentation keys)
# takes no room: otherwise each adds an empty row and a gap above the page's content.
_STYLE = """
<style>
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"]):not(
  :has(> [data-testid="stHtml"] > :not(style, script))) { display: none; }
</style>
"""


def install() -> None:
    st.html(_STYLE)
    chart_clicks.install()
