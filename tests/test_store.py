"""The versioned store, on DuckDB and on a real PostgreSQL server."""

import threading

import pandas as pd
import pytest

from atlas import queries
from atlas.contract import prepare
from atlas.filters import Filters
from atlas.seed import seed
from atlas.store import StoreError

from .conftest import DATA_DIR


def _respondents(gazetteer, vocabulary, ids, city="Almaty"):
    raw = pd.DataFrame({"respondent_id": ids, "city": [city] * len(ids)})
    return prepare("respondents", raw, gazetteer=gazetteer, vocabulary=vocabulary).frame


def test_publish_creates_versions_and_switches_the_active_one(store, gazetteer, vocabulary):
    v1 = store.publish(
        "respondents",
        _respondents(gazetteer, vocabulary, ["R1", "R2"]),
        author="ann",
        filename="a.csv",
        note="first",
        sha256="aa",
    )
    v2 = store.publish(
        "respondents", _respondents(gazetteer, vocabulary, ["R3"]), author="bob", note="second"
    )
    assert (v1.version, v2.version) == (1, 2)
    assert (v1.author, v1.filename, v1.sha256, v1.row_count, v1.note, v1.is_sample) == (
        "ann",
        "a.csv",
        "aa",
        2,
        "first",
        False,
    )
    assert store.active_versions()["respondents"].version == 2
    assert store.frame("respondents", 2)["respondent_id"].tolist() == ["R3"]
    assert store.frame("respondents", 1)["respondent_id"].tolist() == [
        "R1",
        "R2",
    ]  # kept for rollback
    history = store.versions("respondents")
    assert history["version"].tolist() == [2, 1]
    assert history["is_active"].tolist() == [True, False]


def test_append_carries_the_active_rows_into_the_new_version(store, gazetteer, vocabulary):
    store.publish("respondents", _respondents(gazetteer, vocabulary, ["R1", "R2"]), author="a")
    v2 = store.publish(
        "respondents", _respondents(gazetteer, vocabulary, ["R3"]), author="a", mode="append"
    )
    assert v2.row_count == 3
    assert sorted(store.frame("respondents", 2)["respondent_id"]) == ["R1", "R2", "R3"]


def test_rollback_activates_an_earlier_version_and_is_logged(store, gazetteer, vocabulary):
    store.publish("respondents", _respondents(gazetteer, vocabulary, ["R1"]), author="a")
    store.publish("respondents", _respondents(gazetteer, vocabulary, ["R2"]), author="a")
    store.rollback("respondents", 1, author="editor", note="bad upload")
    assert store.active_versions()["respondents"].version == 1
    log = store.log("respondents")
    assert log["action"].tolist() == ["rollback", "publish", "publish"]
    assert log.iloc[0]["author"] == "editor"
    with pytest.raises(StoreError, match="no version 7"):
        store.rollback("respondents", 7, author="editor")


def test_a_failed_publish_changes_nothing(store, gazetteer, vocabulary):
    store.publish("respondents", _respondents(gazetteer, vocabulary, ["R1"]), author="a")
    before = store.frame("respondents", 1)
    broken = _respondents(gazetteer, vocabulary, ["R2"]).assign(interview_date="not a date")
    with pytest.raises(Exception):  # noqa: B017 — whatever the engine raises, nothing may change
        store.publish("respondents", broken, author="a")
    assert store.active_versions()["respondents"].version == 1
    assert store.versions("respondents")["version"].tolist() == [1]
    pd.testing.assert_frame_equal(store.frame("respondents", 1), before)


def test_seeding_is_idempotent(store):
    first = seed(store, DATA_DIR)
    assert first.published == [
        "respondents",
        "interview_codes",
        "sources",
        "events",
        "diaspora_actions",
        "reported_figures",
        "stories",
    ]
    assert first.failed == {}
    again = seed(store, DATA_DIR)
    assert (again.published, again.failed) == ([], {})
    active = store.active_versions()
    assert {name: v.version for name, v in active.items()} == {
        "respondents": 1,
        "interview_codes": 1,
        "sources": 1,
        "events": 1,
        "diaspora_actions": 1,
        "reported_figures": 1,
    }
    assert active["respondents"].is_sample and active["interview_codes"].is_sample
    assert not active["events"].is_sample and not active["diaspora_actions"].is_sample


def test_headline_figures_match_the_bundled_files(store):
    seed(store, DATA_DIR)
    versions = {name: v.version for name, v in store.active_versions().items()}
    respondents = pd.read_csv(DATA_DIR / "respondents.sample.csv", dtype=str)
    codes = pd.read_csv(DATA_DIR / "interview_codes.sample.csv", dtype=str)
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str)
    diaspora = pd.read_csv(DATA_DIR / "diaspora_actions.csv", dtype=str)
    figures = queries.headline(store, versions)
    assert figures.respondents == len(respondents)
    assert figures.cities == respondents["city"].nunique()  # raw spellings are one per city
    assert figures.excerpts == len(codes)
    assert figures.events == len(events)
    assert figures.diaspora_actions == len(diaspora)
    assert figures.first_date == pd.Timestamp(events["date"].min())


def test_headline_figures_follow_the_filters(store):
    seed(store, DATA_DIR)
    versions = {name: v.version for name, v in store.active_versions().items()}
    respondents = pd.read_csv(DATA_DIR / "respondents.sample.csv", dtype=str)
    codes = pd.read_csv(DATA_DIR / "interview_codes.sample.csv", dtype=str)
    almaty = set(respondents.loc[respondents["city"] == "Almaty", "respondent_id"])
    expected = codes[codes["respondent_id"].isin(almaty) & (codes["period"] == "during_pandemic")]
    figures = queries.headline(
        store, versions, Filters(cities=("Almaty",), periods=("during_pandemic",))
    )
    assert (figures.respondents, figures.cities, figures.excerpts) == (
        len(almaty),
        1,
        len(expected),
    )
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str, keep_default_na=False)
    in_almaty = events[(events["city"] == "Almaty") | (events["region"] == "Almaty")]
    assert figures.events == len(in_almaty)


def test_readers_see_one_whole_version_while_publishing(store, gazetteer, vocabulary):
    """Many publishes of different sizes while a reader reads: every read is one whole version."""
    sizes = {}
    for n in range(1, 4):
        ids = [f"V{n}-{i}" for i in range(n * 50)]
        sizes[
            store.publish(
                "respondents", _respondents(gazetteer, vocabulary, ids), author="a"
            ).version
        ] = n * 50
    seen = []

    def reader():
        for _ in range(20):
            version = store.active_versions()["respondents"].version
            frame = store.frame("respondents", version, ["respondent_id"])
            seen.append(
                (version, len(frame), frame["respondent_id"].str.split("-").str[0].nunique())
            )

    thread = threading.Thread(target=reader)
    thread.start()
    for n in range(4, 7):
        ids = [f"V{n}-{i}" for i in range(n * 50)]
        sizes[
            store.publish(
                "respondents", _respondents(gazetteer, vocabulary, ids), author="b"
            ).version
        ] = n * 50
    thread.join()
    assert seen
    for version, rows, prefixes in seen:
        assert rows == sizes[version] and prefixes == 1
