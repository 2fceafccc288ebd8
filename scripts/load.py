"""`make load`: many people open the dashboard at once, as a workshop audience does.

N headless-Chromium sessions (default 8, at most 20) start together against one app server on
this machine (loopback only), each visiting the pages, changing a filter, clicking the map and a
heatmap cell as a person clicks (down, 80 ms, up). Reported: errors (exception boxes, pages
without their first chart, browser errors), p50/p95 seconds to each page's first chart, and the
app's peak RSS. Bounded: every wait has a time-out and the run stops by itself. Exit 1 on any
error.

The browsers run on the same machine as the server, so the report splits the time: the server's
share of each visit (from the browser's request over the websocket to the server's "script
finished") apart from the whole wait, and the CPU seconds the server and the browsers used. The
browsers run at a lower priority (nice 10): on their own machines, people's browsers do not take
CPU from the server, and here they would otherwise hold most of it (software WebGL).

    python scripts/load.py [--sessions 8] [--pages all|2] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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
# How long one page may take to show its first chart before the visit counts as an error, and the
# whole run: with 20 browsers rendering in software on two cores, a page takes tens of seconds.
VISIT_TIMEOUT_MS = 180_000
RUN_TIMEOUT_S = 1800
BROWSER_NICE = 10


@dataclass
class Report:
    sessions: int
    visits: int = 0
    errors: list[str] = field(default_factory=list)
    first_chart: list[float] = field(default_factory=list)
    server: list[float] = field(default_factory=list)  # request → script finished, per visit
    peak_rss_mb: float = 0.0
    seconds: float = 0.0
    server_cpu: float = 0.0  # CPU seconds of the app server during the run
    browser_cpu: float = 0.0  # CPU seconds of every Chromium process during the run

    def percentile(self, q: float, values: list[float] | None = None) -> float:
        values = self.first_chart if values is None else values
        if not values:
            return float("nan")
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    def summary(self) -> str:
        return (
            f"{self.sessions} sessions, {self.visits} page visits in {self.seconds:.0f} s: "
            f"{len(self.errors)} errors; first chart p50 {self.percentile(0.5):.2f} s, "
            f"p95 {self.percentile(0.95):.2f} s, max {max(self.first_chart, default=0):.2f} s; "
            f"server's share p50 {self.percentile(0.5, self.server):.2f} s, "
            f"p95 {self.percentile(0.95, self.server):.2f} s; "
            f"CPU: server {self.server_cpu:.0f} s, browsers {self.browser_cpu:.0f} s; "
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def chromium_cpu(root: int | None = None) -> dict[int, float]:
    """CPU seconds of every Chromium process started by this process (`root`), by pid."""
    root = root or os.getpid()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if not name.startswith("chrom"):
            continue
        pid = ancestor = int(entry.name)
        while ancestor > 1 and ancestor != root:
            ancestor = _parent(ancestor)
        if ancestor == root:
            found[pid] = cpu_seconds(pid)
    return found


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def settle(page, timeout: float = VISIT_TIMEOUT_MS) -> None:
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


def script_finished(payload: bytes | str) -> bool:
    """Whether a websocket frame from the server is its "script finished" message (small)."""
    if len(payload) > 256:
        return False
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    try:
        message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
    except Exception:  # not a ForwardMsg: not the one looked for
        return False
    return message.WhichOneof("type") == "script_finished"


class Wire:
    """When the page's websocket first asked the server for a run, and when the server answered
    that the run had finished: the server's share of a visit."""

    def __init__(self, page) -> None:
        self.asked: float | None = None
        self.finished: float | None = None
        page.on("websocket", self._attach)

    def _attach(self, ws) -> None:
        ws.on("framesent", self._sent)
        ws.on("framereceived", self._received)

    def _sent(self, _payload) -> None:
        if self.asked is None:
            self.asked = time.monotonic()

    def _received(self, payload) -> None:
        if self.asked is not None and self.finished is None and script_finished(payload):
            self.finished = time.monotonic()

    def reset(self) -> None:
        self.asked = self.finished = None

    def server_seconds(self) -> float | None:
        if self.asked is None or self.finished is None:
            return None
        return self.finished - self.asked


