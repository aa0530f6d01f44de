"""What an operator monitors: the published version, the as-of moment per feed, failed imports,
and who holds the writer lock. `python -m gdmetrics status --db PATH` prints it as JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gdmetrics.store.events import events_frame
from gdmetrics.store.lock import read_holder
from gdmetrics.store.reader import current
from gdmetrics.store.versions import history


def _text(value: object) -> object:
    return value.isoformat(sep=" ") if isinstance(value, dt.datetime | dt.date) else value


def status(db: Path | str, failures: int = 10) -> dict:
    """The published version; per ticket source (feed) its latest ticket moment and last import;
    the latest failed or rejected imports; the writer lock's holder (None when free)."""
    from gdmetrics.db import connect

    db = Path(db)
    version = current(db)
    con = connect(version.file, read_only=True)
    try:
        feeds = con.execute(
            """SELECT source, count(*) AS tickets,
                      max(greatest(registered_at, coalesce(resolved_at, registered_at),
                                   coalesce(source_updated_at, registered_at))) AS as_of
               FROM ticket GROUP BY source ORDER BY source"""
        ).fetchall()
        imports = con.execute(
            """SELECT profile, max(imported_at), arg_max(file_name, imported_at), arg_max(outcome, imported_at)
               FROM import_log GROUP BY profile ORDER BY profile"""
        ).fetchall()
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    finally:
        con.close()
    failed = events_frame(db, failures, ("import_failed", "import_rejected"))
    versions = history(db)
    holder = read_holder(db)
    return {
        "db": str(db),
        "published_version": version.number,
        "published_at": versions[0].published_at if versions else None,
        "published_by": versions[0].actor if versions else None,
        "schema_version": meta.get("schema_version"),
        "data_as_of": meta.get("data_as_of"),
        "feeds": [{"source": s, "tickets": n, "as_of": _text(at)} for s, n, at in feeds],
        "last_import_per_profile": [
            {"profile": p, "imported_at": _text(at), "file": f, "outcome": o} for p, at, f, o in imports
        ],
        "recent_failed_imports": [
            {
                "at": _text(r.happened_at.to_pydatetime()),
                "by": r.actor,
                "action": r.action,
                "detail": r.detail,
            }
            for r in failed.itertuples()
        ],
        "writer": holder.__dict__ if holder else None,
        "versions_on_disk": len(versions),
    }
