"""GD Dashboard: the frame. Page config, first-start demo build, sign-in, shared filters, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from gdmetrics.settings import get_settings
from pages.ui import shared_filters, sign_in, t

st.set_page_config(page_title="GD Dashboard", page_icon="📊", layout="wide")

settings = get_settings()
if not settings.db.exists():
    from gdmetrics.demo import DemoParams, build_demo

    st.title("GD Dashboard")
    st.info(
        t(
            "Eerste start: de demodatabase wordt gebouwd (2004-2006, ongeveer 300.000 meldingen).",
            "First start: building the demo database (2004-2006, about 300,000 tickets).",
        )
    )
    bar = st.progress(0.0)
    build_demo(
        settings.db,
        DemoParams(tickets_per_year=settings.demo_tickets_per_year),
        lambda fraction, message: bar.progress(min(fraction, 1.0), text=message),
    )
    bar.empty()
    st.rerun()

user = sign_in()  # stops here for a visitor not signed in, or signed in without a role
filters = shared_filters()  # carries the user's client scope into every figure request
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
        (
            "pages/mantelrapportage.py",
            "Mantelrapportage",
            "Framework agreement report",
            ":material/handshake:",
        ),
    ],
    ("Beheer", "Administration"): [
        ("pages/catalogus.py", "Catalogus", "Catalogue", ":material/menu_book:"),
        ("pages/normen.py", "Normen beheren", "Manage norms", ":material/edit_note:"),
        ("pages/gegevens.py", "Gegevens", "Data", ":material/database:"),
        ("pages/toegang.py", "Toegang", "Access", ":material/admin_panel_settings:"),
    ],
}
# The area (gdmetrics.access.ROLE_AREAS) each page belongs to; the rest is "management".
AREAS = {
    "pages/efficiency.py": "efficiency",
    "pages/klantdossier.py": "accountmanagement",
    "pages/mantelrapportage.py": "mantel",
    "pages/catalogus.py": "catalogue",
    "pages/normen.py": "catalogue_edit",
    "pages/gegevens.py": "data",
    "pages/toegang.py": "access",
}
ROOT = Path(__file__).parent
allowed = {
    group: [e for e in entries if user.may(AREAS.get(e[0], "management")) and (ROOT / e[0]).exists()]
    for group, entries in PAGES.items()
}
home = next(e[0] for entries in allowed.values() for e in entries)  # Overzicht, or beheer's first page
navigation = {
    t(*group): [
        st.Page(path, title=t(nl, en), icon=icon, url_path=Path(path).stem, default=path == home)
        for path, nl, en, icon in entries
    ]
    for group, entries in allowed.items()
    if entries
}
st.navigation(navigation).run()
