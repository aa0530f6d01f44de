"""The rows behind a figure: tickets with norm and verdict, complaints, escalations, costs, charges.

Each figure of the registry maps to the fact rows it counts and the moment that puts a row in a
period (the same column the figure's own statement filters on), so a drill-down for a figure
and request returns exactly the rows the figure counted. Filters the rows' fact cannot take are
dropped (the page says so beside the figure). Values are bound; only names from this module and
the registry's allow-lists are formatted into SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from gdmetrics.figures.compute import context_params
from gdmetrics.figures.model import FigureRequest
from gdmetrics.figures.sql import (
    CHARGES,
    COMPLAINTS,
    COSTS,
    ESCALATIONS,
    TICKETS,
    Fact,
    filter_clauses,
    used_params,
)
from gdmetrics.settings import get_settings

ROW_LIMIT = 100_000  # more than this is an export, not a drill-down

OPEN_AT_END = (
    "registered_at < least($to, $as_of) AND (done_at IS NULL OR done_at >= least($to, $as_of)) "
    "AND status <> 'geannuleerd'"
)


@dataclass(frozen=True)
class Drill:
    """Which rows a figure counts: the kind of row, the moment that dates it, and a condition."""

    kind: str  # tickets | complaints | escalations | costs | charges
    date_col: str
    condition: str = "true"
    verdict: str = "resolution"  # which norm the ticket rows show: resolution or response


_RESOLUTION = Drill("tickets", "resolution_verdict_at", "resolution_met IS NOT NULL")
AT_RISK = (
    "resolved_at IS NULL AND status <> 'geannuleerd' AND resolution_met IS NULL "
    "AND resolution_due_at >= CAST($as_of AS TIMESTAMP) "
    "AND resolution_due_at < CAST($as_of AS TIMESTAMP) + to_hours(CAST($horizon AS BIGINT))"
)
DRILLS: dict[str, Drill] = {
    "resolution_within_norm": _RESOLUTION,
    "service_level_vs_target": _RESOLUTION,
    "service_level_index": _RESOLUTION,
    "response_within_norm": Drill("tickets", "response_verdict_at", "response_met IS NOT NULL", "response"),
    "first_line_resolution": Drill("tickets", "registered_at", "handled_by IS NOT NULL"),
    "reopen_rate": Drill("tickets", "resolved_at", "resolved_at IS NOT NULL"),
    "reassignment_rate": Drill("tickets", "resolved_at", "resolved_at IS NOT NULL"),
    "median_resolution_hours": Drill("tickets", "resolved_at", "resolution_used_min IS NOT NULL"),
    "ticket_volume": Drill("tickets", "registered_at"),
    "channel_mix": Drill("tickets", "registered_at"),
    "demand_level_mix": Drill("tickets", "registered_at"),
    "source_sla_met": Drill("tickets", "coalesce(resolved_at, registered_at)", "source_sla_met IS NOT NULL"),
    "backlog": Drill("tickets", "", OPEN_AT_END),
    "backlog_ageing": Drill("tickets", "", OPEN_AT_END),
    "at_risk": Drill("tickets", "", AT_RISK),
    "complaint_count": Drill("complaints", "received_at"),
    "complaints_per_1000": Drill("complaints", "received_at"),
    "complaints_within_legal_term": Drill(
        "complaints",
        "CASE WHEN handled_at <= term_end THEN handled_at ELSE term_end END",
        "(handled_at IS NOT NULL OR term_end <= $as_of)",
    ),
    "open_complaints": Drill(
        "complaints",
        "",
        "received_at < least($to, $as_of) AND (handled_at IS NULL OR handled_at >= least($to, $as_of))",
    ),
    "escalation_count": Drill("escalations", "escalated_at"),
    "escalations_per_1000": Drill("escalations", "escalated_at"),
    "escalation_pickup_hours": Drill("escalations", "escalated_at", "pickup_hours IS NOT NULL"),
    "escalation_outcomes": Drill("escalations", "closed_at", "outcome IS NOT NULL"),
    "open_escalations": Drill(
        "escalations",
        "",
        "escalated_at < least($to, $as_of) AND (closed_at IS NULL OR closed_at >= least($to, $as_of))",
    ),
    "efficiency_index": Drill("costs", "month"),
    "cost_per_ticket": Drill("costs", "month"),
    "charges": Drill("charges", "month"),
}
FACTS: dict[str, Fact] = {
    "tickets": TICKETS,
    "complaints": COMPLAINTS,
    "escalations": ESCALATIONS,
    "costs": COSTS,
    "charges": CHARGES,
}

# Each statement filters the fact alone in a subquery (the filters name its bare columns), then
# joins names for reading.
TICKET_SQL = """
SELECT s.ticket_id, s.registered_at, s.client_code, c.name AS client, s.product_code, p.name AS product,
       s.directorate_code AS directorate, s.priority, s.channel, s.status, s.dva_id, s.dva_line_no,
       s.{v}_norm_source AS norm_source, s.{v}_norm_min / 60.0 AS norm_hours,
       s.{v}_used_min / 60.0 AS used_hours, s.{v}_due_at AS due_at, s.{v}_met AS met,
       s.{v}_verdict_at AS verdict_at, s.clock, s.resolved_at,
       date_diff('minute', CAST($as_of AS TIMESTAMP), s.{v}_due_at) / 60.0 AS hours_left
