"""Map builders: layers as plain named data, assembled into a pydeck Deck in one place.

Offline by default: the deck has no tile basemap (`map_provider=None` leaves pydeck's map-style
sentinel, which Streamlit drops without fetching its CARTO default), so the base map is drawn from
the bundled boundaries. A tile basemap is an explicit opt-in (`basemap=True`).
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from atlas import palette
from atlas.geo import TIE
from atlas.palette import NO_CATEGORY, PALETTE, TIE_COLOUR  # noqa: F401 — re-exported

# One colour per category, from the vocabulary's order: see atlas/palette.py.
LAND = [244, 241, 234, 255]
NEIGHBOUR = [250, 250, 248, 255]
BORDER = [160, 160, 160, 255]
# Sequential scale for choropleths (Cividis, light to dark), RGB stops.
SEQUENTIAL = [(254, 232, 56), (188, 175, 111), (124, 123, 120), (65, 77, 107), (0, 34, 78)]

TOOLTIP = {
    "html": "<b>{label}</b><br/>{value_text}<br/><span style='opacity:.75'>{detail}</span>",
    "style": {
        "backgroundColor": "white",
        "color": "#1b1f24",
        "fontSize": "13px",
        "border": "1px solid #ccc",
    },
}


@dataclass(frozen=True)
class LayerSpec:
    """A map layer as data: what kind, which rows, how drawn."""

    id: str
    type: str  # a deck.gl layer class: PolygonLayer, ScatterplotLayer, TextLayer, ArcLayer, ...
    data: Any
    style: Mapping[str, Any] = field(default_factory=dict)
    pickable: bool = False

    def to_pydeck(self) -> pdk.Layer:
        # pydeck reads every string option as a JavaScript expression ("pixels" → @@=pixels);
        # only accessors (get_*) are meant to be. Other strings are literals.
        style = {
            key: pdk.types.String(value)
            if isinstance(value, str) and not key.startswith("get_")
            else value
            for key, value in self.style.items()
        }
        return pdk.Layer(
            self.type, self.data, id=pdk.types.String(self.id), pickable=self.pickable, **style
        )


def category_colours(
    categories: Sequence[str], order: Sequence[str] = ()
) -> dict[str, tuple[int, int, int]]:
    """The colour of each category shown (`categories`), by its place in its field's vocabulary
    order (`order`), so that it never changes between views; a tie gets TIE_COLOUR."""
    return palette.category_colours(order, categories)


def sequential_colour(value: float, vmax: float) -> list[int]:
    if vmax <= 0 or value is None or (isinstance(value, float) and math.isnan(value)):
        return LAND
    position = min(1.0, max(0.0, value / vmax)) * (len(SEQUENTIAL) - 1)
    low = int(position)
    high = min(low + 1, len(SEQUENTIAL) - 1)
    frac = position - low
    rgb = [
        round(SEQUENTIAL[low][k] + (SEQUENTIAL[high][k] - SEQUENTIAL[low][k]) * frac)
        for k in range(3)
    ]
    return [*rgb, 210]


def outline_layer(polygons: pd.DataFrame, *, layer_id: str = "countries") -> LayerSpec:
    return LayerSpec(
        layer_id,
        "PolygonLayer",
        polygons[["name", "polygon"]].to_dict("records"),
        {
            "get_polygon": "polygon",
            "get_fill_color": NEIGHBOUR,
            "get_line_color": BORDER,
            "line_width_min_pixels": 0.6,
            "stroked": True,
            "filled": True,
        },
    )


def region_layer(
    polygons: pd.DataFrame,
    values: pd.DataFrame | None = None,
    *,
    layer_id: str = "regions",
    labels: Mapping[str, str] | None = None,
) -> LayerSpec:
    """Regions as a base (flat fill) or a choropleth when `values` (name, value, value_text,
    detail) is given. Pickable: a click returns the region's name; the tooltip shows its
    `label` (`labels`: name → the name in the viewer's language)."""
    data = polygons.copy()
    data["label"] = [(labels or {}).get(name, name) for name in data["name"]]
    if values is not None and not values.empty:
        data = data.merge(values[["name", "value", "value_text", "detail"]], on="name", how="left")
        vmax = float(values["value"].max() or 0)
        data["fill"] = [sequential_colour(v, vmax) for v in data["value"]]
    else:
        data["fill"] = [LAND] * len(data)
    for column in ("value_text", "detail"):
        data[column] = data[column].fillna("") if column in data else ""
    records = data[["name", "label", "polygon", "fill", "value_text", "detail"]].to_dict("records")
    return LayerSpec(
        layer_id,
        "PolygonLayer",
        records,
        {
            "get_polygon": "polygon",
            "get_fill_color": "fill",
            "get_line_color": [255, 255, 255, 255],
            "line_width_min_pixels": 1.2,
            "stroked": True,
            "filled": True,
            "auto_highlight": True,
            "highlight_color": [31, 95, 139, 60],
            # Only the fill answers clicks and hovers. The outline (the PolygonLayer's "stroke"
            # PathLayer, thousands of segments) would otherwise be drawn into the picking buffer on
            # every pick, and deck.gl picks synchronously inside the pointerdown handler: with the
            # stroke that took 150–600 ms under software WebGL, longer than the 250 ms a press may
            # last to count as a click (mjolnir's Tap `time`), so most clicks selected nothing.
            "_sub_layer_props": {"stroke": {"pickable": False}},
        },
        pickable=True,
    )


EMERGENCY_FILL = [213, 94, 0, 45]  # the palette's vermilion, faint: the choropleth shows through
EMERGENCY_LINE = [213, 94, 0, 255]


def emergency_layer(
    polygons: pd.DataFrame, regions: Iterable[str], *, layer_id: str = "emergency"
) -> LayerSpec:
    """The state of emergency: the polygons (name, polygon) of `regions` under it on the chosen
    days, filled faintly and outlined; not pickable, so clicks reach the regions and cities
    below."""
    names = set(regions)
    shown = polygons[polygons["name"].isin(names)]
    return LayerSpec(
        layer_id,
        "PolygonLayer",
        shown[["name", "polygon"]].to_dict("records"),
        {
            "get_polygon": "polygon",
            "get_fill_color": EMERGENCY_FILL,
            "get_line_color": EMERGENCY_LINE,
            "line_width_min_pixels": 2.5,
            "stroked": True,
            "filled": True,
        },
    )


def city_layer(
    places: pd.DataFrame,
    *,
    colours: Mapping[str, tuple[int, int, int]],
    layer_id: str = "cities",
    max_radius: float = 28.0,
    labels: Mapping[str, str] | None = None,
) -> LayerSpec:
    """Cities as circles: area proportional to `value`, colour by `colour` category; the tooltip
    names each by its `label` (`labels`: name → the name in the viewer's language)."""
    data = places.copy()
    data["label"] = [(labels or {}).get(name, name) for name in data["name"]]
    vmax = float(data["value"].max() or 1.0) if len(data) else 1.0
    data["radius"] = [
        4.0 + max_radius * math.sqrt(max(v, 0.0) / vmax) if vmax > 0 else 4.0 for v in data["value"]
    ]
    fallback = {TIE: TIE_COLOUR}  # a tie is grey even where `colours` leaves it out
    data["fill"] = [
        [*colours.get(c, fallback.get(c, NO_CATEGORY)), 215] for c in data["colour"].fillna("")
    ]
    columns = ["name", "label", "latitude", "longitude", "radius", "fill", "value_text", "detail"]
    return LayerSpec(
        layer_id,
        "ScatterplotLayer",
        data[columns].to_dict("records"),
        {
            "get_position": ["longitude", "latitude"],
            "get_radius": "radius",
            "radius_units": "pixels",
            "get_fill_color": "fill",
            "get_line_color": [255, 255, 255, 255],
            "line_width_min_pixels": 1.5,
            "stroked": True,
            "auto_highlight": True,
        },
        pickable=True,
    )


def label_layer(
    places: pd.DataFrame, *, layer_id: str = "labels", labels: Mapping[str, str] | None = None
) -> LayerSpec:
    """City names next to their circles, in the viewer's language (`labels`: name → label);
    `character_set="auto"` so Cyrillic and Kazakh letters are in the font atlas (deck.gl's
    default covers ASCII only)."""
    data = [
        {**row, "name": (labels or {}).get(row["name"], row["name"])}
        for row in places[["name", "latitude", "longitude"]].to_dict("records")
    ]
    return LayerSpec(
        layer_id,
        "TextLayer",
        data,
        {
            "get_position": ["longitude", "latitude"],
            "get_text": "name",
            "get_size": 13,
            "get_color": [27, 31, 36, 255],
            "get_pixel_offset": [0, -18],
            "character_set": "auto",
            "font_family": "'Source Sans Pro', 'Noto Sans', sans-serif",
            "font_weight": 600,
            "outline_width": 3,
            "outline_color": [255, 255, 255, 230],
            "font_settings": {"sdf": True},
        },
    )


def arc_layer(arcs: pd.DataFrame, *, layer_id: str = "arcs") -> LayerSpec:
    """Arcs from (source_lon, source_lat) to (target_lon, target_lat), width by `value`."""
    return LayerSpec(
        layer_id,
        "ArcLayer",
        arcs.to_dict("records"),
        {
            "get_source_position": ["source_lon", "source_lat"],
            "get_target_position": ["target_lon", "target_lat"],
            "get_source_color": [0, 114, 178, 180],
            "get_target_color": [213, 94, 0, 180],
            "get_width": "width",
            "width_units": "pixels",
        },
    )


class CompactDeck(pdk.Deck):
    """A Deck whose JSON is written compactly by the C encoder.

    pydeck writes its JSON indented and key-sorted, which forces Python's pure-Python encoder: on
    every rerun the boundaries took ~0.7 s to serialise and twice the bytes to send (py-spy,
    /diaspora at 1M rows). Same spec, same keys; only the whitespace and key order differ."""

    def to_json(self) -> str:
        return json.dumps(self, default=default_serialize, separators=(",", ":"))


class PrebuiltDeck(CompactDeck):
    """A deck whose JSON was written before (and cached): `to_json` gives it back unchanged."""

    def __init__(self, spec: str, *, tooltip: Mapping[str, Any] | bool = True) -> None:
        super().__init__(layers=[], map_provider=None, tooltip=tooltip)
        self._spec = spec

    def to_json(self) -> str:
        return self._spec


def build_deck(
    layers: Sequence[LayerSpec],
    *,
    latitude: float,
    longitude: float,
    zoom: float,
    basemap: bool = False,
    height: int = 560,
) -> pdk.Deck:
    """Assemble layers into a Deck. No basemap (no outside request) unless asked for."""
    view = pdk.ViewState(
        latitude=latitude, longitude=longitude, zoom=zoom, min_zoom=0.5, max_zoom=10
    )
    options = {"map_provider": "carto", "map_style": "light"} if basemap else {"map_provider": None}
    return CompactDeck(
        layers=[layer.to_pydeck() for layer in layers],
        initial_view_state=view,
        tooltip=TOOLTIP,
        height=height,
        **options,
    )


# Kazakhstan spans ~46–87° E: at zoom 3.05 that is ~510 px, the width of the map column.
KAZAKHSTAN_VIEW = {"latitude": 48.0, "longitude": 66.8, "zoom": 3.05}


def legend_html(colours: Mapping[str, tuple[int, int, int]], labels: Mapping[str, str]) -> str:
    """Every category's swatch and label, as HTML that wraps onto as many lines as it needs (never
    clipped, whatever the column's width). Labels are escaped: they may come from data."""
    items = "".join(
        '<span style="display:inline-flex;align-items:center;gap:.35em;margin:0 1em .2em 0;'
        'white-space:nowrap">'
        f'<span style="width:.85em;height:.85em;border-radius:50%;background:rgb{tuple(rgb)};'
        'display:inline-block;border:1px solid #fff;box-shadow:0 0 0 1px #ccc"></span>'
        f"{html.escape(labels.get(code, code))}</span>"
        for code, rgb in colours.items()
    )
    style = "display:flex;flex-wrap:wrap;font-size:.85em"
    return f'<div class="atlas-legend" style="{style}">{items}</div>'
