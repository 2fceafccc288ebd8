"""The translation function bound to the viewer's language."""

from __future__ import annotations

import re

import streamlit as st

from atlas.i18n import DEFAULT_LANGUAGE, LANGUAGES, language_from_locale, translate


def choose_language() -> str:
    """Before anything is drawn: the language a link asks for (`?language=ru`, or a language's
    name in a link of the previous release), else this session's choice, else the browser's
    language when the app speaks it, else English."""
    from components import url_state

    url_state.restore("language", list(LANGUAGES), {"native": LANGUAGES})
    state = st.session_state
    if state.get("language") not in LANGUAGES:
        state["language"] = language_from_locale(_browser_locale())
    return state["language"]


def _browser_locale() -> str | None:
    try:
        return st.context.locale
    except Exception:  # AppTest and older front ends may not say
        return None


def language() -> str:
    return st.session_state.get("language", DEFAULT_LANGUAGE)


def t(message_id: str, /, **values: object) -> str:
    return translate(message_id, language(), **values)


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def plain(text: object) -> str:
    """Escape Markdown so that data shown inside st.markdown/st.caption/st.subheader, or a button
    label, is never rendered (no links, images or emphasis from data)."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def tm(message_id: str, /, **values: object) -> str:
    """`t` for Markdown contexts: every value that may come from data is escaped."""
    return t(message_id, **{name: plain(value) for name, value in values.items()})


def text_of(value: object, default: str = "") -> str:
    """A text cell as a string: missing values (None, NaN — truthy under pandas) become `default`."""
    return value if isinstance(value, str) and value else default
