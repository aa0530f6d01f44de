"""The monthly rollup (`month_rollup`): ticket counts per month and dimension, the serving layer of
the ratio, count and mix figures over tickets.

What it holds: for each date a ticket figure counts by (`DATE_COLUMNS`: registration, resolution,
resolution verdict, response verdict), each month (`ym`, year * 100 + month) and each combination
of the dimensions in `DIMENSIONS` that occurs, the `MEASURES` over the `ticket_sla` rows whose date
falls in that month: how many tickets, how many judged and met against the resolution and response
norm, the sum of their target shares, how many reopened or reassigned, how many could and how many
did repeat (their requester reported the product again within five days: `repeated`). Only sums and
counts, so any set of months and any grouping of the dimensions adds up exactly. Its rows grow with
the months and the combinations of dimensions that occur, not with the tickets (715,442 rows for
the 1M demo; docs/scale.md has the sizes measured), so a page's figure reads the rows of its months
instead of every ticket of them.

When a figure reads it, decided in one place, `gdmetrics.figures.sql.from_rollup` (the query
builder `grouped` asks it for every figure made of `MEASURES`): the ticket figure is made of these
measures (resolution and response within norm, service level, reopen and reassignment rate,
reopened within five days, ticket volume, channel and demand-level mix, and the ticket count under
complaints and escalations per 1,000), the period is whole months (every page period is: a month,
quarter or year), it is split by nothing finer than a month, and every split and filter dimension
is in `DIMENSIONS` (priority is not: few ask for it, and it would triple the rows). Otherwise the
figure scans `ticket_sla`, as every figure did before. Both give the same numbers, exactly:
`tests/test_rollup.py` compares them for random figures, splits, filters and periods. (The target
share's sum is kept as a DECIMAL, so its mean is the same however the rows are added.)

Kept current by `gdmetrics.sla.refresh_ticket_sla`, in the same transaction: after a full refresh
`refresh_month_rollup` builds it anew; an incremental one counts the rows of the tickets it
recomputes as they were (negatively) and as they are (`count_change`), and `apply_change` adds
that to the rollup rows of their months and dimensions only, so an import's refresh costs what
its tickets cost, not what their months hold (an import naming six months re-aggregated two
thirds of the tickets, about 16 s at 10M). `ROLLUP_VERSION` says which code built it; a
database built by other code is rebuilt on opening (`gdmetrics.db.prepare`), and by either path.

Beside it, `pattern_case_lead` (`PATTERN_LEADS`): each completed pattern case's lead time, which
`pattern_lead_time` reads instead of grouping the cases' tickets on every call; kept by the same
two paths (rebuilt whole, or the cases of the recomputed tickets made again). And
`resolution_minutes` (`MINUTES`): the resolved tickets counted per month and whole minute of
resolution time, from which `median_resolution_hours` reads its exact median (see `MINUTES`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

# Bump when the rollup's definition changes: databases built with another are rebuilt on opening.
ROLLUP_VERSION = "4"

# The dates a ticket figure counts by, with ticket_sla's year*100+month column of each.
DATE_COLUMNS: dict[str, str] = {
    "registered_at": "registered_ym",
    "resolved_at": "resolved_ym",
    "resolution_verdict_at": "resolution_verdict_ym",
    "response_verdict_at": "response_verdict_ym",
}

# The figures' dimensions it keeps (gdmetrics.figures.model.DIMENSION_COLUMNS), by ticket_sla column.
DIMENSIONS: dict[str, str] = {
    "directorate": "directorate_code",
    "client": "client_code",
    "dg": "dg_code",
    "product": "product_code",
    "channel": "channel",
    "demand_level": "demand_level",
    "dva": "dva_id",
    "financing": "financing",
}


def count_where(condition: str) -> str:
    """SQL counting the rows where `condition` holds, as BIGINT and 0 over no rows. (DuckDB's
    `count_if` runs as a plain sum, nearly twice as fast as `count(*) FILTER (WHERE ...)`, but
    gives a HUGEINT, NULL over no rows.)"""
    return f"coalesce(CAST(count_if({condition}) AS BIGINT), 0)"


@dataclass(frozen=True)
class Measure:
    """The ticket_sla rows meeting `condition`, counted, or `summed` over them: a column of the
    rollup, and a figure's numerator, denominator or target when it is made of measures."""

    name: str
    condition: str = "true"
    summed: str = ""

    def over_tickets(self, among: Measure | None = None) -> str:
        """The aggregate over ticket_sla rows; `among`: the rows are already those of that measure."""
        same_rows = self.condition == "true" or (among is not None and among.condition == self.condition)
        if self.summed:
            return f"sum({self.summed})" + ("" if same_rows else f" FILTER (WHERE {self.condition})")
        return "count(*)" if same_rows else count_where(self.condition)

    def over_rollup(self) -> str:
        """The same aggregate over rollup rows."""
        if self.summed:
            return f"sum({self.name})"
        return f"CAST(coalesce(sum({self.name}), 0) AS BIGINT)"


