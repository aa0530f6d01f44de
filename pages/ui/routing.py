"""The one patch of a Streamlit internal: route a session that started on a page to the frame.

On a fresh server Streamlit runs the first session's script in its old multipage mode (decided
before app.py has called st.navigation, because a pages/ folder sits beside app.py): a link to
a page runs that page's file straight from pages/, and a link to `/` runs app.py nested inside
a page of that mode, so the sidebar's widgets belong to that page and the session's next run
(its first click) drops their values, the filters of the link. Switching the mode off and
rerunning before anything is drawn makes the frame (app.py) run first and route to the page.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def rerun_through_frame() -> None:
    """Rerun so that app.py runs first; never returns."""
    PagesManager.uses_pages_directory = False
    st.rerun()


def leave_folder_mode() -> None:
    """The frame's first line: a fresh server's first run (in the old multipage mode) starts
    again as a plain run of app.py, before any widget exists."""
    if PagesManager.uses_pages_directory:
        rerun_through_frame()
