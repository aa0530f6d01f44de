"""The printable reports' download buttons (PDF and Excel), built and audited only when clicked."""

from __future__ import annotations

import streamlit as st

from gdmetrics import access
from gdmetrics.settings import get_settings
from pages.ui.connection import db
from pages.ui.drill import XLSX_MIME
from pages.ui.signin import current_user
from pages.ui.text import lang, t


def report_buttons(kind: str, subject: str | None, period: str) -> None:
    """PDF and Excel of the printable report, built only when clicked (gdmetrics.reports)."""
    try:
        from gdmetrics import reports
    except ImportError:
        reports = None
    if not hasattr(reports, "build_mantel_report"):
        st.caption(t("Rapporten (PDF/Excel) zijn nog niet beschikbaar."))
        return
    con, language, user = db(), lang(), current_user()

    def build(fmt: str):
        # Built and audited when clicked, only within the user's clients (gdmetrics.access).
        return lambda: access.report_bytes(
            con.cursor(), user, kind, subject, period, fmt, language, access_log=get_settings().db
        )

    name = f"{kind}_{subject + '_' if subject else ''}{period}"
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(
        "PDF",
        build("pdf"),
        f"{name}.pdf",
        "application/pdf",
        key=f"{kind}_pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        type="primary",
    )
    right.download_button(
        "Excel",
        build("xlsx"),
        f"{name}.xlsx",
        key=f"{kind}_xlsx",
        on_click="ignore",
        mime=XLSX_MIME,
        icon=":material/table:",
    )
