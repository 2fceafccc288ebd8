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

On a deck.gl map a press counts as a click only if it lasts under 250 ms, and mjolnir (deck.gl's
gesture library) measures that with `Date.now()` when it *handles* pointerdown and pointerup, not
with the events' own times. deck.gl picks synchronously inside its pointerdown handler, so a pick
that takes longer than 250 ms (a busy or slow machine under software WebGL: 283 ms measured at
load 14 on 2 cores; a finger's first pick, with no hover to warm it, 1.3 s) turns a person's 80 ms
click into nothing. The shim therefore holds a press on a map until it is released (or becomes a
drag, or lasts `HOLD_MS`), then replays it with `Date.now()` reading each event's time since
the press while it is handled: the press lasts as long as the person held it, however long the
pick took. That time is the shorter of the events' own stamps (a person's press on a busy page)
and of when they reached the page (an automated press, timed from when its down was handled). A
finger's press is also held until a hover pick at that point has been drawn (`TAP_FRAMES`
frames), so the tap's own pick finds the place warm.
"""

from __future__ import annotations

import streamlit as st

SETTLE_MS = 70  # plotly's hover interval (50 ms) plus a margin for a busy main thread
TAP_FRAMES = 2  # deck.gl picks for hover in its next frame; the one after has drawn it
HOLD_MS = 600  # a map press held longer is no click (deck.gl's limit is 250 ms): let it through
DRAG_PX = 3  # a held map press that moves further is a drag (mjolnir's tap threshold is 2 px)

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
  // A press on a deck.gl map: held until released (or until it moves or lasts too long), then
  // replayed with Date.now() reading each event's own time while deck.gl handles it. A finger's
  // press waits also until a hover pick there has been drawn.
  let tap = null;
  const HOLD = %(hold)d, DRAG = %(drag)d;
  const repointer = (e) => {
    const copy = new PointerEvent(e.type, e);
    copy.__atlas = true;
    copy.__handled = Date.now();  // before any pick: the press is held
    copy.__stamp = e.timeStamp;  // when the input happened
    return copy;
  };
  const flush = () => {
    const held = tap;
    tap = null;
    if (!held) return;
    clearTimeout(held.timer);
    // Each event's time since the press, the shorter of two measures: by the events' own
    // stamps (a person's 80 ms, however busy the page was) and by when they reached the page
    // (a driver that sends the release 80 ms after the press was handled).
    const [first] = held.events;
    const clock = Date.now;
    try {
      for (const e of held.events) {
        const since = Math.min(e.__handled - first.__handled, e.__stamp - first.__stamp);
        Date.now = () => first.__handled + Math.max(0, Math.round(since));
        held.target.dispatchEvent(e);
      }
    } finally {
      Date.now = clock;
    }
  };
  const onMap = (e) => e.target.tagName === "CANVAS" && e.target.closest("[data-testid=stDeckGlJsonChart]");
  document.addEventListener("pointerdown", (e) => {
    if (e.__atlas) return;
    if (tap) flush();  // a second finger: the first goes first
    if (!e.isPrimary || e.button !== 0 || !onMap(e)) return;
    e.stopImmediatePropagation();
    const mouse = e.pointerType === "mouse";
    const mine = (tap = {target: e.target, events: [repointer(e)], mouse, ready: mouse,
                         x: e.clientX, y: e.clientY});
    mine.timer = setTimeout(() => tap === mine && flush(), HOLD);
    if (mouse) return;  // a mouse has hovered there: its pick is warm
    // mjolnir's hover input listens to mouse events: a mouse move there makes deck.gl pick.
    e.target.dispatchEvent(new MouseEvent("mousemove", {clientX: e.clientX, clientY: e.clientY,
      bubbles: true, cancelable: true, view: window}));
    let frames = %(frames)d;
    const wait = () => (--frames > 0 ? requestAnimationFrame(wait) : setTimeout(() => {
      if (tap !== mine) return;
      mine.ready = true;
      if (mine.events.length > 1) flush();
    }, 0));
    requestAnimationFrame(wait);
  }, true);
  for (const type of ["pointermove", "pointerup", "pointercancel"]) {
    document.addEventListener(type, (e) => {
      if (e.__atlas || !tap) return;
      if (e.pointerId !== tap.events[0].pointerId) return flush();
      e.stopImmediatePropagation();
      tap.events.push(repointer(e));
      const moved = Math.hypot(e.clientX - tap.x, e.clientY - tap.y) > DRAG;
      if (tap.ready && (type !== "pointermove" || moved)) flush();
    }, true);
  }
})();
</script>
"""


def install() -> None:
    """Add the shim to the page (once per page load; later runs find it installed)."""
    st.html(
        _SHIM % {"settle": SETTLE_MS, "frames": TAP_FRAMES, "hold": HOLD_MS, "drag": DRAG_PX},
        unsafe_allow_javascript=True,
    )
