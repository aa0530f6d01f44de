"""The audit log: who signed in, imported, changed a role or the catalogue, downloaded a report.

Two places, one trail (see gdmetrics.store): a write that changes data keeps its line in the
`audit_log` table of the version it publishes (`insert_audit` / `audit` on the writer's
connection), so change and line are published together or not at all. What happens while only
reading (a sign-in, a report download) or changes nothing (a rejected or failed import) goes to
the access log beside the database (`record_read`), so it never copies a database.
`audit_trail` shows both, newest first.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from gdmetrics.schema import AUDIT_ACTIONS, EVENT_ACTIONS
from gdmetrics.store import events

TRAIL_ACTIONS = tuple(dict.fromkeys(AUDIT_ACTIONS + EVENT_ACTIONS))


def insert_audit(
    cur: duckdb.DuckDBPyConnection, actor: str, action: str, detail: str, now: dt.datetime
) -> None:
    """One audit line on `cur`, inside whatever transaction the caller has open (so a change and
    its audit line commit together)."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}; known: {', '.join(AUDIT_ACTIONS)}")
    cur.execute(
        "INSERT INTO audit_log (happened_at, actor, action, detail) VALUES ($at, $actor, $action, $detail)",
        {"at": now, "actor": actor, "action": action, "detail": detail},
    )


def audit(
    con: duckdb.DuckDBPyConnection, actor: str, action: str, detail: str = "", now: dt.datetime | None = None
) -> None:
    """Write one line to the audit log (sign_in, import, role_change, report_download,
    catalogue_change), in its own transaction."""
    insert_audit(con.cursor(), actor, action, detail, now or dt.datetime.now())


def audit_log_frame(
    con: duckdb.DuckDBPyConnection, limit: int = 1000, actions: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """The latest `limit` audit lines, newest first, optionally of some actions only."""
    return (
        con.cursor()
        .execute(
            """SELECT happened_at, actor, action, detail FROM audit_log
               WHERE $actions IS NULL OR list_contains($actions, action)
               ORDER BY happened_at DESC, id DESC LIMIT $limit""",
            {"actions": list(actions) if actions else None, "limit": int(limit)},
        )
        .df()
    )


def record_read(
    db: Path | str, actor: str, action: str, detail: str = "", now: dt.datetime | None = None
) -> None:
    """One line in the access log beside database `db` (a sign-in, a report download, a rejected
    import): many processes may write it at once, and no database version is made."""
    if action not in EVENT_ACTIONS:
        raise ValueError(f"unknown access-log action {action!r}; known: {', '.join(EVENT_ACTIONS)}")
    events.record(db, actor, action, detail, now)


def audit_trail(
    con: duckdb.DuckDBPyConnection, db: Path | str, limit: int = 1000, actions: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """The audit log of the published version and the access log, merged, newest first."""
    frames = [audit_log_frame(con, limit, actions), events.events_frame(db, limit, actions)]
    frames = [f for f in frames if len(f)]
    if not frames:
        return audit_log_frame(con, 0)
    merged = pd.concat(frames, ignore_index=True)
    merged["happened_at"] = pd.to_datetime(merged["happened_at"])
    return (
        merged.sort_values("happened_at", ascending=False, kind="stable").head(limit).reset_index(drop=True)
    )
