"""Cached reads for the pages: figures from the registry, any gdmetrics reading, filter choices.

One way to cache a reading: `cached(func, *args)` runs `func(con, *args)` from gdmetrics, keyed
by the published version's key (a new version is a new key), the function's name and its plain arguments (a figure is
`cached(compute_frame, figure_id, request)`). Streamlit hands out a copy of a cached result, so
nothing mutates one. Filter choices and an upload's preview have their own small caches.
"""

from __future__ import annotations

import importlib

import streamlit as st

from gdmetrics import access
from gdmetrics.figures import FigureRequest, FigureResult, compute_frame, get_figure
from gdmetrics.filters import FilterOptions, applicable, filter_options
from gdmetrics.importing import Preview, preview
from gdmetrics.importing.reading import content_hash
from pages.ui.connection import connection, db_key
from pages.ui.signin import current_user


def figure(figure_id: str, req: FigureRequest) -> FigureResult:
    """A figure from the registry, cached by its plain request."""
    frame, meta = cached(compute_frame, figure_id, req)
    return FigureResult(get_figure(figure_id), req, frame, meta)


def fig(figure_id: str, req: FigureRequest) -> FigureResult:
    """`figure` without the filters this figure cannot take (e.g. costs per client)."""
    req, _ = applicable(req, get_figure(figure_id))
    return figure(figure_id, req)


@st.cache_data(max_entries=1024, show_spinner=False)
def _call(db_path: str, module: str, name: str, args: tuple, kwargs: tuple) -> object:
    return getattr(importlib.import_module(module), name)(connection(db_path), *args, **dict(kwargs))


def cached(func, *args, **kwargs):
    """`func(con, *args, **kwargs)` from gdmetrics, cached by its plain arguments."""
    return _call(db_key(), func.__module__, func.__qualname__, args, tuple(sorted(kwargs.items())))


@st.cache_data(max_entries=8, show_spinner=False)
def _all_options(db_path: str) -> FilterOptions:
    return filter_options(connection(db_path))


def options(key: str | None = None) -> FilterOptions:
    """The filter choices this user may pick: an account manager's own clients only (from the
    published version `key`, by default the current one)."""
    return access.restrict_options(_all_options(key or db_key()), current_user().scope)


@st.cache_data(max_entries=8, show_spinner=False)
def _preview(db_path: str, digest: str, file_name: str, profile: str, _data: bytes) -> Preview:
    return preview(connection(db_path), _data, file_name, profile)


def import_preview(data: bytes, file_name: str, profile: str) -> Preview:
    """An upload's preview (its first rows, read once), cached by the file's content hash: a
    rerun of the page does not read the file again."""
    return _preview(db_key(), content_hash(data), file_name, profile, data)
