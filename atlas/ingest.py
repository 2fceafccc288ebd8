"""Reading an uploaded file into rows of text, whatever spreadsheet or QDA tool wrote it.

`read_table` detects the encoding (BOM, strict UTF-8, else charset-normalizer among the encodings a
Russian or Kazakh locale writes — never a silent latin-1), the delimiter (asking when unsure), reads
quoted fields with newlines, and reports every structural problem with its line in the file. Every
value stays text here; the contract types them later.

A well-formed file is parsed by Arrow's CSV reader in C++ (a million rows in well under a second);
a file with ragged rows, cells spanning lines or blank lines inside is read again by Python's csv
module, which knows the file line of every row, so its problems are reported line by line.
XLSX is read by calamine (Rust), cached values only, after its declared sizes are checked.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from atlas.contract import Problem, problem
from atlas.i18n import translate

# The one upload limit of the web page (the command line has none unless --max-size is given);
# .streamlit/config.toml's server.maxUploadSize is the same number (a test checks it).
MAX_UPLOAD_MB = 50
MAX_BYTES = MAX_UPLOAD_MB * 1024 * 1024
# An XLSX file is refused by the sizes its parts declare, before any is unpacked.
MAX_XLSX_UNPACKED = 400 * 1024 * 1024
MAX_XLSX_RATIO = 150
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
_KZ1048_AS_1251 = r"[ҐґЌќЋћЏџЉљЊњЂђ]"
_LOST_KAZAKH = r"\pL\?+\pL|\?\pL{2,}|\pL{2,}\?"  # RE2, run by Arrow on whole columns
_SINGLE_BYTE = {"cp1251", "kz1048", "koi8-r", "cp866", "cp1252"}


class ReadError(Exception):
    """The file cannot be read as a table at all. `message_id` names the reason in the catalogue
    (`read.<message_id>`); `str()` is the English sentence."""

    def __init__(self, message_id: str, **params: object):
        self.message_id, self.params = message_id, params
        super().__init__(translate(f"read.{message_id}", "en", **params))

    def render(self, language: str = "en") -> str:
        return translate(f"read.{self.message_id}", language, **self.params)


@dataclass
class Table:
    frame: pd.DataFrame  # all text; columns as in the file (stripped)
    lines: np.ndarray  # the file line each row starts on
    encoding: str
    delimiter: str
    delimiter_confident: bool
    problems: list[Problem] = field(default_factory=list)
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
        raise ReadError("not_text")
    if _is_utf8(data):
        return "utf-8", True
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=sorted(_DETECTABLE - {"utf_8", "utf_16"})).best()
    if best is None or best.encoding not in _DETECTABLE:
        raise ReadError("unknown_encoding")
    name = best.encoding.replace("_", "-")
    return name, name == "cp1251"


def _is_utf8(data: bytes, chunk: int = 1 << 23) -> bool:
    """Strict UTF-8, checked in chunks so that a large file is never held twice as text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), chunk):
            decoder.decode(data[start : start + chunk], final=start + chunk >= len(data))
    except UnicodeDecodeError:
        return False
    return True


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


def is_xlsx(data: bytes, filename: str = "") -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"


