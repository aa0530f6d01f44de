"""The rows behind a figure: tickets with norm and verdict, complaints, escalations, costs, charges.

Which rows lie behind a figure, how they are dated and sorted is declared with the figure (its
`drill`, gdmetrics.figures.registry); this module owns the row lists: for each kind of row, the
statement that reads it with names for reading, and its own order. A drill-down for a figure and
request returns exactly the rows the figure counted. Filters the rows' fact cannot take are
dropped (the page says so beside the figure). Values are bound; only names from the declarations
and the registry's allow-lists are formatted into SQL.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from gdmetrics.figures import get_figure
from gdmetrics.figures.model import Drill, Fact, FigureRequest
from gdmetrics.figures.registry import AT_RISK_HORIZON_HOURS
from gdmetrics.figures.run import context_params
from gdmetrics.figures.sql import (
    CHARGES,
    COMPLAINTS,
    COSTS,
    ESCALATIONS,
    TICKETS,
    filter_clauses,
    used_params,
)
from gdmetrics.settings import get_settings

ROW_LIMIT = 100_000  # more than this is an export, not a drill-down
HORIZON_HOURS = AT_RISK_HORIZON_HOURS  # how far ahead 'about to breach' looks, in calendar hours

FACTS: dict[str, Fact] = {
    "tickets": TICKETS,
    "complaints": COMPLAINTS,
    "escalations": ESCALATIONS,
    "costs": COSTS,
    "charges": CHARGES,
}
# Each kind's own order, after the figure's (the failures first); the last key makes it total.
ORDERS = {
    "tickets": ("s.{v}_met NULLS FIRST, s.registered_at", "s.ticket_id"),
    "complaints": ("f.received_at", "f.id"),
    "escalations": ("f.escalated_at", "f.id"),
    "costs": ("month", "directorate_code"),
    "charges": ("f.month, f.client_code", "f.product_code"),
}

# Each statement filters the fact alone in a subquery (the filters name its bare columns), then
# joins names for reading.
TICKET_SQL = """
SELECT s.ticket_id, s.registered_at, s.client_code, c.name AS client, s.product_code, p.name AS product,
       s.directorate_code AS directorate, s.priority, s.channel, s.status, s.dva_id, s.dva_line_no,
       s.{v}_norm_source AS norm_source, s.{v}_norm_min / 60.0 AS norm_hours,
       s.{v}_used_min / 60.0 AS used_hours, s.{v}_due_at AS due_at, s.{v}_met AS met,
       s.{v}_verdict_at AS verdict_at, s.clock, s.resolved_at,
       date_diff('minute', CAST($as_of AS TIMESTAMP), s.{v}_due_at) / 60.0 AS hours_left{extra}
FROM (SELECT * FROM {fact} AS f WHERE {where}) s
LEFT JOIN client c ON c.code = s.client_code
LEFT JOIN product p ON p.code = s.product_code
ORDER BY {order}
LIMIT {limit}"""

COMPLAINT_SQL = """
SELECT f.id AS complaint_id, f.received_at, f.client_code, c.name AS client, f.directorate_code AS directorate,
       f.category, f.ticket_id, f.term_extended, f.term_end, f.handled_at, f.outcome,
       CASE WHEN f.handled_at IS NOT NULL THEN f.handled_at <= f.term_end
            WHEN f.term_end <= $as_of THEN false END AS within_term
FROM (SELECT * FROM {fact} AS f WHERE {where}) f LEFT JOIN client c ON c.code = f.client_code
ORDER BY {order} LIMIT {limit}"""

ESCALATION_SQL = """
SELECT f.id AS escalation_id, f.escalated_at, f.client_code, c.name AS client, f.reason,
       am.name AS accountmanager, f.picked_up_at, f.pickup_hours, f.closed_at, f.outcome, f.ticket_id,
       date_diff('day', f.escalated_at, coalesce(f.closed_at, least(CAST($to AS TIMESTAMP), $as_of))) AS age_days{extra}
