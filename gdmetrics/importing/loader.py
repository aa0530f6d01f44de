"""Loading one checked file into the database: one transaction, upserts by id, the import log.

A file goes in whole or not at all (default), or with its bad rows set aside in
`import_quarantine`. The same bytes imported again change nothing; an updated export of the
same tickets updates them in place by id, unless the database already holds a later state.

The file is read from disk by DuckDB (`reading.read_table`) and mapped in SQL (`rows`): no row
passes through Python, and DuckDB's memory is capped at `import_memory_limit` for the import (it
spills to disk), so memory does not grow with the file. `import_bytes` (the page's upload)
writes the bytes to a temporary file first.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from gdmetrics.access.auditlog import insert_audit
from gdmetrics.calendar import ensure_calendar
from gdmetrics.importing.profiles import Profile, load_profile
from gdmetrics.importing.reading import (
    FileRejected,
    Problem,
    SourceTable,
    drop_table,
    file_hash,
    read_table,
)
from gdmetrics.importing.rows import (
    INTERACTION_COLUMNS,
    PAUSE_COLUMNS,
    REF_TABLES,
    TICKET_COLUMNS,
    Mapped,
    References,
    drop_mapped,
    map_records,
    reason_sql,
    reasons_table,
)
from gdmetrics.reference.defaults import ensure_default_norms
from gdmetrics.settings import get_settings
from gdmetrics.sla import (
    first_load,
    refresh_ticket_sla,
    sorted_by_registration,
    touch_tickets,
    touched_months,
)
from gdmetrics.text import N_, Text, msg, tr

# Told how far an import is: a fraction and what it does, in any language (`in_lang`; str() is
# English, for the command line).
Progress = Callable[[float, "Text | _Summary"], None]


@dataclass(frozen=True)
class _Summary:
    """An import's summary line as progress reports it, said in the reader's language."""

    result: ImportResult

    def in_lang(self, lang: str) -> str:
        return self.result.summary(lang)

    def __str__(self) -> str:
        return self.result.summary()


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
    verdicts_recomputed: int = 0  # tickets whose SLA verdicts the import recomputed
    verdict_months: list[dt.date] | None = None  # months whose figures they may change (None: all)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unmapped: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        if self.already_imported:
            return "already_imported"
        return "quarantined" if self.rows_rejected else "loaded"

    def summary(self, lang: str = "en") -> str:
        """One line: what the file did (the CLI and the log in English, the page in its reader's
        language)."""
        if self.already_imported:
            return tr(
                lang,
                "{file}: al eerder geïmporteerd (import #{id}, zelfde inhoud); niets gewijzigd",
                file=self.file_name,
                id=self.import_id,
            )
        text = tr(
            lang,
            "{file} ({profile}, {records}): {read} rijen gelezen, {new} nieuw, {updated} bijgewerkt, "
            "{unchanged} ongewijzigd",
            file=self.file_name,
            profile=self.profile,
            records=tr(lang, "meldingen") if self.kind == "ticket" else tr(lang, "contacten"),
            read=self.rows_read,
            new=self.rows_loaded,
            updated=self.rows_updated,
            unchanged=self.rows_unchanged,
        )
        if self.rows_older:
            text += tr(lang, ", {n} overgeslagen (de database heeft een latere stand)", n=self.rows_older)
        text += tr(lang, ", {n} afgekeurd", n=self.rows_rejected)
        if self.unmapped:
            text += tr(lang, "; {n} niet-gekoppelde waarde(n) geregistreerd", n=len(self.unmapped))
        return text


class ImportRejected(FileRejected):
    """A file with bad rows, imported all-or-nothing: nothing was loaded."""

    def __init__(
        self,
        file_name: str,
        problems: list[Problem],
        rows_read: int,
        rejected_lines: int | None = None,
        problem_count: int | None = None,
    ) -> None:
        self.file_name = file_name
        self.rows_read = rows_read
        lines = rejected_lines if rejected_lines is not None else len({p.line for p in problems})
        super().__init__(problems)
        self.problem_count = problem_count if problem_count is not None else len(problems)
        self.args = (
            f"{file_name}: rejected, nothing loaded: {lines} of {rows_read} rows have problems "
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

SOURCE_TABLE = "_src"


@contextmanager
def import_memory(cur: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB's memory capped at the import setting for the duration (restored after)."""
    before = cur.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    cur.execute("SET memory_limit = $m", {"m": get_settings().import_memory_limit})
    try:
        yield
    finally:
        cur.execute("SET memory_limit = $m", {"m": before})


