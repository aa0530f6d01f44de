"""Chart builders: target lines drawn, status never by colour alone, Dutch labels."""

from __future__ import annotations

import pandas as pd

from gdmetrics import charts

MONTHS = pd.to_datetime(["2006-10-01", "2006-11-01", "2006-12-01"])


def test_trend_draws_the_target_dashed_and_labels_months_in_dutch():
    frame = pd.DataFrame({"period": MONTHS, "value": [0.9, 0.92, 0.95], "target": [0.9, 0.9, 0.9]})
    fig = charts.trend_with_target(frame, "Titel", "nl", unit="share", target_label="doel")
    target = [t for t in fig.data if t.name == "doel"][0]
    assert target.line.dash == "dash" and list(target.y) == [0.9, 0.9, 0.9]
    assert list(fig.data[0].x) == ["okt 2006", "nov 2006", "dec 2006"]
    assert fig.layout.separators == ",."
    # the legend names the line and the target, not the title again (the title sits above it)
    assert [t.name for t in fig.data] == ["gerealiseerd", "doel"] and fig.layout.showlegend
    alone = charts.trend_with_target(frame.drop(columns="target"), "Titel", "en", unit="share")
    assert [t.name for t in alone.data] == ["actual"] and alone.layout.showlegend is False


def test_heatmap_cells_carry_a_symbol_beside_the_colour():
    frame = pd.DataFrame(
        {
            "period": MONTHS,
            "name": ["FB"] * 3,
            "value": [0.95, 0.88, 0.70],
            "target": [0.9] * 3,
            "rag": ["green", "amber", "red"],
        }
    )
    fig = charts.rag_heatmap(frame, "Titel", "nl")
    assert [cell.split("<br>")[0] for cell in fig.data[0].text[0]] == ["✔", "▲", "✖"]
    assert "95,0%" in fig.data[0].text[0][0]


def test_bars_with_status_and_worst_first():
    frame = pd.DataFrame(
        {"client": ["A", "B", "C"], "value": [0.99, 0.7, 0.85], "rag": ["green", "red", "amber"]}
    )
    fig = charts.bars(frame, "client", "Titel", "nl", unit="share", names={"B": "Bee"}, status=True, worst=2)
    assert list(fig.data[0].y) == ["C", "Bee"][::-1][::-1] or list(fig.data[0].y) == ["C", "Bee"]
    assert all(text[0] in "✔▲✖" for text in fig.data[0].text)


def test_efficiency_chart_has_path_to_target_date_and_service_index():
    index = pd.DataFrame(
        {
            "period": MONTHS,
            "value": [84.0, 83.5, 83.0],
            "target": [81.7, 80.8, 80.0],
            "forecast": [84.1, 83.4, 82.9],
        }
    )
    service = pd.DataFrame({"period": MONTHS, "value": [101.0, 100.5, 100.8]})
    labels = {"index": "Index", "path": "Doelpad", "forecast": "Prognose", "service": "Serviceniveau"}
    fig = charts.efficiency_chart(
        index,
        service,
        "Titel",
        "nl",
        labels=labels,
        target_date=pd.Timestamp("2007-01-01"),
        target_value=80.0,
        forecast_value=82.5,
    )
    names = {t.name: t for t in fig.data}
    assert set(names) == set(labels.values())
    assert list(names["Doelpad"].x)[-1] == "jan 2007" and list(names["Doelpad"].y)[-1] == 80.0
    assert names["Prognose"].line.dash == "dot"


def test_heatmap_shows_a_row_without_a_name_as_a_dash():
    """Imported tickets without a directorate yet (an unmapped value) give a row with no name."""
    frame = pd.DataFrame(
        {"period": MONTHS[:2], "name": ["FB", None], "value": [0.95, 0.5], "target": [0.9] * 2,
         "rag": ["green", "red"]}
    )  # fmt: skip
    fig = charts.rag_heatmap(frame, "Titel", "nl")
    assert list(fig.data[0].y) == ["–", "FB"] or list(fig.data[0].y) == ["FB", "–"]
