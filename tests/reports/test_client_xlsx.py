"""The client brief's workbook: every figure cell equals the registry for the client and period."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from gdmetrics.figures import FigureRequest, compute
from gdmetrics.reports import build_client_brief
from tests.reports.reading import load_workbook, sheet_tables

CLIENT = "SG-DBO"
YEAR = FigureRequest(
    date_from=dt.date(2006, 1, 1), date_to=dt.date(2006, 12, 31), where=(("client", (CLIENT,)),)
)


@pytest.fixture(scope="module")
def book(con):
    return load_workbook(build_client_brief(con, CLIENT, "2006", "xlsx"))


def same(cell, expected) -> bool:
    if expected is None or (not isinstance(expected, str) and pd.isna(expected)):
        return cell.value is None
    return cell.value == pytest.approx(float(expected), rel=1e-9, abs=1e-12)


def test_sheets_and_cover(con, book):
    assert book.sheetnames == [
        "Voorblad",
        "Gesprekspunten",
        "Gebruik en kosten",
        "DVA",
        "Klachten en escalaties",
        "Offertes",
        "Definities",
    ]
    ws = book["Voorblad"]
    cells = {r[0].value: r for r in ws.iter_rows() if r[0].value}
    assert cells["Afnemer"][1].value == f"Directie Bestuursondersteuning ({CLIENT})"
    assert cells["Periode"][1].value == "2006"
    assert isinstance(cells["Gegenereerd op"][1].value, dt.datetime)
    figures = {
        "Aantal meldingen": compute(con, "ticket_volume", YEAR).frame["value"].iloc[0],
        "Oplossing binnen norm": compute(con, "service_level_vs_target", YEAR).frame["value"].iloc[0],
        "Verrekening plusdiensten": compute(con, "charges", YEAR).frame["value"].iloc[0],
        "Aantal klachten": compute(con, "complaint_count", YEAR).frame["value"].iloc[0],
        "Aantal SIA-escalaties": compute(con, "escalation_count", YEAR).frame["value"].iloc[0],
    }
    for label, expected in figures.items():
        assert same(cells[label][1], expected), label
    assert cells["Verrekening plusdiensten"][1].number_format == "[$€-413] #,##0.00"


def test_usage_per_product_and_financing(con, book):
    financing, products = sheet_tables(book["Gebruik en kosten"])
    volume = compute(con, "ticket_volume", YEAR.with_(by=("product",))).frame.set_index("product")
    within = compute(con, "resolution_within_norm", YEAR.with_(by=("product",))).frame.set_index("product")
    charges = compute(con, "charges", YEAR.with_(by=("product",))).frame.set_index("product")
    rows = {r["Code"].value: r for r in products["rows"]}
    assert set(rows) == set(volume.index) | set(charges.index)
    for code, row in rows.items():
        assert same(row["Meldingen"], volume["value"].get(code)), code
        assert same(row["Oplossing binnen norm"], within["value"].get(code)), code
        assert same(row["Verrekend"], charges["value"].get(code)), code
    totals = {r["Financieringscode (sleutel)"].value: r for r in financing["rows"]}
    assert sum(totals[f]["Meldingen"].value for f in totals) == volume["value"].sum()
    assert totals["plus"]["Verrekend"].value == pytest.approx(float(charges["value"].sum()))


def test_dva_lines_against_registry(con, book):
    table = sheet_tables(book["DVA"])[0]
    assert table["rows"], "the demo client has a DVA"
    charged = compute(con, "charges", YEAR.with_(by=("product",))).frame.set_index("product")
    for row in table["rows"]:
        dva = row["DVA"].value
        perf = compute(
            con, "resolution_within_norm", YEAR.with_(where=(("dva", (dva,)),), by=("product",))
        ).frame.set_index("product")
        code = row["Code"].value
        assert same(row["Gerealiseerd"], perf["value"].get(code)), code
        assert same(row["Meldingen met oordeel"], perf["denominator"].get(code)), code
        assert same(row["Verrekend volume"], charged["quantity"].get(code)), code


def test_talking_points_are_sentences(book):
    notes = [r[0].value for r in book["Gesprekspunten"].iter_rows(min_row=3) if r[0].value]
    assert notes and all(n.startswith("• ") and n.endswith(".") for n in notes[1:])
    assert any("Oplossing binnen norm" in n for n in notes)


def test_a_dg_brief_covers_its_directies(con):
    brief = load_workbook(build_client_brief(con, "SG", "2006Q4", "xlsx"))
    cells = {r[0].value: r for r in brief["Voorblad"].iter_rows() if r[0].value}
    req = FigureRequest(
        date_from=dt.date(2006, 10, 1), date_to=dt.date(2006, 12, 31), where=(("dg", ("SG",)),)
    )
    assert same(cells["Aantal meldingen"][1], compute(con, "ticket_volume", req).frame["value"].iloc[0])
