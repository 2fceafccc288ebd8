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


def test_a_respondent_known_only_by_region_exports_and_imports_again(tmp_path):
    """'Мангистауская область' in the required city column is drawn as the region (no city); the
    export writes the region back into the column, and the file imports with the same rows."""
    from atlas import resources, uploads
    from atlas.export import export_frame, to_csv_bytes
    from atlas.store import DuckDBEngine, Store

    from .conftest import DATA_DIR

    store = Store(DuckDBEngine(tmp_path / "a.duckdb"))
    store.ensure_schema()
    gazetteer, vocabulary = resources.gazetteer(DATA_DIR), resources.vocabulary(DATA_DIR)
    source = "respondent_id,city,org_type\nR-1,Мангистауская область,ngo\nR-2,Алматы,ngo\n"

    def publish(data: bytes) -> int:
        checked = uploads.check(
            data, "r.csv", "respondents", store=store, gazetteer=gazetteer, vocabulary=vocabulary
        )
        assert not checked.errors, checked.errors
        return uploads.publish(store, checked, author="test").version

    first = publish(source.encode())
    exported = export_frame(store, "respondents", first)
    assert exported["city"].tolist() == ["Mangystau Region", "Almaty"]
    second = publish(to_csv_bytes(exported))
    again = export_frame(store, "respondents", second)
    pd.testing.assert_frame_equal(exported, again)
