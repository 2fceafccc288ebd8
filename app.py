"""Civic Atlas KZ: the router. Page config, the shared sidebar, navigation — no data work here."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from atlas import resources
from atlas.store import StoreError, StoreUnavailable
from components import data_access, editor
from components.i18n import t
from components.sidebar import render_filters

# A local favicon: a material icon here would make the browser fetch it from Google's servers.
FAVICON = Path(__file__).parent / "assets" / "favicon.png"
st.set_page_config(page_title=t("app.title"), page_icon=str(FAVICON), layout="wide")

# Stable URL paths: outside links and tests open these. Titles are translated, paths never are.
PAGES = [
    st.Page("pages/overview.py", title=t("nav.overview"), icon=":material/home:", default=True),
    st.Page("pages/map.py", title=t("nav.map"), icon=":material/map:", url_path="map"),
    st.Page(
        "pages/challenges.py",
        title=t("nav.challenges"),
        icon=":material/grid_on:",
        url_path="challenges",
    ),
    st.Page(
        "pages/timeline.py",
        title=t("nav.timeline"),
        icon=":material/timeline:",
        url_path="timeline",
    ),
    st.Page(
        "pages/diaspora.py", title=t("nav.diaspora"), icon=":material/public:", url_path="diaspora"
    ),
    st.Page("pages/data.py", title=t("nav.data"), icon=":material/database:", url_path="data"),
]

try:
    store = data_access.get_store()
    active = data_access.active_versions(store)
except StoreUnavailable:
    st.error(t("store.unavailable"), icon=":material/cloud_off:")
    data_access.wait_for_store()
    st.stop()
except StoreError as exc:
    st.error(t("store.bundled_error", detail=str(exc)))
    st.stop()

config = data_access.settings()
editor.config()  # the one-time editor token is made, and printed to the console, on the first run
vocabulary = resources.vocabulary(config.data_dir)
options = data_access.filter_options(store, data_access.version_numbers(active))

page = st.navigation(PAGES, position="sidebar")
render_filters(options, vocabulary)
st.sidebar.caption(t("sidebar.database", engine=store.describe()))
try:
    page.run()
except StoreUnavailable:
    # The database went away in the middle of the page: the same banner as at the start, and the
    # page comes back by itself once the database answers again.
    st.error(t("store.unavailable"), icon=":material/cloud_off:")
    data_access.wait_for_store()
