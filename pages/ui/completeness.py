"""The Gegevens page's completeness section: what is loaded, as of when, and what is missing
(gdmetrics.completeness.check, laid out by gdmetrics.presentation)."""

from __future__ import annotations

import streamlit as st

from gdmetrics import completeness, presentation
from pages.ui.cache import cached
from pages.ui.tables import summary_table
from pages.ui.text import lang, t


def completeness_section() -> None:
    found = cached(completeness.check)
    st.header(t("Volledigheid: wat is geladen en wat ontbreekt"))
    st.caption(
        t(
            "Per soort gegevens de rijen en de stand; daaronder de controles. Een cijfer dat op onvolledige "
            "gegevens rust, zegt dat op zijn kaart en in de rapportage. Dezelfde controle op de opdrachtregel: "
            "python -m gdmetrics check --db PAD."
        )
    )
    kinds, checks = presentation.completeness_tables(found, lang())
    left, right = st.columns([2, 3])
    summary_table(left, kinds, key="geg_kinds")
    if len(checks):
        summary_table(right, checks, key="geg_checks")
    else:
        right.info(t("Nog niets om te controleren: laad eerst meldingen of de werkmap referentiegegevens."))
