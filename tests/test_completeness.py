"""Completeness (issue 10, item 5): every check of gdmetrics.completeness on a small database
with gaps counted by hand, on the demo (complete), through `python -m gdmetrics check`, and the
note a figure over incomplete data carries on its card and in the report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gdmetrics import completeness, presentation, reports
from gdmetrics.cli import main as cli
from gdmetrics.figures import FigureRequest, compute
from gdmetrics.store import writer
from tests.dashboard_db import read_only

# The crafted organisation. Two back-office directorates (FB, ICT) and the service desk (SD).
ROWS = {
    "directorate": [
        ("FB", "Financiën", "Finance", "backoffice"),
        ("ICT", "ICT", "ICT", "backoffice"),
        ("SD", "Servicedesk", "Service desk", "servicedesk"),
    ],
    "accountmanager": [("AM1", "Anna de Vries", None)],
    # DG1 has AM1 and DIR1 inherits it; DG2 and DIR2 have none: 2 of 4 without an accountmanager.
    "client": [
        ("DG1", "DG Een", "dg", None, "AM1"),
        ("DIR1", "Directie Een", "directie", "DG1", None),
        ("DG2", "DG Twee", "dg", None, None),
        ("DIR2", "Directie Twee", "directie", "DG2", None),
    ],
    # P1 has its own norm; P3 a norm per priority that ended on 1 February 2024 (expired: the
    # data's as-of moment is in March); P2 has neither: 1 of 3 products without a norm.
    "product": [
        ("P1", "Een", "One", "FB", "financien", None, "operationeel", "basis", None, None, False, 2.0, 8.0),
        ("P2", "Twee", "Two", "ICT", "ICT", None, "operationeel", "basis", None, None, False, None, None),
        ("P3", "Drie", "Three", "ICT", "ICT", None, "operationeel", "basis", None, None, False, None, None),
    ],
    "product_norm": [("P3", 3, dt.date(2024, 1, 1), dt.date(2024, 2, 1), 2.0, 8.0)],
    # no default norm for priority 5: a P2 ticket of priority 5 has no norm at all
    "default_norm": [(p, 1.0 * p, 4.0 * p) for p in (1, 2, 3, 4)],
    "mantel_agreement": [("M1", "Mantel 2024", dt.date(2024, 1, 1), dt.date(2025, 1, 1))],
    # DVA D1 of DIR1, valid through 2024: line 1 on P1, line 2 on the expired P3: 1 of 2 on an
    # expired product.
    "dva": [("D1", "DIR1", "plus", "M1", dt.date(2024, 1, 1), dt.date(2025, 1, 1), None)],
    "dva_line": [
        ("D1", 1, "P1", None, None, 8.0, 0.9, None, None),
        ("D1", 2, "P3", None, None, 8.0, 0.9, None, None),
    ],
    # FB has every month January-March, ICT misses February: 1 of 6 directorate-months.
    "cost": [("FB", dt.date(2024, m, 1), 10.0, 50000, 1000, 900) for m in (1, 2, 3)]
    + [("ICT", dt.date(2024, m, 1), 8.0, 40000, 1000, 900) for m in (1, 3)],
}
T = dt.datetime
# Five tickets in January and March (February has none: 1 of 3 months without tickets).
# T2 has no client; T3 no directorate and no product; T5 (P2, priority 5) no norm.
TICKETS = [
    ("T1", T(2024, 1, 8, 9), T(2024, 1, 8, 12), "DIR1", "P1", "FB", 3),
    ("T2", T(2024, 1, 9, 9), T(2024, 1, 9, 12), None, "P1", "FB", 3),
    ("T3", T(2024, 3, 4, 9), T(2024, 3, 4, 12), "DIR1", None, None, 3),
    ("T4", T(2024, 3, 5, 9), T(2024, 3, 5, 12), "DG2", "P2", "ICT", 2),
    ("T5", T(2024, 3, 6, 9), T(2024, 3, 6, 12), "DIR2", "P2", "ICT", 5),
]
EXPECTED = {  # check: (missing, total), counted by hand above
    "ticket_client": (1, 5),
    "ticket_directorate": (1, 5),
    "ticket_product": (1, 5),
    "ticket_norm": (1, 5),
    "product_norm": (1, 3),
    "cost_month": (1, 6),
    "client_accountmanager": (2, 4),
    "dva_expired_product": (1, 2),
    "ticket_month": (1, 3),
}


@pytest.fixture(scope="module")
def crafted(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("completeness") / "gd.duckdb"
    with writer(path, actor="test", reason="crafted gaps", fresh=True) as w:
        for table, rows in ROWS.items():
            for row in rows:
                w.con.execute(f"INSERT INTO {table} VALUES ({', '.join('?' * len(row))})", row)
        for tid, reg, done, client, product, directorate, priority in TICKETS:
            w.con.execute(
                """INSERT INTO ticket (id, registered_at, first_response_at, resolved_at, closed_at, channel,
                       client_code, product_code, directorate_code, priority, status)
                   VALUES (?, ?, ?, ?, ?, 'email', ?, ?, ?, ?, 'gesloten')""",
                (tid, reg, reg, done, done, client, product, directorate, priority),
            )
    return path


def test_each_check_counts_the_gaps_counted_by_hand(crafted):
    with read_only(crafted) as con:
        found = completeness.check(con)
    assert {g.check: (g.missing, g.total) for g in found.gaps} == EXPECTED
    examples = {g.check: g.examples for g in found.gaps}
    assert examples["ticket_client"] == ("T2",)
    assert examples["ticket_norm"] == ("T5",)
    assert examples["cost_month"] == ("ICT 2024-02",)
    assert examples["client_accountmanager"] == ("DG2", "DIR2")
    assert examples["dva_expired_product"] == ("D1/2",)
    assert examples["ticket_month"] == ("2024-02",)
    assert found.loaded == {"tickets", "costs", "dvas", "clients", "products"}  # no mantel standard
    as_of = {f.kind: f.as_of for f in found.feeds}
    assert as_of["tickets"] == T(2024, 3, 6, 12) and as_of["costs"] == dt.date(2024, 3, 1)
    assert as_of["complaints"] is None


def test_the_demo_is_complete(demo_db_path):
    with read_only(demo_db_path) as con:
        found = completeness.check(con)
    assert not found.problems, found.problems
    assert found.loaded == set(completeness.DATA_KINDS)


def test_check_command_prints_a_table_and_json(crafted, capsys):
    assert cli(["check", "--db", str(crafted)]) == 0
    table = capsys.readouterr().out
    line = next(row for row in table.splitlines() if row.startswith("Clients without an account manager"))
    assert line.split()[-5:] == ["2", "of", "4", "DG2,", "DIR2"]
    assert "complaints" in table and "not loaded" in table
    assert cli(["check", "--db", str(crafted), "--json", "--lang", "nl"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {c["check"]: (c["missing"], c["total"]) for c in data["checks"]} == EXPECTED
    assert next(k for k in data["kinds"] if k["kind"] == "complaints") == {
        "kind": "complaints",
        "label": "klachten",
        "rows": 0,
        "loaded": False,
        "as_of": None,
    }


def test_a_figure_on_incomplete_data_says_so_on_its_card_and_in_the_report(crafted):
    req = FigureRequest(date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 3, 31))
    with read_only(crafted) as con:
        notes = completeness.period_notes(con, req)
        # March: T3 without directorate and product, T5 without a norm, of three tickets
        assert {n.check: (n.missing, n.total) for n in notes} == {
            "ticket_norm": (1, 3),
            "ticket_directorate": (1, 3),
            "ticket_product": (1, 3),
        }
        card = presentation.headline(compute(con, "resolution_within_norm", req), None, "nl", notes)
        assert card.incomplete and "Meldingen zonder norm (geen oordeel): 1 van 3" in card.help
        unloaded = presentation.headline(compute(con, "complaint_count", req), None, "en", notes)
        assert unloaded.value == "not loaded" and unloaded.note == "Not loaded: complaints."
        report = reports.mantel_report_content(con, "2024Q1", "nl", now=dt.datetime(2024, 4, 1))
        assert any(line.startswith("Onvolledig: ") for line in report.verdict_lines), report.verdict_lines
        brief = reports.client_brief_content(con, "DIR1", "2024Q1", "nl", now=dt.datetime(2024, 4, 1))
        tiles = {k.label: k for k in brief.key_figures}
        assert tiles["Aantal klachten"].value is None and tiles["Aantal klachten"].note == "niet geladen"
        assert "Niet geladen: verrekeningen, offertes, klachten, SIA-escalaties." in brief.verdict_lines


@pytest.mark.parametrize(
    ("where", "scope", "expected"),
    [
        # the whole GD over the first quarter: every gap, and ICT's missing February of costs
        (
            (),
            None,
            {
                "ticket_norm": (1, 5),
                "ticket_directorate": (1, 5),
                "ticket_client": (1, 5),
                "ticket_product": (1, 5),
                "cost_month": (1, 6),
            },
        ),
        # an account manager of DG1 and DIR1: their tickets T1 and T3 only; no cost notes
        ((), ("DG1", "DIR1"), {"ticket_directorate": (1, 2), "ticket_product": (1, 2)}),
        # directorate FB: T1 and T2 (T2 without a client); FB's costs are complete
        ((("directorate", ("FB",)),), None, {"ticket_client": (1, 2)}),
        # directorate ICT: T4 and T5 (T5 without a norm); ICT misses February
        ((("directorate", ("ICT",)),), None, {"ticket_norm": (1, 2), "cost_month": (1, 3)}),
    ],
)
def test_a_figures_notes_count_what_its_filters_and_scope_let_through(crafted, where, scope, expected):
    """Issue 12's open end: the notes beside a figure counted gaps GD-wide, also for an account
    manager. They count the tickets of the figure's own request now, counted by hand above."""
    req = FigureRequest(
        date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31), where=where, client_scope=scope
    )
    with read_only(crafted) as con:
        notes = completeness.period_notes(con, req)
    assert {n.check: (n.missing, n.total) for n in notes} == expected
