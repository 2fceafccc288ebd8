"""The data path cannot break the deployment: start-up never re-validates data, related datasets
stay consistent, publishes are atomic and unique, round trips are lossless, the disk filling up
changes nothing. Run through the command line a user types, on both engines where it matters."""

from __future__ import annotations

import concurrent.futures
import hashlib
import io
import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from atlas import uploads
from atlas.contract import DATASETS
from atlas.export import export_frame, to_csv_bytes
from atlas.ingest import MAX_UPLOAD_MB
from atlas.seed import seed
from atlas.store import DuckDBEngine, NoRows, Store

from .conftest import DATA_DIR, ROOT, run_cli

SAMPLE_CODES = pd.read_csv(
    DATA_DIR / "interview_codes.sample.csv", dtype=str, keep_default_na=False
)
SAMPLE_RESPONDENTS = pd.read_csv(
    DATA_DIR / "respondents.sample.csv", dtype=str, keep_default_na=False
)


cli = run_cli


def fingerprint(store: Store) -> dict[str, tuple[int, str]]:
    return {
        name: (
            info.version,
            hashlib.sha256(to_csv_bytes(export_frame(store, name, info.version))).hexdigest(),
        )
        for name, info in store.active_versions().items()
    }


def ten_respondents(tmp_path: Path) -> tuple[Path, Path]:
    """A 10-row respondents file with new ids, and interview codes that match it."""
    people = SAMPLE_RESPONDENTS.head(10).copy()
    people["respondent_id"] = [f"N{i:02d}" for i in range(1, 11)]
    codes = SAMPLE_CODES[
        SAMPLE_CODES["respondent_id"].isin(SAMPLE_RESPONDENTS["respondent_id"][:10])
    ]
    codes = codes.drop(columns=[c for c in ("excerpt_id",) if c in codes]).copy()
    codes["respondent_id"] = codes["respondent_id"].map(
        dict(zip(SAMPLE_RESPONDENTS["respondent_id"][:10], people["respondent_id"], strict=True))
    )
    respondents_csv, codes_csv = tmp_path / "my_respondents.csv", tmp_path / "my_codes.csv"
    people.to_csv(respondents_csv, index=False)
    codes.to_csv(codes_csv, index=False)
    return respondents_csv, codes_csv


def test_replacing_respondents_is_refused_with_orphans_then_published_with_its_codes(tmp_path):
    db = tmp_path / "atlas.duckdb"
    respondents_csv, codes_csv = ten_respondents(tmp_path)
    codes = pd.read_csv(codes_csv)
    assert cli("versions", "respondents", db=db).returncode == 0
    before = fingerprint(Store(DuckDBEngine(db)))

    refused = cli("import", str(respondents_csv), "--dataset", "respondents", db=db)
    assert refused.returncode == 1
    orphaned = len(SAMPLE_CODES)  # none of the new ids has an excerpt yet
    people = SAMPLE_CODES["respondent_id"].nunique()
    assert f"{orphaned} excerpts of {people} respondent(s) would lose their respondent" in (
        refused.stdout
    )
    assert "--allow-orphans" in refused.stderr
    assert fingerprint(Store(DuckDBEngine(db))) == before

    together = cli(
        "import",
        "--set",
        f"respondents={respondents_csv}",
        "--set",
        f"interview_codes={codes_csv}",
        db=db,
    )
    assert together.returncode == 0, together.stderr
    store = Store(DuckDBEngine(db))
    active = store.active_versions()
    assert active["respondents"].row_count == 10
    assert active["interview_codes"].row_count == len(codes)
    groups = store.query(
        "SELECT publish_id FROM atlas_versions WHERE dataset IN ('respondents', 'interview_codes')"
        " AND version = 2"
    )["publish_id"]
    assert groups.notna().all() and groups.nunique() == 1  # one transaction

    # Every command and a fresh start still work whatever the active versions hold.
    assert cli("versions", "respondents", db=db).returncode == 0
    exported = cli("export", "interview_codes", db=db)
    assert exported.returncode == 0
    assert len(pd.read_csv(io.StringIO(exported.stdout))) == len(codes)
    assert cli("versions", "interview_codes", db=db).returncode == 0
    report = seed(store, DATA_DIR)
    assert (report.published, report.failed) == ([], {})

    from atlas import queries

    versions = {name: info.version for name, info in store.active_versions().items()}
    headline = queries.headline(store, versions)
    assert (headline.respondents, headline.excerpts) == (10, len(codes))
    assert queries.orphaned_excerpts(store, versions).empty

    assert cli("rollback", "respondents", "1", db=db).returncode == 0
    assert cli("rollback", "interview_codes", "1", db=db).returncode == 0
    assert fingerprint(Store(DuckDBEngine(db))) == before


