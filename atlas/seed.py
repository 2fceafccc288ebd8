"""Seed an empty store with the bundled datasets (idempotent: a restart never duplicates).

A bundled dataset is read and published only when that dataset has no version at all; the others
are never read or validated, so start-up never depends on what the active versions hold. A bundled
file that cannot be published is reported (returned and recorded in the store) and never stops
the rest. That the bundled files are valid is a test, not a start-up gate.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from atlas import resources, stories
from atlas.contract import prepare, render
from atlas.i18n import translate
from atlas.store import Store, StoreError, StoreUnavailable

SEED_AUTHOR = "bundled data"
STORIES_FILE = "stories.toml"  # the bundled stories (#13), beside the datasets

log = logging.getLogger(__name__)


@dataclass
class SeedReport:
    published: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # dataset → reason, in English


def seed(store: Store, data_dir: Path) -> SeedReport:
    """Publish each bundled dataset that has no version yet."""
    store.ensure_schema()
    report = SeedReport()
    existing = store.datasets_with_versions()
    for item in resources.bundle(data_dir):
        if item.name in existing:
            continue
        try:
            published = _seed_one(store, item, data_dir)
        except StoreUnavailable:
            raise
        except (StoreError, OSError, ValueError) as error:
            reason = str(error)
            report.failed[item.name] = reason
            log.warning(translate("seed.failed", dataset=item.name, reason=reason))
            store.record_seed_problem(item.name, reason)
            continue
        if published:
            report.published.append(item.name)
            store.record_seed_problem(item.name, None)
    _seed_stories(store, data_dir, report)
    return report


def _seed_stories(store: Store, data_dir: Path, report: SeedReport) -> None:
    """Write the bundled stories never seen by this store; a broken file is a seed problem."""
    path = data_dir / STORIES_FILE
    if not path.exists():
        return
    try:
        written = stories.seed_bundled(store, stories.read_bundled(path), author=SEED_AUTHOR)
    except StoreUnavailable:
        raise
    except (StoreError, OSError, ValueError) as error:  # tomllib's errors are ValueErrors
        reason = str(error)
        report.failed["stories"] = reason
        log.warning(translate("seed.failed", dataset="stories", reason=reason))
        store.record_seed_problem("stories", reason)
        return
    if written:
        report.published.append("stories")
    store.record_seed_problem("stories", None)


def _seed_one(store: Store, item: resources.BundledDataset, data_dir: Path) -> bool:
    content = item.path.read_bytes()
    raw = pd.read_csv(item.path, dtype=str, keep_default_na=False, encoding="utf-8")
    known = None
    if item.name == "interview_codes":
        active = store.active_versions().get("respondents")
        known = (
            set(store.frame("respondents", active.version, ["respondent_id"])["respondent_id"])
            if active
            else set()
        )
    prepared = prepare(
        item.name,
        raw,
        gazetteer=resources.gazetteer(data_dir),
        vocabulary=resources.vocabulary(data_dir),
        known_respondents=known,
    )
    if prepared.errors:
        first = prepared.errors[0]
        raise StoreError(
            f"{item.path.name}: {translate('count.errors', count=prepared.error_count)}; "
            f"first: line {first.line}: {render(first)}"
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
    return version is not None
