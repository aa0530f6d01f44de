"""The incremental SLA refresh gives the same `ticket_sla` as a full one, row for row.

One copy of the demo for the module. Each test makes one kind of change through the path the
product uses for it (import, norm editor, reference workbook, calendar settings), which
refreshes only the tickets it can reach; the test then snapshots `ticket_sla`, recomputes every
ticket and compares both ways with EXCEPT ALL. Each test leaves the database consistent (the
full refresh), so the tests do not depend on their order.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gdmetrics.importing import import_bytes
from gdmetrics.sla import refresh_ticket_sla
from tests.dashboard_db import prepared_copy


@pytest.fixture(scope="module")
def con(demo_db_path, tmp_path_factory):
    c = prepared_copy(demo_db_path, tmp_path_factory.mktemp("incremental"))
    yield c
    c.close()


def snapshot(con) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE _before AS SELECT * FROM ticket_sla")


def assert_months_cover_the_change(con, months: list[dt.date] | None) -> None:
    """Every month of a date of a ticket row the change added or removed is among `months`."""
    assert months is not None  # an incremental refresh names its months
    changed = con.execute(
        """SELECT DISTINCT CAST(date_trunc('month', m) AS DATE) FROM (
               SELECT unnest([registered_at, resolved_at, done_at, response_verdict_at,
                              resolution_verdict_at]) AS m
               FROM ((SELECT * FROM _before EXCEPT ALL SELECT * FROM ticket_sla)
                     UNION ALL (SELECT * FROM ticket_sla EXCEPT ALL SELECT * FROM _before)))
           WHERE m IS NOT NULL"""
    ).fetchall()
    assert {r[0] for r in changed} <= set(months)


def assert_same_as_full_refresh(con) -> None:
    """ticket_sla as the change left it equals a full refresh, row for row; so does the monthly
    rollup (gdmetrics.rollup), which the incremental refresh rebuilt for its months only."""
    con.execute("CREATE OR REPLACE TEMP TABLE _incremental AS SELECT * FROM ticket_sla")
    con.execute("CREATE OR REPLACE TEMP TABLE _rollup AS SELECT * FROM month_rollup")
    refresh_ticket_sla(con)
    for kept, table in (("_incremental", "ticket_sla"), ("_rollup", "month_rollup")):
        only_incremental, only_full = con.execute(
            f"""SELECT (SELECT count(*) FROM (SELECT * FROM {kept} EXCEPT ALL SELECT * FROM {table})),
                       (SELECT count(*) FROM (SELECT * FROM {table} EXCEPT ALL SELECT * FROM {kept}))"""
        ).fetchone()
        assert (table, only_incremental, only_full) == (table, 0, 0)


def _csv(rows: list[str]) -> bytes:
    header = "id;registered_at;first_response_at;resolved_at;status;priority;channel;client;product;paused_at;resumed_at"
    return ("\n".join([header, *rows]) + "\n").encode()


def test_an_import_refreshes_the_tickets_it_changed_and_those_the_as_of_moment_moves(con):
    before = con.execute("SELECT count(*) FROM ticket_sla").fetchone()[0]
    # New tickets at the data's end: open, paused, resolved; on a DVA product, a catalogue
    # product, and none (the default norm).
    first = _csv(
        [
            "N1;2006-12-27 09:00;;;nieuw;2;email;SG;FAZ-CATER;;",
            "N2;2006-12-27 10:00;2006-12-27 11:00;;in_behandeling;3;telefoon;DGKR;FAZ-PAS;2006-12-28 09:00;",
            "N3;2006-12-28 09:00;2006-12-28 10:00;2006-12-28 15:00;opgelost;1;balie;SG-DBO;ICT-LAPTOP;;",
            "N4;2006-12-28 09:30;;;nieuw;4;post;;;;",
        ]
    )
    snapshot(con)
    result = import_bytes(con, first, "first.csv", "generic")
    assert result.verdicts_recomputed < 100  # the four, and open tickets falling due meanwhile
    assert_months_cover_the_change(con, result.verdict_months)
    assert_same_as_full_refresh(con)
    # The same tickets changed (resolved, resumed, another product) and one new, later: the
    # as-of moment moves into January 2007, so open tickets falling due meanwhile breach.
    second = _csv(
        [
            "N1;2006-12-27 09:00;2006-12-28 09:00;2007-01-03 12:00;opgelost;2;email;SG;FAZ-CATER;;",
            "N2;2006-12-27 10:00;2006-12-27 11:00;;wacht;3;telefoon;DGKR;FAZ-PAS;2006-12-28 09:00;2007-01-02 09:00",
            "N3;2006-12-28 09:00;2006-12-28 10:00;2006-12-28 15:00;opgelost;1;balie;SG-DBO;FAZ-PAS;;",
            "N5;2007-01-04 16:00;;;nieuw;5;email;SG;FAZ-CATER;;",
        ]
    )
    snapshot(con)
    result = import_bytes(con, second, "second.csv", "generic")
    assert (result.rows_loaded, result.rows_updated) == (1, 3)
    assert result.verdicts_recomputed < 100
    assert_months_cover_the_change(con, result.verdict_months)
    assert_same_as_full_refresh(con)
    assert con.execute("SELECT count(*) FROM ticket_sla").fetchone()[0] == before + 5
