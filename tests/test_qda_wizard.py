"""The upload wizard's QDA path (#15) under AppTest: each example export (tests/files/qda/) is
recognised, matched, checked and published by a signed-in editor with the counts the file itself
gives (counted by tests/test_qda.py's helpers, never by the code under test); an undecided code
blocks publishing until the editor decides; the choices are reused for the project's next export;
bad and hostile files change nothing; the .qdpx download follows public mode."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas.i18n import translate
from atlas.qda.messages import render
from atlas.store import DuckDBEngine, Store

from .conftest import EDITOR_PASSWORD
from .test_app_pages import open_data_page, sign_in
from .test_qda import (
    EXAMPLES,
    FILES,
    HOSTILE_FILES,
    MAXQDA_PEOPLE,
    QUALCODER_PEOPLE,
    TAGUETTE_PEOPLE,
    maxqda_expected,
    qdpx_expected,
)

# The respondent each document of an example is proposed for (what a researcher would choose).
PEOPLE = {
    "taguette_highlights": TAGUETTE_PEOPLE,
    "qualcoder_coded_text": QUALCODER_PEOPLE,
    "maxqda_coded_segments": MAXQDA_PEOPLE,
}
# A warning each example's awkward part gives, shown while reading and never blocking.
READING_WARNINGS = {
    "taguette-highlights.csv": "2 highlights have no tag and were skipped (lines 5, 12)",
    "taguette-highlights.xlsx": "2 highlights have no tag and were skipped (lines 5, 12)",
    "qualcoder-coded-text.csv": "1 coding of an image, audio or video was skipped",
    "maxqda-coded-segments.csv": "1 repeated header row was dropped (line 9)",
    "maxqda-coded-segments.xlsx": "1 repeated header row was dropped (line 8)",
    "refi-project.qdpx": "1 coding of an image, audio or video was skipped",
}


# --- helpers ---------------------------------------------------------------------------------


def unescaped(text: str) -> str:
    """What the reader sees of a Markdown text the wizard escaped (`plain`)."""
    return re.sub(r"\\(.)", r"\1", text)


def shown(at: AppTest, kind: str) -> list[str]:
    return [unescaped(element.value) for element in getattr(at, kind)]


def signed_in(**query) -> AppTest:
    at = sign_in(open_data_page(**query), EDITOR_PASSWORD)
    assert not at.exception
    return at


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.get("file_uploader")[0].upload(name, data, "application/octet-stream").run()
    assert not at.exception, at.exception
    return at


def publish_button(at: AppTest):
    return next(b for b in at.button if b.label == translate("wizard.publish"))


def editor_table(at: AppTest, which: str):
    """The mapping table `which` ("units" or "codes") of the QDA path."""
    return next(e for e in at.data_editor if e.key and e.key.startswith(f"up_qda_{which}_"))


def edit(at: AppTest, which: str, row: int, **cells) -> AppTest:
    """Change cells of one row of a mapping table, as the editor does in the browser."""
    table = editor_table(at, which)
    at.session_state[table.key] = {
        "edited_rows": {row: cells},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception, at.exception
    return at


def problem_messages(at: AppTest) -> str:
    """The messages of the check's problem table, as shown (capitalised sentences)."""
    tables = [d.value for d in at.dataframe if "message" in d.value.columns]
    return " ".join(m[:1].lower() + m[1:] for table in tables for m in table["message"])


def metric(at: AppTest, message_id: str) -> str:
    return next(m.value for m in at.metric if m.label == translate(message_id))


def active() -> dict[str, pd.DataFrame]:
    store = Store(DuckDBEngine(Path(os.environ["ATLAS_DUCKDB_PATH"])))
    try:
        return {
            name: store.frame(name, info.version)
            for name, info in store.active_versions().items()
            if name in ("respondents", "interview_codes")
        }
    finally:
        store.engine.close()


def versions() -> dict[str, int]:
    store = Store(DuckDBEngine(Path(os.environ["ATLAS_DUCKDB_PATH"])))
    try:
        return {name: info.version for name, info in store.active_versions().items()}
    finally:
        store.engine.close()


# --- each example, to a published version -------------------------------------------------


