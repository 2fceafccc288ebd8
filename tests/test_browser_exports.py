"""What a person takes away from the app, downloaded in headless Chromium (#13): a chart's PNG and
the tables' downloads say that they show the illustrative sample — in the file name, in the
picture, in the README beside the CSV — and a category keeps its colour from the map to the
timeline to the timeline's PNG."""

from __future__ import annotations

import html
import io
import zipfile

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from atlas import palette
from atlas.export import SAMPLE_SLUG
from atlas.i18n import translate
from atlas.vocabulary import Vocabulary

from .browser import (
    deck_layer_data,
    download_chart_png,
    plotly_points,
    press,
    screenshot,
    wait_for_app,
)
from .conftest import ARTIFACTS, DATA_DIR

pytestmark = pytest.mark.browser

SAMPLE = translate("export.sample")  # "Illustrative sample — not the study's interviews"
SAMPLE_COLOUR = (179, 89, 0)  # the sample line's colour in an exported figure (#b35900)
VOCABULARY = Vocabulary.from_csv(DATA_DIR / "vocabulary.csv")
EVENT_TYPES = VOCABULARY.codes("event_type")


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1400, "height": 1400}, locale="en-GB", accept_downloads=True
    )
    page = context.new_page()
    yield page
    context.close()


def download(page, label: str):
    """Press the download button labelled `label` as a person does; the download."""
    box = page.get_by_role("button", name=label).bounding_box()
    with page.expect_download() as info:
        press(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    return info.value


def unzip(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_heatmap_png_and_zip_of_the_sample_say_illustrative_sample(app_url, page):
    page.goto(f"{app_url}/challenges")
    wait_for_app(page)
    chart = page.locator("[data-testid=stPlotlyChart]").first
    plot = chart.locator(".js-plotly-plot")
    plot.wait_for()
    # The figure the picture is drawn from carries the label under its title, and shows it.
    subtitle = plot.evaluate("gd => gd.layout.title.subtitle.text")
    assert SAMPLE in html.unescape(subtitle)
    assert SAMPLE in chart.locator(".gtitle-subtitle").first.text_content()

    png = download_chart_png(page, chart, ARTIFACTS / "export-challenges-matrix.png")
    stem = png.suggested_filename.removesuffix(".png")
    assert stem.startswith("matrix-") and f"_{SAMPLE_SLUG}_v1" in stem
    # In the picture itself: one line of the label's orange under the title, at the left, as
    # wide as the label's text (the heatmap's scale has no orange in it).
    image = np.asarray(Image.open(ARTIFACTS / "export-challenges-matrix.png").convert("RGB"))
    height, width, _ = image.shape
    assert (width, height) == tuple(
        2 * v for v in plot.evaluate("gd => [gd._fullLayout.width, gd._fullLayout.height]")
    )  # scale 2
    ys, xs = np.nonzero(np.abs(image.astype(int) - SAMPLE_COLOUR).max(axis=2) < 40)
    assert len(ys) > 500
    assert ys.min() > 0.02 * height and ys.max() < 0.12 * height  # under the title
    assert ys.max() - ys.min() < 40  # one line of text
    assert xs.min() < 0.02 * width and 0.2 * width < xs.max() - xs.min() < 0.6 * width

    table = download(page, translate("matrix.download"))
    assert table.suggested_filename == f"{stem}.zip"
    table.save_as(ARTIFACTS / table.suggested_filename)
    files = unzip(ARTIFACTS / table.suggested_filename)
    assert sorted(files) == ["README.md", f"{stem}.csv"]  # the CSV is named so, too
    readme = files["README.md"].decode()
    assert SAMPLE in readme and "v1 (" in readme and translate("export.no_filters") in readme
    # The CSV itself stays clean (its header on the first line), so that Excel and the upload
    # wizard read it as it is; what it is travels in its name and its README.
    cells = pd.read_csv(io.BytesIO(files[f"{stem}.csv"]), encoding="utf-8-sig")
    assert len(cells) > 0 and "Almaty" in set(cells.astype(str).stack())


def test_a_sample_version_downloaded_on_data_is_named_and_documented_as_the_sample(app_url, page):
    page.goto(f"{app_url}/data")  # respondents first: the bundled sample, version 1
    wait_for_app(page)
    got = download(page, translate("data.download_version"))
    assert got.suggested_filename == f"respondents_{SAMPLE_SLUG}_v1.zip"
    got.save_as(ARTIFACTS / got.suggested_filename)
    files = unzip(ARTIFACTS / got.suggested_filename)
    assert sorted(files) == ["README.md", f"respondents_{SAMPLE_SLUG}_v1.csv"]
    readme = files["README.md"].decode()
    assert SAMPLE in readme and f"{translate('dataset.respondents')} v1 (" in readme
    rows = pd.read_csv(io.BytesIO(files[f"respondents_{SAMPLE_SLUG}_v1.csv"]), dtype=str)
    bundled = pd.read_csv(DATA_DIR / "respondents.sample.csv", dtype=str)
    assert sorted(rows["respondent_id"]) == sorted(bundled["respondent_id"])

    # A sourced dataset is no sample: its version comes as the CSV alone, named the same way.
    page.locator(".st-key-data_dataset").click()
    page.get_by_role("option", name=translate("dataset.events"), exact=True).click()
    wait_for_app(page)
    got = download(page, translate("data.download_version"))
    assert got.suggested_filename == "events_v1.csv"
    events = pd.read_csv(io.BytesIO(got.path().read_bytes()), dtype=str, encoding="utf-8-sig")
    assert len(events) == len(pd.read_csv(DATA_DIR / "events.csv", dtype=str))
    screenshot(page, "data-events-version")


def rgb(css: str) -> tuple[int, int, int]:
    r, g, b = (int(float(v)) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return r, g, b


def test_an_event_type_has_one_colour_on_the_map_the_timeline_and_the_timeline_png(app_url, page):
    expected = palette.category_colours(EVENT_TYPES)
    labels = VOCABULARY.labels("event_type")
    code_of = {label: code for code, label in labels.items()}

    # The map of 5 January: the types that colour its cities, as deck.gl draws them.
    page.goto(f"{app_url}/map?metric=January+2022+events")
    wait_for_app(page)
    deck = page.locator("[data-testid=stDeckGlJsonChart]").first
    deck.locator("canvas").first.wait_for()
    page.wait_for_timeout(1500)
    on_map = {}
    for row in deck_layer_data(deck, "cities"):
        code = code_of.get(row["detail"].removeprefix("Most frequent: "))
        if code:
            on_map[code] = tuple(row["fill"][:3])
    assert len(on_map) >= 2, on_map
    assert on_map == {code: expected[code] for code in on_map}
    screenshot(page, "colour-map-5-january")

    # The timeline: each of those types' lane in the same colour…
    page.goto(f"{app_url}/timeline")
    wait_for_app(page)
    chart = page.locator("[data-testid=stPlotlyChart]").first
    plot = chart.locator(".js-plotly-plot")
    plot.wait_for()
    lanes = plot.evaluate(
        """gd => gd._fullData
            .filter(t => t.mode === 'markers' && t.customdata && t.customdata[0][0] === 'event')
            .map(t => [t.name, t.marker.color])"""
    )
    for code in on_map:
        drawn = {rgb(colour) for name, colour in lanes if html.unescape(name) == labels[code]}
        assert drawn == {expected[code]}, code

    # …and so in its PNG: the centre of each marker of those types is that colour.
    download_chart_png(page, chart, ARTIFACTS / "export-timeline.png")
    image = np.asarray(Image.open(ARTIFACTS / "export-timeline.png").convert("RGB"))
    box = plot.bounding_box()
    scale = image.shape[1] / plot.evaluate("gd => gd._fullLayout.width")
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str, keep_default_na=False)
    type_of = dict(zip(events["event_id"], events["event_type"], strict=True))
    checked = 0
    for point in plotly_points(chart, "event"):
        code = type_of[point["customdata"][1]]
        if code not in on_map:
            continue
        x = round((point["x"] - box["x"]) * scale)
        y = round((point["y"] - box["y"]) * scale)
        centre = image[y - 1 : y + 2, x - 1 : x + 2].reshape(-1, 3).astype(int)
        assert (np.abs(centre - expected[code]).max(axis=1) <= 3).all(), (code, x, y)
        checked += 1
    assert checked >= 5
