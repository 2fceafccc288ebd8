"""Civic Atlas KZ: the router. Page config, the shared sidebar, navigation — no data work here."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from atlas.store import StoreError, StoreUnavailable
from components import data_access, editor, navigation, page_style, presentation, url_state
from components.i18n import choose_language, t
from components.sidebar import render_filters

# A local favicon: a material icon here would make the browser fetch it from Google's servers.
FAVICON = Path(__file__).parent / "assets" / "favicon.png"
choose_language()
st.set_page_config(page_title=t("app.title"), page_icon=str(FAVICON), layout="wide")


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
vocabulary = data_access.vocabulary(store)
options = data_access.filter_options(store, data_access.version_numbers(active))

presenting = presentation.remember()  # before navigation: a page switch drops the URL's params
page = st.navigation(navigation.streamlit_pages(), position="hidden" if presenting else "sidebar")
render_filters(options, vocabulary)
st.sidebar.caption(t("sidebar.database", engine=store.describe()))
page_style.install()  # layout rules, and a person's press on a chart selects what is under it
presentation.show_add_view(store, page.url_path)
presentation.show(store, presenting)
try:
    page.run()
except StoreUnavailable:
    # The database went away in the middle of the page: the same banner as at the start, and the
    # page comes back by itself once the database answers again.
    st.error(t("store.unavailable"), icon=":material/cloud_off:")
    data_access.wait_for_store()
# After the page, whose controls read the link too: the values it could not read, in one notice.
url_state.show_notices()