@pytest.mark.parametrize("name", [*sorted(EXAMPLES), "refi-project.qdpx"])
def test_each_example_export_is_recognised_matched_and_published(name, editor_env):
    at = signed_in()
    before = versions()
    upload(at, name, (FILES / name).read_bytes())
    format_id = EXAMPLES[name][0] if name in EXAMPLES else "refi_qdpx"
    looks_like = f"This looks like {render(f'qda.format.{format_id}')}"
    assert any(text.startswith(looks_like) for text in shown(at, "info")), shown(at, "info")
    assert at.selectbox(key=next(k for k in at.session_state if k.startswith("up_qda_format_")))
    assert READING_WARNINGS[name] in " ".join(shown(at, "warning"))

    # The mapping: every document (or case) and code is decided, with its score and reason.
    units = editor_table(at, "units").value
    codes = editor_table(at, "codes").value
    assert (units["action"] == "map").all() and units["why"].str.len().gt(0).all()
    assert set(codes["action"]) <= {"map", "keep", "skip"}
    assert codes["score"].between(0, 1).all()
    if format_id in PEOPLE:
        assert dict(zip(units["name"], units["respondent_id"], strict=True)) == PEOPLE[format_id]
    else:
        assert set(units["kind"]) == {"case"}

    assert metric(at, "wizard.errors") == "0"
    assert not publish_button(at).disabled
    publish_button(at).click().run()
    assert not at.exception, at.exception
    message = " ".join(s.value for s in at.success)
    assert translate("wizard.qda.published_mapping") in message

    data, after = active(), versions()
    if name in EXAMPLES:
        assert Counter(data["interview_codes"]["respondent_id"]) == EXAMPLES[name][1](FILES / name)
        assert after["interview_codes"] == before["interview_codes"] + 1
        assert after["respondents"] == before["respondents"]
    else:
        expected, cases = qdpx_expected(FILES / name)
        assert Counter(data["interview_codes"]["respondent_id"]) == expected
        assert len(data["respondents"]) == cases
        assert (after["respondents"], after["interview_codes"]) == (
            before["respondents"] + 1,
            before["interview_codes"] + 1,
        )
        assert f"version {after['respondents']} published ({cases} rows)" in message
    assert data["interview_codes"]["theme"].notna().all()
    assert data["interview_codes"]["code"].notna().all()


# --- an undecided code blocks publishing until the editor decides -----------------------------

UNDECIDED = (
    "id,document,tag,content\r\n"
    "1,Interview_03_Almaty.docx,funding,Гранты заморозили в марте\r\n"
    "2,Interview_03_Almaty.docx,Misc,Все ушли в Zoom и Telegram\r\n"
    "3,Interview_10_Nur-Sultan.docx,Misc,Акимат не отвечал на письма\r\n"
).encode()


@pytest.mark.parametrize(
    ("decision", "expected_code"),
    [
        ({"theme": "challenge", "code": "funding_shortage", "action": "map"}, "funding_shortage"),
        (
            {
                "theme": "challenge",
                "code": "misc",
                "action": "new",
                "label_en": "Miscellaneous troubles",
                "label_ru": "Прочие трудности",
                "label_kk": "Басқа қиындықтар",
            },
            "misc",
        ),
    ],
    ids=["mapped to a vocabulary code", "added to the vocabulary with labels"],
)
def test_an_undecided_code_blocks_publishing_until_the_editor_decides(
    decision, expected_code, editor_env
):
    at = signed_in()
    before = versions()
    upload(at, "highlights.csv", UNDECIDED)
    codes = editor_table(at, "codes").value
    row = codes.index[codes["path"] == "Misc"][0]
    assert codes.loc[row, "action"] == "unmatched"
    undecided = " ".join(shown(at, "warning"))
    assert "2 rows still need a decision" not in undecided  # one code, not per segment
    assert "1 row still needs a decision" in undecided and "'Misc'" in undecided
    assert metric(at, "wizard.errors") == "1"
    assert render("qda.code_unmatched", path="Misc", count=2) in problem_messages(at)
    assert publish_button(at).disabled
    assert versions() == before

    edit(at, "codes", int(row), **decision)
    assert "still need" not in " ".join(shown(at, "warning"))
    assert metric(at, "wizard.errors") == "0"
    assert not publish_button(at).disabled
    publish_button(at).click().run()
    assert not at.exception
    published = active()["interview_codes"]
    assert sorted(published["code"]) == sorted(["funding_shortage", expected_code, expected_code])
    if decision["action"] == "new":
        store = Store(DuckDBEngine(Path(os.environ["ATLAS_DUCKDB_PATH"])))
        try:
            added = store.engine.read("SELECT code, theme, label_ru FROM vocabulary_additions")
        finally:
            store.engine.close()
        assert added.to_dict("records") == [
            {"code": "misc", "theme": "challenge", "label_ru": "Прочие трудности"}
        ]


def test_an_undecided_document_blocks_publishing_until_it_is_skipped(editor_env):
    at = signed_in()
    text = UNDECIDED.decode().replace("Interview_10_Nur-Sultan.docx", "notes.docx")
    upload(at, "highlights.csv", text.replace("Misc", "funding").encode())
    units = editor_table(at, "units").value
    row = units.index[units["name"] == "notes.docx"][0]
    assert units.loc[row, "action"] == "unmatched"
    assert "'notes.docx'" in " ".join(shown(at, "warning"))
    assert publish_button(at).disabled
    edit(at, "units", int(row), action="skip")
    assert not publish_button(at).disabled
    publish_button(at).click().run()
    assert Counter(active()["interview_codes"]["respondent_id"]) == {"R03": 2}


