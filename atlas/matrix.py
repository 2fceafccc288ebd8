"""Code matrices of interview data: codes × a respondent attribute, and code co-occurrence.

The counting runs in the database and returns tidy counts; the pure functions below turn them into
the matrix a chart shows (values, numerators, denominators) and order its rows and columns. This is
what MAXQDA's Code Matrix Browser and QualCoder's co-occurrence view compute.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from atlas.filters import Filters
from atlas.store import Store

Versions = dict[str, int]
Value = Literal["respondents", "column_share", "row_share", "excerpts"]
Order = Literal["total", "alphabetical", "clustered"]

# Respondent attributes a matrix can be split by. `focus_area` holds several codes per respondent;
# `period` belongs to the excerpt, not to the respondent.
ATTRIBUTES = (
    "city",
    "region",
    "org_type",
    "focus_area",
    "period",
    "interview_mode",
    "gender",
    "age_group",
)
VALUES: tuple[Value, ...] = ("respondents", "column_share", "row_share", "excerpts")
ORDERS: tuple[Order, ...] = ("total", "alphabetical", "clustered")
NOT_RECORDED = "(not recorded)"
SMALL_N = 3  # denominators below this are marked: a 100 % of one interview is not a finding


@dataclass(frozen=True)
class Matrix:
    """values[i, j] = numerators[i, j] / denominators[i, j] (or the count itself)."""

    values: pd.DataFrame  # rows: codes, columns: attribute values
    numerators: pd.DataFrame
    denominators: pd.DataFrame
    value: Value

    @property
    def is_share(self) -> bool:
        return self.value in ("column_share", "row_share")

    def small(self, threshold: int = SMALL_N) -> pd.DataFrame:
        """Cells whose denominator is below `threshold` (only meaningful for shares)."""
        if not self.is_share:
            return self.values.map(lambda _: False)
        return self.denominators < threshold

    def tidy(self) -> pd.DataFrame:
        """One row per cell, for download."""
        frame = pd.DataFrame(
            {
                "code": np.repeat(self.values.index.to_numpy(), self.values.shape[1]),
                "column": np.tile(self.values.columns.to_numpy(), self.values.shape[0]),
                "value": self.values.to_numpy().ravel(),
                "numerator": self.numerators.to_numpy().ravel(),
                "denominator": self.denominators.to_numpy().ravel(),
            }
        )
        return frame


def _split(store: Store, expression: str) -> str:
    function = "string_split" if store.dialect == "duckdb" else "string_to_array"
    return f"unnest({function}({expression}, ';'))"


def _respondents_cte(store: Store, by: str, filters: Filters, version: int) -> tuple[str, list]:
    """A CTE `resp(respondent_id, col)` of the filtered respondents and their attribute value."""
    if by not in ATTRIBUTES:
        raise ValueError(f"cannot split by {by!r}")
    where, params = filters.respondents_sql("r")
    if by == "focus_area":
        # One row per focus area; respondents with none get one row with no value.
        return (
            f"resp AS (SELECT r.respondent_id, {_split(store, 'r.focus_area')} AS col FROM respondents r"
            f" WHERE r.version = ? AND COALESCE(r.focus_area, '') <> '' AND {where}"
            " UNION ALL SELECT r.respondent_id, NULL AS col FROM respondents r"
            f" WHERE r.version = ? AND COALESCE(r.focus_area, '') = '' AND {where})",
            [version, *params, version, *params],
        )
    column = "NULL" if by == "period" else f"r.{by}"  # a period belongs to the excerpt
    return (
        f"resp AS (SELECT r.respondent_id, {column} AS col FROM respondents r"
        f" WHERE r.version = ? AND {where})",
        [version, *params],
    )


def code_counts(
    store: Store, versions: Versions, *, theme: str, by: str, filters: Filters = Filters()
) -> dict[str, pd.DataFrame]:
    """Tidy counts for a code × attribute matrix, computed in the database.

    Returns three frames: `cells` (code, col, respondents, excerpts), `columns` (col, respondents:
    the column's respondents), `rows` (code, respondents: everyone mentioning the code).
    """
    rv, cv = versions.get("respondents", -1), versions.get("interview_codes", -1)
    resp, r_params = _respondents_cte(store, by, filters, rv)
    c_where, c_params = filters.codes_sql("c")
    col = "c.period" if by == "period" else "resp.col"
    base = (
        f"WITH {resp}, codes AS (SELECT c.respondent_id, c.code, c.period, c.theme"
        f" FROM interview_codes c WHERE c.version = ? AND {c_where})"
    )
    params = [*r_params, cv, *c_params]
    cells = store.query(
        f"{base} SELECT c.code, COALESCE({col}, ?) AS col,"
        " COUNT(DISTINCT c.respondent_id) AS respondents, COUNT(*) AS excerpts"
        " FROM codes c JOIN resp ON resp.respondent_id = c.respondent_id"
        " WHERE c.theme = ? GROUP BY 1, 2",
        [*params, NOT_RECORDED, theme],
    )
    if by == "period":
        # A period's respondents: those with any excerpt in it (of any theme).
        columns = store.query(
            f"{base} SELECT COALESCE(c.period, ?) AS col, COUNT(DISTINCT c.respondent_id) AS respondents"
            " FROM codes c JOIN resp ON resp.respondent_id = c.respondent_id GROUP BY 1",
            [*params, NOT_RECORDED],
        )
    else:
        columns = store.query(
            f"{base} SELECT COALESCE(resp.col, ?) AS col, COUNT(DISTINCT resp.respondent_id) AS respondents"
            " FROM resp WHERE resp.respondent_id IN (SELECT respondent_id FROM codes) GROUP BY 1",
            [*params, NOT_RECORDED],
        )
    rows = store.query(
        f"{base} SELECT c.code, COUNT(DISTINCT c.respondent_id) AS respondents"
        " FROM codes c JOIN resp ON resp.respondent_id = c.respondent_id"
        " WHERE c.theme = ? GROUP BY 1",
        [*params, theme],
    )
    return {"cells": cells, "columns": columns, "rows": rows}


def build_matrix(
    counts: dict[str, pd.DataFrame], *, value: Value, codes: list[str] | None = None
) -> Matrix:
    """Turn tidy counts into a matrix of `value`. `codes` adds rows for codes nobody mentioned."""
    cells, columns, rows = counts["cells"], counts["columns"], counts["rows"]
    column_order = sorted(columns["col"].tolist())
    row_order = sorted(set(cells["code"]) | set(codes or []))
    measure = "excerpts" if value == "excerpts" else "respondents"
    numerators = (
        cells.pivot_table(index="code", columns="col", values=measure, aggfunc="sum", fill_value=0)
        .reindex(index=row_order, columns=column_order, fill_value=0)
        .astype(int)
    )
    numerators.index.name, numerators.columns.name = None, None
    if value == "column_share":
        denominators = pd.DataFrame(
            np.tile(
                columns.set_index("col").reindex(column_order)["respondents"].to_numpy(),
                (len(row_order), 1),
            ),
            index=row_order,
            columns=column_order,
        )
    elif value == "row_share":
        per_row = rows.set_index("code").reindex(row_order)["respondents"].fillna(0).to_numpy()
        denominators = pd.DataFrame(
            np.tile(per_row[:, None], (1, len(column_order))), index=row_order, columns=column_order
        )
    else:
        denominators = numerators.copy()
    denominators = denominators.astype(int)
    if value in ("column_share", "row_share"):
        with np.errstate(divide="ignore", invalid="ignore"):
            values = pd.DataFrame(
                np.where(
                    denominators > 0, 100.0 * numerators / denominators.replace(0, np.nan), np.nan
                ),
                index=row_order,
                columns=column_order,
            )
    else:
        values = numerators.astype(float)
    return Matrix(values=values, numerators=numerators, denominators=denominators, value=value)


def order_labels(table: pd.DataFrame, how: Order, *, axis: int = 0) -> list:
    """Order the rows (axis 0) or columns (axis 1) of `table`.

    total: largest sum first (ties alphabetical); alphabetical; clustered: hierarchical clustering
    of the profiles (average linkage, cosine distance, optimal leaf order) so that similar rows sit
    together — deterministic for the same input.
    """
    frame = table if axis == 0 else table.T
    if how == "alphabetical":
        return sorted(frame.index, key=str)
    if how == "total" or len(frame) < 3:
        return _by_total(frame)
    from scipy.cluster.hierarchy import leaves_list, linkage, optimal_leaf_ordering
    from scipy.spatial.distance import pdist

    ordered = sorted(frame.index, key=str)  # the same input order every time
    data = frame.loc[ordered].fillna(0).to_numpy(dtype=float)
    if not data.any():
        return ordered
    # Rows of zeros have no direction: give them a tiny equal profile so cosine is defined.
    data = np.where(data.sum(axis=1, keepdims=True) == 0, 1e-9, data)
    distances = pdist(data, metric="cosine")
    tree = optimal_leaf_ordering(linkage(distances, method="average"), distances)
    return [ordered[i] for i in leaves_list(tree)]


def _by_total(frame: pd.DataFrame) -> list:
    totals = frame.fillna(0).sum(axis=1)
    return sorted(frame.index, key=lambda label: (-totals[label], str(label)))


def cooccurrence(
    store: Store, versions: Versions, *, theme: str, filters: Filters = Filters()
) -> pd.DataFrame:
    """Respondents who have both codes, for every pair of codes of `theme` (symmetric; the
    diagonal is the number of respondents with the code)."""
    rv, cv = versions.get("respondents", -1), versions.get("interview_codes", -1)
    r_where, r_params = filters.respondents_sql("r")
    c_where, c_params = filters.codes_sql("c")
    pairs = store.query(
        f"""
        WITH rc AS (
          SELECT DISTINCT c.respondent_id, c.code FROM interview_codes c
          JOIN respondents r ON r.respondent_id = c.respondent_id AND r.version = ?
          WHERE c.version = ? AND c.theme = ? AND {r_where} AND {c_where}
        )
        SELECT a.code AS code_a, b.code AS code_b, COUNT(*) AS respondents
        FROM rc a JOIN rc b ON a.respondent_id = b.respondent_id
        GROUP BY 1, 2
        """,
        [rv, cv, theme, *r_params, *c_params],
    )
    codes = sorted(set(pairs["code_a"]))
    matrix = pairs.pivot_table(
        index="code_a", columns="code_b", values="respondents", aggfunc="sum", fill_value=0
    ).reindex(index=codes, columns=codes, fill_value=0)
    matrix.index.name, matrix.columns.name = None, None
    return matrix.astype(int)


def quotes(
    store: Store,
    versions: Versions,
    *,
    theme: str,
    code: str,
    by: str | None = None,
    column: str | None = None,
    also_code: str | None = None,
    filters: Filters = Filters(),
) -> pd.DataFrame:
    """The excerpts behind a matrix cell (code × attribute value) or a co-occurrence pair
    (`also_code`: respondents having both; their excerpts of either code)."""
    rv, cv = versions.get("respondents", -1), versions.get("interview_codes", -1)
    r_where, r_params = filters.respondents_sql("r")
    c_where, c_params = filters.codes_sql("c")
    conditions, params = ["c.theme = ?"], [theme]
    if also_code is None:
        conditions.append("c.code = ?")
        params.append(code)
    else:
        conditions.append("c.code IN (?, ?)")
        params += [code, also_code]
        # The respondents having both codes under the same period filter as the cell's count.
        x_where, x_params = filters.codes_sql("x")
        y_where, y_params = filters.codes_sql("y")
        conditions.append(
            "c.respondent_id IN (SELECT x.respondent_id FROM interview_codes x WHERE x.version = ?"
            f" AND x.theme = ? AND x.code = ? AND {x_where} INTERSECT SELECT y.respondent_id"
            f" FROM interview_codes y WHERE y.version = ? AND y.theme = ? AND y.code = ? AND {y_where})"
        )
        params += [cv, theme, code, *x_params, cv, theme, also_code, *y_params]
    if by is not None and column is not None:
        if by not in ATTRIBUTES:
            raise ValueError(f"cannot split by {by!r}")
        if column == NOT_RECORDED:
            target = "c.period" if by == "period" else f"r.{by}"
            conditions.append(f"COALESCE({target}, '') = ''")
        elif by == "period":
            conditions.append("c.period = ?")
            params.append(column)
        elif by == "focus_area":
            conditions.append(f"? IN (SELECT {_split(store, 'r.focus_area')})")
            params.append(column)
        else:
            conditions.append(f"r.{by} = ?")
            params.append(column)
    return store.query(
        f"""
        SELECT c.excerpt_id, c.respondent_id, r.city, r.region, r.org_type, c.code, c.period,
               c.language, c.intensity, c.excerpt
        FROM interview_codes c
        JOIN respondents r ON r.respondent_id = c.respondent_id AND r.version = ?
        WHERE c.version = ? AND {" AND ".join(conditions)} AND {r_where} AND {c_where}
        ORDER BY c.respondent_id, c.source_line
        """,
        [rv, cv, *params, *r_params, *c_params],
    )


def search_quotes(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """Excerpts containing `text`, ignoring case (Cyrillic and Kazakh letters included)."""
    needle = text.strip().casefold()
    if not needle:
        return frame
    return frame[frame["excerpt"].fillna("").map(lambda e: needle in e.casefold())]


def reindex(m: Matrix, rows: list, columns: list) -> Matrix:
    """The matrix with exactly these rows and columns, in this order (missing cells: 0, or no
    value for shares)."""
    return Matrix(
        values=m.values.reindex(
            index=rows, columns=columns, fill_value=np.nan if m.is_share else 0.0
        ),
        numerators=m.numerators.reindex(index=rows, columns=columns, fill_value=0),
        denominators=m.denominators.reindex(index=rows, columns=columns, fill_value=0),
        value=m.value,
    )


def from_counts(table: pd.DataFrame) -> Matrix:
    """A count matrix (such as co-occurrence) as a Matrix."""
    return Matrix(
        values=table.astype(float), numerators=table, denominators=table, value="respondents"
    )
