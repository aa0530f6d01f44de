"""The client dossier (gdmetrics.dossier) for a third party, a DG and a directie: each part checked
against a plain query of its own, and the talking-point rules on hand-made dossiers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from gdmetrics import dossier, formatting, rag
from gdmetrics.periods import Period
from gdmetrics.sla import data_as_of
from tests.dashboard_db import prepared_copy

CASES = [("JUS", "client"), ("DGV", "dg"), ("DGV-POL", "client")]  # a derde has no directies


@pytest.fixture(scope="module")
def con(demo_db_path, tmp_path_factory):
    c = prepared_copy(demo_db_path, tmp_path_factory.mktemp("dashboard"))
    yield c
    c.close()


@pytest.fixture(scope="module")
def dossiers(con):
    return {(code, p): dossier.read(con, code, p) for code, _ in CASES for p in ("2006-Q4", "2006")}


def scope_of(con, code) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT code FROM client WHERE code = ? OR parent_code = ?", [code, code]
        ).fetchall()
    ]


@pytest.mark.parametrize("period", ["2006-Q4", "2006"])
@pytest.mark.parametrize(("code", "dim"), CASES)
def test_use_adds_up_to_the_tickets_registered(con, dossiers, code, dim, period):
    d = dossiers[(code, period)]
    p = Period.parse(period)
    assert d.where == ((dim, (code,)),)
    registered = con.execute(
        """SELECT count(*) FROM ticket_sla WHERE list_contains(?, client_code)
           AND registered_at >= ? AND registered_at < ?""",
        [scope_of(con, code), p.first, p.last + dt.timedelta(days=1)],
    ).fetchone()[0]
    assert d.volume == registered
    assert d.usage["tickets"].sum() == registered == d.financing["tickets"].sum()
    assert d.financing["share"].sum() == pytest.approx(1.0)
    assert list(d.financing["financing"][:3]) == ["basis", "plus", "maatwerk"]


@pytest.mark.parametrize(("code", "dim"), CASES)
def test_each_dva_line_against_a_plain_count_of_its_tickets(con, dossiers, code, dim):
    d = dossiers[(code, "2006-Q4")]
    assert len(d.lines) and set(d.lines["client_code"]) <= set(scope_of(con, code))
    for line in d.lines.itertuples():
        met, judged = con.execute(
            """SELECT count(*) FILTER (WHERE resolution_met), count(*) FROM ticket_sla
               WHERE dva_id = ? AND product_code = ? AND resolution_met IS NOT NULL
                 AND resolution_verdict_at >= DATE '2006-10-01' AND resolution_verdict_at < DATE '2007-01-01'""",
            [line.dva, line.product],
        ).fetchone()
        if judged == 0:
            assert pd.isna(line.achieved) and line.status is None and line.met is None  # never met
            continue
        assert line.achieved == pytest.approx(met / judged) and line.judged == judged
        gap = line.target_share - met / judged
        expected = "green" if gap <= 1e-12 else "amber" if gap <= 0.05 + 1e-12 else "red"
        assert line.status == expected, line
        assert line.met == (expected == "green")
    # worst first: red, amber, green, nothing measured
    order = [rag.SEVERITY[s if isinstance(s, str) else None] for s in d.lines["status"]]
    assert order == sorted(order)


def test_open_items_and_quotes_follow_their_one_rule(con, dossiers):
    d = dossiers[("DGV", "2006")]
    scope = scope_of(con, "DGV")
    as_of = data_as_of(con.cursor())
    end = min(dt.datetime(2007, 1, 1), as_of)
    complaints = con.execute(
        """SELECT id FROM complaint WHERE list_contains(?, client_code) AND received_at < ?
           AND (handled_at IS NULL OR handled_at >= ?) ORDER BY received_at, id""",
        [scope, end, end],
    ).fetchall()
    assert list(d.open_complaints["complaint_id"]) == [r[0] for r in complaints]
    quotes = con.execute(
        """SELECT id FROM quote WHERE list_contains(?, client_code) AND requested_on <= DATE '2006-12-31'
           AND (requested_on >= DATE '2006-01-01' OR decided_on BETWEEN DATE '2006-01-01' AND DATE '2006-12-31'
                OR status IN ('concept', 'uitgebracht'))""",
        [scope],
    ).fetchall()
    assert sorted(d.quotes["id"]) == sorted(r[0] for r in quotes)


def test_unknown_client_and_a_period_without_data(con):
    with pytest.raises(KeyError):
        dossier.read(con, "NOPE", "2006")
    assert dossier.read(con, "DGV-POL", "2010").no_data


def _dossier(lines: pd.DataFrame, **kw) -> dossier.Dossier:
    prof = dossier.ClientProfile("X", "Directie X", "directie", "DG", "Anna", None, ("X",), ("DVA-X",))
    base = dict(
        no_data=False,
        lines=lines,
        quotes=pd.DataFrame({"status": [], "amount": []}),
        open_complaints=pd.DataFrame(),
        open_escalations=pd.DataFrame(),
    )
    return dossier.Dossier(prof, Period.parse("2006"), (("client", ("X",)),), **{**base, **kw})


def _lines(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["product_name", "achieved", "target_share", "judged"])
    frame["product_name_en"] = frame["product_name"]
    frame["client"] = "Directie X"
    frame["status"] = [
        rag.status(a, t, "higher_is_better", "share", count=n)
        for a, t, n in zip(frame["achieved"], frame["target_share"], frame["judged"], strict=True)
    ]
    frame["gap"] = frame["target_share"] - frame["achieved"]
    frame["agreed_volume"], frame["charged_volume"] = 0.0, 0.0
    frame["_o"] = frame["status"].map(rag.SEVERITY)
    return frame.sort_values(["_o", "gap"], ascending=[True, False]).drop(columns="_o")


def test_every_line_not_met_is_named_worst_first():
    # Knipselkrant (87.5%) must not be left out while better lines are named (issue 14)
    lines = _lines(
        [
            ("Thuiswerk", 0.86, 0.90, 40),
            ("Drukwerk", 0.89, 0.90, 30),
            ("Werving", 0.80, 0.95, 3),
            ("Knipselkrant", 0.875, 0.95, 8),
            ("Verhuizing", 0.96, 0.95, 20),
            ("Leeg", None, 0.9, 0),
        ]
    )
    points = {p.kind: p.text("nl") for p in dossier.talking_points(_dossier(lines))}
    assert points["dva_lines"] == (
        "DVA-regels niet gehaald: ✖ Werving (80,0% / 95%), ✖ Knipselkrant (87,5% / 95%), "
        "▲ Thuiswerk (86,0% / 90%) en ▲ Drukwerk (89,0% / 90%)."
    )


def test_more_lines_than_named_are_counted_and_all_met_is_said():
    many = _lines([(f"P{i}", 0.5, 0.9, 10) for i in range(7)])
    points = {p.kind: p.text("en") for p in dossier.talking_points(_dossier(many))}
    assert points["dva_lines"].endswith("and 2 more.")
    good = _lines([("A", 0.95, 0.9, 10), ("B", None, 0.9, 0)])
    assert {p.kind: p.text("nl") for p in dossier.talking_points(_dossier(good))}["dva_lines"].startswith(
        "✔ Alle"
    )


def test_use_change_quotes_and_nothing_to_say():
    lines = _lines([])
    quotes = pd.DataFrame({"status": ["uitgebracht", "geaccepteerd"], "amount": [1000.0, 5.0]})
    d = _dossier(lines, volume=116.0, volume_before=100.0, quotes=quotes)
    points = {p.kind: p.text("nl") for p in dossier.talking_points(d)}
    assert points["use"] == "▲ Het aantal meldingen steeg met 16,0% tot 116 (vorige periode 100)."
    assert points["quotes"] == "1 offerte wacht op een besluit: € 1.000."  # one, not "offerte(s)"
    quiet = _dossier(lines, volume=114.0, volume_before=100.0)  # under the 15% threshold
    assert [p.kind for p in dossier.talking_points(quiet)] == ["none"]


# --- issue 12, item 1: the dossier under an account manager's partial scope ----------------------

PART = ("DGV-POL",)  # one directie of DGV, not the DG


def test_a_dossier_outside_the_scope_is_refused_and_its_parts_keep_to_the_scope(con):
    """With a scope holding one directie of a DG, the DG's dossier is refused, and the parts read
    directly (the profile, the DVA lines and the quotes) never reach another directie."""
    with pytest.raises(PermissionError):
        dossier.read(con, "DGV", "2006", client_scope=PART)
    prof = dossier.profile(con, "DGV", dt.date(2006, 12, 31), client_scope=PART)
    assert prof.scope == PART
    dvas = {r[0] for r in con.execute("SELECT id FROM dva WHERE client_code = 'DGV-POL'").fetchall()}
    assert prof.dvas and set(prof.dvas) <= dvas
    # the directie itself is in scope, and reads the same as without a scope
    inside = dossier.read(con, "DGV-POL", "2006", client_scope=PART)
    pd.testing.assert_frame_equal(inside.lines, dossier.read(con, "DGV-POL", "2006").lines)


HOSTILE = "![x](https://evil.example/a.png) [Log opnieuw in](https://evil.example/login) <b>**"


def test_a_hostile_product_name_reaches_the_talking_points_as_plain_text():
    """Issue 12, item 7: a product name (beheer may edit it) went unescaped into the markdown of
    the talking points: a remote image and a fake sign-in link. As markdown it is now inert text."""
    lines = _lines([(HOSTILE, 0.5, 0.9, 10)])
    point = next(p for p in dossier.talking_points(_dossier(lines)) if p.kind == "dva_lines")
    assert HOSTILE in point.text("nl")  # the text itself (PDF, Excel) is unchanged
    shown = point.markdown("nl")
    for live in ("![", "](", "<b>", "**"):
        assert live not in shown
    assert formatting.markdown_escape(shown.replace("\\", "")) == shown  # every character escaped once


def test_the_heading_names_period_days_account_manager_and_dvas_in_one_language():
    d = _dossier(pd.DataFrame())
    assert d.heading("nl") == "2006 · 01-01-2006 – 31-12-2006 · accountmanager: Anna · DVA: DVA-X"
    assert d.heading("en") == "2006 · 01/01/2006 – 31/12/2006 · account manager: Anna · DVA: DVA-X"
