"""Versioned storage of the datasets on DuckDB (embedded default) or PostgreSQL (shared deployments).

Every publish writes version N of a dataset and switches the active version in the same transaction;
earlier versions stay for rollback. Rows of a version never change after it is written, so a reader
that asks for "version N" always sees one whole version, and caches keyed by version never go stale.

Connections are short-lived (one per operation) so that the command line can publish while the app
is running against the same DuckDB file; a lock held by another process is waited out and retried.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import errno
import hashlib
import io
import re
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from atlas.contract import DATASETS, DERIVED
from atlas.i18n import translate

_SQL_TYPES = {
    "text": "TEXT",
    "code": "TEXT",
    "codes": "TEXT",
    "url": "TEXT",
    "urls": "TEXT",
    "time": "TEXT",
    "date": "DATE",
    "int": "BIGINT",
}
_ARROW_TYPES = {
    "TEXT": pa.string(),
    "DATE": pa.date32(),
    "BIGINT": pa.int64(),
    "FLOAT8": pa.float64(),
}


class StoreError(Exception):
    """A storage failure described in the user's terms."""


class StoreUnavailable(StoreError):
    """The database cannot be reached (server down, file locked for too long, disk problem)."""


class DuplicateFile(StoreError):
    """This exact file (by its sha256) was published before; nothing was written."""

    def __init__(self, versions: list[int]):
        self.versions = versions
        super().__init__(
            translate("publish.duplicate_file", versions=", ".join(str(v) for v in versions))
        )


class NoRows(StoreError):
    """A version with no rows is never published."""

    def __init__(self):
        super().__init__(translate("publish.no_rows"))


class DiskFull(StoreError):
    """The disk filled up during a write; the transaction was rolled back."""

    def __init__(self):
        super().__init__(translate("publish.disk_full"))


def _is_disk_full(exc: BaseException) -> bool:
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            return True
        if type(exc).__name__ == "DiskFull" or "no space left on device" in str(exc).lower():
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


@dataclass(frozen=True)
class PublishItem:
    """One dataset of a publish: several are written together in one transaction."""

    dataset: str
    frame: pd.DataFrame
    filename: str = ""
    sha256: str = ""
    mode: str = "replace"
    is_sample: bool = False


def table_columns(dataset: str) -> list[tuple[str, str]]:
    """(name, SQL type) of a dataset's table, after the version and source line."""
    spec = DATASETS[dataset]
    columns = [(c.name, _SQL_TYPES[c.type]) for c in spec.columns]
    for name in DERIVED[dataset]:
        if name not in dict(columns):
            columns.append((name, "FLOAT8" if name in ("latitude", "longitude") else "TEXT"))
    return columns


@dataclass(frozen=True)
class VersionInfo:
    dataset: str
    version: int
    created_at: dt.datetime
    author: str
    filename: str
    sha256: str
    row_count: int
    note: str
    is_sample: bool
    mode: str


class Transaction(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]: ...
    def insert_frame(
        self, table: str, frame: pd.DataFrame, columns: list[tuple[str, str]]
    ) -> None: ...
    def lock(self, name: str) -> None: ...


