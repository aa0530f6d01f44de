"""Loading one checked file into the database: one transaction, upserts by id, the import log.

A file goes in whole or not at all (default), or with its bad rows set aside in
`import_quarantine`. The same bytes imported again change nothing; an updated export of the
same tickets updates them in place by id, unless the database already holds a later state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from gdmetrics.calendar import ensure_calendar
from gdmetrics.importing.profiles import Profile, load_profile
from gdmetrics.importing.reading import FileRejected, Problem, SourceTable, content_hash, read_file
from gdmetrics.importing.rows import (
    INTERACTION_COLUMNS,
    PAUSE_COLUMNS,
    REF_TABLES,
    TICKET_COLUMNS,
    Mapped,
    References,
    map_records,
)
from gdmetrics.settings import get_settings
from gdmetrics.sla import refresh_ticket_sla

Progress = Callable[[float, str], None]
MAX_RAW_CHARS = 2000


@dataclass
class ImportResult:
    """What one file's import did (or, when `already_imported`, that it did nothing)."""

    file_name: str
    profile: str
    content_hash: str
    kind: str | None = None
    import_id: int | None = None
    already_imported: bool = False
    rows_read: int = 0
    rows_loaded: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_older: int = 0
    rows_rejected: int = 0
    pauses: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unmapped: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        if self.already_imported:
            return "already_imported"
        return "quarantined" if self.rows_rejected else "loaded"

    def summary(self) -> str:
        """One line for the CLI and the page."""
        if self.already_imported:
            return f"{self.file_name}: already imported (import #{self.import_id}, same content); nothing changed"
        records = "tickets" if self.kind == "ticket" else "interactions"
        text = (
            f"{self.file_name} ({self.profile}, {records}): {self.rows_read} rows read, "
            f"{self.rows_loaded} new, {self.rows_updated} updated, {self.rows_unchanged} unchanged"
        )
        if self.rows_older:
            text += f", {self.rows_older} skipped (database holds a later state)"
        text += f", {self.rows_rejected} rejected"
        if self.unmapped:
            text += f"; {len(self.unmapped)} unmapped value(s) registered"
        return text


class ImportRejected(FileRejected):
    """A file with bad rows, imported all-or-nothing: nothing was loaded."""

    def __init__(self, file_name: str, problems: list[Problem], rows_read: int) -> None:
        self.file_name = file_name
        self.rows_read = rows_read
        lines = {p.line for p in problems}
        super().__init__(problems)
        self.args = (
            f"{file_name}: rejected, nothing loaded: {len(lines)} of {rows_read} rows have problems "
            f"(first: {problems[0].text()}); use quarantine to load the good rows",
        )


# --- reading the database's reference data and history ---------------------------------------


def references(con: duckdb.DuckDBPyConnection, profile: str) -> References:
    """Codes of the reference tables and the user's saved mappings for this profile."""
    cur = con.cursor()
    codes = {
        name: frozenset(r[0] for r in cur.execute(f"SELECT code FROM {name}").fetchall())
        for name in REF_TABLES
    }
    mapped = {
        (f, v): m
        for f, v, m in cur.execute(
            "SELECT field, value, mapped_to FROM unmapped_value WHERE profile = $p AND mapped_to IS NOT NULL",
            {"p": profile},
        ).fetchall()
    }
    return References(codes, mapped)


def previous_import(con: duckdb.DuckDBPyConnection, digest: str, profile: str) -> int | None:
    """The id of an earlier successful import of these exact bytes with this profile."""
    row = (
        con.cursor()
        .execute(
            "SELECT min(id) FROM import_log WHERE content_hash = $h AND profile = $p",
            {"h": digest, "p": profile},
        )
        .fetchone()
    )
    return row[0] if row else None


# --- the public entry points ------------------------------------------------------------------


def read_and_map(
    con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, profile: Profile
) -> tuple[SourceTable, Mapped]:
    """Read the bytes and type and check every row; raise FileRejected for file-level faults."""
    table = read_file(data, file_name)
    return table, map_records(table, profile, references(con, profile.name))


