"""Formula-safe CSV export."""

import io

import pandas as pd
import pytest

from atlas.export import to_csv_bytes


@pytest.mark.parametrize(
    "cell", ["=1+1", "+7", "-3+A1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']
)
def test_cells_that_start_a_formula_are_neutralised(cell):
    data = to_csv_bytes(pd.DataFrame({"city": [cell], "n": [1]}))
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    value = back.at[0, "city"]
    assert value.startswith("'") and value[1:].replace("\r\n", "\r") in (
        cell,
        cell.replace("\r", "\n"),
    )


def test_export_has_a_bom_and_keeps_cyrillic_and_numbers():
    data = to_csv_bytes(pd.DataFrame({"город": ["Өскемен"], "n": [-5]}))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "город" in text and "Өскемен" in text and ",-5" in text  # numbers are not text cells
