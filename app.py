"""GD Dashboard: the frame. Page config, first-start demo build, sign-in, shared filters, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from gdmetrics import text
from gdmetrics.settings import get_settings
from gdmetrics.text import N_, NC_
from pages.ui import frame, guarded, lang, run_page, shared_filters, sign_in, t
from pages.ui.routing import leave_folder_mode

leave_folder_mode()  # a fresh server's first session would lose its link's filters on its first click
st.set_page_config(page_title="GD Dashboard", page_icon="📊", layout="wide")

settings = get_settings()
if not settings.db.exists() and not settings.demo:  # GD_DEMO=0: an empty database, the GD loads its own
    from gdmetrics.reference import start_empty

    try:
        guarded(start_empty)(settings.db)
    except FileExistsError:
        pass
if not settings.db.exists():
    from gdmetrics.demo import DemoParams, build_demo

    st.title("GD Dashboard")
    st.info(t("Eerste start: de demodatabase wordt gebouwd (2004-2006, ongeveer 300.000 meldingen)."))
    bar = st.progress(0.0)
    try:  # through the writer: a second replica starting at the same time waits, then finds it built
        guarded(build_demo)(
            settings.db,
            DemoParams(tickets_per_year=settings.demo_tickets_per_year),
            lambda fraction, message: bar.progress(min(fraction, 1.0), text=message),
        )
    except FileExistsError:
        pass
    bar.empty()
    st.rerun()

frame.document_language(lang())
nav = frame.navigation_slot()
user = sign_in()  # stops here for a visitor not signed in, or signed in without a role
filters = shared_filters()  # carries the user's client scope into every figure request
st.session_state["filters"] = filters

PAGES = {
    NC_("menu", "Directie GD"): [
        ("pages/overzicht.py", N_("Overzicht"), ":material/home:"),
        ("pages/serviceniveaus.py", N_("Serviceniveaus"), ":material/target:"),
        ("pages/efficiency.py", N_("Efficiency"), ":material/trending_down:"),
        ("pages/klachten.py", N_("Klachten"), ":material/campaign:"),
        ("pages/escalaties.py", N_("SIA-escalaties"), ":material/escalator_warning:"),
        ("pages/meldingen.py", N_("Meldingen"), ":material/confirmation_number:"),
    ],
    NC_("menu", "Accountmanagement"): [
        ("pages/klantdossier.py", N_("Klantdossier"), ":material/folder_shared:"),
    ],
    NC_("menu", "Opdrachtgever (PSG)"): [
        ("pages/mantelrapportage.py", N_("Mantelrapportage"), ":material/handshake:"),
    ],
    NC_("menu", "Beheer"): [
        ("pages/catalogus.py", N_("Catalogus"), ":material/menu_book:"),
        ("pages/normen.py", N_("Normen beheren"), ":material/edit_note:"),
        ("pages/gegevens.py", N_("Gegevens"), ":material/database:"),
        ("pages/toegang.py", N_("Toegang"), ":material/admin_panel_settings:"),
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
    text.trc(lang(), "menu", group): [
        st.Page(path, title=t(title), icon=icon, url_path=Path(path).stem, default=path == home)
        for path, title, icon in entries
        if path != home
    ]
    for group, entries in allowed.items()
    if entries
}
# The home page is served at `/`; a link to it by name (/overzicht) opens it too, through a
# hidden page, instead of Streamlit's "Page not found". (A page's identity is its url_path, so
# the home page takes "" and its alias the name.)
first = next(iter(navigation))
shown_home = next((t(e[1]), e[2]) for entries in allowed.values() for e in entries if e[0] == home)
navigation[first][:0] = [
    st.Page(home, title=shown_home[0], icon=shown_home[1], url_path="", default=True),
    st.Page(home, title=shown_home[0], icon=shown_home[1], url_path=Path(home).stem, visibility="hidden"),
]
chosen = st.navigation(navigation, position="hidden")
frame.navigation_links(nav, navigation, filters.query_params())
st.session_state["filters"] = frame.page_filters(filters, chosen.url_path)
run_page(chosen)  # a database error becomes one sentence, never a traceback
