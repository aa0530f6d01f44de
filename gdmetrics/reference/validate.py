"""Checking the reference workbook's rows before anything is written: each row through its sheet's
model, duplicate keys, references between sheets and to the database (an unknown product, a
missing parent, a cycle of parents, a DG parent), figures that do not exist, and periods that may
not overlap (mantel agreements; each client's DVA's). Every problem names sheet, row, column and
reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

import duckdb
from pydantic import TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from gdmetrics.reference.problems import Problem, from_pydantic
from gdmetrics.reference.spec import REMOVE, SHEETS, Row, Sheet, yes_no
from gdmetrics.text import N_


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


def plain(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    return value


def json_value(value: object) -> object:
    value = plain(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def key_text(key: tuple) -> str:
    return " / ".join(str(plain(k)) for k in key)


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
                    remove = bool(yes_no(cells[REMOVE]))
                except PydanticCustomError as exc:
                    values = {k: v for k, v in (exc.context or {}).items() if k not in ("message", "column")}
                    problems.append(Problem(sheet.name, row_no, REMOVE, exc.message_template, values))
                    continue
            try:
                if remove:
                    key = _removal_key(sheet, values)
                    model_values = None
                else:
                    model_values = sheet.model.model_validate(values)
                    key = tuple(getattr(model_values, k) for k in sheet.key)
            except (ValidationError, _KeyInvalid) as exc:
                problems += [
                    from_pydantic(sheet.name, row_no, error, sheet.header_of) for error in exc.errors()
                ]
                continue
            if key in seen:
                problems.append(
                    Problem(
                        sheet.name,
                        row_no,
                        ", ".join(sheet.header_of(k) for k in sheet.key),
                        N_("{key} komt twee keer voor (ook op rij {other})"),
                        {"key": key_text(key), "other": seen[key]},
                    )
                )
                continue
            seen[key] = row_no
            entries.append(Entry(sheet, row_no, key, model_values))
    return entries, problems


def db_rows(cur: duckdb.DuckDBPyConnection, sheet: Sheet) -> dict[tuple, dict]:
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
    db = {s.name: db_rows(cur, s) for s in SHEETS}
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
                        N_("{value!r} wordt verwijderd op tabblad {sheet}")
                        if gone
                        else N_("onbekend: {value!r} staat niet op tabblad {sheet} en niet in de database"),
                        {"value": value, "sheet": ref.sheet},
                    )
                )
        if e.sheet.table == "mantel_standard" and e.values.figure_id not in REGISTRY:
            problems.append(
                Problem(
                    e.sheet.name,
                    e.row,
                    e.sheet.header_of("figure_id"),
                    N_("onbekend kengetal {figure!r} (python -m gdmetrics figures)"),
                    {"figure": e.values.figure_id},
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
                    N_("een kring van bovenliggende klanten: {cycle}"),
                    {"cycle": " -> ".join([*cycle, node])},
                )
            )
    for code, (_, parent, entry) in clients.items():
        if entry and parent and parent in clients and code not in reported and clients[parent][0] != "dg":
            problems.append(
                Problem(
                    "Klanten",
                    entry.row,
                    "Valt onder",
                    N_("{parent!r} is een {kind}, geen dg; een directie valt onder een DG"),
                    {"parent": parent, "kind": clients[parent][0]},
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
                    N_(
                        "{first} ({first_from:%d-%m-%Y} tot {first_to:%d-%m-%Y}) en {second} ({second_from:%d-%m-%Y} "
                        "tot {second_to:%d-%m-%Y}) overlappen; laat de eerste eindigen (Geldig tot) waar de tweede begint"
                    ),
                    {
                        "first": a[0],
                        "first_from": a[1],
                        "first_to": a[2],
                        "second": b[0],
                        "second_from": b[1],
                        "second_to": b[2],
                    },
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
