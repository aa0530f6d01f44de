"""From text cells to checked rows, in SQL over the whole file: typing, value maps, and the rules.

`map_records` turns the table `reading.read_table` made into temp tables of rows to load (the
`ticket` or `interaction` columns plus `line`), pauses, and problems (line, field, reason). No
Python loop touches a row; the rules below are the schema's CHECKs said in words a user can act
on, so a user sees line, field and reason instead of a database constraint error.

Definitional choices (as before the SQL version; the corpus tests hold each):
- Dates: ISO (with a zone: converted to Dutch wall time), else the profile's formats, then the
  day-first (or month-first) formats, then named months; a date that fits none is a problem.
- Numbers: white space dropped; with `decimal` "," or "auto" a comma after the last point is the
  decimal sign (points dropped), with "auto" otherwise commas are thousands; "." drops commas.
- Checks run in two rounds. Round one types every cell (unparsable date, not a number, unknown
  status or priority, not yes/no, missing required value). Rows that pass go to round two: a
  source id already seen on an earlier line, counts below zero, a priority or satisfaction out of
  range, a moment before registration, a pause that ends before it starts. A row with a problem
  is not loaded (quarantine keeps it).
- Unknown channels, kinds, handling lines, clients, directorates and products do not reject a
  row: the row loads with a fallback (channel `onbekend`, kind default, no line, no code) and
  the value is registered as unmapped, counted over the rows that load.
- A ticket names its pattern case by the pattern's code and the case's number; the case
  (`pattern_instance`: pattern, client, first registration) is made from its first import's
  tickets. A case whose pattern is unknown, or a ticket without a client, links no case.
- An event log (`event_log = true`) keeps per source id the latest row (then highest update
  count, then line); its on-hold periods run from the first `wacht` row to the next other state.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from typing import Any

import duckdb

from gdmetrics.importing.profiles import (
    BOOL,
    DATE,
    ENUM,
    ENUMS,
    INT,
    INTERACTION_FIELDS,
    NUMBER,
    PRIORITY,
    REF,
    REQUIRED,
    TICKET_FIELDS,
    Profile,
    RecordSpec,
)
from gdmetrics.importing.reading import FileRejected, Notice, Problem, SourceTable
from gdmetrics.text import N_

TIMEZONE = "Europe/Amsterdam"
ISO_RE = r"^\d{4}-\d{1,2}-\d{1,2}"
TZ_RE = r"(?:Z|[+-]\d\d:?\d\d)$"
# Two-digit years first: DuckDB's %Y would read "24" as the year 24.
DAYFIRST_FORMATS = (
    "%d/%m/%y %H:%M",
    "%d-%m-%y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
)
MONTHFIRST_FORMATS = (
    "%m/%d/%y %H:%M",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y",
)
# Jira and some Excel exports spell the month: unambiguous either way.
NAMED_MONTH_FORMATS = ("%d/%b/%y %I:%M %p", "%d/%b/%y %H:%M", "%d-%b-%Y %H:%M:%S", "%d %b %Y %H:%M")
BOOLS = {
    **dict.fromkeys(("true", "yes", "y", "ja", "j", "1", "waar", "t", "met"), True),
    **dict.fromkeys(("false", "no", "n", "nee", "0", "onwaar", "f", "missed"), False),
}
PRIORITY_RE = r"^\s*[Pp]?\s*([1-5])(?:\D|$)"
# Fields whose absence changes figures: say so when a profile maps them and the file lacks them.
WARN_WHEN_ABSENT = ("resolved_at", "channel", "client", "directorate", "product", "first_call_resolution")
REF_TABLES = {
    "client": "client_code",
    "directorate": "directorate_code",
    "product": "product_code",
    "pattern": "pattern_code",
}
# Code lists whose unknown values load with a fallback and may be mapped on the Gegevens page.
MAPPED_ENUMS = ("channel", "kind", "handled_by")
TICKET_COLUMNS = (
    "id",
    "source",
    "source_id",
    "kind",
    "registered_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "channel",
    "client_code",
    "requester",
    "product_code",
    "directorate_code",
    "priority",
    "status",
    "reopen_count",
    "reassignment_count",
    "satisfaction",
    "handled_by",
    "pattern_instance_id",
    "source_target_at",
    "source_sla_met",
    "source_updated_at",
    "reopened_at",
)
INTERACTION_COLUMNS = (
    "id",
    "source",
    "registered_at",
    "channel",
    "client_code",
    "first_call_resolution",
    "handle_seconds",
    "ticket_id",
)
PAUSE_COLUMNS = ("ticket_id", "paused_at", "resumed_at", "reason")
# Our column -> the profile field it comes from.
TICKET_SOURCE = {
    "client_code": "client",
    "product_code": "product",
    "directorate_code": "directorate",
    "source_target_at": "target_at",
    "source_sla_met": "sla_met",
    "source_updated_at": "updated_at",
}
# How many problems are kept as objects (for the page and the CLI); all are in the table.
PROBLEMS_KEPT = 1000
# The temp tables map_records leaves for the loader (dropped by `drop_mapped`).
T_TYPED, T_PROBLEMS, T_ROWS, T_PAUSES = "_typed", "_problems", "_rows", "_pauses"


@dataclass(frozen=True)
class References:
    """Codes in the reference tables and the mappings users saved for unmapped values."""

    codes: dict[str, frozenset[str]] = field(default_factory=dict)  # field -> codes
    mapped: dict[tuple[str, str], str] = field(default_factory=dict)  # (field, raw value) -> code


@dataclass
class Mapped:
    """One file typed and checked: temp tables `rows`, `pauses`, `problems`, and what to report."""

    kind: str  # "ticket" or "interaction"
    rows: str  # temp table: the columns of the target table, plus `line`
    pauses: str  # temp table: PAUSE_COLUMNS plus `line` (empty for interactions)
    problems_table: str  # temp table: line, field, column, reason
    problems: list[Problem]  # the first PROBLEMS_KEPT, by line and field
    problem_count: int
    rejected_lines: int  # distinct lines with a problem
    unmapped: dict[tuple[str, str], int]  # (field, raw value) -> rows carrying it
    warnings: list[str]
    rows_read: int
    rows_to_load: int
    has_pauses: bool = False


class _Params:
    """Values bound to a statement: `p(value)` returns its `$name`."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def __call__(self, value: Any) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"${name}"

    def used(self, sql: str) -> dict[str, Any]:
        """The values `sql` refers to (DuckDB refuses unused ones)."""
        return {name: self.values[name] for name in set(re.findall(r"\$(p\d+)\b", sql))}


