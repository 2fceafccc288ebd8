"""CSV export that Excel opens with Cyrillic intact and that cannot run formulas."""

from __future__ import annotations

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
    return frame