TICKETS = Measure("tickets")
RESOLUTION_JUDGED = Measure("resolution_judged", "resolution_met IS NOT NULL")
RESOLUTION_MET = Measure("resolution_met", "resolution_met")
# The mean target share of the judged tickets is this over RESOLUTION_JUDGED; a DECIMAL sum is
# exact, so it does not depend on the order in which rows (or rollup rows) are added.
RESOLUTION_TARGET = Measure(
    "resolution_target_sum", "resolution_met IS NOT NULL", "CAST(target_share AS DECIMAL(38, 18))"
)
RESPONSE_JUDGED = Measure("response_judged", "response_met IS NOT NULL")
RESPONSE_MET = Measure("response_met", "response_met")
REOPENED = Measure("reopened", "reopen_count > 0")
REASSIGNED = Measure("reassigned", "reassignment_count > 0")
# Resolved tickets with a known requester and product, and those of them whose requester reported
# the product again within five days (reopened_within_five_days; ticket_sla's flag `repeated`).
REPEAT_JUDGED = Measure("repeat_judged", "repeated IS NOT NULL")
REPEATED = Measure("repeated", "repeated")
MEASURES: tuple[Measure, ...] = (
    TICKETS,
    RESOLUTION_JUDGED,
    RESOLUTION_MET,
    RESOLUTION_TARGET,
    RESPONSE_JUDGED,
    RESPONSE_MET,
    REOPENED,
    REASSIGNED,
    REPEAT_JUDGED,
    REPEATED,
)

TABLE = "month_rollup"
DDL = f"""
    CREATE TABLE {TABLE} (
        date_column VARCHAR NOT NULL,
        ym          BIGINT NOT NULL,
        {"".join(f"{col} VARCHAR, " for col in DIMENSIONS.values())}
        {", ".join(f"{m.name} {'DECIMAL(38, 18)' if m.summed else 'BIGINT NOT NULL'}" for m in MEASURES)}
    )"""
DDL_IF_MISSING = DDL.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS")

# Beside it, `resolution_minutes` (`MINUTES`): the resolved tickets counted per month of resolution
# and whole minute of resolution time used (`round(resolution_used_min)`, what
# median_resolution_hours takes the median of), at three levels: all tickets, per directorate,
# and per client with its DG. A median is not a sum, but the median of whole minutes is read from
# their counts exactly: the smallest minute whose running count reaches the middle rank (and the
# one after it, for an even count), the same number DuckDB's median() gives over the tickets
# (`gdmetrics.figures.sql.median_from_minutes`; tests/test_rollup.py compares both). Its rows
# grow with months x minutes x clients (2.7M at 10M tickets, 275k of them for all tickets), so a
# median of a page's months reads counts, not tickets: 10-90 ms at 10M tickets against 180-220 ms
# for median() over ticket_sla. Kept by the same two paths as the rollup.
MINUTES = "resolution_minutes"
MINUTES_DATE = "resolved_at"  # the figure's date: ym is its month (ticket_sla.resolved_ym)
MINUTES_OF = "resolution_used_min"  # the quantity counted, rounded to the whole minute
# each level and the figure dimensions its rows keep (the others are NULL there)
MINUTES_LEVELS: dict[str, tuple[str, ...]] = {
    "all": (),
    "directorate": ("directorate",),
    "client": ("client", "dg"),
}
_MINUTES_DIMS = {"directorate": "directorate_code", "client": "client_code", "dg": "dg_code"}
MINUTES_DDL = f"""
    CREATE TABLE {MINUTES} (
        level VARCHAR NOT NULL, ym BIGINT NOT NULL,
        {"".join(f"{col} VARCHAR, " for col in _MINUTES_DIMS.values())}
        minutes BIGINT NOT NULL, tickets BIGINT NOT NULL
    )"""
