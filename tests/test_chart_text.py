"""A chart's text alternative: the table holds the chart's own numbers, the sentence states its
finding, in both languages, for each kind of chart the builders make; and the change by category
that Klachten states in words."""

from __future__ import annotations

import pandas as pd

from gdmetrics import chart_text, charts, presentation
from gdmetrics.figures import FigureResult, get_figure

MONTHS = pd.to_datetime(["2006-10-01", "2006-11-01", "2006-12-01"])


def test_bars_table_and_finding_carry_value_and_status_in_words():
    frame = pd.DataFrame({"d": ["A", "B", "C"], "value": [0.99, 0.7, 0.85], "rag": ["green", "red", "amber"]})
    fig = charts.bars(frame, "d", "Titel", "nl", unit="share", names={"B": "Bee"}, status=True)
    table = chart_text.as_table(fig, "nl", "Directie")
    assert table.to_dict("list") == {
        "Directie": ["A", "C", "Bee"],
        "Waarde": ["99,0%", "85,0%", "70,0%"],
        "Status": ["✔ op doel", "▲ net buiten doel", "✖ buiten doel"],
    }
    assert chart_text.finding(fig, "nl") == "Hoogste: A (99,0%); laagste: Bee (70,0%). 2 van 3 buiten doel."
    assert chart_text.finding(fig, "en") == "Highest: A (99.0%); lowest: Bee (70.0%). 2 of 3 off target."


def test_trend_table_has_a_column_per_line_and_the_finding_names_the_latest_month_and_target():
    frame = pd.DataFrame({"period": MONTHS, "value": [0.9, 0.92, 0.95], "target": [0.9, 0.9, 0.9]})
    fig = charts.trend_with_target(frame, "Binnen norm", "nl", unit="share", target_label="doel")
    assert chart_text.as_table(fig, "nl").to_dict("list") == {
        "Maand": ["okt 2006", "nov 2006", "dec 2006"],
        "gerealiseerd": ["90,0%", "92,0%", "95,0%"],
        "doel": ["90,0%", "90,0%", "90,0%"],
    }
    assert chart_text.finding(fig, "nl") == "In dec 2006: 95,0% (doel: 90,0%)."


def test_heatmap_keeps_its_grid_and_becomes_one_line_per_row_on_a_phone():
    frame = pd.DataFrame(
        {
            "period": list(MONTHS) * 2,
            "name": ["FB"] * 3 + ["ICT"] * 3,
            "value": [0.95, 0.88, 0.70, 0.95, 0.96, 0.97],
            "target": [0.9] * 6,
            "rag": ["green", "amber", "red", "green", "green", "green"],
        }
    )
    fig = charts.rag_heatmap(frame, "Titel", "nl")
    table = chart_text.as_table(fig, "nl", "Directie")
    assert list(table.columns) == ["Directie", "okt 2006", "nov 2006", "dec 2006"]
    assert table.iloc[0].tolist() == ["FB", "✔ 95,0%", "▲ 88,0%", "✖ 70,0%"]
    assert chart_text.finding(fig, "nl") == (
        "1 van 6 vakjes ✖ buiten doel, 1 ▲ net buiten doel. Vaakst buiten doel: FB (1×)."
    )
    assert chart_text.heatmap_rows(fig, "nl") == [
        "FB: ✔ 1 · ▲ 1 · ✖ 1; dec 2006: ✖ 70,0%",
        "ICT: ✔ 3 · ▲ 0 · ✖ 0; dec 2006: ✔ 97,0%",
    ]


def test_an_empty_chart_states_nothing():
    frame = pd.DataFrame({"period": [], "value": [], "target": []})
    fig = charts.trend_with_target(frame, "Leeg", "nl", unit="share")
    assert chart_text.finding(fig, "nl") == ""


def test_changes_by_category_name_the_one_that_grew_most():
    figure = get_figure("complaint_count")
    now = FigureResult(figure, None, pd.DataFrame({"category": ["a", "b", "c"], "value": [5.0, 1.0, 2.0]}))
    before = FigureResult(figure, None, pd.DataFrame({"category": ["a", "b", "d"], "value": [2.0, 3.0, 1.0]}))
    changes = presentation.changes_by(now, before, "category")
    assert changes.to_dict("list") == {
        "category": ["a", "c", "d", "b"],
        "previous": [2.0, 0.0, 1.0, 3.0],
        "value": [5.0, 2.0, 0.0, 1.0],
        "difference": [3.0, 2.0, -1.0, -2.0],
    }
    names = {"a": "Bejegening"}
    assert presentation.growth_sentence(changes, "category", "count", names, "K3 2006", "nl") == (
        "Meest gegroeid ten opzichte van K3 2006: Bejegening, van 2 naar 5 (+3)."
    )
