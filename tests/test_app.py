"""The frame on a fresh machine: the first start builds the demo and shows real figures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gdmetrics.figures import compute
from gdmetrics.filters import filter_options, filters_from_query
from gdmetrics.settings import get_settings
from tests.dashboard_db import read_only

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def fresh_db(tmp_path, monkeypatch):
    path = tmp_path / "first-start.duckdb"
    monkeypatch.setenv("GD_DB", str(path))
    monkeypatch.setenv("GD_DEMO_TICKETS_PER_YEAR", "3000")
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def test_first_start_builds_the_demo_then_shows_ticket_volume(fresh_db):
    assert not fresh_db.exists()
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception
    assert fresh_db.exists()
    at.run()  # the rerun after the build shows the page
    assert not at.exception
    at.switch_page("pages/meldingen.py").run()
    with read_only(fresh_db) as con:  # the published version, as the app reads it
        filters, _ = filters_from_query({}, filter_options(con))
        expected = compute(con, "ticket_volume", filters.request()).value
        tickets = con.execute("SELECT count(*) FROM ticket").fetchone()[0]
    assert 8000 <= tickets <= 10000  # three years of 3,000
    shown = {m.label: m.value for m in at.metric}
    assert shown["Meldingen in de periode"] == f"{int(expected):,}".replace(",", ".")
    assert os.environ["GD_DB"] == str(fresh_db)
