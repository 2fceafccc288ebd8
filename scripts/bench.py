"""Benchmark: speed and memory of the store's hot paths, as ratios measured in one run.

What a page does on every rerun is compared with what it would cost done naively:
- headline figures aggregated in the database vs. the whole tables pulled into pandas;
- a publish of 100,000 diaspora rows vs. reading them (the write path stays within an order of
  magnitude of a read);
- the peak Python memory of the aggregation vs. the full pull.

Then the import benchmark (scripts/bench_import.py): a user's upload through `uploads.check` and
`uploads.publish` on both engines, against a pyarrow parse and a sqlite-utils load of the same file.
Then the pages at 1M diaspora actions and 200k interview codes (scripts/bench_pages.py): script
time cold and warm against a blank page, time to the first chart in Chromium against a trivial
chart page, peak RSS with 10 sessions. Every section is printed and written to docs/benchmarks.md.

Run: make bench   (or python scripts/bench.py [--rows N] [--quick] [--output FILE] [--no-write])
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from atlas import queries, timeline  # noqa: E402
from atlas.filters import Filters  # noqa: E402
from atlas.seed import seed  # noqa: E402
from atlas.store import DuckDBEngine, Store  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import bench_import  # noqa: E402


def timed(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory(fn) -> int:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def big_diaspora(rows: int) -> pd.DataFrame:
    base = pd.read_csv(ROOT / "data" / "diaspora_actions.csv", dtype=str, keep_default_na=False)
    frame = base.sample(rows, replace=True, random_state=1).reset_index(drop=True)
    frame["action_id"] = [f"B{i:07d}" for i in range(rows)]
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frame["participants"] = pd.NA
    frame["reach"] = pd.NA
    frame["end_date"] = None
    frame["source_line"] = range(2, rows + 2)
    return frame


def query_benchmarks(rows: int) -> list[str]:
    """The store's hot paths; returns the lines of the report."""
    args = argparse.Namespace(rows=rows)

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(DuckDBEngine(Path(tmp) / "bench.duckdb"))
        seed(store, ROOT / "data")
        frame = big_diaspora(args.rows)
        publish = timed(lambda: store.publish("diaspora_actions", frame, author="bench"), repeat=1)
        versions = {name: v.version for name, v in store.active_versions().items()}
        filters = Filters(cities=("Almaty",))

        def in_database():
            return queries.headline(store, versions, filters)

        def naive():
            tables = {name: store.frame(name, version) for name, version in versions.items()}
            d = tables["diaspora_actions"]
            return len(d), len(tables["events"]), len(tables["respondents"])

        def diaspora_page():
            timeline.actions_by(store, versions, "country")
            timeline.actions_by(store, versions, "platform")
            timeline.actions_by_day(store, versions, weekly=True)
            timeline.cross_counts(store, versions, "action_type", "country")
            return timeline.actions(store, versions, limit=1000)

        def diaspora_naive():
            return store.frame("diaspora_actions", versions["diaspora_actions"])

        page = timed(diaspora_page)
        page_naive = timed(diaspora_naive, repeat=3)
        memory_page = peak_memory(diaspora_page)
        memory_page_naive = peak_memory(diaspora_naive)
        read_all = timed(naive, repeat=3)
        aggregate = timed(in_database)
        memory_aggregate = peak_memory(in_database)
        memory_naive = peak_memory(naive)

    lines: list[str] = []
    lines.append(f"rows in diaspora_actions: {args.rows:,}")
    lines.append(f"publish {args.rows:,} rows: {publish:.2f} s")
    lines.append(
        f"headline in database: {aggregate * 1000:.1f} ms; full pull into pandas: {read_all * 1000:.1f} ms"
    )
    lines.append(f"ratio speed   full pull / in-database aggregation = {read_all / aggregate:.1f}x")
    lines.append(
        f"ratio memory  full pull / in-database aggregation = {memory_naive / max(memory_aggregate, 1):.1f}x"
    )
    lines.append(f"ratio publish / full pull = {publish / read_all:.1f}x")
    lines.append(
        f"diaspora page queries: {page * 1000:.1f} ms; pulling the table: {page_naive * 1000:.1f} ms"
    )
    lines.append(f"ratio speed   diaspora table pull / page queries = {page_naive / page:.1f}x")
    lines.append(
        f"ratio memory  diaspora table pull / page queries = {memory_page_naive / max(memory_page, 1):.1f}x"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    bench_import.add_arguments(parser)
    args = parser.parse_args()

    lines = query_benchmarks(args.rows)
    queries_section = "\n".join(
        [
            f"## Query benchmarks — {bench_import.machine()}",
            "",
            "Headline figures and the diaspora page computed in the database vs. the whole tables "
            "pulled into pandas (DuckDB, Python memory by tracemalloc).",
            "",
            "```",
            *lines,
            "```",
            "",
        ]
    )
    print(queries_section, flush=True)
    if not args.no_write:
        bench_import.write_section(args.output, "queries", queries_section)
    import_section = bench_import.run_from_args(args)
    if not args.no_write:
        bench_import.write_section(args.output, "import", import_section)
    source = next(args.cache.glob("diaspora_actions-100000-*.csv"), None)
    if source is not None:
        import bench_wizard

        wizard_section = bench_wizard.run(source)
        print(wizard_section, flush=True)
        if not args.no_write:
            bench_import.write_section(args.output, "wizard", wizard_section)
    if not args.quick:
        import bench_pages

        pages_section = bench_pages.run(args.cache)
        print(pages_section, flush=True)
        if not args.no_write:
            bench_import.write_section(args.output, "pages", pages_section)
    if not args.no_write:
        print(f"written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
