"""Reading the published database: which version is published, and a read-only connection to it.

A reader never writes and never waits for a writer. It asks `current(db)` on every run (one
`stat` and one directory scan) and opens the version file it names read-only; the file's path is
the version's identity, so a connection or cache keyed on it is never stale, and a new version
shows up on the next run. When the published file needs derived tables made current (new code,
other working hours) or a schema upgrade, the reader asks the writer path to do it (`refresh`),
once, and then opens what that published; it never changes a file itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from gdmetrics.settings import Settings, get_settings
from gdmetrics.store.versions import published


@dataclass(frozen=True)
class Published:
    """The published version of a database as a reader sees it now."""

    db: Path
    file: Path  # what a reader opens: the version file, or the database itself if never published
    number: int | None  # None for a database never written through the store
    key: str  # changes with every publish; key connections and caches on it

    def __str__(self) -> str:
        return self.key


def current(db: Path | str) -> Published:
    """The version `db` names now. FileNotFoundError (with what to do) when there is none."""
    db = Path(db)
    try:
        st = os.stat(db)
    except FileNotFoundError:
        raise FileNotFoundError(
            f"No database at {db}. Build one with `python -m gdmetrics demo --db {db}` or import an export."
        ) from None
    version = published(db)
    file = version.file if version else db
    return Published(db, file, version.number if version else None, f"{file}|{st.st_ino}|{st.st_mtime_ns}")


def needs_refresh(file: Path, settings: Settings) -> bool:
    """Does this file need the writer before a reader can use it: an older schema, or derived
    tables made for other code or settings? (A newer schema or a foreign file is an error the
    reader reports, not something a writer can fix.)"""
    from gdmetrics.calendar import calendar_fingerprint
    from gdmetrics.rollup import ROLLUP_VERSION
    from gdmetrics.schema import SCHEMA_VERSION
    from gdmetrics.sla import SLA_VERSION

    con = duckdb.connect(str(file), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "meta" not in tables:
            return False  # foreign: connect() will say so
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    finally:
        con.close()
    found = meta.get("schema_version", "")
    if found.isdigit() and int(found) > SCHEMA_VERSION:
        return False  # newer: connect() will say so
    return (
        found != str(SCHEMA_VERSION)
        or meta.get("calendar_fingerprint") != calendar_fingerprint(settings)
        or meta.get("sla_version") != SLA_VERSION
        or meta.get("rollup_version") != ROLLUP_VERSION
    )


def refresh(db: Path, settings: Settings | None = None, actor: str = "system") -> None:
    """Through the writer: upgrade the schema and make derived tables current, unless another
    process did so while we waited for the lock."""
    from gdmetrics.store.writer import writer

    settings = settings or get_settings()
    with writer(
        db,
        actor=actor,
        reason="schema upgrade / derived tables (calendar, SLA verdicts)",
        kind="prepare",
        settings=settings,
    ) as w:
        if not needs_refresh(current(db).file, settings):
            w.discard()


def open_reader(
    db: Path | str, settings: Settings | None = None
) -> tuple[Published, duckdb.DuckDBPyConnection]:
    """A read-only connection to the published version (made current through the writer first
    when it has to be), with the version it reads."""
    from gdmetrics.db import connect

    settings = settings or get_settings()
    db = Path(db)
    version = current(db)
    if needs_refresh(version.file, settings):
        refresh(db, settings)
        version = current(db)
    return version, connect(version.file, read_only=True)
