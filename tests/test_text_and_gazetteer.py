"""Name folding and place resolution: old names, Cyrillic, Kazakh Latin, look-alikes, regions as
people write them, and the ambiguous case."""

import csv

import numpy as np
import pandas as pd
import pytest

from atlas.contract import prepare
from atlas.gazetteer import split_kind_word
from atlas.text import fold

from .conftest import ROOT


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nur-Sultan", "nur sultan"),
        ("Öskemen", "Oskemen"),
        ("Алматы", "Aлматы"),  # Latin "A" inside a Cyrillic word
        ("Almaty", "Аlmaty"),  # Cyrillic "А" inside a Latin word
        ("Семей", "Семей\u200b"),  # zero-width space
        ("Қарағанды", "Қарағанды"),  # NFC vs NFD
        ("Shymkent", "SHYM-KENT"),
        ("Нұр-Сұлтан", "Нур-Султан"),  # Kazakh letters typed on a Russian keyboard
        ("Маңғыстау", "Мангыстау"),
        ("Türkıstan", "Turkistan"),  # the dotless ı of the 2021 Kazakh Latin alphabet
    ],
)
def test_fold_ignores_case_marks_separators_and_lookalikes(a, b):
    assert fold(a) == fold(b)


def test_fold_keeps_distinct_letters_distinct():
    assert fold("Семей") != fold("Семеи")  # й is a letter of its own, not и with a mark
    assert fold("Aktau") != fold("Aktobe")


@pytest.mark.parametrize(
    ("name", "city", "region"),
    [
        ("Nur-Sultan", "Astana", "Astana"),
        ("Нур-Султан", "Astana", "Astana"),
        ("Нұр-Сұлтан", "Astana", "Astana"),
        ("Tselinograd", "Astana", "Astana"),
        ("Akmola", "Astana", "Astana"),
        ("Alma-Ata", "Almaty", "Almaty"),
        ("Алма-Ата", "Almaty", "Almaty"),
        ("Ust-Kamenogorsk", "Oskemen", "East Kazakhstan Region"),
        ("Усть-Каменогорск", "Oskemen", "East Kazakhstan Region"),
        ("Uralsk", "Oral", "West Kazakhstan Region"),
        ("Семипалатинск", "Semey", "East Kazakhstan Region"),
        ("Kapchagay", "Konaev", "Almaty Region"),
        ("Капшагай", "Konaev", "Almaty Region"),
        ("Qonaev", "Konaev", "Almaty Region"),
        ("Kaskelen", "Kaskelen", "Almaty Region"),
        ("Shevchenko", "Aktau", "Mangystau Region"),
        ("Gurev", "Atyrau", "Atyrau Region"),
        ("Şymkent", "Shymkent", "Shymkent"),
        ("Qaraǵandy", "Karaganda", "Karaganda Region"),
        ("Жаңаөзен", "Zhanaozen", "Mangystau Region"),
        ("Aлматы", "Almaty", "Almaty"),
    ],
)
def test_resolves_kazakh_cities_by_any_name(gazetteer, name, city, region):
    place = gazetteer.resolve(name)
    assert place is not None, name
    assert (place.name, place.country, place.region) == (city, "KZ", region)
    assert 40 < place.latitude < 56 and 46 < place.longitude < 88  # inside Kazakhstan's extent


@pytest.mark.parametrize(
    ("name", "city", "country"),
    [
        ("Berlin", "Berlin", "DE"),
        ("Берлин", "Berlin", "DE"),
        ("London", "London", "GB"),
        ("Стамбул", "Istanbul", "TR"),
        ("Kyiv", "Kyiv", "UA"),
        ("Houston", "Houston", "US"),
    ],
)
def test_resolves_diaspora_cities(gazetteer, name, city, country):
    place = gazetteer.resolve(name)
    assert (place.name, place.country) == (city, country)


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Турция", "TR"),
        ("TR", "TR"),
        ("Германия", "DE"),
        ("Qazaqstan", "KZ"),
        ("United Kingdom", "GB"),
        ("США", "US"),
    ],
)
def test_resolves_countries_in_any_language(gazetteer, name, iso):
    assert gazetteer.country_code(name) == iso


def test_unknown_place_gets_close_suggestions(gazetteer):
    assert gazetteer.resolve("Almatty") is None
    assert "Almaty" in gazetteer.suggest("Almatty")
    assert gazetteer.suggest("Shimkentt")[0] == "Shymkent"


def test_gazetteer_covers_kazakh_cities_and_every_region(gazetteer):
    kz_cities = gazetteer.places("city").query("country == 'KZ'")
    assert len(kz_cities) >= 80  # GeoNames: every city over 15,000 inhabitants
    assert (kz_cities["region"] != "").all()
    regions = gazetteer.places("region")
    # The 14 regions of January 2022 and the three formed in June 2022, which the January 2022
    # boundaries draw inside the region each was carved from.
    assert len(regions) == 17
    later = regions[regions["region"] != regions["name"]].set_index("name")["region"].to_dict()
    assert later == {
        "Abai Region": "East Kazakhstan Region",
        "Jetisu Region": "Almaty Region",
        "Ulytau Region": "Karaganda Region",
    }