FROM (SELECT * FROM ticket_sla WHERE {where}) s
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
ORDER BY f.received_at, f.id LIMIT {limit}"""

ESCALATION_SQL = """
SELECT f.id AS escalation_id, f.escalated_at, f.client_code, c.name AS client, f.reason,
       am.name AS accountmanager, f.picked_up_at, f.pickup_hours, f.closed_at, f.outcome, f.ticket_id,
       date_diff('day', f.escalated_at, coalesce(f.closed_at, least(CAST($to AS TIMESTAMP), $as_of))) AS age_days
FROM (SELECT * FROM {fact} AS f WHERE {where}) f LEFT JOIN client c ON c.code = f.client_code
LEFT JOIN accountmanager am ON am.id = f.accountmanager_id
ORDER BY f.escalated_at, f.id LIMIT {limit}"""

COST_SQL = """
SELECT directorate_code AS directorate, month, fte, personnel_cost, material_budget, material_spend
FROM cost WHERE {where} ORDER BY month, directorate_code LIMIT {limit}"""

CHARGE_SQL = """
SELECT f.month, f.client_code, c.name AS client, f.product_code, p.name AS product, f.quantity, f.tariff,
       f.amount
FROM (SELECT * FROM {fact} AS f WHERE {where}) f LEFT JOIN client c ON c.code = f.client_code
JOIN product p ON p.code = f.product_code
ORDER BY f.month, f.client_code, f.product_code LIMIT {limit}"""


def kind_of(figure_id: str) -> str:
    """Which rows lie behind a figure (tickets, complaints, escalations, costs, charges)."""
    return DRILLS[figure_id].kind


def _where(drill: Drill, fact: Fact, req: FigureRequest, params: dict) -> str:
    applicable = req.with_(where=tuple((d, v) for d, v in req.where if d in fact.dimensions))
    clauses = [drill.condition, *filter_clauses(applicable, fact, params)]
    if drill.date_col:
        clauses += [f"{drill.date_col} >= $from", f"{drill.date_col} < $to"]
    return " AND ".join(f"({c})" for c in clauses)


def rows(
    con: duckdb.DuckDBPyConnection,
    figure_id: str,
    req: FigureRequest,
    limit: int = ROW_LIMIT,
    horizon_hours: int = 96,
) -> pd.DataFrame:
    """The rows a figure counted for this request (at most `limit`), in a readable order:
    ticket rows with their norm, time used, due moment and verdict, breaches first.

    `at_risk` gives open tickets without a verdict whose resolution norm expires within
    `horizon_hours` (calendar hours) of the data's as-of moment: the ones a team can still save."""
    drill = DRILLS[figure_id]
    fact = FACTS[drill.kind]
    params: dict = {
        **context_params(con, get_settings()),
        "from": req.date_from,
        "to": req.end_exclusive,
        "horizon": int(horizon_hours),
    }
    where, limit = _where(drill, fact, req, params), int(limit)
    if drill.kind == "tickets":
        order = (
            "s.due_at" if figure_id == "at_risk" else f"s.{drill.verdict}_met NULLS FIRST, s.registered_at"
        )
        order = "hours_left, s.ticket_id" if figure_id == "at_risk" else order + ", s.ticket_id"
        sql = TICKET_SQL.format(v=drill.verdict, where=where, order=order, limit=limit)
    elif drill.kind == "complaints":
        sql = COMPLAINT_SQL.format(fact=fact.sql, where=where, limit=limit)
    elif drill.kind == "escalations":
        sql = ESCALATION_SQL.format(fact=fact.sql, where=where, limit=limit)
    elif drill.kind == "charges":
        sql = CHARGE_SQL.format(fact=fact.sql, where=where, limit=limit)
    else:
        sql = COST_SQL.format(where=where, limit=limit)
    return con.cursor().execute(sql, used_params(sql, params)).df()


def count(con: duckdb.DuckDBPyConnection, figure_id: str, req: FigureRequest) -> int:
    """How many rows lie behind the figure (the drill-down shows at most ROW_LIMIT)."""
    drill = DRILLS[figure_id]
    fact = FACTS[drill.kind]
    params: dict = {
        **context_params(con, get_settings()),
        "from": req.date_from,
        "to": req.end_exclusive,
        "horizon": 96,
    }
    sql = f"SELECT count(*) FROM {fact.sql} AS f WHERE {_where(drill, fact, req, params)}"
    return con.cursor().execute(sql, used_params(sql, params)).fetchone()[0]
