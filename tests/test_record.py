"""The record, corrected (#12): every bundled fact on a primary page or marked unconfirmed, the
reported figures as a series of reports, the generated files up to date, and an audit that
recounts what the pages show from the raw CSVs with pandas."""

from __future__ import annotations

import datetime as dt
import html
import importlib
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas import timeline
from atlas.contract import DATASETS, prepare
from atlas.i18n import translate
from atlas.seed import seed

from .conftest import DATA_DIR, ROOT, run_cli

APP = str(ROOT / "app.py")
FACTS = ("events", "diaspora_actions", "reported_figures")


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


def build_script():
    return importlib.import_module("scripts.build_reference_data")


def pages_of(frame: pd.DataFrame) -> pd.Series:
    """Every page a row cites: its source_url, then its other_source_urls."""
    return frame["source_url"] + " " + frame["other_source_urls"]


# --- sources ---


@pytest.mark.parametrize("name", FACTS)
def test_every_factual_row_cites_a_primary_page_or_is_marked_unconfirmed(name):
    sources = csv("sources")
    kind = dict(zip(sources["url"], sources["kind"], strict=True))
    frame = csv(name)
    assert len(frame)
    cited = pages_of(frame).str.split()
    missing = {url for urls in cited for url in urls if url not in kind}
    assert missing == set()  # every page joins to the sources table
    primary = frame["source_url"].map(kind) == "primary"
    assert (primary | (frame["confidence"] == "unconfirmed")).all()
    assert (frame["source_name"] != "").all()


@pytest.mark.parametrize("name", ["events", "diaspora_actions"])
def test_no_event_or_action_rests_on_a_re_publication_alone(name):
    sources = csv("sources")
    kind = dict(zip(sources["url"], sources["kind"], strict=True))
    frame = csv(name)
    kinds = pages_of(frame).str.split().map(lambda urls: {kind[u] for u in urls})
    assert kinds.map(lambda k: "primary" in k).all()
    assert (frame["source_url"].map(kind) == "primary").all()  # and the primary comes first


def test_every_source_row_is_cited_and_named_by_its_outlet():
    sources = csv("sources")
    cited = {u for name in FACTS for urls in pages_of(csv(name)).str.split() for u in urls}
    assert set(sources["url"]) == cited
    assert set(sources["kind"]) <= {"primary", "re-publication"}
    assert sources["source_id"].is_unique and sources["url"].is_unique
    # A row's source_name is the outlet of its first page.
    outlet = dict(zip(sources["url"], sources["outlet"], strict=True))
    for name in FACTS:
        frame = csv(name)
        assert (frame["source_name"] == frame["source_url"].map(outlet)).all()


