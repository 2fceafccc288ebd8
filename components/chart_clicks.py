"""Clicks on plotly charts that register however a person presses.

plotly.js decides what a click selects from the point under the pointer as of its last hover
computation. Hovering runs at most every 50 ms (`HOVERMINTIME`); a pointer move inside that window
is computed 50 ms later, and if the button is down by then, plotly treats it as a drag in progress
and clears the hover (`_hover`: `gd._dragging` → `unhoverRaw`). A press that follows a move within
~50 ms and lasts longer than that (a person's click: down, ~80 ms, up) then selects nothing; a
0 ms synthetic click or a press after a pause does. (Read in the plotly.js bundled with
Streamlit 1.67: dragelement's mousedown sets `_dragging`, hover's throttled callback unhovers.)

The shim below lets the pending hover land first: a press on a plotly chart that comes within
`SETTLE_MS` of the last pointer move is held back until then and replayed on the same element
(its release too, if it came meanwhile). Nothing else changes; it runs in the page, offline.
"""

from __future__ import annotations

import streamlit as st

SETTLE_MS = 70  # plotly's hover interval (50 ms) plus a margin for a busy main thread

_SHIM = """
<script>
(() => {
  if (window.__atlasPressShim) return;
  window.__atlasPressShim = true;
  const SETTLE = %(settle)d;
  let lastMove = 0, held = null;
  const replay = (e) => { const copy = new MouseEvent(e.type, e); copy.__atlas = true; return copy; };
  document.addEventListener("mousemove", (e) => { lastMove = performance.now(); }, true);
  document.addEventListener("mousedown", (e) => {
    if (e.__atlas || e.button !== 0 || !e.target.closest) return;
    if (!e.target.closest(".js-plotly-plot .nsewdrag")) return;
    const wait = SETTLE - (performance.now() - lastMove);
    if (wait <= 0) return;
    e.stopImmediatePropagation();
    e.preventDefault();
    held = {down: replay(e), target: e.target, up: null, upTarget: null};
    setTimeout(() => {
      const h = held;
      held = null;
      h.target.dispatchEvent(h.down);
      if (h.up) h.upTarget.dispatchEvent(h.up);
    }, wait);
  }, true);
  document.addEventListener("mouseup", (e) => {
    if (e.__atlas || !held) return;
    e.stopImmediatePropagation();
    held.up = replay(e);
    held.upTarget = e.target;
  }, true);
  document.addEventListener("click", (e) => {
    if (!e.__atlas && held) e.stopImmediatePropagation();
  }, true);
})();
</script>
"""


def install() -> None:
    """Add the shim to the page (once per page load; later runs find it installed)."""
    st.html(_SHIM % {"settle": SETTLE_MS}, unsafe_allow_javascript=True)
