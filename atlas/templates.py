"""Blank templates and data dictionaries for each dataset of the contract (CSV and Excel).

Everything here is derived from `atlas.contract.DATASETS` and the vocabulary, so a template can
never disagree with what the upload checks: the header cells are exactly the contract's column
names, required columns first.
"""

from __future__ import annotations

import io

import pandas as pd

from atlas.contract import DATASETS, Column, Dataset
from atlas.export import to_csv_bytes
from atlas.vocabulary import Vocabulary

DICTIONARY_COLUMNS = ("column", "required", "type", "allowed values", "description")

# One line per column, in the user's terms. A column missing here is described by its type.
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "respondents": {
        "respondent_id": "Unique id of the respondent within the dataset, e.g. R01.",
        "city": "City where the respondent works; any spelling the gazetteer knows (Нур-Султан → Astana).",
        "region": "Region of the city; filled from the city when left blank.",
        "org_type": "Kind of organisation the respondent represents.",
        "focus_area": "Areas the respondent works in.",
        "gender": "Gender of the respondent.",
        "age_group": "Age group of the respondent.",
        "interview_date": "Day the interview took place.",
        "interview_mode": "How the interview was held.",
    },
    "interview_codes": {
        "respondent_id": "Id of a respondent in the published respondents dataset.",
        "theme": "Theme the code belongs to.",
        "code": "Code from the vocabulary of that theme; an unknown code is kept with a warning.",
        "period": "Period the excerpt speaks about.",
        "excerpt": "The coded passage, quoted as it is; any text, including line breaks.",
        "language": "Language of the excerpt.",
        "intensity": "How strongly the excerpt expresses the code, from 1 (weak) to 3 (strong).",
    },
    "diaspora_actions": {
        "action_id": "Unique id of the action; generated when left blank.",
        "date": "Day the action took place (the first day, for actions over several days).",
        "end_date": "Last day, for actions over several days; not before the date.",
        "country": "Country where the action took place: name in any language or ISO code (Turkey, Турция, TR).",
        "city": "City where the action took place, for the map.",
        "actor": "Organisation, group or person behind the action.",
        "actor_type": "Kind of actor.",
        "action_type": "Kind of action.",
        "platform": "Where the action took place: offline or the online platforms used.",
        "motivation": "Motivations the actors give.",
        "barriers": "Barriers the actors mention.",
        "participants": "Number of people who took part.",
        "reach": "Followers or views reached.",
        "description": "What happened, in a few sentences.",
        "source_name": "Name of the source the record comes from.",
        "source_url": "Link to that source.",
        "confidence": "How certain the record is, e.g. confirmed or unconfirmed.",
        "date_precision": "How much of the date is known: day, month (date written 2022-01) or year.",
        "organiser_kind": "Who organised it: a diaspora group, individuals from Kazakhstan,"
        " local activists of the host country, officials, or unknown.",
        "other_source_urls": "Further pages on the same action, e.g. re-publications of the source.",
    },
    "events": {
        "event_id": "Unique id of the event; generated when left blank.",
        "date": "Day of the event (the first day, for spans).",
        "end_date": "Last day, for spans such as a state of emergency or an internet shutdown.",
        "time": "Local time of day, when known.",
        "city": "City of the event; blank for nationwide events.",
        "region": "Region of the event; filled from the city when left blank.",
        "event_type": "Kind of event.",
        "title": "Short title of the event.",
        "description": "What happened, in a few sentences.",
        "deaths": "Deaths as reported by that source on that date.",
        "detained": "People detained, as reported by that source on that date.",
        "figures_as_reported": "Figures in the source's own words, e.g. 'more than 3,800'.",
        "source_name": "Name of the source the record comes from.",
        "source_url": "Link to that source.",
        "other_source_urls": "Further sources reporting the same event.",
        "date_precision": "How much of the date is known: day, month (date written 2022-01) or year.",
        "confidence": "confirmed, or unconfirmed when no primary source says it.",
    },
    "reported_figures": {
        "figure_id": "Unique id of the figure; generated when left blank.",
        "date_reported": "Day the body gave the figure; 2022-01 or 2022 when only the month or"
        " year is known; blank only with date_precision 'unknown'.",
        "date_precision": "How much of the date is known: day, month, year, or unknown.",
        "kind": "What is counted.",
        "value": "The number as given: '>3,800' is 3800 with the qualifier more_than.",
        "qualifier": "How the number was given.",
        "scope": "What the number covers; a local scope needs its place.",
        "place": "The city or region, when the scope is local.",
        "reporting_body": "Who gave the figure, e.g. Prosecutor General's Office, Health Ministry, Ombudswoman.",
        "status": "reported; revised (a later figure of the same count); retracted (withdrawn by who gave it).",
        "source_name": "The outlet of the source page.",
        "source_url": "The primary page; re-publications go in other_source_urls.",
        "other_source_urls": "Further pages giving the same figure.",
        "quote": "The source's own words, verbatim.",
        "note": "What the number includes or leaves out.",
        "confidence": "confirmed, or unconfirmed when no primary page was found.",
    },
    "sources": {
        "source_id": "Unique id of the page.",
        "outlet": "Who published the page (for a wire copy: the agency, and where the copy is).",
        "url": "The page's address; rows of the other datasets cite it in source_url.",
        "kind": "primary: the body itself or the outlet's own report; re-publication: a copy,"
        " translation or rewrite of another outlet's report.",
        "language": "Language of the page (ISO 639-1 code).",
        "accessed": "Day the page was read, when recorded.",
        "note": "Anything else about the page.",
    },
}

