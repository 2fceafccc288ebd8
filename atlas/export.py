"""CSV export that Excel opens with Cyrillic intact and that cannot run formulas, and exports
that carry their context (title, filters, source and versions, the sample label)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unguard(value: object) -> object:
    """The inverse of `neutralise`: a text cell that starts with an apostrophe followed by one of
    the formula characters loses the apostrophe; anything else ("'Alga' party") is unchanged.

    A value that itself began with an apostrophe and a formula character ("'=x") cannot be told
    apart from a guarded one and comes back without its apostrophe."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel detects the encoding), every text cell neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def export_frame(store, dataset: str, version: int) -> pd.DataFrame:
    """A version as its users see it: the id and the contract's columns, in the published order,
    without the store's own bookkeeping (file lines, coordinates). Re-imported, it gives the same
    rows and ids."""
    from atlas.contract import DATASETS

    spec = DATASETS[dataset]
    columns = list(dict.fromkeys([spec.key, *spec.column_names]))
    frame = store.frame(dataset, version, columns)
    for column in spec.columns:
        if column.type == "int":  # whole numbers stay whole whichever engine read them
            frame[column.name] = pd.array(frame[column.name], dtype="Int64")
    if dataset == "respondents":
        # A respondent given only a region (written in the city column) is stored as the region's;
        # the export writes the region back where it came from, so the file imports again.
        frame["city"] = frame["city"].fillna(frame["region"])
    return frame


# --- exports that carry their context: title, filters, source, versions, the sample label ---

SAMPLE_SLUG = "illustrative-sample"


@dataclass(frozen=True)
class ExportContext:
    """What an exported chart or table must say about itself wherever it travels."""

    title: str
    filters: str  # the active filters in words
    source: str  # datasets with their version and date
    sample: str  # the sample label, "" when no shown dataset is a sample
    stem: str  # the file name without extension, e.g. "matrix_illustrative-sample_v3"

    def lines(self) -> list[str]:
        return [line for line in (self.title, self.sample, self.filters, self.source) if line]


def export_stem(name: str, versions: Sequence[int], *, sample: bool) -> str:
    """'matrix-challenge-by-city_illustrative-sample_v3': a safe name that says what it is, that it
    is a sample (when it is) and which version(s) of the data it comes from."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "export"
    shown = "-".join(str(v) for v in dict.fromkeys(versions))
    return "_".join([safe, *([SAMPLE_SLUG] if sample else []), *([f"v{shown}"] if shown else [])])


def readme_text(context: ExportContext) -> str:
    return "\n\n".join(context.lines()) + "\n"


def to_zip_bytes(frame: pd.DataFrame, context: ExportContext) -> bytes:
    """The table as `<stem>.csv` (clean: header on the first line, so Excel, pandas and the
    upload wizard read it unchanged) beside `README.md` with the context, in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{context.stem}.csv", to_csv_bytes(frame))
        archive.writestr("README.md", readme_text(context).encode("utf-8"))
    return buffer.getvalue()
