"""Applying checked reference rows inside the caller's transaction, without rewriting history.

What "never rewrite history" means here:
- Productnormen go through the norm editor's rule (`catalogue_edit.plan_norm_version`): a new
  `Geldig vanaf` closes the version valid then; the latest version's hours may be corrected in
  place (as in the editor); an older version's hours may not change.
- A product's own norm (Producten: Reactienorm/Oplosnorm) cannot change once set, for the reason
  `catalogue_edit.OWN_NORM_REFUSED` gives (`OWN_NORM_FIXED`, the same in the text catalogue).
- A DVA or mantel agreement under which tickets were already registered keeps its client, kind,
  mantel, start, lines and standards' targets; it may be ended (`Geldig tot`) and a new one
  started. Before any ticket falls under it (or when this workbook adds it), it may be changed.
- Standaardnormen have no validity; changing one re-judges every ticket that has no other norm
  (documented on the sheet).
- Removing needs `Verwijderen` = ja and nothing referring to the row (by a foreign key, or by
  one of the ticket tables' references without one, `schema.UNCHECKED_REFERENCES`). DuckDB checks foreign keys
  against the state at the start of a transaction, so a DVA and its lines (a mantel and its
  standards, a pattern and its steps) are removed in two imports: the lines first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import duckdb
from pydantic import ValidationError

from gdmetrics.catalogue_edit import (
    NormChange,
    error_text,
    plan_norm_version,
    write_norm_versions,
)
from gdmetrics.reference.problems import Problem
from gdmetrics.reference.spec import REMOVE, SHEETS, Sheet
from gdmetrics.reference.validate import Entry, db_rows, json_value, key_text, plain
from gdmetrics.schema import UNCHECKED_REFERENCES
from gdmetrics.text import N_, tr


@dataclass
class Outcome:
    """What an import did, per sheet: rows added, changed, removed; and the counts around it."""

    file_name: str
    content_hash: str
    changes: dict[str, dict[str, int]] = field(default_factory=dict)
    changed_keys: dict[str, list[str]] = field(default_factory=dict)
    # Of updated rows: {sheet: {key: {column: [before, after]}}}, the first 50 per sheet.
    changed_values: dict[str, dict[str, dict[str, list]]] = field(default_factory=dict)
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
        self.changes.setdefault(sheet, {"added": 0, "changed": 0, "removed": 0})[what] += 1

    def summary(self, lang: str = "en") -> str:
        """One line: per sheet what was added, changed, removed (sheet names stay the workbook's)."""
        if self.unchanged:
            return tr(
                lang, "{file}: niets gewijzigd (de database bevat deze werkmap al)", file=self.file_name
            )
        counts = {
            "added": lambda n: tr(lang, "{n} toegevoegd", n=n),
            "changed": lambda n: tr(lang, "{n} gewijzigd", n=n),
            "removed": lambda n: tr(lang, "{n} verwijderd", n=n),
        }
        parts = [
            f"{sheet}: " + ", ".join(counts[what](n) for what, n in c.items() if n)
            for sheet, c in self.changes.items()
            if sum(c.values())
        ]
        if self.default_norms_from_settings:
            parts.append(
                tr(lang, "{n} standaardnormen uit de instellingen", n=self.default_norms_from_settings)
            )
        parts.append(tr(lang, "{n} oordelen herberekend", n=self.tickets_recomputed))
        return f"{self.file_name}: " + "; ".join(parts)


def _tickets_in(
    cur: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, client: str | None = None
) -> int:
    return cur.execute(
        """SELECT count(*) FROM ticket WHERE CAST(registered_at AS DATE) >= $f AND CAST(registered_at AS DATE) < $t
           AND ($c IS NULL OR client_code = $c)""",
        {"f": start, "t": end, "c": client},
    ).fetchone()[0]


FROZEN_DVA = ("client_code", "kind", "mantel_id", "valid_from")


OWN_NORM_FIXED = N_(
    "de eigen norm van een product heeft geen geldigheidsdatums en geldt voor elke melding zonder norm "
    "voor haar prioriteit; wijzigen zou oordelen uit het verleden herschrijven: zet een productnorm per "
    "prioriteit vanaf een datum"
)  # catalogue_edit.OWN_NORM_REFUSED, in the catalogue


def _history_problem(
    cur: duckdb.DuckDBPyConnection, e: Entry, old: dict | None, diff: dict, existed: dict[str, set[str]]
) -> tuple[str, dict] | None:
    """Why this change would rewrite history, as a catalogue message and its values (None: it
    would not). A DVA or mantel added by this same workbook has no history yet."""
    table = e.sheet.table
    if table == "product" and old is not None:
        if any(f in diff and old[f] is not None for f in ("response_norm_hours", "resolution_norm_hours")):
            return OWN_NORM_FIXED, {}
    if table == "dva" and old is not None and set(diff) & set(FROZEN_DVA):
        if n := _tickets_in(cur, old["valid_from"], old["valid_to"], old["client_code"]):
            columns = ", ".join(e.sheet.header_of(f) for f in FROZEN_DVA if f in diff)
            message = N_(
                "DVA {dva} geldt al voor {n} meldingen, dus {columns} kan niet meer veranderen; beëindig hem "
                "(Geldig tot) en begin een nieuwe DVA met een nieuwe code"
            )
            return message, {"dva": old["id"], "n": n, "columns": columns}
    if table == "dva_line" and e.values.dva_id in existed["dva"]:
        dva = cur.execute(
            "SELECT client_code, valid_from, valid_to FROM dva WHERE id = $d", {"d": e.values.dva_id}
        ).fetchone()
        if dva and (n := _tickets_in(cur, dva[1], dva[2], dva[0])):
            message = N_(
                "DVA {dva} geldt al voor {n} meldingen, dus de regels zijn geschiedenis; beëindig hem "
                "(Geldig tot) en begin een nieuwe DVA met een nieuwe code"
            )
            return message, {"dva": e.values.dva_id, "n": n}
    if table == "mantel_agreement" and old is not None and "valid_from" in diff:
        if n := _tickets_in(cur, old["valid_from"], old["valid_to"]):
            message = N_(
                "mantel {mantel} geldt al voor {n} meldingen, dus het begin kan niet meer veranderen"
            )
            return message, {"mantel": old["id"], "n": n}
    if (
        table == "mantel_standard"
        and e.values.mantel_id in existed["mantel_agreement"]
        and (old is None or set(diff) & {"figure_id", "target"})
    ):
        mantel = cur.execute(
            "SELECT valid_from, valid_to FROM mantel_agreement WHERE id = $m", {"m": e.values.mantel_id}
        ).fetchone()
        if mantel and (n := _tickets_in(cur, mantel[0], mantel[1])):
            message = N_(
                "mantel {mantel} geldt al voor {n} meldingen, dus de normen en doelen zijn geschiedenis; "
                "beëindig hem (Geldig tot) en begin een nieuwe mantelovereenkomst"
            )
            return message, {"mantel": e.values.mantel_id, "n": n}
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
            hours = (plain(v.response_norm_hours), plain(v.resolution_norm_hours))
            if (
                same_day
                and (plain(same_day["response_norm_hours"]), plain(same_day["resolution_norm_hours"]))
                == hours
            ):
                continue
            if same_day and same_day is not versions[-1]:
                problems.append(
                    Problem(
                        e.sheet.name,
                        e.row,
                        "Oplosnorm (uren)",
                        N_(
                            "de versie vanaf {date:%d-%m-%Y} is niet de laatste; een eerdere versie is "
                            "geschiedenis en houdt haar uren (geef een nieuwe Geldig vanaf)"
                        ),
                        {"date": v.valid_from},
                    )
                )
                continue
            if versions and v.valid_from < versions[-1]["valid_from"]:
                message = N_(
                    "een norm vanaf {date:%d-%m-%Y} ligt vóór de laatste versie, geldig vanaf {latest:%d-%m-%Y}; "
                    "kies die datum of een latere"
                )
                problems.append(
                    Problem(
                        e.sheet.name,
                        e.row,
                        "Geldig vanaf",
                        message,
                        {"date": v.valid_from, "latest": versions[-1]["valid_from"]},
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
            out.count(e.sheet.name, "changed" if same_day else "added")
            out.changed_keys.setdefault(e.sheet.name, []).append(key_text(e.key))
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
    found = [(r[0], list(r[1]), list(r[2])) for r in rows]
    # The ticket tables' references have no foreign key (schema.UNCHECKED_REFERENCES): asked too.
    found += [(t, [c], [rc]) for t, c, rt, rc in UNCHECKED_REFERENCES if rt == table]
    return found


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
        current = db_rows(cur, sheet)
        inserts: list[list[tuple]] = [[]]  # clients in levels: a parent's row before its directies'
        level: dict[str, int] = {}
        for e in upserts:
            new = e.values.model_dump()
            old = current.get(e.key)
            diff = {f: new[f] for f in sheet.fields if old is None or plain(old[f]) != plain(new[f])}
            if old is not None and not diff:
                continue
            refused = _history_problem(cur, e, old, diff, existed)
            if refused:
                problems.append(
                    Problem(sheet.name, e.row, ", ".join(sheet.header_of(f) for f in diff), *refused)
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
                out.count(sheet.name, "added")
            else:
                sets = ", ".join(f"{f} = ${f}" for f in diff)  # names from the sheet spec only
                cur.execute(
                    f"UPDATE {sheet.table} SET {sets} WHERE {_where(sheet)}", diff | _key_params(sheet, e.key)
                )
                out.count(sheet.name, "changed")
                values = out.changed_values.setdefault(sheet.name, {})
                if len(values) < 50:
                    values[key_text(e.key)] = {
                        sheet.header_of(f): [json_value(old[f]), json_value(v)] for f, v in diff.items()
                    }
            out.changed_keys.setdefault(sheet.name, []).append(key_text(e.key))
        for rows in inserts:
            _insert_many(cur, sheet.table, sheet.fields, rows)
    for sheet in reversed(SHEETS):
        removals = [e for e in by_sheet[sheet.name] if e.remove]
        if not removals:
            continue
        current = db_rows(cur, sheet)
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
                    used.append(f"{table} ({n})")
            if used:
                problems.append(
                    Problem(
                        sheet.name,
                        e.row,
                        REMOVE,
                        N_("{key} wordt nog gebruikt in {uses}; verwijder of wijzig die eerst"),
                        {"key": key_text(e.key), "uses": ", ".join(used)},
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
                        N_(
                            "{key}: de eigen rijen (regels, normen, stappen) worden in deze zelfde werkmap "
                            "verwijderd; importeer dat eerst en verwijder deze rij in een tweede import"
                        ),
                        {"key": key_text(e.key)},
                    )
                )
                continue
            out.count(sheet.name, "removed")
            out.changed_keys.setdefault(sheet.name, []).append(key_text(e.key))
    return problems
