"""The three things that need attention: the candidates furthest from their target."""

from __future__ import annotations

import datetime as dt

import pytest

from gdmetrics import attention, drilldown
from gdmetrics.figures import FigureRequest
from tests.dashboard_db import prepared_copy


@pytest.fixture(scope="module")
def con(demo_db_path, tmp_path_factory):
    c = prepared_copy(demo_db_path, tmp_path_factory.mktemp("dashboard"))
    yield c
    c.close()


def test_shortfall_is_relative_to_target_and_respects_direction():
    assert attention.shortfall(0.81, 0.90, "higher_is_better") == pytest.approx(0.1)
    assert attention.shortfall(2.2, 2.0, "lower_is_better") == pytest.approx(0.1)
    assert attention.shortfall(0.99, 0.90, "higher_is_better") < 0  # a margin, not a shortfall


def test_three_items_worst_first_each_with_a_drill_down(con):
    req = FigureRequest(date_from=dt.date(2005, 1, 1), date_to=dt.date(2005, 3, 31))
    items = attention.needs_attention(con, req, {"directorate": {"ICT": "ICT"}})
    candidates = attention.candidates(con, req, {}, attention.get_settings())
    assert len(items) == 3
    assert [i.severity for i in items] == sorted((c.severity for c in candidates), reverse=True)[:3]
    assert all(i.title("nl") and i.title("en") and i.detail("nl") for i in items)
    assert all(drilldown.drill_of(i.figure_id) for i in items)  # each leads to its rows
