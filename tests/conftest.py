"""Shared fixtures: the bundled data folder, a throw-away PostgreSQL server, stores on both engines."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from atlas import resources
from atlas.store import DuckDBEngine, PostgresEngine, Store

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        pytest.fail(
            "PostgreSQL server binaries not found: `make test` installs them "
            "(apt-get install postgresql), or set ATLAS_TEST_DATABASE_URL to a server of yours."
        )
    return Path(found[-1]).parent


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server on loopback for the session (or ATLAS_TEST_DATABASE_URL)."""
    if os.environ.get("ATLAS_TEST_DATABASE_URL"):
        yield os.environ["ATLAS_TEST_DATABASE_URL"]
        return
    bindir = _pg_bin()
    workdir = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(workdir, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    data = workdir / "data"

    def run(*args: str) -> None:
        subprocess.run([*as_postgres, *args], check=True, capture_output=True, timeout=120)

    # C.UTF-8: lower() and upper() know Cyrillic and Kazakh letters (the C locale only knows ASCII).
    run(
        str(bindir / "initdb"),
        "-D",
        str(data),
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-l",
        str(workdir / "log"),
        "-w",
        "start",
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(workdir, ignore_errors=True)


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
