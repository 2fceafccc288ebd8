"""Links hold keys, not labels (#14): what the app writes into the URL, how links of the previous
release (labels, in any language) are read back, and what a language or page switch keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from atlas.i18n import LANGUAGES, translate
from atlas.vocabulary import Vocabulary

from .conftest import DATA_DIR, ROOT

APP = str(ROOT / "app.py")
VOCABULARY = Vocabulary.from_csv(DATA_DIR / "vocabulary.csv")
PAGES = ("overview", "challenges", "map", "timeline", "diaspora", "data")


def open_page(page: str, params: dict | None = None) -> AppTest:
    """`page` opened from a link holding `params`, as a new visitor opens it."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params or {})
    at.switch_page("app.py" if page == "overview" else f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def notices(at: AppTest) -> list[str]:
    return [toast.value for toast in at.toast]


@pytest.mark.parametrize("page", PAGES)
def test_a_page_at_its_defaults_leaves_the_url_clean(app_env, page):
    at = open_page(page)
    assert at.query_params == {}
    assert notices(at) == []


def test_every_choice_goes_into_the_url_as_a_key(app_env):
    at = open_page("map")
    at.multiselect(key="city").set_value(["Almaty"]).run()
    at.multiselect(key="period").set_value(["during_pandemic"]).run()
    at.selectbox(key="metric").set_value("events").run()
    at.select_slider(key="map_day").set_value(dt.date(2022, 1, 7)).run()
    at.toggle(key="choropleth").set_value(True).run()
    assert not at.exception
    assert at.query_params == {
        "city": "Almaty",
        "period": "during_pandemic",
        "metric": "events",
        "map_day": "2022-01-07",
        "choropleth": "true",
    }
    at.selectbox(key="metric").set_value("share").run()
    at.selectbox(key="code").set_value("staff_burnout").run()
    assert at.query_params["code"] == "staff_burnout"
    at.selectbox(key="metric").set_value("respondents").run()
    assert "metric" not in at.query_params and "code" not in at.query_params  # no code to carry

    at = open_page("diaspora")
    at.segmented_control(key="who").set_value("diaspora").run()
    at.toggle(key="arcs").set_value(False).run()
    at.segmented_control(key="step").set_value("month").run()
    at.multiselect(key="types").set_value(["rally", "statement"]).run()
    assert not at.exception
    assert at.query_params == {
        "who": "diaspora",
        "arcs": "false",
        "bars": "month",
        "types": ["rally", "statement"],
    }


def label(field: str, code: str, language: str) -> str:
    return VOCABULARY.label(field, code, language)


# Links of the previous release: each control held the label shown, in the viewer's language.
OLD_LINKS = {
    "en": (
        "map",
        {
            "metric": "January 2022 events",
            "map_day": "07 Jan",
            "map_mode": translate("map.mode.cumulative"),
            "city": "Алматы",  # a place's other name, read by the gazetteer
            "period": label("period", "during_pandemic", "en"),
            "language": "English",
        },
        {"metric": "events", "map_day": dt.date(2022, 1, 7), "map_mode": "cumulative"},
    ),
    "ru": (
        "challenges",
        {
            "by": translate("by.org_type", "ru"),
            "value": translate("value.column_share", "ru"),
            "tab": translate("tab.periods", "ru"),
            "city": "Алматы",
            "period": label("period", "during_pandemic", "ru"),
            "language": "Русский",
        },
        {"by": "org_type", "value": "column_share", "tab": translate("tab.periods", "ru")},
    ),
    "kk": (
        "diaspora",
        {
            "who": translate("diaspora.organisers.diaspora", "kk"),
            "step": translate("diaspora.step.week", "kk"),  # now `bars`
            "arcs": "false",
            "city": "Алматы",
            "period": label("period", "during_pandemic", "kk"),
            "language": "Қазақша",
        },
        {"who": "diaspora", "step": "week", "arcs": False},
    ),
}
KEYS = {
    "en": {"metric": "events", "map_day": "2022-01-07", "map_mode": "cumulative"},
    "ru": {"by": "org_type", "value": "column_share", "tab": "periods"},
    "kk": {"who": "diaspora", "bars": "week", "arcs": "false"},
}


@pytest.mark.parametrize("language", list(OLD_LINKS))
def test_an_old_link_with_labels_opens_the_same_view_and_its_url_holds_keys(app_env, language):
    page, params, state = OLD_LINKS[language]
    at = open_page(page, params)
    assert notices(at) == []  # every value was read
    for key, value in state.items():
        assert at.session_state[key] == value, key
    assert at.session_state["city"] == ["Almaty"]
    assert at.session_state["period"] == ["during_pandemic"]
    assert at.session_state["language"] == language
    expected = {"city": "Almaty", "period": "during_pandemic", **KEYS[language]}
    if language != "en":
        expected["language"] = language
    assert at.query_params == expected


def test_values_a_link_cannot_name_are_dropped_with_a_notice_naming_them(app_env):
    at = open_page(
        "map", {"metric": "Tuesdays", "city": ["Almaty", "Atlantis"], "map_city": "Atlantis"}
    )
    (notice,) = notices(at)
    for value in ("metric=Tuesdays", "city=Atlantis", "map_city=Atlantis"):
        assert value in notice
    assert at.session_state["metric"] == "respondents"  # the default
    assert at.session_state["city"] == ["Almaty"]  # what could be read stays
    assert at.query_params == {"city": "Almaty"}
    assert translate("map.click_hint") in [i.value for i in at.info]
    at.run()
    assert notices(at) == []  # said once


def test_a_selected_place_opens_from_the_link_and_survives_a_language_switch(app_env):
    from components.sidebar import place_name

    at = open_page("map", {"map_city": "Алматы", "metric": "events", "language": "ru"})
    assert place_name("Almaty", "ru") in [s.value for s in at.subheader]  # the place panel
    assert at.query_params["map_city"] == "Almaty"
    at.selectbox(key="language").set_value("kk").run()
    assert not at.exception
    assert place_name("Almaty", "kk") in [s.value for s in at.subheader]
    assert at.query_params == {"map_city": "Almaty", "metric": "events", "language": "kk"}


def test_switching_language_keeps_filters_controls_and_tab(app_env):
    params = {"city": "Almaty", "period": "during_pandemic", "by": "org_type", "tab": "periods"}
    at = open_page("challenges", {**params, "language": "ru"})
    assert at.session_state["tab"] == translate("tab.periods", "ru")
    for language in ("kk", "en"):
        at.selectbox(key="language").set_value(language).run()
        assert not at.exception
        assert at.session_state["tab"] == translate("tab.periods", language)  # the same tab
        assert at.multiselect(key="city").value == ["Almaty"]
        assert at.multiselect(key="period").value == ["during_pandemic"]
        assert at.selectbox(key="by").value == "org_type"
        assert at.query_params == params | ({} if language == "en" else {"language": language})
        assert at.title[0].value == translate("challenges.title", language)


def test_switching_pages_keeps_the_shared_filters_in_state_and_url(app_env):
    at = open_page("overview", {"city": "Almaty", "period": "during_pandemic", "language": "kk"})
    at.query_params.clear()  # a page switch drops the query string (Streamlit 1.67)
    at.switch_page("app_pages/timeline.py").run()
    assert not at.exception
    assert at.multiselect(key="city").value == ["Almaty"]
    assert at.multiselect(key="period").value == ["during_pandemic"]
    assert at.session_state["language"] == "kk"
    assert at.query_params == {"city": "Almaty", "period": "during_pandemic", "language": "kk"}


def test_a_story_step_on_the_diaspora_page_is_not_read_as_its_bars(app_env):
    at = open_page("diaspora", {"present": "1", "story": "1", "step": "3"})
    assert notices(at) == []
    assert at.query_params["step"] == "3" and "bars" not in at.query_params


@pytest.mark.parametrize(
    ("page", "language"), [(p, list(LANGUAGES)[i % len(LANGUAGES)]) for i, p in enumerate(PAGES)]
)
def test_every_page_has_a_copy_link_control_in_the_viewers_language(app_env, page, language):
    at = open_page(page, {"language": language})
    (snippet,) = [h.proto.body for h in at.get("html") if "atlas-copy-link" in h.proto.body]
    assert translate("link.copy", language) in snippet
    assert f'data-copied="{translate("link.copied", language)}"' in snippet
    assert f'data-language="{language}"' in snippet  # the link opens in the sender's language
    assert "src=" not in snippet and "url(" not in snippet  # nothing fetched from outside
