"""Codes an editor adds from a QDA import reach every page (#15), in every language."""

import json
import os
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from atlas.qda.saved import add_codes
from atlas.seed import seed
from atlas.store import DuckDBEngine, Store

from .conftest import DATA_DIR

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def test_a_code_added_by_an_editor_is_labelled_on_the_challenges_heatmap(app_env):
    store = Store(DuckDBEngine(Path(os.environ["ATLAS_DUCKDB_PATH"])))
    seed(store, DATA_DIR)
    add_codes(
        store,
        pd.DataFrame(
            [
                {
                    "field": "code",
                    "theme": "challenge",
                    "code": "rent_arrears",
                    "label_en": "Rent arrears",
                    "label_ru": "Долги по аренде",
                    "label_kk": "Жалға алу қарызы",
                }
            ]
        ),
        author="editor",
    )
    codes = store.frame("interview_codes", store.active_versions()["interview_codes"].version)
    extra = codes[codes["theme"] == "challenge"].head(3).assign(code="rent_arrears")
    extra["excerpt_id"] = [f"X{i}" for i in range(len(extra))]
    store.publish("interview_codes", pd.concat([codes, extra], ignore_index=True), author="editor")

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["language"] = "ru"
    at.switch_page("app_pages/challenges.py").run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    shown = {str(label) for trace in spec["data"] for label in (trace.get("y") or [])}
    assert "Долги по аренде" in shown
