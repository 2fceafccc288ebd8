"""Helpers for the browser tests: run the real app, drive headless Chromium, record requests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from .conftest import ARTIFACTS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--use-gl=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def running_app(tmp_path: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start `streamlit run app.py` on a free port with its own database; yield its base URL.
    Its output is kept in tmp_path/streamlit.log (the editor token is read from there)."""
    from scripts.load import app_server

    settings = {"ATLAS_DUCKDB_PATH": str(tmp_path / "atlas.duckdb"), **(env or {})}
    with app_server(settings, log_path=tmp_path / "streamlit.log") as (url, _process):
        yield url


class RequestLog:
    """Every request a page makes; `outside(base)` lists those to any host but the app's."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def attach(self, page) -> None:
        page.on("request", lambda request: self.urls.append(request.url))

    def outside(self, base: str) -> list[str]:
        app = urlparse(base).netloc
        return [
            url
            for url in self.urls
            if urlparse(url).scheme in ("http", "https", "ws", "wss")
            and urlparse(url).netloc != app
        ]


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until the script run is finished and no skeleton placeholder is left."""
    page.wait_for_selector(
        "[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout
    )
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=stSkeleton]').length === 0", timeout=timeout
    )
    page.wait_for_timeout(300)  # let the last deltas paint


def wait_until_quiet(page, quiet_ms: int = 1500, timeout: float = 60_000) -> None:
    """Wait until no script run has been going for `quiet_ms` in a row. A rerun that an action
    asked for can start after `wait_for_app` saw the previous run finished (a busy server takes a
    moment to start it); an open drop-down is then drawn anew under the pointer."""
    page.evaluate("() => { window.__atlasBusyAt = performance.now(); }")
    page.wait_for_function(
        """quiet => {
            const app = document.querySelector('[data-testid=stApp]');
            const idle = app && app.getAttribute('data-test-script-state') === 'notRunning';
            const now = performance.now();
            if (!idle) { window.__atlasBusyAt = now; return false; }
            return now - window.__atlasBusyAt >= quiet;
        }""",
        arg=quiet_ms,
        timeout=timeout,
        polling=100,
    )


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def click_heatmap_cell(page, chart, x_label: str, y_label: str) -> None:
    """Click the centre of the cell (x_label, y_label) of the plotly heatmap inside `chart`."""
    point = chart.locator(".js-plotly-plot").evaluate(
        """(gd, [x, y]) => {
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const box = gd.getBoundingClientRect();
            return {x: box.left + xa._offset + xa.d2p(x), y: box.top + ya._offset + ya.d2p(y)};
        }""",
        [x_label, y_label],
    )
    page.mouse.click(point["x"], point["y"])


def map_point(chart, latitude: float, longitude: float, view: dict) -> tuple[float, float]:
    """Where (latitude, longitude) is drawn on the page, on a deck.gl MapView showing `view` (Web
    Mercator, 512-pixel world at zoom 0, centred on the view's latitude/longitude)."""
    import math

    box = chart.locator("canvas").first.bounding_box()
    scale = 512 * 2 ** view["zoom"] / (2 * math.pi)

    def project(lat, lon):
        return scale * math.radians(lon), -scale * math.log(
            math.tan(math.pi / 4 + math.radians(lat) / 2)
        )

    cx, cy = project(view["latitude"], view["longitude"])
    x, y = project(latitude, longitude)
    return box["x"] + box["width"] / 2 + (x - cx), box["y"] + box["height"] / 2 + (y - cy)


