"""The one place where the app opens the store and caches what it reads.

Cached reads take the active version numbers as arguments. Versions never change once written, so
a cached result can never be stale: publishing makes a new version number, hence a new cache key.
The active versions themselves are read on every rerun (one tiny query).
"""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from atlas import geo, matrix, queries, timeline
from atlas.config import Settings
from atlas.filters import Filters
from atlas.seed import seed
from atlas.store import Store, StoreError, StoreUnavailable, VersionInfo, open_store
from atlas.vocabulary import Vocabulary

log = logging.getLogger(__name__)


def settings() -> Settings:
    try:
        secrets = dict(st.secrets)
    except Exception:  # no secrets file at all is the normal laptop case
        secrets = {}
    return Settings.load(secrets=secrets)


@st.cache_resource(show_spinner=False)
def _store(database_url: str | None, duckdb_path: str, data_dir: str) -> Store:
    # A failure raises and is not cached, so the next rerun tries again (database back online).
    from pathlib import Path

    store = open_store(database_url, Path(duckdb_path))
    report = seed(store, Path(data_dir))
    if report.published:
        log.info("seeded the store with the bundled %s", ", ".join(report.published))
    return store


@st.fragment(run_every="5s")
def wait_for_store() -> None:
    """Shown under the database banner: every few seconds, try the database again and rerun the
    whole page as soon as it answers."""
    try:
        get_store().active_versions()
    except StoreError:
        return
    st.rerun(scope="app")


def get_store() -> Store:
    config = settings()
    return _store(config.database_url, str(config.duckdb_path), str(config.data_dir))


def vocabulary(store: Store) -> Vocabulary:
    """The vocabulary file with the codes editors added from a QDA import (#15). The additions
    are counted on every rerun (one tiny query), so a code added in one session shows in all."""
    try:
        added = int(store.query("SELECT COUNT(*) AS n FROM vocabulary_additions").iloc[0]["n"])
    except StoreUnavailable:
        raise
    except StoreError:  # a database of a release before the table: nothing was added
        added = 0
    return _vocabulary(store, str(settings().data_dir), added)


@st.cache_resource(show_spinner=False, max_entries=8)
def _vocabulary(_store: Store, data_dir: str, added: int) -> Vocabulary:
    from pathlib import Path

    from atlas import resources
    from atlas.qda.saved import extended_vocabulary

    base = resources.vocabulary(Path(data_dir))
    return extended_vocabulary(_store, base) if added else base


def active_versions(store: Store) -> dict[str, VersionInfo]:
    return store.active_versions()


def version_numbers(active: dict[str, VersionInfo]) -> dict[str, int]:
    return {name: info.version for name, info in active.items()}


@st.cache_data(show_spinner=False, max_entries=512)
def headline(_store: Store, versions: dict[str, int], filters: Filters) -> queries.Headline:
    return queries.headline(_store, versions, filters)


@st.cache_data(show_spinner=False, max_entries=64)
def filter_options(_store: Store, versions: dict[str, int]) -> dict:
    return queries.filter_options(_store, versions)


@st.cache_data(show_spinner=False, max_entries=64)
def cited_sources(_store: Store, versions: dict[str, int]) -> pd.DataFrame:
    return queries.cited_sources(_store, versions)


@st.cache_data(show_spinner=False, max_entries=256)
def code_counts(
    _store: Store, versions: dict[str, int], theme: str, by: str, filters: Filters
) -> dict[str, pd.DataFrame]:
    return matrix.code_counts(_store, versions, theme=theme, by=by, filters=filters)


@st.cache_data(show_spinner=False, max_entries=128)
def cooccurrence(
    _store: Store, versions: dict[str, int], theme: str, filters: Filters
) -> pd.DataFrame:
    return matrix.cooccurrence(_store, versions, theme=theme, filters=filters)


@st.cache_data(show_spinner=False, max_entries=256)
def quotes(_store: Store, versions: dict[str, int], filters: Filters, **selection) -> pd.DataFrame:
    return matrix.quotes(_store, versions, filters=filters, **selection)


@st.cache_data(show_spinner=False, max_entries=512)
def place_metrics(
    _store: Store,
    versions: dict[str, int],
    query,
    level: str,
    filters: Filters,
    order: tuple[str, ...] = (),
) -> pd.DataFrame:
    """`order`: the vocabulary's order of the colour codes, for listing tied codes."""
    return geo.place_metrics(_store, versions, query, level=level, filters=filters, order=order)


@st.cache_data(show_spinner=False, max_entries=512)
def events_between(
    _store: Store, versions: dict[str, int], first, last, place, level="city"
) -> pd.DataFrame:
    return geo.events_between(_store, versions, first, last, place=place, level=level)


@st.cache_data(show_spinner=False, max_entries=256)
def respondents_in(
    _store: Store, versions: dict[str, int], place: str, level: str, filters: Filters
) -> pd.DataFrame:
    return geo.respondents_in(_store, versions, place, level=level, filters=filters)


@st.cache_data(show_spinner=False, max_entries=256)
def top_challenges(
    _store: Store, versions: dict[str, int], place: str, level: str, filters: Filters
) -> pd.DataFrame:
    return geo.top_challenges(_store, versions, place, level=level, filters=filters)


@st.cache_resource(show_spinner=False)
def region_polygons(data_dir: str) -> pd.DataFrame:
    """Never mutated: layer builders copy before adding columns."""
    from pathlib import Path

    return geo.polygons(geo.regions(Path(data_dir)), "region")


