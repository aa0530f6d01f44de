"""The Gegevens page's section for the reference-data workbook: template, current data, upload."""

from __future__ import annotations

import streamlit as st

from gdmetrics import access
from gdmetrics.reference import (
    WorkbookRejected,
    export_reference,
    problems_table,
    publish_reference,
    template,
)
from gdmetrics.settings import get_settings
from pages.ui.text import lang, t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def reference_section(con, user) -> None:
    """Download the empty template or the current data, edit it, upload it: one import, all or nothing."""
    st.header(t("Eigen gegevens: organisatie, catalogus, normen, DVA's"))
    st.caption(
        t(
            "Eén Excel-werkmap met een tabblad per soort gegevens; het eerste tabblad legt elke kolom uit. "
            "Download, vul aan of verbeter, en laad de werkmap hier weer: alles of niets."
        )
    )
    left, right = st.columns(2)
    left.download_button(
        t("Lege werkmap (sjabloon)"),
        template,
        "referentiegegevens-sjabloon.xlsx",
        XLSX,
        key="geg_ref_template",
    )
    right.download_button(
        t("Huidige gegevens als werkmap"),
        lambda: access.download(
            lambda: export_reference(con), user.email, "reference workbook", access_log=get_settings().db
        ),
        "referentiegegevens.xlsx",
        XLSX,
        key="geg_ref_export",
    )
    if st.session_state.get("geg_ref_result"):
        st.success(st.session_state.pop("geg_ref_result"))
    upload = st.file_uploader(t("Werkmap (.xlsx)"), type=["xlsx", "xls"], key="geg_ref_upload")
    if upload is None or not st.button(t("Werkmap importeren"), type="primary", key="geg_ref_go"):
        return
    try:
        # The page reads read-only: the write goes through the one writer path (gdmetrics.store),
        # which records a rejected, unchanged or failed workbook in the access log.
        outcome, _ = publish_reference(get_settings().db, upload.getvalue(), upload.name, user.email)
    except WorkbookRejected as exc:
        st.error(
            t(
                "Niets geladen: {n_problems} problemen (tabblad, rij, kolom, reden):",
                n_problems=len(exc.problems),
            )
        )
        st.dataframe(
            problems_table(exc.problems, lang()),
            hide_index=True,
            width="stretch",
            column_config={
                "sheet": t("Tabblad"),
                "row": t("Rij"),
                "column": t("Kolom"),
                "reason": t("Reden"),
            },
        )
        return
    st.cache_data.clear()  # figures read the new norms and verdicts
    st.session_state["geg_ref_result"] = outcome.summary(lang())
    st.rerun()
