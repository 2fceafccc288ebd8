"""Clicks and taps on plotly charts and deck.gl maps that register however a person presses.

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

A finger's tap has no hover before it at all. On a plotly chart the click then selected from the
hover of the tap before (`selectOnClick` reads `gd._hoverdata` before `Fx.click` re-hovers): the
first tap selected nothing and every later one the point tapped before. The shim hovers where the
finger lands, before plotly sees the touch.

On a deck.gl map a tap counts only if it lasts under 250 ms (mjolnir's Tap `time`, from the
handling of pointerdown to that of pointerup), and deck.gl picks synchronously inside its
pointerdown handler. A mouse hovers first and so has warmed the picking (shaders, buffers); a
finger's first pick took 1.3 s under software WebGL and the tap was lost. A finger's press on a map
is therefore held back until a hover pick at that point has been drawn (`TAP_FRAMES` frames),
then replayed with its release.
"""

from __future__ import annotations

import streamlit as st

SETTLE_MS = 70  # plotly's hover interval (50 ms) plus a margin for a busy main thread
TAP_FRAMES = 2  # deck.gl picks for hover in its next frame; the one after has drawn it

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
  // A finger's tap: hover where the finger lands, before plotly's own touchstart (this listener
  // captures first), so that the tap selects the point under it, not the one tapped before.
  document.addEventListener("touchstart", (e) => {
    if (e.touches.length !== 1 || !e.target.closest) return;
    const drag = e.target.closest(".js-plotly-plot .nsewdrag");
    if (!drag) return;
    const {clientX, clientY} = e.touches[0];
    drag.dispatchEvent(new MouseEvent("mousemove",
      {clientX, clientY, bubbles: true, cancelable: true, view: window}));
  }, {capture: true, passive: true});
  // A finger's press on a deck.gl map: held until a hover pick there has been drawn, then
  // replayed with whatever came meanwhile (its release, a second finger, a move).
  let tap = null;
  const repointer = (e) => { const copy = new PointerEvent(e.type, e); copy.__atlas = true; return copy; };
  const flush = () => {
    const held = tap;
    tap = null;
    if (held) held.events.forEach((e) => held.target.dispatchEvent(e));
  };
  const onMap = (e) => e.target.tagName === "CANVAS" && e.target.closest("[data-testid=stDeckGlJsonChart]");
  document.addEventListener("pointerdown", (e) => {
    if (e.__atlas) return;
    if (tap) flush();  // a second finger: the first goes first
    if (e.pointerType === "mouse" || !e.isPrimary || !onMap(e)) return;
    e.stopImmediatePropagation();
    const mine = (tap = {target: e.target, events: [repointer(e)]});
    // mjolnir's hover input listens to mouse events: a mouse move there makes deck.gl pick.
    e.target.dispatchEvent(new MouseEvent("mousemove", {clientX: e.clientX, clientY: e.clientY,
      bubbles: true, cancelable: true, view: window}));
    let frames = %(frames)d;
    const wait = () => (--frames > 0 ? requestAnimationFrame(wait)
      : setTimeout(() => tap === mine && flush(), 0));
    requestAnimationFrame(wait);
  }, true);
  for (const type of ["pointermove", "pointerup", "pointercancel"]) {
    document.addEventListener(type, (e) => {
      if (e.__atlas || !tap) return;
      if (e.pointerId !== tap.events[0].pointerId) return flush();
      e.stopImmediatePropagation();
      tap.events.push(repointer(e));
    }, true);
  }
})();
</script>
"""


def install() -> None:
    """Add the shim to the page (once per page load; later runs find it installed)."""
    st.html(_SHIM % {"settle": SETTLE_MS, "frames": TAP_FRAMES}, unsafe_allow_javascript=True)