# --- typing one column, as SQL expressions ----------------------------------------------------


def _lookup(p: _Params, key_sql: str, mapping: dict[str, Any]) -> str:
    """`mapping[key]` in SQL (NULL when absent), the mapping bound as two lists."""
    if not mapping:
        return "NULL"
    return f"{p(list(mapping.values()))}[list_position({p(list(mapping))}, {key_sql})]"


def date_formats(profile: Profile) -> list[str]:
    """The formats a date that is not ISO is tried with, in order."""
    order = profile.date_formats + (DAYFIRST_FORMATS if profile.dayfirst else MONTHFIRST_FORMATS)
    return list(dict.fromkeys(order + NAMED_MONTH_FORMATS))


def fitting_first(
    cur: duckdb.DuckDBPyConnection, table: str, column: str, formats: list[str]
) -> tuple[list[str], bool]:
    """`formats` with those that read most of a sample of `column` first (stable otherwise), and
    whether most of the sample is ISO: an export mostly uses one format, and a format that fails
    costs as much as one that reads. The order changes speed, not results: no text is both ISO
    and one of the formats (they all start with a day or month of one or two digits)."""
    found = cur.execute(
        "SELECT count(*) FILTER (WHERE regexp_matches(v, $iso)), "
        + ", ".join(f"count(try_strptime(v, $f{i}))" for i in range(len(formats)))
        + f" FROM (SELECT {column} AS v FROM {table} WHERE {column} IS NOT NULL LIMIT 200)",
        {"iso": ISO_RE, **{f"f{i}": f for i, f in enumerate(formats)}},
    ).fetchone()
    iso, counts = found[0], found[1:]
    ordered = [f for _, f in sorted(zip(counts, formats, strict=True), key=lambda cf: -cf[0])]
    return ordered, iso > max(counts, default=0)


