"""Benchmark: the real import path a user waits on, as ratios measured in the same run.

For each generated upload file and each engine, a fresh Python process opens the store, creates the
schema, reads the file's bytes, runs `uploads.check` (encoding, delimiter, header mapping,
validation, places) and `uploads.publish`, and reports the time of each stage and its peak RSS.
The same file is also parsed by pyarrow (`pyarrow.csv.read_csv`, every column as text) and loaded
by the sqlite-utils command line, each in its own process, so the import is read as a multiple of
what a plain parse and a plain load of those bytes cost on this machine today.

The files are generated once, deterministically, into var/bench/: diaspora actions at 10k, 100k
and 1M rows; 20k respondents and 200k interview codes that refer to them. They are written as
Excel's "CSV UTF-8" writes: UTF-8 with a BOM, `;` between cells, CRLF line ends, day-first dates.

Run: python scripts/bench_import.py [--quick] [--engines duckdb,postgres] [--output FILE]
     (`make bench` runs it after the query benchmarks of scripts/bench.py.)
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
CACHE_DIR = ROOT / "var" / "bench"
DOCS = ROOT / "docs" / "benchmarks.md"
GENERATOR_VERSION = 2  # bump when the generated files change, so cached ones are rebuilt

DIASPORA_SIZES = (10_000, 100_000, 1_000_000)
QUICK_DIASPORA_SIZES = (10_000, 100_000)
RESPONDENTS = 20_000
CODES = 200_000
REPEAT_UP_TO = 100_000  # files up to this many rows are imported `--repeat` times (median)
LONG_RUN = 60.0  # a run longer than this is not repeated: its noise is small against its length

# Targets for the 1M-row diaspora file on DuckDB.
TARGET_SECONDS = 5.0
TARGET_PYARROW_RATIO = 10.0
TARGET_RSS_MB = 1024.0


# --- the generated upload files ------------------------------------------------------------------


_RUSSIAN_ONLY = re.compile(r"^[А-Яа-яЁё\s\-]+$")  # Cyrillic without the Kazakh letters


def _russian_alias(aliases: str) -> str | None:
    return next((a for a in aliases.split("|") if a and _RUSSIAN_ONLY.match(a)), None)


def _write(path: Path, header: list[str], rows: Iterator[list[str]]) -> None:
    """Write as Excel's "CSV UTF-8 (comma delimited)" does in a Russian locale: BOM, `;`, CRLF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    partial.replace(path)


class _Places:
    """Real place names from the gazetteer, each in its English and (when it resolves to the same
    place) its Russian spelling, checked against the gazetteer the import uses."""

    def __init__(self) -> None:
        sys.path.insert(0, str(ROOT))
        from atlas import resources

        gazetteer = resources.gazetteer(DATA_DIR)
        table = gazetteer.table
        self.countries: list[tuple[str, list[str], list[list[str]]]] = []
        for row in table[table["kind"] == "country"].itertuples():
            if row.country == "KZ":
                continue
            spellings = [row.name, row.country]
            ru = _russian_alias(str(row.aliases or ""))
            if ru and gazetteer.country_code(ru) == row.country:
                spellings.append(ru)
            cities = table[(table["kind"] == "city") & (table["country"] == row.country)]
            top = cities.sort_values("population", ascending=False).head(12)
            city_spellings = []
            for city in top.itertuples():
                names = [city.name]
                ru_city = _russian_alias(str(city.aliases or ""))
                if ru_city:
                    found = gazetteer.resolve(ru_city, country=row.country)
                    if found is not None and found.name == city.name:
                        names.append(ru_city)
                city_spellings.append(names)
            if city_spellings:
                self.countries.append((row.country, spellings, city_spellings))
        kz = table[(table["kind"] == "city") & (table["country"] == "KZ")]
        self.kz_cities: list[tuple[list[str], str]] = []
        for city in kz.sort_values("population", ascending=False).head(30).itertuples():
            if (
                gazetteer.resolve(city.name) is None
                or gazetteer.resolve(city.name).name != city.name
            ):
                continue
            names = [city.name]
            ru_city = _russian_alias(str(city.aliases or ""))
            if ru_city and (found := gazetteer.resolve(ru_city)) and found.name == city.name:
                names.append(ru_city)
            region = city.region or ""
            resolved = gazetteer.resolve(region, kinds=("region", "city")) if region else None
            self.kz_cities.append((names, region if resolved and resolved.region == region else ""))