def _drop_temp(cur: duckdb.DuckDBPyConnection) -> None:
    drop_mapped(cur)
    drop_table(cur, SOURCE_TABLE)
    cur.execute("DROP TABLE IF EXISTS _stage")
    cur.execute("DROP TABLE IF EXISTS _pause_changed")
    cur.execute("DROP TABLE IF EXISTS _loaded_pauses")


def read_and_map(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    file_name: str,
    profile: Profile,
    *,
    digest: str | None = None,
    first_rows: int | None = None,
    refs: References | None = None,
) -> tuple[SourceTable, Mapped]:
    """Read the file into temp tables of `con` and type and check every row; raise FileRejected
    for file-level faults. The caller drops the temp tables (`_drop_temp`)."""
    table = read_table(con, path, file_name, table=SOURCE_TABLE, digest=digest, first_rows=first_rows)
    refs = refs if refs is not None else references(con, profile.name)
    return table, map_records(con, table, profile, refs)


def _too_big(size: int, max_bytes: int) -> FileRejected:
    return FileRejected(
        [
            Problem(
                None,
                None,
                N_("het bestand is {size} MB; de grens is {limit} MB (instelling GD_MAX_UPLOAD_MB)"),
                values={"size": size / 1e6, "limit": round(max_bytes / 1e6)},
            )
        ]
    )


def import_bytes(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    profile: str | Profile,
    **options: object,
) -> ImportResult:
    """Import one export file's bytes (an upload): written to a temporary file, then `import_file`."""
    max_bytes = options.get("max_bytes")
    if max_bytes is not None and len(data) > max_bytes:  # type: ignore[operator]
        raise _too_big(len(data), max_bytes)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory(prefix="gd-upload-") as tmp:
        path = Path(tmp) / "upload"
        path.write_bytes(data)
        return import_file(con, path, profile, file_name=file_name, **options)  # type: ignore[arg-type]


