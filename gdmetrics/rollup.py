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

Kept current by `refresh_month_rollup`, which `gdmetrics.sla.refresh_ticket_sla` calls at its end,
in the same transaction: all months after a full refresh, only the months the refreshed tickets
had or have a date in after an incremental one. `ROLLUP_VERSION` says which code built it; a
database built by other code is rebuilt on opening (`gdmetrics.db.prepare`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

# Bump when the rollup's definition changes: databases built with another are rebuilt on opening.
ROLLUP_VERSION = "2"

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


def _select(date_column: str, months: bool) -> str:
    """The rollup rows of one date column, from ticket_sla (of the months $yms only, if `months`)."""
    ym = DATE_COLUMNS[date_column]
    dims = ", ".join(DIMENSIONS.values())
    measures = ", ".join(f"{m.over_tickets()} AS {m.name}" for m in MEASURES)
    where = f"list_contains($yms, {ym})" if months else f"{ym} IS NOT NULL"
    return (
        f"SELECT '{date_column}' AS date_column, {ym} AS ym, {dims}, {measures} "
        f"FROM ticket_sla WHERE {where} GROUP BY ALL"
    )


def refresh_month_rollup(con: duckdb.DuckDBPyConnection, months: list[dt.date] | None = None) -> int:
    """Make `month_rollup` current with `ticket_sla`: every month (None), or only the rows of
    `months` (any day of each; every date column), whose tickets a refresh recomputed. Runs in
    the caller's transaction; returns the number of rollup rows written. A rollup built by other
    code (`ROLLUP_VERSION`) or by none, whose columns may be others, is made anew, every month."""
    built_by = con.execute("SELECT value FROM meta WHERE key = 'rollup_version'").fetchone()
    if built_by is None or built_by[0] != ROLLUP_VERSION:
        con.execute(f"DROP TABLE IF EXISTS {TABLE}")
        months = None
    con.execute(DDL_IF_MISSING)
    if months is None:
        con.execute(f"DELETE FROM {TABLE}")
        params: dict = {}
    else:
        yms = sorted({m.year * 100 + m.month for m in months})
        if not yms:
            return 0
        params = {"yms": yms}
        con.execute(f"DELETE FROM {TABLE} WHERE list_contains($yms, ym)", params)
    selects = " UNION ALL ".join(_select(d, months is not None) for d in DATE_COLUMNS)
    # in date column and month order, so a figure's period skips most row groups
    written = con.execute(
        f"INSERT INTO {TABLE} SELECT * FROM ({selects}) ORDER BY date_column, ym", params
    ).fetchone()[0]
    con.execute("INSERT OR REPLACE INTO meta VALUES ('rollup_version', $v)", {"v": ROLLUP_VERSION})
    return written
