"""Session fixtures every test may use: the small demo database and the BPIC14 export, each built
once per test run, and an empty database.

`make test` runs the suite in two processes (pytest-xdist, `-n 2 --dist loadfile`): each worker
has its own session, so a session fixture runs once per worker unless it says otherwise. The demo
and BPIC14 are built once for the whole run (`built_once`: the first worker to ask builds under a
file lock; the others wait and share the file, read-only). A test that writes into a database
copies it into its own tmp_path.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
import streamlit.logger

from gdmetrics.db import connect
from gdmetrics.demo import DemoParams, build_demo

# AppTest runs pages outside a server; Streamlit then warns "missing ScriptRunContext" for every
# cached call, thousands of lines that hide real failures.
streamlit.logger.set_log_level("error")

T = TypeVar("T")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], T]) -> T:
    """`build(folder)` once per test run, into a folder of its own; returns what it returned.

    Alone, once per session. Under xdist once for all workers: the first builds in the run's
    temporary folder (which the workers share) under a file lock, and its result is pickled for
    the others, who wait for it."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return build(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent
    folder, result = shared / f"shared-{name}", shared / f"shared-{name}.pickle"
    with _locked(shared / f"shared-{name}.lock"):
        if not result.exists():
            folder.mkdir()
            value = build(folder)
            result.write_bytes(pickle.dumps(value))
        return pickle.loads(result.read_bytes())


def _demo(folder: Path) -> Path:
    path = folder / "demo.duckdb"
    build_demo(path, DemoParams(seed=42, tickets_per_year=20_000))
    return path


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fully populated demo database (seed 42, 20,000 tickets a year), built once per test run.

    Open it read-only: every test of the run, in every worker, shares it.
    """
    return built_once(tmp_path_factory, "demo", _demo)


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
    return built_once(tmp_path_factory, "bpic14", bpic14_org.load)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Files with a `browser` or `slow` test first, each file's tests in their own order: under
    xdist a long file then starts early instead of ending the run alone while the other worker
    idles (`--no-loadscope-reorder` keeps this order)."""
    first = {
        item.path for item in items if item.get_closest_marker("browser") or item.get_closest_marker("slow")
    }
    items.sort(key=lambda item: item.path not in first)  # stable: the rest keeps its order


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadfile`, except that the browser files are one unit: each file runs whole in one
    worker (its module fixtures built once, its tests in order), and one browser file at a time,
    as in a serial run, so two Chromiums and servers do not slow each other into timeouts."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FilesOneBrowserAtATime(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "tests/browser" if nodeid.startswith("tests/browser/") else nodeid.split("::", 1)[0]

    return FilesOneBrowserAtATime(config, log)
