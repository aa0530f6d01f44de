"""Fixtures for the reference workbook: a database loaded from the small good workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from gdmetrics.db import connect
from gdmetrics.reference import import_reference
from gdmetrics.schema import TABLES
from tests.reference.corpus import good_workbook

NOW = dt.datetime(2025, 6, 1, 12, 0)


def snapshot(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...] | None = None) -> dict[str, list[tuple]]:
    """Every table's rows (or those of `tables`), sorted: two snapshots are equal when the contents are."""
    cur = con.cursor()
    if tables is None:
        tables = (*TABLES, "ticket_sla") if _has(cur, "ticket_sla") else TABLES
    return {t: sorted(cur.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def _has(cur: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        cur.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = $t", {"t": table}
        ).fetchone()[0]
    )


@pytest.fixture
def loaded(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """A new database with the good workbook imported."""
    con = connect(tmp_path / "ref.duckdb")
    import_reference(con, good_workbook(), "good.xlsx", "test", now=NOW)
    yield con
    con.close()
