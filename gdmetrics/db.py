"""Opening the one DuckDB database: create it with the schema, or check it is ours and current."""

from __future__ import annotations

from pathlib import Path

import duckdb

from gdmetrics.schema import check_schema, create_schema


def connect(path: Path | str, *, read_only: bool = False, create: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database at `path`; a new file gets the schema, an existing one is version-checked.

    Raises SchemaVersionError when the file was written by another schema version, and
    FileNotFoundError when it does not exist and `create` is false. A published database
    (gdmetrics.store) opens read-only only: its file is shared with the version history and
    with readers, and every write goes through `gdmetrics.store.writer`.
    """
    path = Path(path)
    if not read_only and path.with_name(path.name + ".versions").is_dir():
        raise PermissionError(
            f"{path} is published by gdmetrics.store: open it read-only, and write through "
            "gdmetrics.store.writer (python -m gdmetrics import / rollback / restore)"
        )
    is_new = not path.exists()
    if is_new and (read_only or not create):
        raise FileNotFoundError(
            f"No database at {path}. Build one with `python -m gdmetrics demo --db {path}`."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    from gdmetrics.settings import get_settings

    con = duckdb.connect(str(path), read_only=read_only)
    # A SET, not connect(config=...): other connections to the same file in this process (tests,
    # the import page) then need no matching configuration.
    con.execute("SET memory_limit = $m", {"m": get_settings().duckdb_memory_limit})
    try:
        if is_new:
            create_schema(con)
        else:
            check_schema(con, path, migrate=not read_only)
    except BaseException:
        con.close()
        raise
    return con


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every table of the schema, in schema order."""
    from gdmetrics.schema import TABLES

    cur = con.cursor()
    return {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def prepare(con: duckdb.DuckDBPyConnection, settings) -> None:
    """Make the derived tables current: the calendar for these settings, the SLA verdicts
    whenever the calendar changed (those of the tickets whose clock spans a changed day), they
    were never computed or were computed by older code (all of them), and
    the monthly rollup when it was built by other code (or never: a database from before it)."""
    from gdmetrics.calendar import ensure_calendar
    from gdmetrics.rollup import ROLLUP_VERSION, refresh_month_rollup
    from gdmetrics.sla import SLA_VERSION, refresh_ticket_sla

    rebuilt = ensure_calendar(con, settings)
    meta = dict(
        con.execute("SELECT key, value FROM meta WHERE key IN ('sla_version', 'rollup_version')").fetchall()
    )
    if rebuilt or meta.get("sla_version") != SLA_VERSION:
        con.execute("BEGIN")
        refresh_ticket_sla(con, settings=settings, only_touched=True)  # the rollup's months with it
        con.execute("COMMIT")
    if meta.get("rollup_version") != ROLLUP_VERSION:  # every month (the refresh above may name few)
        con.execute("BEGIN")
        refresh_month_rollup(con)
        con.execute("COMMIT")


def open_dashboard_db(path: Path, settings) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published version of `path`, its derived tables made current
    by the writer first when needed (gdmetrics.store.open_reader)."""
    from gdmetrics.store import open_reader

    return open_reader(path, settings)[1]
