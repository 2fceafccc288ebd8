"""Uploading as a fellow does: in headless Chromium, through the real file widget."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from atlas.i18n import translate

from .browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    RequestLog,
    running_app,
    screenshot,
    wait_for_app,
    wait_until_quiet,
)
from .conftest import DATA_DIR

pytestmark = pytest.mark.browser

RUSSIAN_EXCEL_EXPORT = (
    "Дата;Страна;Город;Тип акции;Организатор;Описание;Ссылка\r\n"
    "05.01.2022;Германия;Берлин;митинг;;Пикет у посольства;https://example.org/a\r\n"
    "06.01.2022;Турция;Стамбул;митинг;;Акция солидарности;https://example.org/b\r\n"
    "07.01.2022;Турция;Анкарра;петиция;;Петиция;https://example.org/c\r\n"
).encode("cp1251")
WITH_ERRORS = b"date;country;action_type\r\n31.02.2022;DE;rally\r\n05.01.2022;DE;dance\r\n"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("upload-app")
    with running_app(folder) as url:
        yield url, folder / "streamlit.log"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def choose(page, label: str, option: str) -> None:
    box = (
        page.locator("[data-testid=stSelectbox]")
        .filter(has=page.get_by_text(label, exact=True))
        .first
    )
    wait_until_quiet(page)  # no late rerun may redraw the list while it is open
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)
    wait_until_quiet(page)


def editor_token(log) -> str:
    return re.search(
        r"editor token \(valid until the server stops\): (\S+)", log.read_text()
    ).group(1)


def open_data_page_signed_in(page, url: str, log, name: str = "Aigerim") -> None:
    """A page load is a new session: sign in on it (the sign-in lives in the server session)."""
    page.goto(f"{url}/data")
    wait_for_app(page)
    page.get_by_label("Your name").fill(name)
    page.get_by_label(translate("editor.token")).fill(editor_token(log))
    page.get_by_role("button", name=translate("editor.sign_in_button")).click()
    wait_for_app(page)
    page.get_by_text(f"Signed in as {name}.").wait_for()


def metric_value(page, message_id: str) -> str:
    """The value of the metric whose label is exactly this message."""
    label = page.locator("[data-testid=stMetricLabel]").get_by_text(
        translate(message_id), exact=True
    )
    return (
        page.locator("[data-testid=stMetric]")
        .filter(has=label)
        .locator("[data-testid=stMetricValue]")
        .inner_text()
        .strip()
    )


def diaspora_metric(page, url: str) -> str:
    page.goto(url)
    wait_for_app(page)
    return metric_value(page, "metric.diaspora")


def test_editor_publishes_a_russian_excel_export_viewer_sees_it_rollback_restores(
    app, browser, tmp_path
):
    url, log = app
    editor = browser.new_context(viewport={"width": 1400, "height": 2400})
    page = editor.new_page()
    requests = RequestLog()
    requests.attach(page)
    bundled = len(pd.read_csv(DATA_DIR / "diaspora_actions.csv"))
    assert diaspora_metric(page, url) == str(bundled)

    open_data_page_signed_in(page, url, log)

    choose(page, translate("wizard.dataset"), translate("dataset.diaspora_actions"))
    upload_file = tmp_path / "акции_январь.csv"
    upload_file.write_bytes(RUSSIAN_EXCEL_EXPORT)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(upload_file))
    wait_for_app(page)
    page.get_by_text(
        "Read as Windows-1251 (Cyrillic), delimiter Semicolon ;", exact=False
    ).wait_for()
    counts = [
        metric_value(page, label) for label in ("wizard.rows", "wizard.errors", "wizard.warnings")
    ]
    screenshot(page, "upload-checked")
    assert counts == [
        "3",
        "0",
        "1",
    ]  # the misspelt Анкарра is a warning: the row is kept, not drawn
    screenshot(page, "upload-checked")
    publish = page.get_by_role("button", name=translate("wizard.publish"), exact=True)
    assert publish.is_enabled()
    publish.click()
    wait_for_app(page)
    page.get_by_text("version 2 published (3 rows)", exact=False).wait_for()
    assert diaspora_metric(page, url) == "3"

    # A viewer in another browser sees the new version, and no editing controls.
    viewer = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
    assert diaspora_metric(viewer, url) == "3"
    viewer.goto(f"{url}/data")
    wait_for_app(viewer)
    assert viewer.locator("[data-testid=stFileUploader]").count() == 0
    assert viewer.get_by_role("button", name=re.compile("Make version")).count() == 0
    viewer.close()

    # Rollback restores the old counts.
    open_data_page_signed_in(page, url, log)
    choose(page, translate("data.browse_dataset"), translate("dataset.diaspora_actions"))
    choose(page, translate("col.version"), "1")
    page.get_by_role("button", name=translate("data.rollback", version=1)).click()
    wait_for_app(page)
    page.get_by_text(
        translate("data.rolled_back", dataset=translate("dataset.diaspora_actions"), version=1)
    ).wait_for()
    assert diaspora_metric(page, url) == str(bundled)

    # A file with errors publishes nothing.
    open_data_page_signed_in(page, url, log)
    choose(page, translate("wizard.dataset"), translate("dataset.diaspora_actions"))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(WITH_ERRORS)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(bad))
    wait_for_app(page)
    page.get_by_text(translate("wizard.blocked", count=2)).wait_for()
    assert page.get_by_role("button", name=translate("wizard.publish"), exact=True).is_disabled()
    screenshot(page, "upload-with-errors")
    assert diaspora_metric(page, url) == str(bundled)
    assert page.locator("[data-testid=stException]").count() == 0
    assert requests.outside(url) == []
    editor.close()


def test_html_in_uploaded_text_is_shown_as_text(app, browser, tmp_path):
    """Script-looking text in data never runs: a hostile description is shown literally."""
    url, log = app
    page = browser.new_context(viewport={"width": 1400, "height": 2400}).new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_data_page_signed_in(page, url, log, name="Tester")
    choose(page, translate("wizard.dataset"), translate("dataset.diaspora_actions"))
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        "date,country,city,action_type,actor,description,source_url\n"
        '05.01.2022,DE,Berlin,rally,"<img src=x onerror=alert(1)>","<script>alert(2)</script> **bold**",https://example.org/x\n',
        encoding="utf-8",
    )
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(hostile))
    wait_for_app(page)
    page.get_by_role("button", name=translate("wizard.publish"), exact=True).click()
    wait_for_app(page)
    page.get_by_text("published (1 rows)", exact=False).wait_for()
    page.goto(f"{url}/diaspora")
    wait_for_app(page)
    page.wait_for_timeout(1500)
    page.get_by_text("<img src=x onerror=alert(1)>", exact=False).first.wait_for(state="attached")
    screenshot(page, "diaspora-hostile-text")
    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0
    page.context.close()


def test_the_command_line_publishes_while_the_app_is_running(app, browser, tmp_path):
    """Same DuckDB file, two processes: no lock error, and the app shows the new version."""
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    url, log = app
    page = browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
    before = diaspora_metric(page, url)
    upload = tmp_path / "cli.csv"
    upload.write_text(
        "date,country,city,action_type\n08.01.2022,GB,London,rally\n09.01.2022,DE,Berlin,petition\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "atlas",
            "import",
            str(upload),
            "--dataset",
            "diaspora_actions",
            "--note",
            "from the CLI",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ATLAS_DUCKDB_PATH": str(log.parent / "atlas.duckdb")},
    )
    assert result.returncode == 0, result.stderr
    assert diaspora_metric(page, url) == "2" != before
    page.context.close()


REAL_FILES = {
    "excel-cp1251-semicolon.diaspora_actions.csv": ("diaspora_actions", "8", None),
    "excel.diaspora_actions.xlsx": ("diaspora_actions", "10", None),
    "excel-utf8-semicolon-ru-headers.respondents.csv": ("respondents", "10", "anyway"),
    "renamed-column.diaspora_actions.csv": ("diaspora_actions", None, "Государство"),
}


@pytest.mark.parametrize("name", list(REAL_FILES))
def test_real_files_through_the_real_widget(app, browser, name):
    """Files as Excel writes them, dropped into the page's own file widget."""
    from .conftest import ROOT

    url, log = app
    dataset, rows, extra = REAL_FILES[name]
    context = browser.new_context(viewport={"width": 1400, "height": 2400})
    page = context.new_page()
    open_data_page_signed_in(page, url, log)
    choose(page, translate("wizard.dataset"), translate(f"dataset.{dataset}"))
    path = ROOT / "tests" / "files" / name
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(path))
    wait_for_app(page)
    publish = page.get_by_role("button", name=translate("wizard.publish"))
    if rows is None:  # refused: the missing column is named and the fitting header suggested
        page.get_by_text(f"Did you mean '{extra}'?", exact=False).first.wait_for()
        assert publish.count() == 0  # nothing to compare or publish until the columns are right
        screenshot(page, f"upload-refused-{path.stem}")
        context.close()
        return
    page.get_by_text(translate("wizard.no_problems"), exact=False).or_(
        page.locator("[data-testid=stMetric]").first
    ).first.wait_for()
    assert metric_value(page, "wizard.rows") == rows
    assert metric_value(page, "wizard.errors") == "0"
    if extra == "anyway":  # the sample's excerpts would lose their respondents: say so, choose
        page.get_by_text("would lose their respondent", exact=False).first.wait_for()
        page.get_by_text(translate("wizard.orphans.anyway"), exact=True).click()
        wait_for_app(page)
    publish.click()
    wait_for_app(page)
    page.get_by_text(f"published ({rows} rows)", exact=False).first.wait_for()
    screenshot(page, f"upload-published-{path.stem}")
    assert page.locator("[data-testid=stException]").count() == 0
    context.close()
