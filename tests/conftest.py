"""Shared fixtures: the bundled data folder, a throw-away PostgreSQL server, stores on both engines."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from atlas import resources
from atlas.store import DuckDBEngine, PostgresEngine, Store

from .pgserver import PostgresNotFound, pg_bin, temporary_postgres
from .pgserver import free_port as free_port  # the browser and page tests import it from here

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA_DIR


@pytest.fixture(scope="session")
def gazetteer():
    return resources.gazetteer(DATA_DIR)


@pytest.fixture(scope="session")
def vocabulary():
    return resources.vocabulary(DATA_DIR)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server on loopback for the session (or ATLAS_TEST_DATABASE_URL)."""
    if os.environ.get("ATLAS_TEST_DATABASE_URL"):
        yield os.environ["ATLAS_TEST_DATABASE_URL"]
        return
    try:
        bindir = pg_bin()
    except PostgresNotFound as exc:
        pytest.fail(str(exc))
    with temporary_postgres(bindir) as url:
        yield url


_db_counter = itertools.count()


def fresh_postgres_database(server_url: str) -> str:
    import psycopg

    name = f"atlas_test_{os.getpid()}_{next(_db_counter)}"
    with psycopg.connect(server_url, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["duckdb", "postgres"])
def store(request, tmp_path) -> Store:
    """An empty store with its schema, on each engine in turn."""
    if request.param == "duckdb":
        engine = DuckDBEngine(tmp_path / "atlas.duckdb")
    else:
        engine = PostgresEngine(fresh_postgres_database(request.getfixturevalue("postgres_url")))
    store = Store(engine)
    store.ensure_schema()
    return store


# --- the app under AppTest: a fresh embedded database per test ---

EDITOR_PASSWORD = "correct horse battery staple"


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    """A fresh embedded database per test, and no cached store or query left from another test."""
    monkeypatch.setenv("ATLAS_DUCKDB_PATH", str(tmp_path / "atlas.duckdb"))
    monkeypatch.delenv("ATLAS_DATABASE_URL", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def editor_env(app_env, monkeypatch):
    from atlas.auth import hash_password

    monkeypatch.setenv(
        "ATLAS_EDITOR_PASSWORD_HASH", hash_password(EDITOR_PASSWORD, iterations=1000)
    )


def run_cli(*args: str, db: Path, data_dir: Path = DATA_DIR) -> subprocess.CompletedProcess:
    """`python -m atlas ARGS` as a user runs it, on the embedded database `db`; never a traceback."""
    env = {
        **os.environ,
        "ATLAS_DUCKDB_PATH": str(db),
        "ATLAS_DATABASE_URL": "",
        "ATLAS_DATA_DIR": str(data_dir),
    }
    done = subprocess.run(
        [sys.executable, "-m", "atlas", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


# --- the app in headless Chromium (tests/browser.py has the helpers) ---


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    """The real app (`streamlit run app.py`) with its own fresh database, for one test module."""
    from .browser import running_app

    with running_app(tmp_path_factory.mktemp("app")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Playwright, for one test module."""
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def pytest_collection_modifyitems(items) -> None:
    """Browser tests run one after another on one worker (`--dist loadgroup`), the other tests
    beside them: two headless Chromiums drawing WebGL in software on a 2-core machine starve each
    other, and a map click whose picking then outlasts deck.gl's 250 ms tap limit is lost (seen on
    CI: a city click that opened nothing). Users' browsers draw on a GPU; the tests should not
    fail for want of one."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