def import_bytes(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    profile: str | Profile,
    *,
    quarantine: bool = False,
    progress: Progress | None = None,
    max_bytes: int | None = None,
    force: bool = False,
) -> ImportResult:
    """Import one export file's bytes with `profile`; the one function the CLI and the page call.

    Raises FileRejected (file-level fault) or ImportRejected (bad rows, all-or-nothing); in both
    cases the database is unchanged. With `quarantine`, bad rows go to `import_quarantine` and
    the good rows load. `max_bytes` is the upload limit (the page passes the settings' limit).
    """
    report = progress or (lambda _f, _m: None)
    if max_bytes is not None and len(data) > max_bytes:
        raise FileRejected(
            [
                Problem(
                    None,
                    None,
                    f"the file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB "
                    "(setting GD_MAX_UPLOAD_MB)",
                )
            ]
        )
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    digest = content_hash(data)
    result = ImportResult(file_name, prof.name, digest)
    earlier = previous_import(con, digest, prof.name)
    if earlier is not None and not force:
        result.already_imported, result.import_id = True, earlier
        report(1.0, result.summary())
        return result

    report(0.05, f"reading {file_name}")
    table, mapped = read_and_map(con, data, file_name, prof)
    report(0.4, f"checked {mapped.rows_read} rows")
    result.kind, result.rows_read = mapped.kind, mapped.rows_read
    result.problems, result.warnings, result.unmapped = mapped.problems, mapped.warnings, mapped.unmapped
    bad_lines = sorted({p.line for p in mapped.problems if p.line is not None})
    result.rows_rejected = len(bad_lines)
    if mapped.problems and not quarantine:
        raise ImportRejected(file_name, mapped.problems, mapped.rows_read)

    cur = con.cursor()
    if mapped.kind == "ticket":
        # Derived from settings, outside our transaction: the SLA refresh below needs it.
        ensure_calendar(cur, get_settings())
    cur.execute("BEGIN TRANSACTION")
    try:
        report(0.5, f"loading {len(mapped.rows)} {mapped.kind} rows")
        import_id = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM import_log").fetchall()[0][0]
        result.import_id = import_id
        if mapped.kind == "ticket":
            _load_tickets(cur, mapped, result)
        else:
            _load_interactions(cur, mapped, result)
        _register_unmapped(cur, prof.name, mapped.unmapped)
        cur.execute(
            "INSERT INTO import_log VALUES ($id, $name, $hash, $profile, $at, $read, $loaded, $updated, "
            "$rejected, $outcome)",
            {
                "id": import_id,
                "name": file_name,
                "hash": digest,
                "profile": prof.name,
                "at": dt.datetime.now().replace(microsecond=0),
                "read": result.rows_read,
                "loaded": result.rows_loaded,
                "updated": result.rows_updated,
                "rejected": result.rows_rejected,
                "outcome": result.outcome,
            },
        )
        _quarantine(cur, import_id, table, mapped.problems)
        if mapped.kind == "ticket":
            report(0.8, "recomputing SLA verdicts")
            # Passed on: a fresh cursor inside refresh_ticket_sla would not see our uncommitted rows.
            refresh_ticket_sla(cur, as_of=_set_data_as_of(cur))
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    finally:
        for name in ("_stage", "_stage_pause"):
            cur.execute(f"DROP TABLE IF EXISTS {name}")
        cur.close()
    report(1.0, result.summary())
    return result


