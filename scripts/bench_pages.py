"""The pages at scale: what a viewer waits for with 1M diaspora actions and 200k interview codes.

One database is built through the command line a user would use (20k respondents and 200k codes
in one transaction, then 1M diaspora actions), and every page is timed three ways, each against
its floor measured in the same run:

- **script time** (Streamlit's AppTest, in a fresh process): *cold* is the first visit after a
  publish (every cached query misses: keys carry the active versions); *warm* is the rerun after a
  sidebar filter change (a new city each time, so the filter's queries miss too). The floor is a
  blank page with the same sidebar widget, changed the same way.
  Target: warm ≤ 1.5 × blank + 100 ms.
- **time to the first chart in Chromium** (a fresh browser context per visit, the server warm):
  from navigation to the page's main visual drawn, against a page with one trivial plotly chart.
  The bytes the server sent over the websocket are counted too: no page may ship the rows.
  Target: ≤ 1.3 × the trivial-chart page.
- **peak RSS with 10 sessions**: `scripts/load.py` with 10 people on this database.
  Target: ≤ 1.5 GB.

Run: python scripts/bench_pages.py [--cache var/bench] [--output docs/benchmarks.md] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_import  # noqa: E402
import load  # noqa: E402

from components import navigation  # noqa: E402

DIASPORA_ROWS = 1_000_000
# Every page a viewer reaches from the navigation, except the stories (a list of links).
PAGES = {spec.key: (spec.path, spec.url_path) for spec in navigation.PAGES if spec.key != "stories"}
WARM_RERUNS = 5
BROWSER_VISITS = 5
LOAD_SESSIONS = 10
TARGET_WARM = (1.5, 0.100)  # × blank page + seconds
TARGET_FIRST_CHART = 1.3  # × trivial-chart page
TARGET_RSS_MB = 1536.0

# The floor pages: the same sidebar widget as the app, and nothing else (AppTest); one small
# plotly chart (browser).
BLANK_PAGE = """
import streamlit as st
st.sidebar.multiselect("City", {cities!r}, key="city")
"""
TRIVIAL_CHART_PAGE = """
import plotly.express as px
import streamlit as st
st.plotly_chart(px.bar(x=["a", "b", "c"], y=[1, 3, 2]))
"""
# The visual a viewer waits for on each page.
MAIN_VISUAL = {
    "overview": "[data-testid=stMetricValue]",
    "map": "[data-testid=stDeckGlJsonChart] canvas",
    "challenges": "[data-testid=stPlotlyChart] .main-svg",
    "timeline": "[data-testid=stPlotlyChart] .main-svg",
    "diaspora": "[data-testid=stPlotlyChart] .main-svg",
    "data": "[data-testid=stDataFrame]",
    "trivial": "[data-testid=stPlotlyChart] .main-svg",
}


# --- the database --------------------------------------------------------------------------------


def build_database(path: Path, cache: Path) -> dict[str, float]:
    """Publish the big files through `python -m atlas import`, as a user would; seconds per step."""
    files = {
        f.dataset: f.path
        for f in bench_import.bench_files(cache, (DIASPORA_ROWS,), with_codes=True)
    }
    path.unlink(missing_ok=True)
    env = {**os.environ, "ATLAS_DUCKDB_PATH": str(path), "ATLAS_DATABASE_URL": ""}
    steps = {
        "respondents + interview codes": [
            "--set", f"respondents={files['respondents']}",
            "--set", f"interview_codes={files['interview_codes']}",
        ],
        "diaspora actions": [str(files["diaspora_actions"]), "--dataset", "diaspora_actions"],
    }  # fmt: skip
    seconds = {}
    for step, arguments in steps.items():
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "atlas", "import", *arguments],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"import of {step} failed:\n{done.stdout}\n{done.stderr}")
        seconds[step] = time.perf_counter() - started
    return seconds


# --- script time under AppTest (run in a child process: fresh caches) ---------------------------


def _timed_run(at) -> float:
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        error = at.exception[0]
        raise RuntimeError(f"{error.message}\n" + "\n".join(error.stack_trace))
    return elapsed


def _warm(at, cities: list[str]) -> list[float]:
    """Rerun times after a filter change: a different city each time."""
    times = []
    for city in cities[:WARM_RERUNS]:
        at.multiselect(key="city").set_value([city])
        times.append(_timed_run(at))
    return times


def child_scripts(db: str) -> dict:
    os.environ["ATLAS_DUCKDB_PATH"] = db
    os.environ["ATLAS_DATABASE_URL"] = ""
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    config.set_option("client.showErrorDetails", "full")  # a failure says what it was

    from atlas.store import open_store

    app = str(ROOT / "app.py")
    out: dict = {"pages": {}}

    # Warm the process (imports, the store, boundaries) with one visit of every page.
    for path, _ in PAGES.values():
        at = AppTest.from_file(app, default_timeout=300)
        at.switch_page(path)
        _timed_run(at)
    cities = list(at.multiselect(key="city").options)

    store = open_store(None, Path(db))
    events = store.active_versions()["events"].version
    frame = store.frame("events", events)

    def publish() -> None:
        """A new version of a small dataset: every cached query's key changes."""
        store.publish("events", frame, author="bench", note="bench: invalidate caches")

    for name, (path, _) in PAGES.items():
        publish()
        at = AppTest.from_file(app, default_timeout=300)
        at.switch_page(path)
        cold = _timed_run(at)
        warm = _warm(at, cities)
        out["pages"][name] = {"cold": cold, "warm": warm}

    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(BLANK_PAGE.format(cities=cities))
    at = AppTest.from_string(Path(f.name).read_text(), default_timeout=60)
    blank_cold = _timed_run(at)
    blank_warm = _warm(at, cities)
    os.unlink(f.name)
    out["blank"] = {"cold": blank_cold, "warm": blank_warm}
    out["cities"] = len(cities)
    return out


