"""Every page in Russian and in Kazakh, as a browser draws it at 1280×720 (#14).

Each page is opened with `?language=ru` or `?language=kk` in a browser whose own locale is the
same, and photographed a screen at a time (tests/artifacts/i18n-<language>-<page>.png, then -2,
-3... scrolled down, to be looked at). A
page passes when it has no exception, its title is the catalogue's title in that language, its
visible text is Cyrillic, and it shows none of the English catalogue texts that the language
translates, and no English month name on a chart's axis.
"""

from __future__ import annotations

import re

import pytest

from atlas.i18n import translate
from components.navigation import PAGES

from .browser import screenshot, wait_for_app
from .conftest import ARTIFACTS
from .test_i18n_pages import english_in, english_months

pytestmark = pytest.mark.browser

LANGUAGES = ("ru", "kk")
# A heading each page draws, as message ids: proof that its content is there.
HEADINGS = {
    "overview": "overview.figures",
    "map": "map.title",
    "challenges": "challenges.title",
    "timeline": "timeline.title",
    "diaspora": "diaspora.title",
    "data": "data.title",
    "stories": "stories.title",
}
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


@pytest.fixture(params=LANGUAGES)
def language_page(request, browser):
    language = request.param
    context = browser.new_context(
        viewport={"width": 1280, "height": 720}, locale={"ru": "ru-RU", "kk": "kk-KZ"}[language]
    )
    page = context.new_page()
    yield language, page
    context.close()


# Streamlit's own words, which it does not translate (#14 leaves them).
STREAMLIT_TEXTS = ("Skip to main content",)


def axis_tick_texts(page) -> list[str]:
    """The tick labels plotly drew on every chart's axes (SVG text: no innerText)."""
    return page.locator(".js-plotly-plot .xtick text, .js-plotly-plot .ytick text").evaluate_all(
        "texts => texts.map(t => t.textContent || '')"
    )


def screens_below(page, name: str, *, most: int = 12) -> list:
    """The rest of the page, a screen at a time: the main area scrolled by most of a screen until
    it moves no more (tests/artifacts/<name>-2.png, -3.png ...), so all of it can be looked at."""
    scroller = """() => {
        const el = [...document.querySelectorAll('[data-testid=stMain] *, [data-testid=stMain]')]
            .find(e => e.scrollHeight > e.clientHeight + 10
                       && ['auto', 'scroll'].includes(getComputedStyle(e).overflowY));
        if (!el) return -1;
        const before = el.scrollTop;
        el.scrollTop = before + 620;
        return el.scrollTop - before;
    }"""
    shots = []
    for n in range(2, most + 2):
        if page.evaluate(scroller) <= 0:
            break
        page.wait_for_timeout(400)  # charts that come into view are drawn
        path = ARTIFACTS / f"{name}-{n}.png"
        page.screenshot(path=str(path))
        shots.append(path)
    return shots


def page_text(page) -> str:
    """The page's visible text, Streamlit's own words left out."""
    text = page.locator("[data-testid=stApp]").inner_text()
    for own in STREAMLIT_TEXTS:
        text = text.replace(own, " ")
    return text


@pytest.mark.parametrize("spec", PAGES, ids=[spec.key for spec in PAGES])
def test_every_page_speaks_the_language(app_url, language_page, spec):
    language, page = language_page
    page.goto(f"{app_url}/{spec.url_path}?language={language}")
    wait_for_app(page)
    page.get_by_text(translate(HEADINGS[spec.key], language), exact=True).first.wait_for()
    page.wait_for_timeout(1500)  # charts and maps finish drawing
    shot = screenshot(page, f"i18n-{language}-{spec.key}")
    assert page.locator("[data-testid=stException]").count() == 0
    text = page_text(page)
    assert len(CYRILLIC.findall(text)) > 200, shot
    ticks = axis_tick_texts(page)
    assert english_in([text, *ticks], language) == {}, shot
    assert english_months(ticks) == [], shot
    # Each link reads "<icon ligature>\n\n<title>": the title is its last line.
    nav = page.locator("[data-testid=stSidebarNavLink]").all_inner_texts()
    assert translate(f"nav.{spec.key}", language) in [n.strip().splitlines()[-1] for n in nav]
    screens_below(page, f"i18n-{language}-{spec.key}")
