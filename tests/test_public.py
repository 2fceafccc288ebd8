"""Public mode (ATLAS_PUBLIC=1): the interviews are not public. On every page, no excerpt text and
no real respondent id reaches a viewer — checked in every element AppTest sees and in the HTML
Chromium renders after clicking a heatmap cell and a city; signed-in editors still see them."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas.i18n import translate

from .conftest import DATA_DIR, EDITOR_PASSWORD, ROOT

PAGES = ["app_pages/overview.py", "app_pages/map.py", "app_pages/challenges.py", "app_pages/timeline.py",
         "app_pages/diaspora.py", "app_pages/data.py"]  # fmt: skip
CODES = pd.read_csv(DATA_DIR / "interview_codes.sample.csv", dtype=str, keep_default_na=False)
PEOPLE = pd.read_csv(DATA_DIR / "respondents.sample.csv", dtype=str, keep_default_na=False)
EXCERPTS = [e for e in CODES["excerpt"] if len(e) >= 20]
REAL_ID = re.compile(
    r"(?<![\w-])(" + "|".join(map(re.escape, PEOPLE["respondent_id"])) + r")(?![\w-])"
)


def leaks(text: str) -> list[str]:
    """Excerpts (by their first 30 characters) and real respondent ids found in `text`."""
    found = [e[:30] for e in EXCERPTS if e[:30] in text]
    return found + sorted(set(REAL_ID.findall(text)))


def everything_shown(at: AppTest) -> str:
    parts = []

    def walk(node) -> None:
        value = getattr(node, "value", None)
        if isinstance(value, pd.DataFrame):
            parts.append(value.to_csv())
        elif getattr(node, "proto", None) is not None:
            parts.append(str(node.proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


@pytest.fixture
def public_env(editor_env, monkeypatch):
    monkeypatch.setenv("ATLAS_PUBLIC", "1")


@pytest.mark.parametrize("page", PAGES)
def test_no_excerpt_or_respondent_id_on_any_page_for_viewers(public_env, page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(page).run()
    assert not at.exception
    shown = everything_shown(at)
    assert len(shown) > 1000  # the page was drawn
    assert leaks(shown) == []


def test_the_data_page_offers_no_interview_download_to_viewers(public_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("app_pages/data.py").run()
    assert translate("public.download_off") in [c.value for c in at.caption]
    labels = [b.label for b in at.get("download_button")]
    assert translate("data.download_version") not in labels  # respondents are chosen first


def test_signed_in_editors_see_the_interviews(public_env):
    from .test_app_pages import open_data_page, sign_in

    at = sign_in(open_data_page(), EDITOR_PASSWORD)
    assert translate("data.download_version") in [b.label for b in at.get("download_button")]


def test_pseudonyms_are_stable_and_say_nothing_of_the_id(store):
    from atlas.seed import seed
    from components.privacy import pseudonyms

    seed(store, DATA_DIR)
    active = store.active_versions()
    names = pseudonyms(store, active)
    assert sorted(names) == sorted(PEOPLE["respondent_id"])
    assert sorted(names.values()) == [f"R-{n:02d}" for n in range(1, len(PEOPLE) + 1)]
    assert sum(names[rid] == f"R-{rid[1:]}" for rid in names) < len(names) // 4  # shuffled
    assert pseudonyms(store, active) == names


@pytest.mark.browser
def test_public_pages_in_chromium_after_clicks(tmp_path):
    from playwright.sync_api import sync_playwright

    from components.maps import KAZAKHSTAN_VIEW

    from .browser import (
        CHROMIUM,
        CHROMIUM_ARGS,
        click_heatmap_cell,
        click_map_point,
        running_app,
        screenshot,
        wait_for_app,
    )

    with (
        running_app(tmp_path, {"ATLAS_PUBLIC": "1"}) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2200}, locale="en-GB")
        for path in ["", "map", "challenges", "timeline", "diaspora", "data"]:
            page.goto(f"{url}/{path}")
            wait_for_app(page)
            assert leaks(page.content()) == [], path

        page.goto(f"{url}/challenges")
        wait_for_app(page)
        chart = page.locator("[data-testid=stPlotlyChart]").first
        chart.locator(".js-plotly-plot").wait_for()
        click_heatmap_cell(page, chart, "Almaty", "Funding shortage")
        wait_for_app(page)
        page.get_by_text("Excerpts: Funding shortage — Almaty").wait_for()
        page.get_by_text(translate("public.quotes_hidden")).wait_for()
        assert page.locator("[data-testid=stText]").count() == 0
        assert leaks(page.content()) == []
        screenshot(page, "public-challenges-cell")

        page.goto(f"{url}/map")
        wait_for_app(page)
        deck = page.locator("[data-testid=stDeckGlJsonChart]").first
        deck.locator("canvas").first.wait_for()
        page.wait_for_timeout(1500)
        click_map_point(page, deck, 43.25249, 76.9115, KAZAKHSTAN_VIEW)
        page.get_by_role("heading", name="Almaty", exact=True).wait_for()
        wait_for_app(page)
        page.get_by_text(translate("public.respondents_hidden")).wait_for()
        assert leaks(page.content()) == []
        screenshot(page, "public-map-almaty")
        browser.close()