def _vocabulary() -> dict[tuple[str, str], list[str]]:
    codes: dict[tuple[str, str], list[str]] = {}
    with (DATA_DIR / "vocabulary.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            codes.setdefault((row["field"], row["theme"]), []).append(row["code"])
    return codes


def _day(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


_ACTORS = [
    "individuals",
    "Kazakh diaspora association",
    "students",
    "Qazaq community centre",
    "informal group",
    "Kazakh-American activists",
    "казахская диаспора",
    "студенты",
    "землячество",
    "волонтёры",
    "Atajurt volunteers",
]
_DESCRIPTIONS = [
    "Small vigil at the embassy ('Don't shoot'; against foreign troops)",
    "Lone picket with a flag at the embassy",
    "Rally at the embassy in support of protesters",
    "About 60 people at the Brandenburg Gate; open mic; demand the president resign",
    "Rally at the White House against repressions",
    'Online marathon "Help Kazakhstan" collecting money for the families of the detained',
    "Митинг у посольства в поддержку протестующих",
    "Одиночный пикет с флагом у консульства",
    "Сбор средств для семей задержанных; отчёт опубликован в Telegram",
    "Обращение к правительству страны пребывания с просьбой о санкциях",
    "Акция «Мы с вами» на центральной площади, около 40 человек",
    "Прямой эфир в Instagram: рассказ очевидцев\nи сбор вопросов",
]
_SOURCES = [
    ("NV", "https://english.nv.ua/nation/"),
    ("Novastan", "https://novastan.org/de/kasachstan/"),
    ("Azattyq (RFE/RL)", "https://rus.azattyq.org/a/"),
    ("The Village Kazakhstan", "https://the-village-kz.com/village/people/"),
    ("Vlast.kz", "https://vlast.kz/obsshestvo/"),
    ("Телеграм-канал диаспоры", "https://t.me/s/diaspora_kz/"),
]
_CONFIDENCE = ["confirmed", "confirmed", "confirmed", "unconfirmed", "day unconfirmed"]
# The columns the generator writes (the contract's diaspora columns a user's file would have).
DIASPORA_HEADER = [
    "action_id",
    "date",
    "end_date",
    "country",
    "city",
    "actor",
    "actor_type",
    "action_type",
    "platform",
    "motivation",
    "barriers",
    "participants",
    "reach",
    "description",
    "confidence",
    "source_name",
    "source_url",
]


def _diaspora_rows(n: int, places: _Places, vocab) -> Iterator[list[str]]:
    rng = random.Random(f"diaspora-{n}")
    start, days = dt.date(2022, 1, 1), 4 * 365
    last_day, seq = None, 0

    def some(field_name: str, most: int) -> str:
        k = rng.randint(0, most)
        return ";".join(rng.sample(vocab[(field_name, "")], k))

    for i in range(n):
        day = start + dt.timedelta(days=i * days // n)
        seq = seq + 1 if day == last_day else 1
        last_day = day
        code, countries, cities = rng.choice(places.countries)
        city = "" if rng.random() < 0.05 else rng.choice(rng.choice(cities))
        end = day + dt.timedelta(days=rng.randint(1, 5)) if rng.random() < 0.1 else None
        participants = ""
        if rng.random() < 0.4:
            count = int(rng.paretovariate(1.2) * 5)
            participants = f"{count:,}".replace(",", " ")  # "1 200", as a Russian locale writes
        name, url = rng.choice(_SOURCES)
        yield [
            f"A{day:%Y%m%d}-{seq:03d}",
            _day(day),
            _day(end) if end else "",
            rng.choice(countries),
            city,
            rng.choice(_ACTORS) if rng.random() < 0.7 else "",
            rng.choice(vocab[("actor_type", "")]) if rng.random() < 0.5 else "",
            rng.choice(vocab[("action_type", "")]),
            some("platform", 2) or "offline",
            some("motivation", 2),
            some("barriers", 1),
            participants,
            str(rng.randint(100, 500_000)) if rng.random() < 0.2 else "",
            rng.choice(_DESCRIPTIONS),
            rng.choice(_CONFIDENCE),
            name,
            f"{url}{day:%Y%m%d}-{code.lower()}-{i}",
        ]


def _respondent_rows(n: int, places: _Places, vocab) -> Iterator[list[str]]:
    rng = random.Random(f"respondents-{n}")
    for i in range(1, n + 1):
        names, region = rng.choice(places.kz_cities)
        focus = rng.sample(vocab[("focus_area", "")], rng.randint(1, 2))
        yield [
            f"R{i:05d}",
            rng.choice(names),
            region if rng.random() < 0.2 else "",
            rng.choice(vocab[("org_type", "")]),
            ";".join(focus),
            rng.choice(vocab[("gender", "")]),
            rng.choice(vocab[("age_group", "")]),
            _day(dt.date(2021, 9, 1) + dt.timedelta(days=rng.randint(0, 120))),
            rng.choice(vocab[("interview_mode", "")]),
        ]


def _code_rows(n: int, respondents: int, vocab) -> Iterator[list[str]]:
    rng = random.Random(f"codes-{n}")
    with (DATA_DIR / "interview_codes.sample.csv").open(encoding="utf-8") as f:
        excerpts = [(r["excerpt"], r["language"]) for r in csv.DictReader(f)]
    themes = vocab[("theme", "")]
    for i in range(n):
        theme = rng.choice(themes)
        excerpt, language = rng.choice(excerpts)
        yield [
            f"R{i * respondents // n + 1:05d}",
            theme,
            rng.choice(vocab[("code", theme)]),
            rng.choice(vocab[("period", "")]),
            excerpt,
            language,
            str(rng.randint(1, 3)),
        ]


@dataclass(frozen=True)
class BenchFile:
    dataset: str
    rows: int
    path: Path
    before: tuple[tuple[str, Path], ...] = ()  # published first, untimed (respondents for codes)


def bench_files(cache: Path, diaspora_sizes, *, with_codes: bool) -> list[BenchFile]:
    """The upload files, generated on first use and kept in `cache`."""
    # The files depend on the generator and on the reference data their values are drawn from.
    digest = hashlib.sha256(str(GENERATOR_VERSION).encode())
    for name in ("gazetteer.csv", "vocabulary.csv", "interview_codes.sample.csv"):
        digest.update((DATA_DIR / name).read_bytes())
    tag = digest.hexdigest()[:10]
    files = [
        BenchFile("diaspora_actions", n, cache / f"diaspora_actions-{n}-{tag}.csv")
        for n in diaspora_sizes
    ]
    if with_codes:
        respondents = BenchFile(
            "respondents", RESPONDENTS, cache / f"respondents-{RESPONDENTS}-{tag}.csv"
        )
        files += [
            respondents,
            BenchFile(
                "interview_codes",
                CODES,
                cache / f"interview_codes-{CODES}-{RESPONDENTS}-{tag}.csv",
                before=(("respondents", respondents.path),),
            ),
        ]
    missing = [f for f in files if not f.path.exists()]
    if missing:
        places, vocab = _Places(), _vocabulary()
        for f in missing:
            started = time.perf_counter()
            if f.dataset == "diaspora_actions":
                _write(f.path, DIASPORA_HEADER, _diaspora_rows(f.rows, places, vocab))
            elif f.dataset == "respondents":
                header = [
                    "respondent_id",
                    "city",
                    "region",
                    "org_type",
                    "focus_area",
                    "gender",
                    "age_group",
                    "interview_date",
                    "interview_mode",
                ]
                _write(f.path, header, _respondent_rows(f.rows, places, vocab))
            else:
                header = [
                    "respondent_id",
                    "theme",
                    "code",
                    "period",
                    "excerpt",
                    "language",
                    "intensity",
                ]
                _write(f.path, header, _code_rows(f.rows, RESPONDENTS, vocab))
            print(
                f"generated {f.path} "
                f"({f.path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )
    return files


# --- the measured processes ----------------------------------------------------------------------


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_import(args) -> dict:
    """One import, as the app does it: open the store, schema, bytes, check, publish."""
    sys.path.insert(0, str(ROOT))
    from atlas import resources, uploads
    from atlas.store import open_store

    out: dict = {"stages": {}}
    started = time.perf_counter()
    store = open_store(args.url or None, Path(args.duckdb))
    store.ensure_schema()
    gazetteer = resources.gazetteer(DATA_DIR)
    vocabulary = resources.vocabulary(DATA_DIR)
    out["stages"]["open store, schema, references"] = time.perf_counter() - started
    for dataset, path in (item.split("=", 1) for item in args.before):
        started = time.perf_counter()
        checked = uploads.check(
            Path(path).read_bytes(),
            Path(path).name,
            dataset,
            store=store,
            gazetteer=gazetteer,
            vocabulary=vocabulary,
        )
        uploads.publish(store, checked, author="bench")
        out["stages"][f"publish {dataset} first (untimed)"] = time.perf_counter() - started

    path = Path(args.file)
    t0 = time.perf_counter()
    data = path.read_bytes()
    t1 = time.perf_counter()
    # The command line's path: no browser upload limit.
    checked = uploads.check(
        data,
        path.name,
        args.dataset,
        store=store,
        gazetteer=gazetteer,
        vocabulary=vocabulary,
        max_bytes=None,
    )
    t2 = time.perf_counter()
    out["errors"] = len(checked.errors)
    out["warnings"] = len(checked.warnings)
    version = uploads.publish(store, checked, author="bench")
    t3 = time.perf_counter()
    out["stages"].update({"read bytes": t1 - t0, "check": t2 - t1, "publish": t3 - t2})
    out["total"] = t3 - t0
    out["published_rows"] = version.row_count
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


def child_pyarrow(args) -> dict:
    import pyarrow as pa
    from pyarrow import csv as pacsv

    path = Path(args.file)
    with path.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f, delimiter=";"))
    started = time.perf_counter()
    table = pacsv.read_csv(
        path,
        parse_options=pacsv.ParseOptions(delimiter=";", newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in header}, strings_can_be_null=False
        ),
    )
    return {
        "total": time.perf_counter() - started,
        "rows": table.num_rows,
        "peak_rss_mb": _peak_rss_mb(),
    }


@dataclass
class Outcome:
    seconds: float | None = None  # the process's own measurement, or the wall time
    peak_rss_mb: float | None = None
    failure: str = ""  # why there is no number: timed out, rejected, crashed
    detail: dict = field(default_factory=dict)


# A process's peak RSS starts at the RSS of the process it was forked from (Linux keeps the
# high-water mark across fork and exec), so the measured commands are started by this small
# launcher rather than by the benchmark itself, whose pandas and gazetteer would be counted in.
_LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    json.dump({"wall": time.perf_counter() - started, "maxrss_kib": usage.ru_maxrss,
               "exit": os.waitstatus_to_exitcode(status)}, f)
"""


def measure(command: list[str], timeout: float, *, wall: bool = False) -> Outcome:
    """Run `command` in its own process group; its peak RSS comes from wait4, its time from the
    JSON it prints last (or the wall time when `wall`). Killed after `timeout` seconds."""
    with (
        tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp,
        open(Path(tmp) / "stdout", "w+b") as stdout,
        open(Path(tmp) / "stderr", "w+b") as stderr,
    ):
        usage_file = Path(tmp) / "usage.json"
        launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(usage_file), *command]
        proc = subprocess.Popen(launcher, stdout=stdout, stderr=stderr, start_new_session=True)
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            proc.wait()
        except BaseException:  # interrupted: leave no measured process behind
            kill()
            proc.wait()
            raise
        finally:
            timer.cancel()
        stdout.seek(0)
        stderr.seek(0)
        text = stdout.read().decode(errors="replace")
        errors = stderr.read().decode(errors="replace")
        usage = json.loads(usage_file.read_text()) if usage_file.exists() else None
    if timed_out.is_set() or usage is None:
        return Outcome(failure=f"timed out after {timeout:.0f} s")
    rss = usage["maxrss_kib"] / 1024
    if wall:
        if usage["exit"]:
            return Outcome(failure=_last_line(errors) or f"exit status {usage['exit']}")
        return Outcome(seconds=usage["wall"], peak_rss_mb=rss)
    try:
        result = json.loads(text.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return Outcome(failure=_last_line(errors) or f"exit status {usage['exit']}")
    if "failure" in result:
        return Outcome(peak_rss_mb=result.get("peak_rss_mb"), failure=_one_line(result["failure"]))
    return Outcome(result["total"], result.get("peak_rss_mb", rss), detail=result)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return _one_line(lines[-1]) if lines else ""


def _one_line(message: str) -> str:
    """A failure as a table cell: its first line, no pipes, not too long."""
    first = next((line.strip() for line in message.splitlines() if line.strip()), "")
    return first.replace("|", "/")[:160]


# --- the run -------------------------------------------------------------------------------------


@dataclass
class Result:
    file: BenchFile
    engine: str  # duckdb | postgres | pyarrow | sqlite-utils
    runs: list[Outcome]

    @property
    def seconds(self) -> float | None:
        done = [r.seconds for r in self.runs if r.seconds is not None]
        return statistics.median(done) if done and len(done) == len(self.runs) else None

    @property
    def peak_rss_mb(self) -> float | None:
        known = [r.peak_rss_mb for r in self.runs if r.peak_rss_mb is not None]
        return max(known) if known else None

    @property
    def failure(self) -> str:
        return next((r.failure for r in self.runs if r.failure), "")

    def stages(self) -> dict[str, float]:
        """Median time of each stage over the runs."""
        names = [n for n in self.runs[0].detail.get("stages", {})] if self.runs else []
        return {
            n: statistics.median(r.detail["stages"][n] for r in self.runs if r.detail)
            for n in names
        }


class Budget:
    def __init__(self, seconds: float, per_case: float):
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds
        self.per_case = per_case

    def timeout(self) -> float:
        return min(self.per_case, max(0.0, self.deadline - time.monotonic()))


@contextlib.contextmanager
def _database(engine: str, server: str | None) -> Iterator[tuple[str, str]]:
    """(url, duckdb path) of an empty database for one run, removed afterwards."""
    if engine == "duckdb":
        with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
            yield "", str(Path(tmp) / "bench.duckdb")
        return
    import psycopg

    assert server
    name = f"atlas_bench_{os.getpid()}_{time.monotonic_ns()}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    try:
        yield server.rsplit("/", 1)[0] + "/" + name, "/nonexistent/unused.duckdb"
    finally:
        with psycopg.connect(server, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def sqlite_utils_cli() -> Path | None:
    found = Path(sys.executable).parent / "sqlite-utils"
    if found.exists():
        return found
    which = shutil.which("sqlite-utils")
    return Path(which) if which else None


class Runner:
    """Runs one measurement of (file, engine) at a time, within the time budget."""

    def __init__(self, *, budget: Budget, server: str | None, cli: Path | None, startup):
        self.budget, self.server, self.cli, self.startup = budget, server, cli, startup

    def once(self, file: BenchFile, engine: str) -> Outcome:
        timeout = self.budget.timeout()
        if timeout <= 0:
            return Outcome(failure=f"not run: the {self.budget.seconds:.0f} s budget was used up")
        if engine == "pyarrow":
            command = [sys.executable, __file__, "--child", "pyarrow", "--file", str(file.path)]
            return measure(command, timeout)
        if engine == "sqlite-utils":
            assert self.cli
            with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
                command = [str(self.cli), "insert", str(Path(tmp) / "bench.db"), "rows"]
                command += [str(file.path), "--csv", "--delimiter", ";"]
                command += ["--encoding", "utf-8-sig", "--silent"]
                outcome = measure(command, timeout, wall=True)
            if outcome.seconds is not None and self.startup is not None:
                outcome.seconds = max(outcome.seconds - self.startup, 1e-6)
            return outcome
        with _database(engine, self.server) as (url, duckdb_path):
            command = [sys.executable, __file__, "--child", "import", "--dataset", file.dataset]
            command += ["--file", str(file.path), "--url", url, "--duckdb", duckdb_path]
            for dataset, path in file.before:
                command += ["--before", f"{dataset}={path}"]
            return measure(command, timeout)


def run(
    *,
    quick: bool,
    engines: list[str],
    repeat: int,
    timeout: float,
    budget_seconds: float,
    cache: Path,
) -> str:
    """Generate the files, measure everything, return the markdown section (also printed).

    Every case runs once before any is repeated, the baselines and the target case (the largest
    diaspora file on DuckDB) first, so a slow import cannot use up the budget before they are
    measured; then the files up to REPEAT_UP_TO rows run again, up to `repeat` runs each."""
    sizes = QUICK_DIASPORA_SIZES if quick else DIASPORA_SIZES
    files = sorted(bench_files(cache, sizes, with_codes=not quick), key=lambda f: f.rows)
    cli = sqlite_utils_cli()
    started = time.perf_counter()
    startup = None
    if cli:  # the CLI's own start-up, taken off its load times (the app is already running)
        startup = statistics.median(
            measure([str(cli), "--version"], 60, wall=True).seconds or 0.0 for _ in range(3)
        )
    baselines = ["pyarrow", *(["sqlite-utils"] if cli else [])]
    target = next((f for f in reversed(files) if f.dataset == "diaspora_actions"), None)
    order = [(f, b) for b in baselines for f in files]
    if target and "duckdb" in engines:
        order.append((target, "duckdb"))
    order += [(f, e) for f in files for e in engines if (f, e) not in order]
    results = {case: Result(case[0], case[1], []) for case in order}

    def measure_case(case) -> None:
        outcome = runner.once(*case)
        results[case].runs.append(outcome)
        file, engine = case
        shown = f"{outcome.seconds:.2f} s" if outcome.seconds is not None else outcome.failure
        print(
            f"  {file.dataset} {file.rows:,} rows, {engine}: {shown}", file=sys.stderr, flush=True
        )

    with contextlib.ExitStack() as stack:
        server = None
        if "postgres" in engines:
            server = os.environ.get("ATLAS_BENCH_DATABASE_URL")
            if not server:
                sys.path.insert(0, str(ROOT))
                from tests.pgserver import temporary_postgres

                server = stack.enter_context(temporary_postgres())
        runner = Runner(
            budget=Budget(budget_seconds, timeout), server=server, cli=cli, startup=startup
        )
        for case in order:
            measure_case(case)
        for _ in range(repeat - 1):
            for case in order:
                runs = results[case].runs
                longest = max((r.seconds or 0.0 for r in runs), default=0.0)
                # Repeat only what finished quickly, and only while the budget has room for it:
                # a repeat cut short by the budget would hide the runs that did finish.
                if (
                    case[0].rows <= REPEAT_UP_TO
                    and all(r.seconds is not None and r.seconds <= LONG_RUN for r in runs)
                    and runner.budget.timeout() > 2 * longest + 5
                ):
                    measure_case(case)
    text = report(
        list(results.values()),
        engines,
        quick=quick,
        repeat=repeat,
        startup=startup,
        elapsed=time.perf_counter() - started,
    )
    print(text)
    return text


# --- the report ----------------------------------------------------------------------------------


def machine() -> str:
    """Today's date and the machine, for the headings of docs/benchmarks.md."""
    return (
        f"{dt.date.today():%Y-%m-%d}, nproc {len(os.sched_getaffinity(0))}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}"
    )


def _seconds(value: float | None) -> str:
    return "—" if value is None else (f"{value:.2f}" if value < 100 else f"{value:.0f}")


def _ratio(value: float, base: float | None) -> str:
    if not base:
        return "—"
    ratio = value / base
    return f"{ratio:.1f}×" if ratio < 10 else f"{ratio:.0f}×"


def report(
    results: list[Result],
    engines: list[str],
    *,
    quick: bool,
    repeat: int,
    startup: float | None,
    elapsed: float,
) -> str:
    by = {(r.file.path, r.engine): r for r in results}
    quick_note = " Quick run: 10k and 100k rows, DuckDB only." if quick else ""
    lines = [
        f"## Import benchmark — {machine()}",
        "",
        "`uploads.check` + `uploads.publish` of generated Excel-style files (UTF-8 with BOM, `;`, "
        "CRLF, dd.mm.yyyy), each import in a fresh process on an empty store. "
        "×pyarrow = import time / `pyarrow.csv.read_csv` of the same file (every column as text); "
        "×sqlite-utils = import time / `sqlite-utils insert --csv` of the same file (its start-up "
        f"of {_seconds(startup)} s taken off). Files up to {REPEAT_UP_TO:,} rows: median of up "
        f"to {repeat} runs (a run over {LONG_RUN:.0f} s is not repeated); larger ones once. "
        "Peak RSS is the importing process's (the PostgreSQL server's own memory is not in it)."
        + quick_note,
        "",
        "| dataset | rows | engine | import total s | ×pyarrow parse | ×sqlite-utils | "
        "peak RSS MB | read / check / publish s | runs |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    files = sorted({r.file for r in results}, key=lambda f: (f.rows, f.dataset))
    for file in files:
        base = by.get((file.path, "pyarrow"))
        lite = by.get((file.path, "sqlite-utils"))
        for engine in engines:
            r = by.get((file.path, engine))
            if r is None:
                continue
            if r.seconds is None:
                total, vs_arrow, vs_lite, stages = r.failure, "—", "—", ""
            else:
                total = _seconds(r.seconds)
                vs_arrow = _ratio(r.seconds, base.seconds if base else None)
                vs_lite = _ratio(r.seconds, lite.seconds if lite else None)
                s = r.stages()
                stages = " / ".join(_seconds(s.get(k)) for k in ("read bytes", "check", "publish"))
            rss = f"{r.peak_rss_mb:.0f}" if r.peak_rss_mb is not None else "—"
            lines.append(
                f"| {file.dataset} | {file.rows:,} | {engine} | {total} | {vs_arrow} | "
                f"{vs_lite} | {rss} | {stages} | {len(r.runs)} |"
            )
    checked = [
        f"{r.file.dataset} {r.file.rows:,} rows: {r.runs[0].detail.get('errors', 0)} errors, "
        f"{r.runs[0].detail.get('warnings', 0)} warnings, "
        f"{r.runs[0].detail.get('published_rows', 0):,} rows published"
        for r in sorted(results, key=lambda r: r.file.rows)
        if r.engine == engines[0] and r.runs and r.runs[0].detail
    ]
    if checked:
        lines += ["", "What the check found (" + engines[0] + "): " + "; ".join(checked) + "."]
    lines += ["", "Baselines of the same files:", ""]
    lines += ["| dataset | rows | MB | pyarrow parse s | RSS MB | sqlite-utils load s | RSS MB |"]
    lines += ["| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for file in files:
        base = by.get((file.path, "pyarrow"))
        lite = by.get((file.path, "sqlite-utils"))

        def cell(r: Result | None) -> tuple[str, str]:
            if r is None:
                return "—", "—"
            rss = f"{r.peak_rss_mb:.0f}" if r.peak_rss_mb is not None else "—"
            return (_seconds(r.seconds) if r.seconds is not None else r.failure), rss

        size = file.path.stat().st_size / 1e6
        lines.append(
            f"| {file.dataset} | {file.rows:,} | {size:.0f} | {' | '.join(cell(base))} | "
            f"{' | '.join(cell(lite))} |"
        )
    lines += ["", "Targets:", ""]
    lines += targets(results, by)
    lines += ["", f"The whole import benchmark took {elapsed:.0f} s."]
    return "\n".join(lines) + "\n"


def targets(results: list[Result], by) -> list[str]:
    big = next(
        (
            r
            for r in results
            if r.engine == "duckdb"
            and r.file.dataset == "diaspora_actions"
            and r.file.rows == DIASPORA_SIZES[-1]
        ),
        None,
    )
    out = []
    if big is None:
        out.append(
            f"- 1M diaspora rows on DuckDB ≤ {TARGET_SECONDS:.0f} s, "
            f"≤ {TARGET_PYARROW_RATIO:.0f}× the pyarrow parse, peak RSS ≤ 1 GB: "
            "not measured in this run"
        )
    else:
        base = by.get((big.file.path, "pyarrow"))
        ratio = big.seconds / base.seconds if big.seconds and base and base.seconds else None

        def mark(ok: bool | None) -> str:
            return "**met**" if ok else "**missed**"

        seconds = big.seconds
        out.append(
            f"- 1M diaspora rows on DuckDB in ≤ {TARGET_SECONDS:.0f} s: "
            f"{mark(seconds is not None and seconds <= TARGET_SECONDS)} "
            f"({_seconds(seconds) + ' s' if seconds is not None else big.failure})"
        )
        out.append(
            f"- … ≤ {TARGET_PYARROW_RATIO:.0f}× the pyarrow parse: "
            f"{mark(ratio is not None and ratio <= TARGET_PYARROW_RATIO)} "
            f"({f'{ratio:.0f}×' if ratio is not None else '—'})"
        )
        rss = big.peak_rss_mb
        out.append(
            f"- … peak RSS ≤ 1 GB: {mark(seconds is not None and rss is not None and rss <= TARGET_RSS_MB)} "
            f"({f'{rss:.0f} MB' if rss is not None else '—'}"
            f"{'' if seconds is not None else ', import did not finish'})"
        )
    imports = [r for r in results if r.engine in ("duckdb", "postgres")]
    over = [r for r in imports if r.peak_rss_mb is not None and r.peak_rss_mb > TARGET_RSS_MB]
    out.append(
        f"- every import's peak RSS ≤ 1 GB: {'**met**' if not over else '**missed**'}"
        + (
            ""
            if not over
            else " ("
            + ", ".join(f"{r.file.dataset} {r.file.rows:,} {r.engine}" for r in over)
            + ")"
        )
    )
    return out


# --- docs/benchmarks.md --------------------------------------------------------------------------

DOC_HEAD = """# Benchmarks

`make bench` runs `scripts/bench.py`: the query benchmarks first, then the import benchmark
(`scripts/bench_import.py`), and rewrites both sections below. `python scripts/bench_import.py`
alone rewrites only the import section. Every figure is measured in the same run on the same
machine, so the ratios hold even where the seconds differ from one machine to the next.
"""


def write_section(path: Path, name: str, text: str) -> None:
    """Replace the section `name` of the markdown file (between its markers), or add it."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{text.rstrip()}\n{end}\n"
    current = path.read_text(encoding="utf-8") if path.exists() else DOC_HEAD
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end) + r"\n?", re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _: block, current, count=1)
    else:
        updated = current.rstrip() + "\n\n" + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quick", action="store_true", help="10k and 100k rows, DuckDB only")
    parser.add_argument("--engines", default=None, help="comma-separated: duckdb,postgres")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the small files (median)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per run")
    parser.add_argument("--budget", type=float, default=900.0, help="seconds for all the runs")
    parser.add_argument("--cache", type=Path, default=CACHE_DIR, help="where the files are kept")
    parser.add_argument("--output", type=Path, default=DOCS, help="markdown file to update")
    parser.add_argument("--no-write", action="store_true", help="print only")


def run_from_args(args) -> str:
    engines = (
        args.engines.split(",")
        if args.engines
        else (["duckdb"] if args.quick else ["duckdb", "postgres"])
    )
    return run(
        quick=args.quick,
        engines=engines,
        repeat=args.repeat,
        timeout=args.timeout,
        budget_seconds=args.budget,
        cache=args.cache,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    parser.add_argument("--child", choices=["import", "pyarrow"], help=argparse.SUPPRESS)
    parser.add_argument("--dataset", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--duckdb", default="", help=argparse.SUPPRESS)
    parser.add_argument("--before", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        try:
            result = child_import(args) if args.child == "import" else child_pyarrow(args)
        except Exception as exc:  # reported in the table: a rejected file is a result too
            result = {
                "failure": f"{type(exc).__name__}: {exc}"[:200],
                "peak_rss_mb": _peak_rss_mb(),
            }
        print(json.dumps(result, ensure_ascii=False))
        return
    text = run_from_args(args)
    if not args.no_write:
        write_section(args.output, "import", text)
        print(f"written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
