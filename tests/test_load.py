"""A small version of `make load` (scripts/load.py): three people open the dashboard at once and
browse two pages, clicking as people click. Any exception box, missing chart or browser error
fails it — on the embedded database and on PostgreSQL."""

from __future__ import annotations

import pytest

from scripts import load

from .conftest import fresh_postgres_database

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_three_people_at_once_see_no_error(engine, tmp_path, request):
    database_url = None
    if engine == "postgres":
        database_url = fresh_postgres_database(request.getfixturevalue("postgres_url"))
    report = load.run(3, load.PAGES[:2], database_url=database_url, workdir=tmp_path)
    assert report.errors == [], report.summary()
    assert report.visits == 3 * 3  # two pages and a filtered one each (the warm-up apart)
    assert len(report.first_chart) == report.visits
