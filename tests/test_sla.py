"""Golden cases of the SLA clock: each number below is counted by hand in its comment."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from gdmetrics.rollup import refresh_month_rollup
from gdmetrics.sla import refresh_ticket_sla, touch_tickets
from tests.tiny_org import build_tiny_org, insert_rows, insert_ticket

T = dt.datetime
AS_OF = T(2007, 1, 31, 17, 0)


@pytest.fixture(scope="module")
def sla(tmp_path_factory):
    con = build_tiny_org(tmp_path_factory.mktemp("sla") / "tiny.duckdb")
    # Across a weekend: Fri 5 Mar 2004 15:00 -> Mon 8 Mar 10:00 = Fri 2 h + Mon 2 h = 240 min.
    insert_ticket(con, "weekend", T(2004, 3, 5, 15), resolved_at=T(2004, 3, 8, 10))
    # Easter Monday 12 Apr 2004 is off, Good Friday 9 Apr is not (Rijksoverheid):
    # Thu 8 Apr 16:00 -> Tue 13 Apr 09:00 = Thu 60 + Fri 540 + Tue 60 = 660 min.
    insert_ticket(con, "easter", T(2004, 4, 8, 16), resolved_at=T(2004, 4, 13, 9))
    # Pentecost Monday 31 May 2004: Fri 28 May 16:00 -> Tue 1 Jun 09:00 = 60 + 60 = 120 min.
    insert_ticket(con, "pentecost", T(2004, 5, 28, 16), resolved_at=T(2004, 6, 1, 9))
    # Queen's Day (King's Day before 2014) Fri 30 Apr 2004: Thu 16:00 -> Mon 3 May 09:00 = 120 min.
    insert_ticket(con, "queensday", T(2004, 4, 29, 16), resolved_at=T(2004, 5, 3, 9))
    # Christmas Mon 25 + Tue 26 Dec 2006: Fri 22 Dec 16:00 -> Wed 27 Dec 09:00 = 60 + 60 = 120 min.
    insert_ticket(con, "christmas", T(2006, 12, 22, 16), resolved_at=T(2006, 12, 27, 9))
    # Registered Tue 9 Mar 2004 22:00: the clock starts Wed 08:00; resolved Wed 10:00 = 120 min.
    insert_ticket(
        con, "late_evening", T(2004, 3, 9, 22), resolved_at=T(2004, 3, 10, 10), channel="servicepagina"
    )
    # Registered Sun 7 Mar 2004 12:00, resolved Mon 8 Mar 09:30 = 90 min.
    insert_ticket(con, "sunday", T(2004, 3, 7, 12), resolved_at=T(2004, 3, 8, 9, 30), channel="servicepagina")
    # Two pauses, one over a weekend: Thu 11 Mar 2004 09:00 -> Mon 15 Mar 11:00 is
    # Thu 480 + Fri 540 + Mon 180 = 1200 min; pauses Thu 10-12 (120) and Fri 16:00 -> Mon 09:00
    # (Fri 60 + Mon 60 = 120): used 1200 - 240 = 960 min = exactly the 16 h norm: within.
    insert_ticket(con, "two_pauses", T(2004, 3, 11, 9), resolved_at=T(2004, 3, 15, 11))
    insert_rows(
        con,
        "ticket_pause",
        [
            ("two_pauses", T(2004, 3, 11, 10), T(2004, 3, 11, 12), "wacht op klant"),
            ("two_pauses", T(2004, 3, 12, 16), T(2004, 3, 15, 9), "wacht op klant"),
        ],
    )
    # 24/7 product on calendar time: Sat 6 Mar 2004 22:00 -> Sun 04:00 = 360 min.
    insert_ticket(con, "alarm", T(2004, 3, 6, 22), resolved_at=T(2004, 3, 7, 4), product_code="ALARM")
    # 24/7 across the DST change of Sun 28 Mar 2004 02:00 -> 03:00: Sat 22:00 -> Sun 06:00 is
    # 8 wall-clock hours but 7 real hours = 420 min (norm 8 h: within).
    insert_ticket(con, "alarm_dst", T(2004, 3, 27, 22), resolved_at=T(2004, 3, 28, 6), product_code="ALARM")
    # Open past its norm at the end of a month: Mon 29 Mar 2004 09:00 + 16 business hours
    # = Mon 09:00-17:00 (480) + Tue 08:00-16:00 (480) -> due Tue 30 Mar 16:00, still open.
    insert_ticket(con, "open_breach", T(2004, 3, 29, 9))
    # The same, but resolved late on Mon 5 Apr: the breach still falls in March.
    insert_ticket(con, "late_breach", T(2004, 3, 29, 9), resolved_at=T(2004, 4, 5, 10))
    # DVA line overrides the catalogue: D1's DVA says 8 h for WERK (catalogue 16 h).
    # Tue 2 Mar 2004 09:00 -> Wed 3 Mar 10:00 = 480 + 120 = 600 min > 480: breached,
    # due Tue 17:00 (it would be within the catalogue's 960).
    insert_ticket(con, "dva_override", T(2004, 3, 2, 9), resolved_at=T(2004, 3, 3, 10), client_code="D1")
    # DVA changed after registration: registered Thu 30 Jun 2005 09:00 under the old DVA (8 h);
    # the new DVA (from 1 Jul, 12 h) does not apply. Thu 480 + Fri 240 = 720 min > 480: breached.
    insert_ticket(con, "dva_changed", T(2005, 6, 30, 9), resolved_at=T(2005, 7, 1, 12), client_code="D1")
    # Catalogue norm per priority: LAPTOP priority 1 has 4 h (product 24 h); 5 h used: breached.
    insert_ticket(
        con,
        "prio_norm",
        T(2004, 3, 2, 9),
        resolved_at=T(2004, 3, 2, 14),
        product_code="LAPTOP",
        directorate_code="ICT",
        priority=1,
    )
    # No norm anywhere (maatwerk ADVIES): the default for priority 2 (16 h) applies.
    insert_ticket(
        con,
        "default_norm",
        T(2004, 3, 2, 9),
        resolved_at=T(2004, 3, 2, 14),
        product_code="ADVIES",
        directorate_code="ICT",
        priority=2,
    )
    # Open and paused before its due moment: the clock is stopped, no verdict yet.
    insert_ticket(con, "paused_open", T(2007, 1, 29, 9), status="wacht")
    insert_rows(con, "ticket_pause", [("paused_open", T(2007, 1, 29, 10), None, "wacht op klant")])
    # Response norm 4 h: first response after 5 business hours: response breached.
    insert_ticket(
        con,
        "slow_response",
        T(2004, 3, 2, 9),
        first_response_at=T(2004, 3, 2, 14),
        resolved_at=T(2004, 3, 2, 15),
    )
    refresh_ticket_sla(con, as_of=AS_OF)
    yield con
    con.close()


def row(con, ticket_id):
    cur = con.cursor()
    res = cur.execute("SELECT * FROM ticket_sla WHERE ticket_id = $id", {"id": ticket_id})
    names = [d[0] for d in res.description]
    return dict(zip(names, res.fetchone(), strict=True))


@pytest.mark.parametrize(
    ("ticket", "used", "met"),
    [
        ("weekend", 240, True),
        ("easter", 660, True),
        ("pentecost", 120, True),
        ("queensday", 120, True),
        ("christmas", 120, True),
        ("late_evening", 120, True),
        ("sunday", 90, True),
        ("two_pauses", 960, True),
        ("alarm", 360, True),
        ("alarm_dst", 420, True),
        ("late_breach", 480 + 4 * 540 + 120, False),  # Mon from 09:00, Tue-Fri, Mon to 10:00
        ("dva_override", 600, False),
        ("dva_changed", 720, False),
        ("prio_norm", 300, False),
        ("default_norm", 300, True),
    ],
)
def test_resolution_time_used_and_verdict(sla, ticket, used, met):
    r = row(sla, ticket)
    assert (r["resolution_used_min"], r["resolution_met"]) == (used, met)


def test_pauses_are_counted_in_business_time(sla):
    r = row(sla, "two_pauses")
    assert (r["paused_min"], r["pause_count"]) == (240, 2)


def test_norm_resolution_names_its_source(sla):
    got = {
        t: (row(sla, t)["resolution_norm_source"], row(sla, t)["resolution_norm_min"])
        for t in ["weekend", "dva_override", "dva_changed", "prio_norm", "default_norm", "alarm"]
    }
    assert got == {
        "weekend": ("product", 960),
        "dva_override": ("dva_line", 480),
        "dva_changed": ("dva_line", 480),
        "prio_norm": ("product_priority", 240),
        "default_norm": ("default", 960),
        "alarm": ("product", 480),
    }
    assert row(sla, "dva_changed")["dva_id"] == "DVA-D1-1"


def test_target_share_comes_from_dva_line_else_mantel(sla):
    assert (row(sla, "dva_override")["target_share"], row(sla, "dva_override")["target_source"]) == (
        0.95,
        "dva_line",
    )
    assert (row(sla, "weekend")["target_share"], row(sla, "weekend")["target_source"]) == (
        0.90,
        "mantel_standard",
    )


def test_open_ticket_breaches_in_the_period_its_norm_expired(sla):
    r = row(sla, "open_breach")
    assert (r["resolution_met"], r["resolution_due_at"], r["resolution_verdict_at"]) == (
        False,
        T(2004, 3, 30, 16),
        T(2004, 3, 30, 16),
    )


def test_late_resolution_is_breached_at_its_due_moment_not_when_resolved(sla):
    r = row(sla, "late_breach")
    assert (r["resolution_met"], r["resolution_verdict_at"]) == (False, T(2004, 3, 30, 16))


def test_met_ticket_gets_its_verdict_when_resolved(sla):
    assert row(sla, "weekend")["resolution_verdict_at"] == T(2004, 3, 8, 10)


def test_due_moment_moves_with_pauses(sla):
    # 960 min norm from Thu 09:00 plus 240 paused -> due Mon 15 Mar 11:00 (exactly when resolved).
    assert row(sla, "two_pauses")["resolution_due_at"] == T(2004, 3, 15, 11)


def test_24_7_due_moment_is_in_wall_clock_time_across_dst(sla):
    # 8 real hours after Sat 27 Mar 22:00 is Sun 28 Mar 07:00 wall-clock (one hour skipped).
    assert row(sla, "alarm_dst")["resolution_due_at"] == T(2004, 3, 28, 7)


def test_paused_open_ticket_has_no_due_moment_and_no_verdict(sla):
    r = row(sla, "paused_open")
    assert (r["resolution_due_at"], r["resolution_met"], r["resolution_verdict_at"]) == (None, None, None)


def test_response_clock(sla):
    slow = row(sla, "slow_response")
    assert (slow["response_used_min"], slow["response_met"]) == (300, False)
    # No first response recorded: the resolution counts as the response (240 <= 240).
    assert (row(sla, "weekend")["response_used_min"], row(sla, "weekend")["response_met"]) == (240, True)


# --- issue 13: the closing moment and a DG's DVA --------------------------------------------------
@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """The tiny organisation plus a DVA agreed with DG1 (WERK 4 h, LAPTOP 2 h; target 85%)."""
    con = build_tiny_org(tmp_path_factory.mktemp("sla13") / "tiny.duckdb")
    insert_rows(
        con, "dva", [("DVA-DG1", "DG1", "plus", "M1", dt.date(2004, 1, 1), dt.date(2007, 1, 1), None)]
    )
    insert_rows(
        con,
        "dva_line",
        [
            ("DVA-DG1", 1, "WERK", None, None, 4.0, 0.85, None, None),
            ("DVA-DG1", 2, "LAPTOP", None, None, 2.0, 0.85, None, None),
        ],
    )
    # Closed Tue 2 Mar 2004 10:00, one hour after registration, with no resolution moment: the
    # closing moment counts, 60 of D2's 240 min (DVA-DG1 WERK) used: within, judged at 10:00.
    # (Before: no resolution, so 'breached' at its due moment and left out of the median.)
    insert_ticket(con, "closed_only", T(2004, 3, 2, 9), closed_at=T(2004, 3, 2, 10), status="gesloten")
    # The same, cancelled: nobody was owed a resolution, no verdict.
    insert_ticket(
        con, "cancelled_closed", T(2004, 3, 2, 9), closed_at=T(2004, 3, 2, 10), status="geannuleerd"
    )
    # D2 has no DVA of its own: DG1's WERK line (4 h = 240 min) applies. Tue 09:00 -> 15:00 = 360
    # min: breached. (Before: the catalogue's 16 h, within.)
    insert_ticket(con, "dg_reaches_d2", T(2004, 3, 2, 9), resolved_at=T(2004, 3, 2, 15))
    # D1's own DVA has a WERK line (8 h = 480 min): it wins over DG1's 4 h; 360 min: within.
    insert_ticket(con, "own_line_wins", T(2004, 3, 2, 9), resolved_at=T(2004, 3, 2, 15), client_code="D1")
    # D1's own DVA has no LAPTOP line, DG1's has 2 h = 120 min; Tue 09:00 -> 12:00 = 180 min:
    # breached. (Before: the product's own 24 h, within.)
    insert_ticket(
        con,
        "dg_fills_gap",
        T(2004, 3, 2, 9),
        resolved_at=T(2004, 3, 2, 12),
        client_code="D1",
        product_code="LAPTOP",
        directorate_code="ICT",
    )
    refresh_ticket_sla(con, as_of=AS_OF)
    yield con
    con.close()


def test_closed_without_resolution_counts_its_closing_moment(audited):
    r = row(audited, "closed_only")
    assert (
        r["resolution_used_min"],
        r["resolution_met"],
        r["resolution_verdict_at"],
        r["closed_as_resolved"],
        r["response_met"],
    ) == (60, True, T(2004, 3, 2, 10), True, True)
    c = row(audited, "cancelled_closed")
    assert (c["resolution_met"], c["resolution_verdict_at"], c["closed_as_resolved"]) == (None, None, False)


def test_closed_without_resolution_is_in_the_median(audited):
    from gdmetrics.figures import FigureRequest, compute

    march = FigureRequest(date_from=dt.date(2004, 3, 1), date_to=dt.date(2004, 3, 31))
    # resolved (or closed) in March: closed_only 60, dg_reaches_d2 360, own_line_wins 360,
    # dg_fills_gap 180 min: median (180 + 360) / 2 = 270 min = 4.5 h, of 4.
    res = compute(audited, "median_resolution_hours", march).frame
    assert (res["value"].iloc[0], res["denominator"].iloc[0]) == (4.5, 4)


@pytest.mark.parametrize(
    ("ticket", "source", "norm_min", "dva_id", "met"),
    [
        ("dg_reaches_d2", "dg_dva_line", 240, "DVA-DG1", False),
        ("own_line_wins", "dva_line", 480, "DVA-D1-1", True),
        ("dg_fills_gap", "dg_dva_line", 120, "DVA-DG1", False),
    ],
)
def test_a_dg_dva_line_reaches_its_directies(audited, ticket, source, norm_min, dva_id, met):
    r = row(audited, ticket)
    assert (r["resolution_norm_source"], r["resolution_norm_min"], r["dva_id"], r["resolution_met"]) == (
        source,
        norm_min,
        dva_id,
        met,
    )


def test_explain_names_the_rule_that_applied(audited):
    from gdmetrics.explain import explain_text, explain_ticket

    dg = explain_text(explain_ticket(audited, "dg_reaches_d2"))
    assert "DVA-regel DVA-DG1 r1 van het DG voor dit product" in dg
    closed = explain_text(explain_ticket(audited, "closed_only"), "en")
    assert "the closing moment 2004-03-02 10:00 counts as the resolution" in closed
    assert "Resolution verdict: within norm" in closed


def test_mantel_counts_a_directie_ticket_under_the_dg_dva_that_applied(audited):
    from gdmetrics.figures import FigureRequest, compute

    march = FigureRequest(date_from=dt.date(2004, 3, 1), date_to=dt.date(2004, 3, 31))
    frame = compute(audited, "mantel_performance", march).frame
    dvas = frame[frame["subject_kind"] == "dva"]
    # DG1's DVA: closed_only (met), dg_reaches_d2 and dg_fills_gap (breached): 1 of 3 at 85%.
    # D1's own DVA: own_line_wins (met) at 95%.
    got = [
        (s, n, d, round(t, 4))
        for s, n, d, t in dvas[["subject", "numerator", "denominator", "target"]].itertuples(index=False)
    ]
    assert got == [("D1", 1, 1, 0.95), ("DG1", 1, 3, 0.85)]


# reopened_within_five_days's definition, written as the plain correlated query the figure ran
# before the flag was stored: NULL when not measured.
REPEAT_DEFINITION = """
SELECT s.ticket_id, CASE WHEN s.resolved_at IS NOT NULL AND t.requester IS NOT NULL AND s.product_code IS NOT NULL
    THEN EXISTS (SELECT 1 FROM ticket n
                 WHERE n.requester = t.requester AND n.client_code IS NOT DISTINCT FROM s.client_code
                   AND n.product_code = s.product_code AND n.id <> s.ticket_id
                   AND n.registered_at > s.resolved_at AND n.registered_at <= s.resolved_at + INTERVAL 5 DAY)
    END AS repeated
