"""Downloads as a user may have them: reports only within their clients, and every download of
data (a report, a drill-down's rows, the quarantine) audited as one line of the access log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import duckdb
import pandas as pd

from gdmetrics.access.auditlog import audit, record_read
from gdmetrics.access.roles import Access, require, require_client


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
    only, a client brief only of one of their clients (a DG in scope brings its directies);
    PermissionError when the user's role does not open the report's area (Mantelrapportage,
    Klantdossier) or the client lies outside their scope.

    The dashboard reads read-only, so it passes `access_log` (the database path): the download
    is recorded there. Without it the line goes into `con`'s audit log (a writable connection)."""
    from gdmetrics import reports

    require(user, "accountmanagement" if kind == "client_brief" else "mantel")  # e.g. not beheer
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


def download(build: Callable[[], bytes], actor: str, what: str, *, access_log: Path | str) -> bytes:
    """Any data download: `build()`'s bytes, and one `data_download` line in the access log beside
    the database (`access_log`: the database path) naming what. The page passes this as the
    button's data, so it runs, and is audited, only when the user clicks."""
    data = build()
    record_read(access_log, actor, "data_download", what)
    return data


def data_bytes(
    frame: pd.DataFrame,
    fmt: Literal["csv", "xlsx"],
    actor: str,
    what: str,
    *,
    access_log: Path | str,
    sheet: str = "Gegevens",
) -> bytes:
    """Rows a user downloads (a drill-down, the quarantine) as CSV or Excel (formula injection
    neutralised by gdmetrics.export), with one `data_download` line in the access log beside the
    database (`access_log`: the database path) naming what and how many rows. The page builds
    it, and so audits it, only when the user clicks."""
    from gdmetrics import export

    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"unknown download format {fmt!r}")

    def build() -> bytes:
        return export.to_csv_bytes(frame) if fmt == "csv" else export.to_excel_bytes(frame, sheet)

    return download(build, actor, f"{what} {fmt} {len(frame)} rows", access_log=access_log)
