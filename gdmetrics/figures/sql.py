"""Building blocks that turn a figure request into one parameterised DuckDB statement.

Only identifiers from `DIMENSION_COLUMNS`, the facts below and the registry's own expressions are
formatted into SQL; every value (dates, filter values, scope, settings) is bound as `$name`.

A ticket figure made of the monthly rollup's measures (`gdmetrics.rollup.Measure`: ratios, counts
and mixes over tickets) reads the rollup instead of `ticket_sla` whenever `from_rollup` says the
request allows it (whole months, rollup dimensions only); `grouped`, the one builder all of them
go through, asks it. The rule and why it gives the same numbers: gdmetrics.rollup. The median
resolution time reads the counts per whole minute beside the rollup the same way
(`median_of_minutes`, `minutes_level`, `median_from_minutes`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from gdmetrics import rollup
from gdmetrics.figures.model import DIMENSION_COLUMNS, Fact, FigureRequest
from gdmetrics.rollup import Measure, count_where

TICKET_DIMS = frozenset(
    {"directorate", "client", "dg", "product", "channel", "demand_level", "priority", "dva", "financing"}
)

TICKETS = Fact(
    "tickets",
    "ticket_sla",
    TICKET_DIMS,
    month_keys={
        "registered_at": "registered_ym",
        "resolved_at": "resolved_ym",
        "resolution_verdict_at": "resolution_verdict_ym",
        "response_verdict_at": "response_verdict_ym",
        "done_at": "done_ym",
    },
)

DESK_CONTACTS = Fact(
    "desk_contacts",
    """(SELECT registered_at, registered_ym, channel, client_code, dg_code, directorate_code,
               product_code, demand_level, priority, handled_by = 'servicedesk' AS first_line
        FROM ticket_sla WHERE handled_by IS NOT NULL
        UNION ALL
        SELECT i.registered_at, year(i.registered_at) * 100 + month(i.registered_at), i.channel,
               i.client_code, coalesce(cd.dg_code, i.client_code), NULL, NULL, NULL, NULL,
               i.first_call_resolution
        FROM interaction i LEFT JOIN client_dim cd ON cd.client_code = i.client_code
        WHERE i.first_call_resolution IS NOT NULL)""",
    frozenset({"channel", "client", "dg", "directorate", "product", "demand_level", "priority"}),
    month_keys={"registered_at": "registered_ym"},
)

# A complaint's legal term (Awb 9:11: six weeks, ten when extended) counts in days from the day
# after receipt and runs to the end of its last day; a last day that is a Saturday, Sunday or
# algemeen erkende feestdag moves to the next day that is none (Algemene termijnenwet, the
# calendar's term_end_day). term_end is the last moment of that day, so a complaint handled on it,
# at any hour, is in time.
COMPLAINTS = Fact(
    "complaints",
    """(SELECT k.*, coalesce(cd.dg_code, k.client_code) AS dg_code,
               CAST(coalesce(tc.term_end_day, CAST(k.received_at AS DATE) + CAST(
                        CASE WHEN k.term_extended THEN $term_extended ELSE $term END AS INTEGER))
                    AS TIMESTAMP) + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND AS term_end
        FROM complaint k LEFT JOIN client_dim cd ON cd.client_code = k.client_code
        LEFT JOIN (SELECT day, term_end_day FROM work_calendar) tc
               ON tc.day = CAST(k.received_at AS DATE)
                   + CAST(CASE WHEN k.term_extended THEN $term_extended ELSE $term END AS INTEGER))""",
    frozenset({"directorate", "client", "dg", "category"}),
)

# An escalation's waiting time, in business hours: to its pick-up, or while nobody picked it up,
# to the data's as-of moment. Its pick-up norm is the mantel standard for escalation_pickup_hours
# in force when it was escalated; picked up within it, or missed: picked up later, or still open
# past it (an open one within the norm has no verdict yet), as the SLA clock does for tickets.
ESCALATIONS = Fact(
    "escalations",
    """(SELECT w.*, CASE WHEN w.picked_up_at IS NOT NULL THEN w.waited_hours END AS pickup_hours,
               CASE WHEN w.picked_up_at IS NOT NULL THEN w.waited_hours <= w.pickup_norm_hours
                    WHEN w.waited_hours > w.pickup_norm_hours THEN false END AS picked_up_within_norm
        FROM (SELECT e.*, coalesce(cd.dg_code, e.client_code) AS dg_code, n.target AS pickup_norm_hours,
               ((cp.cum_before + least(greatest(date_diff('minute', cp.work_start,
                                                           coalesce(e.picked_up_at, CAST($as_of AS TIMESTAMP))), 0),
                                       cp.work_minutes))
                - (ce.cum_before + least(greatest(date_diff('minute', ce.work_start, e.escalated_at), 0),
                                         ce.work_minutes))) / 60.0 AS waited_hours
            FROM escalation e
            LEFT JOIN client_dim cd ON cd.client_code = e.client_code
            LEFT JOIN work_calendar ce ON ce.day = CAST(e.escalated_at AS DATE)
            LEFT JOIN work_calendar cp
                   ON cp.day = CAST(coalesce(e.picked_up_at, CAST($as_of AS TIMESTAMP)) AS DATE)
            LEFT JOIN (SELECT ma.valid_from, ma.valid_to, ms.target
                       FROM mantel_standard ms JOIN mantel_agreement ma ON ma.id = ms.mantel_id
                       WHERE ms.figure_id = 'escalation_pickup_hours') n
                   ON e.escalated_at >= n.valid_from AND e.escalated_at < n.valid_to) w)""",
    frozenset({"client", "dg", "reason", "outcome"}),
)

COSTS = Fact("costs", "cost", frozenset({"directorate"}), client_column=None)

CHARGES = Fact(
    "charges",
    """(SELECT ch.*, coalesce(cd.dg_code, ch.client_code) AS dg_code, p.directorate_code
        FROM charge ch
        LEFT JOIN client_dim cd ON cd.client_code = ch.client_code
        JOIN product p ON p.code = ch.product_code)""",
    frozenset({"client", "dg", "product", "directorate"}),
)

PATTERN_INSTANCES = Fact(
    "pattern_instances",
    # the completed cases' lead times, kept with the rollup (gdmetrics.rollup.PATTERN_LEADS)
    f"""(SELECT s.pattern_instance_id AS id, s.pattern_code, s.client_code,
               coalesce(cd.dg_code, s.client_code) AS dg_code, pt.lead_time_norm_hours, s.completed_at, s.lead_hours
        FROM {rollup.PATTERN_LEADS} s
        JOIN pattern pt ON pt.code = s.pattern_code
        LEFT JOIN client_dim cd ON cd.client_code = s.client_code)""",
    frozenset({"client", "dg", "pattern"}),
)


class FigureNotSplittable(ValueError):
    """A dimension was asked that this figure cannot be split or filtered by."""


MONTH_GRAINS = ("month", "quarter", "year")


def month_key(grain: str, ym: str) -> str:
    """The bucket of a year*100+month integer: its first month, as year*100+month."""
    if grain == "quarter":
        return f"({ym} // 100 * 100 + ({ym} % 100 - 1) // 3 * 3 + 1)"
    if grain == "year":
        return f"({ym} // 100 * 100 + 1)"
    return ym


def period_expr(grain: str, date_col: str, fact: Fact | None = None) -> str:
    """The period bucket of `date_col`. Month, quarter and year buckets are year*100+month
    integers (compute() turns them into dates on the small result); day and week are dates."""
    if grain in MONTH_GRAINS:
        ym = (
            fact.month_keys.get(date_col) if fact else None
        ) or f"(year({date_col}) * 100 + month({date_col}))"
        return month_key(grain, ym)
    return f"CAST(date_trunc('{grain}', {date_col}) AS DATE)"


def dims_select(req: FigureRequest, date_col: str, fact: Fact | None = None) -> list[str]:
    """SELECT items for the split: `period` first, then each dimension under its own name."""
    items = [f"{period_expr(req.grain, date_col, fact)} AS period"] if req.grain else []
    items += [f"{DIMENSION_COLUMNS[d]} AS {d}" for d in req.split_dims]
    return items


def filter_clauses(req: FigureRequest, fact: Fact, params: dict) -> list[str]:
    """WHERE items for the request's filters and the user's client scope, values bound."""
    clauses = []
    for i, (dim, values) in enumerate(req.where):
        if dim not in fact.dimensions:
            raise FigureNotSplittable(f"cannot be filtered by {dim!r}")
        params[f"w{i}"] = list(values)
        clauses.append(f"list_contains($w{i}, CAST({DIMENSION_COLUMNS[dim]} AS VARCHAR))")
    if req.client_scope is not None and fact.client_column:
        params["scope"] = list(req.client_scope)
        clauses.append(f"list_contains($scope, {fact.client_column})")
    return clauses


def check_split(req: FigureRequest, dimensions: frozenset[str]) -> None:
    for d in req.split_dims:
        if d not in dimensions:
            raise FigureNotSplittable(f"cannot be split by {d!r}")


# The monthly rollup as a fact: every date column's month is its `ym`.
ROLLUP = Fact(
    "month_rollup",
    rollup.TABLE,
    frozenset(rollup.DIMENSIONS),
    month_keys=dict.fromkeys(rollup.DATE_COLUMNS, "ym"),
)


def whole_months(req: FigureRequest) -> bool:
    """Whether `req` is a period of whole months split by nothing finer than a month: what a table
    of counts per month (the rollup, `rollup.MINUTES`) can serve."""
    return req.date_from.day == 1 and req.end_exclusive.day == 1 and req.grain in (None, *MONTH_GRAINS)


def asked_dims(req: FigureRequest) -> set[str]:
    """The dimensions `req` splits or filters by."""
    return {*req.split_dims, *(d for d, _ in req.where)}


def from_rollup(req: FigureRequest, fact: Fact, date_col: str, category: str | None = None) -> bool:
    """Whether a figure made of rollup measures over `fact` by `date_col` reads the monthly
    rollup for `req`: tickets, a date the rollup keeps, a period of whole months split by
    nothing finer than a month, every split and filter dimension one the rollup keeps."""
    dims = asked_dims(req) | ({category} if category else set())
    return (
        fact is TICKETS
        and date_col in rollup.DATE_COLUMNS
        and whole_months(req)
        and dims <= set(rollup.DIMENSIONS)
    )


def ym_of(day: dt.date) -> int:
    """A day's month as the rollup's year*100+month."""
    return day.year * 100 + day.month


def month_range(req: FigureRequest) -> tuple[dict, list[str]]:
    """The parameters and WHERE items that pick a table's rows of the request's whole months by
    their year*100+month column `ym`."""
    return {"ym_from": ym_of(req.date_from), "ym_to": ym_of(req.end_exclusive)}, [
        "ym >= $ym_from",
        "ym < $ym_to",
    ]


def rollup_months(req: FigureRequest, date_col: str) -> tuple[dict, list[str]]:
    """The parameters and WHERE items that pick the monthly rollup's rows of `date_col` in the
    request's whole months (`from_rollup` said they serve it)."""
    params, where = month_range(req)
    return {"date_column": date_col, **params}, ["date_column = $date_column", *where]