_TYPE_WORDS = {
    "text": "text",
    "code": "one code",
    "codes": "several codes separated by ; or |",
    "date": "date: 2022-01-05 or 05.01.2022",
    "int": "whole number ≥ 0",
    "url": "web address (http/https)",
    "urls": "web addresses (http/https) separated by spaces",
    "time": "time of day: HH:MM",
}

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _spec(dataset: Dataset | str) -> Dataset:
    return DATASETS[dataset] if isinstance(dataset, str) else dataset


def template_columns(dataset: Dataset | str) -> list[Column]:
    """The contract's columns as the templates order them: required first, each in contract order."""
    columns = _spec(dataset).columns
    return [c for c in columns if c.required] + [c for c in columns if not c.required]


def required_columns(dataset: Dataset | str) -> list[str]:
    return [c.name for c in _spec(dataset).columns if c.required]


def type_words(column: Column) -> str:
    """The column's type in plain words."""
    if column.name == "intensity" and column.type == "int":
        return "whole number 1–3"  # the contract checks this range
    return _TYPE_WORDS[column.type]


def allowed_values(column: Column, vocabulary: Vocabulary, language: str = "en") -> str:
    """Every code of a coded column with its label: 'rally (Rally), petition (Petition)'; interview
    codes grouped by theme: 'challenge: funding_shortage (Funding shortage), …; adaptation: …'."""
    if column.vocabulary is None:
        return ""
    labels = vocabulary.labels(column.vocabulary, language)

    def listed(codes: list[str]) -> str:
        return ", ".join(f"{code} ({labels.get(code, code)})" for code in codes)

    if column.vocabulary == "code":
        themes = vocabulary.codes("theme")
        groups = [(theme, vocabulary.codes("code", theme)) for theme in themes]
        grouped = {code for _, codes in groups for code in codes}
        loose = [c for c in vocabulary.codes("code") if c not in grouped]
        parts = [f"{theme}: {listed(codes)}" for theme, codes in groups if codes]
        if loose:
            parts.append(listed(loose))
        return "; ".join(parts)
    return listed(vocabulary.codes(column.vocabulary))


def describe(dataset: Dataset | str, column: Column) -> str:
    spec = _spec(dataset)
    text = DESCRIPTIONS.get(spec.name, {}).get(column.name)
    if text:
        return text
    return f"{column.name.replace('_', ' ').capitalize()} ({type_words(column)})."


def data_dictionary(
    dataset: Dataset | str, vocabulary: Vocabulary, language: str = "en"
) -> pd.DataFrame:
    """One row per contract column: column, required (yes/no), type, allowed values, description."""
    spec = _spec(dataset)
    rows = [
        (
            column.name,
            "yes" if column.required else "no",
            type_words(column),
            allowed_values(column, vocabulary, language),
            describe(spec, column),
        )
        for column in template_columns(spec)
    ]
    return pd.DataFrame(rows, columns=list(DICTIONARY_COLUMNS), dtype=object)


def template_csv(dataset: Dataset | str) -> bytes:
    """The header row only: UTF-8 with BOM, CRLF, the contract's column names."""
    return to_csv_bytes(pd.DataFrame(columns=[c.name for c in template_columns(dataset)]))


