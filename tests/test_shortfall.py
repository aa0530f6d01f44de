"""A missed norm's shortfall and culprits (gdmetrics.shortfall): the calculation by unit, the rule
for splits, and culprits against a plain count of the tickets."""

from __future__ import annotations

import datetime as dt

import pytest

from gdmetrics import shortfall
from gdmetrics.figures import REGISTRY, FigureRequest
from tests.dashboard_db import prepared_copy

Q4 = FigureRequest(date_from=dt.date(2006, 10, 1), date_to=dt.date(2006, 12, 31))


@pytest.fixture(scope="module")
def con(demo_db_path, tmp_path_factory):
    c = prepared_copy(demo_db_path, tmp_path_factory.mktemp("dashboard"))
    yield c
    c.close()


@pytest.mark.parametrize(
    ("unit", "direction", "value", "num", "den", "target", "expected"),
    [
        ("share", "higher_is_better", 0.85, 85, 100, 0.90, 5.0),  # 90 allowed within, 85 were
        ("share", "lower_is_better", 0.08, 8, 100, 0.05, 3.0),  # 5 reopened allowed, 8 were
        ("share", "higher_is_better", 0.95, 95, 100, 0.90, -5.0),  # met: no shortfall
        ("per_1000", "lower_is_better", 2.5, 5, 2000, 2.0, 1.0),  # 4 complaints allowed, 5 came
        ("hours", "lower_is_better", 20.0, None, 3, 16.0, 12.0),  # a median: 4 hours x 3 cases
        ("share", "higher_is_better", None, None, None, None, 0.0),  # no target: nothing to miss
    ],
)
def test_excess_in_cases(unit, direction, value, num, den, target, expected):
    assert shortfall.excess(unit, direction, value, num, den, target) == pytest.approx(expected)


def test_splits_follow_one_rule():
    resolution = REGISTRY["resolution_within_norm"]
    assert shortfall.splits(resolution) == ("directorate", "product")
    dva = (("client", ("DGV-POL",)), ("dva", ("DVA-2005-DGV-POL-v2",)))
    assert shortfall.splits(resolution, dva) == ("directorate", "product")
    assert shortfall.splits(resolution, (("directorate", ("ICT",)),)) == ("product", "client")
    complaints = REGISTRY["complaints_within_legal_term"]
    assert (
        shortfall.splits(complaints) == tuple(d for d in shortfall.SPLITS if d in complaints.dimensions)[:2]
    )


def test_culprits_against_a_plain_count(con):
    target = 0.99  # above what any directorate reached, so every one falls short
    found = shortfall.find(
        con,
        "resolution_within_norm",
        Q4,
        target,
        subject="X",
        name_nl="X",
        name_en="X",
        names={"directorate": {"ICT": ("ICT-nl", "ICT-en")}},
    )
    rows = con.execute(
        """SELECT directorate_code, count(*) FILTER (WHERE resolution_met), count(*) FROM ticket_sla
           WHERE resolution_met IS NOT NULL AND resolution_verdict_at >= DATE '2006-10-01'
             AND resolution_verdict_at < DATE '2007-01-01' AND directorate_code IS NOT NULL GROUP BY 1"""
    ).fetchall()
    expected = sorted(((target * n - met, d) for d, met, n in rows), key=lambda e: (-e[0], e[1]))[
        : shortfall.TOP
    ]
    by_dir = [c for c in found.culprits if c.dim == "directorate"]
    assert [c.code for c in by_dir] == [d for _, d in expected]
    assert [c.excess for c in by_dir] == pytest.approx([e for e, _ in expected])
    assert all(c.excess > 0 for c in found.culprits)
    judged = sum(r[2] for r in rows)
    assert found.count >= judged and found.total == pytest.approx(
        target * found.count - found.value * found.count
    )
    ict = [c for c in found.culprits if c.code == "ICT"]
    assert not ict or ict[0].name("en") == "ICT-en"


def test_the_sentence_names_culprits_and_says_when_one_explains_the_miss():
    c = shortfall.Culprit("directorate", "FB", "Financieel Beheer", "Financial Management", 0.5, 10, 4.0)
    found = shortfall.Shortfall(
        "MS-01",
        "Afhandeling binnen norm",
        "Resolution",
        "resolution_within_norm",
        0.86,
        0.90,
        100,
        4.0,
        ("directorate", "product"),
        (c,),
    )
    assert found.sentence("nl") == (
        "Afhandeling binnen norm: 86,0% tegen een norm van 90,0%, over 100 meldingen. Het tekort zit vooral bij "
        "directie Financieel Beheer (50,0%; 10 meldingen). Zonder Financieel Beheer was de norm gehaald."
    )
    spread = shortfall.Shortfall(
        "MS-01", "A", "A", "resolution_within_norm", 0.86, 0.9, 100, 4.0, ("product",), ()
    )
    assert spread.sentence("en").endswith("no directorate or product stands out.")