def date_sql(
    raw: str, formats: list[str], p: _Params, iso_first: bool = True, source_tz: str = TIMEZONE
) -> str:
    """TIMESTAMP (naive, Dutch wall time) of text `raw`; NULL where it is not a date. A moment
    with an offset is converted by its offset; one without is read in the profile's `source_tz`
    (an export in UTC without offsets would otherwise shift by one or two hours)."""

    def local(naive: str) -> str:
        if source_tz == TIMEZONE:
            return naive
        return f"timezone({p(TIMEZONE)}, timezone({p(source_tz)}, {naive}))"

    iso = (
        f"CASE WHEN regexp_matches({raw}, {p(TZ_RE)}) "
        f"THEN timezone({p(TIMEZONE)}, TRY_CAST({raw} AS TIMESTAMPTZ)) "
        f"ELSE {local(f'TRY_CAST({raw} AS TIMESTAMP)')} END"
    )
    formatted = local(f"try_strptime({raw}, {p(formats)})")
    if iso_first:
        return f"CASE WHEN regexp_matches({raw}, {p(ISO_RE)}) THEN {iso} ELSE {formatted} END"
    return f"coalesce({formatted}, CASE WHEN regexp_matches({raw}, {p(ISO_RE)}) THEN {iso} END)"


def number_sql(raw: str, decimal: str) -> str:
    """DOUBLE of text `raw` with a decimal comma or point (thousands separators dropped)."""
    text = f"regexp_replace({raw}, '\\s', '', 'g')"
    comma_last = f"regexp_matches({text}, ',[^.]*$')"
    as_comma = f"replace(replace({text}, '.', ''), ',', '.')"
    if decimal == ",":
        cleaned = f"CASE WHEN {comma_last} THEN {as_comma} ELSE {text} END"
    elif decimal == "auto":
        cleaned = f"CASE WHEN {comma_last} THEN {as_comma} ELSE replace({text}, ',', '') END"
    else:
        cleaned = f"replace({text}, ',', '')"
    return f"nullif(TRY_CAST({cleaned} AS DOUBLE), 'NaN'::DOUBLE)"


@dataclass(frozen=True)
class Check:
    """A rule a row must keep: the field it is about, the SQL condition that breaks it, and why: a
    Dutch catalogue message with fixed `values` and the row's own `{value}` and `{other}` (SQL)."""

    field: str
    condition: str
    message: str
    value_sql: str | None = None
    other_sql: str | None = None
    values: tuple[tuple[str, object], ...] = ()

    def on_typed(self, field: str) -> Check:
        """The check on a text field read as it is (no r_ column of its own)."""
        raw = f"r_{field}"
        return dataclasses.replace(
            self,
            condition=self.condition.replace(raw, field),
            value_sql=self.value_sql.replace(raw, field) if self.value_sql else None,
        )


# --- mapping a whole file ---------------------------------------------------------------------