class Engine(Protocol):
    dialect: str

    def transaction(self) -> contextlib.AbstractContextManager[Transaction]: ...
    def read(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame: ...
    def describe(self) -> str: ...
    def close(self) -> None: ...


# --- DuckDB ---


class _DuckTx:
    def __init__(self, con):
        self.con = con

    def execute(self, sql, params=()):
        return self.con.execute(sql, list(params)).fetchall()

    def insert_frame(self, table, frame, columns):
        names = ", ".join(name for name, _ in columns)
        self.con.register("incoming_rows", _to_arrow(frame, columns))
        try:
            self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming_rows")
        finally:
            self.con.unregister("incoming_rows")

    def lock(self, name):
        pass  # one writer per DuckDB file: the file lock serialises publishers


_CONNECT_LOCK = threading.Lock()
_BUSY = "the database is busy (another program is writing to it), retrying…"


class DuckDBEngine:
    """One DuckDB database per process, shared by every session (a cursor per operation).

    The file is opened lazily and closed again after `idle_close` seconds without an operation, so
    that another process (the command line, another replica) can take DuckDB's exclusive file lock
    between page loads; while another process holds it, opening waits with backoff and says so
    once through `on_busy`. A database DuckDB has invalidated (a fatal error) is dropped and opened
    again by the next operation.
    """

    dialect = "duckdb"

    def __init__(
        self,
        path: Path | str,
        *,
        lock_timeout: float = 30.0,
        idle_close: float | None = 2.0,
        on_busy=None,
    ):
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.idle_close = idle_close
        self.on_busy = on_busy
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Writers of one process take turns (other processes are kept out by DuckDB's file lock),
        # so a check made inside a transaction still holds when it commits.
        self._writer = threading.RLock()
        self._state = threading.Lock()
        self._db = None
        self._users = 0
        self._last_used = 0.0
        self._timer: threading.Timer | None = None

    def describe(self) -> str:
        return f"DuckDB file {self.path.name}"

    def _open(self):
        import duckdb

        deadline = time.monotonic() + self.lock_timeout
        delay, told = 0.02, False
        while True:
            try:
                # One opener at a time per process: DuckDB's cache of open database files is not
                # safe against two threads attaching the same file at the same moment.
                with _CONNECT_LOCK:
                    return duckdb.connect(str(self.path))
            except (duckdb.IOException, duckdb.ConnectionException) as exc:
                # Another process (the CLI, another app replica) holds the write lock: wait it out.
                message = str(exc).lower()
                if "lock" not in message and "conflict" not in message:
                    raise StoreUnavailable(f"The database file is unreadable: {exc}") from exc
                if time.monotonic() > deadline:
                    raise StoreUnavailable(f"The database file stayed busy: {exc}") from exc
                if not told and self.on_busy is not None:
                    self.on_busy(_BUSY)
                    told = True
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[Any]:
        import duckdb

        with self._state:
            if self._db is None:
                self._db = self._open()
            db = self._db
            self._users += 1
            try:
                cursor = db.cursor()
            except BaseException:
                self._users -= 1
                raise
        try:
            yield cursor
        except (duckdb.FatalException, duckdb.InternalException) as exc:
            self._discard(db)
            raise StoreUnavailable(f"The database failed and will be reopened: {exc}") from exc
        finally:
            with contextlib.suppress(Exception):
                cursor.close()
            with self._state:
                self._users -= 1
                self._last_used = time.monotonic()
                if self._users == 0 and self.idle_close is not None and self._timer is None:
                    self._timer = threading.Timer(self.idle_close, self._close_if_idle)
                    self._timer.daemon = True
                    self._timer.start()

    def _close_if_idle(self) -> None:
        with self._state:
            self._timer = None
            idle = time.monotonic() - self._last_used
            if self._db is None or self._users:
                return
            if idle < (self.idle_close or 0):
                self._timer = threading.Timer(self.idle_close - idle, self._close_if_idle)
                self._timer.daemon = True
                self._timer.start()
                return
            db, self._db = self._db, None
            with _CONNECT_LOCK, contextlib.suppress(Exception):
                db.close()

    def _discard(self, db) -> None:
        with self._state:
            if self._db is db:
                self._db = None
        with _CONNECT_LOCK, contextlib.suppress(Exception):
            db.close()

    def close(self) -> None:
        """Close the database now (the command line does before it exits)."""
        with self._state:
            db, self._db = self._db, None
        if db is not None:
            with _CONNECT_LOCK, contextlib.suppress(Exception):
                db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[_DuckTx]:
        with self._writer, self._connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield _DuckTx(con)
            except BaseException:
                with contextlib.suppress(Exception):
                    con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def read(self, sql, params=()):
        with self._connect() as con:
            return _normalise(con.execute(sql, list(params)).df())


# --- PostgreSQL ---


class _PgTx:
    def __init__(self, con):
        self.con = con

    def execute(self, sql, params=()):
        with self.con.cursor() as cur:
            cur.execute(_pg_sql(sql), list(params))
            return cur.fetchall() if cur.description else []

    def insert_frame(self, table, frame, columns):
        # COPY in CSV form, written by Arrow in C++: no Python object per cell. An unquoted empty
        # field is NULL; text never arrives empty (blank cells are missing values).
        names = [name for name, _ in columns]
        buffer = io.BytesIO()
        pa_csv.write_csv(
            _to_arrow(frame, columns),
            buffer,
            write_options=pa_csv.WriteOptions(include_header=False),
        )
        sql = f"COPY {table} ({', '.join(names)}) FROM STDIN (FORMAT csv)"
        with self.con.cursor() as cur, cur.copy(sql) as copy:
            view = buffer.getbuffer()
            for start in range(0, len(view), 1 << 22):
                copy.write(view[start : start + (1 << 22)])

    def lock(self, name):
        # Serialise publishers of one dataset across app replicas and the CLI.
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        self.execute("SELECT pg_advisory_xact_lock(?)", [key])


class PostgresEngine:
    """A pool of connections per process, shared by every session, opened lazily. A connection
    the server dropped is checked out no more (each is checked before use); reads that fail on a
    transient error are retried with backoff, and what still fails is StoreUnavailable — the
    page's banner, gone on the next run once the server is back."""

    dialect = "postgres"

    def __init__(self, url: str, *, connect_timeout: int = 5, max_size: int = 10):
        self.url = url
        self.connect_timeout = connect_timeout
        self.max_size = max_size
        self._pool = None
        self._state = threading.Lock()

    def describe(self) -> str:
        host = re.sub(r"//[^@/]*@", "//", self.url)  # never show credentials
        return f"PostgreSQL {host.split('?')[0]}"

    def _get_pool(self):
        from psycopg_pool import ConnectionPool

        with self._state:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self.url,
                    min_size=1,
                    max_size=self.max_size,
                    kwargs={"connect_timeout": self.connect_timeout},
                    check=ConnectionPool.check_connection,
                    open=False,
                )
                self._pool.open(wait=False)
            return self._pool

    @contextlib.contextmanager
    def _connect(self) -> Iterator[Any]:
        from psycopg_pool import PoolTimeout

        try:
            with self._get_pool().connection(timeout=self.connect_timeout) as con:
                yield con
        except PoolTimeout as exc:
            raise StoreUnavailable(
                f"Cannot reach the database server ({self.describe()})."
            ) from exc

    def close(self) -> None:
        with self._state:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[_PgTx]:
        import psycopg

        try:
            with self._connect() as con, con.transaction():
                yield _PgTx(con)
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(
                f"The database server went away ({self.describe()}); nothing was written."
            ) from exc

    def read(self, sql, params=()):
        import psycopg

        delay = 0.1
        for attempt in range(4):
            try:
                with self._connect() as con, con.cursor() as cur:
                    cur.execute(_pg_sql(sql), list(params))
                    names = [d.name for d in cur.description]
                    return _normalise(pd.DataFrame.from_records(cur.fetchall(), columns=names))
            except psycopg.OperationalError as exc:  # dropped mid-query: another connection
                if attempt == 3:
                    raise StoreUnavailable(
                        f"Cannot reach the database server ({self.describe()})."
                    ) from exc
                time.sleep(delay)
                delay *= 3
        raise AssertionError("unreachable")


def _pg_sql(sql: str) -> str:
    # The store writes portable SQL with `?` placeholders; psycopg wants `%s` (and literal % doubled).
    return sql.replace("%", "%%").replace("?", "%s")


def _to_arrow(frame: pd.DataFrame, columns: list[tuple[str, str]]) -> pa.Table:
    """The frame's columns as typed Arrow arrays, converted column by column (never cell by cell
    for the typed frames uploads produce)."""
    return pa.table({name: _arrow_column(frame, name, sql_type) for name, sql_type in columns})


def _arrow_column(frame: pd.DataFrame, name: str, sql_type: str) -> pa.Array:
    kind = _ARROW_TYPES[sql_type]
    if name not in frame:
        return pa.nulls(len(frame), type=kind)
    values = frame[name]
    try:
        if sql_type == "DATE":
            if pd.api.types.is_datetime64_any_dtype(values):
                days = values.to_numpy(dtype="datetime64[D]")
                return pa.array(days, type=kind, mask=np.isnat(days))
            values = values.map(lambda v: v.date() if isinstance(v, dt.datetime) else v)
        elif sql_type == "BIGINT":
            return pa.array(pd.array(values, dtype="Int64"), type=kind)
        elif sql_type == "FLOAT8":
            return pa.array(pd.array(values, dtype="Float64"), type=kind)
        return pa.array(values, type=kind, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        cells = [None if _missing(v) else v for v in values.tolist()]
        if kind == pa.string():
            cells = [None if v is None else str(v) for v in cells]
        return pa.array(cells, type=kind)


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Make both engines return the same dtypes: dates as datetimes, numbers as numbers."""
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object or column.empty:
            continue
        sample = column.dropna()
        if sample.empty:
            continue
        first = sample.iloc[0]
        if isinstance(first, dt.date) and not isinstance(first, dt.datetime):
            frame[name] = pd.to_datetime(column)
        elif isinstance(first, decimal.Decimal):
            frame[name] = pd.to_numeric(column.map(lambda v: None if v is None else float(v)))
    return frame


# --- the store ---


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect

    def describe(self) -> str:
        return self.engine.describe()

    def ensure_schema(self) -> None:
        """Bring the database up to date: apply the migrations it lacks (atlas.migrations)."""
        from atlas import migrations  # imported here: atlas.migrations imports this module

        migrations.migrate(self.engine)

    def schema_version(self) -> int:
        """Highest applied migration id, 0 when the database has never been migrated."""
        from atlas import migrations

        return migrations.current_version(self.engine)

    # --- writing ---

    def publish(
        self,
        dataset: str,
        frame: pd.DataFrame,
        *,
        author: str,
        filename: str = "",
        note: str = "",
        is_sample: bool = False,
        mode: str = "replace",
        sha256: str = "",
        only_if_empty: bool = False,
        refuse_duplicate: bool = False,
    ) -> VersionInfo | None:
        """Write `frame` as the next version of `dataset` and make it active, in one transaction.

        With `only_if_empty`, nothing is written when the dataset already has a version (seeding
        is idempotent even when two app processes start at once). With `refuse_duplicate`, a file
        whose sha256 was published before raises DuplicateFile — checked under the same lock as
        the write, so ten simultaneous publishes of one file give one version. Returns the new
        version.
        """
        item = PublishItem(dataset, frame, filename, sha256, mode, is_sample)
        written = self.publish_many(
            [item],
            author=author,
            note=note,
            only_if_empty=only_if_empty,
            refuse_duplicate=refuse_duplicate,
        )
        return written[0] if written else None

    def publish_many(
        self,
        items: Sequence[PublishItem],
        *,
        author: str,
        note: str = "",
        only_if_empty: bool = False,
        refuse_duplicate: bool = False,
    ) -> list[VersionInfo]:
        """Publish several datasets together: all become active in one transaction, or none."""
        for item in items:
            if item.dataset not in DATASETS:
                raise StoreError(f"unknown dataset '{item.dataset}'")
            if item.mode not in ("replace", "append"):
                raise StoreError(f"unknown publish mode '{item.mode}'")
            if len(item.frame) == 0:
                raise NoRows()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        publish_id = uuid.uuid4().hex if len(items) > 1 else None
        written: list[tuple[str, int]] = []
        try:
            with self.engine.transaction() as tx:
                for name in sorted({item.dataset for item in items}):
                    tx.lock(f"atlas:{name}")  # always in one order: no deadlock between publishers
                for item in items:
                    version = self._write(
                        tx, item, author, note, now, publish_id, only_if_empty, refuse_duplicate
                    )
                    if version is not None:
                        written.append((item.dataset, version))
        except StoreError as exc:
            # A full disk found at the commit's checkpoint surfaces as the engine's "failed,
            # reopening" error: say what it is.
            if not isinstance(exc, DiskFull) and _is_disk_full(exc):
                raise DiskFull() from exc
            raise
        except Exception as exc:
            if _is_disk_full(exc):
                raise DiskFull() from exc
            raise
        return [self.version_info(dataset, version) for dataset, version in written]

    def _write(
        self,
        tx: Transaction,
        item: PublishItem,
        author: str,
        note: str,
        now: dt.datetime,
        publish_id: str | None,
        only_if_empty: bool,
        refuse_duplicate: bool,
    ) -> int | None:
        dataset = item.dataset
        latest = tx.execute(
            "SELECT COALESCE(MAX(version), 0) FROM atlas_versions WHERE dataset = ?", [dataset]
        )[0][0]
        if only_if_empty and latest:
            return None
        if refuse_duplicate and item.sha256:
            found = tx.execute(
                "SELECT version FROM atlas_versions WHERE dataset = ? AND sha256 = ?"
                " ORDER BY version",
                [dataset, item.sha256],
            )
            if found:
                raise DuplicateFile([int(row[0]) for row in found])
        columns = [("source_line", "BIGINT"), *table_columns(dataset)]
        version = int(latest) + 1
        row_count = len(item.frame)
        is_sample = item.is_sample
        if item.mode == "append":
            active = tx.execute(
                "SELECT a.version, v.is_sample FROM atlas_active a JOIN atlas_versions v"
                " ON v.dataset = a.dataset AND v.version = a.version WHERE a.dataset = ?",
                [dataset],
            )
            if active:
                names = ", ".join(name for name, _ in columns)
                tx.execute(
                    f"INSERT INTO {dataset} (version, {names}) "
                    f"SELECT ?, {names} FROM {dataset} WHERE version = ?",
                    [version, active[0][0]],
                )
                row_count += tx.execute(
                    f"SELECT COUNT(*) FROM {dataset} WHERE version = ?", [active[0][0]]
                )[0][0]
                # Added to an illustrative sample, the result is one still.
                is_sample = is_sample or bool(active[0][1])
        tagged = item.frame.assign(version=version)
        tx.insert_frame(dataset, tagged, [("version", "BIGINT"), *columns])
        tx.execute(
            "INSERT INTO atlas_versions (dataset, version, created_at, author, filename, sha256,"
            " row_count, note, is_sample, mode, publish_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                dataset,
                version,
                now,
                author,
                item.filename,
                item.sha256,
                int(row_count),
                note,
                is_sample,
                item.mode,
                publish_id,
            ],
        )
        self._activate(tx, dataset, version, now)
        tx.execute(
            "INSERT INTO atlas_log (logged_at, dataset, action, version, author, note)"
            " VALUES (?, ?, 'publish', ?, ?, ?)",
            [now, dataset, version, author, note],
        )
        return version

    def rollback(self, dataset: str, version: int, *, author: str, note: str = "") -> VersionInfo:
        """Make an earlier version active again (recorded in the log)."""
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self.engine.transaction() as tx:
            tx.lock(f"atlas:{dataset}")
            exists = tx.execute(
                "SELECT 1 FROM atlas_versions WHERE dataset = ? AND version = ?",
                [dataset, version],
            )
            if not exists:
                raise StoreError(f"{dataset} has no version {version}")
            self._activate(tx, dataset, version, now)
            tx.execute(
                "INSERT INTO atlas_log (logged_at, dataset, action, version, author, note)"
                " VALUES (?, ?, 'rollback', ?, ?, ?)",
                [now, dataset, version, author, note],
            )
        return self.version_info(dataset, version)

    @staticmethod
    def _activate(tx: Transaction, dataset: str, version: int, now: dt.datetime) -> None:
        tx.execute(
            "INSERT INTO atlas_active (dataset, version, changed_at) VALUES (?, ?, ?)"
            " ON CONFLICT (dataset) DO UPDATE SET version = excluded.version,"
            " changed_at = excluded.changed_at",
            [dataset, version, now],
        )

    # --- reading ---

    def active_versions(self) -> dict[str, VersionInfo]:
        frame = self.engine.read(
            "SELECT v.* FROM atlas_versions v JOIN atlas_active a"
            " ON a.dataset = v.dataset AND a.version = v.version ORDER BY v.dataset"
        )
        return {row["dataset"]: _version(row) for row in frame.to_dict("records")}

    def datasets_with_versions(self) -> set[str]:
        """Datasets that have at least one version (active or not)."""
        found = self.engine.read("SELECT DISTINCT dataset FROM atlas_versions")
        return set(found["dataset"])

    def record_seed_problem(self, dataset: str, reason: str | None) -> None:
        """Remember why a bundled dataset could not be seeded (None: it was)."""
        with self.engine.transaction() as tx:
            tx.execute("DELETE FROM atlas_seed_problems WHERE dataset = ?", [dataset])
            if reason:
                tx.execute(
                    "INSERT INTO atlas_seed_problems (dataset, recorded_at, message)"
                    " VALUES (?, ?, ?)",
                    [dataset, dt.datetime.now(dt.UTC).replace(tzinfo=None), reason],
                )

    def seed_problems(self) -> dict[str, str]:
        found = self.engine.read("SELECT dataset, message FROM atlas_seed_problems")
        return dict(zip(found["dataset"], found["message"], strict=True))

    def version_info(self, dataset: str, version: int) -> VersionInfo:
        frame = self.engine.read(
            "SELECT * FROM atlas_versions WHERE dataset = ? AND version = ?",
            [dataset, version],
        )
        if frame.empty:
            raise StoreError(f"{dataset} has no version {version}")
        return _version(frame.iloc[0].to_dict())

    def versions(self, dataset: str) -> pd.DataFrame:
        return self.engine.read(
            "SELECT v.*, (a.version IS NOT NULL) AS is_active FROM atlas_versions v"
            " LEFT JOIN atlas_active a ON a.dataset = v.dataset AND a.version = v.version"
            " WHERE v.dataset = ? ORDER BY v.version DESC",
            [dataset],
        )

    def log(self, dataset: str | None = None) -> pd.DataFrame:
        where, params = ("WHERE dataset = ?", [dataset]) if dataset else ("", [])
        return self.engine.read(f"SELECT * FROM atlas_log {where} ORDER BY logged_at DESC", params)

    def versions_with_hash(self, dataset: str, sha256: str) -> list[int]:
        """Versions of `dataset` published from a file with this sha256 (duplicate uploads)."""
        found = self.engine.read(
            "SELECT version FROM atlas_versions WHERE dataset = ? AND sha256 = ? ORDER BY version",
            [dataset, sha256],
        )
        return [int(v) for v in found["version"]]

    def remember_mapping(self, signature: str, dataset: str, mapping_json: str) -> None:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with self.engine.transaction() as tx:
            tx.execute(
                "INSERT INTO atlas_mappings (signature, dataset, mapping, saved_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping,"
                " saved_at = excluded.saved_at",
                [signature, dataset, mapping_json, now],
            )

    def remembered_mapping(self, signature: str) -> str | None:
        found = self.engine.read(
            "SELECT mapping FROM atlas_mappings WHERE signature = ?", [signature]
        )
        return None if found.empty else str(found.iloc[0]["mapping"])

    def frame(
        self, dataset: str, version: int, columns: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """All rows of one version, in the order they were published."""
        known = {"source_line", *(name for name, _ in table_columns(dataset))}
        wanted = (
            list(columns) if columns else ["source_line", *(n for n, _ in table_columns(dataset))]
        )
        unknown = set(wanted) - known
        if unknown:
            raise StoreError(f"{dataset} has no column {', '.join(sorted(unknown))}")
        return self.engine.read(
            f"SELECT {', '.join(wanted)} FROM {dataset} WHERE version = ? ORDER BY source_line",
            [version],
        )

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run a read-only aggregation written in the portable SQL subset with `?` placeholders."""
        return self.engine.read(sql, params)


def _version(row: dict) -> VersionInfo:
    return VersionInfo(
        dataset=row["dataset"],
        version=int(row["version"]),
        created_at=pd.Timestamp(row["created_at"]).to_pydatetime(),
        author=row["author"] or "",
        filename=row["filename"] or "",
        sha256=row["sha256"] or "",
        row_count=int(row["row_count"]),
        note=row["note"] or "",
        is_sample=bool(row["is_sample"]),
        mode=row["mode"],
    )


def open_store(
    database_url: str | None,
    duckdb_path: Path,
    *,
    lock_timeout: float = 30.0,
    on_busy=None,
) -> Store:
    """The store a deployment is configured for: PostgreSQL when a URL is given, else DuckDB."""
    if database_url:
        if not database_url.startswith(("postgresql://", "postgres://")):
            raise StoreError("ATLAS_DATABASE_URL must start with postgresql://")
        return Store(PostgresEngine(database_url))
    return Store(DuckDBEngine(duckdb_path, lock_timeout=lock_timeout, on_busy=on_busy))
