"""The bundled data: clean against the contract, sourced on every row, the sample reproducible."""

import csv
import subprocess
import sys

import pandas as pd
import pytest

from atlas import resources
from atlas.contract import prepare

from .conftest import DATA_DIR, ROOT


@pytest.mark.parametrize("item", resources.bundle(DATA_DIR), ids=lambda i: i.name)
def test_bundled_files_have_no_errors_and_every_place_resolves(item, gazetteer, vocabulary):
    raw = pd.read_csv(item.path, dtype=str, keep_default_na=False)
    known = None
    if item.name == "interview_codes":
        known = set(pd.read_csv(DATA_DIR / "respondents.sample.csv", dtype=str)["respondent_id"])
    prepared = prepare(
        item.name, raw, gazetteer=gazetteer, vocabulary=vocabulary, known_respondents=known
    )
    assert prepared.problems == []


@pytest.mark.parametrize("name", ["events", "diaspora_actions", "reported_figures"])
def test_every_bundled_fact_cites_a_source(name):
    frame = pd.read_csv(DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
    assert (frame["source_name"] != "").all()
    assert frame["source_url"].str.match(r"https?://").all()


def test_figures_live_in_reported_figures_not_in_the_events():
    """The per-event numbers were dropped (#12): a figure is a report of its own, with its date,
    body and source; an event's text may still say what its source reported."""
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str, keep_default_na=False)
    assert (events["deaths"] == "").all() and (events["detained"] == "").all()
    reports = events[events["event_type"] == "casualties_report"]
    assert (reports["figures_as_reported"] != "").all()


def test_no_figure_shared_by_several_cities_is_repeated_on_each():
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str, keep_default_na=False)
    spread = events[events["title"] == "Protests spread to other cities"]
    assert len(spread) == 5 and (spread["figures_as_reported"] == "").all()


def test_sample_script_is_deterministic_and_matches_the_committed_files(tmp_path):
    """Regenerated into a scratch folder (never into the repository) and compared byte for byte."""
    script = ROOT / "scripts" / "make_sample.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True)
    for name in ("respondents.sample.csv", "interview_codes.sample.csv"):
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


def test_sample_is_shaped_as_the_issue_asks():
    respondents = pd.read_csv(DATA_DIR / "respondents.sample.csv", dtype=str)
    codes = pd.read_csv(DATA_DIR / "interview_codes.sample.csv", dtype=str)
    assert 35 <= len(respondents) <= 45
    assert respondents["city"].nunique() >= 8
    assert 200 <= len(codes) <= 800
    assert set(codes["language"]) == {"en", "ru", "kk"}


def test_every_data_file_is_described_in_the_data_readme():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    files = [
        p.relative_to(DATA_DIR).as_posix()
        for p in DATA_DIR.rglob("*")
        if p.is_file() and p.name != "README.md"
    ]
    missing = [f for f in files if f"`{f}`" not in readme]
    assert missing == []


def test_vocabulary_has_three_languages_for_every_code(vocabulary):
    table = vocabulary.table
    assert not (table[["label_en", "label_ru", "label_kk"]] == "").any().any()
    with open(DATA_DIR / "vocabulary.csv", encoding="utf-8") as handle:
        assert len(list(csv.reader(handle))) == len(table) + 1
