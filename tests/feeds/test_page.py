"""The Gegevens page's feed section: the same import as the CLI; a rejected file lists line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from gdmetrics import access
from gdmetrics.settings import get_settings
from tests.dashboard_db import read_only
from tests.feeds.test_costs import BAD, GOOD
from tests.tiny_org import build_tiny_org

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "gegevens.py")


@pytest.fixture
def page_db(tmp_path, monkeypatch):
    path = tmp_path / "page.duckdb"
    build_tiny_org(path).close()
    monkeypatch.setenv("GD_DB", str(path))
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    get_settings.cache_clear()


def _upload(name: str, data: bytes) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["user"] = access.Access("beheer@minbzk.nl", None, "beheer", None, "user_role")
    at.run()
    at.selectbox(key="geg_feed").set_value("costs")
    uploader = next(u for u in at.get("file_uploader") if u.key == "geg_feed_upload")
    uploader.set_value((name, data, "text/csv"))
    at.run()
    at.button(key="geg_feed_go").click()
    return at.run()


def _costs(path: Path) -> list[tuple]:
    con = read_only(path)
    try:
        return con.execute("SELECT * FROM cost ORDER BY ALL").fetchall()
    finally:
        con.close()


def test_page_imports_costs_and_rejects_a_bad_file(page_db) -> None:
    at = _upload("kosten.csv", GOOD.encode())
    assert not at.exception
    assert any("3 toegevoegd" in s.value for s in at.success), [s.value for s in at.success]
    loaded = _costs(page_db)
    assert len(loaded) == 3
    at = _upload("fout.csv", BAD["negative_fte"][0].encode())
    assert not at.exception
    assert at.error and "1" in at.error[0].value
    frame = next(
        d.value for d in at.dataframe if list(d.value.columns) == ["line", "column", "field", "reason"]
    )
    assert list(frame["line"]) == [2] and list(frame["column"]) == ["FTE"]
    assert _costs(page_db) == loaded
