"""Faults a shared deployment meets: the PostgreSQL server killed in the middle of a query and
started again. The store says "unavailable" (the page's banner), never a driver traceback, and
works again by itself — no new store, no app restart."""

from __future__ import annotations

import threading
import time

import pytest
from streamlit.testing.v1 import AppTest

from atlas.i18n import translate
from atlas.seed import seed
from atlas.store import PostgresEngine, Store, StoreUnavailable

from .conftest import DATA_DIR, ROOT
from .pgserver import PostgresServer


@pytest.fixture
def server():
    server = PostgresServer()
    server.start()
    yield server
    server.remove()


def test_a_server_killed_mid_query_is_unavailable_then_recovers(server):
    store = Store(PostgresEngine(server.url, connect_timeout=2))
    seed(store, DATA_DIR)
    outcome: dict[str, BaseException | None] = {}

    def slow_query():
        try:
            store.query("SELECT pg_sleep(5)")
            outcome["error"] = None
        except BaseException as error:
            outcome["error"] = error

    query = threading.Thread(target=slow_query)
    query.start()
    time.sleep(1.0)  # the query is running on the server
    server.stop("immediate")
    query.join(timeout=60)
    assert isinstance(outcome["error"], StoreUnavailable)
    with pytest.raises(StoreUnavailable):
        store.active_versions()
    server.start()
    deadline = time.monotonic() + 30
    while True:  # the same store, not a new one: its pool reconnects
        try:
            active = store.active_versions()
            break
        except StoreUnavailable:
            assert time.monotonic() < deadline, "the store did not recover"
            time.sleep(0.5)
    assert set(active) == {
        "respondents",
        "interview_codes",
        "sources",
        "events",
        "diaspora_actions",
        "reported_figures",
    }
    store.engine.close()


def test_the_page_shows_the_banner_and_comes_back_by_itself(server, app_env, monkeypatch):
    monkeypatch.setenv("ATLAS_DATABASE_URL", server.url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception and at.metric  # the overview with its figures
    server.stop("immediate")
    at.run()
    assert not at.exception
    assert translate("store.unavailable") in [e.value for e in at.error]
    server.start()
    deadline = time.monotonic() + 30
    while True:  # reruns of the same session (the fragment under the banner does this every 5 s)
        at.run()
        assert not at.exception
        if at.metric:
            break
        assert time.monotonic() < deadline, "the page did not come back"
        time.sleep(1)
    assert translate("store.unavailable") not in [e.value for e in at.error]
