"""Importing and exporting the reference-data workbook: all or nothing, audited, verdicts recomputed.

The order: the file's shape (`workbook.read_workbook`), every row and its references
(`validate`), then in one transaction the rows added, updated or removed under the history rules
(`apply`), the verdicts of the tickets those rows can reach recomputed (`sla.refresh_ticket_sla`,
only touched) and one audit line saying who
loaded what, with the changes (before and after) and the row counts before and after. Any
problem: nothing is written, and every problem is named (sheet, row, column, reason). A workbook
the database already holds writes nothing at all.

A database without default norms gets them from `Settings.default_norms` when a workbook or a
ticket file is imported into it (`defaults.ensure_default_norms`), unless the workbook's
Standaardnormen sheet gives them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import duckdb

from gdmetrics.access import insert_audit
from gdmetrics.reference.apply import Outcome, apply_entries
from gdmetrics.reference.defaults import ensure_default_norms
from gdmetrics.reference.spec import SHEETS
from gdmetrics.reference.validate import check_references, parse_rows
from gdmetrics.reference.workbook import WorkbookRejected, read_workbook, write_workbook
from gdmetrics.settings import Settings, get_settings

REFERENCE_TABLES = tuple(s.table for s in SHEETS)


def _counts(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (*REFERENCE_TABLES, "ticket")}


def import_reference(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    actor: str,
    *,
    now: dt.datetime | None = None,
    settings: Settings | None = None,
) -> Outcome:
    """Import the reference workbook in `data`: all or nothing, audited, verdicts recomputed.

    Raises WorkbookRejected (every problem: sheet, row, column, reason) with nothing written.
    The same workbook imported again writes nothing at all (`Outcome.unchanged`)."""
    from gdmetrics.calendar import ensure_calendar
    from gdmetrics.sla import refresh_ticket_sla, remember_inputs

    settings = settings or get_settings()
    sheets = read_workbook(
        data,
        max_rows=settings.reference_max_rows,
        max_bytes=settings.max_upload_mb * 2**20,
        max_unpacked_bytes=settings.import_max_xlsx_unpacked_mb * 2**20,
    )
    entries, problems = parse_rows(sheets)
    cur = con.cursor()
    problems += check_references(cur, [e for e in entries])
    if problems:
        raise WorkbookRejected(problems)
    ensure_calendar(cur, settings)  # derived; the verdicts below need it (on cur: see sla)
    out = Outcome(file_name, hashlib.sha256(data).hexdigest())
    cur.execute("BEGIN")
    try:
        out.counts_before = _counts(cur)
        remember_inputs(cur)  # the verdicts recomputed are those of the tickets the rows can reach
        if not any(e.sheet.table == "default_norm" and not e.remove for e in entries):
            # Only when the workbook gives none: a Standaardnormen sheet filled in is what counts.
            out.default_norms_from_settings = ensure_default_norms(cur, settings)
        problems = apply_entries(cur, entries, out)
        if problems:
            raise WorkbookRejected(problems)
        if out.unchanged:
            cur.execute("ROLLBACK")
            out.counts_after = out.counts_before
            return out
        out.tickets_recomputed = refresh_ticket_sla(cur, settings=settings, only_touched=True)
        out.counts_after = _counts(cur)
        detail = {
            "workbook": file_name,
            "sha256": out.content_hash,
            "changes": out.changes,
            "keys": {s: keys[:50] for s, keys in out.changed_keys.items()},
            "before_after": out.changed_values,
            "default_norms_from_settings": out.default_norms_from_settings,
            "counts_before": out.counts_before,
            "counts_after": out.counts_after,
        }
        insert_audit(
            cur,
            actor,
            "import",
            "reference workbook " + json.dumps(detail, ensure_ascii=False),
            now or dt.datetime.now(),
        )
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    return out


def publish_reference(
    db: Path | str, data: bytes, file_name: str, actor: str, *, settings: Settings | None = None
) -> tuple[Outcome, int | None]:
    """`import_reference` through the one writer path (gdmetrics.store): a changed workbook becomes
    a new published version (its number is returned), while readers keep the published one. A
    rejected workbook (WorkbookRejected) or one the database already holds publishes nothing;
    its line goes to the access log (store.record)."""
    from gdmetrics import store

    try:
        with store.writer(
            db, actor=actor, reason=f"reference workbook {file_name}", kind="import", settings=settings
        ) as w:
            try:
                outcome = import_reference(w.con, data, file_name, actor, settings=settings)
            except WorkbookRejected as exc:
                w.discard()
                store.record(db, actor, "import_rejected", f"reference workbook {file_name} rejected: {exc}")
                raise
            if outcome.unchanged:
                w.discard()
                store.record(db, actor, "import", outcome.summary())
    except WorkbookRejected:
        raise
    except BaseException as exc:  # any other failure leaves a line too (issue 12)
        detail = f"reference workbook {file_name}: {' '.join(str(exc).split())[:500] or type(exc).__name__}"
        store.record(db, actor, "import_failed", detail)
        raise
    return outcome, w.published.number if w.published else None


# --- export -------------------------------------------------------------------------------------------


def reference_data(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict[str, object]]]:
    """Every reference table as rows of {field: value}, by sheet name, ordered by key."""
    cur = con.cursor()
    out = {}
    for sheet in SHEETS:
        cols = ", ".join(c.field for c in sheet.columns)  # names from the sheet spec only
        cur.execute(f"SELECT {cols} FROM {sheet.table} ORDER BY {', '.join(sheet.key)}")
        names = [d[0] for d in cur.description]
        out[sheet.name] = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    return out


def export_reference(con: duckdb.DuckDBPyConnection) -> bytes:
    """The database's reference data as the workbook (download, edit, import again)."""
    return write_workbook(reference_data(con))


def template() -> bytes:
    """The empty workbook: Toelichting and every sheet with only its header."""
    return write_workbook({})
