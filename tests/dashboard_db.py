"""A prepared copy of the session's demo, and reading a database as the app does (read-only, the
published version: gdmetrics.store)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from gdmetrics import access, store
from gdmetrics.db import connect, prepare
from gdmetrics.settings import get_settings


def prepared_copy(demo_db_path: Path, directory: Path):
    """Copy the shared demo (others open it read-only) and open it read-write with its derived
    tables current: for tests of gdmetrics functions that write (roles, norms) on a file no
    dashboard reads, so without the store's writer path."""
    path = directory / "demo.duckdb"
    shutil.copy(demo_db_path, path)
    con = connect(path)
    prepare(con, get_settings())
    return con


def read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """The published version of `path`, read-only (beside the app in the same process, DuckDB
    refuses a second configuration of one file)."""
    return duckdb.connect(str(store.current(path).file), read_only=True)


def audit_lines(path: Path) -> list[tuple]:
    """The audit trail (the version's audit log and the access log), oldest first."""
    with read_only(path) as con:
        trail = access.audit_trail(con, path)
    return [tuple(row) for row in trail[["actor", "action", "detail"]].iloc[::-1].itertuples(index=False)]
