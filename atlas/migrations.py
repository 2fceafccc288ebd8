"""Numbered schema migrations, recorded in the database (after Datasette's `Migrations`).

`MIGRATIONS` is an ordered list of small `(tx, dialect) -> None` functions with an id and a name.
`migrate` applies each one whose id is not in `atlas_migrations` yet, in its own transaction under
the schema lock, re-checking once the lock is held, and records it. Migration 1 is the schema of the
release before migrations; a final unnumbered step adds any contract column a table lacks.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from atlas.contract import DATASETS
from atlas.store import Engine, Transaction, table_columns

LOCK = "atlas:schema"


@dataclass(frozen=True)
class Migration:
    id: int
    name: str
    apply: Callable[[Transaction, str], None]


# The datasets of the release before migrations; later ones get a numbered migration of their own.
BASELINE_DATASETS = ("respondents", "interview_codes", "diaspora_actions", "events")


def _baseline(tx: Transaction, dialect: str) -> None:
    """The schema `Store.ensure_schema` created before migrations existed (idempotent DDL)."""
    tx.execute(
        "CREATE TABLE IF NOT EXISTS atlas_versions ("
        " dataset TEXT NOT NULL, version INTEGER NOT NULL, created_at TIMESTAMP NOT NULL,"
        " author TEXT, filename TEXT, sha256 TEXT, row_count BIGINT NOT NULL, note TEXT,"
        " is_sample BOOLEAN NOT NULL, mode TEXT NOT NULL, PRIMARY KEY (dataset, version))"
    )
    tx.execute(
        "CREATE TABLE IF NOT EXISTS atlas_active ("
        " dataset TEXT PRIMARY KEY, version INTEGER NOT NULL, changed_at TIMESTAMP NOT NULL)"
    )
    tx.execute(
        "CREATE TABLE IF NOT EXISTS atlas_log ("
        " logged_at TIMESTAMP NOT NULL, dataset TEXT NOT NULL, action TEXT NOT NULL,"
        " version INTEGER NOT NULL, author TEXT, note TEXT)"
    )
    tx.execute(
        "CREATE TABLE IF NOT EXISTS atlas_mappings ("
        " signature TEXT PRIMARY KEY, dataset TEXT NOT NULL, mapping TEXT NOT NULL,"
        " saved_at TIMESTAMP NOT NULL)"
    )
    for dataset in BASELINE_DATASETS:
        _create_dataset_table(tx, dialect, dataset)


def _create_dataset_table(tx: Transaction, dialect: str, dataset: str) -> None:
    """A dataset's table with the contract's columns of today (later columns are added by
    `_add_contract_columns`, so the table a migration creates never lags the contract)."""
    cols = ", ".join(f"{name} {sql_type}" for name, sql_type in table_columns(dataset))
    tx.execute(
        f"CREATE TABLE IF NOT EXISTS {dataset} "
        f"(version INTEGER NOT NULL, source_line INTEGER, {cols})"
    )
    if dialect == "postgres":
        tx.execute(f"CREATE INDEX IF NOT EXISTS {dataset}_version ON {dataset} (version)")


def _publish_groups_and_seed_problems(tx: Transaction, dialect: str) -> None:
    # Datasets published together in one transaction share a publish_id.
    add_column(tx, "atlas_versions", "publish_id", "TEXT")
    tx.execute(
        "CREATE TABLE IF NOT EXISTS atlas_seed_problems ("
        " dataset TEXT PRIMARY KEY, recorded_at TIMESTAMP NOT NULL, message TEXT NOT NULL)"
    )


def _reported_figures_and_sources(tx: Transaction, dialect: str) -> None:
    # Figures as a series of reports (issue #12), and the pages every sourced fact cites.
    for dataset in ("reported_figures", "sources"):
        _create_dataset_table(tx, dialect, dataset)


def _stories(tx: Transaction, dialect: str) -> None:
    # Stories (issue #13): ordered saved views kept with the data. A story is never deleted, only
    # marked so, so that a bundled story an editor removed is not seeded again on the next start.
    tx.execute(
        "CREATE TABLE IF NOT EXISTS stories ("
        " story_id INTEGER PRIMARY KEY, slug TEXT NOT NULL, title TEXT NOT NULL,"
        " description TEXT NOT NULL, author TEXT NOT NULL, created_at TIMESTAMP NOT NULL,"
        " deleted_at TIMESTAMP)"
    )
    # No unique (story_id, position): reordering rewrites positions one row at a time.
    tx.execute(
        "CREATE TABLE IF NOT EXISTS story_steps ("
        " step_id INTEGER PRIMARY KEY, story_id INTEGER NOT NULL, position INTEGER NOT NULL,"
        " page TEXT NOT NULL, query TEXT NOT NULL, title TEXT NOT NULL, caption TEXT NOT NULL)"
    )


def _qda_mappings_and_vocabulary_additions(tx: Transaction, dialect: str) -> None:
    # Coded interviews from QDA tools (issue #15): the mapping of each project (documents →
    # respondents, code paths → vocabulary), reused for its next export; keyed by the project's
    # fingerprint (format, name, codebook), with the code paths kept to find a changed codebook's.
    tx.execute(
        "CREATE TABLE IF NOT EXISTS qda_mappings ("
        " fingerprint TEXT PRIMARY KEY, format_id TEXT NOT NULL, project TEXT NOT NULL,"
        " code_keys TEXT NOT NULL, mapping TEXT NOT NULL, saved_by TEXT,"
        " saved_at TIMESTAMP NOT NULL)"
    )
    # Codes editors added to the vocabulary while mapping, with labels in the three languages.
    tx.execute(
        "CREATE TABLE IF NOT EXISTS vocabulary_additions ("
        " field TEXT NOT NULL, theme TEXT NOT NULL, code TEXT NOT NULL, label_en TEXT NOT NULL,"
        " label_ru TEXT NOT NULL, label_kk TEXT NOT NULL, added_by TEXT,"
        " added_at TIMESTAMP NOT NULL, PRIMARY KEY (field, code))"
    )


MIGRATIONS = [
    Migration(1, "baseline", _baseline),
    Migration(2, "publish groups and seed problems", _publish_groups_and_seed_problems),
    Migration(3, "reported figures and sources", _reported_figures_and_sources),
    Migration(4, "stories", _stories),
    Migration(5, "qda mappings and vocabulary additions", _qda_mappings_and_vocabulary_additions),
]


def columns_of(tx: Transaction, table: str) -> set[str]:
    """Lower-case column names of a table in the current schema (empty when there is no table)."""
    rows = tx.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = ?",
        [table],
    )
    return {str(name).lower() for (name,) in rows}


def add_column(tx: Transaction, table: str, column: str, sql_type: str) -> None:
    """ALTER TABLE ... ADD COLUMN, unless the column is already there (same on both engines)."""
    if column.lower() not in columns_of(tx, table):
        tx.execute(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}")


def _add_contract_columns(tx: Transaction, dialect: str) -> None:
    """Not numbered, run on every `migrate`: give each dataset table any contract column it lacks.

    A new optional column in `atlas.contract` therefore never needs a hand-written migration.
    """
    for dataset in DATASETS:
        for name, sql_type in table_columns(dataset):
            add_column(tx, dataset, name, sql_type)


def migrate(engine: Engine) -> list[int]:
    """Apply the migrations this database lacks, then the contract columns; return applied ids."""
    applied = []
    for migration in MIGRATIONS:
        if _retrying(engine, lambda tx, m=migration: _apply(tx, engine.dialect, m)):
            applied.append(migration.id)
    _retrying(engine, lambda tx: _add_contract_columns(tx, engine.dialect))
    return applied


def _apply(tx: Transaction, dialect: str, migration: Migration) -> bool:
    tx.execute(
        "CREATE TABLE IF NOT EXISTS atlas_migrations ("
        " id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    if tx.execute("SELECT 1 FROM atlas_migrations WHERE id = ?", [migration.id]):
        return False  # another process got here first
    migration.apply(tx, dialect)
    tx.execute(
        "INSERT INTO atlas_migrations (id, name, applied_at) VALUES (?, ?, ?)",
        [migration.id, migration.name, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
    )
    return True


def _retrying(engine: Engine, step: Callable[[Transaction], object], timeout: float = 30.0):
    """Run `step` in one transaction under the schema lock.

    PostgreSQL's advisory lock makes concurrent callers wait. DuckDB has no such lock: connections
    of one process to the same file see each other's concurrent DDL as a transaction conflict (and
    two first connections at once may race to open the file), so the transaction is rolled back and
    retried; the retry sees the other caller's committed work.
    """
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        try:
            with engine.transaction() as tx:
                tx.lock(LOCK)
                return step(tx)
        except Exception as exc:
            if not _is_conflict(engine, exc) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def _is_conflict(engine: Engine, exc: Exception) -> bool:
    if engine.dialect != "duckdb":
        return False
    import duckdb

    retryable = (
        duckdb.TransactionException,
        duckdb.ConstraintException,
        duckdb.ResourceInUseException,
    )
    return isinstance(exc, retryable)


def current_version(engine: Engine) -> int:
    """Highest applied migration id, 0 for a database that has never been migrated."""
    found = engine.read(
        "SELECT COUNT(*) AS n FROM information_schema.tables"
        " WHERE table_schema = current_schema() AND table_name = 'atlas_migrations'"
    )
    if not int(found.iloc[0]["n"]):
        return 0
    return int(engine.read("SELECT COALESCE(MAX(id), 0) AS v FROM atlas_migrations").iloc[0]["v"])
