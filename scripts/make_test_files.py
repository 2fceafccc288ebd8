"""Generate tests/files/: upload files written byte for byte the way real tools write them, and
tests/files/MANIFEST.toml, the outcome each file must give (see tests/files/README.md for the format
facts behind every file and where they come from).

Values come from the bundled data (data/respondents.sample.csv, data/diaspora_actions.csv,
data/events.csv, data/interview_codes.sample.csv, data/vocabulary.csv); rows that the bundled data
does not have (Turkey, Poland, the broken rows) are marked as test rows and carry no source link.

The output is deterministic: running the script again gives byte-identical files.

Run: .venv/bin/python scripts/make_test_files.py
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
OUT = ROOT / "tests" / "files"

BOM_UTF8 = b"\xef\xbb\xbf"
BOM_UTF16LE = b"\xff\xfe"


# --- the bundled data ------------------------------------------------------------------------


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


RESPONDENTS = {r["respondent_id"]: r for r in _read("respondents.sample.csv")}
ACTIONS = {r["action_id"]: r for r in _read("diaspora_actions.csv")}
EVENTS = {r["event_id"]: r for r in _read("events.csv")}
CODES = _read("interview_codes.sample.csv")
VOCABULARY = _read("vocabulary.csv")


def label(field: str, code: str, language: str) -> str:
    """The Russian ('ru') or Kazakh ('kk') or English ('en') label of a code in data/vocabulary.csv."""
    for row in VOCABULARY:
        if row["field"] == field and row["code"] == code:
            return row[f"label_{language}"]
    raise KeyError(f"{field}={code} is not in data/vocabulary.csv")


def labels(field: str, codes: str, language: str) -> str:
    return ";".join(label(field, c, language) for c in codes.split(";") if c)


def iso_to_dmy(value: str) -> str:
    """2022-01-05 → 05.01.2022, as a Russian/Kazakh locale shows a date cell."""
    return dt.date.fromisoformat(value).strftime("%d.%m.%Y") if value else ""


def excel_time(value: str) -> str:
    """01:30 → 1:30: a time typed into Excel gets the locale's h:mm format."""
    if not value:
        return ""
    hours, minutes = value.split(":")
    return f"{int(hours)}:{minutes}"


CITY_RU = {"Almaty": "Алматы", "Nur-Sultan": "Нур-Султан", "Shymkent": "Шымкент"}
CITY_KK = {
    "Nur-Sultan": "Нұр-Сұлтан",
    "Shymkent": "Шымкент",
    "Ust-Kamenogorsk": "Өскемен",
    "Semey": "Семей",
    "Pavlodar": "Павлодар",
    "Uralsk": "Орал",
    "Kyzylorda": "Қызылорда",
    "Taraz": "Тараз",
    "Atyrau": "Атырау",
    "Kostanay": "Қостанай",
    "Aktobe": "Ақтөбе",
}
COUNTRY_RU = {
    "GB": "Великобритания",
    "RU": "Россия",
    "UA": "Украина",
    "DE": "Германия",
    "US": "США",
}
CITY_ABROAD_RU = {
    "London": "Лондон",
    "Moscow": "Москва",
    "Kyiv": "Киев",
    "Berlin": "Берлин",
    "Houston": "Хьюстон",
    "Washington": "Вашингтон",
}


# --- how each tool writes a CSV ----------------------------------------------------------------


def quote_if_needed(value: str, delimiter: str) -> str:
    """Quote a field only when it holds the delimiter, a double quote, CR or LF; double the quotes.
    (Excel, LibreOffice Calc's default export and Google Sheets all quote this way.)"""
    if any(ch in value for ch in (delimiter, '"', "\r", "\n")):
        return '"' + value.replace('"', '""') + '"'
    return value


def render(rows: list[list[str]], delimiter: str, line_end: str, final_line_end: bool) -> str:
    lines = [delimiter.join(quote_if_needed(v, delimiter) for v in row) for row in rows]
    return line_end.join(lines) + (line_end if final_line_end else "")


def excel_csv_utf8(rows: list[list[str]], delimiter: str = ";") -> bytes:
    """Excel 'CSV UTF-8 (Comma delimited)': UTF-8 with BOM, the locale's list separator, CRLF after
    every row including the last."""
    return BOM_UTF8 + render(rows, delimiter, "\r\n", True).encode("utf-8")


