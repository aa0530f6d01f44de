"""GD Dashboard: the frame. Page config, first-start demo build, shared filters, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from gdmetrics.settings import get_settings
from pages.ui import shared_filters, t

st.set_page_config(page_title="GD Dashboard", page_icon="📊", layout="wide")

settings = get_settings()
if not settings.db.exists():
    from gdmetrics.demo import DemoParams, build_demo

    st.title("GD Dashboard")
    st.info(t("Eerste start: de demodatabase wordt gebouwd (2004-2006, ongeveer 300.000 meldingen).",
              "First start: building the demo database (2004-2006, about 300,000 tickets)."))  # fmt: skip
    bar = st.progress(0.0)
    build_demo(
        settings.db,
        DemoParams(tickets_per_year=settings.demo_tickets_per_year),
        lambda fraction, message: bar.progress(min(fraction, 1.0), text=message),
    )
    bar.empty()
    st.rerun()

filters = shared_filters()
st.session_state["filters"] = filters

PAGES = {
    ("Directie GD", "GD management"): [
        ("pages/overzicht.py", "Overzicht", "Overview", "🏠"),
        ("pages/serviceniveaus.py", "Serviceniveaus", "Service levels", "🎯"),
        ("pages/efficiency.py", "Efficiency", "Efficiency", "📉"),
        ("pages/klachten.py", "Klachten", "Complaints", "📣"),
        ("pages/escalaties.py", "SIA-escalaties", "SIA escalations", "🧭"),
        ("pages/meldingen.py", "Meldingen", "Tickets", "📈"),
    ],
    ("Accountmanagement", "Account management"): [
        ("pages/klantdossier.py", "Klantdossier", "Client dossier", "🗂️"),
    ],
    ("Opdrachtgever (PSG)", "Principal (PSG)"): [
        ("pages/mantelrapportage.py", "Mantelrapportage", "Framework agreement report", "📑"),
    ],
    ("Beheer", "Administration"): [
        ("pages/catalogus.py", "Catalogus", "Catalogue", "📚"),
        ("pages/gegevens.py", "Gegevens", "Data", "🗄️"),
    ],
}
ROOT = Path(__file__).parent
navigation = {
    t(*group): [
        st.Page(
            path, title=t(nl, en), icon=icon, url_path=Path(path).stem, default=path == "pages/overzicht.py"
        )
        for path, nl, en, icon in entries
        if (ROOT / path).exists()  # the data page arrives with the import work
    ]
    for group, entries in PAGES.items()
}
st.navigation(navigation).run()