@pytest.mark.parametrize(
    ("value", "short", "word"),
    [
        ("Мангистауская обл.", "Мангистауская", "region"),
        ("область Абай", "Абай", "region"),
        ("Akmola Oblast'", "Akmola", "region"),
        ("г.Алматы", "Алматы", "city"),
        ("Алматы қ.", "Алматы", "city"),
        ("city of Almaty", "Almaty", "city"),
        ("Nur-Sultan", "Nur-Sultan", None),
        ("Region", "Region", None),  # a word alone is not emptied
    ],
)
def test_words_that_say_what_a_place_is_are_split_off(value, short, word):
    assert split_kind_word(value) == (short, word)


# --- the table of spellings people really write (tests/files/place_spellings.csv) ---

SPELLINGS = list(
    csv.DictReader((ROOT / "tests" / "files" / "place_spellings.csv").open(encoding="utf-8"))
)
KINDS = {"city": ("city", "region"), "region": ("region", "city")}


def test_the_spelling_table_is_large_and_covers_every_unit():
    assert len(SPELLINGS) >= 100
    expected = {row["place_id"] for row in SPELLINGS}
    # all 17 regions and the three cities of republican significance
    regions = {"KZ-AKM", "KZ-AKT", "KZ-ALM", "KZ-ATY", "KZ-VOS", "KZ-ZHA", "KZ-KAR", "KZ-KUS"}
    regions |= {"KZ-KZY", "KZ-MAN", "KZ-SEV", "KZ-PAV", "KZ-YUZ", "KZ-ZAP", "KZ-10", "KZ-33"}
    regions |= {"KZ-62"}
    assert regions | {"gn1526384", "gn1526273", "gn1518980"} <= expected
    assert {"ambiguous", "city", "region"} == {row["kind"] for row in SPELLINGS}


@pytest.mark.parametrize(
    "row", SPELLINGS, ids=[f"{r['spelling']}@{r['column']}" for r in SPELLINGS]
)
def test_every_spelling_resolves_to_its_place(gazetteer, row):
    match = gazetteer.lookup(row["spelling"], kinds=KINDS[row["column"]])
    if row["kind"] == "ambiguous":
        assert match.place is None and match.ambiguous
        assert {p.place_id for p in match.candidates} == set(row["candidates"].split("|"))
    else:
        assert match.place is not None, row["spelling"]
        assert (match.place.place_id, match.place.kind) == (row["place_id"], row["kind"])


def test_every_spelling_is_placed_as_its_place_in_an_upload(gazetteer, vocabulary):
    """The whole table as the city or region column of an events file: a region is drawn as the
    region (no city), an ambiguous value is a warning naming its candidates and is not placed."""
    raw = pd.DataFrame(
        {
            "date": "2022-01-05",
            "event_type": "protest",
            "title": "t",
            "city": [r["spelling"] if r["column"] == "city" else "" for r in SPELLINGS],
            "region": [r["spelling"] if r["column"] == "region" else "" for r in SPELLINGS],
        }
    ).astype("string")
    prepared = prepare("events", raw, gazetteer=gazetteer, vocabulary=vocabulary)
    assert prepared.errors == []
    frame = prepared.frame
    table = gazetteer.table.set_index("place_id")
    for i, row in enumerate(SPELLINGS):
        line = i + 2
        got = frame.iloc[i]
        warnings = {p.kind: p for p in prepared.warnings if p.line == line}
        if row["kind"] == "ambiguous":
            found = warnings["ambiguous-place"]
            assert set(str(found.param("place_ids")).split("|")) == set(
                row["candidates"].split("|")
            )
            assert pd.isna(got["latitude"])
            continue
        place = table.loc[row["place_id"]]
        assert got["region"] == place["region"], row["spelling"]
        assert not pd.isna(got["latitude"]), row["spelling"]
        if row["kind"] == "city" and row["column"] == "city":
            assert got["city"] == place["name"]
        else:  # drawn as the region (or the city that is a region-level unit of its own)
            assert pd.isna(got["city"]), row["spelling"]
        formed_later = place["kind"] == "region" and place["region"] != place["name"]
        assert set(warnings) == ({"constraint-error"} if formed_later else set()), row


def test_a_region_column_narrows_a_town_name_and_an_ambiguous_value(gazetteer, vocabulary):
    raw = pd.DataFrame(
        {
            "respondent_id": ["R1", "R2", "R3", "R4"],
            "city": ["Aksu", "Akmola", "Akmola", "Semey"],
            "region": ["Павлодарская область", "Akmola Region", "Astana", "Abai Region"],
        }
    ).astype("string")
    prepared = prepare("respondents", raw, gazetteer=gazetteer, vocabulary=vocabulary)
    assert prepared.problems == []
    frame = prepared.frame
    assert frame["region"].tolist() == [
        "Pavlodar Region",
        "Akmola Region",
        "Astana",
        "East Kazakhstan Region",  # Abai Region was part of it in January 2022
    ]
    assert frame["city"].iloc[0] == "Aksu" and np.isclose(frame["latitude"].iloc[0], 52.04023)
    assert pd.isna(frame["city"].iloc[1])  # the region, drawn as the region
    assert frame["city"].iloc[2] == "Astana"
