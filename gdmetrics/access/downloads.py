"""Reports as a user may have them: only within their clients, and audited as a download."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import duckdb

from gdmetrics.access.auditlog import audit, record_read
from gdmetrics.access.roles import Access, require_client


def report_bytes(
    con: duckdb.DuckDBPyConnection,
    user: Access,
    kind: Literal["mantel_report", "client_brief"],
    subject: str | None,
    period: str,
    fmt: str,
    lang: str = "nl",
    *,
    access_log: Path | str | None = None,
) -> bytes:
    """A report for this user, audited as a download: the mantel report over the user's clients
    only, a client brief only of one of their clients (a DG in scope brings its directies).

    The dashboard reads read-only, so it passes `access_log` (the database path): the download
    is recorded there. Without it the line goes into `con`'s audit log (a writable connection)."""
    from gdmetrics import reports

    if kind == "client_brief":
        require_client(user.scope, subject or "")
        data = reports.build_client_brief(
            con, subject, period, fmt, lang=lang, client_scope=user.scope, areas=tuple(sorted(user.areas))
        )
    elif kind == "mantel_report":
        data = reports.build_mantel_report(
            con, period, fmt, lang=lang, client_scope=user.scope, areas=tuple(sorted(user.areas))
        )
    else:
        raise ValueError(f"unknown report {kind!r}")
    detail = f"{kind} {subject or ''} {period} {fmt}".replace("  ", " ")
    if access_log is not None:
        record_read(access_log, user.email, "report_download", detail)
    else:
        audit(con, user.email, "report_download", detail)
    return data