def test_publishing_anyway_lists_the_orphans(tmp_path):
    db = tmp_path / "atlas.duckdb"
    respondents_csv, _ = ten_respondents(tmp_path)
    done = cli("import", str(respondents_csv), "--dataset", "respondents", "--allow-orphans", db=db)
    assert done.returncode == 0, done.stderr
    from atlas import queries

    store = Store(DuckDBEngine(db))
    versions = {name: info.version for name, info in store.active_versions().items()}
    orphans = queries.orphaned_excerpts(store, versions)
    expected = SAMPLE_CODES.groupby("respondent_id").size()
    assert (
        dict(zip(orphans["respondent_id"], orphans["excerpts"], strict=True)) == expected.to_dict()
    )


def broken_data_dir(tmp_path: Path) -> Path:
    """The bundled data with its interview codes damaged (an unknown theme on every row)."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    codes = pd.read_csv(copy / "interview_codes.sample.csv", dtype=str, keep_default_na=False)
    codes["theme"] = "no_such_theme"
    codes.to_csv(copy / "interview_codes.sample.csv", index=False)
    return copy


def test_a_bundled_file_that_cannot_be_seeded_never_blocks_the_rest(tmp_path):
    db = tmp_path / "atlas.duckdb"
    data_dir = broken_data_dir(tmp_path)
    done = cli("versions", "events", db=db, data_dir=data_dir)
    assert done.returncode == 0
    assert "the bundled interview_codes could not be loaded" in done.stderr
    store = Store(DuckDBEngine(db))
    assert set(store.active_versions()) == {
        "respondents",
        "sources",
        "events",
        "diaspora_actions",
        "reported_figures",
    }
    assert "interview_codes" in store.seed_problems()
    # Fixed bundle: the next start seeds what is missing and forgets the problem.
    report = seed(store, DATA_DIR)
    assert report.published == ["interview_codes"] and store.seed_problems() == {}


def test_start_up_never_reads_datasets_that_have_versions(tmp_path):
    db = tmp_path / "atlas.duckdb"
    assert cli("versions", "events", db=db).returncode == 0
    # The bundle is now broken, but every dataset already has a version: nothing is read.
    data_dir = broken_data_dir(tmp_path)
    for args in (
        ("versions", "interview_codes"),
        ("export", "events"),
        ("rollback", "events", "1"),
    ):
        done = cli(*args, db=db, data_dir=data_dir)
        assert done.returncode == 0, (args, done.stderr)
        assert "could not be loaded" not in done.stderr


def test_the_bundled_files_are_valid(store):
    """Validity of the bundle is a test, not a start-up gate."""
    report = seed(store, DATA_DIR)
    assert report.failed == {}
    assert set(report.published) == {
        "respondents",
        "interview_codes",
        "sources",
        "events",
        "diaspora_actions",
        "reported_figures",
        "stories",
    }


def test_a_version_with_no_rows_is_never_published(store):
    seed(store, DATA_DIR)
    before = fingerprint(store)
    with pytest.raises(NoRows):
        store.publish("events", pd.DataFrame(columns=["event_id"]), author="t")
    assert fingerprint(store) == before


def test_ten_simultaneous_publishes_of_one_file_give_one_version(store, gazetteer, vocabulary):
    seed(store, DATA_DIR)
    data = b"date;country;city;action_type\n05.01.2022;DE;Berlin;rally\n"

    def attempt(_):
        checked = uploads.check(
            data,
            "same.csv",
            "diaspora_actions",
            store=store,
            gazetteer=gazetteer,
            vocabulary=vocabulary,
        )
        try:
            return uploads.publish(store, checked, author="t").version
        except uploads.UploadRejected as rejected:
            assert "already published" in str(rejected)
            return None

    with concurrent.futures.ThreadPoolExecutor(10) as pool:
        results = list(pool.map(attempt, range(10)))
    assert sorted(v for v in results if v is not None) == [2]
    assert store.versions_with_hash("diaspora_actions", hashlib.sha256(data).hexdigest()) == [2]


def test_ten_command_line_publishes_of_one_file_at_once_give_one_version(tmp_path):
    db = tmp_path / "atlas.duckdb"
    assert cli("versions", "events", db=db).returncode == 0
    upload = tmp_path / "same.csv"
    upload.write_text("date;country;city;action_type\n05.01.2022;DE;Berlin;rally\n")
    with concurrent.futures.ThreadPoolExecutor(10) as pool:
        runs = list(
            pool.map(
                lambda _: cli("import", str(upload), "--dataset", "diaspora_actions", db=db),
                range(10),
            )
        )
    assert sorted(run.returncode for run in runs) == [0] + [1] * 9
    assert all("already published" in run.stderr for run in runs if run.returncode == 1)
    versions = Store(DuckDBEngine(db)).versions("diaspora_actions")
    assert versions["version"].tolist() == [2, 1]


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_export_then_import_gives_the_same_rows_and_ids(store, gazetteer, vocabulary, dataset):
    seed(store, DATA_DIR)
    active = store.active_versions()[dataset]
    exported = to_csv_bytes(export_frame(store, dataset, active.version))
    checked = uploads.check(
        exported, f"{dataset}.csv", dataset, store=store, gazetteer=gazetteer, vocabulary=vocabulary
    )
    assert checked.errors == []
    info = uploads.publish(store, checked, author="t", insist=True)
    again = to_csv_bytes(export_frame(store, dataset, info.version))
    assert again == exported


def test_formula_guard_is_removed_on_import(store, gazetteer, vocabulary):
    seed(store, DATA_DIR)
    text = 'date,country,action_type,description\n05.01.2022,DE,rally,"\'=1+2"\n06.01.2022,DE,rally,"\'Alga\' party"\n'
    checked = uploads.check(
        text.encode(),
        "x.csv",
        "diaspora_actions",
        store=store,
        gazetteer=gazetteer,
        vocabulary=vocabulary,
    )
    assert checked.prepared.frame["description"].tolist() == ["=1+2", "'Alga' party"]


def test_one_upload_limit_everywhere():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    assert f"{MAX_UPLOAD_MB} MB" in (ROOT / "README.md").read_text()
    from atlas.i18n import translate

    assert f"{MAX_UPLOAD_MB} MB" in translate("wizard.size_limit", limit=MAX_UPLOAD_MB)


def test_the_command_line_has_no_browser_limit_but_honours_max_size(tmp_path):
    db = tmp_path / "atlas.duckdb"
    upload = tmp_path / "big.csv"
    upload.write_text("date;country;action_type\n" + "05.01.2022;DE;rally\n" * 200_000)
    small = cli("validate", str(upload), "--dataset", "diaspora_actions", "--max-size", "1", db=db)
    assert small.returncode == 1 and "the limit is 1" in small.stderr
    assert upload.stat().st_size > 1 * 2**20
    unlimited = cli("validate", str(upload), "--dataset", "diaspora_actions", db=db)
    assert unlimited.returncode == 0, unlimited.stderr


def test_a_full_disk_publishes_nothing_and_says_so(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small filesystem for the database")
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], check=True)
    try:
        db = disk / "atlas.duckdb"
        assert cli("versions", "events", db=db).returncode == 0
        before = fingerprint(Store(DuckDBEngine(db)))
        upload = tmp_path / "many.csv"
        rows = "".join(f"05.01.2022;DE;Berlin;rally;row {i} {'x' * 80}\n" for i in range(60_000))
        upload.write_text("date;country;city;action_type;description\n" + rows)
        done = cli("import", str(upload), "--dataset", "diaspora_actions", db=db)
        assert done.returncode == 1
        assert "the disk is full; nothing was published" in done.stderr
        assert fingerprint(Store(DuckDBEngine(db))) == before
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
