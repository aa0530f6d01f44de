"""AppTest fixtures: the app on its own copy of the small demo, Streamlit caches cleared per test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from gdmetrics.db import open_dashboard_db
from gdmetrics.importing.reading import Problem
from gdmetrics.settings import get_settings

APP = str(Path(__file__).resolve().parents[2] / "app.py")
# Every page of the app, by its url path: the walks open each of them.
PAGES = (
    "overzicht",
    "serviceniveaus",
    "efficiency",
    "klachten",
    "escalaties",
    "meldingen",
    "klantdossier",
    "mantelrapportage",
    "catalogus",
    "normen",
    "gegevens",
    "toegang",
)


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def pages_db(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's demo: the app opens its database read-write, the shared one is
    opened read-only by other tests, and DuckDB refuses both in one process. It holds one line
    an import set aside, so the Gegevens page's quarantine table has a reason to show."""
    path = tmp_path_factory.mktemp("pages") / "demo.duckdb"
    shutil.copy(demo_db_path, path)
    _hold_one_line(path)
    return path


HELD_REASON = {"nl": "onleesbare datum '31-02-2006 10:00'", "en": "unparsable date '31-02-2006 10:00'"}


def _hold_one_line(path: Path) -> None:
    """A quarantined line as an import keeps it (gdmetrics.importing.loader._quarantine)."""
    problem = Problem(3, "registered_at", "onleesbare datum '{value}'", values={"value": "31-02-2006 10:00"})
    with duckdb.connect(str(path)) as c:
        c.execute(
            "INSERT INTO import_log VALUES (1, 'export.csv', 'ab12', 'generic', TIMESTAMP '2007-01-02 09:00', "
            "2, 1, 0, 1, 'quarantined')"
        )
        c.execute(
            "INSERT INTO import_quarantine VALUES (1, 3, 'registered_at', $reason, 'C3;31-02-2006 10:00', $kept)",
            {"reason": problem.reason, "kept": json.dumps([problem.stored()])},
        )


@pytest.fixture
def app_env(pages_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GD_DB", str(pages_db))
    get_settings.cache_clear()
    yield pages_db
    get_settings.cache_clear()


@pytest.fixture
def con(app_env: Path):
    """The same database the app reads, for computing what it should show."""
    return open_dashboard_db(app_env, get_settings())


@pytest.fixture
def run_page(app_env: Path):
    """Open the app with these URL parameters, then switch to `page`; returns the AppTest."""

    def run(page: str, **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update(params)
        at.run()
        at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return run
