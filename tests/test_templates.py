"""Templates and data dictionaries (CSV and Excel), and undoing the export's formula guard."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from atlas import templates
from atlas.contract import DATASETS, prepare
from atlas.export import neutralise, to_csv_bytes, unguard
from atlas.i18n import translate
from atlas.ingest import read_table

from .test_app_pages import open_data_page

# --- unguard ---

TRICKY = [
    "=1+1",
    '=HYPERLINK("http://x","click")',
    "+7 701 000 00 00",
    "-5",
    "-3+A1",
    "@user",
    "@SUM(A1)",
    "\tindented",
    "\rcarriage",
    "'quoted'",
    "'Alga' party",
    "'",
    "''",
    "",
    "plain",
    "Алматы",
    "=Өскемен",
    "-Қазақстан",
    "Нур-Султан",
    "a=b",
]


@pytest.mark.parametrize("value", TRICKY)
def test_unguard_undoes_neutralise(value):
    assert unguard(neutralise(value)) == value


@pytest.mark.parametrize("value", [None, 5, -5, 1.5, pd.NA])
def test_unguard_leaves_non_text_alone(value):
    assert unguard(value) is value


def test_unguard_keeps_an_apostrophe_before_ordinary_text():
    assert unguard("'Alga' party") == "'Alga' party"
    assert unguard("'Алматы") == "'Алматы"
    assert unguard("'=1+1") == "=1+1"
    assert unguard("'\tx") == "\tx"


def test_unguard_undoes_the_guard_of_an_exported_csv():
    values = [v for v in TRICKY if "\r" not in v]  # CSV readers turn a lone CR into a line end
    data = to_csv_bytes(pd.DataFrame({"city": values}))
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["city"].map(unguard).tolist() == values


# --- data dictionary ---

CODE = re.compile(r"(?:^|, |; |: )([^\s,;:()]+) \(")


def listed_codes(text: str) -> list[str]:
    return CODE.findall(text)


@pytest.mark.parametrize("name", list(DATASETS))
def test_dictionary_lists_every_column_with_its_required_flag_and_codes(name, vocabulary):
    spec = DATASETS[name]
    table = templates.data_dictionary(spec, vocabulary)
    assert list(table.columns) == list(templates.DICTIONARY_COLUMNS)
    assert sorted(table["column"]) == sorted(spec.column_names)
    assert len(table) == len(spec.columns)
    for row in table.itertuples(index=False):
        column = spec.column(row.column)
        assert row.required == ("yes" if column.required else "no")
        assert row.type and row.description
        if column.vocabulary:
            assert sorted(listed_codes(row[3])) == sorted(vocabulary.codes(column.vocabulary))
        else:
            assert row[3] == ""
    assert table.equals(templates.data_dictionary(name, vocabulary))  # by name or by spec


def test_dictionary_shows_labels_types_and_interview_codes_by_theme(vocabulary):
    actions = templates.data_dictionary("diaspora_actions", vocabulary).set_index("column")
    assert "rally (Rally)" in actions.at["action_type", "allowed values"]
    assert actions.at["date", "type"] == "date: 2022-01-05 or 05.01.2022"
    assert actions.at["participants", "type"] == "whole number ≥ 0"
    assert actions.at["source_url", "type"] == "web address (http/https)"
    assert actions.at["action_type", "type"] == "one code"
    assert actions.at["platform", "type"] == "several codes separated by ; or |"
    assert actions.at["country", "type"] == "text"

    codes = templates.data_dictionary("interview_codes", vocabulary).set_index("column")
    groups = codes.at["code", "allowed values"].split("; ")
    assert [g.split(": ", 1)[0] for g in groups] == vocabulary.codes("theme")
    for group in groups:
        theme, listed = group.split(": ", 1)
        assert listed_codes(listed) == vocabulary.codes("code", theme)


@pytest.mark.parametrize("name", list(DATASETS))
def test_dictionary_csv_reads_back_as_the_dictionary(name, vocabulary):
    data = templates.dictionary_csv(name, vocabulary)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    expected = templates.data_dictionary(name, vocabulary)
    assert back.map(unguard).values.tolist() == expected.values.tolist()


# --- CSV template ---


@pytest.mark.parametrize("name", list(DATASETS))
def test_csv_template_is_the_header_of_contract_names_required_first(name):
    spec = DATASETS[name]
    data = templates.template_csv(name)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n") and text.count("\n") == 1
    header = text.rstrip("\r\n").split(",")
    assert sorted(header) == sorted(spec.column_names)
    required = [c.name for c in spec.columns if c.required]
    optional = [c.name for c in spec.columns if not c.required]
    assert header == required + optional
    assert templates.required_columns(name) == required


# --- Excel template ---

FILLED = {
    "respondents": {
        "respondent_id": "R01",
        "city": "Almaty",
        "interview_date": dt.date(2021, 6, 14),
    },
    "interview_codes": {"respondent_id": "R01", "theme": "challenge", "code": "funding_shortage"},
    "diaspora_actions": {"date": dt.date(2022, 1, 5), "country": "TR", "action_type": "rally"},
    "events": {
        "date": dt.date(2022, 1, 5),
        "event_type": "protest",
        "title": "Rally",
        "time": "09:30",
    },
    "reported_figures": {
        "date_reported": dt.date(2022, 1, 15),
        "kind": "deaths",
        "value": 225,
        "scope": "nationwide",
        "status": "revised",
    },
    "sources": {
        "source_id": "S1",
        "outlet": "TASS",
        "url": "https://tass.com/world/1383999",
        "kind": "primary",
    },
}


@pytest.mark.parametrize("name", list(DATASETS))
def test_xlsx_template_has_sheets_bold_required_headers_and_drop_downs(name, vocabulary):
    spec = DATASETS[name]
    workbook = load_workbook(io.BytesIO(templates.template_xlsx(name, vocabulary)))
    assert workbook.sheetnames[:2] == ["data", "dictionary"]
    data = workbook["data"]
    assert workbook.worksheets[0] is data  # the sheet an upload reads
    assert data.freeze_panes == "A2"
    header = [cell.value for cell in data[1]]
    assert header == [c.name for c in templates.template_columns(spec)]
    assert data.max_row == 1  # no empty cells below the header
    for cell in data[1]:
        column = spec.column(cell.value)
        assert bool(cell.font.bold) == column.required
        assert (cell.comment is not None and cell.comment.text == "required") == column.required

    letters = {cell.value: cell.column_letter for cell in data[1]}
    lists = {
        str(v.sqref).split(":")[0].rstrip("0123456789"): v
        for v in data.data_validations.dataValidation
        if v.type == "list"
    }
    single = [c for c in spec.columns if c.type == "code" and c.vocabulary]
    assert single and {letters[c.name] for c in single} == set(lists)
    for column in single:
        validation = lists[letters[column.name]]
        sheet, cells = validation.formula1.split("!")
        source = workbook[sheet.strip("'")]
        assert source.sheet_state == "hidden"
        codes = [cell.value for row in source[cells.replace("$", "")] for cell in row]
        assert codes == vocabulary.codes(column.vocabulary)
    for column in spec.columns:
        style = data.column_dimensions[letters[column.name]].number_format
        if column.type == "date":
            assert style == "yyyy-mm-dd"

    dictionary = workbook["dictionary"]
    rows = [[cell.value or "" for cell in row] for row in dictionary.iter_rows()]
    expected = templates.data_dictionary(name, vocabulary)
    assert rows[0] == list(expected.columns)
    assert rows[1:] == expected.values.tolist()


@pytest.mark.parametrize("name", list(DATASETS))
def test_a_filled_xlsx_template_uploads_without_errors(name, vocabulary, gazetteer):
    workbook = load_workbook(io.BytesIO(templates.template_xlsx(name, vocabulary)))
    data = workbook["data"]
    names = [cell.value for cell in data[1]]
    for column, value in FILLED[name].items():
        cell = data.cell(row=2, column=names.index(column) + 1)
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(buffer.getvalue(), f"{name}-template.xlsx")
    assert list(table.frame.columns) == names
    assert not table.problems
    prepared = prepare(name, table.frame, gazetteer=gazetteer, vocabulary=vocabulary)
    assert not prepared.errors, prepared.errors
    for column, value in FILLED[name].items():
        got = prepared.frame.at[0, column]
        assert (pd.Timestamp(got).date() if isinstance(value, dt.date) else got) == value


def test_the_page_catalogue_has_the_template_messages():
    text = translate("data.required_columns", columns="`date`, `title`")
    assert "`date`, `title`" in text
    for key in ("data.template_csv", "data.template_xlsx", "data.dictionary"):
        assert translate(key)


# --- the templates section of /data (AppTest) ---


@pytest.mark.usefixtures("app_env")
def test_data_page_offers_every_template():
    at = open_data_page()
    labels = [b.label for b in at.get("download_button")]
    for key in ("data.template_csv", "data.template_xlsx", "data.dictionary", "data.example"):
        assert labels.count(translate(key)) == len(DATASETS)
    captions = [c.value for c in at.caption]
    for name in DATASETS:
        columns = ", ".join(f"`{c}`" for c in templates.required_columns(name))
        assert translate("data.required_columns", columns=columns) in captions
