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
        ("pages/overzicht.py", "Overzicht", "Overview", ":material/home:"),
        ("pages/serviceniveaus.py", "Serviceniveaus", "Service levels", ":material/target:"),
        ("pages/efficiency.py", "Efficiency", "Efficiency", ":material/trending_down:"),
        ("pages/klachten.py", "Klachten", "Complaints", ":material/campaign:"),
        ("pages/escalaties.py", "SIA-escalaties", "SIA escalations", ":material/escalator_warning:"),
        ("pages/meldingen.py", "Meldingen", "Tickets", ":material/confirmation_number:"),
    ],
    ("Accountmanagement", "Account management"): [
        ("pages/klantdossier.py", "Klantdossier", "Client dossier", ":material/folder_shared:"),
    ],
    ("Opdrachtgever (PSG)", "Principal (PSG)"): [
        ("pages/mantelrapportage.py", "Mantelrapportage", "Framework agreement report", ":material/handshake:"),
    ],
    ("Beheer", "Administration"): [
        ("pages/catalogus.py", "Catalogus", "Catalogue", ":material/menu_book:"),
        ("pages/gegevens.py", "Gegevens", "Data", ":material/database:"),
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