def map_records(
    con: duckdb.DuckDBPyConnection, table: SourceTable, profile: Profile, refs: References
) -> Mapped:
    """Type and check every row of `table` with the profile section its header selects."""
    kind = profile.record_kind(table.columns)
    if kind is None:
        raise FileRejected([_header_problem(table, profile)])
    spec = profile.sections()[kind]
    fields = TICKET_FIELDS if kind == "ticket" else INTERACTION_FIELDS
    header = {c.strip().lower(): c for c in table.columns}
    warnings: list[str] = []
    p = _Params()
    nulls = sorted({v.strip().lower() for v in profile.null_values})

    source_col: dict[str, str] = {}
    raw: dict[str, str] = {}
    for name in fields:
        options = spec.column_options(name)
        col = next((header[o.strip().lower()] for o in options if o.strip().lower() in header), None)
        if col is None:
            if options and (
                name in REQUIRED or (name in ("status", "priority") and name not in spec.defaults)
            ):
                raise FileRejected(
                    [
                        Problem(
                            None,
                            name,
                            N_("verplichte kolom {options} ontbreekt"),
                            values={"options": " / ".join(map(repr, options))},
                        )
                    ]
                )
            if options and name in WARN_WHEN_ABSENT:
                warnings.append(
                    Notice(
                        "geen kolom {options}: {field} blijft leeg",
                        options=" / ".join(map(repr, options)),
                        field=name,
                    )
                )
            expr = "NULL::VARCHAR"
        else:
            source_col[name] = col
            expr = table.column_id(col)
            if nulls:
                expr = f"CASE WHEN list_contains({p(nulls)}, lower({expr})) THEN NULL ELSE {expr} END"
        if name in spec.defaults:
            expr = f"coalesce({expr}, {p(spec.defaults[name])})"
        raw[name] = expr

    typed: dict[str, str] = {}
    unknown: dict[str, str] = {}  # field -> the raw value where it could not be mapped
    checks: list[Check] = []  # conditions on r_<field> / <field>
    for name, ftype in fields.items():
        r = f"r_{name}"
        key = f"lower({r})"
        if ftype == DATE:
            formats, iso_first = date_formats(profile), True
            if name in source_col:
                column = table.column_id(source_col[name])
                formats, iso_first = fitting_first(con, table.table, column, formats)
            typed[name] = date_sql(r, formats, p, iso_first, profile.timezone)
            checks.append(
                Check(name, f"{r} IS NOT NULL AND {name} IS NULL", N_("onleesbare datum '{value}'"), r)
            )
        elif ftype in (INT, NUMBER):
            number = number_sql(r, profile.decimal)
            if ftype == INT:
                typed[name] = f"CASE WHEN ({number}) = trunc({number}) THEN TRY_CAST({number} AS BIGINT) END"
                message = N_("'{value}' is geen geheel getal")
            else:
                typed[name] = number
                message = N_("'{value}' is geen getal")
            checks.append(Check(name, f"{r} IS NOT NULL AND {name} IS NULL", message, r))
        elif ftype == BOOL:
            table_map = {k: BOOLS.get(v.strip().lower()) for k, v in spec.value_map(name).items()}
            typed[name] = _lookup(p, key, {**BOOLS, **table_map})
            checks.append(
                Check(name, f"{r} IS NOT NULL AND {name} IS NULL", N_("'{value}' is geen ja/nee"), r)
            )
        elif ftype == PRIORITY:
            mapped = _lookup(p, key, spec.value_map(name))
            fallback = f"nullif(regexp_extract({r}, {p(PRIORITY_RE)}, 1), '')"
            typed[name] = f"TRY_CAST(coalesce({mapped}, {fallback}) AS INTEGER)"
            checks.append(
                Check(
                    name,
                    f"{r} IS NOT NULL AND {name} IS NULL",
                    N_("onbekende prioriteit '{value}'; koppel die in het profiel aan 1-5"),
                    r,
                )
            )
        elif ftype == ENUM:
            allowed = ENUMS[name]
            result = (
                f"coalesce({_lookup(p, key, spec.value_map(name))}, "
                f"CASE WHEN list_contains({p(list(allowed))}, {key}) THEN {key} END)"
            )
            if name == "status":
                typed[name] = result
                checks.append(
                    Check(
                        name,
                        f"{r} IS NOT NULL AND {name} IS NULL",
                        N_(
                            "onbekende status '{value}'; koppel die in [{kind}.values.status] van profiel {profile}"
                        ),
                        r,
                        values=(("kind", kind), ("profile", profile.name)),
                    )
                )
            else:
                # a value mapped on the Gegevens page counts like the profile's own mapping
                saved = {v.lower(): c for (f, v), c in refs.mapped.items() if f == name and c in allowed}
                if saved:
                    result = f"coalesce({result}, {_lookup(p, key, saved)})"
                unknown[name] = f"CASE WHEN {r} IS NOT NULL AND ({result}) IS NULL THEN {r} END"
                if name == "handled_by":  # unknown: left empty (no first-line verdict), registered
                    typed[name] = result
                else:
                    fallback = "onbekend" if name == "channel" else spec.defaults.get("kind", "melding")
                    typed[name] = f"coalesce({result}, {p(fallback)})"
        elif ftype == REF:
            codes = sorted(refs.codes.get(name, frozenset()))
            saved = {v.lower(): c for (f, v), c in refs.mapped.items() if f == name}
            by_lower = {c.lower(): c for c in codes}
            result = (
                f"coalesce({_lookup(p, key, spec.value_map(name))}, {_lookup(p, key, saved)}, "
                f"{_lookup(p, key, by_lower)})"
            )
            # A mapped code that is not in the reference table would break the foreign key.
            known = f"list_contains({p(codes or [''])}, {result})"
            typed[name] = f"CASE WHEN {known} THEN {result} END"
            unknown[name] = f"CASE WHEN {r} IS NOT NULL AND NOT coalesce({known}, false) THEN {r} END"
        else:
            typed[name] = r
    required = list(REQUIRED) + (["status", "priority"] if kind == "ticket" else [])
    for name in required:  # r_<field> is kept only where the field did not type (below)
        checks.append(Check(name, f"r_{name} IS NULL AND {name} IS NULL", N_("verplichte waarde ontbreekt")))

    cur = con  # the temp tables are this connection's: no cursor of our own
    drop_mapped(cur)
    inner = ", ".join(f"{expr} AS r_{name}" for name, expr in raw.items())
    # Value maps, numbers and yes/no are worked out once per distinct value of the column (a few
    # dozen in a million rows) in a small table `_map_<field>`, joined back to the rows.
    joins, columns = [], []
    for name, ftype in fields.items():
        if ftype in (INT, NUMBER, BOOL, PRIORITY, ENUM, REF) and raw[name] != "NULL::VARCHAR":
            u = unknown.get(name, "NULL::VARCHAR")
            sql = (
                f"CREATE TEMP TABLE _map_{name} AS SELECT r_{name} AS k, {typed[name]} AS v, {u} AS u "
                f"FROM (SELECT DISTINCT {raw[name]} AS r_{name} FROM {table.table})"
            )
            cur.execute(sql, p.used(sql))
            joins.append(f"LEFT JOIN _map_{name} m_{name} ON m_{name}.k IS NOT DISTINCT FROM i.r_{name}")
            typed[name], unknown[name] = f"m_{name}.v", f"m_{name}.u"
            if u == "NULL::VARCHAR":
                del unknown[name]
    # A text field keeps its raw text under its own name; other fields keep both.
    text = {name for name, expr in typed.items() if expr == f"r_{name}"}
    columns = [
        f"i.r_{name} AS {name}" if name in text else f"i.r_{name}, {typed[name]} AS {name}" for name in typed
    ] + [f"{expr} AS u_{name}" for name, expr in unknown.items()]
    # The raw text of a typed field is kept only where it did not type (for the problem's
    # reason): a million rows of dates would otherwise be stored twice.
    kept = [
        name if name in text else f"CASE WHEN {name} IS NULL THEN r_{name} END AS r_{name}, {name}"
        for name in typed
    ] + [f"u_{name}" for name in unknown]
    sql = (
        f"CREATE TEMP TABLE {T_TYPED} AS SELECT line, {', '.join(kept)} FROM ("
        f"SELECT i.line, {', '.join(columns)} "
        f"FROM (SELECT line, {inner} FROM {table.table}) i {' '.join(joins)})"
    )
    cur.execute(sql, p.used(sql))
    cur.execute(
        f"CREATE TEMP TABLE {T_PROBLEMS} (line BIGINT, field VARCHAR, message VARCHAR, fixed VARCHAR, "
        "value VARCHAR, other VARCHAR, round INTEGER)"
    )
    # Round one: typing.
    _add_problems(cur, T_TYPED, [c.on_typed(c.field) if c.field in text else c for c in checks], 1)

    if kind == "ticket":
        has_pauses = "paused_at" in source_col or spec.event_log
        if spec.event_log:
            _ticket_event_log(cur, profile)
        else:
            _ticket_rows(cur, profile)
    else:
        has_pauses = False
        _interaction_rows(cur, profile)

    count, lines = cur.execute(f"SELECT count(*), count(DISTINCT line) FROM {T_PROBLEMS}").fetchone()
    problems = [
        Problem(
            line, name, message, source_col.get(name), {**json.loads(fixed), "value": value, "other": other}
        )
        for line, name, message, fixed, value, other in cur.execute(
            f"SELECT line, field, message, fixed, value, other FROM {T_PROBLEMS} "
            f"ORDER BY line, field, round, message, value LIMIT {PROBLEMS_KEPT}"
        ).fetchall()
    ]
    cur.execute(f"ALTER TABLE {T_PROBLEMS} ADD COLUMN source_column VARCHAR")
    for name, col in source_col.items():
        cur.execute(f"UPDATE {T_PROBLEMS} SET source_column = $c WHERE field = $f", {"c": col, "f": name})
    unmapped: dict[tuple[str, str], int] = {}
    for name in unknown:
        for value, n in cur.execute(
            f"SELECT u_{name}, count(*) FROM {T_TYPED} t SEMI JOIN {T_ROWS} r ON r.line = t.line "
            f"WHERE u_{name} IS NOT NULL GROUP BY ALL"
        ).fetchall():
            unmapped[(name, str(value))] = int(n)
    to_load = cur.execute(f"SELECT count(*) FROM {T_ROWS}").fetchone()[0]
    return Mapped(
        kind,
        T_ROWS,
        T_PAUSES,
        T_PROBLEMS,
        problems,
        count,
        lines,
        unmapped,
        warnings,
        table.rows,
        to_load,
        has_pauses,
    )


