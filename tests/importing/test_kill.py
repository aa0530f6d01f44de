"""Killing the import process mid-way leaves the database opening cleanly without that file's rows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from gdmetrics.db import connect
from gdmetrics.importing import import_bytes

from .conftest import BASE_TICKETS, REPO, snapshot


def _big_export(path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("id;registered_at;resolved_at;status;priority;channel;requester\n")
        for i in range(rows):
            day = 1 + i % 28
            out.write(
                f"K{i};{day:02d}-02-2024 09:{i % 60:02d};{day:02d}-02-2024 15:00;opgelost;{1 + i % 5};email;R{i}\n"
            )


@pytest.mark.slow
def test_sigkill_during_import_leaves_no_rows_of_that_file(tmp_path):
    db = tmp_path / "gd.duckdb"
    con = connect(db)
    import_bytes(con, BASE_TICKETS, "basis.csv", "generic")
    before = snapshot(con)
    con.close()
    export = tmp_path / "groot.csv"
    _big_export(export, 120_000)

    proc = subprocess.Popen(
        [sys.executable, "-m", "gdmetrics", "import", "--db", str(db), "--profile", "generic", str(export)],
        cwd=REPO,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    seen = []
    deadline = time.monotonic() + 120
    for line in proc.stderr:
        seen.append(line)
        if "loading" in line:  # printed inside the transaction, before any row is written
            time.sleep(0.3)
            break
        assert time.monotonic() < deadline, seen
    assert proc.poll() is None, f"the import finished before it could be killed: {seen}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    con = connect(db, read_only=True)
    assert snapshot(con) == before
    assert con.execute("SELECT count(*) FROM ticket WHERE source_id LIKE 'K%'").fetchone()[0] == 0
    con.close()
