"""Reading an uploaded file into rows of text, whatever spreadsheet or QDA tool wrote it.

`read_table` detects the encoding (BOM, strict UTF-8, else charset-normalizer among the encodings a
Russian or Kazakh locale writes — never a silent latin-1), the delimiter (asking when unsure), reads
quoted fields with newlines, and reports every structural problem with its line in the file. Every
value stays text here; the contract types them later.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from atlas.contract import Problem

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
MAX_FIELD = 1_000_000  # characters in one cell (a long interview quote fits easily)
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
# What Excel, LibreOffice and QDA tools write in Russian and Kazakh locales. Anything else must be
# chosen by the user: no guess may turn Cyrillic into latin-1 mojibake.
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16 (Excel 'Unicode text')",
    "cp1251": "Windows-1251 (Cyrillic)",
    "kz1048": "KZ-1048 (Kazakh)",
    "koi8-r": "KOI8-R",
    "cp866": "DOS 866",
    "cp1252": "Windows-1252 (Western)",
}
_DETECTABLE = {"utf_8", "utf_16", "utf_16_le", "utf_16_be", "cp1251", "kz1048", "koi8_r", "cp866"}
# Letters that Windows-1251 shows where KZ-1048 meant Kazakh ones (ә ғ қ ң ө ұ ү һ і).
_KZ1048_AS_1251 = re.compile(r"[ҐґЌќЋћЏџЉљЊњЂђ]")
_LOST_KAZAKH = re.compile(r"\w\?+\w|\?\w{2,}|\w{2,}\?")


class ReadError(Exception):
    """The file cannot be read as a table at all (the message says why, in the user's terms)."""


@dataclass
class Table:
    frame: pd.DataFrame  # all text; columns as in the file (stripped)
    lines: list[int]  # the file line each row starts on
    encoding: str
    delimiter: str
    delimiter_confident: bool
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    day_first: bool = True
    decimal_comma: bool = False


def detect_encoding(data: bytes) -> tuple[str, bool]:
    """(encoding, confident). Raises ReadError for binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", True
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", True
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM has a NUL in every other byte of ASCII text.
        if _looks_utf16(data):
            return ("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"), False
        raise ReadError(
            "this is not a text table (it contains binary data): save it as CSV or XLSX"
        )
    try:
        data.decode("utf-8")
        return "utf-8", True
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=sorted(_DETECTABLE - {"utf_8", "utf_16"})).best()
    if best is None or best.encoding not in _DETECTABLE:
        raise ReadError(
            "the encoding of this file could not be recognised: choose it under 'Encoding' "
            "(Excel in a Russian or Kazakh locale usually writes Windows-1251)"
        )
    name = best.encoding.replace("_", "-")
    return name, name == "cp1251"


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > len(sample) // 4


def sniff_delimiter(text: str) -> tuple[str, bool]:
    """(delimiter, confident): the candidate splitting the first lines into the same number of
    fields (more than one), quotes respected."""
    sample_lines = [line for line in text[:100_000].splitlines()[:50] if line.strip()]
    if not sample_lines:
        return ",", False
    scores = {}
    for delimiter in DELIMITERS:
        try:
            widths = [
                len(row)
                for row in csv.reader(io.StringIO("\n".join(sample_lines)), delimiter=delimiter)
            ]
        except csv.Error:
            continue
        if not widths or max(widths) < 2:
            continue
        common = max(set(widths), key=widths.count)
        scores[delimiter] = (widths.count(common) / len(widths), common)
    if not scores:
        return ",", len(sample_lines) > 0 and "," not in sample_lines[0]
    ranked = sorted(scores.items(), key=lambda kv: (kv[1][0], kv[1][1]), reverse=True)
    best, (consistency, _width) = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else (0.0, 0)
    # Unsure when another delimiter splits the lines just as consistently: the user chooses.
    confident = consistency >= 0.9 and not (runner_up[0] >= 0.9 and runner_up[1] >= 2)
    return best, confident


def read_table(
    data: bytes,
    filename: str = "",
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
) -> Table:
    """Read CSV/TSV/TXT bytes (or XLSX) into a table of text. Raises ReadError when there is no
    table to speak of; row-level problems are returned with the table."""
    if len(data) > max_bytes:
        raise ReadError(
            f"the file is {len(data) / 1e6:.0f} MB; the limit is {max_bytes / 1e6:.0f} MB"
        )
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, max_rows=max_rows, max_columns=max_columns)
    if not data or not data.strip(b"\xef\xbb\xbf\xff\xfe\x00 \r\n\t"):
        raise ReadError("the file is empty")
    confident_encoding = True
    if encoding is None:
        encoding, confident_encoding = detect_encoding(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(
            f"the file is not valid {ENCODINGS.get(encoding, encoding)}: choose another encoding"
        ) from exc
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise ReadError("the file contains NUL characters: it is not a text table")
    if delimiter is None:
        delimiter, confident_delimiter = sniff_delimiter(text)
    else:
        confident_delimiter = True
    rows, lines, problems = _parse(text, delimiter, max_rows=max_rows, max_columns=max_columns)
    if not rows:
        raise ReadError("the file is empty")
    header, body = rows[0], rows[1:]
    header, keep, header_problems = _clean_header(header)
    problems += header_problems
    if not body:
        raise ReadError("the file has a header but no rows")
    width = len(rows[0])
    records = []
    for line, row in zip(lines[1:], body, strict=True):
        if len(row) > width:
            extra = [c for c in row[width:] if c.strip()]
            if extra:
                problems.append(
                    Problem(
                        line,
                        None,
                        delimiter.join(extra)[:80],
                        "error",
                        "extra-cell",
                        f"line {line} has {len(row)} cells, the header has {width}",
                    )
                )
            row = row[:width]
        elif len(row) < width:
            if any(c.strip() for c in row):
                problems.append(
                    Problem(
                        line,
                        None,
                        "",
                        "error",
                        "missing-cell",
                        f"line {line} has {len(row)} cells, the header has {width}",
                    )
                )
            row = row + [""] * (width - len(row))
        records.append([row[i] for i in keep])
    # A line whose quote swallowed the rest of the file has only that one problem worth reporting.
    swallowed = {p.line for p in problems if p.kind == "quote-error"}
    problems = [p for p in problems if p.kind == "quote-error" or p.line not in swallowed]
    frame = pd.DataFrame(records, columns=header, dtype=object)
    blank = (
        frame.apply(lambda r: all(not str(v).strip() for v in r), axis=1)
        if len(frame)
        else pd.Series([], dtype=bool)
    )
    frame = frame[~blank].reset_index(drop=True)
    body_lines = [line for line, b in zip(lines[1:], blank, strict=True) if not b]
    table = Table(frame, body_lines, encoding, delimiter, confident_delimiter, problems)
    table.notes += _encoding_warnings(frame, body_lines, encoding, confident_encoding)
    table.decimal_comma = bool(re.search(r"(?<![\d,])\d+,\d+(?![\d,])", text)) and delimiter != ","
    return table


def _parse(text: str, delimiter: str, *, max_rows: int, max_columns: int):
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows, lines, problems = [], [], []
    start = 1
    try:
        for row in reader:
            if len(row) > max_columns:
                raise ReadError(f"line {start} has {len(row)} columns; the limit is {max_columns}")
            rows.append(row)
            lines.append(start)
            if len(rows) > max_rows + 1:
                raise ReadError(
                    f"the file has more than {max_rows:,} rows; split it into smaller files"
                )
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ReadError(f"line {start}: {exc}") from exc
    # A quote that is never closed swallows the rest of the file into one cell.
    if rows and lines and rows[-1] and any(cell.count("\n") > 20 for cell in rows[-1]):
        problems.append(
            Problem(
                lines[-1],
                None,
                "",
                "error",
                "quote-error",
                f"line {lines[-1]}: a quote opened here is never closed, so the rest of the file ran into one cell",
            )
        )
    return rows, lines, problems


def _clean_header(header: list[str]) -> tuple[list[str], list[int], list[Problem]]:
    names = [re.sub(r"[\s\u00a0\u202f]+", " ", h.replace("\ufeff", "")).strip() for h in header]
    problems = []
    # A trailing delimiter leaves one empty last column: drop it quietly.
    keep = list(range(len(names)))
    while keep and not names[keep[-1]]:
        keep.pop()
    for i in keep:
        if not names[i]:
            problems.append(
                Problem(
                    1, None, "", "error", "blank-label", f"column {i + 1} has no name in the header"
                )
            )
            names[i] = f"column {i + 1}"
    seen: dict[str, int] = {}
    for i in keep:
        key = names[i].casefold()
        if key in seen:
            problems.append(
                Problem(
                    1,
                    names[i],
                    names[i],
                    "error",
                    "duplicate-label",
                    f"the header names '{names[i]}' twice (columns {seen[key] + 1} and {i + 1})",
                )
            )
            names[i] = f"{names[i]} ({i + 1})"
        else:
            seen[key] = i
    return [names[i] for i in keep], keep, problems


def _encoding_warnings(
    frame: pd.DataFrame, lines: list[int], encoding: str, confident: bool
) -> list[str]:
    notes = []
    text_cells = frame.astype(str)
    if encoding == "cp1251" or not confident:
        hits = [
            lines[i]
            for i, row in enumerate(text_cells.itertuples(index=False))
            if any(_KZ1048_AS_1251.search(v) for v in row)
        ]
        if hits:
            notes.append(
                f"letters such as 'Ґ' or 'Ќ' on {_few(hits)} look like Kazakh letters read in the wrong "
                "encoding: try 'KZ-1048 (Kazakh)' under Encoding"
            )
    hits = [
        lines[i]
        for i, row in enumerate(text_cells.itertuples(index=False))
        if any(_LOST_KAZAKH.search(v) for v in row)
    ]
    if hits:
        notes.append(
            f"'?' inside words on {_few(hits)}: Kazakh letters (ә ғ қ ң ө ұ ү һ і) may have been lost when the "
            "file was saved as 'ANSI'. Save it again as 'CSV UTF-8' if those were letters"
        )
    return notes


def _few(lines: list[int]) -> str:
    """'line 4', 'lines 4, 9', 'lines 4, 9, 12, 13, 20 and 7 more'."""
    shown = ", ".join(str(n) for n in lines[:5])
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    return ("line " if len(lines) == 1 else "lines ") + shown + more


def _read_xlsx(data: bytes, *, max_rows: int, max_columns: int) -> Table:
    """The first sheet of a workbook, as text; formulas are never evaluated (cached values only)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError("this is not a valid XLSX workbook") from exc
    if sum(info.file_size for info in archive.infolist()) > 20 * MAX_BYTES:
        raise ReadError("the workbook unpacks to more than a gigabyte: it cannot be read safely")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise ReadError("this workbook could not be opened: save it again, or as CSV") from exc
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = list(row)
        while cells and cells[-1] is None:  # read-only sheets pad rows to the sheet's width
            cells.pop()
        if len(cells) > max_columns:
            raise ReadError(f"the sheet has more than {max_columns} columns")
        rows.append(["" if v is None else _cell_text(v) for v in cells])
        if len(rows) > max_rows + 1:
            raise ReadError(f"the sheet has more than {max_rows:,} rows; split it")
    workbook.close()
    if not rows:
        raise ReadError("the workbook's first sheet is empty")
    header, keep, problems = _clean_header(rows[0])
    width = max(len(r) for r in rows)
    body = [[(r + [""] * width)[i] for i in keep] for r in rows[1:]]
    lines = list(range(2, len(body) + 2))
    frame = pd.DataFrame(body, columns=header, dtype=object)
    non_blank = [i for i, r in enumerate(body) if any(str(v).strip() for v in r)]
    if not non_blank:
        raise ReadError("the sheet has a header but no rows")
    frame = frame.iloc[non_blank].reset_index(drop=True)
    return Table(frame, [lines[i] for i in non_blank], "xlsx", "", True, problems)


def _cell_text(value) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
