"""Builders for figures that are not a plain share, count or median over one fact."""

from __future__ import annotations

from gdmetrics import rollup
from gdmetrics.figures import sql as figure_sql
from gdmetrics.figures.model import DIMENSION_COLUMNS, FigureRequest
from gdmetrics.figures.sql import (
    COSTS,
    ROLLUP,
    TICKET_DIMS,
    TICKETS,
    Fact,
    check_split,
    count,
    dims_select,
    filter_clauses,
    grouped,
    period_expr,
    rollup_months,
)
from gdmetrics.rollup import count_where

AGE_BUCKETS = ((2, "0-2"), (5, "3-5"), (10, "6-10"), (20, "11-20"))  # business days, inclusive
OPEN = "status <> 'geannuleerd'"


def per_1000(fact: Fact, date_col: str, *, condition: str = "true"):
    """Rows of `fact` per 1,000 tickets registered in the same period and group."""

    def build(req: FigureRequest) -> tuple[str, dict]:
        check_split(req, fact.dimensions & TICKET_DIMS)
        num_sql, params = count(fact, date_col, condition=condition)(req)
        den_sql, den_params = count(TICKETS, "registered_at")(req)
        params.update(den_params)
        keys = (["period"] if req.grain else []) + list(req.split_dims)
        join = f"LEFT JOIN ({num_sql}) n USING ({', '.join(keys)})" if keys else f", ({num_sql}) n"
        key_cols = "".join(f"d.{k}, " for k in keys)
        sql = (
            f"SELECT {key_cols}coalesce(n.numerator, 0) AS numerator, d.numerator AS denominator, "
            f"1000.0 * coalesce(n.numerator, 0) / nullif(d.numerator, 0) AS value "
            f"FROM ({den_sql}) d {join} ORDER BY ALL"
        )
        return sql, params

    return build


def backlog(req: FigureRequest) -> tuple[str, dict]:
    """Open tickets at the end of the period, or at the end of each period bucket.

    Counted as registrations minus resolutions before the moment, so a whole decade is one scan.
    """
    check_split(req, TICKET_DIMS)
    params: dict = {"from": req.date_from, "to": req.end_exclusive}
    filters = " AND ".join([OPEN, *filter_clauses(req, TICKETS, params)])
    dims = [f"{DIMENSION_COLUMNS[d]} AS {d}" for d in req.split_dims]
    if not req.grain:
        select = ", ".join([*dims, "count(*) AS value", "count(*) AS numerator"])
        group = "GROUP BY ALL ORDER BY ALL" if dims else ""
        sql = (
            f"SELECT {select} FROM ticket_sla WHERE registered_at < least($to, $as_of) "
            f"AND (done_at IS NULL OR done_at >= least($to, $as_of)) AND {filters} {group}"
        )
        return sql, params
    g = req.grain
    # Every event before the first bucket is counted in the first bucket.
    first = period_expr(g, "CAST($from AS DATE)")
    reg, done = period_expr(g, "registered_at", TICKETS), period_expr(g, "done_at", TICKETS)
    dim_items = "".join(f", {d}" for d in dims)
    keys = list(req.split_dims)
    key_cols = "".join(", " + k for k in keys)
    ev = (
        f"SELECT greatest({reg}, {first}) AS period{dim_items}, count(*) AS delta "
        f"FROM ticket_sla WHERE registered_at < $to AND {filters} GROUP BY ALL "
        f"UNION ALL SELECT greatest({done}, {first}) AS period{dim_items}, -count(*) "
        f"FROM ticket_sla WHERE done_at < $to AND {filters} GROUP BY ALL"
    )
    buckets = (
        f"SELECT DISTINCT {period_expr(g, 'CAST(b AS DATE)')} AS period FROM generate_series("
        f"CAST($from AS TIMESTAMP), CAST($to AS TIMESTAMP) - INTERVAL 1 DAY, INTERVAL 1 DAY) t(b)"
    )
    grid = (
        f"SELECT * FROM buckets, (SELECT DISTINCT {', '.join(keys)} FROM agg)"
        if keys
        else "SELECT * FROM buckets"
    )
    partition = f"PARTITION BY {', '.join(keys)} " if keys else ""
    sql = f"""
        WITH ev AS ({ev}),
        agg AS (SELECT period{key_cols}, sum(delta) AS net FROM ev GROUP BY ALL),
        buckets AS ({buckets}),
        grid AS ({grid})
        SELECT period{key_cols},
               sum(coalesce(agg.net, 0)) OVER ({partition}ORDER BY period) AS value,
               sum(coalesce(agg.net, 0)) OVER ({partition}ORDER BY period) AS numerator
        FROM grid LEFT JOIN agg USING (period{key_cols})
        ORDER BY ALL"""
    return sql, params


