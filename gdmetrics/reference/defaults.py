"""Default norms from the start: a database without any default norm gets those of the settings,
and a GD that starts empty (GD_DEMO=0) starts with them."""

from __future__ import annotations

from pathlib import Path

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


def start_empty(db: Path | str, settings: Settings | None = None, actor: str = "system:start") -> None:
    """A new, empty database at `db` with the schema and the default norms, through the writer
    path (GD_DEMO=0: the GD loads its own data). Raises FileExistsError when `db` exists (also
    when another process created it while this one waited for the writer lock)."""
    from gdmetrics.store import writer

    db = Path(db)
    if db.exists():
        raise FileExistsError(f"{db} already exists")
    with writer(db, actor=actor, reason="empty database (GD_DEMO=0)", fresh=True, settings=settings) as w:
        if db.exists():
            raise FileExistsError(f"{db} already exists")
        ensure_default_norms(w.con, settings)
