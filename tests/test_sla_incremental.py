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

from gdmetrics import catalogue_edit, sla
from gdmetrics.access import Access
from gdmetrics.db import prepare
from gdmetrics.importing import import_bytes
from gdmetrics.reference import import_reference
from gdmetrics.reference.load import reference_data
from gdmetrics.reference.workbook import write_workbook
from gdmetrics.settings import Settings
from gdmetrics.sla import refresh_ticket_sla, touched_months
from tests.dashboard_db import prepared_copy

BEHEER = Access("beheer@minbzk.nl", "Beheer", "beheer", None, "user_role")


@pytest.fixture(scope="module")
def con(demo_db_path, tmp_path_factory):
    c = prepared_copy(demo_db_path, tmp_path_factory.mktemp("incremental"))
    yield c
    c.close()


def snapshot(con) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE _before AS SELECT * FROM ticket_sla")


def assert_months_cover_the_change(con, months: list[dt.date] | None) -> None:
    """Every month of a date of a ticket whose row the change altered (before or after) is among
    `months`. The absolute clock stamps left out: a calendar change moves them for every later
    ticket without changing what any figure of a month counts."""
    assert months is not None  # an incremental refresh names its months
    changed = con.execute(
        """WITH a AS (SELECT * EXCLUDE (reg_stamp, resolved_stamp) FROM ticket_sla),
                b AS (SELECT * EXCLUDE (reg_stamp, resolved_stamp) FROM _before)
           SELECT DISTINCT CAST(date_trunc('month', m) AS DATE) FROM (
               SELECT unnest([a.registered_at, a.resolved_at, a.done_at, a.response_verdict_at,
                              a.resolution_verdict_at, b.registered_at, b.resolved_at, b.done_at,
                              b.response_verdict_at, b.resolution_verdict_at]) AS m
               FROM a FULL JOIN b ON a.ticket_id = b.ticket_id WHERE a IS DISTINCT FROM b)
           WHERE m IS NOT NULL"""
    ).fetchall()
    assert {r[0] for r in changed} <= set(months)


def assert_same_as_full_refresh(con, settings: Settings | None = None) -> None:
    """ticket_sla as the change left it equals a full refresh, row for row; so do the monthly
    rollup (gdmetrics.rollup), which the incremental refresh changed for its months only, and the
    pattern cases' lead times and the resolution minutes' counts kept beside it."""
    con.execute("CREATE OR REPLACE TEMP TABLE _incremental AS SELECT * FROM ticket_sla")
    con.execute("CREATE OR REPLACE TEMP TABLE _rollup AS SELECT * FROM month_rollup")
    con.execute("CREATE OR REPLACE TEMP TABLE _leads AS SELECT * FROM pattern_case_lead")
    con.execute("CREATE OR REPLACE TEMP TABLE _minutes AS SELECT * FROM resolution_minutes")
    refresh_ticket_sla(con, settings=settings)
    tables = (
        ("_incremental", "ticket_sla"),
        ("_rollup", "month_rollup"),
        ("_leads", "pattern_case_lead"),
        ("_minutes", "resolution_minutes"),
    )
    for kept, table in tables:
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
    result = import_bytes(con, first, "first.csv", "generic")
    assert result.verdicts_recomputed < 100  # the four, and open tickets falling due meanwhile
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


def _repeated(con, ticket_id: str) -> bool | None:
    return con.execute("SELECT repeated FROM ticket_sla WHERE ticket_id = $id", {"id": ticket_id}).fetchone()[
        0
    ]


def test_an_import_changes_the_repeat_flag_of_tickets_it_did_not_touch(con):
    # A resolved demo ticket nobody followed up: its requester reports the same product for the
    # same client two days after its resolution (R1), in a file that does not name it.
    ticket_id, resolved_at, client, product, requester = con.execute(
        """SELECT ticket_id, resolved_at, client_code, product_code, requester FROM ticket_sla
           WHERE repeated = false AND client_code IS NOT NULL AND resolved_at >= '2006-10-01'
             AND resolved_at < '2006-11-01' ORDER BY ticket_id LIMIT 1"""
    ).fetchone()
    registered = resolved_at + dt.timedelta(days=2)

    def follow_up(requester: str) -> bytes:
        header = "id;registered_at;resolved_at;status;priority;channel;client;product;requester"
        row = f"R1;{registered:%Y-%m-%d %H:%M};{registered + dt.timedelta(hours=1):%Y-%m-%d %H:%M};opgelost"
        return f"{header}\n{row};3;email;{client};{product};{requester}\n".encode()

    snapshot(con)
    result = import_bytes(con, follow_up(requester), "r1.csv", "generic")
    assert (result.rows_loaded, _repeated(con, ticket_id)) == (1, True)
    assert result.verdicts_recomputed < 100
    assert_months_cover_the_change(con, result.verdict_months)
    assert_same_as_full_refresh(con)
    # The same ticket again, now for another requester: the follow-up is gone.
    snapshot(con)
    result = import_bytes(con, follow_up("MW-ANDER"), "r1-changed.csv", "generic")
    assert (result.rows_updated, _repeated(con, ticket_id)) == (1, False)
    assert_months_cover_the_change(con, result.verdict_months)
    assert_same_as_full_refresh(con)


