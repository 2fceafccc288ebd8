"""The shared sidebar: the filters every page uses, kept in the URL so a view can be shared.

The router draws the widgets once per run (`render_filters`); pages read the same choice with
`current_filters`. Both turn the widget state into the plain `Filters` value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from atlas import resources
from atlas.filters import JANUARY_2022, PERIODS, Filters
from atlas.gazetteer import LOCAL_NAME_COLUMNS
from atlas.i18n import LANGUAGES
from atlas.vocabulary import Vocabulary
from components import data_access, url_state
from components.i18n import language, t

# Used only when no dated data is published at all.
FALLBACK_RANGE = JANUARY_2022


def render_filters(options: dict, vocabulary: Vocabulary) -> Filters:
    """Draw the filters in the sidebar and return the viewer's choice. Every value goes into the
    URL as a key (a place's canonical name, a code, ISO dates), never as the label shown."""
    lang = language()
    with st.sidebar:
        st.subheader(t("filters.header"), help=t("filters.help"))
        url_state.widget(
            st.multiselect,
            t("filters.cities"),
            options["cities"],
            key="city",
            placeholder=t("filters.choose"),
            format_func=place_name,
            labels=place_labels(options["cities"]),
            resolve=place_resolver("city"),
        )
        url_state.widget(
            st.multiselect,
            t("filters.regions"),
            options["regions"],
            key="region",
            placeholder=t("filters.choose"),
            format_func=place_name,
            labels=place_labels(options["regions"]),
            resolve=place_resolver("region"),
        )
        url_state.widget(
            st.multiselect,
            t("filters.org_types"),
            options["org_types"],
            key="org",
            placeholder=t("filters.choose"),
            format_func=lambda code: vocabulary.label("org_type", code, lang),
            labels=vocabulary_labels(vocabulary, "org_type"),
        )
        url_state.widget(
            st.multiselect,
            t("filters.periods"),
            PERIODS,
            key="period",
            placeholder=t("filters.choose"),
            format_func=lambda code: vocabulary.label("period", code, lang),
            labels=vocabulary_labels(vocabulary, "period"),
        )
        extent = _extent(options)
        url_state.widget(
            st.date_input,
            t("filters.dates"),
            key="dates",
            value=extent,
            min_value=extent[0],
            max_value=extent[1],
            format="DD.MM.YYYY",
        )
        st.divider()
        language_picker()
        url_state.show_copy_link(language())
    return current_filters(options)


def language_picker() -> None:
    """The interface language, in the URL as a code (`?language=ru`); see i18n.choose_language."""
    url_state.widget(
        st.selectbox,
        t("labels.language"),
        list(LANGUAGES),
        key="language",
        format_func=LANGUAGES.get,
        labels={"native": LANGUAGES},
        help=t("labels.language_help"),
    )


def place_name(name: str, lang: str | None = None) -> str:
    """A place as the viewer's language writes it: "Өскемен" for "Oskemen" or "Ust-Kamenogorsk"
    in Kazakh, from the gazetteer's sourced names; the name as given when none is known."""
    gazetteer = resources.gazetteer(data_access.settings().data_dir)
    return gazetteer.local_name(name, lang or language())


def place_names(names) -> dict[str, str]:
    """{name: its name in the viewer's language} for these places, for chart builders."""
    return {name: place_name(name) for name in dict.fromkeys(names) if isinstance(name, str)}


def country_names(lang: str | None = None) -> dict[str, str]:
    """{ISO code: the country's name in the viewer's language} (CLDR's names; English else)."""
    places = resources.gazetteer(data_access.settings().data_dir).places("country")
    column = LOCAL_NAME_COLUMNS.get(lang or language())
    names = places[column].where(places[column] != "", places["name"]) if column else places["name"]
    return dict(zip(places["country"], names, strict=True))


def place_labels(names) -> dict[str, dict[str, str]]:
    """Every spelling an old link may hold for these places: their names in each language."""
    return {lang: {name: place_name(name, lang) for name in names} for lang in LANGUAGES}


def place_resolver(kind: str) -> Callable[[str], str | None]:
    """Another name of a place in Kazakhstan (an old link's "Алматы", "Alma-Ata") → its
    canonical name, by the gazetteer; None when unknown or ambiguous."""

    def resolve(text: str) -> str | None:  # read only for a link that needs it
        gazetteer = resources.gazetteer(data_access.settings().data_dir)
        place = gazetteer.resolve(text, kinds=(kind,), country="KZ")
        return place.name if place is not None else None

    return resolve


def vocabulary_labels(vocabulary: Vocabulary, field: str) -> dict[str, dict[str, str]]:
    """A field's labels in every language, for reading links that hold a label."""
    return {lang: vocabulary.labels(field, lang) for lang in LANGUAGES}


def current_filters(options: dict) -> Filters:
    """The filters as the sidebar holds them in this run. The full date extent means no date filter."""
    state = st.session_state
    extent = _extent(options)
    date_from, date_to = _date_range(state.get("dates", extent))
    if (date_from, date_to) == extent:
        date_from = date_to = None
    return Filters(
        cities=tuple(state.get("city", ())),
        regions=tuple(state.get("region", ())),
        org_types=tuple(state.get("org", ())),
        periods=tuple(state.get("period", ())),
        date_from=date_from,
        date_to=date_to,
    )


def _extent(options: dict) -> tuple[dt.date, dt.date]:
    if options.get("first_date") and options.get("last_date"):
        return options["first_date"], options["last_date"]
    return FALLBACK_RANGE


def _date_range(value) -> tuple[dt.date | None, dt.date | None]:
    # While the viewer is picking a range the widget holds only its first day.
    if isinstance(value, dt.date):
        return value, value
    parts = tuple(value or ())
    if len(parts) == 2:
        return parts[0], parts[1]
    if len(parts) == 1:
        return parts[0], parts[0]
    return None, None
