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
    shutdown = events[(events["event_type"] == "internet_shutdown") & (events["end_date"] != "")]
    assert found.set_index("event_id").loc[shutdown["event_id"], "is_span"].all()


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
    # A date known only to the month is counted on its month ('2022-01'), never on a day.
    expected = actions.groupby(["date", "date_precision", "action_type"]).size()
    got = {
        (pd.Timestamp(p).strftime("%Y-%m-%d" if q == "day" else "%Y-%m"), q, k): n
        for p, q, k, n in by_day.itertuples(index=False)
    }
    assert got == expected.to_dict()
    weekly = timeline.actions_by_day(store, versions, step="week")
    assert weekly["actions"].sum() == len(actions)
    days = weekly[weekly["precision"] == "day"]
    assert all(pd.Timestamp(p).weekday() == 0 for p in days["period"])  # weeks start on Monday


def test_monthly_bins_hold_every_action_and_the_span_is_the_actions_first_and_last_day(seeded):
    store, versions = seeded
    actions = csv("diaspora_actions")
    monthly = timeline.actions_by_day(store, versions, step="month")
    # Known to the day or to the month: each counts in its month; known to the year only: apart.
    fits = actions[actions["date_precision"].isin(["day", "month", ""])]
    expected = fits.assign(month=fits["date"].str[:7]).groupby(["month", "action_type"]).size()
    got = monthly[monthly["precision"] == "day"]
    got = {(pd.Timestamp(p).strftime("%Y-%m"), k): n for p, _, k, n in got.itertuples(index=False)}
    assert got == expected.to_dict()
    assert monthly["actions"].sum() == len(actions)
    days = pd.to_datetime(actions["date"], format="mixed")  # '2022-01' is the month's first day
    assert timeline.action_span(store, versions) == (days.min().date(), days.max().date())
    nothing = Filters(date_from=dt.date(1990, 1, 1), date_to=dt.date(1990, 1, 2))
    assert timeline.action_span(store, versions, nothing) == (None, None)


@pytest.mark.parametrize(
    ("first", "last", "wanted", "step"),
    [
        ("2022-01-01", "2022-01-31", "day", "day"),
        ("2022-01-01", "2022-07-19", "day", "day"),  # 200 days: 200 bars
        ("2022-01-01", "2022-07-20", "day", "week"),  # 201 days
        ("2022-01-01", "2022-01-31", "week", "week"),  # a coarser choice is kept
        ("2019-01-01", "2022-10-26", "day", "week"),  # 200 weeks, Monday 31 Dec 2018 on
        ("2019-01-01", "2022-12-31", "day", "month"),  # 209 weeks: 48 months
        ("2019-01-01", "2026-12-31", "week", "month"),
    ],
)
def test_the_step_is_the_finest_that_draws_the_span_in_at_most_max_bars(first, last, wanted, step):
    first, last = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    assert timeline.fitting_step(first, last, wanted) == step
    assert timeline.bars_in(first, last, timeline.fitting_step(first, last, wanted)) <= 200


def test_shutdown_window_is_the_nationwide_span(seeded):
    store, versions = seeded
    windows = timeline.shutdown_windows(timeline.events(store, versions))
    assert windows == [(pd.Timestamp("2022-01-05"), pd.Timestamp("2022-01-10"))]


def test_reported_figures_keep_every_report_with_its_source(seeded):
    store, versions = seeded
    figures = timeline.reported_figures(store, versions)
    expected = csv("reported_figures")
    assert sorted(figures["figure_id"]) == sorted(expected["figure_id"])
    assert figures["source_url"].str.startswith("http").all()
    assert set(figures["source_kind"]) == set(csv("sources")["kind"])
    # Within a kind and scope, in the order of the reports; undated ones last.
    for _, group in figures.groupby(["kind", "scope"]):
        dates = group["date_reported"]
        assert dates.dropna().is_monotonic_increasing
        assert not (dates.isna().cummax() & dates.notna()).any()


def test_emergency_regions_follow_each_units_own_end(seeded):
    store, versions = seeded
    events = csv("events")
    spans = events[(events["event_type"] == "state_of_emergency") & (events["end_date"] != "")]
    for day in ("2022-01-05", "2022-01-13", "2022-01-14", "2022-01-17", "2022-01-19"):
        when = dt.date.fromisoformat(day)
        found = timeline.emergency_regions(store, versions, when, when)
        active = spans[(spans["date"] <= day) & (spans["end_date"] >= day)]
        assert len(found) == len(active), day


def test_actions_by_country_platform_and_cross_counts(seeded):
    store, versions = seeded
    actions = csv("diaspora_actions")
    by_country = timeline.actions_by(store, versions, "country")
    assert (
        dict(zip(by_country["key"], by_country["actions"], strict=True))
        == actions.groupby("country").size().to_dict()
    )
    by_platform = timeline.actions_by(store, versions, "platform")
    listed = actions[actions["platform"] != ""]
    assert (
        dict(zip(by_platform["key"], by_platform["actions"], strict=True))
        == listed.groupby("platform").size().to_dict()
    )
    by_organiser = timeline.actions_by(store, versions, "country", organisers=("officials",))
    officials = actions[actions["organiser_kind"] == "officials"]
    assert by_organiser["actions"].sum() == len(officials)
    assert timeline.cross_counts(
        store, versions, "motivation", "country"
    ).empty  # not stated in reports
    cross = timeline.cross_counts(store, versions, "action_type", "country")
    assert cross["actions"].sum() == len(actions)


def test_actions_list_filters_searches_and_counts(seeded):
    store, versions = seeded
    actions = csv("diaspora_actions")
    rows, total = timeline.actions(store, versions, where={"country": ("GB", "DE")}, limit=2)
    assert total == actions["country"].isin(["GB", "DE"]).sum() and len(rows) == 2
    rows, total = timeline.actions(store, versions, search="BRANDENBURG")
    assert total == 1 and rows.iloc[0]["city"] == "Berlin"
    rows, total = timeline.actions(store, versions, where={"platform": ("offline",)})
    assert total == (actions["platform"] == "offline").sum()
    rows, total = timeline.actions(store, versions, organisers=timeline.DIASPORA_ORGANISERS)
    assert total == actions["organiser_kind"].isin(timeline.DIASPORA_ORGANISERS).sum()
    assert rows["source_kind"].notna().all()


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
