"""The Gegevens page's reference workbook: the downloads, an upload loaded, a bad one named."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from gdmetrics import access, store
from gdmetrics.db import connect
from gdmetrics.settings import get_settings
from tests.dashboard_db import read_only
from tests.reference.corpus import BAD, good_workbook

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "gegevens.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def page_db(tmp_path, monkeypatch):
    path = tmp_path / "page.duckdb"
    connect(path).close()
    monkeypatch.setenv("GD_DB", str(path))
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    get_settings.cache_clear()


def _page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["user"] = access.Access("beheer@minbzk.nl", None, "beheer", None, "user_role")
    return at


def _uploader(at: AppTest):
    return next(u for u in at.file_uploader if u.key == "geg_ref_upload")


def test_upload_the_workbook_then_a_bad_one(page_db) -> None:
    at = _page().run()
    assert not at.exception
    _uploader(at).set_value(("organisatie.xlsx", good_workbook(), XLSX))
    at.run()
    at.button(key="geg_ref_go").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("organisatie.xlsx: Directies GD: 2 toegevoegd")
    con = read_only(page_db)  # the version the page published
    assert con.execute("SELECT count(*) FROM product").fetchone()[0] == 3
    audit = access.audit_log_frame(con)
    assert audit[["actor", "action"]].values.tolist() == [["beheer@minbzk.nl", "import"]]

    make, *_ = BAD["cycle_of_parents"]
    _uploader(at).set_value(("fout.xlsx", make(), XLSX))
    at.run()
    at.button(key="geg_ref_go").click().run()
    assert not at.exception
    assert "Niets geladen: 1 problemen" in at.error[0].value
    problems = next(d.value for d in at.dataframe if "sheet" in d.value.columns)
    assert problems.iloc[0][["sheet", "column"]].tolist() == ["Klanten", "Valt onder"]
    assert (
        problems.iloc[0]["reason"] == "een kring van bovenliggende klanten: D2 -> D3 -> D2"
    )  # the page is Dutch
    assert store.events_frame(page_db)["action"].iloc[0] == "import_rejected"
    st.cache_resource.clear()
