"""Fixtures for the store: a small published database, table snapshots, and the CLI in a process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from gdmetrics import store
from gdmetrics.db import connect
from gdmetrics.importing import import_bytes
from gdmetrics.schema import TABLES

REPO = Path(__file__).resolve().parents[2]

TICKETS = (
    b"id;registered_at;resolved_at;status;priority;channel;requester\n"
    b"B1;2023-12-01 09:00;2023-12-01 15:00;opgelost;3;telefoon;Basis\n"
    b"B2;2023-12-04 10:00;;wacht;2;servicepagina;Basis\n"
)


def export(prefix: str, rows: int) -> bytes:
    """A generic-profile ticket export of `rows` tickets with ids `<prefix><n>`."""
    lines = ["id;registered_at;resolved_at;status;priority;channel;requester"]
    for i in range(rows):
        day = 1 + i % 28
        lines.append(
            f"{prefix}{i};{day:02d}-02-2024 09:{i % 60:02d};{day:02d}-02-2024 15:00;opgelost;{1 + i % 5};email;R"
        )
    return ("\n".join(lines) + "\n").encode()


def snapshot(path: Path, *, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every table of the published version, sorted; meta without the publish moment and number."""
    con = connect(store.current(path).file, read_only=True)
    try:
        tables = {
            t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES if t not in skip
        }
    finally:
        con.close()
    tables["meta"] = [r for r in tables["meta"] if not r[0].startswith("published_")]
    return tables


def ticket_ids(path: Path) -> list[str]:
    with duckdb.connect(str(store.current(path).file), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT source_id FROM ticket ORDER BY source_id").fetchall()]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A published database (version 1) holding two tickets."""
    path = tmp_path / "gd.duckdb"
    with store.writer(path, actor="test", reason="basis", kind="import") as w:
        import_bytes(w.con, TICKETS, "basis.csv", "generic")
    return path


def cli(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gdmetrics", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        check=False,
        **kwargs,
    )


def start_cli(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gdmetrics", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
    )


def wait_for(proc: subprocess.Popen, text: str, timeout: float = 120) -> list[str]:
    """Read the process's stderr until a line contains `text` (the line list, for messages)."""
    import time

    seen: list[str] = []
    deadline = time.monotonic() + timeout
    for line in proc.stderr:
        seen.append(line)
        if text in line:
            return seen
        assert time.monotonic() < deadline, seen
    raise AssertionError(f"{text!r} never came: {seen}")
