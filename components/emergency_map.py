"""The state of emergency on the map: the regions under it on the chosen days, outlined.

A builder of one map layer, as data (see `components.maps.LayerSpec`); it belongs with the other
layer builders in `components/maps.py` and lives here only until that module is free to change.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from components.maps import LayerSpec

EMERGENCY_FILL = [213, 94, 0, 45]  # the palette's vermilion, faint: the choropleth shows through
EMERGENCY_LINE = [213, 94, 0, 255]


def emergency_layer(
    polygons: pd.DataFrame, regions: Iterable[str], *, layer_id: str = "emergency"
) -> LayerSpec:
    """The polygons (name, polygon) of `regions`, filled faintly and outlined; not pickable, so
    clicks reach the regions and cities below."""
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
