"""The quotes panel: the excerpts behind a selection, searchable, always shown as plain text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas.matrix import search_quotes
from atlas.vocabulary import Vocabulary
from components.i18n import language, plain, t, text_of

MAX_SHOWN = 50


def show_quotes(
    frame: pd.DataFrame, *, vocabulary: Vocabulary, key: str, sample: bool = False
) -> None:
    """Excerpt cards with respondent, city, organisation type, period, language and intensity;
    with `sample` (the excerpts come from the bundled sample) the sample label heads the panel."""
    from components.privacy import hidden_notice, interviews_private
    from components.provenance import SAMPLE_ICON

    if sample:
        st.badge(t("export.sample"), icon=SAMPLE_ICON, color="orange")

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


def show_selected_quotes(
    ctx, heading: str, filters, *, key: str, sample: bool = False, **selection
) -> None:
    """The excerpts behind a chosen cell (or pair of codes), under a heading that names it:
    `selection` is what `data_access.quotes` narrows to (theme, code, by, column, also_code)."""
    from components import data_access

    st.subheader(heading)
    found = data_access.quotes(ctx.store, ctx.versions, filters, **selection)
    show_quotes(found, vocabulary=ctx.vocabulary, key=key, sample=sample)
