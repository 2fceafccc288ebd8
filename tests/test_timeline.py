"""Timeline and diaspora aggregations against independent counts from the bundled CSVs."""

import datetime as dt

import pandas as pd
import pytest

from atlas import timeline
from atlas.filters import Filters
from atlas.seed import seed

from .conftest import DATA_DIR


@pytest.fixture
def seeded(store):
    seed(store, DATA_DIR)
    return store, {name: v.version for name, v in store.active_versions().items()}


def csv(name):
    return pd.read_csv(DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


def test_events_in_a_window_include_spans_that_overlap_it(seeded):
    store, versions = seeded
    found = timeline.events(
        store, versions, Filters(date_from=dt.date(2022, 1, 7), date_to=dt.date(2022, 1, 7))
    )
    events = csv("events")
    end = events["end_date"].where(events["end_date"] != "", events["date"])
    expected = events[(events["date"] <= "2022-01-07") & (end >= "2022-01-07")]
    assert sorted(found["event_id"]) == sorted(expected["event_id"])
    assert found.set_index("event_id").loc["E20220105-06", "is_span"]  # the internet shutdown


def test_counts_per_type_and_per_day_match_the_csv(seeded):
    store, versions = seeded
    events = csv("events")
    found = timeline.events(store, versions)
    assert (
        found.groupby("event_type").size().to_dict()
        == events.groupby("event_type").size().to_dict()
    )
    actions = csv("diaspora_actions")
    by_day = timeline.actions_by_day(store, versions)
    expected = actions.groupby(["date", "action_type"]).size()
    got = {(pd.Timestamp(p).date().isoformat(), k): n for p, k, n in by_day.itertuples(index=False)}
    assert got == expected.to_dict()
    weekly = timeline.actions_by_day(store, versions, weekly=True)
    assert weekly["actions"].sum() == len(actions)
    assert all(pd.Timestamp(p).weekday() == 0 for p in weekly["period"])  # weeks start on Monday


def test_shutdown_window_is_the_nationwide_span(seeded):
    store, versions = seeded
    windows = timeline.shutdown_windows(timeline.events(store, versions))
    assert windows == [(pd.Timestamp("2022-01-05"), pd.Timestamp("2022-01-10"))]


def test_reported_figures_keep_every_revision_with_its_source(seeded):
    store, versions = seeded
    figures = timeline.reported_figures(store, versions)
    deaths = figures[figures["figure"] == "deaths"]
    assert [int(v) for v in deaths["value"]] == [8, 44, 164, 225, 230, 238]
    assert deaths["source_url"].str.startswith("https://").all()
    detained = figures[figures["figure"] == "detained"]
    assert [int(v) for v in detained["value"]] == [2000, 3000, 5800, 7939, 9900, 12000]


def test_actions_by_country_platform_and_cross_counts(seeded):
    store, versions = seeded
    actions = csv("diaspora_actions")
    by_country = timeline.actions_by(store, versions, "country")
    assert (
        dict(zip(by_country["key"], by_country["actions"], strict=True))
        == actions.groupby("country").size().to_dict()
    )
    by_platform = timeline.actions_by(store, versions, "platform")
    assert by_platform.to_dict("records") == [{"key": "offline", "actions": len(actions)}]
    assert timeline.cross_counts(
        store, versions, "motivation", "country"
    ).empty  # not stated in reports
    cross = timeline.cross_counts(store, versions, "action_type", "country")
    assert cross["actions"].sum() == len(actions)


def test_actions_list_filters_searches_and_counts(seeded):
    store, versions = seeded
    rows, total = timeline.actions(store, versions, where={"country": ("GB", "DE")}, limit=2)
    assert total == 5 and len(rows) == 2
    rows, total = timeline.actions(store, versions, search="BRANDENBURG")
    assert total == 1 and rows.iloc[0]["city"] == "Berlin"
    rows, total = timeline.actions(store, versions, where={"platform": ("offline",)})
    assert total == 10


def test_search_ignores_case_in_cyrillic(store, gazetteer, vocabulary):
    from atlas.contract import prepare

    raw = pd.DataFrame(
        {
            "date": ["05.01.2022"],
            "country": ["Германия"],
            "city": ["Берлин"],
            "action_type": ["митинг"],
            "description": ["Митинг у посольства"],
        }
    )
    store.publish(
        "diaspora_actions",
        prepare("diaspora_actions", raw, gazetteer=gazetteer, vocabulary=vocabulary).frame,
        author="t",
    )
    versions = {name: v.version for name, v in store.active_versions().items()}
    _, total = timeline.actions(store, versions, search="МИТИНГ")
    assert total == 1