def import_file(
    con: duckdb.DuckDBPyConnection, path: Path | str, profile: str | Profile, **options: object
) -> ImportResult:
    """Import one file from disk (see import_bytes)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no file at {path}")
    return import_bytes(con, path.read_bytes(), path.name, profile, **options)  # type: ignore[arg-type]


@dataclass
class Preview:
    """The first rows of a file as they would be loaded, and what the whole file would do."""

    kind: str
    rows: pd.DataFrame
    rows_read: int
    problems: list[Problem]
    warnings: list[str]
    unmapped: dict[tuple[str, str], int]
    encoding: str
    separator: str | None


def preview(
    con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, profile: str | Profile, rows: int = 20
) -> Preview:
    """Map the whole file without loading it: the first `rows` mapped rows and every problem."""
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    table, mapped = read_and_map(con, data, file_name, prof)
    return Preview(
        mapped.kind,
        mapped.rows.head(rows).rename(columns={"line": "regel"}),
        mapped.rows_read,
        mapped.problems,
        mapped.warnings,
        mapped.unmapped,
        table.encoding,
        table.separator,
    )


# --- inside the transaction -------------------------------------------------------------------


# Ticket columns that are foreign keys themselves. DuckDB updates such a column by delete and
# insert, which it refuses for a ticket that pauses, complaints or escalations reference; for
# those tickets the other columns are updated in place and these keep their value (reported).
TICKET_FK_COLUMNS = ("client_code", "product_code", "directorate_code")
REFERENCING = ("ticket_pause", "complaint", "escalation")


def _stage(cur: duckdb.DuckDBPyConnection, frame: pd.DataFrame, columns: tuple[str, ...], table: str) -> None:
    """Stage `frame` as `_stage` with an `_action`: new, update, same, or older than the database."""
    cur.register("_incoming", frame[list(columns)])
    changed = " OR ".join(f"s.{c} IS DISTINCT FROM t.{c}" for c in columns if c != "id")
    if table == "ticket":
        older = "t.source_updated_at > s.source_updated_at"
        refs_changed = " OR ".join(f"s.{c} IS DISTINCT FROM t.{c}" for c in TICKET_FK_COLUMNS)
        referenced = " OR ".join(f"t.id IN (SELECT ticket_id FROM {r})" for r in REFERENCING)
    else:
        older, refs_changed, referenced = "false", "false", "false"
    cur.execute(
        f"""CREATE TEMP TABLE _stage AS
        SELECT s.*, CASE WHEN t.id IS NULL THEN 'new' WHEN {older} THEN 'older'
                         WHEN {changed} THEN 'update' ELSE 'same' END AS _action,
               coalesce({referenced}, false) AS _referenced,
               coalesce({refs_changed}, false) AS _refs_changed
        FROM _incoming s LEFT JOIN {table} t ON t.id = s.id"""
    )
    cur.unregister("_incoming")


def _apply(
    cur: duckdb.DuckDBPyConnection, columns: tuple[str, ...], table: str, result: ImportResult
) -> None:
    counts = dict(cur.execute("SELECT _action, count(*) FROM _stage GROUP BY _action").fetchall())
    result.rows_loaded, result.rows_updated = counts.get("new", 0), counts.get("update", 0)
    result.rows_unchanged, result.rows_older = counts.get("same", 0), counts.get("older", 0)
    names = ", ".join(columns)
    sets = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
    cur.execute(
        f"INSERT INTO {table} ({names}) SELECT {names} FROM _stage "
        f"WHERE _action = 'new' OR (_action = 'update' AND NOT _referenced) "
        f"ON CONFLICT (id) DO UPDATE SET {sets}"
    )
    in_place = ", ".join(f"{c} = s.{c}" for c in columns if c != "id" and c not in TICKET_FK_COLUMNS)
    cur.execute(
        f"UPDATE {table} SET {in_place} FROM _stage s "
        f"WHERE {table}.id = s.id AND s._action = 'update' AND s._referenced"
    )
    kept = cur.execute(
        "SELECT count(*) FROM _stage WHERE _action = 'update' AND _referenced AND _refs_changed"
    ).fetchall()[0][0]
    if kept:
        result.warnings.append(
            f"{kept} updated ticket(s) have pauses, complaints or escalations; their client, product "
            "and directorate were kept (the database cannot change those keys of a referenced ticket)"
        )


def _load_tickets(cur: duckdb.DuckDBPyConnection, mapped: Mapped, result: ImportResult) -> None:
    _stage(cur, mapped.rows, TICKET_COLUMNS, "ticket")
    _apply(cur, TICKET_COLUMNS, "ticket", result)
    if mapped.has_pauses:
        # The export's pauses replace the ones we hold for every ticket it updates. After the
        # ticket update, not before: DuckDB rejects updating a referenced row after deleting
        # its referencing rows in the same transaction.
        cur.execute(
            "DELETE FROM ticket_pause WHERE ticket_id IN (SELECT id FROM _stage WHERE _action = 'update')"
        )
    if mapped.has_pauses and len(mapped.pauses):
        cur.register("_incoming_pause", mapped.pauses[list(PAUSE_COLUMNS)])
        cur.execute(
            f"""INSERT INTO ticket_pause ({", ".join(PAUSE_COLUMNS)})
            SELECT {", ".join("p." + c for c in PAUSE_COLUMNS)} FROM _incoming_pause p
            JOIN _stage s ON s.id = p.ticket_id AND s._action IN ('new', 'update')"""
        )
        result.pauses = cur.execute(
            "SELECT count(*) FROM _incoming_pause p JOIN _stage s ON s.id = p.ticket_id "
            "AND s._action IN ('new', 'update')"
        ).fetchall()[0][0]
        cur.unregister("_incoming_pause")


def _load_interactions(cur: duckdb.DuckDBPyConnection, mapped: Mapped, result: ImportResult) -> None:
    _stage(cur, mapped.rows, INTERACTION_COLUMNS, "interaction")
    _apply(cur, INTERACTION_COLUMNS, "interaction", result)


def _register_unmapped(
    cur: duckdb.DuckDBPyConnection, profile: str, unmapped: dict[tuple[str, str], int]
) -> None:
    now = dt.datetime.now().replace(microsecond=0)
    for (name, value), count in sorted(unmapped.items()):
        cur.execute(
            "INSERT INTO unmapped_value VALUES ($p, $f, $v, $now, $n, NULL) "
            "ON CONFLICT (profile, field, value) DO UPDATE SET row_count = unmapped_value.row_count + $n",
            {"p": profile, "f": name, "v": value, "now": now, "n": count},
        )


def _quarantine(
    cur: duckdb.DuckDBPyConnection, import_id: int, table: SourceTable, problems: list[Problem]
) -> None:
    if not problems:
        return
    by_line: dict[int, list[Problem]] = {}
    for p in problems:
        by_line.setdefault(p.line or 0, []).append(p)
    position = {line: i for i, line in enumerate(table.lines)}
    sep = table.separator or ";"
    rows = []
    for line, found in sorted(by_line.items()):
        cells = table.frame.iloc[position[line]].tolist() if line in position else []
        raw = sep.join("" if c is None else str(c) for c in cells)[:MAX_RAW_CHARS]
        fields = ", ".join(dict.fromkeys(p.column or p.field or "" for p in found if p.column or p.field))
        rows.append((import_id, line, fields or None, "; ".join(p.reason for p in found), raw))
    cur.executemany("INSERT INTO import_quarantine VALUES (?, ?, ?, ?, ?)", rows)


def _set_data_as_of(cur: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """The data's as-of moment (for open tickets' clocks): the latest moment any ticket mentions."""
    latest = cur.execute(
        "SELECT max(greatest(registered_at, coalesce(resolved_at, registered_at), "
        "coalesce(closed_at, registered_at), coalesce(source_updated_at, registered_at))) FROM ticket"
    ).fetchall()[0][0]
    if latest is not None:
        cur.execute("INSERT OR REPLACE INTO meta VALUES ('data_as_of', $v)", {"v": latest.isoformat(sep=" ")})
    return latest


def default_max_bytes() -> int:
    """The upload limit from settings, in bytes."""
    return get_settings().max_upload_mb * 1024 * 1024