def click_map_point(
    page, chart, latitude: float, longitude: float, view: dict, *, touch: bool = False
) -> str | None:
    """Click where (latitude, longitude) is drawn on a deck.gl MapView showing `view` (Web
    Mercator, 512-pixel world at zoom 0, centred on the view's latitude/longitude), as a person
    does: the pointer travels there, rests while the tooltip is read, then the button goes down
    and comes up 80 ms later (deck.gl counts a press as a click only if it lasts under 250 ms, so
    a slow pick on pointerdown turns a person's click into nothing). Returns the tooltip text.
    With `touch=True` it is a finger's tap instead: no hover, no tooltip (returns None); the page's
    context needs `has_touch=True`."""
    target_x, target_y = map_point(chart, latitude, longitude, view)
    if touch:
        page.touchscreen.tap(target_x, target_y)
        return None
    page.mouse.move(target_x - 30, target_y - 30)
    page.mouse.move(target_x, target_y, steps=6)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    page.wait_for_timeout(300)  # a person's pause between reading the tooltip and clicking
    page.mouse.down()
    page.wait_for_timeout(80)  # a person's press, not Playwright's instant click
    page.mouse.up()
    return text


def plotly_points(chart, kind: str) -> list[dict]:
    """Every marker of the plotly chart inside `chart` whose customdata starts with `kind`, with
    where it is drawn on the page (on the trace's own axes: a hidden overlaid y axis draws a
    marker above or below its lane): [{"x": px, "y": px, "customdata": [...]}, ...]."""
    return chart.locator(".js-plotly-plot").evaluate(
        """(gd, kind) => {
            const axis = (id) => gd._fullLayout[id.charAt(0) + 'axis' + id.slice(1)];
            const box = gd.getBoundingClientRect();
            const found = [];
            gd._fullData.forEach(trace => (trace.customdata || []).forEach((cd, i) => {
                if (!Array.isArray(cd) || cd[0] !== kind || !String(trace.mode).includes('markers'))
                    return;
                const xa = axis(trace.xaxis || 'x'), ya = axis(trace.yaxis || 'y');
                const x = xa.d2p(xa.type === 'date' ? xa.d2c(trace.x[i]) : trace.x[i]);
                const y = ya.d2p(trace.y[i]);
                if (!isFinite(x) || !isFinite(y)) return;
                found.push({x: box.left + xa._offset + x, y: box.top + ya._offset + y,
                            customdata: cd});
            }));
            return found;
        }""",
        kind,
    )


def deck_layer_data(chart, layer_id: str) -> list[dict]:
    """The rows deck.gl draws in layer `layer_id` of the map inside `chart`: read from the layers
    the DeckGL component was rendered with (the React props above its canvas)."""
    return chart.evaluate(
        """(el, id) => {
            const canvas = el.querySelector('canvas');
            const key = Object.keys(canvas).find(k => k.startsWith('__reactFiber'));
            for (let f = canvas[key]; f; f = f.return) {
                const layers = f.memoizedProps && f.memoizedProps.layers;
                const layer = Array.isArray(layers) && layers.find(l => l && l.id === id);
                if (layer) return layer.props.data;
            }
            return null;
        }""",
        layer_id,
    )


def download_chart_png(page, chart, path: Path):
    """Save the plotly chart inside `chart` as a person does: the pointer over the chart shows the
    modebar, a press on its camera ("Download plot as a PNG") downloads the picture. Saves it at
    `path`; returns the download (its `suggested_filename` is the name the browser gives it)."""
    chart.hover()
    button = chart.locator('.modebar-btn[data-title="Download plot as a PNG"]')
    button.wait_for()
    box = button.bounding_box()
    with page.expect_download() as info:
        press(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    download = info.value
    path.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(path)
    return download


def press(page, x: float, y: float, *, held_ms: int = 80) -> None:
    """A person's click at (x, y): the pointer moves there, the button goes down, comes up
    `held_ms` later. With held_ms=0 it is Playwright's own click (`page.mouse.click`)."""
    page.mouse.move(x - 20, y - 20)
    page.mouse.move(x, y, steps=5)
    if held_ms == 0:
        page.mouse.click(x, y)
        return
    page.mouse.down()
    page.wait_for_timeout(held_ms)
    page.mouse.up()
