"""The Gegevens page's section for the reference-data workbook: template, current data, upload."""

from __future__ import annotations

import streamlit as st

from gdmetrics import store
from gdmetrics.reference import WorkbookRejected, export_reference, import_reference, problems_table, template
from gdmetrics.settings import get_settings
from pages.ui.connection import writing
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
        lambda: export_reference(con),
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
        # The page reads read-only: the write goes through the one writer path (gdmetrics.store).
        with writing(f"reference workbook {upload.name}", "reference") as wcon:
            outcome = import_reference(wcon, upload.getvalue(), upload.name, user.email)
    except WorkbookRejected as exc:
        store.record(
            get_settings().db,
            user.email,
            "import_rejected",
            f"reference workbook {upload.name} rejected: {exc}",
        )
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
    if outcome.unchanged:  # nothing written, so the line goes to the access log
        store.record(get_settings().db, user.email, "import", outcome.summary())
    st.cache_data.clear()  # figures read the new norms and verdicts
    st.session_state["geg_ref_result"] = outcome.summary(lang())
    st.rerun()
