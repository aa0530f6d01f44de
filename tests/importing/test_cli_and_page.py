"""The CLI and the page's function give the same result for the same file."""

from __future__ import annotations

import os
import subprocess
import sys

from gdmetrics import store
from gdmetrics.access import audit
from gdmetrics.db import connect
from gdmetrics.importing import default_max_bytes, import_bytes

from .conftest import FIXTURES, REPO, snapshot


def comparable(con):
    tables = snapshot(con)
    # The moment of the import differs; everything else must not.
    tables["import_log"] = [row[:4] + row[5:] for row in tables["import_log"]]
    tables["unmapped_value"] = [row[:3] + row[4:] for row in tables["unmapped_value"]]
    # Who loaded what is the audit log's (the page names the user, the CLI the OS account).
    tables["audit_log"] = [row[3:] for row in tables.get("audit_log", [])]
    # Which version was published when (gdmetrics.store) is no content.
    tables["meta"] = [row for row in tables["meta"] if not row[0].startswith("published_")]
    return tables


def test_cli_and_page_give_the_same_tables(tmp_path):
    files = [FIXTURES / "topdesk.csv"]
    cli_db, page_db = tmp_path / "cli.duckdb", tmp_path / "page.duckdb"
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
            *map(str, files),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "topdesk.csv (topdesk, tickets): 3 rows read, 3 new" in run.stdout

    # The page: bytes from the upload, the settings' size limit, its audit line, the writer path.
    with store.writer(page_db, actor="beheer@minbzk.nl", reason="import", kind="import") as w:
        for path in files:
            result = import_bytes(
                w.con, path.read_bytes(), path.name, "topdesk", max_bytes=default_max_bytes()
            )
            assert result.summary() in run.stdout
            audit(w.con, "beheer@minbzk.nl", "import", f"{path.name} (topdesk): {result.summary()}")
    con = connect(page_db, read_only=True)
    page = comparable(con)
    con.close()
    con = connect(cli_db, read_only=True)
    assert comparable(con) == page
    con.close()


def test_cli_rejected_file_exits_2_with_line_field_reason(tmp_path):
    from .conftest import CORPUS

    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "gdmetrics",
            "import",
            "--db",
            str(tmp_path / "x.duckdb"),
            "--profile",
            "generic",
            str(CORPUS / "12_closed_before_opened.csv"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert run.returncode == 2
    assert "line 2, column 'closed_at': closed before opened" in run.stderr
    assert "error: 1 of 1 file(s) rejected" in run.stderr


def test_upload_limit(con):
    import pytest

    from gdmetrics.importing import FileRejected

    with pytest.raises(FileRejected, match="the limit is"):
        import_bytes(con, b"x" * 2000, "groot.csv", "generic", max_bytes=1000)
