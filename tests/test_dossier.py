"""The client dossier for a third party, a DG and a directie."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from gdmetrics import dossier
from gdmetrics.figures import FigureRequest, compute
from tests.dashboard_db import prepared_copy

Q4 = FigureRequest(date_from=dt.date(2006, 10, 1), date_to=dt.date(2006, 12, 31))


@pytest.fixture(scope="module")
def con(demo_db_path, tmp_path_factory):
    c = prepared_copy(demo_db_path, tmp_path_factory.mktemp("dashboard"))
    yield c
    c.close()


@pytest.mark.parametrize(
    ("code", "where"),
    [("JUS", ("dg", ("JUS",))), ("DGV", ("dg", ("DGV",))), ("DGV-POL", ("client", ("DGV-POL",)))],
)
def test_usage_adds_up_to_ticket_volume_and_lines_belong_to_the_scope(con, code, where):
    req = Q4.with_(where=(where,))
    profile = dossier.profile(con, code, Q4.date_to)
    assert profile.accountmanager and profile.dvas
    totals = dossier.financing_totals(dossier.usage_by_financing(con, req))
    assert totals["tickets"].sum() == compute(con, "ticket_volume", req).value
    assert totals["share"].sum() == pytest.approx(1.0)
    lines = dossier.dva_lines(con, profile.scope, req)
    assert set(lines["client_code"]) <= set(profile.scope) and len(lines) > 0


def test_line_performance_marks_met_and_missed():
    lines = pd.DataFrame(
        {"dva": ["D", "D", "D"], "product": ["A", "B", "C"], "target_share": [0.9, 0.9, 0.9]}
    )
    perf = pd.DataFrame(
        {
            "dva": ["D", "D"],
            "product": ["A", "B"],
            "value": [0.95, 0.8],
            "numerator": [19, 8],
            "denominator": [20, 10],
        }
    )
    volume = pd.DataFrame({"dva": ["D", "D"], "product": ["A", "B"], "value": [20, 10]})
    out = dossier.line_performance(lines, perf, volume)
    assert list(out["met"]) == [True, False, None]
    assert list(out["tickets"]) == [20, 10, 0]


def test_talking_points_name_missed_lines_open_items_and_quotes():
    lines = pd.DataFrame(
        {
            "met": [False],
            "achieved": [0.8],
            "target_share": [0.95],
            "product_name": ["Pas"],
            "client": ["JUS"],
        }
    )
    quotes = pd.DataFrame({"status": ["uitgebracht"], "amount": [1000.0]})
    points = dossier.talking_points(lines, 130, 100, 2, 1, quotes, 0.2, 0.4)
    nl = [p[0] for p in points]
    assert nl[0] == "✖ DVA-regel Pas (JUS): 80,0% binnen norm, afgesproken 95,0%."
    assert "▲ Gebruik 30,0% t.o.v. vorige periode (130 meldingen)." in nl
    assert "1 offerte(s) wachten op een besluit (€ 1.000)." in nl
    assert len(points) == 6
