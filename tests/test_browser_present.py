"""Presentation mode and stories in headless Chromium at a projector's 1280×720 (#13): the bundled
story played through with Next and with the → key, every page presented, no outside request."""

from __future__ import annotations

import pytest

from .browser import RequestLog, wait_for_app
from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser

PAGES = ["", "map", "challenges", "timeline", "diaspora", "data", "stories"]
STEPS = 10


def _page(browser, width=1280, height=720):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    return context, context.new_page()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))  # the screen, as the audience sees it


def _assert_presenting(page) -> None:
    assert page.locator("[data-testid=stException]").count() == 0
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    assert not page.locator("[data-testid=stHeader]").is_visible()
    assert not page.locator("[data-testid=stToolbar]").is_visible()
    assert page.locator(".st-key-present_exit button").is_visible()


def _assert_main_visual_fits(page) -> None:
    """The page's main visual is whole on the screen, above the story bar, and large."""
    visual = page.locator(".st-key-main_visual")
    if not visual.count():
        return
    height = page.viewport_size["height"]
    bar = page.locator(".st-key-present_bar")
    limit = bar.bounding_box()["y"] if bar.count() else height
    box = visual.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= limit + 1, (box, limit)
    chart = visual.locator("[data-testid=stDeckGlJsonChart], [data-testid=stPlotlyChart]").first
    assert chart.bounding_box()["height"] >= 0.35 * height


def _at_step(page, number: int) -> None:
    page.locator(".st-key-present_bar").get_by_text(f"{number} / {STEPS}").wait_for()
    wait_for_app(page)
    assert f"step={number}" in page.url and "present=1" in page.url
    _assert_presenting(page)
    _assert_main_visual_fits(page)


def test_the_bundled_story_plays_through_with_clicks_and_keys_offline(app_url, browser):
    context, page = _page(browser)
    requests = RequestLog()
    requests.attach(page)
    try:
        page.goto(f"{app_url}/stories?present=1")
        wait_for_app(page)
        _assert_presenting(page)
        page.locator(".st-key-play_1 a").click()
        _at_step(page, 1)
        assert "map_day=2022-01-01" in page.url
        _shot(page, "story-step-01")
        for number in range(2, STEPS + 1):
            page.locator(".st-key-story_next a").click()  # Playwright's normal click
            _at_step(page, number)
            _shot(page, f"story-step-{number:02d}")
        assert page.locator(".st-key-story_next a").count() == 0  # the last step has no next
        assert "map_day=2022-01-19" in page.url

        page.keyboard.press("ArrowLeft")
        _at_step(page, STEPS - 1)
        page.keyboard.press("ArrowLeft")
        _at_step(page, STEPS - 2)
        page.goto(f"{app_url}/map?present=1&story=1&step=1")
        _at_step(page, 1)
        for number in range(2, STEPS + 1):
            page.locator("body").press("ArrowRight")
            _at_step(page, number)
        page.locator(".st-key-present_exit button").click()
        page.locator("[data-testid=stSidebar]").wait_for(state="visible")
        wait_for_app(page)
        assert "present" not in page.url
    finally:
        context.close()
    assert requests.urls and requests.outside(app_url) == []


@pytest.mark.parametrize(
    "path", ["map", "map?metric=January+2022+events", "diaspora"], ids=["map", "events", "diaspora"]
)
def test_the_main_visual_starts_on_the_first_screen_outside_presentation_mode(
    app_url, browser, path
):
    """At 1280×720 with the sidebar open, the map (on /map, on /diaspora the world map and the
    country bars beside it) shows at least 200 px before any scrolling."""
    context, page = _page(browser)
    try:
        page.goto(f"{app_url}/{path}")
        wait_for_app(page)
        page.wait_for_timeout(1500)  # the maps finish drawing
        assert page.locator("[data-testid=stSidebar]").is_visible()
        visual = page.locator("[data-testid=stDeckGlJsonChart]").first
        box = visual.bounding_box()
        assert box["y"] < 720 - 200 and box["height"] >= 400, box
        if path == "diaspora":
            bars = page.locator("[data-testid=stPlotlyChart]").first.bounding_box()
            assert bars["y"] < 720 - 200, bars
        assert page.locator("[data-testid=stException]").count() == 0
        _shot(page, f"first-screen-{path.split('?')[0]}{'-events' if '?' in path else ''}")
    finally:
        context.close()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["720p", "1080p"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_presentation_mode(app_url, browser, path, size):
    context, page = _page(browser, *size)
    requests = RequestLog()
    requests.attach(page)
    try:
        page.goto(f"{app_url}/{path}?present=1")
        wait_for_app(page)
        page.wait_for_timeout(1500)  # charts and maps finish drawing
        _assert_presenting(page)
        if path in ("map", "challenges", "timeline"):  # the pages with one main visual
            assert page.locator(".st-key-main_visual").count() == 1
        _assert_main_visual_fits(page)
        _shot(page, f"present-{path or 'overview'}-{size[0]}x{size[1]}")
    finally:
        context.close()
    assert requests.outside(app_url) == []
