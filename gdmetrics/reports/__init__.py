"""Management reports as PDF and Excel: the mantel report for the PSG and the client brief."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import duckdb

from gdmetrics.reports.common import Figures, ReportPeriod
from gdmetrics.reports.model import Report

Format = Literal["pdf", "xlsx"]
FORMATS: tuple[str, ...] = ("pdf", "xlsx")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "build_client_brief",
    "build_mantel_report",
    "client_brief_content",
    "mantel_report_content",
    "render",
]


def _check(fmt: str, lang: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    if lang not in ("nl", "en"):
        raise ValueError(f"language {lang!r} is not nl or en")


def render(report: Report, fmt: Format) -> bytes:
    """A report's content as PDF or Excel bytes."""
    if fmt == "pdf":
        from gdmetrics.reports.pdf import render_pdf

        return render_pdf(report)
    from gdmetrics.reports.xlsx import render_xlsx

    return render_xlsx(report)


def mantel_report_content(
    con: duckdb.DuckDBPyConnection,
    period: str,
    lang: str = "nl",
    client_scope: tuple[str, ...] | None = None,
    now: dt.datetime | None = None,
    areas: tuple[str, ...] | None = None,
) -> Report:
    """What the mantel report shows, before it is laid out (tests and other renderers use it).
    `areas`: the user's role's (FigureRequest.areas); cost figures are left out without "efficiency"."""
    from gdmetrics.reports.mantel import build_mantel_content

    figs = Figures(con, client_scope, areas=areas)
    return build_mantel_content(figs, ReportPeriod.parse(period), lang, now)


def client_brief_content(
    con: duckdb.DuckDBPyConnection,
    client_code: str,
    period: str,
    lang: str = "nl",
    now: dt.datetime | None = None,
    client_scope: tuple[str, ...] | None = None,
    areas: tuple[str, ...] | None = None,
) -> Report:
    """What the client brief shows, before it is laid out. PermissionError for a client outside
    `client_scope` (gdmetrics.dossier)."""
    from gdmetrics.reports.client import build_client_content

    figs = Figures(con, client_scope, areas=areas)
    return build_client_content(figs, client_code, ReportPeriod.parse(period), lang, now)


def build_mantel_report(
    con: duckdb.DuckDBPyConnection,
    period: str,
    fmt: Format,
    lang: str = "nl",
    client_scope: tuple[str, ...] | None = None,
    areas: tuple[str, ...] | None = None,
) -> bytes:
    """The mantel report (mantelrapportage) for a period such as '2006Q4', '2006-Q4', '2006' or
    '2006-12', as PDF or Excel bytes. ValueError for a period or format it cannot read; a period
    without data gives a report whose cover says so."""
    _check(fmt, lang)
    return render(mantel_report_content(con, period, lang, client_scope, areas=areas), fmt)


def build_client_brief(
    con: duckdb.DuckDBPyConnection,
    client_code: str,
    period: str,
    fmt: Format,
    lang: str = "nl",
    client_scope: tuple[str, ...] | None = None,
    areas: tuple[str, ...] | None = None,
) -> bytes:
    """The client brief (klantbrief) for one client (a DG includes its directies) and period, as PDF
    or Excel bytes. ValueError for an unknown client, period or format."""
    _check(fmt, lang)
    return render(
        client_brief_content(con, client_code, period, lang, client_scope=client_scope, areas=areas), fmt
    )
