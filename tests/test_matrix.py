"""Code matrices: counts, shares, denominators, co-occurrence, ordering, quotes."""

import numpy as np
import pandas as pd
import pytest

from atlas import matrix
from atlas.contract import prepare
from atlas.filters import Filters
from atlas.seed import seed

from .conftest import DATA_DIR


def tiny_counts():
    cells = pd.DataFrame(
        {
            "code": ["a", "a", "b"],
            "col": ["X", "Y", "X"],
            "respondents": [2, 1, 1],
            "excerpts": [3, 1, 1],
        }
    )
    columns = pd.DataFrame({"col": ["X", "Y"], "respondents": [4, 2]})
    rows = pd.DataFrame({"code": ["a", "b"], "respondents": [3, 1]})
    return {"cells": cells, "columns": columns, "rows": rows}


def test_counts_and_excerpts():
    m = matrix.build_matrix(tiny_counts(), value="respondents", codes=["a", "b", "c"])
    assert m.values.loc["a"].tolist() == [2, 1]
    assert m.values.loc["c"].tolist() == [0, 0]  # a code nobody mentioned is a row of zeros
    assert matrix.build_matrix(tiny_counts(), value="excerpts").values.loc["a"].tolist() == [3, 1]


def test_column_share_divides_by_the_columns_respondents():
    m = matrix.build_matrix(tiny_counts(), value="column_share")
    assert m.values.loc["a"].tolist() == [50.0, 50.0]
    assert m.numerators.loc["a"].tolist() == [2, 1]
    assert m.denominators.loc["a"].tolist() == [4, 2]
    assert m.small().loc["a"].tolist() == [False, True]  # n = 2 < 3 is marked


def test_row_share_divides_by_the_codes_respondents():
    m = matrix.build_matrix(tiny_counts(), value="row_share")
    assert m.values.loc["a"].round(1).tolist() == [66.7, 33.3]
    assert m.denominators.loc["b"].tolist() == [1, 1]
    assert m.small().loc["b"].all()


def test_counts_are_never_marked_small():
    assert not matrix.build_matrix(tiny_counts(), value="respondents").small().any().any()


def test_tidy_has_one_row_per_cell():
    tidy = matrix.build_matrix(tiny_counts(), value="column_share").tidy()
    assert len(tidy) == 4
    assert tidy.columns.tolist() == ["code", "column", "value", "numerator", "denominator"]


def test_ordering_by_total_alphabetical_and_clustered_is_stable():
    table = pd.DataFrame(
        [[5, 0, 5], [0, 4, 0], [4, 0, 4], [0, 5, 1]],
        index=["p", "q", "r", "s"],
        columns=["X", "Y", "Z"],
    )
    assert matrix.order_labels(table, "total") == ["p", "r", "s", "q"]  # sums 10, 8, 6, 4
    assert matrix.order_labels(table, "alphabetical") == ["p", "q", "r", "s"]
    clustered = matrix.order_labels(table, "clustered")
    assert sorted(clustered) == ["p", "q", "r", "s"]
    # similar profiles end up next to each other
    assert abs(clustered.index("p") - clustered.index("r")) == 1
    assert abs(clustered.index("q") - clustered.index("s")) == 1
    assert matrix.order_labels(table.sample(frac=1, random_state=3), "clustered") == clustered
    assert matrix.order_labels(table, "total", axis=1) == [
        "Z",
        "X",
        "Y",
    ]  # 10, then 9 and 9 alphabetical


def test_search_quotes_ignores_case_in_cyrillic_and_kazakh():
    frame = pd.DataFrame(
        {"excerpt": ["Гранты сократились", "ҚАРЖЫ жетіспеді", "Grants shrank", None]}
    )
    assert matrix.search_quotes(frame, "гранты")["excerpt"].tolist() == ["Гранты сократились"]
    assert matrix.search_quotes(frame, "қаржы")["excerpt"].tolist() == ["ҚАРЖЫ жетіспеді"]
    assert len(matrix.search_quotes(frame, "  ")) == 4


@pytest.fixture
def seeded(store):
    seed(store, DATA_DIR)
    versions = {name: v.version for name, v in store.active_versions().items()}
    return store, versions


def bundled():
    respondents = pd.read_csv(DATA_DIR / "respondents.sample.csv", dtype=str, keep_default_na=False)
    codes = pd.read_csv(DATA_DIR / "interview_codes.sample.csv", dtype=str, keep_default_na=False)
    # the canonical city names, as the store resolves them
    respondents["city"] = respondents["city"].replace(
        {"Nur-Sultan": "Astana", "Ust-Kamenogorsk": "Oskemen", "Uralsk": "Oral"}
    )
    return respondents, codes


def test_matrix_by_city_matches_an_independent_count(seeded):
    store, versions = seeded
    respondents, codes = bundled()
    counts = matrix.code_counts(store, versions, theme="challenge", by="city")
    m = matrix.build_matrix(counts, value="column_share")
    joined = codes[codes["theme"] == "challenge"].merge(respondents, on="respondent_id")
    expected = joined.groupby(["code", "city"])["respondent_id"].nunique()
    per_city = (
        respondents[respondents["respondent_id"].isin(codes["respondent_id"])]
        .groupby("city")
        .size()
    )
    for (code, city), n in expected.items():
        assert m.numerators.at[code, city] == n
        assert m.denominators.at[code, city] == per_city[city]
        assert m.values.at[code, city] == pytest.approx(100 * n / per_city[city])
    assert m.numerators.to_numpy().sum() == expected.sum()