def backlog_ageing(req: FigureRequest) -> tuple[str, dict]:
    """Open tickets at the end of the period by age in business days since registration."""
    check_split(req, TICKET_DIMS | {"age_bucket"})
    if req.grain:
        raise ValueError(
            "backlog_ageing is a snapshot at the end of the period; split it by a dimension, not a period"
        )
    params: dict = {"from": req.date_from, "to": req.end_exclusive}
    filters = " AND ".join([OPEN, *filter_clauses(req, TICKETS, params)])
    dims = [f"{DIMENSION_COLUMNS[d]} AS {d}" for d in req.split_dims if d != "age_bucket"]
    bucket = "CASE " + " ".join(f"WHEN age_days <= {n} THEN '{label}'" for n, label in AGE_BUCKETS)
    bucket += f" ELSE '{AGE_BUCKETS[-1][0] + 1}+' END"
    order = "CASE " + " ".join(f"WHEN age_days <= {n} THEN {i}" for i, (n, _) in enumerate(AGE_BUCKETS))
    order += f" ELSE {len(AGE_BUCKETS)} END"
    sql = f"""
        SELECT {"".join(d + ", " for d in dims)}{bucket} AS age_bucket, min({order}) AS bucket_order,
               count(*) AS value, count(*) AS numerator
        FROM (
            SELECT f.*,
                ((ca.cum_before + least(greatest(date_diff('minute', ca.work_start, least($to, $as_of)), 0),
                                        ca.work_minutes))
                 - (cr.cum_before + least(greatest(date_diff('minute', cr.work_start, f.registered_at), 0),
                                          cr.work_minutes))) / $minutes_per_day AS age_days
            FROM ticket_sla f
            JOIN work_calendar cr ON cr.day = CAST(f.registered_at AS DATE)
            JOIN work_calendar ca ON ca.day = CAST(least($to, $as_of) AS DATE)
            WHERE f.registered_at < least($to, $as_of)
              AND (f.done_at IS NULL OR f.done_at >= least($to, $as_of)) AND {filters}
        )
        GROUP BY ALL ORDER BY {"".join(d.split(" AS ")[1] + ", " for d in dims)}bucket_order"""
    return sql, params


