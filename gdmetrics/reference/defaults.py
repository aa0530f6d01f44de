"""Default norms from the start: a database without any default norm gets those of the settings."""

from __future__ import annotations

import duckdb

from gdmetrics.settings import Settings, get_settings


def ensure_default_norms(cur: duckdb.DuckDBPyConnection, settings: Settings | None = None) -> int:
    """Give a database without any default norm the ones from `Settings.default_norms`; returns
    how many rows were added (0 when it already has default norms). Inside the caller's transaction."""
    if cur.execute("SELECT count(*) FROM default_norm").fetchone()[0]:
        return 0
    norms = (settings or get_settings()).default_norms
    for priority, response, resolution in norms:
        cur.execute(
            "INSERT INTO default_norm VALUES ($p, $r, $s)", {"p": priority, "r": response, "s": resolution}
        )
    return len(norms)
