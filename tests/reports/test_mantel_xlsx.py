"""The mantel report's workbook: every figure cell equals the registry for the same period."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from gdmetrics.figures import FigureRequest, compute
from gdmetrics.reports import build_mantel_report
from tests.reports.reading import chart_parts, load_workbook, sheet_tables, sheet_xml

Q4 = FigureRequest(date_from=dt.date(2006, 10, 1), date_to=dt.date(2006, 12, 31))
Q3 = FigureRequest(date_from=dt.date(2006, 7, 1), date_to=dt.date(2006, 9, 30))
TREND = FigureRequest(date_from=dt.date(2006, 1, 1), date_to=dt.date(2006, 9, 30), by=("quarter",))


@pytest.fixture(scope="module")
def xlsx(con) -> bytes:
    return build_mantel_report(con, "2006Q4", "xlsx")


@pytest.fixture(scope="module")
def book(xlsx):
    return load_workbook(xlsx)


def same(cell, expected) -> bool:
    """A cell holds the registry's value: equal numbers (to float precision), or both empty."""
    if expected is None or (not isinstance(expected, str) and pd.isna(expected)):
        return cell.value is None
    return cell.value == pytest.approx(float(expected), rel=1e-9, abs=1e-12)


def by_code(table: dict, column: str = "Code") -> dict:
    return {r[column].value: r for r in table["rows"]}


def test_sheets_one_per_section_with_frozen_headers(book):
    assert book.sheetnames == [
        "Voorblad",
        "Scorecard",
        "Waar ging het mis",
        "DVA's",
        "Serviceniveau",
        "Efficiency",
        "Klachten en escalaties",
        "Definities",
    ]
    for name in book.sheetnames[1:]:
        assert book[name].freeze_panes == "A4", name


def test_cover_sheet_has_filters_and_generation_time(book):
    ws = book["Voorblad"]
    cells = {r[0].value: r[1] for r in ws.iter_rows() if r[0].value}
    assert cells["Periode"].value == "4e kwartaal 2006"
    assert cells["Klantscope"].value == "alle afnemers"
    assert isinstance(cells["Gegenereerd op"].value, dt.datetime)
    assert cells["Gegenereerd op"].number_format == "dd-mm-yyyy hh:mm"
    assert abs(cells["Gegenereerd op"].value - dt.datetime.now()) < dt.timedelta(minutes=10)


def test_scorecard_and_dvas_equal_mantel_performance(con, book):
    now = compute(con, "mantel_performance", Q4).frame.set_index("subject")
    before = compute(con, "mantel_performance", TREND).frame
    standards = sheet_tables(book["Scorecard"])[0]
    dvas = sheet_tables(book["DVA's"])[0]
    assert standards["header"][:8] == [
        "Code",
        "Onderwerp",
        "Figuur-id",
        "Afspraak",
        "K1 2006",
        "K2 2006",
        "K3 2006",
        "Gerealiseerd K4 2006",
    ]
    rows = {**by_code(standards), **by_code(dvas)}
    assert set(rows) == set(now.index)
    for subject, row in rows.items():
        expected = now.loc[subject]
        assert same(row["Afspraak"], expected["target"]), subject
        assert same(row["Gerealiseerd K4 2006"], expected["value"]), subject
        assert same(row["Noemer"], expected["denominator"]), subject
        assert row["Status"].value.startswith("✔") == bool(expected["met"]), subject
        for q, first in (("K1 2006", "2006-01-01"), ("K2 2006", "2006-04-01"), ("K3 2006", "2006-07-01")):
            hit = before[(before["subject"] == subject) & (before["period"] == pd.Timestamp(first))]
            assert same(row[q], hit["value"].iloc[0] if len(hit) else None), (subject, q)
    share = rows["MS-01"]["Gerealiseerd K4 2006"]
    assert share.number_format == "0.0%"
    assert rows["MS-05"]["Afspraak"].number_format == "0.0"  # hours
    assert rows["MS-07"]["Afspraak"].number_format == "0.00"  # per 1,000


def test_service_levels_per_directorate(con, book):
    tables = sheet_tables(book["Serviceniveau"])
    directorates, monthly = tables[0], tables[1]
    cur = compute(con, "service_level_vs_target", Q4.with_(by=("directorate",))).frame.set_index(
        "directorate"
    )
    prev = compute(con, "service_level_vs_target", Q3.with_(by=("directorate",))).frame.set_index(
        "directorate"
    )
    resp = compute(con, "response_within_norm", Q4.with_(by=("directorate",))).frame.set_index("directorate")
    whole = compute(con, "service_level_vs_target", Q4).frame.iloc[0]
    rows = by_code(directorates)
    assert set(rows) == set(cur.index) | {"GD"}
    for code, row in rows.items():
        expected = whole if code == "GD" else cur.loc[code]
        assert same(row["Gerealiseerd"], expected["value"]), code
        assert same(row["Afspraak"], expected["target"]), code
        assert same(row["Meldingen met oordeel"], expected["denominator"]), code
        if code != "GD":
            assert same(row["Vorige periode"], prev.loc[code, "value"]), code
            assert same(row["Reactie binnen norm"], resp.loc[code, "value"]), code
    split = compute(con, "service_level_vs_target", Q4.with_(by=("month", "directorate"))).frame
    assert len(monthly["rows"]) == 3
    for row in monthly["rows"]:
        month = pd.Timestamp(row["Maand"].value)
        for d in ("FAZ", "ICT", "FB"):
            hit = split[(split["period"] == month) & (split["directorate"] == d)]
            assert same(row[d], hit["value"].iloc[0]), (month, d)
        assert row["Maand"].number_format == "mmm yyyy"