def grouped(
    fact: Fact,
    date_col: str,
    measures: str | Mapping[str, Measure],
    *,
    condition: str | Measure = "true",
    category: str | None = None,
) -> Callable[[FigureRequest], tuple[str, dict]]:
    """A builder: aggregate `measures` over `fact` rows whose `date_col` falls in the period and
    that meet `condition`, grouped by the request's split (and by `category`, for mixes), ordered
    by the split.

    `measures` is SQL, or (tickets only) rollup measures by the name each gets: then `condition`
    is a measure too (the rows counted; default all), and the statement reads the monthly rollup
    whenever `from_rollup` allows, else ticket_sla."""

    def build(req: FigureRequest) -> tuple[str, dict]:
        check_split(req, fact.dimensions | ({category} if category else set()))
        params: dict = {"from": req.date_from, "to": req.end_exclusive}
        source, where = fact, [f"{date_col} >= $from", f"{date_col} < $to"]
        if isinstance(measures, str):
            aggregates = measures
            where.append(str(condition))
        else:
            among = condition if isinstance(condition, Measure) else rollup.TICKETS
            if from_rollup(req, fact, date_col, category):
                source = ROLLUP
                params, where = rollup_months(req, date_col)
                where.append(f"{among.name} > 0")
                aggregates = ", ".join(f"{m.over_rollup()} AS {name}" for name, m in measures.items())
            else:
                where.append(among.condition)
                aggregates = ", ".join(f"{m.over_tickets(among)} AS {name}" for name, m in measures.items())
        dims = dims_select(req, date_col, source)
        if category and category not in req.split_dims:
            dims.append(f"{DIMENSION_COLUMNS[category]} AS {category}")
        where += filter_clauses(req, source, params)
        select = ", ".join([*dims, aggregates])
        group = "GROUP BY ALL ORDER BY ALL" if dims else ""
        sql = f"SELECT {select} FROM {source.sql} AS f WHERE {' AND '.join(where)} {group}"
        return sql, params

    return build


