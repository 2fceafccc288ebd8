"""The shared sidebar: the filters every page uses, kept in the URL so a view can be shared.

The router draws the widgets once per run (`render_filters`); pages read the same choice with
`current_filters`. Both turn the widget state into the plain `Filters` value.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from atlas.filters import JANUARY_2022, PERIODS, Filters
from atlas.vocabulary import Vocabulary
from components.i18n import language, t

LABEL_LANGUAGES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
# Used only when no dated data is published at all.
FALLBACK_RANGE = JANUARY_2022


def render_filters(options: dict, vocabulary: Vocabulary) -> Filters:
    """Draw the filters in the sidebar and return the viewer's choice."""
    with st.sidebar:
        st.subheader(t("filters.header"), help=t("filters.help"))
        st.multiselect(t("filters.cities"), options["cities"], key="city", bind="query-params")
        st.multiselect(t("filters.regions"), options["regions"], key="region", bind="query-params")
        org_labels = vocabulary.labels("org_type", language())
        st.multiselect(
            t("filters.org_types"),
            options["org_types"],
            format_func=lambda code: org_labels.get(code, code),
            key="org",
            bind="query-params",
        )
        period_labels = vocabulary.labels("period", language())
        st.multiselect(
            t("filters.periods"),
            PERIODS,
            format_func=lambda code: period_labels.get(code, code),
            key="period",
            bind="query-params",
        )
        extent = _extent(options)
        st.date_input(
            t("filters.dates"),
            value=extent,
            min_value=extent[0],
            max_value=extent[1],
            format="DD.MM.YYYY",
            key="dates",
            bind="query-params",
        )
        st.divider()
        st.selectbox(
            t("labels.language"),
            LABEL_LANGUAGES,
            format_func=LABEL_LANGUAGES.get,
            key="language",
            bind="query-params",
            help=t("labels.language_help"),
        )
    return current_filters(options)


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
