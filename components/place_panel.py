"""The side panel of the map: who and what is behind a selected city or region."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from components import data_access
from components.context import PageContext
from components.i18n import language, plain, t, text_of, tm
from components.privacy import hidden_notice, interviews_private, pseudonymise
from components.provenance import show_provenance_badge
from components.quotes import show_quotes
from components.sidebar import place_name


def event_table(events: pd.DataFrame, vocabulary) -> None:
    """Events with type, place, figures and a link to the source (all plain text cells)."""
    labels = vocabulary.labels("event_type", language())
    shown = pd.DataFrame(
        {
            t("col.date"): events["date"],
            # A one-day event has no end: "—", never "None" (a text column, dates formatted here).
            t("col.until"): [
                f"{pd.Timestamp(d):%d.%m.%Y}" if pd.notna(d) else t("cell.empty")
                for d in events["end_date"]
            ],
            t("col.type"): events["event_type"].map(lambda c: labels.get(c, c)),
            t("col.event"): events["title"],
            t("col.place"): events["city"].fillna(events["region"]).fillna(t("place.nationwide")),
            t("col.figures"): events["figures_as_reported"].fillna(""),
            t("col.source"): events["source_name"],
            t("col.link"): events["source_url"],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            t("col.date"): st.column_config.DateColumn(format="DD.MM.YYYY"),
            t("col.link"): st.column_config.LinkColumn(display_text=t("col.open_source")),
        },
    )


def show_place_panel(
    ctx: PageContext,
    *,
    place: str,
    level: str,
    code: str | None,
    window: tuple[dt.date, dt.date],
    tied: Sequence[str] = (),
    tie_of: str = "challenge",
) -> None:
    """`tied`: the labels of the codes tying for the most mentions here (the map draws the place
    grey); `tie_of`: what they are, "challenge" or "events"."""
    lang = language()
    st.subheader(plain(place_name(place)))
    if tied:
        st.markdown(tm(f"panel.tie.{tie_of}", labels=", ".join(tied)))
    people = data_access.respondents_in(ctx.store, ctx.versions, place, level, ctx.filters)
    st.markdown(f"**{t('panel.respondents', n=len(people))}**")
    show_provenance_badge(ctx.active.get("respondents"))  # whatever the map's measure is
    private = interviews_private()
    if private and not people.empty:
        st.dataframe(
            pd.DataFrame(
                {t("col.respondent"): pseudonymise(people["respondent_id"], ctx.store, ctx.active)}
            ),
            hide_index=True,
        )
        hidden_notice("public.respondents_hidden")
    if not people.empty and not private:
        orgs = ctx.vocabulary.labels("org_type", lang)
        shown = pd.DataFrame(
            {
                t("col.respondent"): people["respondent_id"],
                t("col.place"): people["city"],
                t("col.org_type"): people["org_type"].map(lambda c: orgs.get(c, c)),
                t("col.focus_area"): people["focus_area"].map(
                    lambda v: _labels(v, ctx.vocabulary.labels("focus_area", lang))
                ),
                t("col.gender"): people["gender"].map(
                    lambda c: ctx.vocabulary.label("gender", c, lang) if c else ""
                ),
                t("col.age_group"): people["age_group"],
                t("col.mode"): people["interview_mode"].map(
                    lambda c: ctx.vocabulary.label("interview_mode", c, lang) if c else ""
                ),
            }
        )
        st.dataframe(shown, hide_index=True, width="stretch")
    if not people.empty:
        top = data_access.top_challenges(ctx.store, ctx.versions, place, level, ctx.filters)
        codes = ctx.vocabulary.labels("code", lang)
        st.markdown(f"**{t('panel.top_challenges')}**")
        st.dataframe(
            pd.DataFrame(
                {
                    t("col.challenge"): top["code"].map(lambda c: codes.get(c, c)),
                    t("col.respondents"): top["respondents"],
                    t("col.excerpts"): top["excerpts"],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        if code:
            st.markdown(f"**{tm('panel.quotes', code=codes.get(code, code))}**")
            theme = ctx.vocabulary.themes_of().get(code, "challenge")
            found = data_access.quotes(
                ctx.store, ctx.versions, ctx.filters, theme=theme, code=code, by=level, column=place
            )
            sample = any(
                ctx.active[d].is_sample
                for d in ("respondents", "interview_codes")
                if d in ctx.active
            )
            show_quotes(found, vocabulary=ctx.vocabulary, key=f"map_{level}", sample=sample)
    events = data_access.events_between(ctx.store, ctx.versions, window[0], window[1], place, level)
    st.markdown(
        f"**{t('panel.events', n=len(events), first=f'{window[0]:%d.%m}', last=f'{window[1]:%d.%m.%Y}')}**"
    )
    if not events.empty:
        event_table(events, ctx.vocabulary)


def _labels(codes: str | None, labels: dict[str, str]) -> str:
    return ", ".join(labels.get(c, c) for c in text_of(codes).split(";") if c)
