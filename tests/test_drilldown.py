"""The rows behind a figure are exactly the rows the figure counted."""

from __future__ import annotations

import datetime as dt

import pytest

from gdmetrics import drilldown
from gdmetrics.figures import FigureRequest, compute
from tests.dashboard_db import prepared_copy

NOV = FigureRequest(date_from=dt.date(2006, 11, 1), date_to=dt.date(2006, 11, 30))


@pytest.fixture(scope="module")
def con(demo_db_path, tmp_path_factory):
    c = prepared_copy(demo_db_path, tmp_path_factory.mktemp("dashboard"))
    yield c
    c.close()


@pytest.mark.parametrize(
    ("figure_id", "where", "column"),
    [
        ("resolution_within_norm", (("directorate", ("ICT",)),), "denominator"),
        ("response_within_norm", (("dg", ("DGV",)),), "denominator"),
        ("ticket_volume", (("channel", ("telefoon",)),), "value"),
        ("reopen_rate", (), "denominator"),
        ("backlog", (("directorate", ("FAZ",)),), "value"),
        ("complaint_count", (), "value"),
        ("complaints_within_legal_term", (), "denominator"),
        ("escalation_count", (("dg", ("DGOB",)),), "value"),
        ("escalation_outcomes", (), "numerator"),
    ],
)
def test_rows_are_the_rows_the_figure_counted(con, figure_id, where, column):
    req = NOV.with_(where=where)
    expected = compute(con, figure_id, req).frame[column].sum()
    assert len(drilldown.rows(con, figure_id, req)) == expected == drilldown.count(con, figure_id, req)


def test_ticket_rows_carry_norm_and_verdict_and_breaches_come_first(con):
    rows = drilldown.rows(con, "resolution_within_norm", NOV)
    frame = compute(con, "resolution_within_norm", NOV).frame
    assert (rows["met"] == False).sum() == frame["denominator"].iloc[0] - frame["numerator"].iloc[0]  # noqa: E712
    assert not rows["met"].iloc[0]  # breaches first
    assert rows["norm_hours"].notna().all() and rows["norm_source"].notna().all()
    assert ((rows["used_hours"] <= rows["norm_hours"]) == rows["met"]).all()


def test_costs_and_charges_add_up_to_their_figures(con):
    costs = drilldown.rows(con, "cost_per_ticket", NOV)
    assert float((costs["personnel_cost"] + costs["material_spend"]).sum()) == pytest.approx(
        compute(con, "cost_per_ticket", NOV).frame["numerator"].iloc[0]
    )
    req = NOV.with_(where=(("client", ("JUS",)),))
    charges = drilldown.rows(con, "charges", req)
    assert float(charges["amount"].sum()) == pytest.approx(compute(con, "charges", req).value)


def test_at_risk_tickets_are_open_without_verdict_and_due_soon(con):
    rows = drilldown.rows(con, "at_risk", NOV, horizon_hours=96)
    assert len(rows) > 0
    assert rows["met"].isna().all() and rows["resolved_at"].isna().all()
    assert rows["hours_left"].between(0, 96).all()
    assert list(rows["hours_left"]) == sorted(rows["hours_left"])


def test_filters_a_fact_cannot_take_are_dropped(con):
    """Escalations have no directorate: the rows are those of the unfiltered figure."""
    req = NOV.with_(where=(("directorate", ("ICT",)),))
    assert len(drilldown.rows(con, "escalation_count", req)) == compute(con, "escalation_count", NOV).value


def test_escalation_pickup_rows_show_the_waiting_time_missed_norm_first(con):
    """The rows behind the pickup median carry the waiting time it is taken over (open ones
    included) and the verdict against the mantel's pickup norm; those that missed it come first."""
    from gdmetrics import presentation

    year = NOV.with_(date_from=dt.date(2004, 1, 1), date_to=dt.date(2004, 12, 31))
    rows = drilldown.rows(con, "escalation_pickup_hours", year)
    flags = [None if m is None or m != m else bool(m) for m in rows["picked_up_within_norm"]]
    missed = flags.count(False)
    assert 0 < missed < len(rows)  # both kinds in the demo's year
    assert flags[:missed] == [False] * missed  # failures first
    for part in (rows.iloc[:missed], rows.iloc[missed:]):  # each part longest wait first
        assert list(part["waited_hours"]) == sorted(part["waited_hours"], reverse=True)
    shown = presentation.readable_rows(
        rows, "escalations", "en", drilldown.drill_of("escalation_pickup_hours").columns
    )
    columns = list(shown.columns)
    assert columns.index("Waiting time (hours)") == columns.index("Pickup (hours)") + 1
    assert shown["Pickup norm"].iloc[0] == "✖ outside norm"
