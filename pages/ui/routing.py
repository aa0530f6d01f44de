"""The one patch of a Streamlit internal: route a session that started on a page to the frame.

On a fresh server Streamlit runs the first session's page straight from the pages/ folder (its
old multipage mode, decided before app.py has called st.navigation); switching that mode off and
rerunning makes the frame (app.py) run first and route to the page.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def rerun_through_frame() -> None:
    """Rerun so that app.py runs first; never returns."""
    PagesManager.uses_pages_directory = False
    st.rerun()
