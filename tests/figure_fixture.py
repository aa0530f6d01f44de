"""The golden fixture for figures: the tiny organisation plus a handful of tickets, complaints,
escalations, costs, charges and pattern instances whose every figure is counted by hand in
tests/test_figures.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from gdmetrics.sla import refresh_ticket_sla
from tests.tiny_org import build_tiny_org, insert_rows, insert_ticket

T = dt.datetime
AS_OF = T(2004, 6, 30, 17, 0)


def _months(year_from: int, year_to: int) -> list[dt.date]:
    return [dt.date(y, m, 1) for y in range(year_from, year_to + 1) for m in range(1, 13)]


def build_figure_fixture(path: Path) -> duckdb.DuckDBPyConnection:
    con = build_tiny_org(path)
    # March 2004 ----------------------------------------------------------------------------
    insert_ticket(
        con,
        "A",
        T(2004, 3, 2, 9),
        first_response_at=T(2004, 3, 2, 9, 30),
        resolved_at=T(2004, 3, 2, 12),
        client_code="D1",
        handled_by="servicedesk",
        source_sla_met=True,
        requester="MW1",
    )
    insert_ticket(
        con,
        "B",
        T(2004, 3, 3, 9),
        resolved_at=T(2004, 3, 5, 12),
        channel="servicepagina",
        reopen_count=1,
        reassignment_count=2,
        source_sla_met=True,
        requester="MW1",
    )
    insert_ticket(
        con,
        "C",
        T(2004, 3, 8, 10),
        resolved_at=T(2004, 3, 8, 15),
        channel="email",
        client_code="JUS",
        product_code="LAPTOP",
        directorate_code="ICT",
        reassignment_count=1,
        source_sla_met=True,
        requester="MW2",
    )
    insert_ticket(
        con,
        "D",
        T(2004, 3, 29, 9),
        channel="balie",
        client_code="D1",
        product_code="LAPTOP",
        directorate_code="ICT",
        requester="MW2",
    )
    insert_ticket(
        con,
        "E",
        T(2004, 3, 6, 22),
        resolved_at=T(2004, 3, 7, 4),
        product_code="ALARM",
        priority=1,
        handled_by="servicedesk",
    )
    insert_ticket(con, "G", T(2004, 3, 31, 16), client_code="D1", status="nieuw")
    insert_ticket(
        con,
        "H",
        T(2004, 3, 10, 11),
        channel="post",
        product_code="ADVIES",
        directorate_code="ICT",
        demand_level="strategisch",
        status="geannuleerd",
        handled_by=None,
    )
    # April 2004 ----------------------------------------------------------------------------
    insert_ticket(
        con,
        "F",
        T(2004, 4, 1, 9),
        resolved_at=T(2004, 4, 1, 10),
        channel="servicepagina",
        handled_by="servicedesk",
    )
    # May 2004: two instances of the pattern 'nieuwe medewerker' -----------------------------
    insert_rows(con, "pattern", [("NM", "Nieuwe medewerker", "New employee", 16.0)])
    insert_rows(con, "pattern_step", [("NM", 1, "WERK"), ("NM", 2, "LAPTOP")])
    insert_rows(
        con,
        "pattern_instance",
        [("PI1", "NM", "D1", T(2004, 5, 10, 9)), ("PI2", "NM", "D2", T(2004, 5, 17, 9))],
    )
    for tid, reg, res, product, instance in [
        ("I1", T(2004, 5, 10, 9), T(2004, 5, 10, 12), "WERK", "PI1"),
        ("I2", T(2004, 5, 10, 9, 30), T(2004, 5, 11, 10), "LAPTOP", "PI1"),
        ("I3", T(2004, 5, 17, 9), T(2004, 5, 19, 9), "WERK", "PI2"),
        ("I4", T(2004, 5, 17, 10), T(2004, 5, 18, 12), "LAPTOP", "PI2"),
    ]:
        insert_ticket(
            con,
            tid,
            reg,
            resolved_at=res,
            product_code=product,
            pattern_instance_id=instance,
            directorate_code="FAZ" if product == "WERK" else "ICT",
        )
    # June 2004: R, open and without a verdict, due Thu 1 Jul 16:00 (WERK 16 h from Wed 09:00),
    # 23 hours after the data's as-of moment.
    insert_ticket(con, "R", T(2004, 6, 30, 9))
    # June 2004: W, put on hold an hour after registration (Tue 1 Jun 10:00) and never resumed: its
    # clock stopped before its due moment, so it never breaches; 29 days on hold at the as-of moment.
    insert_ticket(con, "W", T(2004, 6, 1, 9), status="wacht")
    insert_rows(con, "ticket_pause", [("W", T(2004, 6, 1, 10), None, "wacht op klant")])
    # February 2005: requester MW3 of D2 reports WERK on Monday, resolved within hours, and again
    # on Thursday.
    insert_ticket(con, "P1", T(2005, 2, 7, 9), resolved_at=T(2005, 2, 7, 11), requester="MW3")
    insert_ticket(con, "P2", T(2005, 2, 10, 9), resolved_at=T(2005, 2, 10, 10), requester="MW3")
    # January 2005: requester MW4 without a known client reports WERK on Monday 09:00, resolved at
    # 10:00, again exactly 120 hours later (Q2), and again 120 hours and one minute after Q2's
    # resolution (Q3); MW4 of D1 (Q4) is another requester.
    for tid, reg, client in [
        ("Q1", T(2005, 1, 3, 9), None),
        ("Q2", T(2005, 1, 8, 10), None),
        ("Q3", T(2005, 1, 13, 11, 1), None),
        ("Q4", T(2005, 1, 4, 9), "D1"),
    ]:
        insert_ticket(
            con, tid, reg, resolved_at=reg + dt.timedelta(hours=1), client_code=client, requester="MW4"
        )
    # Desk contacts from an imported system: one solved at first call, one not.
    insert_rows(
        con,
        "interaction",
        [
            ("X1", "test", T(2004, 3, 4, 10), "telefoon", "D1", True, 120.0, None),
            ("X2", "test", T(2004, 3, 4, 11), "telefoon", "D2", False, 300.0, None),
        ],
    )
    insert_rows(
        con,
        "complaint",
        [
            ("K1", T(2004, 3, 5, 10), "D2", "FAZ", "doorlooptijd", "B", False, T(2004, 3, 10, 10), "gegrond"),
            (
                "K2",
                T(2004, 3, 15, 10),
                "D1",
                "ICT",
                "bejegening",
                None,
                False,
                T(2004, 5, 10, 10),
                "ongegrond",
            ),
            (
                "K3",
                T(2004, 3, 20, 10),
                "JUS",
                "FAZ",
                "doorlooptijd",
                None,
                True,
                T(2004, 5, 20, 10),
                "deels_gegrond",
            ),
            ("K4", T(2004, 3, 10, 10), "D2", "FAZ", "kwaliteit", None, False, None, None),
        ],
    )
    insert_rows(
        con,
        "escalation",
        [
            (
                "E1",
                "A",
                T(2004, 3, 2, 10),
                "D1",
                "buiten_pakket",
                "AM1",
                T(2004, 3, 2, 14),
                T(2004, 3, 10, 10),
                "maatwerkofferte",
            ),
            (
                "E2",
                None,
                T(2004, 3, 5, 16),
                "JUS",
                "geen_werkproces",
                "AM2",
                T(2004, 3, 8, 10),
                T(2004, 3, 20, 10),
                "nieuw_product",
            ),
            ("E3", None, T(2004, 3, 25, 9), "D2", "strategische_vraag", "AM2", T(2004, 3, 26, 9), None, None),
        ],
    )
    costs = []
    for month in _months(2004, 2006):
        base = month.year == 2004
        costs.append(
            (
                "FAZ",
                month,
                10.0 if base else 8.0,
                65000 if base else 54000,
                35000 if base else 30000,
                30000 if base else 28000,
            )
        )
        costs.append(
            (
                "ICT",
                month,
                20.0 if base else 19.0,
                130000 if base else 128000,
                100000 if base else 95000,
                90000 if base else 93000,
            )
        )
    insert_rows(con, "cost", costs)
    insert_rows(
        con,
        "charge",
        [
            ("D1", dt.date(2004, 3, 1), "LAPTOP", 2.0, 50, 100),
            ("JUS", dt.date(2004, 3, 1), "LAPTOP", 1.0, 50, 50),
            ("D1", dt.date(2004, 4, 1), "LAPTOP", 3.0, 50, 150),
        ],
    )
    con.execute("INSERT INTO meta VALUES ('data_as_of', $a)", {"a": AS_OF.isoformat(sep=" ")})
    refresh_ticket_sla(con)
    return con
