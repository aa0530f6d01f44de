"""The Gegevens page's section for the recurring feeds: costs, complaints, escalations, charges, quotes."""

from __future__ import annotations

import streamlit as st

from gdmetrics import text
from gdmetrics.feeds import publish_feed
from gdmetrics.feeds.spec import READY
from gdmetrics.importing import FileRejected, problems_frame
from gdmetrics.settings import get_settings
from pages.ui.text import lang, t

FEED_LABELS = {
    "costs": text.N_("Kosten per directie per maand (FTE, personeel, materieel)"),
    "complaints": text.N_("Klachten"),
    "escalations": text.N_("SIA-escalaties"),
    "charges": text.N_("Verrekening"),
    "quotes": text.N_("Offertes"),
}


def feeds_section(user) -> None:
    """Pick a feed, upload its CSV or .xlsx, import: all or nothing unless quarantine is ticked."""
    st.header(t("Maandelijkse gegevens: kosten, klachten, escalaties, verrekening, offertes"))
    st.caption(
        t(
            "Elk bestand apart, CSV of Excel, met de kolommen van het profiel van die soort gegevens. "
            "Een bekende sleutel werkt de rij bij; hetzelfde bestand twee keer verandert niets."
        )
    )
    if st.session_state.get("geg_feed_result"):
        st.success(st.session_state.pop("geg_feed_result"))
    feed = st.selectbox(
        t("Soort gegevens"),
        READY,
        format_func={f: t(FEED_LABELS[f]) for f in READY}.__getitem__,
        key="geg_feed",
    )
    quarantine = st.checkbox(t("Foute regels apart zetten en de goede laden"), key="geg_feed_quarantine")
    upload = st.file_uploader(t("Bestand (CSV of .xlsx)"), type=["csv", "txt", "xlsx"], key="geg_feed_upload")
    if upload is None or not st.button(t("Gegevens importeren"), type="primary", key="geg_feed_go"):
        return
    try:  # through the one writer path; a rejected file publishes nothing (the access log has it)
        result, _ = publish_feed(
            get_settings().db, upload.getvalue(), upload.name, feed, actor=user.email, quarantine=quarantine
        )
    except FileRejected as exc:
        st.error(
            t("Niets geladen: {n_problems} problemen (regel, kolom, reden):", n_problems=len(exc.problems))
        )
        frame = problems_frame(exc.problems, lang())
        st.dataframe(
            frame, hide_index=True, width="stretch", column_config=text.column_labels(lang(), frame.columns)
        )
        return
    st.cache_data.clear()  # figures read the new rows
    st.session_state["geg_feed_result"] = result.summary(lang())
    st.rerun()
