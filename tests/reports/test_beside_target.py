"""A value just under its target never reads as its target on paper or in the workbook (issue 13):
the PDF shows the page's text (gdmetrics.formatting.value); the workbook keeps the number and
gives its cell a number format with as many decimals as the page shows."""

from __future__ import annotations

import datetime as dt

from gdmetrics import formatting
from gdmetrics.reports.model import Column, KeyFigure, Report, Section, Table
from gdmetrics.reports.pdf import render_pdf
from gdmetrics.reports.xlsx import render_xlsx
from tests.reports.reading import load_workbook, pdf_text, sheet_tables

JUST_UNDER = 0.6496  # '65,0%' at the share's one decimal, against a 65,0% target


def _report() -> Report:
    columns = [
        Column("name", "Onderwerp"),
        Column("target", "Afgesproken", "share"),
        Column("value", "Gerealiseerd", "share", target="target"),
        Column("plain", "Zonder doel", "share"),  # no target: its own decimals
    ]
    rows = [["Oplossing binnen norm", 0.65, JUST_UNDER, JUST_UNDER], ["Op doel", 0.65, 0.65, 0.65]]
    report = Report("mantel", "nl", "Proef", "K4 2006", dt.datetime(2007, 1, 2, 9, 0), filters=[])
    report.key_figures = [KeyFigure("Binnen norm", JUST_UNDER, "share", "doel 65,0%", "amber", target=0.65)]
    report.sections = [Section("s", "Blad", "Titel", tables=[Table("t", columns, rows)])]
    return report


def test_a_value_just_under_its_target_reads_differently_in_pdf_and_excel(tmp_path):
    assert formatting.value(JUST_UNDER, "share", "nl", 0.65) == "64,96%"  # what the page shows
    report = _report()

    text = " ".join(pdf_text(render_pdf(report), tmp_path).split())
    assert "65,0% 64,96% 65,0%" in text  # agreed, achieved beside it, the column without a target
    assert "65,0% 65,0% 65,0%" in text  # on target: no extra decimals
    assert "Binnen norm 64,96% ▲ doel 65,0%" in text  # the cover tile

    book = load_workbook(render_xlsx(report))
    (table,) = sheet_tables(book["Blad"])
    under, on = table["rows"]
    assert under["Gerealiseerd"].value == JUST_UNDER  # the number itself, unrounded
    assert under["Gerealiseerd"].number_format == "0.00%"  # reads 64.96%
    assert under["Afgesproken"].number_format == on["Gerealiseerd"].number_format == "0.0%"
    assert under["Zonder doel"].number_format == "0.0%"
    cover = {r[0].value: r[1] for r in book.worksheets[0].iter_rows() if r[0].value}
    assert cover["Binnen norm"].number_format == "0.00%"
