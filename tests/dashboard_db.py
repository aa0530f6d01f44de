"""A prepared copy of the session's demo (calendar and SLA verdicts computed), as the app opens it."""

from __future__ import annotations

import shutil
from pathlib import Path

from gdmetrics.db import open_dashboard_db
from gdmetrics.settings import get_settings


def prepared_copy(demo_db_path: Path, directory: Path):
    """Copy the shared demo (others open it read-only) and open it as the dashboard does."""
    path = directory / "demo.duckdb"
    shutil.copy(demo_db_path, path)
    return open_dashboard_db(path, get_settings())