def test_the_committed_data_is_what_the_build_script_makes():
    """The script run again on data/sources/ gives the committed files byte for byte, and
    SOURCES.md is up to date with the sources table."""
    script = build_script()
    events, diaspora, figures = (
        script.build_events(),
        script.build_diaspora(),
        script.build_figures(),
    )
    sources = script.build_sources(events, diaspora, figures)
    for name, frame in (
        ("events", events),
        ("diaspora_actions", diaspora),
        ("reported_figures", figures),
        ("sources", sources),
    ):
        made = frame.to_csv(index=False, lineterminator="\n")
        assert made == (DATA_DIR / f"{name}.csv").read_text(encoding="utf-8"), name
    committed = {name: csv(name) for name in FACTS}
    expected = script.sources_markdown(csv("sources"), committed)
    assert (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8") == expected
    for url in csv("sources")["url"]:
        assert url in (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")


# --- the reported figures as the issue asks ---


def test_deaths_as_reported_keep_the_retraction_and_every_revision_with_its_body():
    figures = csv("reported_figures")
    deaths = figures[(figures["kind"] == "deaths") & (figures["scope"] == "nationwide")]
    first = deaths[(deaths["value"] == "164") & (deaths["date_precision"] == "day")].iloc[0]
    assert (first["date_reported"], first["status"]) == ("2022-01-09", "retracted")
    dated = deaths[deaths["date_precision"] == "day"].set_index("value")
    assert dated.loc["225", "date_reported"] == "2022-01-15"
    assert dated.loc["227", "date_reported"] == "2022-01-18"
    assert "Giniyat" in dated.loc["227", "reporting_body"]
    assert dated.loc["230", "date_reported"] == "2022-03-14"
    ombudswoman = deaths[deaths["reporting_body"].str.contains("Ombudswoman")]
    assert ombudswoman[["value", "date_reported"]].values.tolist() == [["238", "2022-03-14"]]
    # Partial counts are never a national toll.
    by_value = figures[figures["kind"] == "deaths"].groupby("value")["scope"].agg(set)
    assert by_value["8"] == {"security_forces"} and by_value["12"] == {"security_forces"}
    assert by_value["139"] == {"almaty"}
    forty_four = figures[figures["value"] == "44"].iloc[0]
    assert "26" in forty_four["note"] and "18" in forty_four["note"]


def test_uncertain_dates_keep_their_precision_and_undated_reports_stay_undated():
    figures = csv("reported_figures")
    shape = figures["date_reported"].str.len().map({10: "day", 7: "month", 4: "year", 0: "unknown"})
    assert (shape == figures["date_precision"]).all()
    assert (figures["date_precision"] != "day").sum() >= 5
    actions = csv("diaspora_actions")
    shape = actions["date"].str.len().map({10: "day", 7: "month", 4: "year"})
    assert (shape == actions["date_precision"]).all()


def test_the_diaspora_as_observed_turkey_included_and_honestly_classed():
    actions = csv("diaspora_actions")
    assert len(actions) >= 25
    turkey = actions[actions["country"] == "TR"]
    assert len(turkey) >= 4
    assert set(turkey["organiser_kind"]) == {"officials"}
    assert set(actions["organiser_kind"]) <= _codes("organiser_kind")
    assert "organiser_kind" in DATASETS["diaspora_actions"].column_names


def _codes(field: str) -> set[str]:
    vocabulary = pd.read_csv(DATA_DIR / "vocabulary.csv", dtype=str, keep_default_na=False)
    return set(vocabulary.loc[vocabulary["field"] == field, "code"])


def test_the_state_of_emergency_is_a_span_per_region_with_its_own_end():
    events = csv("events")
    spans = events[(events["event_type"] == "state_of_emergency") & (events["end_date"] != "")]
    units = spans["city"].where(spans["city"] != "", spans["region"])
    assert units.is_unique and len(units) == 17
    assert spans["end_date"].nunique() >= 4  # lifted early on 13–16 January, the rest on 18/19
    assert (spans["end_date"] < "2022-01-18").sum() == 10
    assert (pages_of(spans).str.split().map(len) >= 2).all()  # the start's page and the end's


# --- the contract of reported figures and sources ---

FIGURE = {
    "date_reported": "2022-01-15",
    "kind": "deaths",
    "value": "225",
    "scope": "nationwide",
    "status": "reported",
    "source_url": "https://example.org/a",
}


@pytest.mark.parametrize(
    ("change", "column", "kind"),
    [
        ({"kind": "bodies"}, "kind", "unknown-code"),
        ({"value": "-3"}, "value", "constraint-error"),
        ({"value": "many"}, "value", "type-error"),
        ({"scope": ""}, "scope", "constraint-error"),
        ({"scope": "galaxy"}, "scope", "unknown-code"),
        ({"status": "withdrawn"}, "status", "unknown-code"),
        ({"qualifier": "roughly"}, "qualifier", "unknown-code"),
        ({"date_reported": ""}, "date_reported", "constraint-error"),
        (
            {"date_reported": "2022-01", "date_precision": "day"},
            "date_precision",
            "constraint-error",
        ),
        ({"date_precision": "unknown"}, "date_precision", "constraint-error"),
        ({"scope": "region"}, "place", "constraint-error"),
        ({"source_url": "javascript:alert(1)"}, "source_url", "type-error"),
    ],
)
def test_a_bad_reported_figure_is_an_error_in_its_column(
    gazetteer, vocabulary, change, column, kind
):
    raw = pd.DataFrame([{**FIGURE, **change}])
    prepared = prepare("reported_figures", raw, gazetteer=gazetteer, vocabulary=vocabulary)
    assert [(p.line, p.column, p.kind) for p in prepared.errors] == [(2, column, kind)]


def test_a_figure_known_to_the_month_or_undated_is_kept_with_its_precision(gazetteer, vocabulary):
    raw = pd.DataFrame(
        [
            {**FIGURE, "date_reported": "2022-01"},
            {**FIGURE, "date_reported": "01.2022"},
            {**FIGURE, "date_reported": "2022"},
            {**FIGURE, "date_reported": "", "date_precision": "unknown"},
            {**FIGURE, "scope": "almaty", "place": "Алматы"},
        ]
    )
    prepared = prepare("reported_figures", raw, gazetteer=gazetteer, vocabulary=vocabulary)
    assert prepared.problems == []
    frame = prepared.frame
    # A full date leaves the precision blank: a day.
    assert frame["date_precision"].fillna("").tolist() == ["month", "month", "year", "unknown", ""]
    assert frame["date_reported"].iloc[0] == pd.Timestamp(2022, 1, 1)
    assert pd.isna(frame["date_reported"].iloc[3])
    assert frame["place"].iloc[4] == "Almaty"
    assert frame["figure_id"].str.startswith("F").all()


def test_a_source_listed_twice_or_of_an_unknown_kind_is_an_error(gazetteer, vocabulary):
    raw = pd.DataFrame(
        {
            "source_id": ["S1", "S2", "S3"],
            "outlet": ["TASS", "TASS", "Blog"],
            "url": ["https://tass.com/1", "https://tass.com/1", "https://blog.example/2"],
            "kind": ["primary", "Primary", "rumour"],
        }
    )
    prepared = prepare("sources", raw, gazetteer=gazetteer, vocabulary=vocabulary)
    assert [(p.line, p.column, p.kind) for p in prepared.errors] == [
        (3, "url", "unique-error"),
        (4, "kind", "unknown-code"),
    ]
    assert prepared.frame["kind"].tolist()[:2] == ["primary", "primary"]


# --- store: seeded, uploaded from the command line, exported ---


def test_seeding_publishes_the_figures_and_the_sources_once(store):
    first = seed(store, DATA_DIR)
    assert {"sources", "reported_figures"} <= set(first.published)
    assert seed(store, DATA_DIR).published == []
    active = store.active_versions()
    for name in ("sources", "reported_figures"):
        assert active[name].row_count == len(csv(name)) and not active[name].is_sample
    versions = {name: info.version for name, info in active.items()}
    figures = timeline.reported_figures(store, versions)
    assert len(figures) == len(csv("reported_figures"))
    assert figures["source_kind"].notna().all()  # every figure's page joins to the sources


def test_reported_figures_go_in_and_out_through_the_command_line(tmp_path):
    db = tmp_path / "atlas.duckdb"
    upload = tmp_path / "figures.csv"
    upload.write_text(
        "Дата,kind,value,scope,status,qualifier,source_url\n"
        "07.01.2022,detentions,3 800,nationwide,reported,more_than,https://example.org/x\n"
        "2022-01,deaths,164,nationwide,retracted,,https://example.org/y\n",
        encoding="utf-8",
    )
    done = run_cli(
        "import", str(upload), "--dataset", "reported_figures", "--map", "Дата=date_reported",
        db=db,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "published reported_figures version 2 (2 rows)" in done.stderr
    out = tmp_path / "out.csv"
    assert run_cli("export", "reported_figures", "-o", str(out), db=db).returncode == 0
    exported = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert exported["value"].tolist() == ["3800", "164"]
    assert exported["date_precision"].tolist() == ["", "month"]
    again = run_cli("import", str(out), "--dataset", "reported_figures", db=db)
    assert again.returncode == 0, again.stderr


# --- the audit: what the pages show, recounted from the raw CSVs ---


def run_page(path: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def numbers(values) -> list[float]:
    """A numeric array of a plotly spec: a list, or plotly's typed array {dtype, bdata}."""
    if isinstance(values, dict):
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def spec_of(at: AppTest, key: str) -> dict:
    chart = next(c for c in at.get("plotly_chart") if c.key == key)
    return json.loads(chart.proto.spec)


def test_audit_the_timeline_against_the_csvs(app_env):
    at = run_page("app_pages/timeline.py")
    events, actions = csv("events"), csv("diaspora_actions")
    end = events["end_date"].where(events["end_date"] != "", events["date"])
    january = events[(events["date"] <= "2022-01-31") & (end >= "2022-01-01")]
    in_january = actions[actions["date"].str.startswith("2022-01") | (actions["date"] == "2022")]
    window = translate(
        "timeline.window", first="01.01.2022", last="31.01.2022", n=len(january), m=len(in_january)
    )
    assert window in [c.value for c in at.caption]

    lanes = spec_of(at, "timeline")["data"]
    ids = sorted(
        c[1] for trace in lanes for c in (trace.get("customdata") or []) if c[0] == "event"
    )
    assert ids == sorted(january["event_id"])
    # One span bar per unit of the state of emergency, each on a row of its own.
    soe = translate_label("event_type", "state_of_emergency")
    rows = {y for trace in lanes for y in (trace.get("y") or []) if y.startswith(f"{soe} · ")}
    spans = january[(january["event_type"] == "state_of_emergency") & (january["end_date"] != "")]
    assert len(rows) == len(spans) == 17
    # Actions known only to the month are drawn over the month, not on a day.
    month_marks = [
        c for trace in lanes for c in (trace.get("customdata") or []) if c[0] == "diaspora"
    ]
    assert {c[3] for c in month_marks} == {"day", "month"}

    # The figures: a series per kind and scope, each value where the CSV puts it.
    figures = csv("reported_figures")
    dated = figures[figures["date_precision"] != "unknown"]
    expected = dated.groupby(["kind", "scope"])["value"].agg(lambda v: sorted(map(int, v)))
    drawn = {}
    for trace in spec_of(at, "figures")["data"]:
        if "customdata" not in trace:
            continue  # the bar over a month of a report known only to the month
        ids = [c[1] for c in trace["customdata"]]
        rows_ = figures.set_index("figure_id").loc[ids]
        assert rows_["kind"].nunique() == 1 and rows_["scope"].nunique() == 1
        drawn[(rows_["kind"].iat[0], rows_["scope"].iat[0])] = sorted(map(int, numbers(trace["y"])))
        retracted = (rows_["status"] == "retracted").tolist()
        symbols = trace["marker"]["symbol"]
        assert [s == "circle-open" for s in symbols] == retracted
        texts = [html.unescape(t) for t in trace["text"]]
        assert [translate("figure.retracted") in t for t in texts] == retracted
    assert drawn == expected.to_dict()
    # The list under the chart: every report, undated ones included.
    listed = at.dataframe[-1].value
    assert len(listed) == len(figures)
    assert set(listed[translate("col.link")]) == set(figures["source_url"])


def translate_label(field: str, code: str) -> str:
    vocabulary = pd.read_csv(DATA_DIR / "vocabulary.csv", dtype=str, keep_default_na=False)
    rows = vocabulary[(vocabulary["field"] == field) & (vocabulary["code"] == code)]
    return rows["label_en"].iat[0]


def test_audit_the_diaspora_page_and_its_split_by_organiser(app_env):
    actions = csv("diaspora_actions")
    for who, kinds in (
        ("all", None),
        ("diaspora", {"diaspora_group", "individuals"}),
        ("others", {"local_activists", "officials"}),
    ):
        at = run_page("app_pages/diaspora.py")
        if who != "all":
            at.segmented_control(key="who").set_value(who).run()
            assert not at.exception
        shown = actions if kinds is None else actions[actions["organiser_kind"].isin(kinds)]
        ranking = spec_of(at, "by_country")["data"][0]
        assert sum(numbers(ranking["x"])) == len(shown)
        assert sorted(numbers(ranking["x"])) == sorted(shown.groupby("country").size().tolist())
        table = at.dataframe[-1].value
        assert len(table) == len(shown)
        kinds_shown = set(table[translate("col.source_kind")])
        assert kinds_shown == {translate_label("source_kind", "primary")}
        month_only = table[translate("col.date")].str.contains("month only")
        assert month_only.sum() == (shown["date_precision"] == "month").sum()


def test_audit_the_state_of_emergency_on_the_map(app_env):
    events = csv("events")
    gazetteer = pd.read_csv(DATA_DIR / "gazetteer.csv", dtype=str, keep_default_na=False)
    regions = set(gazetteer.loc[gazetteer["kind"] == "region", "name"])
    for day in ("2022-01-05", "2022-01-14", "2022-01-16"):
        at = run_page("app_pages/map.py", metric=translate("metric.map.events"))
        at.select_slider(key="map_day").set_value(dt.date.fromisoformat(day)).run()
        assert not at.exception
        spans = events[
            (events["event_type"] == "state_of_emergency")
            & (events["end_date"] != "")
            & (events["date"] <= day)
            & (events["end_date"] >= day)
        ]
        expected = set(spans.loc[spans["region"] != "", "region"]) & regions
        deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
        layer = next(layer for layer in deck["layers"] if layer["id"] == "emergency")
        outlined = {row["name"] for row in layer["data"]}
        assert expected <= outlined
        assert outlined - expected <= {"Almaty", "Astana"}  # the two cities with a polygon
        assert len(outlined) == len(expected) + (spans["city"].isin(["Almaty", "Nur-Sultan"])).sum()


def test_audit_the_overview_sources_list(app_env):
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception
    listed = at.dataframe[1].value
    for name in FACTS:
        cited = listed[listed[translate("col.dataset")] == translate(f"dataset.{name}")]
        assert cited[translate("col.rows_citing")].sum() == len(csv(name))
    versions = at.dataframe[0].value
    assert len(versions) == 6
