"""A QDA tool's export uploaded as a researcher does (#15): in headless Chromium, through the real
file widget, recognised, matched in the two mapping tables, and published — with the counts the
file itself gives (counted by tests/test_qda.py's helpers) — and the .qdpx download on /data."""

from __future__ import annotations

import zipfile
from collections import Counter

import pandas as pd
import pytest

from atlas.i18n import translate
from atlas.qda.messages import render
from atlas.store import DuckDBEngine, Store

from .browser import RequestLog, running_app, screenshot, wait_for_app
from .conftest import DATA_DIR
from .test_browser_upload import metric_value, open_data_page_signed_in
from .test_qda import EXAMPLES, FILES, _rows, maxqda_expected, qdpx_expected

pytestmark = pytest.mark.browser


@pytest.fixture
def app(tmp_path):
    """The real app with a fresh database for each test: an import replaces the interviews."""
    with running_app(tmp_path) as url:
        yield url, tmp_path / "streamlit.log", tmp_path / "atlas.duckdb"


def active(db) -> dict[str, pd.DataFrame]:
    """The active interview data, read from the app's own database file (the app closes it
    between operations, so another process can open it)."""
    store = Store(DuckDBEngine(db))
    try:
        return {
            name: store.frame(name, info.version)
            for name, info in store.active_versions().items()
            if name in ("respondents", "interview_codes")
        }
    finally:
        store.engine.close()


def upload_through_the_widget(page, path) -> None:
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(path))
    wait_for_app(page)


def publish(page) -> None:
    button = page.get_by_role("button", name=translate("wizard.publish"), exact=True)
    assert button.is_enabled()
    button.click()
    wait_for_app(page)
    page.get_by_text(translate("wizard.qda.published_mapping"), exact=False).wait_for()


def test_a_qdpx_project_publishes_its_cases_and_codings_together(app, browser, tmp_path):
    url, log, db = app
    context = browser.new_context(viewport={"width": 1500, "height": 2600})
    page = context.new_page()
    requests = RequestLog()
    requests.attach(page)
    open_data_page_signed_in(page, url, log)
    upload_through_the_widget(page, FILES / "refi-project.qdpx")
    page.get_by_text(
        f"This looks like {render('qda.format.refi_qdpx')}", exact=False
    ).first.wait_for()
    page.get_by_text(translate("wizard.qda.units"), exact=True).wait_for()
    page.get_by_text(translate("wizard.qda.codes"), exact=True).wait_for()
    # The two mapping tables are real editable grids (the check's tables come after them).
    assert page.locator("[data-testid=stDataFrame]").count() >= 2
    assert metric_value(page, "wizard.errors") == "0"
    expected, cases = qdpx_expected(FILES / "refi-project.qdpx")
    assert metric_value(page, "wizard.rows") == str(sum(expected.values()) + cases)
    screenshot(page, "qda-qdpx-mapping")

    publish(page)
    page.get_by_text(f"published ({cases} rows)", exact=False).first.wait_for()
    page.get_by_text(f"published ({sum(expected.values())} rows)", exact=False).first.wait_for()
    screenshot(page, "qda-qdpx-published")
    data = active(db)
    assert len(data["respondents"]) == cases
    assert Counter(data["interview_codes"]["respondent_id"]) == expected
    assert page.locator("[data-testid=stException]").count() == 0

    # The interview data goes back out as a REFI-QDA project, from the real download button.
    with page.expect_download() as download:
        page.get_by_role("button", name=translate("data.download_qdpx")).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "civic-atlas-interviews_v2.qdpx"  # the import replaced the sample (v1)
    with zipfile.ZipFile(saved) as archive:
        assert "project.qde" in archive.namelist()
    back, back_cases = qdpx_expected(saved)
    assert (sum(back.values()), back_cases) == (sum(expected.values()), cases)
    assert requests.outside(url) == []
    context.close()