def import_file(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    profile: str | Profile,
    *,
    file_name: str | None = None,
    quarantine: bool = False,
    progress: Progress | None = None,
    max_bytes: int | None = None,
    force: bool = False,
    refresh_sla: bool = True,
    actor: str | None = None,
) -> ImportResult:
    """Import one export file with `profile`; the one function the CLI and the page call.

    Raises FileRejected (file-level fault) or ImportRejected (bad rows, all-or-nothing); in both
    cases the database is unchanged. With `quarantine`, bad rows go to `import_quarantine` and
    the good rows load. `max_bytes` is the upload limit (the page passes the settings' limit).
    `refresh_sla=False` leaves the SLA verdicts to the caller (the benchmark times both).
    With `actor`, the import's audit line (who, file, profile, counts) is written in the same
    transaction as its rows (gdmetrics.importing.publish passes it).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no file at {path}")
    file_name = file_name or path.name
    report = progress or (lambda _f, _m: None)
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise _too_big(size, max_bytes)
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    digest = file_hash(path)
    result = ImportResult(file_name, prof.name, digest)
    earlier = previous_import(con, digest, prof.name)
    if earlier is not None and not force:
        result.already_imported, result.import_id = True, earlier
        report(1.0, _Summary(result))
        return result

    report(0.05, msg("{file} lezen", file=file_name))
    work = con.cursor()  # one connection for the whole import: the temp tables are its own
    try:
        with import_memory(work):
            table, mapped = read_and_map(work, path, file_name, prof, digest=digest)
            report(0.4, msg("{n} rijen gecontroleerd", n=mapped.rows_read))
            result.kind, result.rows_read = mapped.kind, mapped.rows_read
            result.problems, result.unmapped = mapped.problems, mapped.unmapped
            result.warnings = table.warnings + mapped.warnings
            result.rows_rejected = mapped.rejected_lines
            if mapped.problem_count and not quarantine:
                raise ImportRejected(
                    file_name, mapped.problems, mapped.rows_read, mapped.rejected_lines, mapped.problem_count
                )
            _load(work, prof, table, mapped, result, digest, report, refresh_sla, actor)
    finally:
        _drop_temp(work)
        work.close()
    report(1.0, _Summary(result))
    return result


def _load(
    con: duckdb.DuckDBPyConnection,
    prof: Profile,
    table: SourceTable,
    mapped: Mapped,
    result: ImportResult,
    digest: str,
    report: Progress,
    refresh_sla: bool,
    actor: str | None = None,
) -> None:
    cur = con
    # Verdicts of the tickets this file changes are recomputed (and those a rebuilt calendar
    # changes: gdmetrics.sla); all of them when the default norms were only just given.
    every_verdict = False
    if mapped.kind == "ticket":
        # Derived from settings, outside our transaction: the SLA refresh below needs it.
        ensure_calendar(cur, get_settings())
    cur.execute("BEGIN TRANSACTION")
    try:
        if mapped.kind == "ticket":  # a new database judges its first tickets by the settings' norms
            every_verdict = bool(ensure_default_norms(cur)) or every_verdict
        report(0.5, msg("{n} rijen laden", n=mapped.rows_to_load))
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
                "name": result.file_name,
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
        _quarantine(cur, import_id, table, mapped)
        if mapped.kind == "ticket":
            as_of = _set_data_as_of(cur)
            if refresh_sla:
                report(0.8, msg("SLA-oordelen herberekenen"))
                # The new and updated tickets (not the same or older ones). Passed on: a fresh
                # cursor inside refresh_ticket_sla would not see our uncommitted rows. (A first
                # load is refreshed whole: nothing to mark.)
                every_verdict = every_verdict or first_load(cur)
                if not every_verdict:
                    touch_tickets(
                        cur,
                        f"SELECT id FROM {mapped.rows} "
                        "EXCEPT SELECT id FROM _stage WHERE _action IN ('same', 'older')",
                    )
                result.verdicts_recomputed = refresh_ticket_sla(
                    cur, as_of=as_of, only_touched=not every_verdict
                )
                result.verdict_months = touched_months(cur)
        if actor is not None:
            detail = f"{result.file_name} ({prof.name}): {result.summary()}"
            insert_audit(cur, actor, "import", detail, dt.datetime.now())
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise


@dataclass
class Preview:
    """The first rows of a file as they would be loaded, and what those rows would do."""

    kind: str
    rows: pd.DataFrame
    rows_read: int
    problems: list[Problem]
    warnings: list[str]
    unmapped: dict[tuple[str, str], int]
    encoding: str
    separator: str | None
    truncated: bool = False  # the file has more rows than the preview read


PREVIEW_ROWS = 200


def preview(
    con: duckdb.DuckDBPyConnection,
    data: bytes | Path,
    file_name: str,
    profile: str | Profile,
    rows: int = 20,
    read_rows: int = PREVIEW_ROWS,
) -> Preview:
    """Read and map only the first `read_rows` rows, in a scratch in-memory DuckDB: the first
    `rows` mapped rows, and the problems, warnings and unmapped values of those rows.

    `con` is only read (the reference codes and saved mappings).
    """
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    refs = references(con, prof.name)
    scratch = duckdb.connect()
    scratch.execute("SET memory_limit = $m", {"m": get_settings().import_memory_limit})
    try:
        with tempfile.TemporaryDirectory(prefix="gd-preview-") as tmp:
            if isinstance(data, Path):
                path = data
            else:
                path = Path(tmp) / "upload"
                path.write_bytes(data)
            table, mapped = read_and_map(scratch, path, file_name, prof, first_rows=read_rows, refs=refs)
            shown = scratch.execute(f"SELECT * FROM {mapped.rows} ORDER BY line LIMIT {int(rows)}").df()
    finally:
        scratch.close()
    return Preview(
        mapped.kind,
        shown.rename(columns={"line": "regel"}),
        mapped.rows_read,
        mapped.problems,
        table.warnings + mapped.warnings,
        mapped.unmapped,
        table.encoding,
        table.separator,
        table.truncated,
    )


# --- inside the transaction -------------------------------------------------------------------


def _stage(
    cur: duckdb.DuckDBPyConnection, rows: str, columns: tuple[str, ...], table: str, pauses: str | None = None
) -> None:
    """Stage the rows of `rows` the database already holds as `_stage`, each with an `_action`:
    update, same, or older than the database. With `pauses` (the file's pauses), a ticket whose
    pauses differ from the ones held is an update too, even when none of its columns changed.
    The other rows are new: they are not copied here but inserted straight from `rows` (an
    anti-join on `_stage`), so a first import of a million rows is written once."""
    changed = " OR ".join(f"s.{c} IS DISTINCT FROM t.{c}" for c in columns if c != "id")
    if pauses:
        cols = ", ".join(PAUSE_COLUMNS)
        cur.execute(
            f"""CREATE OR REPLACE TEMP TABLE _pause_changed AS
            SELECT DISTINCT ticket_id FROM (
                (SELECT {cols} FROM {pauses} EXCEPT SELECT {cols} FROM ticket_pause)
                UNION ALL
                (SELECT {cols} FROM ticket_pause WHERE ticket_id IN (SELECT id FROM {rows})
                 EXCEPT SELECT {cols} FROM {pauses}))"""
        )
        changed += " OR s.id IN (SELECT ticket_id FROM _pause_changed)"
    older = "t.source_updated_at > s.source_updated_at" if table == "ticket" else "false"
    cur.execute(
        f"""CREATE TEMP TABLE _stage AS
        SELECT s.*, CASE WHEN {older} THEN 'older' WHEN {changed} THEN 'update' ELSE 'same' END AS _action
        FROM (SELECT {", ".join(columns)} FROM {rows}) s JOIN {table} t ON t.id = s.id"""
    )


def _apply(
    cur: duckdb.DuckDBPyConnection,
    rows: str,
    to_load: int,
    columns: tuple[str, ...],
    table: str,
    result: ImportResult,
    ordered_by: str | None = None,
) -> None:
    counts = dict(cur.execute("SELECT _action, count(*) FROM _stage GROUP BY _action").fetchall())
    result.rows_loaded, result.rows_updated = to_load - sum(counts.values()), counts.get("update", 0)
    result.rows_unchanged, result.rows_older = counts.get("same", 0), counts.get("older", 0)
    names = ", ".join(columns)
    sets = ", ".join(f"{c} = u.{c}" for c in columns if c != "id")
    # New rows by a plain insert (an upsert of a million rows is many times slower), updates in
    # place. No foreign key refers to a ticket (schema.UNCHECKED_REFERENCES), so a ticket with
    # pauses, complaints or escalations changes its client, product or directorate like any other.
    # `ordered_by`: the new rows are written in that order (see _load_tickets).
    if result.rows_loaded:
        known = " ANTI JOIN _stage k ON k.id = s.id" if counts else ""
        picked = ", ".join(f"s.{c}" for c in columns)
        order = f" ORDER BY s.{ordered_by}" if ordered_by else ""
        cur.execute(f"INSERT INTO {table} ({names}) SELECT {picked} FROM {rows} s{known}{order}")
    if result.rows_updated:  # (the ticket id has no index to upsert on: schema.TICKET_ID)
        cur.execute(
            f"UPDATE {table} SET {sets} FROM (SELECT * FROM _stage WHERE _action = 'update') u "
            f"WHERE {table}.id = u.id"
        )


def _load_tickets(cur: duckdb.DuckDBPyConnection, mapped: Mapped, result: ImportResult) -> None:
    # The pattern cases the tickets name, before the tickets that refer to them; a case the
    # database holds keeps its pattern, client and start.
    cur.execute(
        f"""INSERT INTO pattern_instance
        SELECT pattern_instance_id, min(pattern_code), min(client_code), min(registered_at)
        FROM {mapped.rows} WHERE pattern_instance_id IS NOT NULL GROUP BY pattern_instance_id
        ON CONFLICT (id) DO NOTHING"""
    )
    _stage(cur, mapped.rows, TICKET_COLUMNS, "ticket", mapped.pauses if mapped.has_pauses else None)
    # In a big ticket table the new tickets are written by registration, import by import, so
    # that its row groups, and those of ticket_sla (which the SLA refresh writes in the ticket
    # table's order), each hold a short stretch of time that a period's scan can skip. Up to
    # sla.SORTED_PAST tickets neither table is sorted (a first file of a million: 0.6 s less);
    # they keep the order the import wrote them in, that of the file row group by row group.
    held = cur.execute("SELECT count(*) FROM ticket").fetchone()[0]
    by_registration = sorted_by_registration(held + mapped.rows_to_load)
    _apply(
        cur,
        mapped.rows,
        mapped.rows_to_load,
        TICKET_COLUMNS,
        "ticket",
        result,
        "registered_at" if by_registration else None,
    )
    if mapped.has_pauses:
        # The export's pauses replace the ones we hold for every ticket it updates.
        cur.execute(
            "DELETE FROM ticket_pause WHERE ticket_id IN (SELECT id FROM _stage WHERE _action = 'update')"
        )
    if mapped.has_pauses:
        # The pauses of the tickets loaded: new or updated, not the same or older ones.
        loaded = (
            f"FROM {mapped.pauses} p SEMI JOIN {mapped.rows} r ON r.id = p.ticket_id "
            "ANTI JOIN (SELECT id FROM _stage WHERE _action IN ('same', 'older')) k ON k.id = p.ticket_id"
        )
        cur.execute(
            f"CREATE TEMP TABLE _loaded_pauses AS SELECT {', '.join('p.' + c for c in PAUSE_COLUMNS)} {loaded}"
        )
        cur.execute(f"INSERT INTO ticket_pause ({', '.join(PAUSE_COLUMNS)}) SELECT * FROM _loaded_pauses")
        result.pauses = cur.execute("SELECT count(*) FROM _loaded_pauses").fetchall()[0][0]
        cur.execute("DROP TABLE _loaded_pauses")


def _load_interactions(cur: duckdb.DuckDBPyConnection, mapped: Mapped, result: ImportResult) -> None:
    _stage(cur, mapped.rows, INTERACTION_COLUMNS, "interaction")
    _apply(cur, mapped.rows, mapped.rows_to_load, INTERACTION_COLUMNS, "interaction", result)


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


def _quarantine(cur: duckdb.DuckDBPyConnection, import_id: int, table: SourceTable, mapped: Mapped) -> None:
    """One quarantine row per line with problems: its fields, reasons and the row as it was read.
    The reasons are kept twice: in English (the command line's and the log's language) and as
    catalogue messages with their values (`problems`), which a page shows in its reader's language
    (gdmetrics.importing.reading.reasons_in)."""
    if not mapped.problem_count:
        return
    cells = ", ".join(f"coalesce(s.c{i}, '')" for i in range(1, len(table.columns) + 1)) or "''"
    reasons = reasons_table(cur, mapped.problems_table)  # stored in English, as the CLI and the log
    cur.execute(
        f"""INSERT INTO import_quarantine
        WITH p AS (SELECT line, coalesce(source_column, field) AS name, field,
                          {reason_sql("q", reasons)} AS reason, round,
                          [q.message, q.fixed, q.value, q.other] AS problem
                   FROM {mapped.problems_table} q JOIN {reasons} USING (message, fixed)),
        f AS (SELECT line, string_agg(name, ', ' ORDER BY first) AS fields
              FROM (SELECT line, name, min(field) AS first FROM p WHERE name IS NOT NULL GROUP BY ALL)
              GROUP BY line),
        r AS (SELECT line, string_agg(reason, '; ' ORDER BY field, round, reason) AS reasons,
                     to_json(list(problem ORDER BY field, round, reason))::VARCHAR AS problems
              FROM p GROUP BY line)
        SELECT $id, r.line, f.fields, r.reasons, left(concat_ws($sep, {cells}), $max), r.problems
        FROM r LEFT JOIN f USING (line) LEFT JOIN {table.table} s USING (line)
        ORDER BY r.line""",
        {"id": import_id, "sep": table.separator or ";", "max": MAX_RAW_CHARS},
    )


def _set_data_as_of(cur: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """The data's as-of moment (for open tickets' clocks): the latest moment any ticket mentions."""
    # the latest of each column's own maximum (greatest() passes over NULLs): a plain max per
    # column, several times cheaper than a greatest() per ticket at 10M tickets
    latest = cur.execute(
        "SELECT greatest(max(registered_at), max(resolved_at), max(closed_at), max(source_updated_at)) FROM ticket"
    ).fetchall()[0][0]
    if latest is not None:
        cur.execute("INSERT OR REPLACE INTO meta VALUES ('data_as_of', $v)", {"v": latest.isoformat(sep=" ")})
    return latest


def default_max_bytes() -> int:
    """The upload limit from settings, in bytes."""
    return get_settings().max_upload_mb * 1024 * 1024