def dictionary_csv(dataset: Dataset | str, vocabulary: Vocabulary, language: str = "en") -> bytes:
    return to_csv_bytes(data_dictionary(dataset, vocabulary, language))


# --- the Excel template ---

_TEMPLATE_ROWS = 5000  # rows covered by the drop-down lists below the header
_SINGLE_CODE_PROMPT = "Pick a code from the list (see the dictionary sheet)."
_NOT_LISTED = "This is not one of the listed codes; see the dictionary sheet."
_CODES_PROMPT = "Several codes separated by ; or | (see the dictionary sheet)."


def _text_cell(cell, value: str) -> None:
    """Write text that is never taken for a formula (openpyxl turns '=…' into one)."""
    cell.value = value
    cell.data_type = "s"


def template_xlsx(dataset: Dataset | str, vocabulary: Vocabulary, language: str = "en") -> bytes:
    """An Excel workbook: sheet "data" (the header, required headers bold with a comment, drop-down
    lists for single-code columns, date columns formatted as dates), sheet "dictionary", and a
    hidden sheet "lists" that holds the codes the drop-downs offer.

    Only the header row has cells, so the upload reads the first sheet exactly like a CSV template.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    spec = _spec(dataset)
    columns = template_columns(spec)
    workbook = Workbook()
    data = workbook.active
    data.title = "data"
    dictionary = workbook.create_sheet("dictionary")
    lists = workbook.create_sheet("lists")
    lists.sheet_state = "hidden"

    bold = Font(bold=True)
    list_column = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = data.cell(row=1, column=index)
        _text_cell(header, column.name)
        data.column_dimensions[letter].width = max(12, len(column.name) + 4)
        if column.required:
            header.font = bold
            comment = Comment("required", "Civic Atlas KZ")
            comment.width, comment.height = 120, 30
            header.comment = comment
        # The column's style applies to cells typed in later; no empty cells are written.
        if column.type == "date":
            data.column_dimensions[letter].number_format = "yyyy-mm-dd"
        elif column.type != "int":
            # Text, so that ids keep leading zeros, '18-29' stays a code and 09:30 stays HH:MM.
            data.column_dimensions[letter].number_format = "@"
        cells = f"{letter}2:{letter}{_TEMPLATE_ROWS + 1}"
        if column.type == "code" and column.vocabulary:
            codes = vocabulary.codes(column.vocabulary)
            if not codes:
                continue
            list_column += 1
            list_letter = get_column_letter(list_column)
            _text_cell(lists.cell(row=1, column=list_column), column.name)
            for row, code in enumerate(codes, start=2):
                _text_cell(lists.cell(row=row, column=list_column), code)
            source = f"{quote_sheetname('lists')}!${list_letter}$2:${list_letter}${len(codes) + 1}"
            # A warning, not a stop: the upload also takes labels and keeps unknown codes.
            validation = DataValidation(
                type="list",
                formula1=source,
                allow_blank=True,
                showDropDown=False,  # (sic) False shows the arrow
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle=column.name,
                error=_NOT_LISTED,
                promptTitle=column.name,
                prompt=_SINGLE_CODE_PROMPT,
                showInputMessage=True,
            )
            validation.add(cells)
            data.add_data_validation(validation)
        elif column.type == "codes":
            hint = DataValidation(
                allow_blank=True,
                promptTitle=column.name,
                prompt=_CODES_PROMPT,
                showInputMessage=True,
            )
            hint.add(cells)
            data.add_data_validation(hint)
    data.freeze_panes = "A2"

    table = data_dictionary(spec, vocabulary, language)
    for index, name in enumerate(table.columns, start=1):
        cell = dictionary.cell(row=1, column=index)
        _text_cell(cell, name)
        cell.font = bold
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, values in enumerate(table.itertuples(index=False), start=2):
        for index, value in enumerate(values, start=1):
            cell = dictionary.cell(row=row, column=index)
            _text_cell(cell, str(value))
            cell.alignment = wrap
            if index == 1 and values[1] == "yes":
                cell.font = bold
    for letter, width in zip("ABCDE", (20, 10, 28, 70, 60), strict=True):
        dictionary.column_dimensions[letter].width = width
    dictionary.freeze_panes = "A2"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