def excel_csv_ansi(rows: list[list[str]], encoding: str = "cp1251") -> tuple[bytes, str]:
    """Excel 'CSV (Comma delimited)' on a Russian-locale Windows: Windows-1251, ';', CRLF. Letters
    the code page lacks are written as '?'. Returns the bytes and the text as it was saved."""
    text = render(rows, ";", "\r\n", True)
    data = text.encode(encoding, errors="replace")
    return data, data.decode(encoding)


def excel_unicode_text(rows: list[list[str]]) -> bytes:
    """Excel 'Unicode Text (*.txt)': UTF-16 LE with BOM, TAB separated, CRLF after every row."""
    return BOM_UTF16LE + render(rows, "\t", "\r\n", True).encode("utf-16-le")


def libreoffice_csv(rows: list[list[str]]) -> bytes:
    """LibreOffice Calc 'Text CSV' with the dialog's defaults on Linux/macOS: UTF-8 without BOM,
    ',', '"', text quoted only when needed, LF (the platform's line end) after every row."""
    return render(rows, ",", "\n", True).encode("utf-8")


def google_sheets_csv(rows: list[list[str]]) -> bytes:
    """Google Sheets File → Download → CSV: UTF-8 without BOM, ',', CRLF between rows and no line
    end after the last row."""
    return render(rows, ",", "\r\n", False).encode("utf-8")


# --- the files ---------------------------------------------------------------------------------

FILES: dict[str, bytes] = {}
MANIFEST: list[dict] = []


def add(name: str, data: bytes, **entry) -> None:
    FILES[name] = data
    MANIFEST.append({"name": name, **entry})


def excel_utf8_respondents() -> None:
    header = [
        "Респондент",
        "Город",
        "Регион",
        "Тип организации",
        "Сфера",
        "Пол",
        "Возраст",
        "Дата интервью",
        "Формат интервью",
    ]
    rows = [header]
    for rid in [f"R{n:02d}" for n in range(1, 11)]:
        r = RESPONDENTS[rid]
        rows.append(
            [
                rid,
                CITY_RU[r["city"]],
                "",
                label("org_type", r["org_type"], "ru"),
                labels("focus_area", r["focus_area"], "ru"),
                label("gender", r["gender"], "ru"),
                r["age_group"],
                r["interview_date"],
                label("interview_mode", r["interview_mode"], "ru"),
            ]
        )
    add(
        "excel-utf8-semicolon-ru-headers.respondents.csv",
        excel_csv_utf8(rows, ";"),
        dataset="respondents",
        tool="Excel for Windows, Russian locale: Save As 'CSV UTF-8 (Comma delimited)'",
        outcome="publish",
        rows=10,
        errors=[],
        warnings=[],
        note="UTF-8 with BOM, ';', CRLF; Russian headers and Russian vocabulary labels; the "
        "multi-valued 'Сфера' cells hold ';' and are quoted; R01-R10 as in the bundled sample",
    )


def excel_cp1251_actions() -> None:
    berlin_1 = ACTIONS["A20220107-01"]
    berlin_2 = ACTIONS["A20220220-01"]
    header = ["Дата", "Страна", "Город", "Тип акции", "Участники", "Ссылка"]
    rows = [
        header,
        [
            iso_to_dmy(berlin_1["date"]),
            "Германия",
            "Берлин",
            label("action_type", "rally", "ru"),
            berlin_1["participants"],
            berlin_1["source_url"],
        ],
        [
            iso_to_dmy(berlin_2["date"]),
            "Германия",
            "Берлин",
            label("action_type", "rally", "ru"),
            "",
            berlin_2["source_url"],
        ],
        # Test rows (not in the bundled data; no source link).
        ["08.01.2022", "Германия", "Мюнхен", label("action_type", "fundraising", "ru"), "", ""],
        ["09.01.2022", "Турция", "Стамбул", label("action_type", "rally", "ru"), "25", ""],
        ["12.01.2022", "Турция", "Анкара", label("action_type", "statement", "ru"), "", ""],
        ["10.01.2022", "Польша", "Варшава", "rally", "40", ""],
        ["15.01.2022", "Польша", "Краков", label("action_type", "humanitarian_aid", "ru"), "", ""],
        [
            "16.01.2022",
            "Турция",
            "Стамбул",
            label("action_type", "social_media_campaign", "ru"),
            "",
            "",
        ],
        # Cells below the data that were once formatted: Excel writes them as empty rows.
        *([""] * len(header) for _ in range(3)),
    ]
    data, _ = excel_csv_ansi(rows)
    add(
        "excel-cp1251-semicolon.diaspora_actions.csv",
        data,
        dataset="diaspora_actions",
        tool="Excel for Windows, Russian locale: Save As 'CSV (Comma delimited)' (Windows-1251)",
        outcome="publish",
        rows=8,
        errors=[],
        warnings=[],
        note="Windows-1251, ';', CRLF, dd.mm.yyyy; action types as Russian labels and one code; "
        "8 rows then 3 ';;;;;' rows from formatted empty cells, which must be ignored; rows 3-8 "
        "are test rows",
    )


