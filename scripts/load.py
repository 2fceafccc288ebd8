"""`make load`: many people open the dashboard at once, as a workshop audience does.

N headless-Chromium sessions (default 8, at most 20) start together against one app server on
this machine (loopback only), each visiting the pages, changing a filter, clicking the map and a
heatmap cell as a person clicks (down, 80 ms, up). Reported: errors (exception boxes, pages
without their first chart, browser errors), p50/p95 seconds to each page's first chart, and the
app's peak RSS. Bounded: every wait has a time-out and the run stops by itself. Exit 1 on any
error.

    python scripts/load.py [--sessions 8] [--pages all|2] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--use-gl=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PAGES = ["", "map", "challenges", "timeline", "diaspora", "data"]
# What counts as the page's first chart: a plotly figure, the deck.gl canvas, a metric or a table.
FIRST_CHART = (
    "[data-testid=stPlotlyChart] .main-svg, [data-testid=stDeckGlJsonChart] canvas, "
    "[data-testid=stMetricValue], [data-testid=stDataFrame]"
)
MAX_SESSIONS = 20


@dataclass
class Report:
    sessions: int
    visits: int = 0
    errors: list[str] = field(default_factory=list)
    first_chart: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    seconds: float = 0.0

    def percentile(self, q: float) -> float:
        if not self.first_chart:
            return float("nan")
        ordered = sorted(self.first_chart)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    def summary(self) -> str:
        return (
            f"{self.sessions} sessions, {self.visits} page visits in {self.seconds:.0f} s: "
            f"{len(self.errors)} errors; first chart p50 {self.percentile(0.5):.2f} s, "
            f"p95 {self.percentile(0.95):.2f} s, max {max(self.first_chart, default=0):.2f} s; "
            f"app peak RSS {self.peak_rss_mb:.0f} MB"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def app_server(env: dict[str, str], log_path: Path | None = None, script: Path | None = None):
    """`streamlit run app.py` (or `script`) on a free loopback port; yields (url, process). Its
    output goes to `log_path` (kept) or to a temporary file."""
    port = free_port()
    with log_path.open("w+b") if log_path else tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script or ROOT / "app.py"),
             "--server.headless", "true", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             # Exceptions shown in the page, so that tests see them (viewers never do).
             "--client.showErrorDetails", "full"],
            cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(log.read().decode(errors="replace"))
                time.sleep(0.3)
            yield url, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def settle(page, timeout: float = 60_000) -> None:
    await page.wait_for_selector(
        "[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout
    )
    await page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stSkeleton]').length === 0",
        timeout=timeout,
    )


async def click_like_a_person(page, box: dict) -> None:
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    await page.mouse.move(x, y, steps=5)
    await page.wait_for_timeout(200)
    await page.mouse.down()
    await page.wait_for_timeout(80)
    await page.mouse.up()


async def visit(page, url: str, path: str, report: Report, who: str) -> None:
    started = time.monotonic()
    try:
        await page.goto(f"{url}/{path}", timeout=60_000)
        await page.wait_for_selector(FIRST_CHART, timeout=60_000)
        report.first_chart.append(time.monotonic() - started)
        await settle(page)
    except Exception as error:  # a time-out or a dead page: both are what users would see
        report.errors.append(f"{who} /{path}: {type(error).__name__}: {str(error)[:160]}")
        return
    finally:
        report.visits += 1
    broken = await page.locator("[data-testid=stException]").count()
    if broken:
        text = await page.locator("[data-testid=stException]").first.inner_text()
        report.errors.append(f"{who} /{path}: exception box: {text[:200]}")


async def session(browser, url: str, pages: list[str], report: Report, index: int) -> None:
    who = f"session {index + 1}" if index >= 0 else "warm-up"
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    page = await context.new_page()
    page.on("pageerror", lambda error: report.errors.append(f"{who}: browser error: {error}"))
    try:
        for path in pages:
            await visit(page, url, path, report, who)
            if path == "map":
                canvas = page.locator("[data-testid=stDeckGlJsonChart] canvas").first
                if await canvas.count():
                    await click_like_a_person(page, await canvas.bounding_box())
                    await settle(page)
            if path == "challenges":
                plot = page.locator("[data-testid=stPlotlyChart] .nsewdrag").first
                if await plot.count():
                    await click_like_a_person(page, await plot.bounding_box())
                    await settle(page)
        # A filter change: the same page with a city chosen, as a shared link opens it.
        await visit(page, url, f"{pages[0]}?city=Almaty", report, who)
    finally:
        await context.close()


async def run_sessions(url: str, sessions: int, pages: list[str], report: Report) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # One person first (the server seeds its database and warms its caches, as it has
            # long done by the time an audience opens the link), then everyone at once.
            warm = Report(1)
            await session(browser, url, pages, warm, -1)
            report.errors += warm.errors
            await asyncio.wait_for(
                asyncio.gather(*(session(browser, url, pages, report, i) for i in range(sessions))),
                timeout=900,
            )
        except TimeoutError:
            report.errors.append("the run did not finish within 15 minutes")
        finally:
            await browser.close()


def run(
    sessions: int = 8,
    pages: list[str] | None = None,
    *,
    database_url: str | None = None,
    duckdb_path: Path | None = None,
    workdir: Path | None = None,
) -> Report:
    """Start an app server with the bundled data (or on the database `duckdb_path` already
    holds), warm it with one visit, then let `sessions` people in at once."""
    sessions = max(1, min(sessions, MAX_SESSIONS))
    pages = pages or PAGES
    workdir = workdir or Path(tempfile.mkdtemp(prefix="atlas-load-"))
    duckdb_path = duckdb_path or workdir / "atlas.duckdb"
    env = {"ATLAS_DUCKDB_PATH": str(duckdb_path), "ATLAS_DATABASE_URL": ""}
    if database_url:
        env["ATLAS_DATABASE_URL"] = database_url
    report = Report(sessions)
    with app_server(env) as (url, process):
        stop = threading.Event()

        def watch() -> None:
            while not stop.is_set():
                report.peak_rss_mb = max(report.peak_rss_mb, rss_mb(process.pid))
                stop.wait(0.25)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        started = time.monotonic()
        try:
            asyncio.run(run_sessions(url, sessions, pages, report))
        finally:
            report.seconds = time.monotonic() - started
            stop.set()
            watcher.join()
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8, help=f"1–{MAX_SESSIONS} (default 8)")
    parser.add_argument("--pages", choices=["all", "2"], default="all")
    parser.add_argument("--database-url", help="PostgreSQL instead of a fresh DuckDB file")
    args = parser.parse_args()
    pages = PAGES if args.pages == "all" else PAGES[:2]
    report = run(args.sessions, pages, database_url=args.database_url)
    for error in report.errors:
        print(f"error: {error}")
    print(report.summary())
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
