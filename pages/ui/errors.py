"""Database errors on a page: one clear sentence in the user's language, never a traceback.

What the sentence says is gdmetrics.store.errors' (one catalogue of database errors for the
pages and the CLI); this module only shows it, logs the technical detail for the operators, and
stops the run. Anything that is not a database error is left alone (and, with
`client.showErrorDetails = "none"` in .streamlit/config.toml, shown without details).
"""

from __future__ import annotations

import functools
import logging

import streamlit as st

from gdmetrics.store.errors import DB_ERRORS, explain
from pages.ui.text import lang

_LOG = logging.getLogger("gd.dashboard")


def show_database_error(exc: BaseException) -> bool:
    """Show `exc` as its explained sentence; False when it is no database error."""
    problem = explain(exc)
    if problem is None:
        return False
    _LOG.warning("database error shown to the user: %s [%s]", problem.kind, problem.detail)
    st.error(problem.text(lang()), icon=":material/database:")
    return True


def guarded(func):
    """`func`, but a database error it raises is shown as its sentence and the run stops there."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DB_ERRORS as exc:
            if not show_database_error(exc):
                raise
            st.stop()

    return wrapper


@guarded
def run_page(page) -> None:
    """Run the page navigation chose, its database errors explained."""
    page.run()
