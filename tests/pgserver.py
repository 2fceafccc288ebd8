"""A throw-away PostgreSQL server on loopback, for the tests and the benchmark.

`temporary_postgres()` runs initdb in a fresh directory (as the postgres user when we are root,
since initdb refuses to run as root), starts the server on a free loopback port with fsync off, and
at the end stops it immediately and removes the directory. No pytest here: scripts use it too.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


class PostgresNotFound(RuntimeError):
    """The PostgreSQL server binaries are not installed."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bin() -> Path:
    """The directory of the newest installed PostgreSQL server binaries."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        raise PostgresNotFound(
            "PostgreSQL server binaries not found: `make test` installs them "
            "(apt-get install postgresql), or set ATLAS_TEST_DATABASE_URL to a server of yours."
        )
    return Path(found[-1]).parent


@contextlib.contextmanager
def temporary_postgres(bindir: Path | None = None) -> Iterator[str]:
    """Start a server for the duration of the block; yields its URL (database `postgres`)."""
    bindir = bindir or pg_bin()
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