def efficiency_index(req: FigureRequest) -> tuple[str, dict]:
    """FTE (priced at the baseline year's cost per FTE) plus material budget against the baseline
    year's monthly average, baseline = 100. Computed per directorate and summed, so it adds up.
    Beside it its two parts, each against its own baseline: the formatie (`fte_index`) and the
    material budget (`material_index`). A directorate with cost rows in the period but none in the
    baseline year cannot be indexed: it is left out of the sums and named in `missing_baseline`
    (comma-separated codes), never dropped silently."""
    check_split(req, COSTS.dimensions)
    params: dict = {"from": req.date_from, "to": req.end_exclusive}
    where = " AND ".join(["c.month >= $from", "c.month < $to", *filter_clauses(req, COSTS, params)])
    dims = dims_select(req, "c.month")
    select = "".join(d + ", " for d in dims)
    group = "GROUP BY ALL ORDER BY ALL" if dims else ""
    # `base` is read once: inlined, not materialised first (a third less time over the few cost rows)
    sql = f"""
        WITH base AS NOT MATERIALIZED (
            SELECT directorate_code,
                   sum(personnel_cost) / nullif(sum(fte), 0) AS base_cost_per_fte,
                   sum(personnel_cost + material_budget) / count(DISTINCT month) AS base_month_cost,
                   sum(fte) / count(DISTINCT month) AS base_fte,
                   sum(material_budget) / count(DISTINCT month) AS base_material
            FROM cost WHERE month >= $base_from AND month < $base_to GROUP BY ALL
        )
        SELECT {select}
               sum(c.fte * b.base_cost_per_fte + c.material_budget) AS numerator,
               sum(b.base_month_cost) AS denominator,
               100 * sum(c.fte * b.base_cost_per_fte + c.material_budget) / nullif(sum(b.base_month_cost), 0)
                   AS value,
               100 * sum(c.fte) FILTER (WHERE b.directorate_code IS NOT NULL) / nullif(sum(b.base_fte), 0)
                   AS fte_index,
               100 * sum(c.material_budget) FILTER (WHERE b.directorate_code IS NOT NULL)
                   / nullif(sum(b.base_material), 0) AS material_index,
               string_agg(DISTINCT c.directorate_code, ', ' ORDER BY c.directorate_code)
                   FILTER (WHERE b.directorate_code IS NULL) AS missing_baseline,
               max(c.month) FILTER (WHERE b.directorate_code IS NOT NULL) AS last_month
        FROM cost c LEFT JOIN base b USING (directorate_code)
        WHERE {where} {group}"""
    return sql, params


def service_level_index(req: FigureRequest) -> tuple[str, dict]:
    """Tickets within norm against what the baseline year's share per directorate would give for
    the same tickets (baseline = 100): the 'gelijkblijvend dienstverleningsniveau' guard.

    Both counts, the period's and the baseline year's, are per directorate and resolution verdict
    month, so they read the monthly rollup whenever `from_rollup` allows (the baseline is a whole
    year), else `ticket_sla`; the same numbers either way."""
    check_split(req, TICKET_DIMS)
    date_col = "resolution_verdict_at"
    if figure_sql.from_rollup(req, TICKETS, date_col):  # through the module: one switch for all
        source = ROLLUP
        params, in_period = rollup_months(req, date_col)
        judged = ["resolution_judged > 0"]
        in_base = [
            "date_column = $date_column",
            "ym >= year($base_from) * 100 + month($base_from)",
            "ym < year($base_to) * 100 + month($base_to)",
        ]
        met, n = rollup.RESOLUTION_MET.over_rollup(), rollup.RESOLUTION_JUDGED.over_rollup()
    else:
        source = TICKETS
        params = {"from": req.date_from, "to": req.end_exclusive}
        judged = ["resolution_met IS NOT NULL"]
        in_period = [f"{date_col} >= $from", f"{date_col} < $to"]
        in_base = [f"{date_col} >= $base_from", f"{date_col} < $base_to"]
        met, n = count_where("resolution_met"), "count(*)"
    filters = " AND ".join([*in_period, *judged, *filter_clauses(req, source, params)])
    dims = dims_select(req, date_col, source)
    keys = (["period"] if req.grain else []) + list(req.split_dims)
    select = "".join(d + ", " for d in dims)
    outer = "".join(k + ", " for k in keys)
    group = "GROUP BY ALL ORDER BY ALL" if keys else ""
    # An account manager's index weighs their clients against their clients' own baseline: no
    # other client's ticket may count, the baseline's included.
    base_filters = " AND ".join([*in_base, *judged, *filter_clauses(req.with_(where=()), source, params)])
    # Count per directorate first (millions of rows, no join), then weigh the few groups, in
    # directorate order: a float sum depends on its order, and this one must not.
    sql = f"""
        WITH base AS (
            SELECT coalesce(directorate_code, '') AS dkey, {met} / {n} AS base_share
            FROM {source.sql} WHERE {base_filters}
            GROUP BY ALL
        ),
        counts AS (
            SELECT {select} coalesce(directorate_code, '') AS dkey, {met} AS met, {n} AS n
            FROM {source.sql} WHERE {filters} GROUP BY ALL
        )
        SELECT {outer} sum(met) AS numerator, sum(n * b.base_share ORDER BY dkey) AS denominator,
               100 * sum(met) / nullif(sum(n * b.base_share ORDER BY dkey), 0) AS value, 100 AS target
        FROM counts JOIN base b USING (dkey) {group}"""
    return sql, params


