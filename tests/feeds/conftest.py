"""Fixtures for the recurring feeds: the tiny organisation, files written on the fly, snapshots."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest

from gdmetrics.schema import TABLES
from tests.tiny_org import build_tiny_org


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every table's full contents, sorted: equal snapshots mean the database did not change."""
    cur = con.cursor()
    return {t: sorted(cur.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(tmp_path: Path, name: str, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def org(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """The tiny organisation: directorates FAZ, ICT, SD; clients DG1, D1, D2, JUS; a few products."""
    con = build_tiny_org(tmp_path / "tiny.duckdb")
    yield con
    con.close()
