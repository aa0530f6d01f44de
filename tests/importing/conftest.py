"""Fixtures for import tests: a fresh database with a little history, and table snapshots."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from gdmetrics.db import connect
from gdmetrics.importing import import_bytes
from gdmetrics.schema import TABLES

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
FIXTURES = HERE / "fixtures"
REPO = HERE.parents[1]

BASE_TICKETS = (
    b"id;registered_at;resolved_at;status;priority;channel;requester\r\n"
    b"B1;2023-12-01 09:00;2023-12-01 15:00;opgelost;3;telefoon;Basis\r\n"
    b"B2;2023-12-04 10:00;;wacht;2;servicepagina;Basis\r\n"
)


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every table's full contents, sorted, for before/after comparisons."""
    cur = con.cursor()
    return {t: sorted(cur.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """A new database holding two tickets from an earlier import."""
    db = connect(tmp_path / "gd.duckdb")
    import_bytes(db, BASE_TICKETS, "basis.csv", "generic")
    yield db
    db.close()
