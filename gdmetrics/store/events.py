"""The access log: what happens while reading (sign-ins, report downloads) and failed writes.

These events change no data, so they do not go into the database: a sign-in that copied and
republished the whole database would make every sign-in a write. They go into
`<db>.events.sqlite`, an append-only SQLite file that any number of processes write with one
short INSERT each. SQLite in its default rollback-journal mode, not WAL: WAL needs shared memory
on one host, and replicas on shared storage (NFS) are several hosts; the journal mode only needs
the file locks NFS gives. `busy_timeout` lets a second writer wait the few milliseconds an insert
takes. Writes that do change data keep their line in `audit_log` in the same version as the change
(gdmetrics.access); the Toegang page shows both, merged by time.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd

BUSY_TIMEOUT_MS = 5000
_DDL = """CREATE TABLE IF NOT EXISTS event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    happened_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT
)"""


def events_path(db: Path | str) -> Path:
    db = Path(db)
    return db.with_name(db.name + ".events.sqlite")


def _open(db: Path | str) -> sqlite3.Connection:
    con = sqlite3.connect(events_path(db), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    con.execute(_DDL)
    return con


def record(db: Path | str, actor: str, action: str, detail: str = "", now: dt.datetime | None = None) -> None:
    """Append one event (sign_in, report_download, import_failed, ...)."""
    moment = (now or dt.datetime.now()).isoformat(sep=" ", timespec="microseconds")
    con = _open(db)
    try:
        con.execute(
            "INSERT INTO event (happened_at, actor, action, detail) VALUES (?, ?, ?, ?)",
            (moment, actor, action, detail),
        )
    finally:
        con.close()


def events_frame(db: Path | str, limit: int = 1000, actions: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The latest `limit` events, newest first (columns as audit_log: happened_at, actor, action, detail)."""
    columns = ["happened_at", "actor", "action", "detail"]
    if not events_path(db).exists():
        return pd.DataFrame(
            {c: pd.Series(dtype="datetime64[ns]" if c == "happened_at" else object) for c in columns}
        )
    con = _open(db)
    try:
        where, params = "", [int(limit)]
        if actions:
            where = f"WHERE action IN ({', '.join('?' for _ in actions)})"
            params = [*actions, int(limit)]
        rows = con.execute(
            f"SELECT happened_at, actor, action, detail FROM event {where} ORDER BY id DESC LIMIT ?", params
        ).fetchall()
    finally:
        con.close()
    frame = pd.DataFrame(rows, columns=columns)
    frame["happened_at"] = pd.to_datetime(frame["happened_at"])
    return frame