def cost_per_ticket(req: FigureRequest) -> tuple[str, dict]:
    """Personnel cost plus material spend per ticket registered, per directorate and month."""
    check_split(req, COSTS.dimensions)
    params: dict = {"from": req.date_from, "to": req.end_exclusive}
    cost_filters = " AND ".join(["month >= $from", "month < $to", *filter_clauses(req, COSTS, params)])
    ticket_filters = " AND ".join(
        ["registered_at >= $from", "registered_at < $to", *filter_clauses(req, TICKETS, params)]
    )
    dims = dims_select(req, "month")
    keys = (["period"] if req.grain else []) + list(req.split_dims)
    select = "".join(d + ", " for d in dims)
    group = "GROUP BY ALL" if dims else ""
    tickets_dims = dims_select(req, "registered_at", TICKETS)
    t_select = "".join(d + ", " for d in tickets_dims)
    join = f"LEFT JOIN t USING ({', '.join(keys)})" if keys else ", t"
    sql = f"""
        WITH c AS (SELECT {select} sum(personnel_cost + material_spend) AS cost FROM cost
                   WHERE {cost_filters} {group}),
             t AS (SELECT {t_select} count(*) AS tickets FROM ticket_sla
                   WHERE {ticket_filters} AND directorate_code IS NOT NULL {group})
        SELECT {"".join("c." + k + ", " for k in keys)} c.cost AS numerator, t.tickets AS denominator,
               c.cost / nullif(t.tickets, 0) AS value
        FROM c {join} ORDER BY ALL"""
    return sql, params


def open_at_end(fact: Fact, condition: str, **bound: object):
    """A builder: rows of `fact` that meet `condition` at the end of the period (open complaints,
    tickets about to breach). A snapshot: split by a dimension, not a period. `condition` may
    name $to (the day after the period) and $as_of; `bound` binds further values."""

    def build(req: FigureRequest) -> tuple[str, dict]:
        check_split(req, fact.dimensions)
        if req.grain:
            raise ValueError("a snapshot at the end of the period; split it by a dimension, not a period")
        params: dict = {"from": req.date_from, "to": req.end_exclusive, **bound}
        dims = [f"{DIMENSION_COLUMNS[d]} AS {d}" for d in req.split_dims]
        where = " AND ".join(f"({c})" for c in (condition, *filter_clauses(req, fact, params)))
        select = ", ".join([*dims, "count(*) AS value", "count(*) AS numerator"])
        group = "GROUP BY ALL ORDER BY ALL" if dims else ""
        return f"SELECT {select} FROM {fact.sql} AS f WHERE {where} {group}", params

    return build


def pickup_median(fact: Fact, date_col: str, hours: str, *, open_condition: str, within: str):
    """The median waiting time with the ones still waiting counted until the as-of moment, the
    count still open, and the share within the norm among those judged (`within` is true, false
    or NULL while not yet judged). `lower_bound` is true when the median may still rise: some
    escalation still waiting has waited no longer than it (always so when more than half wait);
    the value then reads 'more than X'."""
    measures = (
        f"median({hours}) AS value, count(*) AS denominator, "
        f"{count_where(open_condition)} AS still_open, "
        f"min({hours}) FILTER (WHERE {open_condition}) AS shortest_open, "
        f"{count_where(within)} AS within_norm, count({within}) AS judged, "
        f"{count_where(within)} / nullif(count({within}), 0) AS within_norm_share"
    )
    inner = grouped(fact, date_col, measures, condition=f"{hours} IS NOT NULL")

    def build(req: FigureRequest) -> tuple[str, dict]:
        sql, params = inner(req)
        keys = (["period"] if req.grain else []) + list(req.split_dims)
        order = f"ORDER BY {', '.join(keys)}" if keys else ""
        outer = (
            f"SELECT * EXCLUDE (shortest_open), coalesce(shortest_open <= value, false) AS lower_bound "
            f"FROM ({sql}) {order}"
        )
        return outer, params

    return build