def _reference_change(con, change) -> int:
    """The reference workbook as the database holds it, with `change(data)` applied, imported;
    returns how many verdicts that recomputed."""
    data = reference_data(con)
    change(data)
    outcome = import_reference(con, write_workbook(data), "w.xlsx", "test")
    assert not outcome.unchanged
    return outcome.tickets_recomputed


def _tickets(con, where: str) -> int:
    return con.execute(f"SELECT count(*) FROM ticket_sla WHERE {where}").fetchone()[0]


def _row(data: dict, sheet: str, **key) -> dict:
    return next(r for r in data[sheet] if all(r[k] == v for k, v in key.items()))


def test_a_norm_change_on_one_product_refreshes_its_tickets_from_that_date(con):
    result = catalogue_edit.change_product_norm(con, BEHEER, "FAZ-PAS", 3, 2.0, 6.0, dt.date(2006, 7, 1))
    reachable = _tickets(con, "product_code = 'FAZ-PAS' AND priority = 3 AND registered_at >= '2006-07-01'")
    assert result.tickets_recomputed == reachable > 0 and result.verdicts_changed > 0
    assert_same_as_full_refresh(con)


def _new_sg_dva(data: dict) -> None:
    """DVA-2004-SG ended on 1 July 2006, DVA-2006-SG from then on, with one line: FAZ-WERKPLEK
    within 2 hours (a DVA that tickets fall under keeps its lines: it is ended, not changed)."""
    old = _row(data, "DVA's", id="DVA-2004-SG")
    data["DVA's"].append({**old, "id": "DVA-2006-SG", "valid_from": dt.date(2006, 7, 1)})
    old["valid_to"] = dt.date(2006, 7, 1)
    line = _row(data, "DVA-regels", dva_id="DVA-2004-SG", product_code="FAZ-WERKPLEK")
    new = {"dva_id": "DVA-2006-SG", "line_no": 1, "response_norm_hours": 1.0, "resolution_norm_hours": 2.0}
    data["DVA-regels"].append({**line, **new})


def test_a_dva_and_its_lines_refresh_the_tickets_of_its_client_from_its_dates(con):
    recomputed = _reference_change(con, _new_sg_dva)
    assert 0 < recomputed <= _tickets(con, "dg_code = 'SG' AND registered_at >= '2006-07-01'")
    assert _tickets(con, "dva_id = 'DVA-2006-SG' AND resolution_norm_min = 120")
    assert_same_as_full_refresh(con)


def test_a_default_norm_change_refreshes_the_tickets_judged_by_it(con):
    # Tickets without a product are judged by the default norm of their priority.
    import_bytes(
        con, _csv(["D1;2006-12-20 09:00;;2006-12-21 09:00;opgelost;4;post;SG;;;"]), "d.csv", "generic"
    )
    recomputed = _reference_change(
        con, lambda d: _row(d, "Standaardnormen", priority=4).update(resolution_norm_hours=9.0)
    )
    assert 0 < recomputed == _tickets(con, "resolution_norm_source = 'default' AND priority = 4")
    assert_same_as_full_refresh(con)


@pytest.mark.parametrize(
    "settings",
    [
        Settings(closure_days=(dt.date(2005, 3, 14),)),  # a holiday added: a Monday off
        Settings(workday_start=dt.time(8, 30)),  # working hours: every working day changes
    ],
    ids=["holiday", "working_hours"],
)
def test_a_calendar_change_refreshes_the_tickets_whose_clock_spans_a_changed_day(con, settings):
    # The module's database keeps the changed calendar: nothing after these tests reads it.
    snapshot(con)
    prepare(con, settings)
    assert_months_cover_the_change(con, touched_months(con))  # None would be a full refresh
    assert_same_as_full_refresh(con, settings)


