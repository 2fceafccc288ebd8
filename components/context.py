"""What every page starts from: the store, the active versions, the filters, the vocabulary."""

from __future__ import annotations

from dataclasses import dataclass

from atlas.filters import Filters
from atlas.store import Store, VersionInfo
from atlas.vocabulary import Vocabulary
from components import data_access
from components.sidebar import current_filters


@dataclass(frozen=True)
class PageContext:
    store: Store
    active: dict[str, VersionInfo]
    versions: dict[str, int]
    filters: Filters
    vocabulary: Vocabulary
    options: dict


def page_context() -> PageContext:
    """Read once per page run. Cheap: the store and vocabulary are cached; the active versions are
    one small query, so a version published elsewhere shows on the next rerun."""
    store = data_access.get_store()
    active = data_access.active_versions(store)
    versions = data_access.version_numbers(active)
    options = data_access.filter_options(store, versions)
    return PageContext(
        store=store,
        active=active,
        versions=versions,
        filters=current_filters(options),
        vocabulary=data_access.vocabulary(store),
        options=options,
    )