def drop_mapped(cur: duckdb.DuckDBPyConnection) -> None:
    """Drop the temp tables of an earlier map_records on this connection."""
    for name in (T_ROWS, "_tk"):
        cur.execute(f"DROP VIEW IF EXISTS {name}")
    maps = cur.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary AND starts_with(table_name, '_map_')"
    ).fetchall()
    for name in [T_TYPED, T_PROBLEMS, T_PAUSES, "_ev"] + [m[0] for m in maps]:
        cur.execute(f"DROP TABLE IF EXISTS {name}")


def _add_problems(cur: duckdb.DuckDBPyConnection, source: str, checks: list[Check], round_: int) -> None:
    """Every row of `source` that breaks a check, as a problem of round `round_`: the check's
    message and fixed values bound as parameters, the row's own values from SQL."""
    if not checks:
        return
    p = _Params()
    parts = [
        f"SELECT line, '{c.field}', {p(c.message)}, {p(json.dumps(dict(c.values)))}, "
        f"({c.value_sql or 'NULL'})::VARCHAR, ({c.other_sql or 'NULL'})::VARCHAR, {round_} "
        f"FROM {source} WHERE {c.condition}"
        for c in checks
    ]
    sql = f"INSERT INTO {T_PROBLEMS} " + " UNION ALL ".join(parts)
    cur.execute(sql, p.used(sql))


