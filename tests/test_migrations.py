"""Numbered schema migrations on DuckDB and PostgreSQL: fresh databases, old ones, racing starts."""

import datetime as dt
import threading

import pandas as pd
import pytest

from atlas import migrations
from atlas.store import DuckDBEngine, PostgresEngine, Store, table_columns

from .conftest import fresh_postgres_database

ALL_IDS = [m.id for m in migrations.MIGRATIONS]

# The schema of the release before migrations, exactly as its Store.ensure_schema created it.
OLD_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS atlas_versions ("
    " dataset TEXT NOT NULL, version INTEGER NOT NULL, created_at TIMESTAMP NOT NULL,"
    " author TEXT, filename TEXT, sha256 TEXT, row_count BIGINT NOT NULL, note TEXT,"
    " is_sample BOOLEAN NOT NULL, mode TEXT NOT NULL, PRIMARY KEY (dataset, version))",
    "CREATE TABLE IF NOT EXISTS atlas_active ("
    " dataset TEXT PRIMARY KEY, version INTEGER NOT NULL, changed_at TIMESTAMP NOT NULL)",
    "CREATE TABLE IF NOT EXISTS atlas_log ("
    " logged_at TIMESTAMP NOT NULL, dataset TEXT NOT NULL, action TEXT NOT NULL,"
    " version INTEGER NOT NULL, author TEXT, note TEXT)",
    "CREATE TABLE IF NOT EXISTS atlas_mappings ("
    " signature TEXT PRIMARY KEY, dataset TEXT NOT NULL, mapping TEXT NOT NULL,"
    " saved_at TIMESTAMP NOT NULL)",
    "CREATE TABLE IF NOT EXISTS respondents (version INTEGER NOT NULL, source_line INTEGER,"
    " respondent_id TEXT, city TEXT, region TEXT, org_type TEXT, focus_area TEXT, gender TEXT,"
    " age_group TEXT, interview_date DATE, interview_mode TEXT, latitude FLOAT8, longitude FLOAT8)",
    "CREATE TABLE IF NOT EXISTS interview_codes (version INTEGER NOT NULL, source_line INTEGER,"
    " respondent_id TEXT, theme TEXT, code TEXT, period TEXT, excerpt TEXT, language TEXT,"
    " intensity BIGINT, excerpt_id TEXT)",
    "CREATE TABLE IF NOT EXISTS diaspora_actions (version INTEGER NOT NULL, source_line INTEGER,"
    " action_id TEXT, date DATE, end_date DATE, country TEXT, city TEXT, actor TEXT,"
    " actor_type TEXT, action_type TEXT, platform TEXT, motivation TEXT, barriers TEXT,"
    " participants BIGINT, reach BIGINT, description TEXT, source_name TEXT, source_url TEXT,"
    " confidence TEXT, latitude FLOAT8, longitude FLOAT8)",
    "CREATE TABLE IF NOT EXISTS events (version INTEGER NOT NULL, source_line INTEGER,"
    " event_id TEXT, date DATE, end_date DATE, time TEXT, city TEXT, region TEXT,"
    " event_type TEXT, title TEXT, description TEXT, deaths BIGINT, detained BIGINT,"
    " figures_as_reported TEXT, source_name TEXT, source_url TEXT, other_source_urls TEXT,"
    " latitude FLOAT8, longitude FLOAT8)",
]
OLD_POSTGRES_INDEXES = [
    f"CREATE INDEX IF NOT EXISTS {name}_version ON {name} (version)"
    for name in ("respondents", "interview_codes", "diaspora_actions", "events")
]


@pytest.fixture(params=["duckdb", "postgres"])
def new_engine(request, tmp_path):
    """A factory of engines on one empty database: each call is a separate client of it."""
    if request.param == "duckdb":
        return lambda: DuckDBEngine(tmp_path / "x.duckdb")
    url = fresh_postgres_database(request.getfixturevalue("postgres_url"))
    return lambda: PostgresEngine(url)


def _recorded(engine) -> list[tuple[int, str]]:
    found = engine.read("SELECT id, name FROM atlas_migrations ORDER BY id")
    return [(int(i), name) for i, name in zip(found["id"], found["name"], strict=True)]


def _columns(engine, table: str) -> set[str]:
    with engine.transaction() as tx:
        return migrations.columns_of(tx, table)


def test_a_fresh_database_gets_every_migration_once(new_engine):
    engine = new_engine()
    assert Store(engine).schema_version() == 0
    assert migrations.migrate(engine) == ALL_IDS == list(range(1, len(ALL_IDS) + 1))
    assert _recorded(engine) == [(m.id, m.name) for m in migrations.MIGRATIONS]
    assert migrations.migrate(engine) == []
    Store(engine).ensure_schema()
    assert len(_recorded(engine)) == len(ALL_IDS)
    assert Store(engine).schema_version() == ALL_IDS[-1]
    assert "publish_id" in _columns(engine, "atlas_versions")
    assert _columns(engine, "atlas_seed_problems") == {"dataset", "recorded_at", "message"}
    for table in ("reported_figures", "sources"):
        assert {n for n, _ in table_columns(table)} <= _columns(engine, table)