async def visit(page, url: str, path: str, report: Report, who: str, wire: Wire) -> None:
    started = time.monotonic()
    wire.reset()
    try:
        await page.goto(f"{url}/{path}", timeout=VISIT_TIMEOUT_MS)
        await page.wait_for_selector(FIRST_CHART, timeout=VISIT_TIMEOUT_MS)
        report.first_chart.append(time.monotonic() - started)
        await settle(page)
        if (seconds := wire.server_seconds()) is not None:
            report.server.append(seconds)
    except Exception as error:  # a time-out or a dead page: both are what users would see
        report.errors.append(f"{who} /{path}: {type(error).__name__}: {str(error)[:160]}")
        return
    finally:
        report.visits += 1
    broken = await page.locator("[data-testid=stException]").count()
    if broken:
        text = await page.locator("[data-testid=stException]").first.inner_text()
        report.errors.append(f"{who} /{path}: exception box: {text[:200]}")


# What a person clicks on a page: the map, a heatmap cell.
CLICK_TARGETS = {
    "map": "[data-testid=stDeckGlJsonChart] canvas",
    "challenges": "[data-testid=stPlotlyChart] .nsewdrag",
}


async def click(page, selector: str, report: Report, where: str) -> None:
    """Click the middle of the first `selector` as a person does; a failure is an error of the
    run (what the person would have met), never the end of it."""
    try:
        target = page.locator(selector).first
        if await target.count():
            box = await target.bounding_box(timeout=VISIT_TIMEOUT_MS)
            if box:
                await click_like_a_person(page, box)
                await settle(page)
    except Exception as error:
        report.errors.append(f"{where}: click: {type(error).__name__}: {str(error)[:160]}")


async def session(browser, url: str, pages: list[str], report: Report, index: int) -> None:
    who = f"session {index + 1}" if index >= 0 else "warm-up"
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    page = await context.new_page()
    page.on("pageerror", lambda error: report.errors.append(f"{who}: browser error: {error}"))
    wire = Wire(page)
    try:
        for path in pages:
            await visit(page, url, path, report, who, wire)
            target = CLICK_TARGETS.get(path)
            if target:
                await click(page, target, report, f"{who} /{path}")
        # A filter change: the same page with a city chosen, as a shared link opens it.
        await visit(page, url, f"{pages[0]}?city=Almaty", report, who, wire)
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
                timeout=RUN_TIMEOUT_S,
            )
        except TimeoutError:
            report.errors.append(f"the run did not finish within {RUN_TIMEOUT_S // 60} minutes")
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
        browsers: dict[int, float] = {}

        def watch() -> None:
            while not stop.is_set():
                report.peak_rss_mb = max(report.peak_rss_mb, rss_mb(process.pid))
                now = chromium_cpu()
                for pid in now.keys() - browsers.keys():
                    with contextlib.suppress(OSError):  # gone already
                        os.setpriority(os.PRIO_PROCESS, pid, BROWSER_NICE)
                browsers.update(now)  # the last reading of each, before it exits
                stop.wait(0.25)

        watcher = threading.Thread(target=watch, daemon=True)
        before = {**chromium_cpu()}
        server_before = cpu_seconds(process.pid)
        watcher.start()
        started = time.monotonic()
        try:
            asyncio.run(run_sessions(url, sessions, pages, report))
        finally:
            report.seconds = time.monotonic() - started
            report.server_cpu = cpu_seconds(process.pid) - server_before
            stop.set()
            watcher.join()
            report.browser_cpu = sum(v - before.get(pid, 0.0) for pid, v in browsers.items())
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