def test_matrix_by_period_and_by_focus_area(seeded):
    store, versions = seeded
    respondents, codes = bundled()
    challenge = codes[codes["theme"] == "challenge"]
    by_period = matrix.build_matrix(
        matrix.code_counts(store, versions, theme="challenge", by="period"), value="excerpts"
    )
    expected = challenge.groupby(["code", "period"]).size()
    assert len(expected) > 10
    assert nonzero(by_period.numerators).equals(expected.sort_index().astype("int64"))

    exploded = respondents.assign(focus=respondents["focus_area"].str.split(";")).explode("focus")
    joined = challenge.merge(exploded, on="respondent_id")
    expected = joined.groupby(["code", "focus"])["respondent_id"].nunique()
    by_focus = matrix.build_matrix(
        matrix.code_counts(store, versions, theme="challenge", by="focus_area"), value="respondents"
    )
    assert len(expected) > 10
    assert nonzero(by_focus.numerators).equals(expected.sort_index().astype("int64"))


def nonzero(numerators: pd.DataFrame) -> pd.Series:
    """Every non-zero cell of a matrix as (row, column) → count, to compare whole matrices."""
    cells = numerators.stack()
    cells = cells[cells != 0].astype("int64")
    cells.index = cells.index.set_names([None, None])
    return cells.sort_index()


def test_matrix_follows_the_filters(seeded):
    store, versions = seeded
    respondents, codes = bundled()
    counts = matrix.code_counts(
        store,
        versions,
        theme="challenge",
        by="org_type",
        filters=Filters(cities=("Almaty",), periods=("during_pandemic",)),
    )
    almaty = set(respondents.loc[respondents["city"] == "Almaty", "respondent_id"])
    expected = codes[
        (codes["theme"] == "challenge")
        & codes["respondent_id"].isin(almaty)
        & (codes["period"] == "during_pandemic")
    ]
    assert counts["cells"]["excerpts"].sum() == len(expected)


def test_cooccurrence_is_symmetric_with_mentions_on_the_diagonal(seeded):
    store, versions = seeded
    _, codes = bundled()
    co = matrix.cooccurrence(store, versions, theme="challenge")
    assert (co.to_numpy() == co.to_numpy().T).all()
    mentions = codes[codes["theme"] == "challenge"].groupby("code")["respondent_id"].nunique()
    assert np.diag(co.to_numpy()).tolist() == mentions.reindex(co.index).tolist()
    per_code = codes[codes["theme"] == "challenge"].groupby("code")["respondent_id"].apply(set)
    both = len(per_code["funding_shortage"] & per_code["staff_burnout"])
    assert co.at["funding_shortage", "staff_burnout"] == both


def test_quotes_behind_a_cell_and_a_pair(seeded):
    store, versions = seeded
    respondents, codes = bundled()
    cell = matrix.quotes(
        store, versions, theme="challenge", code="funding_shortage", by="city", column="Almaty"
    )
    almaty = set(respondents.loc[respondents["city"] == "Almaty", "respondent_id"])
    expected = codes[(codes["code"] == "funding_shortage") & codes["respondent_id"].isin(almaty)]
    assert len(cell) == len(expected)
    assert set(cell["city"]) == {"Almaty"}

    pair = matrix.quotes(
        store, versions, theme="challenge", code="funding_shortage", also_code="staff_burnout"
    )
    per_code = codes.groupby("code")["respondent_id"].apply(set)
    both = per_code["funding_shortage"] & per_code["staff_burnout"]
    assert set(pair["respondent_id"]) == both
    assert set(pair["code"]) == {"funding_shortage", "staff_burnout"}

    focus = matrix.quotes(
        store, versions, theme="challenge", code="funding_shortage", by="focus_area", column="youth"
    )
    youth = set(
        respondents.loc[
            respondents["focus_area"].str.split(";").map(lambda f: "youth" in f), "respondent_id"
        ]
    )
    assert (
        set(focus["respondent_id"]) <= youth
        and len(focus)
        == ((codes["code"] == "funding_shortage") & codes["respondent_id"].isin(youth)).sum()
    )


def test_quotes_are_returned_verbatim(store, gazetteer, vocabulary):
    respondents = prepare(
        "respondents",
        pd.DataFrame({"respondent_id": ["R1"], "city": ["Almaty"]}),
        gazetteer=gazetteer,
        vocabulary=vocabulary,
    )
    hostile = "<img src=x onerror=alert(1)> **bold** [x](javascript:alert(1))\nline two"
    codes = prepare(
        "interview_codes",
        pd.DataFrame(
            {
                "respondent_id": ["R1"],
                "theme": ["challenge"],
                "code": ["funding_shortage"],
                "excerpt": [hostile],
            }
        ),
        gazetteer=gazetteer,
        vocabulary=vocabulary,
        known_respondents={"R1"},
    )
    store.publish("respondents", respondents.frame, author="t")
    store.publish("interview_codes", codes.frame, author="t")
    versions = {name: v.version for name, v in store.active_versions().items()}
    found = matrix.quotes(store, versions, theme="challenge", code="funding_shortage")
    assert found["excerpt"].tolist() == [hostile]