def ratio(
    fact: Fact,
    date_col: str,
    hit: str | Measure,
    *,
    condition: str | Measure = "true",
    target: str | Measure = "NULL",
):
    """Share of rows where `hit` holds, among rows where `condition` holds.

    With rollup measures (tickets): `hit` and `condition` are measures, and `target` a summed
    measure whose mean over the `condition` rows is the target."""
    if isinstance(hit, Measure):
        among = condition if isinstance(condition, Measure) else rollup.TICKETS
        parts = {"numerator": hit, "denominator": among}
        if isinstance(target, Measure):
            parts["target_sum"] = target
        inner = grouped(fact, date_col, parts, condition=among)
        mean_target = "target_sum / nullif(denominator, 0)" if isinstance(target, Measure) else target

        def build(req: FigureRequest) -> tuple[str, dict]:
            sql, params = inner(req)
            keys = ", ".join((["period"] if req.grain else []) + list(req.split_dims))
            hidden = " EXCLUDE (target_sum)" if "target_sum" in parts else ""
            order = f" ORDER BY {keys}" if keys else ""
            sql = (
                f"SELECT *{hidden}, numerator / nullif(denominator, 0) AS value, {mean_target} AS target "
                f"FROM ({sql}){order}"
            )
            return sql, params

        return build
    measures = (
        f"{count_where(hit)} AS numerator, count(*) AS denominator, "
        f"{count_where(hit)} / nullif(count(*), 0) AS value, {target} AS target"
    )
    return grouped(fact, date_col, measures, condition=condition)


