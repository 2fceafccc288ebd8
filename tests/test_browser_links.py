"""A view's link in a real browser (#14): made in Russian, it shows the same filters, tab, selection
and chart data in Kazakh, in English and in a fresh browser; the "copy link" control puts it into
the clipboard; a page switch keeps the filters; links of the previous release (labels) still open,
and what cannot be read is named in a notice."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest

from atlas import resources
from atlas.i18n import LANGUAGES, format_day_month, translate

from .browser import RequestLog, deck_layer_data, press, screenshot, wait_for_app
from .conftest import DATA_DIR

pytestmark = pytest.mark.browser

VOCABULARY = resources.vocabulary(DATA_DIR)
CHALLENGES = (
    "/challenges?city=Almaty&city=Astana&period=during_pandemic&by=org_type&tab=periods&language=ru"
)
MAP = "/map?city=Almaty&period=during_pandemic&metric=events&map_day=2022-01-07&map_city=Almaty"


def place_name(name: str, language: str) -> str:
    from components.sidebar import place_name

    return place_name(name, language)


def new_page(browser, app_url: str, locale: str = "en-GB"):
    context = browser.new_context(viewport={"width": 1400, "height": 2000}, locale=locale)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    return context, context.new_page()


def click(page, locator) -> None:
    """A person's click in the middle of `locator` (down, 80 ms, up)."""
    box = locator.bounding_box()
    press(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def open_view(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def chips(page, key: str) -> list[str]:
    """The values a sidebar multiselect shows, as shown."""
    return page.locator(f".st-key-{key} [data-tag] span[title]").all_inner_texts()


def shown_value(page, key: str) -> str:
    return page.locator(f".st-key-{key} input[role=combobox]").input_value()


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def switch_language(page, language: str) -> None:
    """Through the sidebar's language selector, as a person does."""
    click(page, page.locator(".st-key-language input[role=combobox]"))
    option = page.get_by_role("option", name=LANGUAGES[language], exact=True)
    option.wait_for()
    click(page, option)
    wanted = "null" if language == "en" else f"'{language}'"
    page.wait_for_function(
        f"() => new URLSearchParams(location.search).get('language') === {wanted}"
    )
    wait_for_app(page)
    page.get_by_text(translate("filters.header", language), exact=True).first.wait_for()
    wait_for_app(page)


def periods_chart_data(page) -> list:
    """The data of the periods heatmap as plotly holds it (`gd.data`): every cell's value and
    the keys behind it — the same in every language (the axis labels are translated)."""
    chart = page.locator(".st-key-periods .js-plotly-plot")
    chart.wait_for()
    return chart.evaluate(
        "gd => gd.data.map(t => ({type: t.type, z: t.z || null, keys: t.customdata || null}))"
    )


def assert_challenges_view(page, language: str, data: list | None) -> list:
    """The view of CHALLENGES as `language` shows it; returns the chart's data."""
    assert chips(page, "city") == [place_name("Almaty", language), place_name("Astana", language)]
    assert chips(page, "period") == [VOCABULARY.label("period", "during_pandemic", language)]
    assert shown_value(page, "by") == translate("by.org_type", language)
    selected = page.locator("[role=tab][aria-selected=true]")
    assert selected.inner_text() == translate("tab.periods", language)
    found = periods_chart_data(page)
    assert any(trace["z"] for trace in found) and any(trace["keys"] for trace in found)
    if data is not None:
        assert found == data
    assert page.locator("[data-testid=stException]").count() == 0
    return found


def copy_link(page, language: str) -> str:
    """Press "copy link"; the control says so; returns what the clipboard holds."""
    button = page.locator(".atlas-copy-link button")
    assert button.inner_text().strip() == translate("link.copy", language)
    click(page, button)
    status = page.locator(".atlas-copy-link [role=status]")
    status.get_by_text(translate("link.copied", language), exact=True).wait_for()
    return page.evaluate("navigator.clipboard.readText()")


def test_a_view_made_in_russian_is_the_same_in_kazakh_english_and_a_fresh_browser(app_url, browser):
    context, page = new_page(browser, app_url)
    requests = RequestLog()
    requests.attach(page)
    open_view(page, app_url + CHALLENGES)
    data = assert_challenges_view(page, "ru", None)
    screenshot(page, "links-challenges-ru")

    for language in ("kk", "en"):
        switch_language(page, language)
        assert_challenges_view(page, language, data)
        params = query(page.url)
        assert params["city"] == ["Almaty", "Astana"] and params["tab"] == ["periods"]
        assert params["period"] == ["during_pandemic"] and params["by"] == ["org_type"]
        screenshot(page, f"links-challenges-{language}")

    # The link as copied holds the page, filters, tab and language; it opens the same view.
    link = copy_link(page, "en")
    assert urlparse(link).path == "/challenges"
    assert query(link) == query(page.url) | {"language": ["en"]}
    assert requests.outside(app_url) == []
    context.close()

    for url, language, locale in ((link, "en", "ru-RU"), (app_url + CHALLENGES, "ru", "kk-KZ")):
        fresh, page = new_page(browser, app_url, locale)
        open_view(page, url)
        assert_challenges_view(page, language, data)
        screenshot(page, f"links-challenges-fresh-{language}")
        fresh.close()


def assert_map_view(page, language: str, cities: list | None) -> list:
    """The view of MAP as `language` shows it; returns the map's circles (name, size, colour)."""
    assert chips(page, "city") == [place_name("Almaty", language)]
    assert chips(page, "period") == [VOCABULARY.label("period", "during_pandemic", language)]
    assert shown_value(page, "metric") == translate("metric.map.events", language)
    day = page.locator(".st-key-map_day [data-testid=stSliderThumbValue]").inner_text()
    assert day.strip() == format_day_month(dt.date(2022, 1, 7), language)
    # The selected city's panel, from the link (no click): its name in the viewer's language.
    heading = page.get_by_role("heading", name=place_name("Almaty", language), exact=True)
    heading.wait_for()
    chart = page.locator("[data-testid=stDeckGlJsonChart]").first
    chart.locator("canvas").first.wait_for()
    page.wait_for_timeout(1000)  # deck.gl draws after the element appears
    found = sorted(
        (row["name"], row["radius"], tuple(row["fill"])) for row in deck_layer_data(chart, "cities")
    )
    assert found
    if cities is not None:
        assert found == cities
    assert page.locator("[data-testid=stException]").count() == 0
    return found


def test_a_selected_place_and_the_filters_stay_through_languages_and_a_page_switch(
    app_url, browser
):
    context, page = new_page(browser, app_url)
    open_view(page, f"{app_url}{MAP}&language=ru")
    cities = assert_map_view(page, "ru", None)
    screenshot(page, "links-map-ru")
    for language in ("kk", "en"):
        switch_language(page, language)
        assert_map_view(page, language, cities)
        assert query(page.url)["map_city"] == ["Almaty"]
        screenshot(page, f"links-map-{language}")

    # Another page through the sidebar: Streamlit drops the query string, the sidebar writes
    # the shared filters back (and the page's own controls are left behind).
    click(page, page.locator("[data-testid=stSidebarNavLink][href$='/timeline']"))
    page.wait_for_function("() => location.pathname.endsWith('/timeline')")
    page.wait_for_function("() => location.search.includes('city=Almaty')")
    wait_for_app(page)
    params = query(page.url)
    assert params == {"city": ["Almaty"], "period": ["during_pandemic"]}
    assert chips(page, "city") == [place_name("Almaty", "en")]
    assert chips(page, "period") == [VOCABULARY.label("period", "during_pandemic", "en")]
    link = copy_link(page, "en")
    assert urlparse(link).path == "/timeline" and query(link) == params | {"language": ["en"]}
    screenshot(page, "links-timeline-after-switch")
    context.close()


def test_links_of_the_previous_release_open_and_what_cannot_be_read_is_named(app_url, browser):
    context, page = new_page(browser, app_url)
    open_view(page, f"{app_url}/map?metric=January+2022+events&map_day=05+Jan&city=Алматы")
    assert shown_value(page, "metric") == translate("metric.map.events")
    day = page.locator(".st-key-map_day [data-testid=stSliderThumbValue]").inner_text()
    assert day.strip() == format_day_month(dt.date(2022, 1, 5), "en")
    assert chips(page, "city") == [place_name("Almaty", "en")]
    # Its URL now holds keys (5 January is the map's default day: no parameter).
    assert query(page.url) == {"metric": ["events"], "city": ["Almaty"]}
    assert page.locator("[data-testid=stToast]").count() == 0
    screenshot(page, "links-old-map")

    open_view(page, f"{app_url}/diaspora?who=Diaspora+groups&step=Week&city=Atlantis")
    toast = page.locator("[data-testid=stToast]")
    toast.wait_for()
    notice = toast.inner_text()
    assert "who=Diaspora groups" in notice and "city=Atlantis" in notice
    # What could be read opened: weekly bars; the rest is left at its default.
    assert query(page.url) == {"bars": ["week"]}
    active = page.locator(".st-key-step [role=radio][aria-checked=true]")
    assert active.inner_text().strip() == translate("diaspora.step.week")
    assert chips(page, "city") == []
    screenshot(page, "links-old-unreadable")
    context.close()