MINUTES_CHANGE = "resolution_minutes_change"
_MINUTES_KEYS = ("level", "ym", *_MINUTES_DIMS.values(), "minutes")


def _minutes_select(level: str, rows: str = "ticket_sla", sign: int = 1) -> str:
    """The `MINUTES` rows of one level, from ticket_sla (or another table of its rows), counted
    `sign` times."""
    kept = MINUTES_LEVELS[level]
    dims = ", ".join(
        col if d in kept else f"CAST(NULL AS VARCHAR) AS {col}" for d, col in _MINUTES_DIMS.items()
    )
    return (
        f"SELECT '{level}' AS level, resolved_ym AS ym, {dims}, "
        f"CAST(round({MINUTES_OF}) AS BIGINT) AS minutes, {'-' if sign < 0 else ''}count(*) AS tickets "
        f"FROM {rows} WHERE resolved_ym IS NOT NULL AND {MINUTES_OF} IS NOT NULL GROUP BY ALL"
    )


def _select(date_column: str, rows: str = "ticket_sla", sign: int = 1) -> str:
    """The rollup rows of one date column, from ticket_sla (or another table of its rows),
    counted `sign` times."""
    ym = DATE_COLUMNS[date_column]
    dims = ", ".join(DIMENSIONS.values())
    measures = ", ".join(f"{'-' if sign < 0 else ''}{m.over_tickets()} AS {m.name}" for m in MEASURES)
    return (
        f"SELECT '{date_column}' AS date_column, {ym} AS ym, {dims}, {measures} "
        f"FROM {rows} WHERE {ym} IS NOT NULL GROUP BY ALL"
    )


# The change an incremental SLA refresh makes to the rollup: the rows of the recomputed tickets
# as they were, counted negatively, and as they are (a temp table of the refreshing connection).
CHANGE = "month_rollup_change"
_KEYS = ("date_column", "ym", *DIMENSIONS.values())


def count_change(
    con: duckdb.DuckDBPyConnection,
    tickets: str,
    sign: int,
    first: dt.datetime | None,
    last: dt.datetime | None,
) -> None:
    """Add to the rollup's pending change (`CHANGE`) the ticket_sla rows of the tickets in the
    temp table `tickets` (a column ticket_id), whose registration moments lie within [first, last]
    (the bounds skip the other row groups; None: no rows): `sign` -1 before they are recomputed,
    1 after. `apply_change` then brings the rollup up to date with what those rows added and removed."""
    # their rows read once, each date column counted from that copy
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _rollup_rows AS "
        f"SELECT * FROM ticket_sla WHERE ticket_id IN (SELECT ticket_id FROM {tickets}) "
        "AND registered_at BETWEEN $first AND $last",
        {"first": first, "last": last},
    )
    selects = " UNION ALL ".join(_select(d, "_rollup_rows", sign) for d in DATE_COLUMNS)
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {CHANGE} AS SELECT * FROM ({selects}) WHERE false")
    con.execute(f"INSERT INTO {CHANGE} {selects}")
    minutes = " UNION ALL ".join(_minutes_select(level, "_rollup_rows", sign) for level in MINUTES_LEVELS)
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {MINUTES_CHANGE} AS SELECT * FROM ({minutes}) WHERE false")
    con.execute(f"INSERT INTO {MINUTES_CHANGE} {minutes}")
    touch_pattern_cases(
        con, "SELECT DISTINCT pattern_instance_id FROM _rollup_rows WHERE pattern_instance_id IS NOT NULL"
    )
    con.execute("DROP TABLE _rollup_rows")


