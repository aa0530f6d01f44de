"""The mantel scorecard (gdmetrics.scorecard): rows, met counts, history and shortfalls, and the
DVA of a client as one agreement over its renewals (issue 14: Politie 2005 read 91.2%, 96.6% and
93.8% in three places)."""

from __future__ import annotations

import pandas as pd
import pytest

from gdmetrics import dossier, rag, scorecard
from gdmetrics.figures import compute
from gdmetrics.periods import Period
from tests.dashboard_db import prepared_copy


@pytest.fixture(scope="module")
def con(demo_db_path, tmp_path_factory):
    c = prepared_copy(demo_db_path, tmp_path_factory.mktemp("dashboard"))
    yield c
    c.close()


@pytest.fixture(scope="module")
def card(con):
    return scorecard.read(con, "2006-Q4")


def test_rows_statuses_and_counts(con, card):
    standards = con.execute("SELECT count(*) FROM mantel_standard").fetchone()[0]
    assert len(card.standards) == standards
    assert set(card.dvas["subject"]) == {
        r[0] for r in con.execute("SELECT DISTINCT client_code FROM dva").fetchall()
    }
    for r in card.rows.itertuples():
        assert r.rag == rag.status(r.value, r.target, r.direction, r.unit, count=r.denominator)
        assert r.met == rag.met(r.rag)
    met, of = card.met("mantel_standard")
    assert (met, of) == (int((card.standards["rag"] == "green").sum()), standards)
    assert set(card.missed["subject"]) == set(card.shortfalls)
    assert all(
        card.shortfalls[s].value == pytest.approx(v)
        for s, v in zip(card.missed["subject"], card.missed["value"], strict=True)
    )


def test_history_is_the_three_quarters_before_each_read_on_its_own(con, card):
    assert [p.text for p in card.earlier] == ["2006-Q1", "2006-Q2", "2006-Q3"]
    for p in card.earlier:
        alone = compute(con, "mantel_performance", p.request()).frame.set_index("subject")["value"]
        for subject in card.rows["subject"]:
            assert card.earlier_value(subject, p) == pytest.approx(alone.get(subject), nan_ok=True)


def test_a_renewed_dva_is_one_agreement_and_reads_the_same_everywhere(con):
    # Directie Politie's DVA was renewed on 1 July 2005: 2005 is judged on both versions (on the
    # tickets its own DVA applied to; where only its DG's DVA has a line, that one applies)
    judged = con.execute(
        """SELECT count(*) FILTER (WHERE resolution_met) / count(*) FROM ticket_sla
           WHERE dva_id IN (SELECT id FROM dva WHERE client_code = 'DGV-POL') AND resolution_met IS NOT NULL
             AND resolution_verdict_at >= DATE '2005-01-01' AND resolution_verdict_at < DATE '2006-01-01'"""
    ).fetchone()[0]
    year = scorecard.read(con, "2006")
    assert year.earlier_value("DGV-POL", Period.parse("2005")) == pytest.approx(judged)
    assert scorecard.read(con, "2005").rows.set_index("subject").loc["DGV-POL", "value"] == pytest.approx(
        judged
    )
    # the brief's 'vorige periode' is the directie's service level over all its tickets
    all_its_tickets = con.execute(
        """SELECT count(*) FILTER (WHERE resolution_met) / count(*) FROM ticket_sla
           WHERE client_code = 'DGV-POL' AND resolution_met IS NOT NULL
             AND resolution_verdict_at >= DATE '2005-01-01' AND resolution_verdict_at < DATE '2006-01-01'"""
    ).fetchone()[0]
    assert dossier.read(con, "DGV-POL", "2006").level_before == pytest.approx(all_its_tickets)


def test_nothing_to_judge_is_not_all_met():
    """A database without mantel standards or DVA's (tickets only) gave '✔ Alle normen en DVA's
    zijn gehaald' on 0 of 0: nothing measured is never met, and neither is a row without a value."""
    period = Period.parse("2006-Q4")
    empty = pd.DataFrame({"subject_kind": [], "met": [], "rag": []})
    assert not scorecard.Scorecard(period, empty).all_met
    unmeasured = pd.DataFrame({"subject_kind": ["dva", "dva"], "met": [True, None], "rag": ["green", None]})
    assert not scorecard.Scorecard(period, unmeasured).all_met
    measured = pd.DataFrame(
        {"subject_kind": ["dva", "mantel_standard"], "met": [True, True], "rag": ["green"] * 2}
    )
    assert scorecard.Scorecard(period, measured).all_met


def test_changes_compare_with_the_previous_quarter_read_on_its_own_and_say_better_or_worse(con, card):
    """Issue 15: this period, the previous one and the difference, better or worse for the
    figure's direction; the previous value is the previous quarter's own reading."""
    before = scorecard.read(con, "2006-Q3").rows.set_index("subject")["value"]
    changes = card.changes()
    assert list(changes["subject"]) == list(card.rows["subject"])
    for r, c in zip(card.rows.itertuples(), changes.itertuples(), strict=True):
        assert c.previous == pytest.approx(before[r.subject])
        assert c.difference == pytest.approx(r.value - before[r.subject])
        up = c.difference > 0
        good = up if r.direction == "higher_is_better" else not up
        shown = round(c.difference * 100, 1) if r.unit == "share" else round(c.difference, 2)
        assert c.verdict == ("same" if shown == 0 else "better" if good else "worse")