def script_times(db: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child-scripts", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-4000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the browser ---------------------------------------------------------------------------------


def _first_chart(browser, url: str, selector: str) -> tuple[float, int]:
    """Seconds from navigation to the main visual, and the websocket bytes received by then."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    received = [0]

    def on_websocket(ws) -> None:
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    page.on("websocket", on_websocket)
    try:
        started = time.perf_counter()
        page.goto(url, timeout=120_000)
        page.wait_for_selector(selector, state="visible", timeout=120_000)
        elapsed = time.perf_counter() - started
        page.wait_for_selector(
            "[data-testid=stApp][data-test-script-state=notRunning]", timeout=120_000
        )
        errors = page.locator("[data-testid=stException]").count()
        if errors:
            raise RuntimeError(f"{url}: {page.locator('[data-testid=stException]').inner_text()}")
        return elapsed, received[0]
    finally:
        context.close()


def browser_times(db: Path) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {"pages": {}}
    env = {"ATLAS_DUCKDB_PATH": str(db), "ATLAS_DATABASE_URL": ""}
    with tempfile.TemporaryDirectory() as tmp:
        trivial = Path(tmp) / "trivial_chart.py"
        trivial.write_text(TRIVIAL_CHART_PAGE)
        with (
            load.app_server(env) as (url, _),
            load.app_server({}, script=trivial) as (trivial_url, _),
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path=load.CHROMIUM, args=load.CHROMIUM_ARGS
            )
            targets = {name: f"{url}/{path}" for name, (_, path) in PAGES.items()}
            targets["trivial"] = trivial_url
            for name, target in targets.items():  # warm: the server has served each page once
                _first_chart(browser, target, MAIN_VISUAL[name])
            # Interleaved rounds, so that a slow moment of the machine hits every page alike.
            samples: dict[str, list[tuple[float, int]]] = {name: [] for name in targets}
            for _ in range(BROWSER_VISITS):
                for name, target in targets.items():
                    samples[name].append(_first_chart(browser, target, MAIN_VISUAL[name]))
            browser.close()
    for name, values in samples.items():
        entry = {
            "first_chart": statistics.median(v[0] for v in values),
            "bytes": statistics.median(v[1] for v in values),
        }
        if name == "trivial":
            out["trivial"] = entry
        else:
            out["pages"][name] = entry
    return out


# --- the report ----------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(build: dict, scripts: dict, browser: dict, load_report, seconds: float) -> str:
    blank_warm = statistics.median(scripts["blank"]["warm"])
    blank_cold = scripts["blank"]["cold"]
    limit = TARGET_WARM[0] * blank_warm + TARGET_WARM[1]
    trivial = browser["trivial"]["first_chart"]
    lines = [
        f"## Page benchmark — {bench_import.machine()}",
        "",
        f"Database: {DIASPORA_ROWS:,} diaspora actions, 200,000 interview codes of 20,000 "
        "respondents, the bundled events (imported by the command line: "
        + ", ".join(f"{step} {s:.1f} s" for step, s in build.items())
        + ").",
        "",
        "Script time (AppTest, server side; cold = first visit after a publish, warm = median of "
        f"{WARM_RERUNS} reruns each after a new city is chosen). Floor: a blank page with the same "
        f"widget, cold {blank_cold * 1000:.0f} ms, warm {blank_warm * 1000:.0f} ms; target warm ≤ "
        f"1.5 × blank + 100 ms = {limit * 1000:.0f} ms.",
        "",
        "| page | cold ms | warm ms | warm / blank | target | first chart s | / trivial | "
        "target | sent to the browser |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: |",
    ]
    for name in PAGES:
        s, b = scripts["pages"][name], browser["pages"][name]
        warm = statistics.median(s["warm"])
        ratio = b["first_chart"] / trivial
        lines.append(
            f"| {name} | {s['cold'] * 1000:.0f} | {warm * 1000:.0f} | "
            f"{warm / blank_warm:.1f}× | {_verdict(warm <= limit)} | {b['first_chart']:.2f} | "
            f"{ratio:.2f}× | {_verdict(ratio <= TARGET_FIRST_CHART)} | "
            f"{b['bytes'] / 1024:.0f} KB |"
        )
    lines += [
        "",
        f"Time to the first chart in Chromium: median of {BROWSER_VISITS} visits, each in a fresh "
        "browser context, pages interleaved; the trivial page (one plotly bar chart) took "
        f"{trivial:.2f} s and sent {browser['trivial']['bytes'] / 1024:.0f} KB. Target ≤ "
        f"{TARGET_FIRST_CHART} × trivial.",
        "",
        f"{LOAD_SESSIONS} sessions at once on this database (`scripts/load.py`): "
        f"{load_report.summary()}. Target RSS ≤ {TARGET_RSS_MB / 1024:.1f} GB: "
        f"{_verdict(load_report.peak_rss_mb <= TARGET_RSS_MB)}; no errors: "
        f"{_verdict(not load_report.errors)}.",
    ]
    lines += [f"- error: {e.splitlines()[0]}" for e in load_report.errors[:10]]
    lines += ["", f"The page benchmark took {seconds:.0f} s."]
    return "\n".join(lines)


def run(cache: Path, workdir: Path | None = None) -> str:
    started = time.perf_counter()
    workdir = workdir or Path(tempfile.mkdtemp(prefix="atlas-bench-pages-"))
    db = workdir / "pages.duckdb"
    build = build_database(db, cache)
    scripts = script_times(db)
    browser = browser_times(db)
    crowd = load.run(LOAD_SESSIONS, duckdb_path=db)
    return report(build, scripts, browser, crowd, time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child-scripts", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, default=bench_import.CACHE_DIR)
    parser.add_argument("--output", type=Path, default=bench_import.DOCS)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.child_scripts:
        print(json.dumps(child_scripts(args.child_scripts)))
        return
    section = run(args.cache)
    print(section, flush=True)
    if not args.no_write:
        bench_import.write_section(args.output, "pages", section)


if __name__ == "__main__":
    main()
