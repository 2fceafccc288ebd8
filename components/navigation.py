"""The one list of the app's pages: the router builds its navigation from it, the overview its
links, the tests and tools their page paths. URL paths are stable (links and tests open them);
titles are translated."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components.i18n import t


@dataclass(frozen=True)
class PageSpec:
    key: str  # message ids nav.<key> and explore.<key>
    path: str  # the script, relative to the app's root
    url_path: str  # "" for the default page
    icon: str
    explore: bool = True  # listed under "Explore" on the overview


PAGES = (
    PageSpec("overview", "app_pages/overview.py", "", ":material/home:", explore=False),
    PageSpec("map", "app_pages/map.py", "map", ":material/map:"),
    PageSpec("challenges", "app_pages/challenges.py", "challenges", ":material/grid_on:"),
    PageSpec("timeline", "app_pages/timeline.py", "timeline", ":material/timeline:"),
    PageSpec("diaspora", "app_pages/diaspora.py", "diaspora", ":material/public:"),
    PageSpec("data", "app_pages/data.py", "data", ":material/database:"),
    PageSpec("stories", "app_pages/stories.py", "stories", ":material/slideshow:", explore=False),
)


def streamlit_pages() -> list[st.Page]:
    return [
        st.Page(
            spec.path,
            title=t(f"nav.{spec.key}"),
            icon=spec.icon,
            url_path=spec.url_path or None,
            default=not spec.url_path,
        )
        for spec in PAGES
    ]