def excel_unicode_events() -> None:
    ids = [
        "E20220104-07",
        "E20220105-01",
        "E20220105-04",
        "E20220105-05",
        "E20220105-07",
        "E20220105-09",
        "E20220106-02",
        "E20220107-02",
        "E20220109-01",
        "E20220110-02",
    ]
    header = [
        "Date",
        "End date",
        "Time",
        "City",
        "Region",
        "Event type",
        "Title",
        "Description",
        "Deaths",
        "Detained",
        "Source",
        "Link",
    ]
    rows = [header]
    for eid in ids:
        e = EVENTS[eid]
        rows.append(
            [
                iso_to_dmy(e["date"]),
                iso_to_dmy(e["end_date"]),
                excel_time(e["time"]),
                e["city"],
                e["region"],
                label("event_type", e["event_type"], "en"),
                e["title"],
                e["description"],
                e["deaths"],
                e["detained"],
                e["source_name"],
                e["source_url"],
            ]
        )
    add(
        "excel-unicode-text.events.txt",
        excel_unicode_text(rows),
        dataset="events",
        tool="Excel for Windows, Russian regional settings: Save As 'Unicode Text (*.txt)'",
        outcome="publish",
        rows=len(ids),
        errors=[],
        warnings=[],
        note="UTF-16 LE with BOM, TAB, CRLF; English headers and English event-type labels; dates "
        "dd.mm.yyyy and times h:mm as the locale shows them; rows from data/events.csv",
    )


def libreoffice_actions() -> None:
    columns = list(next(iter(ACTIONS.values())))
    rows = [columns]
    for action in ACTIONS.values():
        row = dict(action)
        if row["action_id"] == "A20220105-01":
            # A cell with a line break (Ctrl+Enter) and double quotes.
            row["description"] = (
                'Small vigil at the embassy\n("Don\'t shoot"; against foreign troops)'
            )
        rows.append([row[c] for c in columns])
    add(
        "libreoffice.diaspora_actions.csv",
        libreoffice_csv(rows),
        dataset="diaspora_actions",
        tool="LibreOffice Calc on Linux: Save As 'Text CSV (.csv)' with the dialog's defaults",
        outcome="publish",
        rows=len(ACTIONS),
        errors=[],
        warnings=[],
        note="UTF-8 without BOM, ',', LF; one description holds a line break and doubled quotes "
        "(a quoted field spanning two lines); the 10 rows of data/diaspora_actions.csv",
    )


def google_sheets_respondents() -> None:
    header = [
        "ID",
        "қала",
        "облыс",
        "ұйым түрі",
        "бағыт",
        "жынысы",
        "жас",
        "сұхбат күні",
        "interview mode",
    ]
    rows = [header]
    for rid in [f"R{n:02d}" for n in range(11, 21)]:
        r = RESPONDENTS[rid]
        rows.append(
            [
                rid,
                CITY_KK[r["city"]],
                "",
                label("org_type", r["org_type"], "kk"),
                labels("focus_area", r["focus_area"], "kk"),
                label("gender", r["gender"], "kk"),
                r["age_group"],
                r["interview_date"],
                r["interview_mode"],
            ]
        )
    add(
        "google-sheets.respondents.csv",
        google_sheets_csv(rows),
        dataset="respondents",
        tool="Google Sheets (Kazakhstan locale): File → Download → Comma-separated values (.csv)",
        outcome="publish",
        rows=10,
        errors=[],
        warnings=[],
        note="UTF-8 without BOM, ',', CRLF, no line end after the last row; Kazakh headers where "
        "the mapping has a Kazakh synonym (қала, облыс, ұйым түрі, бағыт, жынысы, жас, сұхбат "
        "күні), English otherwise; Kazakh labels; R11-R20 as in the bundled sample",
    )


