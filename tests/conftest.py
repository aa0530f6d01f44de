"""Session fixtures every test may use: a small demo database built once, and an empty one.

The suite runs in parallel processes (pytest-xdist, `-n 2` in pyproject.toml): each worker has its
own session, so a session fixture runs once per worker unless it says otherwise. The demo is built
once for the whole run (the first worker to ask builds it under a file lock; the others wait and
share the file, read-only). A test that writes into a database copies it into its own tmp_path.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit.logger

from gdmetrics.db import connect
from gdmetrics.demo import DemoParams, build_demo

# AppTest runs pages outside a server; Streamlit then warns "missing ScriptRunContext" for every
# cached call, thousands of lines that hide real failures.
streamlit.logger.set_log_level("error")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """The file `name`, made by `build(path)` once per test run: once per session alone, and under
    xdist once for all workers (in the run's temporary folder, which the workers share)."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        path = tmp_path_factory.mktemp(name) / name
        build(path)
        return path
    folder = tmp_path_factory.getbasetemp().parent / f"shared-{name}"
    folder.mkdir(exist_ok=True)
    path, done = folder / name, folder / "built"  # beside it: not the store's own `<db>.lock`
    with _locked(folder / "building.lock"):
        if not done.exists():
            build(path)
            done.touch()
    return path


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fully populated demo database (seed 42, 20,000 tickets a year), built once per test run.

    Open it read-only: every test of the run, in every worker, shares it.
    """
    return built_once(
        tmp_path_factory, "demo.duckdb", lambda p: build_demo(p, DemoParams(seed=42, tickets_per_year=20_000))
    )


@pytest.fixture(scope="session")
def empty_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the schema and no data."""
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    connect(path).close()
    return path


@pytest.fixture(scope="session")
def bpic14(tmp_path_factory: pytest.TempPathFactory):
    """The shared BPIC14 export loaded once with a small workbook (tests/bpic14_org.py); skipped
    where ../shared/data/bpic14 is absent. Open it read-only, or copy it."""
    from tests import bpic14_org

    if not bpic14_org.available():
        pytest.skip("../shared/data/bpic14 is absent: the real-data tests need the BPIC 2014 zips")
    return bpic14_org.load(tmp_path_factory.mktemp("bpic14"))
