"""The translation function bound to the viewer's language."""

from __future__ import annotations

import streamlit as st

from atlas.i18n import DEFAULT_LANGUAGE, translate


def language() -> str:
    return st.session_state.get("language", DEFAULT_LANGUAGE)


def t(message_id: str, /, **values: object) -> str:
    return translate(message_id, language(), **values)
