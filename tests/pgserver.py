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


class PostgresServer:
    """A throw-away server that a test can stop and start again (faults), on one port."""

    def __init__(self, bindir: Path | None = None):
        self.bindir = bindir or pg_bin()
        self.workdir = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            shutil.chown(self.workdir, "postgres", "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.port = free_port()
        self.data = self.workdir / "data"
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        # C.UTF-8: lower() and upper() know Cyrillic and Kazakh letters (C only knows ASCII).
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C.UTF-8")  # fmt: skip

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self.as_postgres, str(self.bindir / program), *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.workdir / "log"), "-w", "start")  # fmt: skip

    def stop(self, mode: str = "immediate") -> None:
        """`immediate` drops every connection at once, as a crashed or killed server does."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


@contextlib.contextmanager
def temporary_postgres(bindir: Path | None = None) -> Iterator[str]:
    """Start a server for the duration of the block; yields its URL (database `postgres`)."""
    server = PostgresServer(bindir)
    server.start()
    try:
        yield server.url
    finally:
        server.remove()