def test_efficiency_path_and_service_level_index(con, book):
    table = sheet_tables(book["Efficiency"])[0]
    months = FigureRequest(date_from=dt.date(2004, 1, 1), date_to=dt.date(2006, 12, 31), by=("month",))
    eff = compute(con, "efficiency_index", months).frame
    sli = compute(con, "service_level_index", months).frame
    assert len(table["rows"]) == len(eff) == 36
    for row, e, s in zip(table["rows"], eff.itertuples(), sli.itertuples(), strict=True):
        assert pd.Timestamp(row["Maand"].value) == pd.Timestamp(e.period) == pd.Timestamp(s.period)
        assert same(row["Efficiency-index"], e.value)
        assert same(row["Doelpad"], e.target)
        assert same(row["Prognose"], e.forecast)
        assert same(row["Serviceniveau-index"], s.value)


def test_complaints_and_escalations(con, book):
    tables = {t["title"]: t for t in sheet_tables(book["Klachten en escalaties"])}
    kpis = next(t for t in sheet_tables(book["Klachten en escalaties"]) if "Figuur-id" in t["header"])
    for row in kpis["rows"]:
        fid = row["Figuur-id"].value
        now = compute(con, fid, Q4).frame.iloc[0]
        assert same(row["Gerealiseerd"], now["value"]), fid
        assert same(row["Vorige periode"], compute(con, fid, Q3).frame["value"].iloc[0]), fid
        assert same(row["Norm"], now["target"]), fid
    assert len(kpis["rows"]) == 6
    by_dir = compute(con, "complaint_count", Q4.with_(by=("directorate",))).frame.set_index("directorate")
    rates = compute(con, "complaints_per_1000", Q4.with_(by=("directorate",))).frame.set_index("directorate")
    for code, row in by_code(tables["Klachten per directie"]).items():
        assert same(row["Aantal klachten"], by_dir.loc[code, "value"]), code
        expected = rates.loc[code, "value"] if code in rates.index else None
        assert same(row["Klachten per 1.000 meldingen"], expected), code
    reasons = compute(con, "escalation_count", Q4.with_(by=("reason",))).frame.set_index("reason")
    pickup = compute(con, "escalation_pickup_hours", Q4.with_(by=("reason",))).frame.set_index("reason")
    for code, row in by_code(tables["SIA-escalaties per reden"]).items():
        assert same(row["Aantal SIA-escalaties"], reasons.loc[code, "value"])
        assert same(row["Oppaktijd SIA (uur)"], pickup.loc[code, "value"])
    outcomes = compute(con, "escalation_outcomes", Q4).frame.set_index("outcome")
    for code, row in by_code(tables["Uitkomsten SIA-escalaties"]).items():
        assert same(row["Aantal"], outcomes.loc[code, "numerator"])
        assert same(row["Aandeel"], outcomes.loc[code, "value"])
    categories = compute(con, "complaint_count", Q4.with_(by=("category",))).frame.set_index("category")
    assert {r["Code"].value for r in tables["Klachten per categorie"]["rows"]} == set(categories.index)


def test_where_it_went_wrong_rows_are_registry_splits(con, book):
    table = sheet_tables(book["Waar ging het mis"])[0]
    performance = compute(con, "mantel_performance", Q4).frame.set_index("subject")
    for row in table["rows"]:
        subject = row["Code"].value
        figure_id = performance.loc[subject, "figure_id"]
        where = (("dva", (subject,)),) if performance.loc[subject, "subject_kind"] == "dva" else ()
        dim = {
            "Directie": "directorate",
            "Product": "product",
            "Categorie": "category",
            "Reden": "reason",
            "Afnemer": "client",
        }[row["Splitsing"].value]
        split = compute(con, figure_id, Q4.with_(by=(dim,), where=where)).frame
        hit = split[split[dim].astype(str) == str(row["Groepcode (sleutel)"].value)]
        assert len(hit) == 1
        assert same(row["Gerealiseerd"], hit["value"].iloc[0])
        assert same(row["Aantal"], hit["denominator"].iloc[0])
        assert row["Tekort"].value > 0


def test_native_charts_and_sparklines(xlsx):
    # service level per directorate, its months, efficiency, complaints by directorate, escalations by reason
    assert len(chart_parts(xlsx)) == 5
    xml = sheet_xml(xlsx)
    assert sum("sparkline" in s for s in xml) == 2  # standards and DVA's
    assert any("<xm:f>'DVA''s'!E" in s for s in xml)  # a sheet name with a quote is quoted
