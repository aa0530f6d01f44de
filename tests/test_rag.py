"""Red / amber / green: one rule, margin, verdict, symbol, word and colour (gdmetrics.rag)."""

from __future__ import annotations

import math

import pytest

from gdmetrics import rag
from gdmetrics.settings import Settings

S = Settings(amber_margin=0.05)


@pytest.mark.parametrize(
    ("value", "target", "direction", "unit", "expected"),
    [
        (0.95, 0.95, "higher_is_better", "share", "green"),  # exactly on target is met
        (0.9001, 0.95, "higher_is_better", "share", "amber"),  # within 5 points
        (0.90, 0.95, "higher_is_better", "share", "amber"),  # the margin's edge is still amber
        (0.8999, 0.95, "higher_is_better", "share", "red"),
        (40.0, 40.0, "lower_is_better", "hours", "green"),
        (42.0, 40.0, "lower_is_better", "hours", "amber"),  # 5% of a 40-hour target: 2 hours
        (42.1, 40.0, "lower_is_better", "hours", "red"),
        (3.1, 3.0, "lower_is_better", "per_1000", "amber"),  # 5% of 3.0 = 0.15
        (3.2, 3.0, "lower_is_better", "per_1000", "red"),
        (84.0, 80.0, "lower_is_better", "index", "amber"),
        (1.0, 0.5, "lower_is_better", "share", "red"),
    ],
)
def test_status_by_direction_and_unit(value, target, direction, unit, expected):
    assert rag.status(value, target, direction, unit, S) == expected


@pytest.mark.parametrize(
    ("value", "target", "count"),
    [(None, 0.95, None), (0.9, None, None), (math.nan, 0.95, None), (0.9, math.nan, 10), (1.0, 0.95, 0)],
)
def test_nothing_measured_has_no_status_and_is_never_met(value, target, count):
    s = rag.status(value, target, "higher_is_better", "share", S, count=count)
    assert s is None
    assert rag.met(s) is None
    assert rag.label(s, "nl") == "–" and rag.word(s, "nl") == "geen gegevens"


def test_a_count_missing_is_not_a_count_of_zero():
    # medians carry no denominator: their status rests on value and target alone
    assert rag.status(10.0, 8.0, "lower_is_better", "hours", S, count=math.nan) == "red"


def test_met_is_green_only():
    assert [rag.met(s) for s in ("green", "amber", "red", None)] == [True, False, False, None]


def test_neutral_figures_have_no_status():
    assert rag.status(0.5, 0.4, "neutral", "share", S) is None


def test_symbol_word_colour_and_legend():
    assert rag.label("green", "nl") == "✔ op doel"
    assert rag.label("amber", "nl") == "▲ net buiten doel"
    assert rag.label("red", "en") == "✖ off target"
    assert rag.legend("nl") == "✔ op doel, ▲ net buiten doel, ✖ buiten doel"
    assert {rag.colour(s) for s in rag.STATUSES} == set(rag.COLOURS.values())
    assert sorted(rag.STATUSES, key=rag.SEVERITY.get) == ["red", "amber", "green"]


def test_margin_is_points_for_shares_and_a_fraction_otherwise():
    assert rag.margin("share", 0.95, S) == 0.05
    assert rag.margin("hours", 40.0, S) == pytest.approx(2.0)
    assert rag.margin("hours", None, S) == 0.05


def test_a_value_beside_its_target_is_never_rounded_onto_it():
    """Issue 13: '65,0% ✖ tegen 65,0%' (64.951%) and '2,0 ▲ net buiten doel (doel 2,0)' (2.04)
    must show enough decimals to be believed; alone a value keeps its usual decimals."""
    import datetime as dt

    import pandas as pd

    from gdmetrics import formatting, presentation
    from gdmetrics.figures import FigureRequest, get_figure
    from gdmetrics.figures.model import FigureResult

    # 0.64951 shows as 65,0% with one decimal; two tell it apart from the 65,0% target.
    assert formatting.value(0.64951, "share", "nl", 0.65) == "64,95%"
    assert formatting.value(0.64951, "share", "nl") == "65,0%"
    assert formatting.value(2.04, "index", "en", 2.0) == "2.04"
    assert formatting.value(0.5, "share", "nl", 0.95) == "50,0%"
    # The headline of a page: the value judged red on its unrounded value reads as a miss too.
    req = FigureRequest(date_from=dt.date(2004, 3, 1), date_to=dt.date(2004, 3, 31))
    frame = pd.DataFrame(
        {"value": [0.64951], "target": [0.65], "numerator": [64951], "denominator": [100000]}
    )
    shown = presentation.headline(FigureResult(get_figure("first_line_resolution"), req, frame), None, "nl")
    assert (shown.value, shown.status) == ("64,95%", "amber")


def test_a_change_that_rounds_to_zero_has_no_sign_arrow_or_colour():
    """'↑ +0,0 %-punt' in green (or '-0,0' in red) read as a change; a card shows '0,0 %-punt' grey."""
    import datetime as dt

    import pandas as pd

    from gdmetrics import presentation
    from gdmetrics.figures import FigureRequest, get_figure
    from gdmetrics.figures.model import FigureResult

    req = FigureRequest(date_from=dt.date(2004, 3, 1), date_to=dt.date(2004, 3, 31))

    def card(now: float, before: float):
        result = [
            FigureResult(
                get_figure("first_line_resolution"), req, pd.DataFrame({"value": [v], "denominator": [1000]})
            )
            for v in (now, before)
        ]
        return presentation.headline(result[0], result[1], "nl")

    assert (card(0.6504, 0.6500).delta, card(0.6504, 0.6500).unchanged) == ("0,0 %-punt", True)
    assert (card(0.6496, 0.6500).delta, card(0.6496, 0.6500).unchanged) == ("0,0 %-punt", True)
    assert (card(0.66, 0.65).delta, card(0.66, 0.65).unchanged) == ("+1,0 %-punt", False)
