"""The user's language and the one function every visible text goes through (the catalogue of
gdmetrics.text: the page's Dutch text, shown in the user's language)."""

from __future__ import annotations

import streamlit as st

from gdmetrics import text


def lang() -> str:
    return st.session_state.get("lang", st.query_params.get("lang", "nl"))


def t(message: str, /, **values: object) -> str:
    """`message` (Dutch) in the user's language from the text catalogue, its `{placeholders}`
    filled from `values`."""
    return text.tr(lang(), message, **values)
