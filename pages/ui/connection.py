"""The app's database: read-only connections to the published version, and the one way a page writes.

The app never holds the database open for writing (gdmetrics.store): it reads the published
version read-only, so a scheduled import, another replica or a page in another session can
publish meanwhile. `db_key()` names the published version (its file, inode and time; one `stat`
and a directory scan per call); the connection and every `st.cache_data` entry are keyed on it,
so the run after a publish reads the new version and nothing cached from the old one is shown.
Old connections are dropped from the cache (at most two versions per process); one still in use
by a running script is closed when that script lets go of it.

A page writes with `with writing(reason, kind) as con:`; the change is published when the block
ends (the writer makes the derived tables current first), and the page's next `db()` reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import streamlit as st

from gdmetrics import store
from gdmetrics.db import connect
from gdmetrics.settings import get_settings


@st.cache_resource(show_spinner=False, max_entries=16)
def _usable(db: str, key: str) -> str:
    """The key of a version readers can use: when the published one needs a schema upgrade or
    derived tables made current (new code, other settings), the writer does that first, once
    per version and process."""
    version = Path(key.split("|")[0])
    if store.reader.needs_refresh(version, get_settings()):
        store.refresh(Path(db), get_settings())
        return store.current(db).key
    return key


def db_key() -> str:
    """The identity of the published version: what connections and caches are keyed on."""
    db = get_settings().db
    return _usable(str(db), store.current(db).key)


@st.cache_resource(show_spinner=False, max_entries=2)
def connection(key: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to one published version (`key` from db_key); each query takes
    its own cursor."""
    return connect(Path(key.split("|")[0]), read_only=True)


def db() -> duckdb.DuckDBPyConnection:
    return connection(db_key())


def settings_db() -> str:
    """The key that cached readings take (kept under its old name: pages pass it to `options`)."""
    return db_key()


@contextmanager
def writing(reason: str, kind: str, actor: str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A page's write, through the one writer path, as the signed-in user; published when the
    block ends without an exception."""
    from pages.ui.signin import current_user

    who = actor or current_user().email or "unknown"
    with store.writer(get_settings().db, actor=who, reason=reason, kind=kind) as w:
        yield w.con