def excel_xlsx_actions() -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    header = [
        "ID акции",
        "Дата",
        "Дата окончания",
        "Страна",
        "Город",
        "Организатор",
        "Тип акции",
        "Платформа",
        "Участники",
        "Описание",
        "Достоверность",
        "Источник",
        "Ссылка",
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Лист1"
    sheet.append(header)
    formula_cell = None
    for action in ACTIONS.values():
        participants: object = int(action["participants"]) if action["participants"] else None
        if action["action_id"] == "A20220107-01":
            participants = "=40+20"  # typed as a sum; Excel stores the cached value 60 with it
        sheet.append(
            [
                action["action_id"],
                dt.date.fromisoformat(action["date"]),
                dt.date.fromisoformat(action["end_date"]) if action["end_date"] else None,
                COUNTRY_RU[action["country"]],
                CITY_ABROAD_RU[action["city"]],
                action["actor"] or None,
                label("action_type", action["action_type"], "ru"),
                labels("platform", action["platform"], "ru") or None,
                participants,
                action["description"],
                action["confidence"],
                action["source_name"],
                action["source_url"],
            ]
        )
        if action["action_id"] == "A20220107-01":
            formula_cell = f"I{sheet.max_row}"
    last_data_row = sheet.max_row
    thin = Side(style="thin")
    for row in sheet.iter_rows(min_row=2, max_row=last_data_row, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "DD.MM.YYYY"
    # The formatted-but-empty area below the data: borders and a date format on 20 more rows.
    for r in range(last_data_row + 1, last_data_row + 21):
        for c in range(1, len(header) + 1):
            cell = sheet.cell(row=r, column=c)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if c in (2, 3):
                cell.number_format = "DD.MM.YYYY"
    fixed = dt.datetime(2022, 2, 21, 9, 0, 0)
    workbook.properties.creator = "Civic Atlas KZ test files"
    workbook.properties.lastModifiedBy = "Civic Atlas KZ test files"
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    buffer = io.BytesIO()
    workbook.save(buffer)
    add(
        "excel.diaspora_actions.xlsx",
        _deterministic_xlsx(buffer.getvalue(), formula_cell, "60"),
        dataset="diaspora_actions",
        tool="Excel workbook (.xlsx) written with openpyxl the way Excel saves one",
        outcome="publish",
        rows=len(ACTIONS),
        errors=[],
        warnings=[],
        note="first sheet 'Лист1'; real date cells (DD.MM.YYYY); one formula cell (=40+20) "
        "with its cached value 60; 20 formatted but empty rows below the data",
    )


def _deterministic_xlsx(data: bytes, formula_cell: str | None, cached: str) -> bytes:
    """Repack the workbook with fixed timestamps, and give the formula its cached value as Excel
    does (openpyxl writes formulas without one)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml" and formula_cell:
                text = content.decode("utf-8")
                start = text.index(f'<c r="{formula_cell}"')
                end = text.index("</c>", start)
                cell = text[start:end]
                patched = cell.replace("<v></v>", "").replace("<v />", "").replace("<v/>", "")
                patched = patched + f"<v>{cached}</v>"
                text = text[:start] + patched + text[end:]
                content = text.encode("utf-8")
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time as 'modified'; keep the fixed one.
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2022-02-21T09:00:00Z\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=(2022, 2, 21, 9, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


def trailing_blank_rows_events() -> None:
    header = ["Дата", "Тип события", "Название", "Город", "Описание"]
    rows = [header, *([""] * len(header) for _ in range(5))]
    add(
        "trailing-blank-rows-only.events.csv",
        excel_csv_utf8(rows, ";"),
        dataset="events",
        tool="Excel for Windows, Russian locale: Save As 'CSV UTF-8 (Comma delimited)'",
        outcome="refuse",
        errors=["no-rows"],
        warnings=[],
        note="a header and then only ';;;;' rows (formatted empty cells): no data, so no version "
        "may be published",
    )


def header_only_respondents() -> None:
    header = ["Респондент", "Город", "Регион", "Тип организации", "Пол", "Дата интервью"]
    add(
        "header-only.respondents.csv",
        excel_csv_utf8([header], ";"),
        dataset="respondents",
        tool="Excel for Windows, Russian locale: Save As 'CSV UTF-8 (Comma delimited)'",
        outcome="refuse",
        errors=["no-rows"],
        warnings=[],
        note="the header row and nothing else",
    )


def missing_title_events() -> None:
    columns = [
        "event_id",
        "date",
        "end_date",
        "time",
        "city",
        "region",
        "event_type",
        "description",
        "deaths",
        "detained",
        "source_name",
        "source_url",
    ]
    ids = list(EVENTS)[:8]
    rows = [columns, *([EVENTS[i][c] for c in columns] for i in ids)]
    add(
        "missing-title.events.csv",
        libreoffice_csv(rows),
        dataset="events",
        tool="LibreOffice Calc on Linux: Save As 'Text CSV (.csv)' with the dialog's defaults",
        outcome="refuse",
        errors=["missing-column"],
        warnings=[],
        names_column="title",
        note="the contract's column names except 'title', which was deleted; the other headers "
        "map exactly, so no header is the obvious candidate for 'title'",
    )


def renamed_column_actions() -> None:
    berlin_1 = ACTIONS["A20220107-01"]
    berlin_2 = ACTIONS["A20220220-01"]
    header = ["Дата", "Государство", "Город", "Тип акции", "Участники", "Ссылка"]
    rows = [
        header,
        [
            iso_to_dmy(berlin_1["date"]),
            "Германия",
            "Берлин",
            label("action_type", "rally", "ru"),
            berlin_1["participants"],
            berlin_1["source_url"],
        ],
        [
            iso_to_dmy(berlin_2["date"]),
            "Германия",
            "Берлин",
            label("action_type", "rally", "ru"),
            "",
            berlin_2["source_url"],
        ],
    ]
    add(
        "renamed-column.diaspora_actions.csv",
        excel_csv_utf8(rows, ";"),
        dataset="diaspora_actions",
        tool="Excel for Windows, Russian locale: Save As 'CSV UTF-8 (Comma delimited)'",
        outcome="refuse",
        errors=["missing-column"],
        warnings=[],
        names_column="country",
        suggest="Государство",
        note="'Страна' renamed to 'Государство', which is no synonym: the required 'country' is "
        "missing and 'Государство' is the only unmapped header, the one to suggest",
    )


def kazakh_question_marks_respondents() -> None:
    header = ["ID", "Город", "Облыс", "Ұйым түрі", "Жынысы", "Жас", "Сұхбат күні"]
    rows = [header]
    ids = [
        rid
        for rid, r in RESPONDENTS.items()
        if r["city"] in CITY_KK and r["city"] not in ("Nur-Sultan", "Shymkent")
    ]
    for rid in ids:
        r = RESPONDENTS[rid]
        rows.append(
            [
                rid,
                CITY_KK[r["city"]],
                "",
                label("org_type", r["org_type"], "kk"),
                label("gender", r["gender"], "kk"),
                r["age_group"],
                r["interview_date"],
            ]
        )
    data, saved = excel_csv_ansi(rows)
    assert "?" in saved and "Өскемен" not in saved
    add(
        "kazakh-headers-question-marks.cp1251.respondents.csv",
        data,
        dataset="respondents",
        tool="Excel for Windows, Russian locale: Save As 'CSV (Comma delimited)' of a sheet typed "
        "in Kazakh (Windows-1251 has no ә ғ қ ң ө ұ ү һ; they are saved as '?')",
        outcome="publish",
        rows=len(ids),
        errors=[],
        warnings=["lost-letters", "unresolved-place", "unknown-code"],
        note="headers 'ID', 'Город', 'Облыс', 'Жынысы', 'Жас' survive and map; '?йым т?рі' and "
        "'С?хбат к?ні' lost letters and map to nothing; values such as '?скемен', '?ызылорда', "
        "'?йел', '?ЕҰ' lost letters ('і' survives: Windows-1251 has it)",
    )


def bad_values_actions() -> None:
    berlin = ACTIONS["A20220107-01"]
    columns = [
        "action_id",
        "date",
        "country",
        "city",
        "action_type",
        "participants",
        "description",
        "source_url",
    ]
    rows = [
        columns,
        ["A-T01", "2022-01-07", "DE", "Berlin", "rally", "60", "Test row", berlin["source_url"]],
        ["A-T02", "31.02.2022", "DE", "Berlin", "rally", "", "Test row: impossible date", ""],
        ["A-T03", "2022-01-09", "TR", "Istanbul", "rally", "-5", "Test row: negative count", ""],
        ["A-T04", "2022-01-10", "Германя", "", "rally", "", "Test row: misspelt country", ""],
        [
            "A-T05",
            "2022-01-12",
            "PL",
            "Warsaw",
            "statement",
            "",
            "Test row: script link",
            "javascript:alert(document.cookie)",
        ],
        ["A-T01", "2022-01-15", "PL", "Kraków", "rally", "", "Test row: repeated id", ""],
    ]
    add(
        "bad-values.diaspora_actions.csv",
        google_sheets_csv(rows),
        dataset="diaspora_actions",
        tool="Google Sheets: File → Download → Comma-separated values (.csv)",
        outcome="refuse",
        errors=["type-error", "constraint-error", "unresolved-place", "unique-error"],
        warnings=[],
        note="line 3 date 31.02.2022 (type-error); line 4 participants -5 (constraint-error); "
        "line 5 country 'Германя' (unresolved-place); line 6 source_url 'javascript:…' "
        "(type-error); line 7 repeats action_id A-T01 (unique-error)",
    )


def tiny_png() -> bytes:
    """A real 16×16 RGB PNG (a grey gradient)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    raw = b"".join(
        b"\x00" + bytes(((x + y) * 8) % 256 for x in range(16) for _ in range(3)) for y in range(16)
    )
    ihdr = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def not_tables() -> None:
    add(
        "empty.csv",
        b"",
        dataset="respondents",
        tool="any (a file of 0 bytes)",
        outcome="refuse",
        errors=["empty-file"],
        warnings=[],
        note="0 bytes",
    )
    add(
        "not-text.respondents.csv",
        tiny_png(),
        dataset="respondents",
        tool="an image saved with a .csv name",
        outcome="refuse",
        errors=["not-text"],
        warnings=[],
        note="the bytes of a 16×16 PNG image; must be refused as no text table, never decoded as "
        "latin-1",
    )


def interview_codes_unknown_respondent() -> None:
    columns = ["respondent_id", "theme", "code", "period", "excerpt", "language", "intensity"]
    chosen = [*CODES[:6], next(r for r in CODES if r["respondent_id"] == "R02")]
    rows = [columns, *([r[c] for c in columns] for r in chosen)]
    unknown = dict(CODES[0], respondent_id="R999")
    rows.append([unknown[c] for c in columns])
    add(
        "interview-codes-unknown-respondent.interview_codes.csv",
        excel_csv_utf8(rows, ","),
        dataset="interview_codes",
        tool="Excel for Windows, English (US) locale: Save As 'CSV UTF-8 (Comma delimited)'",
        outcome="refuse",
        errors=["foreign-key-error"],
        warnings=[],
        note=f"rows of data/interview_codes.sample.csv for R01 and R02; line {len(rows)} names "
        "respondent R999, who is in no published respondents. Needs R01 and R02 among the active "
        "respondents: true for the bundled sample and after the excel-utf8 file, not after the "
        "google-sheets or kazakh files, which replace them",
    )


# --- checking the bytes ------------------------------------------------------------------------

# name → (encoding, BOM, line end, ends with a line end, delimiter). Checked after every write.
EXPECTED_BYTES = {
    "excel-utf8-semicolon-ru-headers.respondents.csv": ("utf-8", BOM_UTF8, "\r\n", True, ";"),
    "excel-cp1251-semicolon.diaspora_actions.csv": ("cp1251", b"", "\r\n", True, ";"),
    "excel-unicode-text.events.txt": ("utf-16-le", BOM_UTF16LE, "\r\n", True, "\t"),
    "libreoffice.diaspora_actions.csv": ("utf-8", b"", "\n", True, ","),
    "google-sheets.respondents.csv": ("utf-8", b"", "\r\n", False, ","),
    "trailing-blank-rows-only.events.csv": ("utf-8", BOM_UTF8, "\r\n", True, ";"),
    "header-only.respondents.csv": ("utf-8", BOM_UTF8, "\r\n", True, ";"),
    "missing-title.events.csv": ("utf-8", b"", "\n", True, ","),
    "renamed-column.diaspora_actions.csv": ("utf-8", BOM_UTF8, "\r\n", True, ";"),
    "kazakh-headers-question-marks.cp1251.respondents.csv": ("cp1251", b"", "\r\n", True, ";"),
    "bad-values.diaspora_actions.csv": ("utf-8", b"", "\r\n", False, ","),
    "interview-codes-unknown-respondent.interview_codes.csv": (
        "utf-8",
        BOM_UTF8,
        "\r\n",
        True,
        ",",
    ),
}


def verify() -> None:
    """Read every written file back and check its bytes: BOM, encoding round trip, line ends
    (a lone LF inside a quoted field is a cell's line break and allowed), delimiter, row count."""
    for name, (encoding, bom, line_end, final, delimiter) in EXPECTED_BYTES.items():
        data = (OUT / name).read_bytes()
        assert data == FILES[name], name
        assert data.startswith(bom) and not data[len(bom) :].startswith(
            (BOM_UTF8, BOM_UTF16LE, b"\xfe\xff")
        ), f"{name}: BOM"
        text = data[len(bom) :].decode(encoding)  # strict: raises if not that encoding
        assert text.encode(encoding) == data[len(bom) :], f"{name}: round trip"
        if encoding == "utf-8":
            assert bom == BOM_UTF8 or not data.startswith(BOM_UTF8), name
        else:
            with contextlib.suppress(UnicodeDecodeError):
                data.decode("utf-8")
                raise AssertionError(f"{name}: should not be valid UTF-8")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        assert text.endswith(line_end) == final, f"{name}: final line end"
        outside = _outside_quotes(text)
        if line_end == "\r\n":
            assert "\n" not in outside.replace("\r\n", ""), f"{name}: a bare LF between rows"
            assert "\r" not in outside.replace("\r\n", ""), f"{name}: a bare CR"
        else:
            assert "\r" not in text, f"{name}: CR in an LF file"
        widths = {len(r) for r in rows}
        assert len(widths) == 1, f"{name}: ragged rows {widths}"
    assert FILES["empty.csv"] == b""
    assert FILES["not-text.respondents.csv"].startswith(b"\x89PNG\r\n\x1a\n")
    with zipfile.ZipFile(OUT / "excel.diaspora_actions.xlsx") as workbook:
        assert workbook.testzip() is None
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode("utf-8")
        assert "<f>40+20</f><v>60</v>" in sheet


def _outside_quotes(text: str) -> str:
    """The text with every quoted field removed (what separates fields and rows)."""
    out, quoted = [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            out.append(ch)
    return "".join(out)


# --- the manifest ------------------------------------------------------------------------------


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def manifest() -> bytes:
    keys = [
        "name",
        "dataset",
        "tool",
        "outcome",
        "rows",
        "errors",
        "warnings",
        "names_column",
        "suggest",
        "note",
    ]
    out = [
        "# What each file in tests/files/ must give when uploaded, through the command line",
        "# (python -m atlas import FILE --dataset DATASET) and through the upload wizard.",
        "# Generated by scripts/make_test_files.py; format facts in README.md.",
        "# outcome: publish (rows = the rows published) or refuse (nothing is published).",
        "# errors / warnings: the problem kinds expected; names_column: the contract column a",
        "# missing-column message must name; suggest: the file header it should offer for it.",
        "",
    ]
    for entry in MANIFEST:
        out.append("[[file]]")
        for key in keys:
            if key in entry:
                out.append(f"{key} = {_toml_value(entry[key])}")
        out.append("")
    return "\n".join(out).encode("utf-8")


def main() -> None:
    excel_utf8_respondents()
    excel_cp1251_actions()
    excel_unicode_events()
    libreoffice_actions()
    google_sheets_respondents()
    excel_xlsx_actions()
    trailing_blank_rows_events()
    header_only_respondents()
    missing_title_events()
    renamed_column_actions()
    kazakh_question_marks_respondents()
    bad_values_actions()
    not_tables()
    interview_codes_unknown_respondent()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in FILES.items():
        (OUT / name).write_bytes(data)
    (OUT / "MANIFEST.toml").write_bytes(manifest())
    verify()
    print(f"wrote {len(FILES)} files and MANIFEST.toml to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
