"""The audit log: who signed in, imported, changed a role or the catalogue, downloaded a report."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from gdmetrics.schema import AUDIT_ACTIONS


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
