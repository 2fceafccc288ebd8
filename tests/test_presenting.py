"""Issue #13, points 3, 4 and 6: one colour per category everywhere, charts that tell the truth
about time and counts, exports that carry their context (title, filters, source, sample label)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas import palette, timeline
from atlas.export import ExportContext, export_stem, to_zip_bytes
from atlas.geo import TIE
from atlas.i18n import translate
from atlas.vocabulary import Vocabulary
from components.heatmap import challenge_heatmap
from components.timeline import stacked_bars

from .conftest import DATA_DIR, ROOT

APP = str(ROOT / "app.py")
VOCABULARY = Vocabulary.from_csv(DATA_DIR / "vocabulary.csv")
EVENT_TYPES = VOCABULARY.codes("event_type")
SAMPLE = translate("export.sample")


@pytest.fixture
def seeded(store):
    from atlas.seed import seed

    seed(store, DATA_DIR)
    return store, {name: v.version for name, v in store.active_versions().items()}


# --- 3. one colour per category ---


@pytest.mark.parametrize(
    "shown", [EVENT_TYPES, EVENT_TYPES[3:5], ["other"], ["clashes", TIE], ["protest", "clashes"]]
)
def test_a_code_has_its_vocabulary_colour_whatever_else_is_shown(shown):
    everything = palette.category_colours(EVENT_TYPES)
    colours = palette.category_colours(EVENT_TYPES, shown)
    assert list(colours) == [c for c in EVENT_TYPES if c in shown] + ([TIE] if TIE in shown else [])
    for code in shown:
        assert colours[code] == (palette.TIE_COLOUR if code == TIE else everything[code])


def test_every_field_of_the_vocabulary_has_distinct_colours_and_the_tie_is_grey():
    for field in set(VOCABULARY.table["field"]):
        codes = VOCABULARY.codes(field, "challenge" if field == "code" else None)
        colours = list(palette.category_colours(codes).values())
        assert len(set(colours)) == len(colours), field
        assert palette.TIE_COLOUR not in colours


def rgb_of(css: str) -> tuple[int, ...]:
    return tuple(int(float(x)) for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3])


def test_an_event_type_has_the_same_colour_on_the_map_every_day_and_on_the_timeline(app_env):
    expected = palette.category_colours(EVENT_TYPES)
    labels = VOCABULARY.labels("event_type")
    by_label = {labels[c]: rgb for c, rgb in expected.items()}

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["metric"] = "January 2022 events"
    at.switch_page("app_pages/map.py").run()
    seen: dict[str, tuple] = {}
    for day in (5, 2, 11):
        at.select_slider(key="map_day").set_value(dt.date(2022, 1, day)).run()
        assert not at.exception
        spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
        cities = next(layer for layer in spec["layers"] if layer["id"] == "cities")
        for row in cities["data"]:
            label = row["detail"].removeprefix("Most frequent: ")
            if label in by_label:
                assert tuple(row["fill"][:3]) == by_label[label], (day, row["name"])
                seen[label] = by_label[label]
            else:
                assert tuple(row["fill"][:3]) == palette.TIE_COLOUR, row["detail"]
        # The legend lists every category on the map, none clipped (an HTML list that wraps).
        legend = next(m.value for m in at.markdown if "atlas-legend" in m.value)
        for label in {row["detail"].removeprefix("Most frequent: ") for row in cities["data"]}:
            if label in by_label:
                assert f"rgb{by_label[label]}" in legend and label in legend
    assert len(seen) >= 2

    at.switch_page("app_pages/timeline.py").run()
    assert not at.exception
    lanes = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    for trace in lanes:
        if trace.get("mode") == "markers" and trace.get("name") in by_label:
            assert rgb_of(trace["marker"]["color"]) == by_label[trace["name"]], trace["name"]
    minimap = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    cities = next(layer for layer in minimap["layers"] if layer["id"] == "cities")
    fills = {tuple(row["fill"][:3]) for row in cities["data"]}
    assert fills <= set(expected.values()) | {palette.TIE_COLOUR}


# --- 4. time and counts ---


def test_weekly_bars_span_monday_to_sunday_and_are_labelled_as_weeks():
    frame = pd.DataFrame(
        {
            "period": pd.to_datetime(["2022-01-03", "2022-01-10"]),
            "precision": "day",
            "key": ["rally", "rally"],
            "actions": [2, 1],
        }
    )
    fig = stacked_bars(frame, labels={"rally": "Rally"}, step="week", order=["rally"])
    bar = next(trace for trace in fig.data if trace.name == "Rally")
    centres = [pd.Timestamp(x) for x in bar.x]
    assert centres == [pd.Timestamp("2022-01-06 12:00"), pd.Timestamp("2022-01-13 12:00")]
    assert bar.width == pytest.approx(7 * 86_400_000 * 0.8)
    assert fig.layout.xaxis.type == "date"
    assert list(fig.layout.xaxis.ticktext) == ["week of 3 Jan", "week of 10 Jan"]
    assert "week of 3 Jan" in bar.hovertext[0]
    daily = stacked_bars(frame, labels={"rally": "Rally"})
    assert pd.Timestamp(daily.data[0].x[0]) == pd.Timestamp("2022-01-03 12:00")  # the day's middle


def test_actions_with_no_actor_type_keep_a_bar_of_their_own(seeded):
    store, versions = seeded
    actions = pd.read_csv(DATA_DIR / "diaspora_actions.csv", dtype=str, keep_default_na=False)
    counts = timeline.actions_by(store, versions, "actor_type", unknown=True)
    found = dict(zip(counts["key"], counts["actions"], strict=True))
    assert sum(found.values()) == len(actions)
    assert found[timeline.UNKNOWN] == (actions["actor_type"] == "").sum() > 0


def test_diaspora_page_shows_the_unknown_actor_type_and_weeks(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/diaspora.py").run()
    assert not at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    bars = [c["data"][0] for c in charts if c["data"] and c["data"][0].get("orientation") == "h"]
    assert any(translate("cell.unknown") in b["y"] for b in bars)  # actor type, platform
    at.segmented_control(key="step").set_value("week").run()
    assert not at.exception
    over_time = next(
        json.loads(c.proto.spec)
        for c in at.get("plotly_chart")
        if "week of" in json.dumps(json.loads(c.proto.spec)["layout"].get("xaxis", {}))
    )
    assert over_time["layout"]["xaxis"]["type"] == "date"


def test_a_one_day_event_shows_a_dash_not_none_in_the_until_column(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["metric"] = "January 2022 events"
    at.switch_page("app_pages/map.py").run()
    assert not at.exception
    until = translate("col.until")
    tables = [d.value for d in at.dataframe if until in d.value.columns]
    assert tables
    for table in tables:
        assert not table[until].isna().any()
        assert set(table[until]) - {"—"} <= {
            v for v in table[until] if len(v) == 10 and v[2] == "."
        }


def test_period_facets_with_thirteen_cities_are_stacked_on_one_scale():
    from atlas.matrix import from_counts

    cities = [f"City {i}" for i in range(13)]
    counts = pd.DataFrame([[i + j for j in range(13)] for i in range(3)], ["a", "b", "c"], cities)
    facets = {p: from_counts(counts * (k + 1)) for k, p in enumerate(("before", "during", "after"))}
    fig = challenge_heatmap(
        facets, row_labels={}, value_label="n", numerator_label="n", denominator_label=""
    )
    heatmaps = [trace for trace in fig.data if trace.type == "heatmap"]
    assert len({trace.yaxis for trace in heatmaps}) == 3  # one full-width row each
    assert {trace.zmax for trace in heatmaps} == {max(max(r) for r in heatmaps[-1].z)}
    few = challenge_heatmap(
        {p: from_counts(counts.iloc[:, :4]) for p in ("before", "during")},
        row_labels={},
        value_label="n",
        numerator_label="n",
        denominator_label="",
    )
    assert len({t.xaxis for t in few.data if t.type == "heatmap"}) == 2  # side by side


# --- 6. exports that carry their context ---


def test_export_names_say_sample_and_version():
    assert export_stem("matrix-challenge-by-city", [3, 3], sample=True) == (
        "matrix-challenge-by-city_illustrative-sample_v3"
    )
    assert export_stem("timeline", [1, 2], sample=False) == "timeline_v1-2"
    assert export_stem("../x y", [], sample=False) == "x-y"


def test_the_zip_holds_a_clean_csv_and_a_readme_with_the_context():
    context = ExportContext(
        "Title", "No filters", "Source: x v3", SAMPLE, "m_illustrative-sample_v3"
    )
    data = to_zip_bytes(pd.DataFrame({"a": ["=1", "b"]}), context)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["README.md", "m_illustrative-sample_v3.csv"]
        table = pd.read_csv(io.BytesIO(archive.read("m_illustrative-sample_v3.csv")))
        readme = archive.read("README.md").decode()
    assert table.columns.tolist() == ["a"] and table["a"].tolist() == ["'=1", "b"]
    assert all(line in readme for line in ("Title", SAMPLE, "No filters", "Source: x v3"))


def test_challenges_chart_and_download_carry_title_filters_source_and_sample(app_env, monkeypatch):
    from streamlit.runtime.media_file_manager import MediaFileManager

    # A deferred download (data=callable) is registered with the run's media manager: record it.
    downloads: dict[str, tuple] = {}
    original = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        downloads[file_id] = (file_name, data_callable)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["city"] = ["Almaty"]
    at.switch_page("app_pages/challenges.py").run()
    assert not at.exception
    chart = at.get("plotly_chart")[0].proto
    layout = json.loads(chart.spec)["layout"]
    title = layout["title"]["text"]
    subtitle = layout["title"]["subtitle"]["text"]
    assert translate("tab.matrix") in title
    assert SAMPLE.replace("'", "&#x27;") in subtitle or SAMPLE in subtitle
    assert (
        "Almaty" in subtitle and "v1 (" in subtitle and translate("dataset.respondents") in subtitle
    )
    filename = json.loads(chart.config)["toImageButtonOptions"]["filename"]
    assert filename.endswith("_illustrative-sample_v1")
    # Every cell's hover says the data is a sample.
    hovers = [h for trace in json.loads(chart.spec)["data"] for h in trace.get("hovertext") or []]
    assert hovers and all("Illustrative sample" in h for h in hovers)

    button = next(
        b for b in at.get("download_button") if b.proto.label == translate("matrix.download")
    )
    file_name, data = downloads[button.proto.deferred_file_id]
    assert file_name == f"{filename}.zip"
    with zipfile.ZipFile(io.BytesIO(data())) as archive:
        readme = archive.read("README.md").decode()
        assert f"{filename}.csv" in archive.namelist()
    assert SAMPLE in readme and "Almaty" in readme and "v1 (" in readme


def test_sourced_charts_carry_their_context_without_the_sample_label(app_env):
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/timeline.py").run()
    assert not at.exception
    chart = at.get("plotly_chart")[0].proto
    subtitle = json.loads(chart.spec)["layout"]["title"]["subtitle"]["text"]
    assert translate("export.no_filters") in subtitle and "v1 (" in subtitle
    assert "sample" not in subtitle.lower()
    assert json.loads(chart.config)["toImageButtonOptions"]["filename"] == "timeline_v1"


def test_the_diaspora_view_fits_every_action_and_kazakhstan():
    """Washington to Almaty in a 520 × 420 map: both inside, with a margin, at any latitude."""
    from atlas.geo import fit_view

    lons, lats = [-77.04, 13.4, 28.98, 76.91], [38.9, 52.5, 41.0, 43.25]
    view = fit_view(lons, lats, width_px=520, height_px=420)
    world = 512 * 2 ** view["zoom"]  # px across the whole world at this zoom
    half_width_deg = 520 / 2 / world * 360
    assert view["longitude"] - half_width_deg < min(lons)
    assert view["longitude"] + half_width_deg > max(lons)
    assert 0.5 <= view["zoom"] < 2  # a third of the world, not the whole of it
    near = fit_view([76.9, 71.4], [43.2, 51.1], width_px=520, height_px=420)
    assert near["zoom"] > view["zoom"] + 2  # Kazakhstan alone is drawn much closer
    empty = fit_view([], [], width_px=520, height_px=420)
    assert set(empty) == {"latitude", "longitude", "zoom"}