def count(fact: Fact, date_col: str, *, condition: str = "true"):
    """Rows of `fact`; all tickets by a date: the rollup measure `tickets`."""
    if fact is TICKETS and condition == "true":
        return grouped(fact, date_col, {"value": rollup.TICKETS, "numerator": rollup.TICKETS})
    return grouped(fact, date_col, "count(*) AS value, count(*) AS numerator", condition=condition)


def median(fact: Fact, date_col: str, expr: str, *, condition: str = "true"):
    measures = f"median({expr}) AS value, count({expr}) AS denominator"
    return grouped(fact, date_col, measures, condition=f"({condition}) AND {expr} IS NOT NULL")


def median_of_minutes(fact: Fact, date_col: str, minutes: str, *, per: float = 60.0, condition: str = "true"):
    """The exact median of a whole-minute quantity (rounded to the minute), reported in units of
    `per` minutes (hours by default): DuckDB's own median() over the rows, or, for the resolution
    time of tickets when `minutes_level` finds a level of `rollup.MINUTES` that serves the
    request, the same median read from the counts per minute there (`median_from_minutes`)."""
    scan = grouped(
        fact,
        date_col,
        f"median(round({minutes})) / {per} AS value, count(*) AS denominator",
        condition=f"({condition}) AND {minutes} IS NOT NULL",
    )
    counted = fact is TICKETS and date_col == rollup.MINUTES_DATE and minutes == rollup.MINUTES_OF
    counted = counted and condition == "true"

    def build(req: FigureRequest) -> tuple[str, dict]:
        level = minutes_level(req) if counted else None
        return scan(req) if level is None else median_from_minutes(req, level, per)

    return build


MINUTES_FACT = Fact(
    "resolution_minutes",
    rollup.MINUTES,
    frozenset(d for kept in rollup.MINUTES_LEVELS.values() for d in kept),
    month_keys={rollup.MINUTES_DATE: "ym"},
)


def minutes_level(req: FigureRequest) -> str | None:
    """The level of `rollup.MINUTES` whose counts give the resolution-time median for `req`: a
    period of whole months split by nothing finer than a month, and every split and filter
    dimension (and the client, under a client scope) one that level keeps; None: scan the tickets."""
    if not whole_months(req):
        return None
    dims = asked_dims(req) | ({"client"} if req.client_scope is not None else set())
    return next((level for level, kept in rollup.MINUTES_LEVELS.items() if dims <= set(kept)), None)


# Buckets of 2**6 minutes: the middle ranks are found among the buckets first, then among the
# minutes of the one or two buckets that hold them, so no window runs over every minute.
_BUCKET_SHIFT = 6


