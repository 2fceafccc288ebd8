"""Coded interviews from QDA tools (#15): every example export (tests/files/qda/, written the way
Taguette, QualCoder, MAXQDA and REFI-QDA projects are) is recognised by its content and published
through the command line with the counts the file itself gives — counted here with the csv module,
openpyxl and ElementTree, never by the code under test. Hostile projects are refused with a clear
message and nothing changes; the .qdpx round trip gives the same rows."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from atlas import migrations, qda
from atlas.qda import saved
from atlas.qda.mapping import match_theme, name_similarity
from atlas.qda.safety import decode_text, unsafe_name
from atlas.seed import seed
from atlas.store import DuckDBEngine, Store

from .conftest import DATA_DIR, ROOT, run_cli

FILES = ROOT / "tests" / "files" / "qda"
NS = "{urn:QDA-XML:project:1.0}"


# --- counting the example files independently ------------------------------------------------


def _csv_rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def _xlsx_rows(path: Path) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True).worksheets[0]
    values = [
        [("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    return [dict(zip(values[0], row, strict=False)) for row in values[1:]]


def _rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    return _xlsx_rows(path) if path.suffix == ".xlsx" else _csv_rows(path, delimiter)


# What a researcher decides for each document of the examples: its respondent.
TAGUETTE_PEOPLE = {
    "Interview_03_Almaty.docx": "R03",
    "Interview_10_Nur-Sultan.docx": "R10",
    "interview 18 Shymkent.odt": "R18",
    "Int_22_Karaganda.txt": "R22",
    "Интервью_29_Семей.docx": "R29",
}
QUALCODER_PEOPLE = {
    "Интервью 09 (Нур-Султан).txt": "R09",
    "interview_16_shymkent.docx": "R16",
    "R31 Павлодар.txt": "R31",
}
MAXQDA_PEOPLE = {
    "Интервью 05": "R05",
    "Интервью 17": "R17",
    "Интервью 24": "R24",
    "Interview 33 Oral": "R33",
}


def taguette_expected(path: Path) -> Counter:
    """One excerpt per (highlight, tag); untagged highlights and Taguette's review tag
    'interesting' are not codes."""
    return Counter(
        TAGUETTE_PEOPLE[row["document"]]
        for row in _rows(path)
        if row["tag"].strip() and row["tag"] != "interesting"
    )


def qualcoder_expected(path: Path) -> Counter:
    """Text codings only (ids ctid:N); image and a/v codings are not text."""
    return Counter(
        QUALCODER_PEOPLE[row["File"]] for row in _rows(path) if row["Id"].startswith("ctid:")
    )


def maxqda_expected(path: Path) -> Counter:
    """Every segment row; a repeated header row is no segment."""
    return Counter(
        MAXQDA_PEOPLE[row["Document name"]]
        for row in _rows(path, ";")
        if row["Document name"] != "Document name"
    )


def qdpx_expected(path: Path) -> tuple[Counter, int]:
    """(codings of text selections per case, number of cases), from project.qde."""
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("project.qde"))
    owner = {}
    for case in root.iter(f"{NS}Case"):
        for ref in case.iter(f"{NS}SourceRef"):
            owner[ref.get("targetGUID")] = case.get("name")
    counts = Counter()
    for source in root.iter(f"{NS}TextSource"):
        for selection in source.iter(f"{NS}PlainTextSelection"):
            counts[owner[source.get("guid")]] += len(selection.findall(f"{NS}Coding"))
    return counts, len(list(root.iter(f"{NS}Case")))


EXAMPLES = {
    "taguette-highlights.csv": ("taguette_highlights", taguette_expected),
    "taguette-highlights.xlsx": ("taguette_highlights", taguette_expected),
    "qualcoder-coded-text.csv": ("qualcoder_coded_text", qualcoder_expected),
    "maxqda-coded-segments.csv": ("maxqda_coded_segments", maxqda_expected),
    "maxqda-coded-segments.xlsx": ("maxqda_coded_segments", maxqda_expected),
}


# --- a seeded database per test, copied from one made once ------------------------------------


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("qda") / "template.duckdb"
    assert run_cli("versions", "events", db=db).returncode == 0  # seeds the bundled data
    return db


@pytest.fixture
def db(seeded_template, tmp_path) -> Path:
    copy = tmp_path / "atlas.duckdb"
    shutil.copy(seeded_template, copy)
    return copy


def active(db: Path) -> dict[str, pd.DataFrame]:
    store = Store(DuckDBEngine(db))
    try:
        return {
            name: store.frame(name, info.version)
            for name, info in store.active_versions().items()
            if name in ("respondents", "interview_codes")
        }
    finally:
        store.engine.close()


def versions(db: Path) -> dict[str, int]:
    store = Store(DuckDBEngine(db))
    try:
        return {name: info.version for name, info in store.active_versions().items()}
    finally:
        store.engine.close()


# --- the command line, one example at a time ---------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_table_export_publishes_its_segments_through_the_command_line(name, db):
    format_id, expected = EXAMPLES[name]
    before = versions(db)
    done = run_cli("import", str(FILES / name), db=db)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"This looks like {qda.messages.render(f'qda.format.{format_id}')}" in done.stderr
    codes = active(db)["interview_codes"]
    assert Counter(codes["respondent_id"]) == expected(FILES / name)
    after = versions(db)
    assert after["interview_codes"] == before["interview_codes"] + 1
    assert after["respondents"] == before["respondents"]  # a table export names no respondents
    assert codes["theme"].notna().all() and codes["code"].notna().all()


def test_the_qdpx_example_publishes_cases_and_codings_together(db):
    before = versions(db)
    done = run_cli("import", str(FILES / "refi-project.qdpx"), db=db)
    assert done.returncode == 0, done.stdout + done.stderr
    expected, cases = qdpx_expected(FILES / "refi-project.qdpx")
    data = active(db)
    assert len(data["respondents"]) == cases
    assert Counter(data["interview_codes"]["respondent_id"]) == expected
    after = versions(db)
    assert (after["respondents"], after["interview_codes"]) == (
        before["respondents"] + 1,
        before["interview_codes"] + 1,
    )
    store = Store(DuckDBEngine(db))
    try:
        group = store.engine.read(
            "SELECT DISTINCT publish_id FROM atlas_versions WHERE dataset IN"
            " ('respondents', 'interview_codes') AND version > 1"
        )
    finally:
        store.engine.close()
    assert len(group) == 1 and group.iloc[0, 0]  # one transaction: one publish group
    people = data["respondents"].set_index("respondent_id")
    assert (
        people.loc["P02", "city"] == "Shymkent"
        and people.loc["P02", "org_type"] == "informal_initiative"
    )
    assert str(people.loc["P01", "interview_date"])[:10] == "2021-06-14"
    assert "1 coding of an image, audio or video was skipped" in done.stdout


def test_warnings_of_the_awkward_parts_are_shown_and_never_block(db):
    done = run_cli("import", str(FILES / "taguette-highlights.csv"), db=db)
    assert "warning: 2 highlights have no tag and were skipped (lines 5, 12)" in done.stdout
    done = run_cli("validate", str(FILES / "maxqda-coded-segments.csv"), db=db)
    assert done.returncode == 0 and "1 repeated header row was dropped (line 9)" in done.stdout
    done = run_cli("validate", str(FILES / "qualcoder-coded-text.csv"), db=db)
    assert (
        done.returncode == 0 and "1 coding of an image, audio or video was skipped" in done.stdout
    )


def test_the_same_export_twice_is_refused_and_changes_nothing(db):
    assert run_cli("import", str(FILES / "taguette-highlights.csv"), db=db).returncode == 0
    before = versions(db)
    again = run_cli("import", str(FILES / "taguette-highlights.csv"), db=db)
    assert again.returncode == 1 and "already published" in again.stderr
    assert versions(db) == before


def test_a_codebook_alone_has_nothing_to_publish(db):
    before = versions(db)
    done = run_cli("import", str(FILES / "qualcoder-codebook.qdc"), db=db)
    assert done.returncode == 1
    assert "a codebook without coded segments" in done.stderr
    assert versions(db) == before


def test_an_edited_mapping_file_is_used_and_then_remembered_for_the_project(db, tmp_path):
    export = FILES / "maxqda-coded-segments.xlsx"
    mapping_file = tmp_path / "mapping.json"
    done = run_cli("import", str(export), "--write-mapping", str(mapping_file), db=db)
    assert done.returncode == 0 and mapping_file.exists()
    mapping = json.loads(mapping_file.read_text(encoding="utf-8"))
    assert {u["name"]: u["respondent_id"] for u in mapping["units"]} == MAXQDA_PEOPLE
    # The editor skips one code and sends one document to another respondent.
    for code in mapping["codes"]:
        if code["path"] == ["Digital tools", "Zoom"]:
            code["action"] = "skip"
    for unit in mapping["units"]:
        if unit["name"] == "Interview 33 Oral":
            unit["respondent_id"] = "R34"
    mapping_file.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    done = run_cli("import", str(export), "--mapping", str(mapping_file), db=db)
    assert done.returncode == 0, done.stdout + done.stderr
    expected = maxqda_expected(export)
    expected["R24"] -= 1  # the Zoom segment
    expected["R34"], expected["R33"] = expected.pop("R33"), 0
    published = Counter(active(db)["interview_codes"]["respondent_id"])
    assert published == +expected
    # The CSV export of the same project: the saved mapping is reused without --mapping.
    done = run_cli("import", str(FILES / "maxqda-coded-segments.csv"), db=db)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the mapping saved on" in done.stderr
    assert Counter(active(db)["interview_codes"]["respondent_id"]) == +expected
    # ...unless asked to propose afresh.
    done = run_cli(
        "validate", str(FILES / "maxqda-coded-segments.csv"), "--no-saved-mapping", db=db
    )
    assert "code 'Digital tools \\ Zoom' → digital_tool/zoom" in done.stderr


HOSTILE_XML = {
    "billion laughs": (
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<Project xmlns="urn:QDA-XML:project:1.0" name="&c;"/>',
        "declares a document type (DOCTYPE)",
    ),
    "external entity": (
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>',
        "declares a document type (DOCTYPE)",
    ),
    "undeclared entity": (
        b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>',
        "declares or uses XML entities",
    ),
    "not XML": (b"this is no project", "is not well-formed XML"),
}


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


VALID_QDE = b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"></Project>'
HOSTILE_FILES = {
    **{
        f"{name}.qdpx": (_zip([("project.qde", xml)]), why)
        for name, (xml, why) in HOSTILE_XML.items()
    },
    "zip bomb.qdpx": (
        lambda: _zip([("project.qde", VALID_QDE[:-10] + b" " * (40 * 2**20) + b"</Project>")]),
        "a 'zip bomb'",
    ),
    "path traversal.qdpx": (
        _zip([("project.qde", VALID_QDE), ("../../../tmp/evil.txt", b"x")]),
        "which points outside the project",
    ),
    "absolute path.qdpx": (
        _zip([("project.qde", VALID_QDE), ("/etc/cron.d/x", b"x")]),
        "outside the project",
    ),
    "bare entity.qde": (HOSTILE_XML["billion laughs"][0], "declares a document type (DOCTYPE)"),
    "no project.qdpx": (_zip([("notes.txt", b"hello")]), "is not an export of a QDA tool"),
    "broken.qdpx": (b"PK\x03\x04 not really a zip", "is not an export of a QDA tool"),
    "empty project.qdpx": (_zip([("project.qde", VALID_QDE)]), "holds no coded text segments"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_and_broken_projects_are_refused_and_change_nothing(name, db, tmp_path):
    content, why = HOSTILE_FILES[name]
    path = tmp_path / name
    path.write_bytes(content() if callable(content) else content)
    before = versions(db)
    done = run_cli("import", str(path), db=db)
    assert done.returncode == 1, done.stdout + done.stderr
    assert why in done.stderr
    assert versions(db) == before


def test_bad_mapping_files_are_refused_with_their_reason(db, tmp_path):
    export = str(FILES / "taguette-highlights.csv")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "taguette_highlights", "units": [', encoding="utf-8")
    done = run_cli("import", export, "--mapping", str(broken), db=db)
    assert done.returncode == 1 and "the mapping file is not valid JSON (line 1" in done.stderr
    other = tmp_path / "other.json"
    other.write_text('{"format": "maxqda_coded_segments"}', encoding="utf-8")
    done = run_cli("import", export, "--mapping", str(other), db=db)
    assert done.returncode == 1 and "the mapping file is for maxqda_coded_segments" in done.stderr
    wrong = tmp_path / "wrong.json"
    wrong.write_text(
        json.dumps(
            {
                "format": "taguette_highlights",
                "units": [{"name": "Interview_03_Almaty.docx", "action": "unmatched"}],
                "codes": [{"path": ["funding"], "theme": "challenge", "code": "no_such_code"}],
            }
        ),
        encoding="utf-8",
    )
    before = versions(db)
    done = run_cli("import", export, "--mapping", str(wrong), db=db)
    assert done.returncode == 1
    assert "'Interview_03_Almaty.docx' (3 segments) has no respondent" in done.stdout
    assert (
        "sends 'funding' to challenge/no_such_code, which is not in the vocabulary" in done.stdout
    )
    assert versions(db) == before


def test_a_format_forced_on_the_wrong_file_names_the_missing_columns(db):
    before = versions(db)
    done = run_cli(
        "import", str(FILES / "maxqda-coded-segments.csv"), "--format", "taguette_highlights", db=db
    )
    assert done.returncode == 1
    assert (
        "a Taguette highlights export needs the column(s) 'document', 'tag', 'content'"
        in done.stderr
    )
    assert versions(db) == before


def test_a_table_that_is_no_qda_export_asks_for_its_dataset(db, tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_text("respondent_id,city\nR01,Almaty\n", encoding="utf-8")
    done = run_cli("import", str(plain), db=db)
    assert done.returncode == 1 and "--dataset NAME" in done.stderr


def test_qdpx_round_trip_gives_the_same_rows(db, tmp_path):
    assert run_cli("import", str(FILES / "refi-project.qdpx"), db=db).returncode == 0
    first = active(db)
    exported = tmp_path / "back.qdpx"
    assert run_cli("export-qdpx", "-o", str(exported), db=db).returncode == 0
    expected, cases = qdpx_expected(exported)
    assert cases == len(first["respondents"])
    assert sum(expected.values()) == len(first["interview_codes"])
    done = run_cli("import", str(exported), db=db)
    assert done.returncode == 0, done.stdout + done.stderr
    second = active(db)
    columns = ["respondent_id", "theme", "code", "period", "excerpt", "language", "intensity"]
    assert first["interview_codes"][columns].equals(second["interview_codes"][columns])
    people = [c for c in first["respondents"].columns if c != "source_line"]
    assert first["respondents"][people].equals(second["respondents"][people])


# --- detection by content ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "format_id", "described"),
    [
        (
            "taguette-highlights.csv",
            "taguette_highlights",
            "This looks like a Taguette highlights export",
        ),
        (
            "taguette-highlights.xlsx",
            "taguette_highlights",
            "This looks like a Taguette highlights export",
        ),
        ("qualcoder-coded-text.csv", "qualcoder_coded_text", "coding ids like 'ctid:1'"),
        ("maxqda-coded-segments.csv", "maxqda_coded_segments", "code paths like 'Трудности\\"),
        ("maxqda-coded-segments.xlsx", "maxqda_coded_segments", "This looks like a MAXQDA"),
        ("refi-project.qdpx", "refi_qdpx", "a project.qde in the archive"),
        ("qualcoder-codebook.qdc", "refi_qdc", "This looks like a REFI-QDA codebook"),
    ],
)
def test_formats_are_recognised_by_content_not_by_name(name, format_id, described):
    data = (FILES / name).read_bytes()
    for filename in (name, "export", "upload.csv"):
        detection = qda.detect(data, filename)
        assert detection is not None and detection.format_id == format_id
    assert described in detection.describe()


@pytest.mark.parametrize(
    "text",
    [
        "respondent_id,city\nR01,Almaty\n",
        "Document name;Code;Segment\nR01;Challenge\\Funding;x\n",  # no other MAXQDA column
        "id,tag\n1,x\n",
    ],
)
def test_plain_tables_are_not_taken_for_qda_exports(text):
    assert qda.detect(text.encode(), "x.csv") is None


# --- readers ---------------------------------------------------------------------------------


def test_qualcoder_categories_are_read_root_first_and_a_case_report_keeps_its_cases():
    project = qda.read((FILES / "qualcoder-coded-text.csv").read_bytes(), "q.csv")
    paths = set(project.segments["code_path"])
    assert ("Трудности", "Финансирование", "Гранты заморожены") in paths
    assert ("Цифровые инструменты", "Платформы", "Telegram") in paths
    assert project.documents["R31 Павлодар.txt"] == {"Город": "Павлодар"}
    by_case = (
        '"Case","Filename","Coder","Coded","Id","Codename","Coded_Memo","Category","CaseVar_Город"\r\n'
        '"R07","a.txt","anna","Мы ушли в онлайн","ctid:4","Переход в онлайн","","Адаптация","Алматы"\r\n'
    )
    project = qda.read(by_case.encode("utf-8-sig"), "report.csv")
    assert project.format_id == "qualcoder_coded_text"
    assert [(c.name, c.documents, c.attributes) for c in project.cases] == [
        ("R07", ["a.txt"], {"Город": "Алматы"})
    ]


def test_maxqda_paths_line_ends_and_weights():
    project = qda.read((FILES / "maxqda-coded-segments.csv").read_bytes(), "m.csv")
    segments = project.segments
    assert ("Цифровые инструменты", "Мессенджеры", "Telegram") in set(segments["code_path"])
    two_paragraphs = segments[segments["memo"] == "два абзаца"].iloc[0]
    assert "\r" not in two_paragraphs["excerpt"] and two_paragraphs["excerpt"].count("\n") == 1
    assert set(segments["weight"]) == {"0", "2", "3"}


def test_taguette_multi_tag_highlights_are_one_segment_per_tag():
    project = qda.read((FILES / "taguette-highlights.csv").read_bytes(), "t.csv")
    twelve = project.segments[project.segments["segment_id"] == "12"]
    assert sorted(twelve["code_path"]) == [("burnout",), ("interesting",)]
    assert ("challenges", "repression") in set(project.segments["code_path"])


def test_qdpx_excerpts_are_cut_from_the_source_texts_whatever_their_line_ends():
    project = qda.read((FILES / "refi-project.qdpx").read_bytes(), "p.qdpx")
    from scripts.make_qda_examples import EXCERPTS

    quotes = {q for pool in EXCERPTS.values() for q in pool}
    assert set(project.segments["excerpt"]) <= quotes
    assert project.segments["excerpt"].str.len().min() > 10
    p03 = next(c for c in project.cases if c.name == "P03")
    assert p03.documents == ["P03 session 1.txt", "P03 session 2.txt"]
    assert p03.attributes["Interview date"] == "2021-07-20"


# --- mapping proposals -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def vocabulary():
    from atlas import resources

    return resources.vocabulary(DATA_DIR)


@pytest.fixture(scope="module")
def gazetteer():
    from atlas import resources

    return resources.gazetteer(DATA_DIR)


KNOWN = pd.DataFrame(
    {
        "respondent_id": ["R03", "R05", "R17", "R31", "R33"],
        "city": ["Almaty", "Almaty", "Shymkent", "Pavlodar", "Oral"],
    }
)


def _project(documents: dict[str, dict[str, str]], paths=()) -> qda.QdaProject:
    from atlas.qda.model import segments_frame

    rows = [{"line": 2, "document": d, "code_path": ("x",)} for d in documents]
    rows += [{"line": 3, "document": next(iter(documents)), "code_path": p} for p in paths]
    return qda.QdaProject(
        "maxqda_coded_segments", "f", "0", segments_frame(rows), documents=documents
    )


@pytest.mark.parametrize(
    ("document", "attributes", "respondent", "action"),
    [
        ("Interview_03_Almaty.docx", {}, "R03", "map"),
        ("R31 Павлодар.txt", {}, "R31", "map"),
        ("r05", {}, "R05", "map"),
        ("Интервью 17", {"Document group": "Шымкент"}, "R17", "map"),
        ("interview 33", {}, "R33", "map"),
        ("Interview 05 Shymkent", {}, "R05", "unmatched"),  # R05 lives in Almaty
        ("Interview 7", {}, "", "unmatched"),
        ("notes.docx", {"Respondent": "R17"}, "R17", "map"),
    ],
)
def test_documents_are_matched_to_respondents(
    document, attributes, respondent, action, vocabulary, gazetteer
):
    mapping = qda.propose_mapping(
        _project({document: attributes}),
        vocabulary=vocabulary,
        gazetteer=gazetteer,
        respondents=KNOWN,
    )
    (unit,) = mapping.units
    assert (unit.respondent_id, unit.action) == (respondent, action)


@pytest.mark.parametrize(
    ("path", "theme", "code", "action"),
    [
        (("Challenges", "Funding"), "challenge", "funding_shortage", "map"),
        (("Трудности", "Выгорание сотрудников"), "challenge", "staff_burnout", "map"),
        (("Қиындықтар", "Қаржының жетіспеуі"), "challenge", "funding_shortage", "map"),
        (("Digital tools", "Messengers", "Telegram"), "digital_tool", "telegram", "map"),
        (("state communication",), "challenge", "government_communication", "map"),
        (
            ("Трудности", "Финансирование", "Гранты заморожены"),
            "challenge",
            "funding_shortage",
            "map",
        ),
        (("Challenges", "Bureaucracy"), "challenge", "bureaucracy", "keep"),
        (("online",), "", "", "unmatched"),  # Moved online or Online fundraising: the editor says
        (("Misc",), "", "", "unmatched"),
    ],
)
def test_code_paths_are_matched_to_the_vocabulary(path, theme, code, action, vocabulary, gazetteer):
    mapping = qda.propose_mapping(
        _project({"d": {}}, [path]), vocabulary=vocabulary, gazetteer=gazetteer
    )
    choice = next(c for c in mapping.codes if c.path == path)
    assert choice.action == action
    if action != "unmatched":
        assert (choice.theme, choice.code) == (theme, code)
        assert 0 < choice.score <= 1


def test_themes_and_names_match_across_inflection(vocabulary):
    assert match_theme("Challenges", vocabulary)[0] == "challenge"
    assert match_theme("Цифровые инструменты", vocabulary)[0] == "digital_tool"
    assert name_similarity("Финансирование", "Нехватка финансирования") >= 0.85
    assert name_similarity("Misc", "Zoom") < 0.5


def test_mapping_edits_and_json_round_trip(vocabulary, gazetteer):
    project = qda.read((FILES / "taguette-highlights.csv").read_bytes(), "t.csv")
    mapping = qda.propose_mapping(
        project, vocabulary=vocabulary, gazetteer=gazetteer, respondents=KNOWN
    )
    codes = mapping.codes_frame()
    codes.loc[codes["path"] == "funding", ["theme", "code", "action"]] = [
        "challenge",
        "no_state_support",
        "map",
    ]
    silence = codes["path"] == "state communication"
    codes.loc[silence, ["code", "action", "label_en", "label_ru", "label_kk"]] = [
        "state_silence",
        "new",
        "Silence of the state",
        "Молчание государства",
        "Мемлекеттің үнсіздігі",
    ]
    units = mapping.units_frame()
    units.loc[units["name"] == "Int_22_Karaganda.txt", ["respondent_id", "action"]] = ["", "skip"]
    edited = mapping.with_edits(units, codes)
    again = qda.from_json(edited.to_json())
    funding = next(c for c in again.codes if c.path == ("funding",))
    karaganda = next(u for u in again.units if u.name == "Int_22_Karaganda.txt")
    assert (funding.code, funding.action, karaganda.action) == ("no_state_support", "map", "skip")
    silence = next(c for c in again.codes if c.path == ("state communication",))
    assert (silence.theme, silence.code, silence.action) == ("challenge", "state_silence", "new")
    assert silence.labels["ru"] == "Молчание государства"
    assert next(c for c in mapping.codes if c.path == ("funding",)).code == "funding_shortage"


def test_a_short_mapping_file_changes_only_what_it_names(seeded, vocabulary, gazetteer):
    project = qda.read((FILES / "refi-project.qdpx").read_bytes(), "p.qdpx")
    given = qda.from_json(
        '{"format": "refi_qdpx", "codes": [{"path": ["Challenges", "Bureaucracy"], "action": "skip"}],'
        ' "units": [{"name": "P05", "respondent_id": "R40"}]}'
    )
    mapping = qda.prepare_mapping(
        project, seeded, vocabulary=vocabulary, gazetteer=gazetteer, given=given
    )
    assert mapping.cases_as_respondents is True  # the file does not say otherwise
    assert (
        next(c for c in mapping.codes if c.path == ("Challenges", "Bureaucracy")).action == "skip"
    )
    assert next(u for u in mapping.units if u.name == "P05").respondent_id == "R40"
    assert next(u for u in mapping.units if u.name == "P01").respondent_id == "P01"
    assert [n.message_id for n in mapping.notes] == ["qda.mapping_filled"]


# --- the store: saved mappings, new codes, the migration ---------------------------------------


@pytest.fixture
def seeded(store):
    seed(store, DATA_DIR)
    return store


def test_a_saved_mapping_is_found_for_the_next_export_of_the_project(seeded, vocabulary, gazetteer):
    data = (FILES / "maxqda-coded-segments.xlsx").read_bytes()
    project = qda.read(data, "m.xlsx")
    mapping = qda.prepare_mapping(project, seeded, vocabulary=vocabulary, gazetteer=gazetteer)
    assert not any(n.message_id == "qda.mapping_saved_from" for n in mapping.notes)
    mapping.codes[0].action = "skip"
    saved.remember_mapping(seeded, mapping, "anna")
    saved.remember_mapping(seeded, mapping, "anna")  # saving again replaces
    # A later export of the same project with one code more: the codebook overlaps.
    later = qda.read(data, "m.xlsx")
    extra = later.segments.iloc[[0]].assign(code_path=[("Трудности", "Новый код")])
    later.segments = pd.concat([later.segments, extra], ignore_index=True)
    again = qda.prepare_mapping(later, seeded, vocabulary=vocabulary, gazetteer=gazetteer)
    assert any(n.message_id == "qda.mapping_saved_from" for n in again.notes)
    assert next(c for c in again.codes if c.path == mapping.codes[0].path).action == "skip"
    assert next(c for c in again.codes if c.path == ("Трудности", "Новый код")).source == "proposed"


def test_new_codes_are_added_to_the_vocabulary_by_editors_only(seeded, vocabulary, gazetteer):
    project = qda.read((FILES / "refi-project.qdpx").read_bytes(), "p.qdpx")
    mapping = qda.prepare_mapping(project, seeded, vocabulary=vocabulary, gazetteer=gazetteer)
    bureaucracy = next(c for c in mapping.codes if c.path == ("Challenges", "Bureaucracy"))
    bureaucracy.action, bureaucracy.code = "new", "bureaucracy"
    bureaucracy.labels = {"en": "Bureaucracy", "ru": "Бюрократия", "kk": "Бюрократия"}
    viewer = qda.check(
        project,
        mapping,
        store=seeded,
        gazetteer=gazetteer,
        vocabulary=vocabulary,
        allow_new_codes=False,
    )
    assert [p.message_id for p in viewer.errors] == ["qda.new_code_needs_editor"]
    result = qda.check(project, mapping, store=seeded, gazetteer=gazetteer, vocabulary=vocabulary)
    assert result.errors == [] and not [
        p for p in result.warnings if getattr(p, "kind", "") == "unknown-code"
    ]
    qda.publish(seeded, result, author="editor")
    extended = saved.extended_vocabulary(seeded, vocabulary)
    assert extended.canonical("code", "Бюрократия") == "bureaucracy"
    assert extended.themes_of()["bureaucracy"] == "challenge"
    assert vocabulary.canonical("code", "bureaucracy") is None  # the file's vocabulary unchanged


def test_a_database_of_the_previous_release_gets_the_qda_tables(tmp_path):
    engine = DuckDBEngine(tmp_path / "old.duckdb")
    for migration in migrations.MIGRATIONS[:4]:
        with engine.transaction() as tx:
            migrations._apply(tx, engine.dialect, migration)
    assert migrations.migrate(engine) == [5]
    with engine.transaction() as tx:
        assert {
            "fingerprint",
            "format_id",
            "project",
            "code_keys",
            "mapping",
        } <= migrations.columns_of(tx, "qda_mappings")
        assert {"theme", "code", "label_kk"} <= migrations.columns_of(tx, "vocabulary_additions")
    engine.close()


# --- the guards themselves ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "unsafe"),
    [
        ("sources/a.txt", False),
        ("project.qde", False),
        ("Sources/Интервью 1.txt", False),
        ("../a.txt", True),
        ("sources/../../a.txt", True),
        ("/etc/passwd", True),
        ("C:/Windows/x", True),
        ("sources\\..\\..\\x", True),
        ("a\x00b", True),
    ],
)
def test_archive_names_that_leave_the_project_are_unsafe(name, unsafe):
    assert unsafe_name(name) is unsafe


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Алматы".encode(), "Алматы"),
        (b"\xef\xbb\xbf" + "Алматы".encode(), "Алматы"),
        ("Алматы".encode("utf-16"), "Алматы"),
        ("Алматы".encode("cp1251"), None),  # never guessed into mojibake
    ],
)
def test_source_texts_are_utf8_or_utf16_or_nothing(data, text):
    assert decode_text(data) == text


def test_every_qda_message_renders():
    import re

    from atlas.qda.messages import MESSAGES, render

    for message_id, text in MESSAGES.items():
        sample = text["other"] if isinstance(text, dict) else text
        names = set(re.findall(r"{(\w+)", sample))
        values = {name: 1 if name in ("count", "score") else "x" for name in names}
        assert render(message_id, **values)
