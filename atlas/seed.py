"""Seed an empty store with the bundled datasets (idempotent: a restart never duplicates)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from atlas import resources
from atlas.contract import prepare
from atlas.store import Store, StoreError

SEED_AUTHOR = "bundled data"


def seed(store: Store, data_dir: Path) -> list[str]:
    """Publish each bundled dataset that has no version yet; return the names published."""
    store.ensure_schema()
    published = []
    known_respondents: set[str] | None = None
    for item in resources.bundle(data_dir):
        content = item.path.read_bytes()
        raw = pd.read_csv(item.path, dtype=str, keep_default_na=False, encoding="utf-8")
        if item.name == "interview_codes":
            known_respondents = _active_respondent_ids(store)
        prepared = prepare(
            item.name,
            raw,
            gazetteer=resources.gazetteer(data_dir),
            vocabulary=resources.vocabulary(data_dir),
            known_respondents=known_respondents,
        )
        if prepared.errors:
            first = prepared.errors[0]
            raise StoreError(
                f"bundled file {item.path.name} has {len(prepared.errors)} errors; "
                f"first: line {first.line}, {first.column}: {first.message}"
            )
        version = store.publish(
            item.name,
            prepared.frame,
            author=SEED_AUTHOR,
            filename=item.path.name,
            note=item.note,
            is_sample=item.is_sample,
            sha256=hashlib.sha256(content).hexdigest(),
            only_if_empty=True,
        )
        if version is not None:
            published.append(item.name)
    return published


def _active_respondent_ids(store: Store) -> set[str]:
    active = store.active_versions().get("respondents")
    if active is None:
        return set()
    return set(store.frame("respondents", active.version, ["respondent_id"])["respondent_id"])