def test_a_maxqda_workbook_publishes_its_segments(app, browser):
    url, log, db = app
    context = browser.new_context(viewport={"width": 1500, "height": 2600})
    page = context.new_page()
    open_data_page_signed_in(page, url, log)
    path = FILES / "maxqda-coded-segments.xlsx"
    upload_through_the_widget(page, path)
    page.get_by_text(
        f"This looks like {render('qda.format.maxqda_coded_segments')}", exact=False
    ).first.wait_for()
    page.get_by_text("1 repeated header row was dropped (line 8)", exact=False).first.wait_for()
    expected = maxqda_expected(path)
    assert metric_value(page, "wizard.rows") == str(sum(expected.values()))
    assert metric_value(page, "wizard.errors") == "0"
    screenshot(page, "qda-maxqda-mapping")
    publish(page)
    page.get_by_text(f"published ({sum(expected.values())} rows)", exact=False).first.wait_for()
    assert Counter(active(db)["interview_codes"]["respondent_id"]) == expected
    screenshot(page, "qda-maxqda-published")
    assert page.locator("[data-testid=stException]").count() == 0

    # The challenges heatmap now counts the workbook's challenge segments, code by code.
    page.goto(f"{url}/challenges?theme=challenge&by=city&value=excerpts")
    wait_for_app(page)
    chart = page.locator("[data-testid=stPlotlyChart]").first
    chart.locator(".js-plotly-plot").wait_for()
    cells = chart.locator(".js-plotly-plot").evaluate(
        """gd => {
            const h = gd.data.find(trace => trace.type === 'heatmap');
            const found = {};
            h.y.forEach((row, i) => h.x.forEach((column, j) => {
                if (h.z[i][j]) found[row + ' / ' + column] = h.z[i][j];
            }));
            return found;
        }"""
    )
    screenshot(page, "qda-maxqda-challenges")
    by_code, challenge_segments = challenge_counts(path)
    assert sum(cells.values()) == challenge_segments
    shown_by_code = Counter()
    for cell, count in cells.items():
        shown_by_code[cell.split(" / ")[0]] += count
    assert {code: shown_by_code[code] for code in by_code} == by_code
    context.close()


def challenge_counts(path) -> tuple[dict[str, int], int]:
    """The workbook's segments under a challenge theme: their number, and by heatmap row (the
    code's English label) those whose code is named by one of its labels — from the workbook and
    the vocabulary file's own labels (a path is 'Theme\\Code', each a label in any language)."""
    vocabulary = pd.read_csv(DATA_DIR / "vocabulary.csv", dtype=str, keep_default_na=False)

    def labels(row) -> set[str]:
        names = {row[f"label_{lang}"] for lang in ("en", "ru", "kk")}
        return {name.casefold() for name in (*names, row["code"].replace("_", " "))}

    themes = vocabulary[vocabulary["field"] == "theme"]
    challenge = next(labels(row) for _, row in themes.iterrows() if row["code"] == "challenge")
    challenge |= {"challenges", "трудности", "қиындықтар"}  # the plural the tools' paths use
    codes = vocabulary[(vocabulary["field"] == "code") & (vocabulary["theme"] == "challenge")]
    counts: Counter = Counter()
    segments = 0
    for row in _rows(path, ";"):
        if row["Document name"] == "Document name":
            continue
        theme, *_, leaf = row["Code"].split("\\")
        if theme.casefold() not in challenge:
            continue
        segments += 1
        code = next(
            (c for _, c in codes.iterrows() if leaf.casefold() in labels(c)),
            None,
        )
        if code is None:  # a code the vocabulary names differently: not checked here
            continue
        counts[code["label_en"]] += 1
    return dict(counts), segments


UNDECIDED = (
    "id,document,tag,content\r\n"
    "1,Interview_03_Almaty.docx,funding,Гранты заморозили в марте\r\n"
    "2,Interview_03_Almaty.docx,Misc,Все ушли в Zoom и Telegram\r\n"
).encode()


@pytest.mark.parametrize(
    "name", sorted(name for name in EXAMPLES if name != "maxqda-coded-segments.xlsx")
)
def test_every_other_tool_export_publishes_through_the_real_widget(name, app, browser):
    """Taguette (CSV, XLSX), QualCoder and MAXQDA's CSV, as a researcher uploads them: recognised,
    every document matched to its respondent, published with the counts the file gives."""
    url, log, db = app
    context = browser.new_context(viewport={"width": 1500, "height": 2600})
    page = context.new_page()
    open_data_page_signed_in(page, url, log)
    path = FILES / name
    format_id, expected_of = EXAMPLES[name]
    upload_through_the_widget(page, path)
    page.get_by_text(
        f"This looks like {render(f'qda.format.{format_id}')}", exact=False
    ).first.wait_for()
    expected = expected_of(path)
    assert metric_value(page, "wizard.errors") == "0"
    publish(page)
    page.get_by_text(f"published ({sum(expected.values())} rows)", exact=False).first.wait_for()
    assert Counter(active(db)["interview_codes"]["respondent_id"]) == expected
    screenshot(page, f"qda-{path.stem}-{path.suffix[1:]}-published")
    assert page.locator("[data-testid=stException]").count() == 0
    context.close()


def test_an_undecided_code_is_highlighted_and_publishing_waits(app, browser, tmp_path):
    url, log, db = app
    context = browser.new_context(viewport={"width": 1500, "height": 2200})
    page = context.new_page()
    open_data_page_signed_in(page, url, log)
    before = active(db)["interview_codes"]
    upload = tmp_path / "highlights.csv"
    upload.write_bytes(UNDECIDED)
    upload_through_the_widget(page, upload)
    page.get_by_text("1 row still needs a decision", exact=False).wait_for()
    publish = page.get_by_role("button", name=translate("wizard.publish"), exact=True)
    assert publish.is_disabled()
    screenshot(page, "qda-undecided-code")
    assert len(active(db)["interview_codes"]) == len(before)
    context.close()