FROM ticket_sla s JOIN ticket t ON t.id = s.ticket_id
"""
REPEAT_AS_OF = T(2004, 6, 1)


def _random_ticket(con, rng: random.Random, ticket_id: str) -> None:
    """A ticket of few requesters, clients and products, on a ten-minute grid over two months
    (ties, and follow-ups exactly 120 hours after a resolution); resolved (possibly at its
    registration), closed only, cancelled or open."""
    registered = T(2004, 3, 1) + dt.timedelta(minutes=10 * rng.randrange(60 * 24 * 6))
    later = registered + dt.timedelta(minutes=10 * rng.randrange(4 * 24 * 6))
    end = rng.random()
    fields = {
        "requester": rng.choice(["MW1", "MW2", "MW3", None]),
        "client_code": rng.choice(["D1", "D2", None]),
        "product_code": rng.choice(["WERK", "LAPTOP", None]),
        "channel": rng.choice(["telefoon", "email", "balie", "post", "servicepagina"]),  # small rollup groups
        "resolved_at": later if end < 0.6 else None,
        "closed_at": later if 0.6 <= end < 0.85 else None,
        "status": "opgelost"
        if end < 0.6
        else "gesloten"
        if end < 0.75
        else "geannuleerd"
        if end < 0.85
        else "nieuw",
    }
    insert_ticket(con, ticket_id, registered, **fields)


def _repeats_differing(con) -> int:
    return con.execute(
        f"""SELECT count(*) FROM ticket_sla s JOIN ({REPEAT_DEFINITION}) d USING (ticket_id)
            WHERE s.repeated IS DISTINCT FROM d.repeated"""
    ).fetchone()[0]


@pytest.fixture(scope="module")
def repeats(tmp_path_factory):
    con = build_tiny_org(tmp_path_factory.mktemp("repeats") / "repeats.duckdb")
    rng = random.Random(42)
    for i in range(600):
        _random_ticket(con, rng, f"T{i}")
    refresh_ticket_sla(con, REPEAT_AS_OF)
    yield con
    con.close()


def test_the_stored_repeat_flag_is_its_definition(repeats):
    counts = dict(repeats.execute("SELECT repeated, count(*) FROM ticket_sla GROUP BY ALL").fetchall())
    assert min(counts[True], counts[False], counts[None]) > 20  # all three, often
    assert _repeats_differing(repeats) == 0


def test_an_incremental_refresh_keeps_the_repeat_flags_of_the_tickets_it_did_not_touch(repeats):
    """Tickets moved to another requester, client or product or registered earlier, and new
    ones: the tickets they follow up (or no longer do) are recomputed too."""
    # None of them resolved: nothing to look for after a resolution.
    touch_tickets(
        repeats, "SELECT ticket_id FROM ticket_sla WHERE resolved_at IS NULL ORDER BY ticket_id LIMIT 3"
    )
    refresh_ticket_sla(repeats, REPEAT_AS_OF, only_touched=True)
    rng = random.Random(7)
    untouched_changed = 0
    for round_ in range(6):
        ids = rng.sample([r[0] for r in repeats.execute("SELECT id FROM ticket ORDER BY id").fetchall()], 15)
        for ticket_id in ids:
            if rng.random() < 0.5:
                repeats.execute(
                    "UPDATE ticket SET requester = $r, client_code = $c, product_code = $p, channel = $k WHERE id = $id",
                    {
                        "r": rng.choice(["MW1", "MW2", None]),
                        "c": rng.choice(["D1", "D2", None]),
                        "p": rng.choice(["WERK", "LAPTOP"]),
                        "k": rng.choice(["telefoon", "email", "balie", "post", "servicepagina"]),
                        "id": ticket_id,
                    },
                )
            else:  # earlier: the schema keeps a registration before its resolution
                repeats.execute(
                    "UPDATE ticket SET registered_at = registered_at - to_minutes(CAST($m AS BIGINT)) WHERE id = $id",
                    {"m": 10 * rng.randrange(1, 3 * 24 * 6), "id": ticket_id},
                )
        new = [f"N{round_}-{i}" for i in range(5)]
        for ticket_id in new:
            _random_ticket(repeats, rng, ticket_id)
        repeats.execute("CREATE OR REPLACE TEMP TABLE _flags AS SELECT ticket_id, repeated FROM ticket_sla")
        touch_tickets(repeats, "SELECT unnest(CAST($ids AS VARCHAR[]))", {"ids": ids + new})
        refresh_ticket_sla(repeats, REPEAT_AS_OF, only_touched=True)
        assert _repeats_differing(repeats) == 0
        # the monthly rollup, changed by what the recomputed rows added and removed, as rebuilt
        repeats.execute("CREATE OR REPLACE TEMP TABLE _rollup AS SELECT * FROM month_rollup")
        refresh_month_rollup(repeats)
        assert repeats.execute(
            """SELECT (SELECT count(*) FROM (FROM _rollup EXCEPT ALL FROM month_rollup)),
                      (SELECT count(*) FROM (FROM month_rollup EXCEPT ALL FROM _rollup))"""
        ).fetchone() == (0, 0)
        untouched_changed += repeats.execute(
            """SELECT count(*) FROM ticket_sla s JOIN _flags f USING (ticket_id)
               WHERE s.repeated IS DISTINCT FROM f.repeated AND NOT list_contains($ids, s.ticket_id)""",
            {"ids": ids},
        ).fetchone()[0]
    assert untouched_changed > 0