def median_from_minutes(req: FigureRequest, level: str, per: float) -> tuple[str, dict]:
    """The median of the whole minutes counted in `rollup.MINUTES` at `level`, per group of the
    request: the smallest minute whose running count reaches rank (n + 1) // 2, plus the smallest
    reaching n // 2 + 1, halved (for an odd n both are the middle one): what median() gives over the
    same minutes, to the last bit (both are whole numbers, halved exactly)."""
    check_split(req, TICKETS.dimensions)
    params, months = month_range(req)
    params["level"] = level
    where = ["level = $level", *months, *filter_clauses(req, MINUTES_FACT, params)]
    keys = [*(["period"] if req.grain else []), *req.split_dims]
    dims = dims_select(req, rollup.MINUTES_DATE, MINUTES_FACT)
    g = ", ".join(keys)
    gsel, by = (f"{g}, ", f"GROUP BY {g}") if keys else ("", "")
    part = f"PARTITION BY {g}" if keys else ""
    on = " AND ".join(f"h.{k} IS NOT DISTINCT FROM k.{k}" for k in keys) or "true"
    first = "(total + 1) // 2"
    sql = f"""
    WITH h AS NOT MATERIALIZED (
        SELECT {", ".join([*dims, "minutes", "tickets"])} FROM {rollup.MINUTES} WHERE {" AND ".join(where)}),
    buckets AS (SELECT {gsel}minutes >> {_BUCKET_SHIFT} AS bucket, sum(tickets) AS n FROM h GROUP BY ALL),
    running AS (SELECT *, sum(n) OVER ({part} ORDER BY bucket ROWS UNBOUNDED PRECEDING) AS upto,
                       sum(n) OVER ({part}) AS total FROM buckets),
    k AS (SELECT {gsel}max(total) AS total, max({first}) AS k1, max(total // 2 + 1) AS k2,
                 min(bucket) FILTER (WHERE upto >= {first}) AS b1, min(bucket) FILTER (WHERE upto >= total // 2 + 1) AS b2,
                 min(upto - n) FILTER (WHERE upto >= {first}) AS before
          FROM running {by}),
    middle AS (SELECT {", ".join(f"h.{k}" for k in keys)}{", " if keys else ""}h.minutes, sum(h.tickets) AS n,
                      any_value(k.total) AS total, any_value(k.k1) AS k1, any_value(k.k2) AS k2,
                      any_value(k.before) AS before
               FROM h JOIN k ON {on} AND (h.minutes >> {_BUCKET_SHIFT}) BETWEEN k.b1 AND k.b2 GROUP BY ALL),
    ranked AS (SELECT *, before + sum(n) OVER ({part} ORDER BY minutes ROWS UNBOUNDED PRECEDING) AS upto
               FROM middle)
    SELECT {gsel}CAST(min(minutes) FILTER (WHERE upto >= k1) + min(minutes) FILTER (WHERE upto >= k2) AS DOUBLE)
               / 2 / {per} AS value, CAST(max(total) AS BIGINT) AS denominator
    FROM ranked {by}{" ORDER BY " + g if keys else ""}"""
    return sql, params


def mix(fact: Fact, date_col: str, category: str, *, condition: str = "true"):
    """Share of each `category` value among all rows of its group (channel mix, outcomes...)."""

    def build(req: FigureRequest) -> tuple[str, dict]:
        counted = (
            {"numerator": rollup.TICKETS}
            if fact is TICKETS and condition == "true"
            else "count(*) AS numerator"
        )
        inner_sql, params = grouped(fact, date_col, counted, condition=condition, category=category)(req)
        partition = [("period" if req.grain else None), *[d for d in req.split_dims if d != category]]
        over = ", ".join(p for p in partition if p)
        window = f"OVER (PARTITION BY {over})" if over else "OVER ()"
        sql = (
            f"SELECT *, sum(numerator) {window} AS denominator, "
            f"numerator / sum(numerator) {window} AS value FROM ({inner_sql}) ORDER BY ALL"
        )
        return sql, params

    return build


def used_params(sql: str, params: dict) -> dict:
    """Only the parameters the statement names (DuckDB refuses unused ones)."""
    names = set(re.findall(r"\$([a-z_][a-z0-9_]*)", sql))
    return {k: v for k, v in params.items() if k in names}
