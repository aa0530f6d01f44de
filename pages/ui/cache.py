"""Cached reads for the pages: figures from the registry, any gdmetrics reading, filter choices.

Every cache is keyed by plain values (the database path, a request as JSON, plain arguments), and
what a page gets back is a copy or an immutable value, so nothing mutates a cached result.
"""

from __future__ import annotations

import importlib

import pandas as pd
import streamlit as st

from gdmetrics import access
from gdmetrics.figures import FigureRequest, FigureResult, compute, get_figure
from gdmetrics.filters import FilterOptions, applicable, filter_options
from gdmetrics.importing import Preview, preview
from gdmetrics.importing.reading import content_hash
from gdmetrics.settings import get_settings
from pages.ui.connection import connection
from pages.ui.signin import current_user


@st.cache_data(max_entries=1024, show_spinner=False)
def _figure(db_path: str, figure_id: str, request_json: str) -> tuple[pd.DataFrame, dict]:
    result = compute(connection(db_path), figure_id, FigureRequest.model_validate_json(request_json))
    return result.frame, result.meta


def figure(figure_id: str, req: FigureRequest) -> FigureResult:
    """A figure from the registry, cached by its plain request; the frame is a copy to keep."""
    frame, meta = _figure(str(get_settings().db), figure_id, req.model_dump_json())
    return FigureResult(get_figure(figure_id), req, frame.copy(), dict(meta))


def fig(figure_id: str, req: FigureRequest) -> FigureResult:
    """`figure` without the filters this figure cannot take (e.g. costs per client)."""
    req, _ = applicable(req, get_figure(figure_id))
    return figure(figure_id, req)


@st.cache_data(max_entries=512, show_spinner=False)
def _call(db_path: str, module: str, name: str, args: tuple, kwargs: tuple) -> object:
    return getattr(importlib.import_module(module), name)(connection(db_path), *args, **dict(kwargs))


def cached(func, *args, **kwargs):
    """`func(con, *args, **kwargs)` from gdmetrics, cached by its plain arguments."""
    return _call(
        str(get_settings().db), func.__module__, func.__qualname__, args, tuple(sorted(kwargs.items()))
    )


@st.cache_data(max_entries=8, show_spinner=False)
def _all_options(db_path: str) -> FilterOptions:
    return filter_options(connection(db_path))


def options(db_path: str) -> FilterOptions:
    """The filter choices this user may pick: an account manager's own clients only."""
    return access.restrict_options(_all_options(db_path), current_user().scope)


@st.cache_data(max_entries=8, show_spinner=False)
def _preview(db_path: str, digest: str, file_name: str, profile: str, _data: bytes) -> Preview:
    return preview(connection(db_path), _data, file_name, profile)


def import_preview(data: bytes, file_name: str, profile: str) -> Preview:
    """An upload's preview (its first rows, read once), cached by the file's content hash: a
    rerun of the page does not read the file again."""
    return _preview(str(get_settings().db), content_hash(data), file_name, profile, data)
