"""One colour per category: each field's codes take the palette's colours in the vocabulary's order,
so a code has the same colour on every page, under every filter, on every day and in every export.

The palette is Okabe & Ito's colour-blind-safe set (Okabe & Ito 2008, "Color Universal Design")
without its yellow, too faint for small markers on white, extended for fields with more than seven
codes (event types, action types) by four colours of Paul Tol's "muted" scheme (indigo, wine, olive,
sand; Tol 2021, "Colour schemes", SRON/EPS/TN/09-002). A code's colour depends only on its place in
its field's list, never on which codes a view happens to show. Places where codes tie for the most
mentions are a light neutral grey that is none of the palette's hues.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from atlas.geo import TIE

RGB = tuple[int, int, int]

PALETTE_NAME = "Okabe–Ito (no yellow) + Paul Tol muted"
PALETTE: list[RGB] = [
    (0, 114, 178),  # Okabe–Ito blue
    (230, 159, 0),  # orange
    (0, 158, 115),  # bluish green
    (204, 121, 167),  # reddish purple
    (86, 180, 233),  # sky blue
    (213, 94, 0),  # vermillion
    (0, 0, 0),  # black
    (51, 34, 136),  # Tol muted indigo
    (136, 34, 85),  # wine
    (153, 153, 51),  # olive
    (221, 204, 119),  # sand
]
TIE_COLOUR: RGB = (187, 187, 187)
NO_CATEGORY: RGB = (120, 120, 120)


def category_colours(order: Sequence[str], present: Iterable[str] | None = None) -> dict[str, RGB]:
    """Colours for a field's codes given in vocabulary order (`order`); with `present`, only the
    codes a view shows (plus the tie, if shown), still coloured by their place in `order`. Codes
    missing from the vocabulary follow its codes, sorted, so they too keep their colour."""
    shown = set(order) if present is None else set(present)
    known = list(dict.fromkeys(order))
    extra = sorted(shown - set(known) - {TIE, ""})
    ranked = known + extra
    colours = {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(ranked) if code in shown}
    return colours | ({TIE: TIE_COLOUR} if TIE in shown else {})


def css(rgb: Sequence[int], alpha: float = 1.0) -> str:
    r, g, b = rgb[:3]
    return f"rgba({r}, {g}, {b}, {alpha})"