def apply_change(con: duckdb.DuckDBPyConnection) -> int:
    """Add the pending change (`count_change`) to `month_rollup`: only the rollup rows of the
    recomputed tickets' months and dimensions change, however many tickets those hold. The
    result is the rollup a rebuild gives (counts add up; the target share's sum is a DECIMAL,
    NULL where nothing is judged, as `sum` over no rows). A rollup built by other code is rebuilt
    instead. Returns the number of rollup rows changed or added."""
    built_by = con.execute("SELECT value FROM meta WHERE key = 'rollup_version'").fetchone()
    if built_by is None or built_by[0] != ROLLUP_VERSION:
        con.execute(f"DROP TABLE IF EXISTS {CHANGE}")
        con.execute(f"DROP TABLE IF EXISTS {MINUTES_CHANGE}")
        return refresh_month_rollup(con)

    def added(m: Measure) -> str:  # the row's measure plus the summed change `c`'s
        total = f"coalesce({TABLE}.{m.name}, 0) + coalesce(c.{m.name}, 0)"
        if not m.summed:
            return total
        counted = next(n for n in MEASURES if not n.summed and n.condition == m.condition)
        return f"CASE WHEN {TABLE}.{counted.name} + c.{counted.name} > 0 THEN {total} END"

    written = _add_change(con, TABLE, CHANGE, _KEYS, {m.name: added(m) for m in MEASURES})
    _add_change(con, MINUTES, MINUTES_CHANGE, _MINUTES_KEYS, {"tickets": f"{MINUTES}.tickets + c.tickets"})
    _refresh_touched_pattern_leads(con)
    return written


def _add_change(
    con: duckdb.DuckDBPyConnection, table: str, change: str, keys: tuple[str, ...], measures: dict[str, str]
) -> int:
    """Add the pending change `change` (rows of `table`'s columns, counted -1 or 1) to `table`:
    summed per `keys` (NULL is one value there), each measure of a row that has the key made
    `measures[name]` (SQL over the row and the summed change `c`), a key no row has inserted when
    it counts tickets, and the rows left without tickets deleted. Returns the rows changed or added."""
    sums = ", ".join(f"sum({name}) AS {name}" for name in measures)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _change_sum AS SELECT {', '.join(keys)}, {sums} FROM {change} GROUP BY ALL"
    )
    con.execute(f"DROP TABLE {change}")

    def same(r: str) -> str:
        return " AND ".join(f"{r}.{k} IS NOT DISTINCT FROM c.{k}" for k in keys)

    sets = ", ".join(f"{name} = {value}" for name, value in measures.items())
    changed = con.execute(f"UPDATE {table} SET {sets} FROM _change_sum c WHERE {same(table)}").fetchone()[0]
    new = con.execute(
        f"INSERT INTO {table} SELECT c.* FROM _change_sum c ANTI JOIN {table} r ON {same('r')} WHERE c.tickets > 0"
    ).fetchone()[0]
    con.execute(f"DELETE FROM {table} WHERE tickets = 0")
    con.execute("DROP TABLE _change_sum")
    return changed + new


# Each pattern case's lead time (pattern_lead_time): from the first registration of its tickets to
# their last resolution, on the tickets' clock, for the cases whose tickets are all resolved, with
# the case's pattern and client (pattern_instance is written only by imports, which refresh this).
# Grouping a case's tickets on every call of the figure took 86-90 ms at 10M tickets (583k
# pattern tickets into 167k cases). Rebuilt whole after a full refresh; after an incremental one,
# only the cases of the rows it recomputed (before and after: `count_change`) and of the rows whose
# stamps a calendar change moved (`touch_pattern_cases`) are made again. (Rebuilding it whole took
# 0.7 s of a 1,000-ticket import at 10M.)
PATTERN_LEADS = "pattern_case_lead"
PATTERN_CASES_TOUCHED = "_pattern_cases_touched"
_PATTERN_LEADS_SQL = """
    SELECT pi.id AS pattern_instance_id, pi.pattern_code, pi.client_code, s.completed_at, s.lead_hours
    FROM (SELECT pattern_instance_id, max(resolved_at) AS completed_at,
                 (max(resolved_stamp) - min(reg_stamp)) / 60.0 AS lead_hours
          FROM ticket_sla WHERE pattern_instance_id IS NOT NULL {cases}
          GROUP BY pattern_instance_id HAVING bool_and(resolved_at IS NOT NULL)) s
    JOIN pattern_instance pi ON pi.id = s.pattern_instance_id
    ORDER BY s.completed_at, pi.id"""