@st.cache_resource(show_spinner=False)
def neighbour_polygons(data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    world = geo.countries(Path(data_dir))
    neighbours = world[world["iso_a2"].isin(geo.NEIGHBOURS)]
    return geo.polygons(
        neighbours, "name", tolerance=geo.WORLD_TOLERANCE, min_area=geo.WORLD_MIN_AREA
    )


@st.cache_data(show_spinner=False, max_entries=128)
def timeline_events(_store: Store, versions: dict[str, int], filters: Filters) -> pd.DataFrame:
    return timeline.events(_store, versions, filters)


@st.cache_data(show_spinner=False, max_entries=32)
def reported_figures(_store: Store, versions: dict[str, int]) -> pd.DataFrame:
    return timeline.reported_figures(_store, versions)


@st.cache_data(show_spinner=False, max_entries=32)
def source_pages(_store: Store, versions: dict[str, int]) -> pd.DataFrame:
    return timeline.source_pages(_store, versions)


@st.cache_data(show_spinner=False, max_entries=128)
def emergency_regions(_store: Store, versions: dict[str, int], first, last) -> pd.DataFrame:
    return timeline.emergency_regions(_store, versions, first, last)


# The diaspora reads: cached on the filters that apply to actions abroad only, so that choosing
# a Kazakh city in the sidebar does not recount a million actions that it does not narrow.


@st.cache_data(show_spinner=False, max_entries=256)
def _actions_by_day(_store, versions, filters, by, step, organisers) -> pd.DataFrame:
    return timeline.actions_by_day(
        _store, versions, filters, by=by, step=step, organisers=organisers
    )


def actions_by_day(
    store: Store,
    versions: dict[str, int],
    filters: Filters,
    by: str,
    step: str = "day",
    organisers: tuple[str, ...] = (),
) -> pd.DataFrame:
    return _actions_by_day(
        store, versions, timeline.diaspora_filters(filters), by, step, organisers
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _action_span(_store, versions, filters, organisers):
    return timeline.action_span(_store, versions, filters, organisers)


def action_span(
    store: Store, versions: dict[str, int], filters: Filters, organisers: tuple[str, ...] = ()
):
    return _action_span(store, versions, timeline.diaspora_filters(filters), organisers)


@st.cache_data(show_spinner=False, max_entries=256)
def _actions_by(_store, versions, field, filters, organisers, unknown) -> pd.DataFrame:
    return timeline.actions_by(_store, versions, field, filters, organisers, unknown=unknown)


def actions_by(
    store: Store,
    versions: dict[str, int],
    field: str,
    filters: Filters,
    organisers: tuple[str, ...] = (),
    unknown: bool = False,
) -> pd.DataFrame:
    dated = timeline.diaspora_filters(filters)
    return _actions_by(store, versions, field, dated, organisers, unknown)


@st.cache_data(show_spinner=False, max_entries=64)
def _diaspora_places(_store, versions, filters, organisers) -> pd.DataFrame:
    return timeline.places(_store, versions, filters, organisers)


def diaspora_places(
    store: Store, versions: dict[str, int], filters: Filters, organisers: tuple[str, ...] = ()
) -> pd.DataFrame:
    return _diaspora_places(store, versions, timeline.diaspora_filters(filters), organisers)


@st.cache_data(show_spinner=False, max_entries=128)
def _cross_counts(_store, versions, rows, columns, filters, organisers) -> pd.DataFrame:
    return timeline.cross_counts(_store, versions, rows, columns, filters, organisers)


def cross_counts(
    store: Store,
    versions: dict[str, int],
    rows: str,
    columns: str,
    filters: Filters,
    organisers: tuple[str, ...] = (),
) -> pd.DataFrame:
    dated = timeline.diaspora_filters(filters)
    return _cross_counts(store, versions, rows, columns, dated, organisers)


@st.cache_data(show_spinner=False, max_entries=256)
def _actions(_store, versions, filters, where, search, limit, organisers):
    return timeline.actions(
        _store,
        versions,
        filters,
        where=dict(where),
        search=search,
        limit=limit,
        organisers=organisers,
    )


def actions(
    store: Store,
    versions: dict[str, int],
    filters: Filters,
    where: tuple,
    search: str,
    limit: int | None,
    organisers: tuple[str, ...] = (),
):
    """Actions matching `where` and `search`, with their total (see atlas.timeline.actions)."""
    dated = timeline.diaspora_filters(filters)
    return _actions(store, versions, dated, where, search, limit, organisers)


@st.cache_resource(show_spinner=False)
def world_polygons(data_dir: str) -> pd.DataFrame:
    from pathlib import Path

    world = geo.countries(Path(data_dir))
    return geo.polygons(world, "iso_a2", tolerance=geo.WORLD_TOLERANCE, min_area=geo.WORLD_MIN_AREA)


@st.cache_data(show_spinner=False, max_entries=32)
def orphaned_excerpts(_store: Store, versions: dict[str, int]) -> pd.DataFrame:
    return queries.orphaned_excerpts(_store, versions)


def show_orphans_notice(store: Store, versions: dict[str, int]) -> None:
    """One line on pages that count excerpts, when some have no published respondent."""
    from components.i18n import t

    orphans = orphaned_excerpts(store, versions)
    if not orphans.empty:
        st.caption(
            t(
                "orphans.notice",
                count=int(orphans["excerpts"].sum()),
                respondents=len(orphans),
            ),
            help=t("orphans.help"),
        )
