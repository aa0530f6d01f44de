"""Fixtures for the report tests: one read-only connection to the session's demo database."""

from __future__ import annotations

from pathlib import Path

import pytest

from gdmetrics.db import connect


@pytest.fixture(scope="session")
def con(demo_db_path: Path):
    c = connect(demo_db_path, read_only=True)
    yield c
    c.close()
