"""Public mode (`ATLAS_PUBLIC=1`): the interviews of the study are not public.

Viewers of a public deployment see counts, shares and charts, but no excerpt text, no respondent
id and no respondent attribute row that could identify a person; respondents appear as stable
pseudonyms ("R-07"), numbered in an order drawn from a hash of the respondents version, so that a
pseudonym says nothing about the id. CSV downloads of interview data are off. Signed-in editors
see everything.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from atlas.store import Store
from components import data_access
from components.i18n import t

INTERVIEW_DATASETS = ("respondents", "interview_codes")


def interviews_private() -> bool:
    """True when this viewer must not see excerpts or identifiable respondent data."""
    if not data_access.settings().public:
        return False
    from components.editor import current_editor

    return current_editor() is None


@st.cache_data(show_spinner=False, max_entries=16)
def _pseudonyms(_store: Store, version: int, salt: str) -> dict[str, str]:
    ids = _store.frame("respondents", version, ["respondent_id"])["respondent_id"].dropna()
    order = sorted(set(ids), key=lambda rid: hashlib.sha256(f"{salt}:{rid}".encode()).hexdigest())
    width = max(2, len(str(len(order))))
    return {rid: f"R-{n:0{width}d}" for n, rid in enumerate(order, start=1)}


def pseudonyms(store: Store, active: dict) -> dict[str, str]:
    """respondent id → its pseudonym in the active respondents version."""
    info = active.get("respondents")
    if info is None:
        return {}
    return _pseudonyms(store, info.version, info.sha256 or str(info.created_at))


def pseudonymise(ids: pd.Series, store: Store, active: dict) -> pd.Series:
    names = pseudonyms(store, active)
    return ids.map(lambda rid: names.get(rid, "R-?"))


def hidden_notice(message_id: str = "public.quotes_hidden") -> None:
    st.info(t(message_id), icon=":material/visibility_off:")