def read_table(
    data: bytes,
    filename: str = "",
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_bytes: int | None = MAX_BYTES,
    max_rows: int | None = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
) -> Table:
    """Read CSV/TSV/TXT bytes (or XLSX) into a table of text. Raises ReadError when there is no
    table to speak of; row-level problems are returned with the table. `max_bytes` and `max_rows`
    None: no limit (the command line)."""
    if max_bytes is not None and len(data) > max_bytes:
        raise ReadError("too_large", size=f"{len(data) / 2**20:.0f}", limit=max_bytes // 2**20)
    if is_xlsx(data, filename):
        return _read_xlsx(data, max_rows=max_rows, max_columns=max_columns)
    if not re.search(rb"[^\xef\xbb\xbf\xff\xfe\x00 \r\n\t]", data):
        raise ReadError("empty_file")
    confident_encoding = True
    if encoding is None:
        encoding, confident_encoding = detect_encoding(data)
    if encoding in ("utf-8", "utf-8-sig"):
        if encoding == "utf-8" and not _is_utf8(data):
            raise ReadError("wrong_encoding", encoding=ENCODINGS.get(encoding, encoding))
        utf8, start = data, 3 if data.startswith(b"\xef\xbb\xbf") else 0  # never copied
        head = utf8[start : start + 200_000].decode("utf-8", errors="ignore")
    else:
        try:
            text = data.decode(encoding).lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError) as exc:
            raise ReadError("wrong_encoding", encoding=ENCODINGS.get(encoding, encoding)) from exc
        utf8, start, head = text.encode("utf-8"), 0, text[:200_000]
        del text
    if utf8.find(b"\x00", start) >= 0:
        raise ReadError("nul")
    if delimiter is None:
        delimiter, confident_delimiter = sniff_delimiter(head)
    else:
        confident_delimiter = True
    table = _read_fast(utf8, start, head, delimiter, max_rows=max_rows, max_columns=max_columns)
    if table is None:
        try:
            text = utf8[start:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ReadError("wrong_encoding", encoding=ENCODINGS.get(encoding, encoding)) from exc
        table = _read_careful(text, delimiter, max_rows=max_rows, max_columns=max_columns)
    table.encoding, table.delimiter_confident = encoding, confident_delimiter
    table.problems += _encoding_warnings(table.frame, table.lines, encoding, confident_encoding)
    table.decimal_comma = (
        bool(re.search(r"(?<![\d,])\d+,\d+(?![\d,])", head[:1_000_000])) and delimiter != ","
    )
    return table


def _header_row(head: str, delimiter: str) -> list[str]:
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
    return next(reader, [])


def _read_fast(
    utf8: bytes,
    start: int,
    head: str,
    delimiter: str,
    *,
    max_rows: int | None,
    max_columns: int,
) -> Table | None:
    """Arrow's reader for a well-formed file (UTF-8 from byte `start`); None when the careful
    reader must do it (ragged rows, cells spanning lines, blank lines inside the file, over-long
    cells) because only it knows the file line of every row."""
    raw_header = _header_row(head, delimiter)
    width = len(raw_header)
    if not width or width > max_columns:
        return None
    names = [f"c{i}" for i in range(width)]
    try:
        arrow = pa_csv.read_csv(
            pa.BufferReader(pa.py_buffer(utf8).slice(start)),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if arrow.num_rows == 0 or [arrow.column(i)[0].as_py() for i in range(width)] != raw_header:
        return None
    # The file line of each row: 1 + the line ends before it, which are one per row plus those
    # inside quoted cells. Arrow skips blank lines, so the line ends of the file (trailing ones
    # aside) must add up exactly; otherwise the careful reader, which sees every line, takes over.
    end = len(utf8)
    while end > start and utf8[end - 1 : end] in (b"\n", b"\r", b" ", b"\t"):
        end -= 1
    line_ends = utf8.count(b"\n", start, end)
    spans = np.ones(arrow.num_rows, dtype=np.int64)
    if line_ends + 1 != arrow.num_rows:
        for column in arrow.columns:
            spans += pc.count_substring(column, "\n").to_numpy(zero_copy_only=False)
        if int(spans.sum()) != line_ends + 1:
            return None
    starts = np.concatenate(([1], 1 + np.cumsum(spans)[:-1]))
    body = arrow.slice(1)
    if max_rows is not None and body.num_rows > max_rows:
        raise ReadError("too_many_rows", limit=f"{max_rows:,}")
    if end - start > MAX_FIELD and any(
        pc.max(pc.binary_length(column)).as_py() > MAX_FIELD for column in body.columns
    ):
        return None
    header, keep, problems = _clean_header(raw_header)
    body = body.select([names[i] for i in keep]).rename_columns(header)
    lines = starts[1:]
    blank = _blank_rows(body)
    if blank.any():
        body = body.filter(pa.array(~blank))
        lines = lines[~blank]
    if not body.num_rows and not blank.any():
        raise ReadError("header_only")
    return Table(_to_frame(body), lines, "", delimiter, True, problems)


def _blank_rows(table: pa.Table) -> np.ndarray:
    """Rows whose every cell is empty or white space (spreadsheets write them as ';;;;')."""
    if table.num_rows == 0 or table.num_columns == 0:
        return np.zeros(table.num_rows, dtype=bool)
    short = np.ones(table.num_rows, dtype=bool)
    for column in table.columns:  # a cleared cell is a few bytes at most: look only at those
        short &= pc.less_equal(pc.binary_length(column), 8).to_numpy(zero_copy_only=False)
    candidates = np.flatnonzero(short)
    blank = np.zeros(table.num_rows, dtype=bool)
    if len(candidates):
        subset = table.take(pa.array(candidates))
        inner = np.ones(len(candidates), dtype=bool)
        for column in subset.columns:
            trimmed = pc.utf8_trim_whitespace(column)
            inner &= pc.equal(trimmed, "").to_numpy(zero_copy_only=False)
        blank[candidates] = inner
    return blank


def _to_frame(table: pa.Table) -> pd.DataFrame:
    """Text columns as pandas' Arrow-backed strings (no Python object per cell)."""
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", np.nan)}.get)
    frame.columns = list(table.column_names)
    return frame


def _read_careful(text: str, delimiter: str, *, max_rows: int | None, max_columns: int) -> Table:
    rows, lines, problems = _parse(text, delimiter, max_rows=max_rows, max_columns=max_columns)
    if not rows:
        raise ReadError("empty_file")
    header, body = rows[0], rows[1:]
    width = len(header)
    header, keep, header_problems = _clean_header(header)
    problems += header_problems
    if not body:
        raise ReadError("header_only")
    records = []
    for line, row in zip(lines[1:], body, strict=True):
        if len(row) > width:
            extra = [c for c in row[width:] if c.strip()]
            if extra:
                problems.append(
                    problem(
                        "error",
                        "extra-cell",
                        "extra_cell",
                        line=line,
                        value=delimiter.join(extra)[:80],
                        cells=len(row),
                        width=width,
                    )
                )
            row = row[:width]
        elif len(row) < width:
            if any(c.strip() for c in row):
                problems.append(
                    problem(
                        "error",
                        "missing-cell",
                        "missing_cell",
                        line=line,
                        cells=len(row),
                        width=width,
                    )
                )
            row = row + [""] * (width - len(row))
        records.append([row[i] for i in keep])
    # A line whose quote swallowed the rest of the file has only that one problem worth reporting.
    swallowed = {p.line for p in problems if p.kind == "quote-error"}
    problems = [p for p in problems if p.kind == "quote-error" or p.line not in swallowed]
    columns = list(zip(*records, strict=True)) if records else [() for _ in header]
    body_table = pa.table(
        {f"c{i}": pa.array(list(values), pa.string()) for i, values in enumerate(columns)}
    ).rename_columns(header)
    line_array = np.asarray(lines[1:], dtype=np.int64)
    blank = _blank_rows(body_table)
    body_table = body_table.filter(pa.array(~blank))
    return Table(_to_frame(body_table), line_array[~blank], "", delimiter, True, problems)


def _parse(text: str, delimiter: str, *, max_rows: int | None, max_columns: int):
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows, lines, problems = [], [], []
    start = 1
    try:
        for row in reader:
            if len(row) > max_columns:
                raise ReadError("too_many_columns", line=start, count=len(row), limit=max_columns)
            rows.append(row)
            lines.append(start)
            if max_rows is not None and len(rows) > max_rows + 1:
                raise ReadError("too_many_rows", limit=f"{max_rows:,}")
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ReadError("field_too_long", line=start, limit=f"{MAX_FIELD:,}") from exc
        raise ReadError("csv_error", line=start, reason=str(exc)) from exc
    # A quote that is never closed swallows the rest of the file into one cell.
    if rows and lines and rows[-1] and any(cell.count("\n") > 20 for cell in rows[-1]):
        problems.append(problem("error", "quote-error", "quote_error", line=lines[-1]))
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
            problems.append(problem("error", "blank-label", "blank_label", line=1, position=i + 1))
            names[i] = f"column {i + 1}"
    seen: dict[str, int] = {}
    for i in keep:
        key = names[i].casefold()
        if key in seen:
            problems.append(
                problem(
                    "error",
                    "duplicate-label",
                    "duplicate_label",
                    line=1,
                    column=names[i],
                    value=names[i],
                    first=seen[key] + 1,
                    second=i + 1,
                )
            )
            names[i] = f"{names[i]} ({i + 1})"
        else:
            seen[key] = i
    return [names[i] for i in keep], keep, problems


def _encoding_warnings(
    frame: pd.DataFrame, lines: np.ndarray, encoding: str, confident: bool
) -> list[Problem]:
    """Letters lost or misread by a one-byte encoding (a UTF file cannot lose them)."""
    if encoding not in _SINGLE_BYTE and confident:
        return []
    warnings = []
    checks = [("lost_letters", _LOST_KAZAKH)]
    if encoding == "cp1251" or not confident:
        checks.insert(0, ("kz1048_as_1251", _KZ1048_AS_1251))
    for message_id, pattern in checks:
        hit = np.zeros(len(frame), dtype=bool)
        for name in frame.columns:
            column = pa.array(frame[name].fillna(""), pa.string())
            hit |= pc.match_substring_regex(column, pattern).to_numpy(zero_copy_only=False)
        if hit.any():
            warnings.append(problem("warning", "encoding-warning", message_id, **_few(lines[hit])))
    return warnings


def _few(lines) -> dict[str, object]:
    """The first five of `lines` and how many more there are, for a problem's `where`: rendered
    in the reader's language by contract.render ('lines 4, 9, 12, 13, 20 and 7 more')."""
    lines = [int(n) for n in lines]
    return {"where": tuple(lines[:5]), "more": max(0, len(lines) - 5)}


def _read_xlsx(data: bytes, *, max_rows: int | None, max_columns: int) -> Table:
    """The first sheet of a workbook, as text; formulas are never evaluated (cached values only).
    The declared sizes of its parts are checked before anything is unpacked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ReadError("bad_xlsx") from exc
    unpacked = sum(info.file_size for info in parts)
    packed = sum(max(info.compress_size, 1) for info in parts)
    if unpacked > MAX_XLSX_UNPACKED:
        raise ReadError(
            "xlsx_too_large",
            size=f"{unpacked / 2**20:.0f}",
            limit=MAX_XLSX_UNPACKED // 2**20,
        )
    if unpacked > 10 * 2**20 and unpacked / packed > MAX_XLSX_RATIO:
        raise ReadError("xlsx_bomb", ratio=f"{unpacked / packed:.0f}")
    if "xl/workbook.xml" not in {info.filename for info in parts}:
        raise ReadError("bad_xlsx")
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own kinds for damaged files
        raise ReadError("xlsx_damaged") from exc
    if not rows or not any(str(v).strip() for v in rows[0]):
        raise ReadError("sheet_empty")
    if max(len(r) for r in rows) > max_columns:
        # trailing empty columns of a formatted sheet do not count
        rows = [_trim(r) for r in rows]
        if max(len(r) for r in rows) > max_columns:
            raise ReadError("sheet_too_wide", limit=max_columns)
    if max_rows is not None and len(rows) > max_rows + 1:
        raise ReadError("too_many_rows", limit=f"{max_rows:,}")
    header, keep, problems = _clean_header([_cell_text(v) for v in _trim(rows[0])])
    columns = {
        name: pa.array([_cell_text(r[i]) if i < len(r) else "" for r in rows[1:]], type=pa.string())
        for name, i in zip(header, keep, strict=True)
    }
    body = pa.table(columns) if columns else pa.table({})
    lines = np.arange(2, len(rows) + 1, dtype=np.int64)
    blank = _blank_rows(body)
    if blank.all():
        raise ReadError("header_only")
    body = body.filter(pa.array(~blank))
    return Table(_to_frame(body), lines[~blank], "xlsx", "", True, problems)


def _trim(row: list) -> list:
    row = list(row)
    while row and (row[-1] is None or row[-1] == ""):
        row.pop()
    return row


def _cell_text(value) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
