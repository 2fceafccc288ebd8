"""Aggregations run in the database; each returns a small frame or a few numbers for a page.

Every function takes the versions to read explicitly (a dict dataset → version), so results are a
pure function of their arguments and can be cached by them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas.filters import Filters
from atlas.store import Store

Versions = dict[str, int]


@dataclass(frozen=True)
class Headline:
    respondents: int
    cities: int
    excerpts: int
    events: int
    diaspora_actions: int
    first_date: pd.Timestamp | None
    last_date: pd.Timestamp | None


def headline(store: Store, versions: Versions, filters: Filters = Filters()) -> Headline:
    """The overview's figures, under the shared filters."""
    r_where, r_params = filters.respondents_sql("r")
    c_where, c_params = filters.codes_sql("c")
    e_where, e_params = filters.dated_sql("e")
    d_where, d_params = filters.dated_sql("d", places=False)
    rv, cv = versions.get("respondents", -1), versions.get("interview_codes", -1)
    ev, dv = versions.get("events", -1), versions.get("diaspora_actions", -1)
    row = store.query(
        f"""
        SELECT
          (SELECT COUNT(*) FROM respondents r WHERE r.version = ? AND {r_where}) AS respondents,
          (SELECT COUNT(DISTINCT r.city) FROM respondents r WHERE r.version = ? AND {r_where})
            AS cities,
          (SELECT COUNT(*) FROM interview_codes c
             JOIN respondents r ON r.respondent_id = c.respondent_id AND r.version = ?
           WHERE c.version = ? AND {r_where} AND {c_where}) AS excerpts,
          (SELECT COUNT(*) FROM events e WHERE e.version = ? AND {e_where}) AS events,
          (SELECT COUNT(*) FROM diaspora_actions d WHERE d.version = ? AND {d_where})
            AS diaspora_actions,
          (SELECT MIN(e.date) FROM events e WHERE e.version = ? AND {e_where}) AS first_date,
          (SELECT MAX(COALESCE(e.end_date, e.date)) FROM events e WHERE e.version = ? AND {e_where})
            AS last_date
        """,
        [
            rv,
            *r_params,
            rv,
            *r_params,
            rv,
            cv,
            *r_params,
            *c_params,
            ev,
            *e_params,
            dv,
            *d_params,
            ev,
            *e_params,
            ev,
            *e_params,
        ],
    ).iloc[0]
    return Headline(
        respondents=int(row["respondents"]),
        cities=int(row["cities"]),
        excerpts=int(row["excerpts"]),
        events=int(row["events"]),
        diaspora_actions=int(row["diaspora_actions"]),
        first_date=None if pd.isna(row["first_date"]) else pd.Timestamp(row["first_date"]),
        last_date=None if pd.isna(row["last_date"]) else pd.Timestamp(row["last_date"]),
    )


def filter_options(store: Store, versions: Versions) -> dict:
    """The values the sidebar offers: places, org types and the date extent of the active data."""
    rv, ev = versions.get("respondents", -1), versions.get("events", -1)
    places = store.query(
        "SELECT city, region FROM respondents WHERE version = ?"
        " UNION SELECT city, region FROM events WHERE version = ?",
        [rv, ev],
    )
    dates = store.query(
        "SELECT MIN(date) AS first, MAX(COALESCE(end_date, date)) AS last FROM ("
        " SELECT date, end_date FROM events WHERE version = ?"
        " UNION ALL SELECT date, end_date FROM diaspora_actions WHERE version = ?) d",
        [ev, versions.get("diaspora_actions", -1)],
    ).iloc[0]
    org = store.query(
        "SELECT DISTINCT org_type FROM respondents WHERE version = ? AND org_type IS NOT NULL",
        [rv],
    )
    return {
        "cities": sorted(places["city"].dropna().unique().tolist()),
        "regions": sorted(places["region"].dropna().unique().tolist()),
        "org_types": sorted(org["org_type"].tolist()),
        "first_date": None if pd.isna(dates["first"]) else pd.Timestamp(dates["first"]).date(),
        "last_date": None if pd.isna(dates["last"]) else pd.Timestamp(dates["last"]).date(),
    }


def cited_sources(store: Store, versions: Versions, limit: int = 500) -> pd.DataFrame:
    """The sources cited by the bundled-fact datasets, most cited first, with how many rows cite
    each; at most `limit` of them (an uploaded table may cite a million pages), and in
    `sources_total` how many there are in all."""
    return store.query(
        """
        SELECT dataset, source_name, source_url, p.kind AS source_kind, COUNT(*) AS rows_citing,
               COUNT(*) OVER () AS sources_total
        FROM (
          SELECT 'events' AS dataset, source_name, source_url FROM events WHERE version = ?
          UNION ALL
          SELECT 'diaspora_actions', source_name, source_url FROM diaspora_actions WHERE version = ?
          UNION ALL
          SELECT 'reported_figures', source_name, source_url FROM reported_figures
          WHERE version = ?
        ) s
        LEFT JOIN sources p ON p.url = s.source_url AND p.version = ?
        WHERE source_url IS NOT NULL
        GROUP BY dataset, source_name, source_url, p.kind
        ORDER BY dataset DESC, rows_citing DESC, source_name, source_url
        LIMIT ?
        """,
        [
            versions.get("events", -1),
            versions.get("diaspora_actions", -1),
            versions.get("reported_figures", -1),
            versions.get("sources", -1),
            limit,
        ],
    )


def orphaned_excerpts(store: Store, versions: Versions) -> pd.DataFrame:
    """Active excerpts whose respondent is not in the active respondents (published anyway, or
    left behind by a rollback): respondent_id, excerpts. Such excerpts have no city, region or
    organisation, so every per-respondent figure leaves them out; pages say how many."""
    if "interview_codes" not in versions:
        return pd.DataFrame(columns=["respondent_id", "excerpts"])
    if "respondents" not in versions:
        return store.query(
            "SELECT respondent_id, COUNT(*) AS excerpts FROM interview_codes WHERE version = ?"
            " GROUP BY respondent_id ORDER BY respondent_id",
            [versions["interview_codes"]],
        )
    return store.query(
        "SELECT c.respondent_id, COUNT(*) AS excerpts FROM interview_codes c"
        " WHERE c.version = ? AND NOT EXISTS (SELECT 1 FROM respondents r"
        "  WHERE r.version = ? AND r.respondent_id = c.respondent_id)"
        " GROUP BY c.respondent_id ORDER BY c.respondent_id",
        [versions["interview_codes"], versions["respondents"]],
    )