FROM (SELECT * FROM {fact} AS f WHERE {where}) f LEFT JOIN client c ON c.code = f.client_code
LEFT JOIN accountmanager am ON am.id = f.accountmanager_id
ORDER BY {order} LIMIT {limit}"""

COST_SQL = """
SELECT directorate_code AS directorate, month, fte, personnel_cost, material_budget, material_spend
FROM cost WHERE {where} ORDER BY {order} LIMIT {limit}"""

CHARGE_SQL = """
SELECT f.month, f.client_code, c.name AS client, f.product_code, p.name AS product, f.quantity, f.tariff,
       f.amount
FROM (SELECT * FROM {fact} AS f WHERE {where}) f LEFT JOIN client c ON c.code = f.client_code
JOIN product p ON p.code = f.product_code
ORDER BY {order} LIMIT {limit}"""


def drill_of(figure_id: str) -> Drill:
    """The declared drill-down of a figure; KeyError for an unknown id."""
    drill = get_figure(figure_id).drill
    if drill is None:  # the registry refuses this; kept for a figure built outside it
        raise KeyError(f"figure {figure_id!r} declares no drill-down")
    return drill


def _where(drill: Drill, fact: Fact, req: FigureRequest, params: dict) -> str:
    applicable = req.with_(where=tuple((d, v) for d, v in req.where if d in fact.dimensions))
    clauses = [drill.condition, *filter_clauses(applicable, fact, params)]
    if drill.date_col:
        clauses += [f"{drill.date_col} >= $from", f"{drill.date_col} < $to"]
    return " AND ".join(f"({c})" for c in clauses)


def _params(con: duckdb.DuckDBPyConnection, req: FigureRequest, horizon_hours: int) -> dict:
    return {
        **context_params(con, get_settings()),
        "from": req.date_from,
        "to": req.end_exclusive,
        "horizon": int(horizon_hours),
    }


def rows(
    con: duckdb.DuckDBPyConnection,
    figure_id: str,
    req: FigureRequest,
    limit: int = ROW_LIMIT,
    horizon_hours: int = HORIZON_HOURS,
) -> pd.DataFrame:
    """The rows a figure counted for this request (at most `limit`), in the figure's declared
    order (the failures first), then the kind's own: ticket rows with their norm, time used, due
    moment and verdict.

    `at_risk` gives open tickets without a verdict whose resolution norm expires within
    `horizon_hours` (calendar hours) of the data's as-of moment: the ones a team can still save.
    PermissionError for a figure of an area the request's user lacks (FigureRequest.areas)."""
    req.require(get_figure(figure_id))
    drill = drill_of(figure_id)
    fact = drill.fact or FACTS[drill.kind]
    params = _params(con, req, horizon_hours)
    where, limit = _where(drill, fact, req, params), int(limit)
    own, last = ORDERS[drill.kind]
    order = ", ".join(o for o in (drill.order, own, last) if o).format(v=drill.verdict)
    alias = "s" if drill.kind == "tickets" else "f"
    extra = "".join(f", {alias}.{c}" for c, _ in drill.columns if c != "hours_left")
    if drill.kind == "tickets":
        sql = TICKET_SQL.format(
            v=drill.verdict, fact=fact.sql, where=where, order=order, limit=limit, extra=extra
        )
    elif drill.kind == "complaints":
        sql = COMPLAINT_SQL.format(fact=fact.sql, where=where, order=order, limit=limit)
    elif drill.kind == "escalations":
        sql = ESCALATION_SQL.format(fact=fact.sql, where=where, order=order, limit=limit, extra=extra)
    elif drill.kind == "charges":
        sql = CHARGE_SQL.format(fact=fact.sql, where=where, order=order, limit=limit)
    else:
        sql = COST_SQL.format(where=where, order=order, limit=limit)
    return con.cursor().execute(sql, used_params(sql, params)).df()


def count(
    con: duckdb.DuckDBPyConnection, figure_id: str, req: FigureRequest, horizon_hours: int = HORIZON_HOURS
) -> int:
    """How many rows lie behind the figure (the drill-down shows at most ROW_LIMIT)."""
    req.require(get_figure(figure_id))
    drill = drill_of(figure_id)
    fact = drill.fact or FACTS[drill.kind]
    params = _params(con, req, horizon_hours)
    sql = f"SELECT count(*) FROM {fact.sql} AS f WHERE {_where(drill, fact, req, params)}"
    return con.cursor().execute(sql, used_params(sql, params)).fetchone()[0]
