"""The user's language and the one function every visible text goes through."""

from __future__ import annotations

import streamlit as st


def lang() -> str:
    return st.session_state.get("lang", st.query_params.get("lang", "nl"))


def t(nl: str, en: str) -> str:
    """The label in the user's language: every visible text goes through here."""
    return en if lang() == "en" else nl
