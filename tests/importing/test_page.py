"""The Gegevens page: what the database holds, upload -> preview -> confirm, same result as the CLI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from gdmetrics import access
from gdmetrics.db import connect
from gdmetrics.importing import import_bytes
from gdmetrics.settings import get_settings
from tests.dashboard_db import read_only

from .conftest import BASE_TICKETS, CORPUS, FIXTURES, REPO
from .test_cli_and_page import comparable

PAGE = str(REPO / "pages" / "gegevens.py")


@pytest.fixture
def page_db(tmp_path, monkeypatch):
    path = tmp_path / "page.duckdb"
    con = connect(path)
    import_bytes(con, BASE_TICKETS, "basis.csv", "generic")
    con.close()
    monkeypatch.setenv("GD_DB", str(path))
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()  # closes nothing, but no later test may reuse this connection
    get_settings.cache_clear()


def _page() -> AppTest:
    """The page as functioneel beheer opens it (imports are for beheer only; app.py signs in)."""
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["user"] = access.Access("beheer@minbzk.nl", None, "beheer", None, "user_role")
    return at


def _frame_with(at: AppTest, column: str):
    """The page's first table holding `column`: the page has several (rows per table, the
    completeness checks, the import log, the preview), and their order is layout, not meaning."""
    frames = [df.value for df in at.dataframe if column in df.value.columns]
    assert frames, f"no table with a column {column!r} on the page"
    return frames[0]


def _upload(at: AppTest, name: str, data: bytes, profile: str) -> AppTest:
    at.selectbox(key="geg_profile").set_value(profile)
    at.file_uploader[0].set_value((name, data, "text/csv"))
    return at.run()


def test_page_shows_what_the_database_holds(page_db):
    at = _page().run()
    assert not at.exception
    assert at.title[0].value == "Gegevens"
    assert [m.value for m in at.metric][:2] == ["2", "0"]
    log = _frame_with(at, "file_name")
    assert list(log["file_name"]) == ["basis.csv"]


def test_page_preview_confirm_gives_the_same_tables_as_the_cli(page_db, tmp_path):
    data = (FIXTURES / "topdesk.csv").read_bytes()
    at = _upload(_page().run(), "topdesk.csv", data, "topdesk")
    assert not at.exception
    preview = _frame_with(at, "source_id")
    assert list(preview["source_id"]) == ["M2401 001", "M2401 002", "M2401 003"]
    assert list(preview["status"]) == ["gesloten", "wacht", "gesloten"]
    at.button(key="geg_confirm").click().run()
    assert not at.exception
    assert "topdesk.csv (topdesk, meldingen): 3 rijen gelezen, 3 nieuw" in at.success[0].value
    assert at.metric[0].value == "5"
    audit = access.audit_log_frame(read_only(page_db))  # the version the page published
    assert audit[["actor", "action"]].values.tolist() == [["beheer@minbzk.nl", "import"]]
    assert (
        audit["detail"]
        .iloc[0]
        .startswith("topdesk.csv (topdesk): topdesk.csv (topdesk, tickets): 3 rows read")
    )
    st.cache_resource.clear()  # release the page's connection to the file

    cli_db = tmp_path / "cli.duckdb"
    con = connect(cli_db)
    import_bytes(con, BASE_TICKETS, "basis.csv", "generic")
    con.close()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "gdmetrics",
            "import",
            "--db",
            str(cli_db),
            "--profile",
            "topdesk",
            str(FIXTURES / "topdesk.csv"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    cli, page = read_only(cli_db), read_only(page_db)
    assert comparable(cli) == comparable(page)
    cli.close()
    page.close()


def test_page_shows_line_field_reason_of_rejected_rows(page_db):
    data = (CORPUS / "12_closed_before_opened.csv").read_bytes()
    at = _upload(_page().run(), "fout.csv", data, "generic")
    problems = _frame_with(at, "reason")
    assert problems.to_dict("records") == [  # the reason in the page's language
        {
            "line": 2,
            "column": "closed_at",
            "field": "closed_at",
            "reason": "gesloten vóór de registratie (2024-01-04 09:00 < 2024-01-05 09:00)",
        }
    ]
    at.button(key="geg_confirm").click().run()
    assert "Niets geladen" in at.error[0].value
    assert at.metric[0].value == "2"


def test_page_rejects_a_file_over_the_limit(page_db, monkeypatch):
    monkeypatch.setenv("GD_MAX_UPLOAD_MB", "1")
    get_settings.cache_clear()
    at = _upload(_page().run(), "groot.csv", b"x" * (2 * 2**20), "generic")
    assert "groter dan 1 MB" in at.error[0].value


def test_preview_reads_the_file_once_and_only_its_first_rows(page_db, monkeypatch):
    """A rerun (any widget) takes the preview from the cache by the file's content hash."""
    from gdmetrics.importing import loader

    reads = []
    real = loader.read_table

    def counting(*args, **kwargs):
        reads.append(kwargs.get("first_rows"))
        return real(*args, **kwargs)

    monkeypatch.setattr(loader, "read_table", counting)
    data = b"id;registered_at;status;priority\n" + b"".join(
        b"P%d;2024-01-02 09:00;nieuw;3\n" % i for i in range(500)
    )
    at = _upload(_page().run(), "veel.csv", data, "generic")
    at.checkbox(key="geg_quarantine").check().run()
    assert not at.exception
    assert reads == [loader.PREVIEW_ROWS]
    assert any("de eerste 200 regels" in caption.value for caption in at.caption)


def test_one_broken_profile_leaves_the_page_and_the_other_profiles_working(page_db, tmp_path, monkeypatch):
    """Issue 12, item 6: one invalid TOML in data/profiles/ raised ProfileError inside the
    selectbox's format_func and took the whole page down."""
    from gdmetrics.importing import profiles

    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "kapot.toml").write_text("name = [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(profiles, "USER_DIR", folder)
    good, broken = profiles.loadable_profiles()
    assert "generic" in good and list(broken) == ["kapot"] and "not valid TOML" in broken["kapot"]
    at = _page().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "kapot" in " ".join(w.value for w in at.warning)
    offered = [o.split(" – ")[0] for o in at.selectbox(key="geg_profile").options]
    assert "generic" in offered and "kapot" not in offered
