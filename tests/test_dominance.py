"""Honest colours of dominance: codes tied for the most mentions make a place a tie, drawn grey and
named as such, never settled by the codes' spelling."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas import geo, resources
from atlas.geo import TIE
from atlas.i18n import translate
from atlas.seed import seed
from components.maps import PALETTE, TIE_COLOUR, category_colours, city_layer

from .conftest import DATA_DIR, ROOT


def counts(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["name", "code", "n"])


def test_a_single_most_mentioned_code_colours_the_place():
    found = geo.dominant(counts([("A", "b", 3), ("A", "a", 1), ("B", "a", 2)]), order=["a", "b"])
    assert found.to_dict("records") == [
        {"name": "A", "colour": "b", "tied": ()},
        {"name": "B", "colour": "a", "tied": ()},
    ]


def test_codes_tied_for_the_most_make_a_tie_listed_in_vocabulary_order():
    # "zeta" comes first in the vocabulary: the tie lists it first, not alphabetically.
    found = geo.dominant(
        counts([("A", "alpha", 2), ("A", "zeta", 2), ("A", "mid", 1), ("B", "mid", 1)]),
        order=["zeta", "mid", "alpha"],
    ).set_index("name")
    assert found.at["A", "colour"] == TIE
    assert found.at["A", "tied"] == ("zeta", "alpha")
    assert found.at["B", "colour"] == "mid"


def test_codes_missing_from_the_vocabulary_follow_it_alphabetically():
    found = geo.dominant(counts([("A", "y", 1), ("A", "x", 1), ("A", "known", 1)]), order=["known"])
    assert found.iloc[0]["tied"] == ("known", "x", "y")


def test_no_counts_no_places():
    assert geo.dominant(counts([])).empty


def test_a_tie_is_grey_and_outside_the_palette():
    assert TIE_COLOUR not in PALETTE
    colours = category_colours(["b", TIE, "a"])
    assert colours == {"a": PALETTE[0], "b": PALETTE[1], TIE: TIE_COLOUR}
    places = pd.DataFrame(
        {
            "name": ["A", "B"],
            "latitude": [43.0, 51.0],
            "longitude": [77.0, 71.0],
            "value": [1.0, 2.0],
            "colour": [TIE, "a"],
            "value_text": ["", ""],
            "detail": ["", ""],
        }
    )
    # grey even when the colours given leave the tie out (pages that predate ties)
    fills = [row["fill"] for row in city_layer(places, colours={"a": PALETTE[0]}).data]
    assert fills == [[*TIE_COLOUR, 215], [*PALETTE[0], 215]]


# --- the bundled sample, recounted with pandas ---


def sample_dominance() -> dict[str, tuple[str, ...]]:
    """City → the challenge codes mentioned by most of its respondents, in vocabulary order."""
    respondents = pd.read_csv(DATA_DIR / "respondents.sample.csv", dtype=str)
    codes = pd.read_csv(DATA_DIR / "interview_codes.sample.csv", dtype=str)
    vocabulary = pd.read_csv(DATA_DIR / "vocabulary.csv", dtype=str)
    order = vocabulary[vocabulary["field"] == "code"]["code"].tolist()
    mentions = (
        codes[codes["theme"] == "challenge"]
        .merge(respondents[["respondent_id", "city"]], on="respondent_id")
        .groupby(["city", "code"])["respondent_id"]
        .nunique()
    )
    top = {}
    for city, group in mentions.groupby(level="city"):
        best = group[group == group.max()].index.get_level_values("code")
        top[city] = tuple(sorted(best, key=order.index))
    return top


@pytest.fixture
def seeded(store):
    seed(store, DATA_DIR)
    return store


def test_place_metrics_carry_the_tied_codes(seeded):
    versions = {name: v.version for name, v in seeded.active_versions().items()}
    order = resources.vocabulary(DATA_DIR).codes("code", "challenge")
    found = geo.place_metrics(seeded, versions, geo.MetricQuery(), order=order).set_index("name")
    names = {"Nur-Sultan": "Astana", "Ust-Kamenogorsk": "Oskemen", "Uralsk": "Oral"}
    expected = {names.get(city, city): top for city, top in sample_dominance().items()}
    assert any(len(top) > 1 for top in expected.values())  # the sample has ties
    for city, top in expected.items():
        if len(top) > 1:
            assert (found.at[city, "colour"], found.at[city, "tied"]) == (TIE, top), city
        else:
            assert (found.at[city, "colour"], found.at[city, "tied"]) == (top[0], ()), city


def test_map_page_draws_ties_grey_with_a_tie_tooltip_and_legend(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("app_pages/map.py").run()
    assert not at.exception
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    layer = next(layer for layer in spec["layers"] if layer["id"] == "cities")
    cities = {row["name"]: row for row in layer["data"]}
    labels = resources.vocabulary(DATA_DIR).labels("code")
    names = {"Nur-Sultan": "Astana", "Ust-Kamenogorsk": "Oskemen", "Uralsk": "Oral"}
    sample = " · " + translate("export.sample")  # interview data from the bundled sample
    for city, top in sample_dominance().items():
        row = cities[names.get(city, city)]
        if len(top) > 1:
            assert row["fill"] == [*TIE_COLOUR, 215], city
            assert row["detail"] == "Tie: " + ", ".join(labels[c] for c in top) + sample
        else:
            assert row["fill"] != [*TIE_COLOUR, 215], city
            assert row["detail"] == f"Dominant challenge: {labels[top[0]]}" + sample
    # The legend (HTML that wraps, never clipped) has the tie in its grey.
    legend = next(m.value for m in at.markdown if "atlas-legend" in m.value)
    assert f"rgb{TIE_COLOUR}" in legend and ">Tie</span>" in legend


def test_the_place_panel_lists_the_tied_challenges(app_env):
    from streamlit.util import AttributeDictionary  # what st.pydeck_chart returns as selection

    top = sample_dominance()["Karaganda"]
    assert len(top) > 1
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("app_pages/map.py").run()
    # A click on Karaganda's circle, as the chart reports it.
    selection = {"indices": {"cities": [0]}, "objects": {"cities": [{"name": "Karaganda"}]}}
    at.session_state["kzmap"] = AttributeDictionary({"selection": AttributeDictionary(selection)})
    at.run()
    assert not at.exception
    assert at.subheader[0].value == "Karaganda"
    labels = resources.vocabulary(DATA_DIR).labels("code")
    tie = next(m.value for m in at.markdown if m.value.startswith("**Tie**"))
    shown = tie.replace("\\", "")  # Markdown escapes in the labels
    assert shown.index(labels[top[0]]) < shown.index(labels[top[1]])  # in vocabulary order
    assert all(labels[c] in shown for c in top)
