"""Every page runs under Streamlit's AppTest: no exception, key elements present, widgets take effect."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.testing.v1 import AppTest

from atlas.i18n import translate

from .conftest import DATA_DIR, EDITOR_PASSWORD, ROOT, free_port

APP = str(ROOT / "app.py")


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, message_id: str) -> str:
    label = translate(message_id)
    return next(m.value for m in at.metric if m.label == label)


def test_overview_shows_headline_figures_of_the_bundled_data(app_env):
    at = run_app()
    assert at.title[0].value == translate("app.title")
    respondents = pd.read_csv(DATA_DIR / "respondents.sample.csv", dtype=str)
    codes = pd.read_csv(DATA_DIR / "interview_codes.sample.csv", dtype=str)
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str)
    diaspora = pd.read_csv(DATA_DIR / "diaspora_actions.csv", dtype=str)
    assert metric(at, "metric.respondents") == str(len(respondents))
    assert metric(at, "metric.cities") == str(respondents["city"].nunique())
    assert metric(at, "metric.excerpts") == str(len(codes))
    assert metric(at, "metric.events") == str(len(events))
    assert metric(at, "metric.diaspora") == str(len(diaspora))
    assert metric(at, "metric.period") == "Jan–Dec 2022"


def test_overview_labels_the_sample_and_lists_versions_and_sources(app_env):
    at = run_app()
    assert any("illustrative sample" in w.value for w in at.warning)
    badges = [m.value for m in at.markdown if "badge" in m.value]
    assert sum(translate("sample.badge") in b for b in badges) == 3
    assert sum(translate("sources.badge") in b for b in badges) == 3
    versions, sources = at.dataframe[0].value, at.dataframe[1].value
    assert versions[translate("col.version")].tolist() == [1] * 6
    assert (
        versions[translate("col.kind")].tolist()
        == [
            translate("kind.sample"),
            translate("kind.sample"),
        ]
        + [translate("kind.sourced")] * 4
    )  # events, diaspora actions, reported figures, sources
    assert sources[translate("col.link")].str.startswith("https://").all()
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str)
    cited = sources[sources[translate("col.dataset")] == translate("dataset.events")]
    assert cited[translate("col.rows_citing")].sum() == len(events)


def test_choosing_a_city_in_the_sidebar_changes_the_figures(app_env):
    at = run_app()
    at.multiselect(key="city").set_value(["Almaty"]).run()
    assert not at.exception
    assert at.multiselect(key="city").value == ["Almaty"]  # the sidebar is drawn on every page
    respondents = pd.read_csv(DATA_DIR / "respondents.sample.csv", dtype=str)
    assert metric(at, "metric.respondents") == str((respondents["city"] == "Almaty").sum())
    assert metric(at, "metric.cities") == "1"
    assert translate("overview.filtered") in [c.value for c in at.caption]


def test_filters_are_read_from_the_url(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["city"] = ["Almaty"]
    # Bound multiselects keep the shown label in the URL (Streamlit 1.67), not the code.
    at.query_params["period"] = ["During the pandemic"]
    at.run()
    assert not at.exception
    assert at.multiselect(key="city").value == ["Almaty"]
    assert at.multiselect(key="period").value == ["during_pandemic"]
    respondents = pd.read_csv(DATA_DIR / "respondents.sample.csv", dtype=str)
    codes = pd.read_csv(DATA_DIR / "interview_codes.sample.csv", dtype=str)
    almaty = set(respondents.loc[respondents["city"] == "Almaty", "respondent_id"])
    expected = codes["respondent_id"].isin(almaty) & (codes["period"] == "during_pandemic")
    assert metric(at, "metric.excerpts") == str(expected.sum())


def test_restart_does_not_seed_twice(app_env):
    run_app()
    st.cache_resource.clear()  # as after a restart
    at = run_app()
    assert at.dataframe[0].value[translate("col.version")].tolist() == [1] * 6


def test_unreachable_database_shows_a_banner_not_a_traceback(app_env, monkeypatch):
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"postgresql://nobody@127.0.0.1:{free_port()}/atlas")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [translate("store.unavailable")]


def heatmap(at: AppTest, index: int = 0) -> dict:
    import json

    return json.loads(at.get("plotly_chart")[index].proto.spec)


def test_challenges_page_draws_the_matrix_with_a_sample_label(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/challenges.py").run()
    assert not at.exception
    assert at.title[0].value == translate("challenges.title")
    assert any("illustrative sample" in w.value for w in at.warning)
    spec = heatmap(at)
    cells = spec["data"][0]
    assert cells["type"] == "heatmap"
    assert "Funding shortage" in cells["y"] and "Almaty" in cells["x"]
    # every cell also has an invisible click target carrying its codes
    targets = spec["data"][1]
    assert targets["type"] == "scatter" and len(targets["customdata"]) == len(cells["x"]) * len(
        cells["y"]
    )
    assert translate("matrix.download") in [b.label for b in at.get("download_button")]


def test_challenges_controls_change_the_matrix(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/challenges.py").run()
    respondents = pd.read_csv(DATA_DIR / "respondents.sample.csv", dtype=str)
    codes = pd.read_csv(DATA_DIR / "interview_codes.sample.csv", dtype=str)

    at.selectbox(key="theme").set_value("digital_tool").run()
    assert not at.exception
    assert "WhatsApp" in heatmap(at)["data"][0]["y"]

    at.selectbox(key="by").set_value("org_type").run()
    assert "NGO" in heatmap(at)["data"][0]["x"]

    at.selectbox(key="value").set_value("excerpts").run()
    spec = heatmap(at)["data"][0]
    whatsapp = codes[codes["code"] == "whatsapp"].merge(respondents, on="respondent_id")
    ngo = int((whatsapp["org_type"] == "ngo").sum())
    row, column = spec["y"].index("WhatsApp"), spec["x"].index("NGO")
    assert spec["z"][row][column] == ngo

    at.selectbox(key="value").set_value("column_share").run()
    spec = heatmap(at)["data"][0]
    assert spec["text"][row][column].endswith("%") or spec["text"][row][column].endswith("%*")


def test_code_labels_follow_the_chosen_language(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["language"] = "Русский"
    at.switch_page("app_pages/challenges.py").run()
    assert not at.exception
    rows = heatmap(at)["data"][0]["y"]
    assert "Нехватка финансирования" in rows and "Funding shortage" not in rows


def deck(at: AppTest) -> dict:
    import json

    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def test_map_draws_offline_layers_and_the_metric_changes_the_circles(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/map.py").run()
    assert not at.exception
    spec = deck(at)
    assert spec["mapStyle"] == "__MAP_STYLE__"  # no tile basemap: Streamlit fetches nothing
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert {"countries", "regions", "cities", "labels"} <= set(layers)
    respondents = pd.read_csv(DATA_DIR / "respondents.sample.csv", dtype=str)
    cities = {row["name"] for row in layers["cities"]["data"]}
    assert len(cities) == respondents["city"].nunique()
    almaty = next(row for row in layers["cities"]["data"] if row["name"] == "Almaty")
    assert almaty["value_text"] == f"Respondents: {(respondents['city'] == 'Almaty').sum()}"

    at.selectbox(key="metric").set_value("share").run()
    at.selectbox(key="code").set_value("funding_shortage").run()
    assert not at.exception
    almaty = next(row for row in deck(at)["layers"][2]["data"] if row["name"] == "Almaty")
    assert (
        almaty["value_text"].startswith("Funding shortage:")
        and "of 8 respondents" in almaty["value_text"]
    )


def test_map_date_control_selects_the_events_of_a_day(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["metric"] = "January 2022 events"
    at.switch_page("app_pages/map.py").run()
    assert not at.exception
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str, keep_default_na=False)

    def active_cities(day: str) -> set[str]:
        end = events["end_date"].where(events["end_date"] != "", events["date"])
        rows = events[
            (events["date"] <= day)
            & (end >= day)
            & (events["city"] != "")
            & (events["city"] != "Strasbourg")
        ]
        return set(rows["city"].replace({"Nur-Sultan": "Astana"}))

    def drawn() -> set[str]:
        cities = next(layer for layer in deck(at)["layers"] if layer["id"] == "cities")
        return {row["name"] for row in cities["data"]}

    assert drawn() == active_cities("2022-01-05")  # the default day
    at.select_slider(key="map_day").set_value(__import__("datetime").date(2022, 1, 2)).run()
    assert drawn() == active_cities("2022-01-02")
    at.segmented_control(key="map_mode").set_value("cumulative").run()
    assert not at.exception


def test_timeline_page_draws_lanes_spans_and_reported_figures(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/timeline.py").run()
    assert not at.exception
    import json

    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    timeline_spec = charts[0]
    lanes = {y for trace in timeline_spec["data"] for y in (trace.get("y") or [])}
    assert {"Protest", "Internet shutdown", "State of emergency", "Diaspora · Rally"} <= lanes
    shapes = timeline_spec["layout"]["shapes"]
    assert any(s.get("x0", "").startswith("2022-01-05") for s in shapes)  # the shutdown gap band
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str)
    january = events[events["date"] <= "2022-01-31"]
    ids = [
        c[1]
        for trace in timeline_spec["data"]
        for c in (trace.get("customdata") or [])
        if c[0] == "event"
    ]
    assert sorted(ids) == sorted(january["event_id"])
    figures = charts[1]
    import html

    labels = [
        html.unescape(text) for trace in figures["data"] for text in trace.get("text", [])
    ]  # as plotly shows it
    table = pd.read_csv(DATA_DIR / "reported_figures.csv", dtype=str, keep_default_na=False)
    dated = table[table["date_precision"] != "unknown"]
    signs = {"more_than": ">", "about": "~", "at_least": "≥"}
    expected = [
        signs.get(q, "")
        + f"{int(v):,}"
        + (f" ({translate('figure.retracted')})" if s == "retracted" else "")
        for v, q, s in zip(dated["value"], dated["qualifier"], dated["status"], strict=True)
    ]
    assert sorted(labels) == sorted(expected)


def test_diaspora_page_counts_and_table(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/diaspora.py").run()
    assert not at.exception
    assert any("incomplete compilation" in w.value for w in at.warning)
    actions = pd.read_csv(DATA_DIR / "diaspora_actions.csv", dtype=str)
    table = at.dataframe[-1].value
    assert len(table) == len(actions)
    assert table[translate("col.link")].str.startswith("https://").all()
    assert [i.value for i in at.info] == [
        translate("diaspora.matrix_empty", field=translate("diaspora.field.motivation")),
        translate("diaspora.matrix_empty", field=translate("diaspora.field.barriers")),
    ]


def test_diaspora_and_timeline_pages_stay_small_with_100000_actions(app_env, tmp_path):
    """Aggregation happens in the store: the pages get counts, and the table is capped."""
    import os
    from pathlib import Path

    from atlas.seed import seed
    from atlas.store import DuckDBEngine, Store

    store = Store(DuckDBEngine(Path(os.environ["ATLAS_DUCKDB_PATH"])))
    seed(store, DATA_DIR)
    base = pd.read_csv(DATA_DIR / "diaspora_actions.csv", dtype=str, keep_default_na=False)
    big = base.sample(100_000, replace=True, random_state=7).reset_index(drop=True)
    big["action_id"] = [f"B{i:06d}" for i in range(len(big))]
    big["date"] = pd.to_datetime(big["date"], format="mixed").dt.date  # '2022-01': month only
    for column in ("participants", "reach", "end_date", "latitude", "longitude"):
        big[column] = None
    big["source_line"] = range(2, len(big) + 2)
    store.publish("diaspora_actions", big, author="load test")

    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("app_pages/diaspora.py").run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert len(table) == 300  # the table's cap (TABLE_ROWS); the download has every row
    assert translate("actions.capped", shown=300, total=100_000) in [c.value for c in at.caption]
    at.switch_page("app_pages/timeline.py").run()
    assert not at.exception


def open_data_page(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    return at


def sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input[0].input("Aigerim")
    at.text_input[1].input(password)
    at.button[0].click().run()
    return at


def test_viewers_see_versions_and_downloads_but_no_editing_controls(editor_env):
    at = open_data_page()
    assert at.title[0].value == translate("data.title")
    assert at.dataframe[0].value[translate("col.version")].tolist() == [1]
    assert len(at.get("file_uploader")) == 0
    assert translate("data.download_version") in [b.label for b in at.get("download_button")]
    assert not [b for b in at.button if b.label.startswith("Make version")]


def test_read_only_deployment_has_no_sign_in_at_all(app_env, monkeypatch):
    monkeypatch.setenv("ATLAS_READ_ONLY", "1")
    at = open_data_page()
    assert translate("data.read_only") in [c.value for c in at.caption]
    assert len(at.text_input) == 0 and len(at.get("file_uploader")) == 0


def test_a_wrong_password_is_refused(editor_env):
    at = sign_in(open_data_page(), "guess")
    assert translate("editor.wrong") in [e.value for e in at.error]
    assert len(at.get("file_uploader")) == 0


def test_an_editor_uploads_a_russian_excel_export_and_publishes(editor_env):
    at = sign_in(open_data_page(), EDITOR_PASSWORD)
    assert not at.exception
    uploaders = at.get("file_uploader")
    assert len(uploaders) == 1
    at.selectbox(key="up_dataset").set_value("diaspora_actions").run()
    text = (
        "Дата;Страна;Город;Тип акции;Организатор;Описание;Ссылка\n"
        "05.01.2022;Германия;Берлин;митинг;;Пикет у посольства;https://example.org/a\n"
        "06.01.2022;Турция;Стамбул;митинг;;Акция солидарности;https://example.org/b\n"
        "07.01.2022;Турция;Анкарра;петиция;;Петиция;https://example.org/c\n"
    )
    at.get("file_uploader")[0].upload("акции.csv", text.encode("cp1251"), "text/csv").run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Windows-1251" in captions and "Semicolon" in captions
    assert [m.value for m in at.metric][:3] == [
        "3",
        "0",
        "1",
    ]  # rows, errors, warnings (unknown city)
    publish = next(b for b in at.button if b.label == translate("wizard.publish"))
    assert not publish.disabled
    publish.click().run()
    assert not at.exception
    assert any("version 2 published (3 rows)" in s.value for s in at.success)


def test_identity_provider_deployments_offer_organisation_sign_in(app_env, monkeypatch):
    monkeypatch.setenv("ATLAS_EDITORS", "aigerim@example.org")
    at = open_data_page()
    assert translate("editor.sso_button") in [b.label for b in at.button]
    assert (
        len(at.text_input) == 0 and len(at.get("file_uploader")) == 0
    )  # not signed in: no editing


def test_overview_links_to_every_page(app_env):
    at = run_app()
    links = [(link.proto.page, link.proto.label) for link in at.get("page_link")]
    assert links == [
        (key, translate(f"nav.{key}"))
        for key in ("map", "challenges", "timeline", "diaspora", "data")
    ]


def test_thirty_wrong_passwords_from_other_sessions_never_lock_the_editor_out(editor_env):
    for _ in range(31):
        wrong = sign_in(open_data_page(), "guess")
        assert translate("editor.wrong") in [e.value for e in wrong.error]
    editor = sign_in(open_data_page(), EDITOR_PASSWORD)  # a fresh session, at once
    assert not editor.exception
    assert len(editor.get("file_uploader")) == 1
