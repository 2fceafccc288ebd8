"""The quotes panel: the excerpts behind a selection, searchable, always shown as plain text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas.matrix import search_quotes
from atlas.vocabulary import Vocabulary
from components.i18n import language, plain, t, text_of

MAX_SHOWN = 50


def show_quotes(frame: pd.DataFrame, *, vocabulary: Vocabulary, key: str) -> None:
    """Excerpt cards with respondent, city, organisation type, period, language and intensity."""
    from components.privacy import hidden_notice, interviews_private

    if interviews_private():  # a public deployment: the count, never the words
        st.caption(t("quotes.count", shown=0, total=len(frame)))
        hidden_notice()
        return
    query = st.text_input(
        t("quotes.search"), key=f"{key}_search", placeholder=t("quotes.search_hint")
    )
    found = search_quotes(frame, query)
    st.caption(t("quotes.count", shown=min(len(found), MAX_SHOWN), total=len(found)))
    lang = language()
    codes = vocabulary.labels("code", lang)
    orgs = vocabulary.labels("org_type", lang)
    periods = vocabulary.labels("period", lang)
    languages = vocabulary.labels("language", lang)
    for quote in found.head(MAX_SHOWN).itertuples():
        with st.container(border=True):
            st.text(text_of(quote.excerpt, t("quotes.empty")))
            meta = [
                quote.respondent_id,
                text_of(quote.city),
                orgs.get(quote.org_type, text_of(quote.org_type)),
                periods.get(quote.period, text_of(quote.period)),
                languages.get(quote.language, text_of(quote.language)),
                t("quotes.intensity", n=quote.intensity) if pd.notna(quote.intensity) else "",
                codes.get(quote.code, quote.code),
            ]
            st.caption(" · ".join(plain(m) for m in meta if m))
