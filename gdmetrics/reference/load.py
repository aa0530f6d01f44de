"""Importing and exporting the reference-data workbook: validate every row, then apply it in one transaction.

The order: the file's shape (`workbook.read_workbook`), every row through its sheet's model,
duplicate keys, references between sheets and to the database (unknown product, missing parent,
a cycle of parents), periods that may not overlap (a client's DVA's, mantel agreements); then,
in one transaction, the rows are added, updated or removed, the history rules below are checked
against the database, the verdicts are recomputed (`sla.refresh_ticket_sla`) and one audit line
says who loaded what, with the changes and the row counts before and after. Any problem: nothing
is written, and every problem is named (sheet, row, column, reason).

History rules (what "never rewrite history" means here):
- Productnormen go through the norm editor's rule (`catalogue_edit.apply_norm_version`): a new
  `Geldig vanaf` closes the version valid then; the latest version's hours may be corrected in
  place (as in the editor); an older version's hours may not change.
- A product's own norm (Producten: Reactienorm/Oplosnorm) cannot change once set, for the reason
  `catalogue_edit.OWN_NORM_REFUSED` gives.
- A DVA or mantel agreement under which tickets were already registered keeps its client, kind,
  start, lines and standards' targets; it may be ended (`Geldig tot`) and a new one started.
  Before any ticket falls under it, it may be changed freely.
- Standaardnormen have no validity; changing one re-judges every ticket that has no other norm
  (documented on the sheet).
- Removing needs `Verwijderen` = ja and nothing referring to the row. DuckDB checks foreign keys
  against the state at the start of a transaction, so a DVA and its lines (a mantel and its
  standards, a pattern and its steps) are removed in two imports: the lines first.

A database without default norms gets them from `Settings.default_norms` when a workbook or a
ticket file is imported into it (`ensure_default_norms`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated

import duckdb
from pydantic import TypeAdapter, ValidationError

from gdmetrics.access import insert_audit
from gdmetrics.catalogue_edit import (
    OWN_NORM_REFUSED,
    NormChange,
    error_text,
    plan_norm_version,
    write_norm_versions,
)
from gdmetrics.reference.defaults import ensure_default_norms
from gdmetrics.reference.spec import REMOVE, SHEETS, Row, Sheet, _yes_no
from gdmetrics.reference.workbook import Problem, WorkbookRejected, read_workbook, write_workbook
from gdmetrics.settings import Settings, get_settings

REFERENCE_TABLES = tuple(s.table for s in SHEETS)


@dataclass(frozen=True)
class Entry:
    """One validated data row: where it came from, its key, and its values (None: a removal)."""

    sheet: Sheet
    row: int
    key: tuple
    values: Row | None

    @property
    def remove(self) -> bool:
        return self.values is None


@dataclass
class Outcome:
    """What an import did, per sheet: rows added, changed, removed; and the counts around it."""

    file_name: str
    content_hash: str
    changes: dict[str, dict[str, int]] = field(default_factory=dict)
    changed_keys: dict[str, list[str]] = field(default_factory=dict)
    default_norms_from_settings: int = 0
    counts_before: dict[str, int] = field(default_factory=dict)
    counts_after: dict[str, int] = field(default_factory=dict)
    tickets_recomputed: int = 0

    @property
    def unchanged(self) -> bool:
        return not self.default_norms_from_settings and not any(
            sum(c.values()) for c in self.changes.values()
        )

    def count(self, sheet: str, what: str) -> None:
        self.changes.setdefault(sheet, {"toegevoegd": 0, "gewijzigd": 0, "verwijderd": 0})[what] += 1

    def summary(self) -> str:
        if self.unchanged:
            return f"{self.file_name}: nothing changed (the database already holds this workbook)"
        parts = [
            f"{sheet}: " + ", ".join(f"{n} {what}" for what, n in c.items() if n)
            for sheet, c in self.changes.items()
            if sum(c.values())
        ]
        if self.default_norms_from_settings:
            parts.append(f"{self.default_norms_from_settings} default norms from settings")
        return f"{self.file_name}: " + "; ".join(parts) + f"; {self.tickets_recomputed} verdicts recomputed"


# --- reading and validating ----------------------------------------------------------------------


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    return value


def _key_text(key: tuple) -> str:
    return " / ".join(str(_plain(k)) for k in key)


def _removal_key(sheet: Sheet, values: dict) -> tuple:
    """The key of a row to remove, each part checked with its field's own type (the rest is ignored)."""
    checked, errors = [], []
    for k in sheet.key:
        info = sheet.model.model_fields[k]
        try:
            checked.append(
                TypeAdapter(Annotated[info.annotation, *info.metadata]).validate_python(values.get(k))
            )
        except ValidationError as exc:
            errors += [{**err, "loc": (k,)} for err in exc.errors()]
    if errors:
        raise _KeyInvalid(errors)
    return tuple(checked)