def refresh_pattern_leads(con: duckdb.DuckDBPyConnection) -> int:
    """Make `pattern_case_lead` anew from `ticket_sla` (in the caller's transaction); returns
    the number of completed cases."""
    con.execute(f"DROP TABLE IF EXISTS {PATTERN_CASES_TOUCHED}")
    sql = _PATTERN_LEADS_SQL.replace("{cases}", "")
    return con.execute(f"CREATE OR REPLACE TABLE {PATTERN_LEADS} AS {sql}").fetchone()[0]


def touch_pattern_cases(con: duckdb.DuckDBPyConnection, select_cases: str) -> None:
    """Mark the pattern cases `select_cases` (a query of one column of case ids, written by our
    own code) for the next `apply_change` on this connection: their lead times are made again."""
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {PATTERN_CASES_TOUCHED} (id VARCHAR)")
    con.execute(f"INSERT INTO {PATTERN_CASES_TOUCHED} {select_cases}")


def _refresh_touched_pattern_leads(con: duckdb.DuckDBPyConnection) -> None:
    touch_pattern_cases(con, "SELECT NULL WHERE false")  # the table exists from here on
    cases = f"AND pattern_instance_id IN (SELECT id FROM {PATTERN_CASES_TOUCHED})"
    con.execute(
        f"DELETE FROM {PATTERN_LEADS} WHERE pattern_instance_id IN (SELECT id FROM {PATTERN_CASES_TOUCHED})"
    )
    con.execute(f"INSERT INTO {PATTERN_LEADS} {_PATTERN_LEADS_SQL.replace('{cases}', cases)}")
    con.execute(f"DROP TABLE {PATTERN_CASES_TOUCHED}")


def refresh_resolution_minutes(con: duckdb.DuckDBPyConnection) -> None:
    """Make `resolution_minutes` anew from `ticket_sla` (part of `refresh_month_rollup`)."""
    con.execute(f"DROP TABLE IF EXISTS {MINUTES}")
    con.execute(MINUTES_DDL)
    for level in MINUTES_LEVELS:  # in level, month and minute order
        con.execute(f"INSERT INTO {MINUTES} {_minutes_select(level)} ORDER BY ym, minutes")


def refresh_month_rollup(con: duckdb.DuckDBPyConnection, *, by_month: bool = True) -> int:
    """Make `month_rollup` anew from `ticket_sla`, every month (after a full SLA refresh, or when
    it was built by other code; an incremental refresh changes it with `count_change` and
    `apply_change`). Runs in the caller's transaction; returns the number of rollup rows written.
    The table is made anew too, as this code declares it (`DDL`): one built by other code
    (`ROLLUP_VERSION`) may have other columns. `by_month=False`: each date column's rows unsorted
    (the SLA refresh asks so for a small table, as it leaves its own rows unsorted: gdmetrics.sla
    `SORTED_PAST`)."""
    con.execute(f"DROP TABLE IF EXISTS {TABLE}")
    con.execute(DDL)
    # in date column and month order, so a figure's period skips most row groups; one statement
    # per date column (a 1M-ticket first import: 1.8 s for its 2.1M rollup rows, against 2.4 s
    # for one statement sorting them all, at the import's memory limit; unsorted about 0.4 s less)
    order = " ORDER BY ym" if by_month else ""
    written = sum(con.execute(f"INSERT INTO {TABLE} {_select(d)}{order}").fetchone()[0] for d in DATE_COLUMNS)
    refresh_resolution_minutes(con)
    refresh_pattern_leads(con)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('rollup_version', $v)", {"v": ROLLUP_VERSION})
    return written
