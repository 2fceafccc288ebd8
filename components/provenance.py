"""Labels that say where shown data comes from: sample badges, source lines."""

from __future__ import annotations

import streamlit as st

from atlas.store import VersionInfo
from components.i18n import t

SAMPLE_ICON = ":material/science:"
SOURCED_ICON = ":material/fact_check:"


def show_sample_notice(active: dict[str, VersionInfo]) -> None:
    """The warning every view of interview data carries while that data is a sample."""
    if any(info.is_sample for info in active.values()):
        st.warning(t("sample.notice"), icon=SAMPLE_ICON)


def show_provenance_badge(info: VersionInfo | None) -> None:
    """'Illustrative sample' (orange) or 'Sourced' (green) under a figure drawn from `info`."""
    if info is None:
        return
    if info.is_sample:
        st.badge(t("sample.badge"), icon=SAMPLE_ICON, color="orange")
    elif kind_of(info) == t("kind.sourced"):
        st.badge(t("sources.badge"), icon=SOURCED_ICON, color="green")


def kind_of(info: VersionInfo) -> str:
    return kind_label(info.dataset, info.author, info.is_sample)


def kind_label(dataset: str, author: str, is_sample: bool) -> str:
    if is_sample:
        return t("kind.sample")
    if dataset in ("events", "diaspora_actions") and author == "bundled data":
        return t("kind.sourced")
    return t("kind.uploaded")


def show_source_line(active: dict[str, VersionInfo], datasets: tuple[str, ...]) -> None:
    """The line under a chart: which datasets and versions it shows, then the sample badge (below,
    so that it stays whole in a narrow column)."""
    parts = [
        t("source.part", dataset=t(f"dataset.{name}"), version=active[name].version)
        for name in datasets
        if name in active
    ]
    st.caption(t("source.datasets", parts=" · ".join(parts)))
    if any(active[name].is_sample for name in datasets if name in active):
        st.badge(t("sample.badge"), icon=SAMPLE_ICON, color="orange")
