"""The diaspora's world map: countries shaded by their actions, a dot per city abroad, and arcs
from each city to Almaty, the centre of the January events.

Built once per (data versions, dates, organisers, arcs, language, size) and kept as its JSON: the
world's boundaries are half a megabyte of it, and writing them out again on every rerun was a fifth
of /diaspora's script time with a million actions (py-spy). The browser keeps the message too:
Streamlit sends an unchanged element of that size as a reference to the copy it already has.
"""

from __future__ import annotations

import pandas as pd
import pydeck as pdk
import streamlit as st

from atlas import geo, resources, timeline
from atlas.filters import Filters
from atlas.i18n import translate
from atlas.store import Store
from components import data_access
from components.maps import (
    TOOLTIP,
    PrebuiltDeck,
    arc_layer,
    build_deck,
    category_colours,
    city_layer,
    label_layer,
    region_layer,
)
from components.sidebar import country_names

ALMATY = (43.25249, 76.9115)


@st.cache_data(show_spinner=False, max_entries=64)
def _world_json(
    _store: Store,
    versions: dict[str, int],
    dated: Filters,
    organisers: tuple[str, ...],
    arcs: bool,
    language: str,
    data_dir: str,
    width: int,
    height: int,
) -> str:
    countries = data_access.actions_by(_store, versions, "country", dated, organisers)
    places = data_access.diaspora_places(_store, versions, dated, organisers)
    gazetteer = resources.gazetteer(data_access.settings().data_dir)
    names = country_names(language)
    city_names = {
        city: gazetteer.local_name(city, language, kinds=("city",)) for city in places["city"]
    }

    def actions(n: int) -> str:
        return translate("diaspora.tooltip_actions", language, n=int(n))

    shaded = countries.rename(columns={"key": "name", "actions": "value"})
    shaded = shaded.assign(
        value_text=[
            f"{names.get(c, c)}: {actions(v)}"
            for c, v in zip(shaded["name"], shaded["value"], strict=True)
        ],
        detail="",
    )
    dots = places.rename(columns={"city": "name", "actions": "value"}).assign(colour="", detail="")
    dots["value_text"] = [actions(v) for v in dots["value"]]
    layers = [
        region_layer(
            data_access.world_polygons(data_dir), shaded, layer_id="countries", labels=names
        ),
        city_layer(dots, colours=category_colours([]), max_radius=16, labels=city_names),
        label_layer(dots, labels=city_names),
    ]
    if arcs and not places.empty:
        layers.append(
            arc_layer(
                pd.DataFrame(
                    {
                        "source_lon": places["longitude"],
                        "source_lat": places["latitude"],
                        "target_lon": ALMATY[1],
                        "target_lat": ALMATY[0],
                        "width": places["actions"] ** 0.5 * 1.5 + 1,
                    }
                )
            )
        )
    # Framed on the actions shown and Kazakhstan, whichever continents they span.
    view = geo.fit_view(
        [*places["longitude"], ALMATY[1]],
        [*places["latitude"], ALMATY[0]],
        width_px=width,
        height_px=height,
    )
    return build_deck(layers, **view, height=height).to_json()


def world_deck(
    store: Store,
    versions: dict[str, int],
    filters: Filters,
    organisers: tuple[str, ...],
    *,
    arcs: bool,
    language: str,
    data_dir: str,
    width: int,
    height: int,
) -> pdk.Deck:
    """The world map of the actions the filters keep (only their dates apply abroad)."""
    spec = _world_json(
        store,
        versions,
        timeline.diaspora_filters(filters),
        organisers,
        arcs,
        language,
        data_dir,
        width,
        height,
    )
    return PrebuiltDeck(spec, tooltip=TOOLTIP)
