"""The app's database connection: one per process, each query on its own cursor."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from gdmetrics.db import open_dashboard_db
from gdmetrics.settings import get_settings


@st.cache_resource(show_spinner=False)
def connection(path: str):
    """One DuckDB connection per process; every query takes its own cursor."""
    return open_dashboard_db(Path(path), get_settings())


def db():
    return connection(str(get_settings().db))


def settings_db() -> str:
    return str(get_settings().db)