class _KeyInvalid(Exception):
    def __init__(self, errors: list[dict]) -> None:
        self.error_list = errors

    def errors(self) -> list[dict]:
        return self.error_list


def parse_rows(sheets: dict) -> tuple[list[Entry], list[Problem]]:
    """Every data row through its sheet's model; removals need only the key."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for sheet in SHEETS:
        by_header = {c.header: c for c in sheet.columns}
        seen: dict[tuple, int] = {}
        for row_no, cells in sheets[sheet.name].rows:
            values = {
                by_header[h].field: v
                for h, v in cells.items()
                if h in by_header and not by_header[h].info_only
            }
            remove = False
            if REMOVE in cells:
                try:
                    remove = bool(_yes_no(cells[REMOVE]))
                except ValueError as exc:
                    problems.append(Problem(sheet.name, row_no, REMOVE, str(exc)))
                    continue
            try:
                if remove:
                    key = _removal_key(sheet, values)
                    model_values = None
                else:
                    model_values = sheet.model.model_validate(values)
                    key = tuple(getattr(model_values, k) for k in sheet.key)
            except (ValidationError, _KeyInvalid) as exc:
                for error in exc.errors():
                    loc = error["loc"][0] if error["loc"] else None
                    column = sheet.header_of(str(loc)) if loc else None
                    reason = error["msg"].removeprefix("Value error, ")
                    if error["type"] == "missing":
                        reason = "required; this cell is empty"
                    problems.append(Problem(sheet.name, row_no, column, reason))
                continue
            if key in seen:
                problems.append(
                    Problem(
                        sheet.name,
                        row_no,
                        ", ".join(sheet.header_of(k) for k in sheet.key),
                        f"{_key_text(key)} appears twice (also on row {seen[key]})",
                    )
                )
                continue
            seen[key] = row_no
            entries.append(Entry(sheet, row_no, key, model_values))
    return entries, problems


def _db_rows(cur: duckdb.DuckDBPyConnection, sheet: Sheet) -> dict[tuple, dict]:
    cols = ", ".join(sheet.fields)  # names from the sheet spec only
    keys = ", ".join(sheet.key)
    cur.execute(f"SELECT {cols} FROM {sheet.table} ORDER BY {keys}")
    names = [d[0] for d in cur.description]
    out = {}
    for row in cur.fetchall():
        record = dict(zip(names, row, strict=True))
        out[tuple(record[k] for k in sheet.key)] = record
    return out


def _overlaps(periods: Iterable[tuple[str, dt.date, dt.date, Entry | None]]) -> list[tuple]:
    ordered = sorted(periods, key=lambda p: (p[1], p[0]))
    return [(a, b) for a, b in zip(ordered, ordered[1:], strict=False) if b[1] < a[2]]


def check_references(cur: duckdb.DuckDBPyConnection, entries: list[Entry]) -> list[Problem]:
    """References to rows that neither the workbook nor the database holds (or that are removed),
    a cycle of client parents, parents that are no DG, unknown figures, overlapping periods."""
    from gdmetrics.figures.registry import REGISTRY

    problems: list[Problem] = []
    db = {s.name: _db_rows(cur, s) for s in SHEETS}
    by_sheet: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_sheet[e.sheet.name].append(e)
    removed = {s.name: {e.key for e in by_sheet[s.name] if e.remove} for s in SHEETS}
    known = {
        s.name: (set(db[s.name]) | {e.key for e in by_sheet[s.name] if not e.remove}) - removed[s.name]
        for s in SHEETS
    }
    for e in entries:
        if e.remove:
            continue
        for ref in e.sheet.references:
            value = getattr(e.values, ref.field)
            if value is not None and (value,) not in known[ref.sheet]:
                gone = (value,) in removed[ref.sheet]
                problems.append(
                    Problem(
                        e.sheet.name,
                        e.row,
                        e.sheet.header_of(ref.field),
                        f"{value!r} is removed on sheet {ref.sheet}"
                        if gone
                        else f"unknown: {value!r} is not on sheet {ref.sheet} nor in the database",
                    )
                )
        if e.sheet.table == "mantel_standard" and e.values.figure_id not in REGISTRY:
            problems.append(
                Problem(
                    e.sheet.name,
                    e.row,
                    e.sheet.header_of("figure_id"),
                    f"unknown figure {e.values.figure_id!r} (python -m gdmetrics figures)",
                )
            )

    # Clients: the merged picture of kinds and parents, then cycles and DG parents.
    clients = {k[0]: (r["kind"], r["parent_code"], None) for k, r in db["Klanten"].items()}
    for e in by_sheet["Klanten"]:
        if e.remove:
            clients.pop(e.key[0], None)
        else:
            clients[e.key[0]] = (e.values.kind, e.values.parent_code, e)
    reported: set[str] = set()
    for code, (_, _, entry) in clients.items():
        path, node = [], code
        while node in clients and node not in path:
            path.append(node)
            node = clients[node][1]
        if node in path and code == node and code not in reported:
            cycle = path[path.index(node) :]
            reported.update(cycle)
            problems.append(
                Problem(
                    "Klanten",
                    entry.row if entry else None,
                    "Valt onder",
                    "a cycle of parents: " + " -> ".join([*cycle, node]),
                )
            )
    for code, (_, parent, entry) in clients.items():
        if entry and parent and parent in clients and code not in reported and clients[parent][0] != "dg":
            problems.append(
                Problem(
                    "Klanten",
                    entry.row,
                    "Valt onder",
                    f"{parent!r} is a {clients[parent][0]}, not a dg; a directie belongs to a DG",
                )
            )

    # Periods that may not overlap: mantel agreements, and each client's DVA's.
    def merged(sheet: str) -> dict[tuple, tuple[dict, Entry | None]]:
        rows = {k: (r, None) for k, r in db[sheet].items()}
        for e in by_sheet[sheet]:
            if e.remove:
                rows.pop(e.key, None)
            else:
                rows[e.key] = (e.values.model_dump(), e)
        return rows

    def report(sheet: str, pairs: list[tuple]) -> None:
        for a, b in pairs:
            entry = b[3] or a[3]
            problems.append(
                Problem(
                    sheet,
                    entry.row if entry else None,
                    "Geldig vanaf",
                    f"{a[0]} ({a[1]:%d-%m-%Y} to {a[2]:%d-%m-%Y}) and {b[0]} ({b[1]:%d-%m-%Y} to "
                    f"{b[2]:%d-%m-%Y}) overlap; end the first (Geldig tot) where the second begins",
                )
            )

    mantels = merged("Mantel")
    report("Mantel", _overlaps((k[0], r["valid_from"], r["valid_to"], e) for k, (r, e) in mantels.items()))
    per_client: dict[str, list] = defaultdict(list)
    for k, (r, e) in merged("DVA's").items():
        per_client[r["client_code"]].append((k[0], r["valid_from"], r["valid_to"], e))
    for periods in per_client.values():
        report("DVA's", _overlaps(periods))
    return problems


# --- applying --------------------------------------------------------------------------------------


def _tickets_in(
    cur: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, client: str | None = None
) -> int:
    return cur.execute(
        """SELECT count(*) FROM ticket WHERE CAST(registered_at AS DATE) >= $f AND CAST(registered_at AS DATE) < $t
           AND ($c IS NULL OR client_code = $c)""",
        {"f": start, "t": end, "c": client},
    ).fetchone()[0]


FROZEN_DVA = ("client_code", "kind", "mantel_id", "valid_from")


def _history_problem(
    cur: duckdb.DuckDBPyConnection, e: Entry, old: dict | None, diff: dict, existed: dict[str, set[str]]
) -> str | None:
    """Why this change would rewrite history (None: it would not). A DVA or mantel added by this
    same workbook has no history yet: its lines and standards are new."""
    table = e.sheet.table
    if table == "product" and old is not None:
        own = [
            f for f in ("response_norm_hours", "resolution_norm_hours") if f in diff and old[f] is not None
        ]
        if own:
            return OWN_NORM_REFUSED
    if table == "dva" and old is not None and set(diff) & set(FROZEN_DVA):
        n = _tickets_in(cur, old["valid_from"], old["valid_to"], old["client_code"])
        if n:
            return (
                f"DVA {old['id']} already applies to {n} tickets, so its "
                + ", ".join(e.sheet.header_of(f) for f in FROZEN_DVA if f in diff)
                + " cannot change; end it (Geldig tot) and start a new DVA with a new code"
            )
    if table == "dva_line" and e.values.dva_id in existed["dva"]:
        dva = cur.execute(
            "SELECT client_code, valid_from, valid_to FROM dva WHERE id = $d", {"d": e.values.dva_id}
        ).fetchone()
        if dva and (n := _tickets_in(cur, dva[1], dva[2], dva[0])):
            return (
                f"DVA {e.values.dva_id} already applies to {n} tickets, so its lines are history; end it "
                "(Geldig tot) and start a new DVA with a new code"
            )
    if table == "mantel_agreement" and old is not None and "valid_from" in diff:
        if n := _tickets_in(cur, old["valid_from"], old["valid_to"]):
            return f"mantel {old['id']} already applies to {n} tickets, so its start cannot change"
    if (
        table == "mantel_standard"
        and e.values.mantel_id in existed["mantel_agreement"]
        and (old is None or set(diff) & {"figure_id", "target"})
    ):
        mantel = cur.execute(
            "SELECT valid_from, valid_to FROM mantel_agreement WHERE id = $m", {"m": e.values.mantel_id}
        ).fetchone()
        if mantel and (n := _tickets_in(cur, mantel[0], mantel[1])):
            return (
                f"mantel {e.values.mantel_id} already applies to {n} tickets, so its standards and targets "
                "are history; end it (Geldig tot) and start a new mantel agreement"
            )
    return None


def _depth(e: Entry, clients: list[Entry]) -> int:
    """How many parents above this client are on the sheet too (cycles were refused before)."""
    parents = {c.key[0]: c.values.parent_code for c in clients}
    depth, node = 0, e.values.parent_code
    while node in parents and depth <= len(parents):
        depth, node = depth + 1, parents[node]
    return depth


def _where(sheet: Sheet) -> str:
    return " AND ".join(f"{k} = $k_{k}" for k in sheet.key)


def _key_params(sheet: Sheet, key: tuple) -> dict:
    return {f"k_{k}": v for k, v in zip(sheet.key, key, strict=True)}


def _insert_many(
    cur: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], rows: list[tuple]
) -> None:
    """One statement for many rows (row by row is slow in DuckDB); names from the sheet spec only."""
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        marks = "(" + ", ".join("?" for _ in columns) + ")"
        cur.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join(marks for _ in chunk)}",
            [value for row in chunk for value in row],
        )


NORM_FIELDS = ("valid_from", "valid_to", "response_norm_hours", "resolution_norm_hours")


def _apply_norms(
    cur: duckdb.DuckDBPyConnection, entries: list[Entry], out: Outcome, problems: list[Problem]
) -> None:
    """Each product and priority's versions through the norm editor's rule (`plan_norm_version`),
    in the order of their dates; then the difference is written."""
    current: dict[tuple, list[dict]] = defaultdict(list)
    for product, priority, *values in cur.execute(
        f"SELECT product_code, priority, {', '.join(NORM_FIELDS)} FROM product_norm ORDER BY 1, 2, 3"
    ).fetchall():
        current[(product, priority)].append(dict(zip(NORM_FIELDS, values, strict=True)))
    groups: dict[tuple, list[Entry]] = defaultdict(list)
    for e in entries:
        groups[(e.values.product_code, e.values.priority)].append(e)
    new_rows: list[tuple] = []
    for (product, priority), group in sorted(groups.items()):
        before = current.get((product, priority), [])
        versions = list(before)
        for e in sorted(group, key=lambda e: e.values.valid_from):
            v = e.values
            same_day = next((x for x in versions if x["valid_from"] == v.valid_from), None)
            hours = (_plain(v.response_norm_hours), _plain(v.resolution_norm_hours))
            if (
                same_day
                and (_plain(same_day["response_norm_hours"]), _plain(same_day["resolution_norm_hours"]))
                == hours
            ):
                continue
            if same_day and same_day is not versions[-1]:
                problems.append(
                    Problem(
                        e.sheet.name,
                        e.row,
                        "Oplosnorm (uren)",
                        f"the version from {v.valid_from:%d-%m-%Y} is not the latest; an earlier "
                        "version is history and keeps its hours (give a new Geldig vanaf)",
                    )
                )
                continue
            try:
                change = NormChange(
                    product_code=product,
                    priority=priority,
                    valid_from=v.valid_from,
                    response_norm_hours=v.response_norm_hours,
                    resolution_norm_hours=v.resolution_norm_hours,
                )
                versions, _ = plan_norm_version(versions, change)
            except (ValueError, ValidationError) as exc:
                problems.append(Problem(e.sheet.name, e.row, "Geldig vanaf", error_text(exc)))
                continue
            out.count(e.sheet.name, "gewijzigd" if same_day else "toegevoegd")
            out.changed_keys.setdefault(e.sheet.name, []).append(_key_text(e.key))
        if not before:
            new_rows += [(product, priority, *(x[f] for f in NORM_FIELDS)) for x in versions]
        elif versions != before:
            write_norm_versions(cur, product, priority, before, versions)
    _insert_many(cur, "product_norm", ("product_code", "priority", *NORM_FIELDS), new_rows)


def _referrers(cur: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, list[str], list[str]]]:
    rows = cur.execute(
        """SELECT table_name, constraint_column_names, referenced_column_names FROM duckdb_constraints()
           WHERE constraint_type = 'FOREIGN KEY' AND referenced_table = $t""",
        {"t": table},
    ).fetchall()
    return [(r[0], list(r[1]), list(r[2])) for r in rows]


def apply_entries(cur: duckdb.DuckDBPyConnection, entries: list[Entry], out: Outcome) -> list[Problem]:
    """Add, update and remove the rows, inside the caller's transaction; returns the problems
    found against the database (the caller rolls back when there are any)."""
    problems: list[Problem] = []
    by_sheet: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_sheet[e.sheet.name].append(e)
    existed = {
        "dva": {r[0] for r in cur.execute("SELECT id FROM dva").fetchall()},
        "mantel_agreement": {r[0] for r in cur.execute("SELECT id FROM mantel_agreement").fetchall()},
    }
    for sheet in SHEETS:
        upserts = [e for e in by_sheet[sheet.name] if not e.remove]
        if sheet.table == "product_norm":
            _apply_norms(cur, upserts, out, problems)
            continue
        if sheet.table == "client":
            upserts = sorted(upserts, key=lambda e: _depth(e, upserts))
        current = _db_rows(cur, sheet)
        inserts: list[list[tuple]] = [[]]  # clients in levels: a parent's row before its directies'
        level: dict[str, int] = {}
        for e in upserts:
            new = e.values.model_dump()
            old = current.get(e.key)
            diff = {f: new[f] for f in sheet.fields if old is None or _plain(old[f]) != _plain(new[f])}
            if old is not None and not diff:
                continue
            reason = _history_problem(cur, e, old, diff, existed)
            if reason:
                problems.append(
                    Problem(sheet.name, e.row, ", ".join(sheet.header_of(f) for f in diff), reason)
                )
                continue
            if old is None:
                depth = 0
                if sheet.table == "client" and new["parent_code"] in level:
                    depth = level[new["parent_code"]] + 1
                    level[e.key[0]] = depth
                else:
                    level[e.key[0]] = 0
                while len(inserts) <= depth:
                    inserts.append([])
                inserts[depth].append(tuple(new[f] for f in sheet.fields))
                out.count(sheet.name, "toegevoegd")
            else:
                sets = ", ".join(f"{f} = ${f}" for f in diff)  # names from the sheet spec only
                cur.execute(
                    f"UPDATE {sheet.table} SET {sets} WHERE {_where(sheet)}", diff | _key_params(sheet, e.key)
                )
                out.count(sheet.name, "gewijzigd")
            out.changed_keys.setdefault(sheet.name, []).append(_key_text(e.key))
        for rows in inserts:
            _insert_many(cur, sheet.table, sheet.fields, rows)
    for sheet in reversed(SHEETS):
        removals = [e for e in by_sheet[sheet.name] if e.remove]
        if not removals:
            continue
        current = _db_rows(cur, sheet)
        referrers = _referrers(cur, sheet.table)
        for e in removals:
            if e.key not in current:
                continue  # already gone: removing again changes nothing
            used = []
            for table, cols, ref_cols in referrers:
                values = {
                    f"v{i}": current[e.key][c] if c in current[e.key] else e.key[sheet.key.index(c)]
                    for i, c in enumerate(ref_cols)
                }
                where = " AND ".join(f"{c} = $v{i}" for i, c in enumerate(cols))
                n = cur.execute(f"SELECT count(*) FROM {table} WHERE {where}", values).fetchone()[0]
                if n:
                    used.append(f"{n} rows of {table}")
            if used:
                problems.append(
                    Problem(
                        sheet.name,
                        e.row,
                        REMOVE,
                        f"{_key_text(e.key)} is still used by "
                        + ", ".join(used)
                        + "; remove or change those first",
                    )
                )
                continue
            try:
                cur.execute(f"DELETE FROM {sheet.table} WHERE {_where(sheet)}", _key_params(sheet, e.key))
            except duckdb.ConstraintException:
                problems.append(
                    Problem(
                        sheet.name,
                        e.row,
                        REMOVE,
                        f"{_key_text(e.key)}: its own rows (lines, standards, steps) are removed "
                        "in this same workbook; import that first, then remove this row in a "
                        "second import",
                    )
                )
                continue
            out.count(sheet.name, "verwijderd")
            out.changed_keys.setdefault(sheet.name, []).append(_key_text(e.key))
    return problems


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
    from gdmetrics.sla import refresh_ticket_sla

    settings = settings or get_settings()
    sheets = read_workbook(
        data, max_rows=settings.reference_max_rows, max_bytes=settings.max_upload_mb * 2**20
    )
    entries, problems = parse_rows(sheets)
    cur = con.cursor()
    problems += check_references(cur, [e for e in entries])
    if problems:
        raise WorkbookRejected(problems)
    ensure_calendar(con, settings)  # derived; the verdicts below need it
    out = Outcome(file_name, hashlib.sha256(data).hexdigest())
    cur.execute("BEGIN")
    try:
        out.counts_before = _counts(cur)
        out.default_norms_from_settings = ensure_default_norms(cur, settings)
        problems = apply_entries(cur, entries, out)
        if problems:
            raise WorkbookRejected(problems)
        if out.unchanged:
            cur.execute("ROLLBACK")
            out.counts_after = out.counts_before
            return out
        out.tickets_recomputed = refresh_ticket_sla(cur, settings=settings)
        out.counts_after = _counts(cur)
        detail = {
            "workbook": file_name,
            "sha256": out.content_hash,
            "changes": out.changes,
            "keys": {s: keys[:50] for s, keys in out.changed_keys.items()},
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