def reasons_table(cur: duckdb.DuckDBPyConnection, problems_table: str, lang: str = "en") -> str:
    """A temp table of every (message, fixed values) in `problems_table` with its text in `lang`,
    the row's values left as chr(1) and chr(2) for SQL to fill in (`reason_sql`)."""
    found = cur.execute(f"SELECT DISTINCT message, fixed FROM {problems_table}").fetchall()
    rows = [
        (
            m,
            f,
            Problem(None, None, m, values={**json.loads(f), "value": "\x01", "other": "\x02"}).reason_in(
                lang
            ),
        )
        for m, f in found
    ]
    cur.execute("CREATE OR REPLACE TEMP TABLE _reason_text (message VARCHAR, fixed VARCHAR, text VARCHAR)")
    if rows:
        cur.executemany("INSERT INTO _reason_text VALUES (?, ?, ?)", rows)
    return "_reason_text"


def reason_sql(problem: str, reasons: str) -> str:
    """The SQL of a problem's reason, for a problem row `problem` joined to its `reasons` row."""
    return (
        f"replace(replace({reasons}.text, chr(1), coalesce({problem}.value, '')), chr(2), "
        f"coalesce({problem}.other, ''))"
    )


def _header_problem(table: SourceTable, profile: Profile) -> Problem:
    from gdmetrics.importing.profiles import available_profiles, load_profile

    needed = {k: list(s.detect) for k, s in profile.sections().items()}
    fits = []
    for name in available_profiles():
        try:
            other = load_profile(name)
        except ValueError:
            continue
        if name != profile.name and other.record_kind(table.columns):
            fits.append(name)
    shown = ", ".join(repr(c) for c in table.columns[:8]) + (" ..." if len(table.columns) > 8 else "")
    values = {"profile": profile.name, "needed": needed, "shown": shown}
    if fits:
        return Problem(
            None,
            None,
            N_(
                "de kopregel past niet bij profiel '{profile}' (ontbrekende kolom(men) {needed}); het bestand "
                "heeft {shown}; het lijkt een export voor profiel {fits}"
            ),
            values={**values, "fits": ", ".join(repr(f) for f in fits)},
        )
    return Problem(
        None,
        None,
        N_(
            "de kopregel past niet bij profiel '{profile}' (ontbrekende kolom(men) {needed}); het bestand heeft {shown}"
        ),
        values=values,
    )


# --- round two: rows, duplicates and the rules of each table ----------------------------------


def _minute(col: str) -> str:
    return f"strftime({col}, '%Y-%m-%d %H:%M')"


def _before_registration(col: str, message: str) -> Check:
    return Check(col, f"{col} < registered_at", message, _minute(col), _minute("registered_at"))


def _range(col: str, low: int | None, high: int | None) -> list[Check]:
    out = []
    if low is not None:
        out.append(
            Check(
                col,
                f"{col} < {low}",
                N_("moet minstens {low} zijn (is {value})"),
                col,
                values=(("low", low),),
            )
        )
    if high is not None:
        out.append(
            Check(
                col,
                f"{col} > {high}",
                N_("mag hoogstens {high} zijn (is {value})"),
                col,
                values=(("high", high),),
            )
        )
    return out