def test_a_full_refresh_in_pieces_gives_the_rows_of_one_statement(con, monkeypatch):
    """Past SORTED_PAST tickets the full refresh runs one statement per few months of
    registration (one statement over 30M tickets ran out of memory): the same rows, a follow-up
    across a piece's border included, in registration order."""
    # Pieces of 7,000 demo tickets (20,000 a year) are January-April 2004, May-August, ...: a
    # follow-up two days after a ticket resolved late in April 2004 lies in the next piece.
    con.execute(
        """INSERT INTO ticket SELECT * REPLACE ('PIECE-FOLLOW-UP' AS id, resolved_at + INTERVAL 2 DAY AS registered_at,
                  resolved_at + INTERVAL 3 DAY AS first_response_at, resolved_at + INTERVAL 3 DAY AS resolved_at,
                  NULL AS closed_at)
           FROM ticket WHERE resolved_at >= TIMESTAMP '2004-04-27' AND resolved_at < TIMESTAMP '2004-04-30'
             AND requester IS NOT NULL AND product_code IS NOT NULL
           ORDER BY id LIMIT 1"""
    )
    try:
        refresh_ticket_sla(con)  # one statement: the demo holds fewer tickets than a piece
        assert con.execute(
            "SELECT count_if(repeated) FROM ticket_sla WHERE resolved_at < '2004-05-01'"
        ).fetchone()[0]
        snapshot(con)
        monkeypatch.setattr(sla, "SORTED_PAST", 7_000)
        monkeypatch.setattr(sla, "FULL_REFRESH_PIECE", 7_000)
        refresh_ticket_sla(con)
        assert len(sla._pieces(con, 7_000)) > 3
        only_pieces, only_one, descents = con.execute(
            """SELECT (SELECT count(*) FROM (SELECT * FROM ticket_sla EXCEPT ALL SELECT * FROM _before)),
                      (SELECT count(*) FROM (SELECT * FROM _before EXCEPT ALL SELECT * FROM ticket_sla)),
                      (SELECT count(*) FROM (SELECT registered_at < lag(registered_at) OVER (ORDER BY rowid) AS down
                                             FROM ticket_sla) WHERE down)"""
        ).fetchone()
        assert (only_pieces, only_one, descents) == (0, 0, 0)
    finally:
        con.execute("DELETE FROM ticket WHERE id = 'PIECE-FOLLOW-UP'")
        refresh_ticket_sla(con)


def test_a_calendar_change_moves_the_lead_time_of_a_pattern_case_none_of_whose_tickets_spans_it(con):
    """A pattern case's lead time runs from its first registration to its last resolution: a day
    closed between two of its tickets shortens it, though no ticket's own clock spans that day
    and none is recomputed (the stamps of the later one move)."""
    prepare(con, Settings())  # the default calendar (the tests above leave theirs)
    con.execute(
        """INSERT INTO pattern_instance SELECT 'CASE-ACROSS', pattern_code, client_code, TIMESTAMP '2005-02-01 09:00'
           FROM pattern_instance ORDER BY id LIMIT 1"""
    )
    for ticket, day in (("ACROSS-1", "2005-02-01"), ("ACROSS-2", "2005-04-01")):
        con.execute(
            """INSERT INTO ticket SELECT * REPLACE ($id AS id, $day + INTERVAL 9 HOUR AS registered_at,
                      $day + INTERVAL 10 HOUR AS first_response_at, $day + INTERVAL 12 HOUR AS resolved_at,
                      NULL AS closed_at, 'CASE-ACROSS' AS pattern_instance_id)
               FROM ticket WHERE product_code = 'CI-ARCHIEF' ORDER BY id LIMIT 1""",
            {"id": ticket, "day": dt.datetime.fromisoformat(day)},
        )
    try:
        refresh_ticket_sla(con)
        lead = "SELECT lead_hours FROM pattern_case_lead WHERE pattern_instance_id = 'CASE-ACROSS'"
        before = con.execute(lead).fetchone()[0]
        snapshot(con)
        closed = Settings(closure_days=(dt.date(2005, 3, 15),))  # a Tuesday between them
        prepare(con, closed)
        assert con.execute(lead).fetchone()[0] < before
        assert_same_as_full_refresh(con, closed)
    finally:
        con.execute("DELETE FROM ticket WHERE pattern_instance_id = 'CASE-ACROSS'")
        con.execute("DELETE FROM pattern_instance WHERE id = 'CASE-ACROSS'")
        prepare(con, Settings())
        refresh_ticket_sla(con)
