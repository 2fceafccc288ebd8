"""Files as Excel, LibreOffice, Google Sheets and a Kazakh-locale spreadsheet really write them
(tests/files/, made by scripts/make_test_files.py), each through the command line a user runs,
with the outcome MANIFEST.toml says it must give. A refused file changes nothing: the active
versions are byte-identical before and after."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest

from atlas.export import export_frame, to_csv_bytes
from atlas.store import DuckDBEngine, Store

from .conftest import EDITOR_PASSWORD, run_cli
from .test_app_pages import open_data_page, sign_in

ROOT = Path(__file__).resolve().parents[1]
FILES = ROOT / "tests" / "files"
MANIFEST = tomllib.loads((FILES / "MANIFEST.toml").read_text(encoding="utf-8"))["file"]


cli = run_cli


def fingerprint(db: Path) -> dict[str, tuple[int, str]]:
    """dataset → (active version, sha256 of its export): what a viewer sees."""
    store = Store(DuckDBEngine(db))
    return {
        name: (
            info.version,
            hashlib.sha256(to_csv_bytes(export_frame(store, name, info.version))).hexdigest(),
        )
        for name, info in store.active_versions().items()
    }


@pytest.fixture
def seeded_db(tmp_path) -> Path:
    db = tmp_path / "atlas.duckdb"
    assert cli("versions", "events", db=db).returncode == 0  # seeds the bundled data
    return db


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["name"] for e in MANIFEST])
def test_a_real_file_through_the_command_line(entry, seeded_db):
    before = fingerprint(seeded_db)
    args = ["import", str(FILES / entry["name"]), "--dataset", entry["dataset"]]
    if entry["dataset"] == "respondents":
        args.append("--allow-orphans")  # the orphan rule has tests of its own
    done = cli(*args, db=seeded_db)
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    reported = {
        line.rsplit("[", 1)[1].rstrip("]") for line in done.stdout.splitlines() if "[" in line
    }
    if entry["outcome"] == "publish":
        assert done.returncode == 0, output
        after = Store(DuckDBEngine(seeded_db)).active_versions()[entry["dataset"]]
        assert after.version == before[entry["dataset"]][0] + 1
        assert after.row_count == entry["rows"]
        assert f"({entry['rows']} rows)" in done.stderr
        assert reported == set(entry["warnings"]), output
        return
    assert done.returncode == 1, output
    assert fingerprint(seeded_db) == before  # nothing changed
    for kind in entry["errors"]:
        if kind.startswith("read:"):
            from atlas.i18n import translate

            assert translate(f"read.{kind[5:]}") in done.stderr, output
        else:
            assert kind in reported, output
    if "names_column" in entry:
        assert f"'{entry['names_column']}' is missing" in done.stdout, output
    if "suggest" in entry:
        assert f"Did you mean '{entry['suggest']}'?" in done.stdout, output


# --- the same files through the upload wizard (AppTest: the page's own code, a real rerun loop) ---


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["name"] for e in MANIFEST])
def test_a_real_file_through_the_upload_wizard(entry, editor_env):
    from atlas.i18n import translate

    at = sign_in(open_data_page(), EDITOR_PASSWORD)
    at.selectbox(key="up_dataset").set_value(entry["dataset"]).run()
    data = (FILES / entry["name"]).read_bytes()
    at.get("file_uploader")[0].upload(entry["name"], data, "application/octet-stream").run()
    assert not at.exception, at.exception
    errors_shown = " ".join(e.value for e in at.error)
    if entry["outcome"] == "refuse":
        for kind in entry["errors"]:
            if kind.startswith("read:"):
                assert translate(f"read.{kind[5:]}") in errors_shown.replace("\\", "")
                return
        publish = [b for b in at.button if b.label == translate("wizard.publish")]
        assert all(b.disabled for b in publish)  # errors block publishing (or leave no button)
        problems = [d.value for d in at.dataframe if "problem" in d.value.columns]
        kinds = set(problems[0]["problem"]) if problems else set()
        assert set(entry["errors"]) <= kinds, kinds
        return
    rows, errors = at.metric[0].value, at.metric[1].value
    assert (rows, errors) == (str(entry["rows"]), "0")
    if entry["dataset"] == "respondents":  # replacing the sample's respondents orphans excerpts
        at.radio(key="up_orphans").set_value("anyway").run()
    publish = next(b for b in at.button if b.label == translate("wizard.publish"))
    assert not publish.disabled
    publish.click().run()
    assert not at.exception, at.exception
    expected = translate(
        "wizard.published",
        dataset=translate(f"dataset.{entry['dataset']}"),
        version=2,
        rows=entry["rows"],
    )
    assert any(expected in s.value for s in at.success), [s.value for s in at.success]
