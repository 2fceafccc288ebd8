"""Details of one event or one day's diaspora actions, with their sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas.contract import parse_url
from components.i18n import language, plain, t, text_of, tm


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
        st.text(text_of(event["description"]))
        if text_of(event["figures_as_reported"]):
            st.text(t("event.figures", figures=event["figures_as_reported"]))
        show_sources(
            text_of(event["source_name"]),
            [event["source_url"], *text_of(event.get("other_source_urls")).split()],
        )


def show_sources(source_name: str, urls: list) -> None:
    """One link button per source page (only http(s) addresses), each named by its publisher;
    the publisher's name alone, as text, when there is no address."""
    links = []
    for url in urls:
        if not isinstance(url, str):
            continue
        try:
            links.append(parse_url(url))
        except ValueError:
            continue
    names = [n.strip() for n in source_name.split(";") if n.strip()]
    if not links:
        if names:
            st.text(t("event.source", source="; ".join(names)))
        return
    if len(names) != len(links):  # one publisher for several pages, or none named: number them
        first = names[0] if names else t("event.source_unnamed")
        names = [f"{first} ({i})" if len(links) > 1 else first for i in range(1, len(links) + 1)]
    for name, url in zip(names, links, strict=True):
        st.link_button(tm("event.source", source=name), url, icon=":material/open_in_new:")


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
