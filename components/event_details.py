"""Details of one event or one day's diaspora actions, with their sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import language, t
from components.quotes import plain


def show_event(event: pd.Series, vocabulary) -> None:
    labels = vocabulary.labels("event_type", language())
    with st.container(border=True):
        st.markdown(f"#### {plain(event['title'])}")
        when = f"{pd.Timestamp(event['date']):%d.%m.%Y}"
        if pd.notna(event["end_date"]) and event["end_date"] != event["date"]:
            when += f" – {pd.Timestamp(event['end_date']):%d.%m.%Y}"
        if isinstance(event["time"], str) and event["time"]:
            when += f", {event['time']}"
        place = next(
            (p for p in (event["city"], event["region"]) if isinstance(p, str) and p), None
        )
        facts = [
            when,
            labels.get(event["event_type"], event["event_type"]),
            place or t("place.nationwide"),
        ]
        st.caption(" · ".join(plain(f) for f in facts))
        st.text(event["description"] or "")
        if isinstance(event["figures_as_reported"], str) and event["figures_as_reported"]:
            st.text(t("event.figures", figures=event["figures_as_reported"]))
        others = event.get("other_source_urls")
        urls = [event["source_url"], *(others.split() if isinstance(others, str) else [])]
        names = [n.strip() for n in str(event["source_name"]).split(";")]
        if len(names) != len(urls):  # one publisher for several pages: number them
            names = [f"{names[0]} ({i})" for i in range(1, len(urls) + 1)]
        for name, url in zip(names, urls, strict=True):
            st.link_button(t("event.source", source=name), url, icon=":material/open_in_new:")


def show_actions(rows: pd.DataFrame, total: int, vocabulary) -> None:
    """A table of diaspora actions with a link to each source (plain-text cells)."""
    lang = language()
    types = vocabulary.labels("action_type", lang)
    actors = vocabulary.labels("actor_type", lang)
    shown = pd.DataFrame(
        {
            t("col.date"): rows["date"],
            t("col.place"): rows["city"].fillna("") + ", " + rows["country"].fillna(""),
            t("col.actor"): rows["actor"].fillna(""),
            t("col.actor_type"): rows["actor_type"].map(
                lambda c: actors.get(c, c) if isinstance(c, str) else ""
            ),
            t("col.type"): rows["action_type"].map(lambda c: types.get(c, c)),
            t("col.description"): rows["description"].fillna(""),
            t("col.confidence"): rows["confidence"].fillna(""),
            t("col.source"): rows["source_name"].fillna(""),
            t("col.link"): rows["source_url"],
        }
    )
    if total > len(rows):
        st.caption(t("actions.capped", shown=len(rows), total=total))
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            t("col.date"): st.column_config.DateColumn(format="DD.MM.YYYY"),
            t("col.link"): st.column_config.LinkColumn(display_text=t("col.open_source")),
        },
    )
