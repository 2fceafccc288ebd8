"""Details of one event or one day's diaspora actions, with their sources: each page named by its
outlet and its kind (primary or re-publication)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from atlas.contract import parse_url
from atlas.i18n import CATALOGUES, DEFAULT_LANGUAGE
from atlas.timeline import date_label
from components.i18n import language, plain, t, text_of, tm
from components.sidebar import country_names, place_name


def page_names(pages: pd.DataFrame | None, vocabulary) -> dict[str, str]:
    """URL → 'outlet · kind' for the pages of the sources dataset (url, outlet, kind)."""
    if pages is None or pages.empty:
        return {}
    kinds = vocabulary.labels("source_kind", language())
    return {
        url: f"{outlet} · {kinds.get(kind, kind)}" if isinstance(kind, str) else str(outlet)
        for url, outlet, kind in zip(pages["url"], pages["outlet"], pages["kind"], strict=True)
    }


def confidence_label(value: object) -> str:
    """A row's confidence ('confirmed', 'day unconfirmed') in the viewer's language."""
    if not isinstance(value, str) or not value:
        return ""
    message_id = "confidence." + "_".join(value.split())
    return t(message_id) if message_id in CATALOGUES[DEFAULT_LANGUAGE] else value


def show_event(event: pd.Series, vocabulary, pages: pd.DataFrame | None = None) -> None:
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
            place_name(place) if place else t("place.nationwide"),
        ]
        st.caption(" · ".join(plain(f) for f in facts))
        st.text(text_of(event["description"]))
        if text_of(event["figures_as_reported"]):
            st.text(t("event.figures", figures=event["figures_as_reported"]))
        if text_of(event.get("confidence")) == "unconfirmed":
            st.caption(t("event.unconfirmed"))
        show_sources(
            text_of(event["source_name"]),
            [event["source_url"], *text_of(event.get("other_source_urls")).split()],
            page_names(pages, vocabulary),
        )


def show_sources(source_name: str, urls: list, named: Mapping[str, str] | None = None) -> None:
    """One link button per source page (only http(s) addresses), each named by its outlet and
    kind when the sources dataset lists it (`named`: url → 'outlet · kind'), else by the row's
    publisher; the publisher's name alone, as text, when there is no address."""
    links = []
    for url in urls:
        if not isinstance(url, str):
            continue
        try:
            links.append(parse_url(url))
        except ValueError:
            continue
    if named and links and all(url in named for url in links):
        for url in links:
            st.link_button(
                tm("event.source", source=named[url]), url, icon=":material/open_in_new:"
            )
        return
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
    """A table of diaspora actions with a link to each source, its outlet and kind (plain-text
    cells); a date known only to the month reads 'January 2022 (month only)'."""
    lang = language()
    types = vocabulary.labels("action_type", lang)
    actors = vocabulary.labels("actor_type", lang)
    organisers = vocabulary.labels("organiser_kind", lang)
    source_kinds = vocabulary.labels("source_kind", lang)
    countries = country_names(lang)

    def label(labels: dict[str, str]):
        return lambda c: labels.get(c, c) if isinstance(c, str) else ""

    precision = rows["date_precision"] if "date_precision" in rows else pd.Series("day", rows.index)
    outlet = rows["source_outlet"] if "source_outlet" in rows else rows["source_name"]
    kind = rows["source_kind"] if "source_kind" in rows else pd.Series(None, rows.index)
    shown = pd.DataFrame(
        {
            t("col.date"): [
                date_label(d, p, lang) for d, p in zip(rows["date"], precision, strict=True)
            ],
            t("col.place"): [
                ", ".join(filter(None, (place_name(city) if isinstance(city, str) else "", land)))
                for city, land in zip(
                    rows["city"],
                    rows["country"].map(countries).fillna(rows["country"]),
                    strict=True,
                )
            ],
            t("col.actor"): rows["actor"].fillna(""),
            t("col.organiser"): (
                rows["organiser_kind"].map(label(organisers)) if "organiser_kind" in rows else ""
            ),
            t("col.actor_type"): rows["actor_type"].map(label(actors)),
            t("col.type"): rows["action_type"].map(lambda c: types.get(c, c)),
            t("col.description"): rows["description"].fillna(""),
            t("col.confidence"): rows["confidence"].map(confidence_label),
            t("col.source"): outlet.fillna(rows["source_name"]).fillna(""),
            t("col.source_kind"): kind.map(label(source_kinds)),
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
            t("col.link"): st.column_config.LinkColumn(display_text=t("col.open_source")),
        },
    )


def show_figure_sources(figures: pd.DataFrame, vocabulary) -> None:
    """Every reported figure with its date (as precise as known), body, status and source page:
    the list under the figures chart, undated reports included."""
    lang = language()

    def label(field: str):
        labels = vocabulary.labels(field, lang)
        return lambda c: labels.get(c, c) if isinstance(c, str) else ""

    shown = pd.DataFrame(
        {
            t("col.date"): [
                date_label(d, p, lang)
                for d, p in zip(figures["date_reported"], figures["date_precision"], strict=True)
            ],
            t("col.figure"): figures["kind"].map(label("figure_kind")),
            t("col.value"): figures["value"].astype("Int64"),
            t("col.qualifier"): figures["qualifier"].map(label("qualifier")),
            t("col.scope"): [
                scope
                if not isinstance(p, str) or not p or place_name(p) in scope
                else f"{scope} ({place_name(p)})"
                for scope, p in zip(
                    figures["scope"].map(label("scope")), figures["place"], strict=True
                )
            ],
            t("col.body"): figures["reporting_body"].fillna(""),
            t("col.status"): figures["status"].map(label("figure_status")),
            t("col.confidence"): figures["confidence"].map(confidence_label),
            t("col.source"): figures["source_outlet"].fillna(figures["source_name"]).fillna(""),
            t("col.source_kind"): figures["source_kind"].map(label("source_kind")),
            t("col.note"): figures["note"].fillna(""),
            t("col.link"): figures["source_url"],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            t("col.link"): st.column_config.LinkColumn(display_text=t("col.open_source")),
        },
    )
