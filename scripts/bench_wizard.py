"""The upload a fellow waits on in the browser: 50,000 diaspora rows dropped into the wizard.

Runs the real page (`app.py` → /data) under Streamlit's AppTest: an editor signs in, chooses
the dataset and uploads the file; timed from the file's arrival to the checked and compared page
(read, detect, map, validate, resolve places, diff), then the click on Publish. Beside it, the
pyarrow parse of the same bytes, in the same run.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench password, not a secret"


def upload_bytes(source: Path, rows: int) -> bytes:
    """The first `rows` rows of a benchmark file, written as Excel's 'CSV UTF-8' writes them."""
    frame = pd.read_csv(source, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    text = frame.head(rows).to_csv(sep=";", index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def run(source: Path, rows: int = 50_000) -> str:
    from streamlit.testing.v1 import AppTest

    from atlas.auth import hash_password
    from atlas.i18n import translate

    os.environ["ATLAS_DUCKDB_PATH"] = str(Path(tempfile.mkdtemp()) / "atlas.duckdb")
    os.environ["ATLAS_DATABASE_URL"] = ""
    os.environ["ATLAS_EDITOR_PASSWORD_HASH"] = hash_password(PASSWORD, iterations=1000)
    data = upload_bytes(source, rows)
    started = time.perf_counter()
    pa_csv.read_csv(
        pa.BufferReader(pa.py_buffer(data)),
        parse_options=pa_csv.ParseOptions(delimiter=";", newlines_in_values=True),
    )
    parse = time.perf_counter() - started

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.switch_page("app_pages/data.py").run()
    at.text_input[0].input("bench")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    at.selectbox(key="up_dataset").set_value("diaspora_actions").run()
    started = time.perf_counter()
    at.get("file_uploader")[0].upload("diaspora.csv", data, "text/csv").run()
    checked = time.perf_counter() - started
    counts = [m.value for m in at.metric][:3]
    publish = next(b for b in at.button if b.label == translate("wizard.publish"))
    started = time.perf_counter()
    publish.click().run()
    published = time.perf_counter() - started
    done = any(f"({rows} rows)" in s.value for s in at.success)
    total = checked + published
    verdict = "met" if total <= 5 and done and not at.exception else "missed"
    return "\n".join(
        [
            "## Upload through the wizard",
            "",
            f"{rows:,} diaspora rows ({len(data) / 2**20:.1f} MB, UTF-8 with BOM, `;`, CRLF) "
            "uploaded on /data under AppTest (the page's own code, server side).",
            "",
            "| step | s |",
            "| --- | ---: |",
            f"| file arrived → checked and compared page (rows / errors / warnings: "
            f"{' / '.join(counts)}) | {checked:.2f} |",
            f"| Publish clicked → published{'' if done else ' (NOT published)'} | "
            f"{published:.2f} |",
            f"| pyarrow parse of the same bytes | {parse:.2f} |",
            "",
            f"Target: the upload of 50k rows ≤ 5 s after the file arrives: **{verdict}** "
            f"({total:.2f} s, {total / parse:.0f}× the parse).",
            "",
        ]
    )


if __name__ == "__main__":
    import sys

    cache = ROOT / "var" / "bench"
    source = next(cache.glob("diaspora_actions-100000-*.csv"), None)
    if source is None:
        sys.exit("run scripts/bench_import.py first: it makes the files in var/bench/")
    print(run(source))