def test_a_database_of_the_previous_release_gets_the_figures_and_sources_tables(new_engine):
    """The release before #12 had migrations 1 and 2 and no reported_figures or sources table:
    starting on it applies migration 3 only, keeps its rows, and the new datasets can be seeded."""
    engine = new_engine()
    for migration in migrations.MIGRATIONS[:2]:
        with engine.transaction() as tx:
            migrations._apply(tx, engine.dialect, migration)
    with engine.transaction() as tx:
        for table in ("reported_figures", "sources"):
            tx.execute(f"DROP TABLE IF EXISTS {table}")  # baseline of that release had neither
        tx.execute("INSERT INTO events (version, source_line, event_id) VALUES (1, 2, 'E1')")
    assert _columns(engine, "reported_figures") == set()
    assert migrations.migrate(engine) == [3, 4, 5]  # 4: stories (#13), 5: QDA mappings (#15)
    for table in ("reported_figures", "sources"):
        assert {n for n, _ in table_columns(table)} <= _columns(engine, table)
    store = Store(engine)
    assert store.frame("events", 1)["event_id"].tolist() == ["E1"]
    frame = pd.DataFrame(
        {"source_line": [2], "figure_id": ["F1"], "kind": ["deaths"], "value": [225]}
    )
    assert store.publish("reported_figures", frame, author="new").version == 1


def test_an_old_database_is_migrated_and_keeps_its_rows(new_engine):
    engine = new_engine()
    then = dt.datetime(2024, 5, 1, 12, 0)
    with engine.transaction() as tx:
        for sql in OLD_SCHEMA + (OLD_POSTGRES_INDEXES if engine.dialect == "postgres" else []):
            tx.execute(sql)
        tx.execute(
            "INSERT INTO atlas_versions (dataset, version, created_at, author, filename, sha256,"
            " row_count, note, is_sample, mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ["respondents", 1, then, "old", "old.csv", "ab12", 1, "before", False, "replace"],
        )
        tx.execute(
            "INSERT INTO atlas_active (dataset, version, changed_at) VALUES (?, ?, ?)",
            ["respondents", 1, then],
        )
        tx.execute(
            "INSERT INTO respondents (version, source_line, respondent_id, city, interview_date,"
            " latitude) VALUES (?, ?, ?, ?, ?, ?)",
            [1, 2, "R1", "Almaty", dt.date(2024, 4, 30), 43.24],
        )

    store = Store(engine)
    assert store.schema_version() == 0
    store.ensure_schema()
    assert _recorded(engine) == [(m.id, m.name) for m in migrations.MIGRATIONS]
    assert store.schema_version() == ALL_IDS[-1]
    assert "publish_id" in _columns(engine, "atlas_versions")
    assert {n for n, _ in table_columns("respondents")} <= _columns(engine, "respondents")
    for table in ("reported_figures", "sources"):  # datasets added after that release
        assert {n for n, _ in table_columns(table)} <= _columns(engine, table)
    assert {"date_precision", "confidence"} <= _columns(engine, "events")
    assert {"organiser_kind", "other_source_urls"} <= _columns(engine, "diaspora_actions")

    old = store.active_versions()["respondents"]
    assert (old.version, old.author, old.filename, old.row_count, old.note) == (
        1,
        "old",
        "old.csv",
        1,
        "before",
    )
    rows = store.frame("respondents", 1, ["source_line", "respondent_id", "city", "latitude"])
    assert rows.to_dict("records") == [
        {"source_line": 2, "respondent_id": "R1", "city": "Almaty", "latitude": 43.24}
    ]

    frame = pd.DataFrame({"source_line": [2], "respondent_id": ["R2"], "city": ["Astana"]})
    new = store.publish("respondents", frame, author="new")
    assert new.version == 2
    assert store.active_versions()["respondents"].version == 2
    assert store.frame("respondents", 2)["respondent_id"].tolist() == ["R2"]
    assert store.frame("respondents", 1)["respondent_id"].tolist() == ["R1"]


def test_a_missing_contract_column_is_added_without_a_numbered_migration(new_engine):
    engine = new_engine()
    migrations.migrate(engine)
    name = table_columns("events")[-1][0]
    with engine.transaction() as tx:
        tx.execute(f"ALTER TABLE events DROP COLUMN {name}")
    assert name not in _columns(engine, "events")
    assert migrations.migrate(engine) == []
    assert name in _columns(engine, "events")


def test_two_clients_starting_at_once_apply_each_migration_once(new_engine):
    engines = [new_engine(), new_engine()]  # DuckDB: one file; PostgreSQL: separate connections
    start = threading.Barrier(len(engines))
    applied: list[list[int]] = []
    errors: list[BaseException] = []

    def run(engine):
        start.wait()
        try:
            applied.append(migrations.migrate(engine))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(i for ids in applied for i in ids) == ALL_IDS
    assert _recorded(engines[0]) == [(m.id, m.name) for m in migrations.MIGRATIONS]
