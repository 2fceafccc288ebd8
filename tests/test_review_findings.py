"""Regression tests for defects found in review: each one named after what a user would hit."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas import geo, matrix, timeline, uploads
from atlas.filters import Filters
from atlas.seed import seed

from .conftest import DATA_DIR


@pytest.fixture
def seeded(store):
    seed(store, DATA_DIR)
    return store


def versions(store):
    return {name: v.version for name, v in store.active_versions().items()}


def publish_text(store, gazetteer, vocabulary, dataset, text, mode="replace"):
    checked = uploads.check(
        text.encode(),
        "f.csv",
        dataset,
        store=store,
        gazetteer=gazetteer,
        vocabulary=vocabulary,
        mode=mode,
    )
    assert checked.errors == [], checked.errors
    # these tests are about other things: the orphan rule has tests of its own
    return uploads.publish(store, checked, author="t", mode=mode, allow_orphans=True), checked


def test_markdown_in_data_is_escaped_for_markdown_contexts():
    from components.i18n import plain, tm

    escaped = plain("[x](https://evil) ![y](http://t/p.png)")
    assert escaped.startswith(r"\[x\]\(https\://evil\)") and r"\!\[y\]\(" in escaped
    assert "\\[" in tm("quotes.header", code="c", column="[x](https://evil)")


def test_reported_figure_labels_are_escaped_for_plotly():
    from components.timeline import figures_chart

    evil = '<a href="https://evil">9</a>'
    figures = pd.DataFrame(
        {
            "figure_id": ["F1"],
            "date_reported": [pd.Timestamp("2022-01-09")],
            "date_precision": ["day"],
            "kind": ["deaths"],
            "value": [9],
            "qualifier": [None],
            "scope": ["nationwide"],
            "place": [evil],
            "reporting_body": [evil],
            "status": ["retracted"],
            "source_name": [evil],
            "source_outlet": [evil],
            "source_kind": ["primary"],
        }
    )
    words = {"retracted": evil, "source": "Source", "status": "Status", "body": "Body"}
    trace = figures_chart(
        figures,
        kinds={"deaths": evil},
        scopes={"nationwide": evil},
        statuses={},
        source_kinds={},
        words=words,
    ).data[0]
    for text in (trace.text[0], trace.hovertext[0], trace.name):
        assert "<a" not in text and "&lt;a" in text


def test_other_source_urls_accept_only_http(seeded, gazetteer, vocabulary):
    header = "date,event_type,title,source_name,source_url,other_source_urls\n"
    bad = uploads.check(
        (header + "05.01.2022,protest,x,S,https://a.org,javascript:alert(1)\n").encode(),
        "e.csv",
        "events",
        store=seeded,
        gazetteer=gazetteer,
        vocabulary=vocabulary,
    )
    assert [(p.column, p.kind) for p in bad.errors] == [("other_source_urls", "type-error")]


def test_appending_to_the_sample_keeps_it_labelled_a_sample(seeded, gazetteer, vocabulary):
    version, _ = publish_text(
        seeded,
        gazetteer,
        vocabulary,
        "respondents",
        "respondent_id,city\nR41,Taraz\n",
        mode="append",
    )
    assert version.is_sample
    version, _ = publish_text(
        seeded, gazetteer, vocabulary, "respondents", "respondent_id,city\nZ1,Taraz\n"
    )
    assert not version.is_sample  # a replacement is the editor's own data


def test_cooccurrence_quotes_use_the_cells_period_filter(seeded):
    v = versions(seeded)
    during = Filters(periods=("during_pandemic",))
    co = matrix.cooccurrence(seeded, v, theme="challenge", filters=during)
    found = matrix.quotes(
        seeded,
        v,
        theme="challenge",
        code="funding_shortage",
        also_code="staff_burnout",
        filters=during,
    )
    assert found["respondent_id"].nunique() == co.at["funding_shortage", "staff_burnout"]


def test_share_of_respondents_is_the_same_on_the_map_and_in_the_matrix(seeded):
    v = versions(seeded)
    before = Filters(periods=("before_pandemic",))
    on_map = geo.place_metrics(
        seeded, v, geo.MetricQuery("share", "funding_shortage"), filters=before
    ).set_index("name")
    in_matrix = matrix.build_matrix(
        matrix.code_counts(seeded, v, theme="challenge", by="city", filters=before),
        value="column_share",
    )
    for city, row in on_map.iterrows():
        assert row["value"] == pytest.approx(in_matrix.values.at["funding_shortage", city])
        assert row["denominator"] == in_matrix.denominators.at["funding_shortage", city]


def test_respondents_without_a_focus_area_are_not_recorded_not_dropped(
    seeded, gazetteer, vocabulary
):
    publish_text(
        seeded,
        gazetteer,
        vocabulary,
        "respondents",
        "respondent_id,city,focus_area\nA1,Almaty,youth\nA2,Almaty,\n",
    )
    publish_text(
        seeded,
        gazetteer,
        vocabulary,
        "interview_codes",
        "respondent_id,theme,code,excerpt\nA1,challenge,funding_shortage,one\nA2,challenge,funding_shortage,two\n",
    )
    v = versions(seeded)
    m = matrix.build_matrix(
        matrix.code_counts(seeded, v, theme="challenge", by="focus_area"), value="respondents"
    )
    assert m.numerators.at["funding_shortage", "youth"] == 1
    assert m.numerators.at["funding_shortage", matrix.NOT_RECORDED] == 1
    quotes = matrix.quotes(
        seeded,
        v,
        theme="challenge",
        code="funding_shortage",
        by="focus_area",
        column=matrix.NOT_RECORDED,
    )
    assert quotes["excerpt"].tolist() == ["two"]


def test_a_given_region_is_normalised_and_checked_against_the_city(seeded, gazetteer, vocabulary):
    checked = uploads.check(
        "respondent_id,city,region\nR1,Алматы,Almaty\nR2,Aktau,Мангистауская область\nR3,Almaty,Mangystau Region\n".encode(),
        "r.csv",
        "respondents",
        store=seeded,
        gazetteer=gazetteer,
        vocabulary=vocabulary,
    )
    assert checked.prepared.frame["region"].tolist() == ["Almaty", "Mangystau Region", "Almaty"]
    # "Мангистауская область" is Aktau's region (#12: it used to be unknown and warned); a region
    # that does not hold the city is still a warning.
    assert [(p.line, p.column, p.severity) for p in checked.problems] == [(4, "region", "warning")]


def test_shutdown_band_does_not_depend_on_place_filters(seeded):
    v = versions(seeded)
    narrowed = timeline.events(seeded, v, Filters(cities=("Almaty",)))
    assert timeline.shutdown_windows(narrowed) == []  # why the pages take the band from all events
    assert timeline.shutdown_windows(timeline.events(seeded, v)) == [
        (pd.Timestamp("2022-01-05"), pd.Timestamp("2022-01-10"))
    ]


def test_missing_text_read_back_is_never_the_string_nan(seeded, gazetteer, vocabulary):
    from components.i18n import text_of

    publish_text(seeded, gazetteer, vocabulary, "respondents", "respondent_id,city\nB1,Oral\n")
    people = geo.respondents_in(seeded, versions(seeded), "Oral")
    assert text_of(people.at[0, "focus_area"]) == ""
    assert text_of(float("nan"), "x") == "x" and text_of("a") == "a"


def test_an_event_without_a_source_link_shows_its_source_as_text():
    from streamlit.testing.v1 import AppTest

    def draw():
        from components.event_details import show_sources

        show_sources("Kazinform", [None, "not a url"])
        show_sources("A; B", ["https://a.org", "https://b.org"])

    at = AppTest.from_function(draw)
    at.run()
    assert not at.exception
    assert [x.value for x in at.text] == ["Source: Kazinform"]
    assert [b.label for b in at.get("link_button")] == ["Source: A", "Source: B"]
