"""The quotes panel: the excerpts behind a selection, searchable, always shown as plain text."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from atlas.matrix import search_quotes
from atlas.vocabulary import Vocabulary
from components.i18n import language, t

MAX_SHOWN = 50
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def plain(text: object) -> str:
    """Escape Markdown so that data shown inside st.caption/st.markdown is never rendered."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def show_quotes(frame: pd.DataFrame, *, vocabulary: Vocabulary, key: str) -> None:
    """Excerpt cards with respondent, city, organisation type, period, language and intensity."""
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
            st.text(quote.excerpt or t("quotes.empty"))
            meta = [
                quote.respondent_id,
                quote.city or "",
                orgs.get(quote.org_type, quote.org_type or ""),
                periods.get(quote.period, quote.period or ""),
                languages.get(quote.language, quote.language or ""),
                t("quotes.intensity", n=quote.intensity) if pd.notna(quote.intensity) else "",
                codes.get(quote.code, quote.code),
            ]
            st.caption(" · ".join(plain(m) for m in meta if m))