# --- the choices are remembered for the project --------------------------------------------


def test_the_saved_mapping_is_reused_for_the_next_export_of_the_project(editor_env):
    at = signed_in()
    upload(at, "segments.xlsx", (FILES / "maxqda-coded-segments.xlsx").read_bytes())
    assert translate("wizard.qda.saved_next_time") in [c.value for c in at.caption]
    codes = editor_table(at, "codes").value
    zoom = int(codes.index[codes["path"] == "Digital tools \\ Zoom"][0])
    edit(at, "codes", zoom, action="skip")
    publish_button(at).click().run()
    expected = maxqda_expected(FILES / "maxqda-coded-segments.xlsx")
    expected["R24"] -= 1  # the Zoom segment
    assert Counter(active()["interview_codes"]["respondent_id"]) == +expected

    # The same project exported again, as CSV this time: one click, the same choices.
    at = signed_in()
    upload(at, "segments.csv", (FILES / "maxqda-coded-segments.csv").read_bytes())
    reused = " ".join(shown(at, "info"))
    assert "The mapping saved on" in reused and "for this project is reused" in reused
    codes = editor_table(at, "codes").value
    assert codes.loc[codes["path"] == "Digital tools \\ Zoom", "action"].tolist() == ["skip"]
    assert (codes["why"] == render("qda.reason.saved")).all()
    publish_button(at).click().run()
    assert not at.exception
    assert Counter(active()["interview_codes"]["respondent_id"]) == +expected


# --- the format can be changed; bad files change nothing ------------------------------------


def test_a_wrong_format_is_refused_with_its_reason_and_a_table_path_remains(editor_env):
    at = signed_in()
    before = versions()
    upload(at, "segments.csv", (FILES / "maxqda-coded-segments.csv").read_bytes())
    chooser = next(s for s in at.selectbox if s.key and s.key.startswith("up_qda_format_"))
    chooser.set_value("taguette_highlights").run()
    errors = " ".join(shown(at, "error"))
    assert "needs the column(s) 'document', 'tag', 'content'" in errors
    assert "Nothing was changed" in errors
    assert not [b for b in at.button if b.label == translate("wizard.publish")]
    chooser = next(s for s in at.selectbox if s.key and s.key.startswith("up_qda_format_"))
    chooser.set_value("table").run()  # none of these: the plain table path with its columns
    assert f"3. {translate('wizard.step.map')}" in " ".join(m.value for m in at.markdown)
    assert versions() == before


@pytest.mark.parametrize(
    "name",
    [
        "zip bomb.qdpx",
        "path traversal.qdpx",
        "billion laughs.qdpx",
        "external entity.qdpx",
        "bare entity.qde",
        "empty project.qdpx",
    ],
)
def test_hostile_and_broken_projects_are_refused_in_the_wizard(name, editor_env):
    content, why = HOSTILE_FILES[name]
    at = signed_in()
    before = versions()
    upload(at, name, content() if callable(content) else content)
    errors = " ".join(shown(at, "error"))
    assert why in errors and "Nothing was changed" in errors
    assert not [b for b in at.button if b.label == translate("wizard.publish")]
    assert versions() == before


def test_a_file_named_qdpx_that_is_no_zip_says_so(editor_env):
    at = signed_in()
    upload(at, "project.qdpx", b"PK\x03\x04 not really a zip")
    assert "it is not a zip archive" in " ".join(shown(at, "error"))


def test_the_wizard_speaks_the_users_language(editor_env, monkeypatch):
    # AppTest formats a selectbox's value in the test's own thread, where the session's language
    # is not known: the language is pinned for both sides.
    monkeypatch.setattr("components.i18n.language", lambda: "ru")
    at = signed_in(language="ru")
    upload(at, "highlights.csv", (FILES / "taguette-highlights.csv").read_bytes())
    assert any(
        text.startswith("Похоже, это экспорт выделений Taguette") for text in shown(at, "info")
    )
    assert "2 выделения без тега пропущены (строки 5, 12)" in " ".join(shown(at, "warning"))
    assert translate("wizard.qda.step.match", "ru") in " ".join(m.value for m in at.markdown)
    why = editor_table(at, "units").value["why"]
    assert why.str.contains("в названии номер").all()


# --- the interview data as a .qdpx ---------------------------------------------------------


def test_viewers_can_download_the_interview_data_as_qdpx(editor_env):
    at = open_data_page()
    assert translate("data.download_qdpx") in [b.label for b in at.get("download_button")]


def test_public_viewers_get_no_qdpx_but_signed_in_editors_do(editor_env, monkeypatch):
    monkeypatch.setenv("ATLAS_PUBLIC", "1")
    at = open_data_page()
    assert translate("data.download_qdpx") not in [b.label for b in at.get("download_button")]
    at = signed_in()
    assert translate("data.download_qdpx") in [b.label for b in at.get("download_button")]