TICKET_RULES = [
    *_range("priority", 1, 5),
    *_range("reopen_count", 0, None),
    *_range("reassignment_count", 0, None),
    *_range("satisfaction", 1, 10),
    _before_registration("first_response_at", N_("eerste reactie vóór de registratie ({value} < {other})")),
    _before_registration("resolved_at", N_("opgelost vóór de registratie ({value} < {other})")),
    _before_registration("closed_at", N_("gesloten vóór de registratie ({value} < {other})")),
]
INTERACTION_RULES = [
    _before_registration("closed_at", N_("gesloten vóór de registratie ({value} < {other})")),
    Check(
        "handle_seconds",
        "handle_seconds < 0",
        N_("negatieve duur ({value} seconden)"),
        "printf('%g', handle_seconds)",
    ),
]


def _failed(round_: int | None = None) -> str:
    where = f" WHERE round = {round_}" if round_ else ""
    return f"(SELECT DISTINCT line FROM {T_PROBLEMS}{where})"


def _duplicates(cur: duckdb.DuckDBPyConnection, source: str) -> None:
    """Rows whose source id already stood on an earlier (good) line: reported with both lines."""
    cur.execute(
        f"""INSERT INTO {T_PROBLEMS}
        SELECT line, 'source_id', $message, '{{}}', source_id, first_line::VARCHAR, 2
        FROM (SELECT line, source_id, min(line) OVER w AS first_line, row_number() OVER w AS n
              FROM {source} WHERE _ok WINDOW w AS (PARTITION BY source_id ORDER BY line))
        WHERE n > 1""",
        {"message": N_("dubbele id '{value}' in het bestand (eerst op regel {other})")},
    )


# `_tk` is a view: `_ok` (no problem so far) follows the problems table as rounds add to it,
# and no copy of the file's rows is made until the rows to load.
def _ticket_base(cur: duckdb.DuckDBPyConnection) -> None:
    # Without a column for the source's last update, the latest moment the row mentions stands in,
    # its pause's start and end included (a re-export whose only change is a pause is an update).
    cur.execute(
        f"""CREATE TEMP VIEW _tk AS
        SELECT * REPLACE (
                   CASE WHEN reopened_at IS NOT NULL AND coalesce(reopen_count, 0) < 1 THEN 1
                        ELSE coalesce(reopen_count, 0) END AS reopen_count,
                   coalesce(reassignment_count, 0) AS reassignment_count,
                   coalesce(updated_at, greatest(registered_at, first_response_at, resolved_at,
                                                 closed_at, reopened_at, paused_at, resumed_at)) AS updated_at),
               line NOT IN (SELECT line FROM {T_PROBLEMS}) AS _ok
        FROM {T_TYPED}"""
    )


def _literal(profile: Profile) -> str:
    """The profile's source as an SQL literal, for views (which take no parameters); safe: the
    profile model allows only [a-z0-9_-] in it."""
    assert all(ch.isalnum() or ch in "_-" for ch in profile.source)
    return f"'{profile.source}'"


def _ticket_select(profile: Profile) -> str:
    source = _literal(profile)
    cols = []
    for c in TICKET_COLUMNS:
        if c == "id":
            cols.append(f"{source} || ':' || source_id AS id")
        elif c == "pattern_instance_id":  # a case needs its pattern and a client (loader.py)
            cols.append(
                f"CASE WHEN pattern_instance IS NOT NULL AND pattern IS NOT NULL AND client IS NOT NULL "
                f"THEN {source} || ':' || pattern_instance END AS pattern_instance_id"
            )
        elif c == "source":
            cols.append(f"{source} AS source")
        elif c in TICKET_SOURCE:
            cols.append(f"{TICKET_SOURCE[c]} AS {c}")
        else:
            cols.append(c)
    cols.append("pattern AS pattern_code")  # for the case's own row (pattern_instance), not a ticket column
    return ", ".join(cols)


