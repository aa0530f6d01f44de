"""The three things that need attention: the candidates furthest from their target."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from gdmetrics import attention, drilldown
from gdmetrics.figures import FigureRequest, compute
from tests.dashboard_db import prepared_copy
from tests.language import offences


@pytest.fixture(scope="module")
def con(demo_db_path, tmp_path_factory):
    c = prepared_copy(demo_db_path, tmp_path_factory.mktemp("dashboard"))
    yield c
    c.close()


def test_shortfall_is_relative_to_target_and_respects_direction():
    assert attention.shortfall(0.81, 0.90, "higher_is_better") == pytest.approx(0.1)
    assert attention.shortfall(2.2, 2.0, "lower_is_better") == pytest.approx(0.1)
    assert attention.shortfall(0.99, 0.90, "higher_is_better") < 0  # a margin, not a shortfall


def _expected_severities(con, req) -> list[tuple[float, str]]:
    """Every candidate's severity, computed here: service levels per directorate and per client
    (30 tickets judged or more) by a plain count, the mantel standards and the efficiency index
    from the registry's values and targets, and a growing backlog at half weight."""
    judged = """SELECT {dim}, count(*) FILTER (WHERE resolution_met) / count(*), avg(target_share), count(*)
                FROM ticket_sla WHERE resolution_met IS NOT NULL AND {dim} IS NOT NULL
                  AND resolution_verdict_at >= ? AND resolution_verdict_at < ? GROUP BY 1"""
    bounds = [req.date_from, req.date_to + dt.timedelta(days=1)]
    out = [
        ((t - v) / t, f"dir {d}")
        for d, v, t, _ in con.execute(judged.format(dim="directorate_code"), bounds).fetchall()
    ]
    out += [
        ((t - v) / t, f"client {c}")
        for c, v, t, n in con.execute(judged.format(dim="client_code"), bounds).fetchall()
        if n >= attention.MIN_TICKETS
    ]
    mantel = compute(con, "mantel_performance", req).frame
    for r in mantel[mantel["subject_kind"] == "mantel_standard"].itertuples():
        gap = r.target - r.value if r.direction == "higher_is_better" else r.value - r.target
        out.append((gap / abs(r.target), r.subject))
    eff = compute(con, "efficiency_index", req).frame.iloc[0]
    out.append(((eff["value"] - eff["target"]) / eff["target"], "efficiency"))
    day_before = req.date_from - dt.timedelta(days=1)
    now = compute(con, "backlog", req).value
    before = compute(con, "backlog", req.with_(date_from=day_before, date_to=day_before)).value
    if now and before:
        out.append(((now / before - 1) / 2, "backlog"))
    return sorted(out, reverse=True)


def test_three_items_worst_first_each_with_a_drill_down(con):
    req = FigureRequest(date_from=dt.date(2005, 1, 1), date_to=dt.date(2005, 3, 31))
    items = attention.needs_attention(con, req, {"directorate": {"ICT": "ICT"}})
    expected = _expected_severities(con, req)[:3]
    assert len(items) == 3
    assert [i.severity for i in items] == pytest.approx([e for e, _ in expected])
    # one list for both languages, put into words from the catalogue when shown (and cacheable)
    assert pickle.loads(pickle.dumps(items)) == items
    for lang in ("nl", "en"):
        texts = [s for i in items for s in (i.title(lang), i.detail(lang))]
        assert all(texts) and not offences(texts, lang, ("ICT",)), texts
    assert all(drilldown.drill_of(i.figure_id) for i in items)  # each leads to its rows
