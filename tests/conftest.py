"""Session fixtures every test may use: a small demo database built once, and an empty one."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit.logger

from gdmetrics.db import connect
from gdmetrics.demo import DemoParams, build_demo

# AppTest runs pages outside a server; Streamlit then warns "missing ScriptRunContext" for every
# cached call, thousands of lines that hide real failures.
streamlit.logger.set_log_level("error")


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fully populated demo database (seed 42, 20,000 tickets a year), built once per session.

    Open it read-only: every test of the session shares it.
    """
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path, DemoParams(seed=42, tickets_per_year=20_000))
    return path


@pytest.fixture(scope="session")
def empty_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the schema and no data."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    connect(path).close()
    return path


@pytest.fixture(scope="session")
def bpic14(tmp_path_factory: pytest.TempPathFactory):
    """The shared BPIC14 export loaded once with a small workbook (tests/bpic14_org.py); skipped
    where ../shared/data/bpic14 is absent. Open it read-only, or copy it."""
    from tests import bpic14_org

    if not bpic14_org.available():
        pytest.skip("../shared/data/bpic14 is absent: the real-data tests need the BPIC 2014 zips")
    return bpic14_org.load(tmp_path_factory.mktemp("bpic14"))