def _ticket_rows(cur: duckdb.DuckDBPyConnection, profile: Profile) -> None:
    _ticket_base(cur)
    _duplicates(cur, "_tk")
    _add_problems(cur, "(SELECT * FROM _tk WHERE _ok)", TICKET_RULES, 3)
    cur.execute(
        f"CREATE TEMP TABLE {T_PAUSES} AS SELECT $source || ':' || source_id AS ticket_id, paused_at, "
        f"resumed_at, pause_reason AS reason, line FROM _tk WHERE _ok AND paused_at IS NOT NULL",
        {"source": profile.source},
    )
    _add_problems(
        cur,
        T_PAUSES,
        [
            Check(
                "resumed_at",
                "resumed_at <= paused_at",
                N_("negatieve duur: de pauze eindigt voordat die begint"),
            )
        ],
        4,
    )
    cur.execute(f"DELETE FROM {T_PAUSES} WHERE line IN {_failed(4)}")
    cur.execute(f"CREATE TEMP VIEW {T_ROWS} AS SELECT {_ticket_select(profile)}, line FROM _tk WHERE _ok")


def _ticket_event_log(cur: duckdb.DuckDBPyConnection, profile: Profile) -> None:
    _ticket_base(cur)
    order = "updated_at NULLS FIRST, update_count NULLS FIRST, line"
    reverse = "updated_at DESC NULLS LAST, update_count DESC NULLS LAST, line DESC"
    # c: the rows in another state than `wacht` up to this one. A run of `wacht` rows shares c;
    # the row with c + 1 ends it. run_k numbers the rows of a run.
    cur.execute(
        f"""CREATE TEMP TABLE _ev AS
        SELECT *, row_number() OVER (PARTITION BY source_id, c, w ORDER BY {order}) AS run_k
        FROM (SELECT source_id, status = 'wacht' AS w, updated_at, update_count, line,
                     count(*) FILTER (WHERE status IS DISTINCT FROM 'wacht') OVER
                         (PARTITION BY source_id ORDER BY {order} ROWS UNBOUNDED PRECEDING) AS c,
                     row_number() OVER (PARTITION BY source_id ORDER BY {reverse}) AS from_end
              FROM _tk WHERE _ok)"""
    )
    # The latest row of each incident is the ticket.
    latest = "(SELECT * FROM _tk WHERE _ok AND line IN (SELECT line FROM _ev WHERE from_end = 1))"
    _add_problems(cur, latest, TICKET_RULES, 3)
    cur.execute(f"CREATE TEMP VIEW {T_ROWS} AS SELECT {_ticket_select(profile)}, line FROM {latest}")
    cur.execute(
        f"""CREATE TEMP TABLE {T_PAUSES} AS
        SELECT $source || ':' || s.source_id AS ticket_id, s.updated_at AS paused_at,
               e.updated_at AS resumed_at, 'wacht' AS reason, s.line
        FROM (SELECT * FROM _ev WHERE w AND run_k = 1) s
        LEFT JOIN (SELECT source_id, c - 1 AS c, updated_at FROM _ev WHERE NOT w) e
               ON e.source_id = s.source_id AND e.c = s.c
        WHERE (e.source_id IS NULL OR e.updated_at > s.updated_at)
          AND s.source_id IN (SELECT source_id FROM {T_ROWS})""",
        {"source": profile.source},
    )


def _interaction_rows(cur: duckdb.DuckDBPyConnection, profile: Profile) -> None:
    cur.execute(
        f"CREATE TEMP VIEW _tk AS SELECT *, line NOT IN (SELECT line FROM {T_PROBLEMS}) AS _ok FROM {T_TYPED}"
    )
    _duplicates(cur, "_tk")
    _add_problems(cur, "(SELECT * FROM _tk WHERE _ok)", INTERACTION_RULES, 3)
    source = _literal(profile)
    special = {
        "id": f"{source} || ':' || source_id AS id",
        "source": f"{source} AS source",
        "client_code": "client AS client_code",
        "ticket_id": f"CASE WHEN ticket_source_id IS NOT NULL THEN {source} || ':' || ticket_source_id END "
        "AS ticket_id",
    }
    cols = ", ".join(special.get(c, c) for c in INTERACTION_COLUMNS)
    cur.execute(f"CREATE TEMP VIEW {T_ROWS} AS SELECT {cols}, line FROM _tk WHERE _ok")
    cur.execute(
        f"CREATE TEMP TABLE {T_PAUSES} (ticket_id VARCHAR, paused_at TIMESTAMP, resumed_at TIMESTAMP, "
        "reason VARCHAR, line BIGINT)"
    )


__all__ = [
    "INTERACTION_COLUMNS",
    "PAUSE_COLUMNS",
    "REF_TABLES",
    "TICKET_COLUMNS",
    "Mapped",
    "References",
    "RecordSpec",
    "drop_mapped",
    "map_records",
]
