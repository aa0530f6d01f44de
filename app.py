"""GD Dashboard: the frame. Page config, first-start demo build, shared filters, navigation."""

from __future__ import annotations

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
        settings.db, DemoParams(), lambda fraction, message: bar.progress(min(fraction, 1.0), text=message)
    )
    bar.empty()
    st.rerun()

filters = shared_filters()
st.session_state["filters"] = filters

pages = {
    t("Directie GD", "GD management"): [
        st.Page("pages/meldingen.py", title=t("Meldingen", "Tickets"), icon="📈", default=True),
    ],
}
st.navigation(pages).run()
