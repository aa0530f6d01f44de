"""The printed reports in English show no code and no Dutch word, in Dutch no English word: the
whole text of the PDF (pdftotext) and every cell and sheet name of the workbook are read back."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from gdmetrics.reports import build_client_brief, build_mantel_report
from tests.language import offences
from tests.reports.reading import load_workbook, sheet_tables

REPORTS = {
    "mantel": lambda con, fmt, lang: build_mantel_report(con, "2006-Q4", fmt, lang=lang),
    "client_dg": lambda con, fmt, lang: build_client_brief(con, "DGV", "2006", fmt, lang=lang),
    "client_directie": lambda con, fmt, lang: build_client_brief(con, "DGV-POL", "2006-Q4", fmt, lang=lang),
}


def proper_names(con) -> tuple[str, ...]:
    rows = con.execute(
        """SELECT name FROM client UNION SELECT name FROM accountmanager UNION SELECT email FROM accountmanager
           UNION SELECT description FROM quote"""
    ).fetchall()
    return tuple(r[0] for r in rows)


# Workbook columns that hold codes as identifiers (to filter and join on), beside a column with
# the same thing in words: their cells are not text, their headings are (gdmetrics.reports.model).
CODE_HEADINGS = {
    "Code",
    "Groepcode (sleutel)",
    "Group code (key)",
    "Financieringscode (sleutel)",
    "Financing code (key)",
    "Statuscode (sleutel)",
    "Status code (key)",
    "Figuur-id",
    "Figure id",
    "Id",
    "DVA",
}


def workbook_texts(data: bytes) -> list[str]:
    """Every sheet name and text cell, except the cells of code columns."""
    book = load_workbook(data)
    texts = list(book.sheetnames)
    for ws in book.worksheets:
        codes = {
            cell.coordinate
            for table in sheet_tables(ws)
            for heading in table["header"]
            if heading in CODE_HEADINGS
            for cell in (row[heading] for row in table["rows"])
        }
        texts += [
            c.value
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, str) and c.coordinate not in codes
        ]
    return texts


def report_pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text in reading order (pdftotext -raw keeps a wrapped table cell together)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext (poppler-utils) is needed; scripts/system-packages.sh installs it"
    out = subprocess.run([exe, "-raw", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("report", list(REPORTS))
def test_a_report_pdf_speaks_one_language(con, tmp_path, report, lang):
    text = report_pdf_text(REPORTS[report](con, "pdf", lang), tmp_path)
    bad = offences([text], lang, proper_names(con))
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("report", list(REPORTS))
def test_a_report_workbook_speaks_one_language(con, report, lang):
    bad = offences(workbook_texts(REPORTS[report](con, "xlsx", lang)), lang, proper_names(con))
    assert not bad, "\n".join(bad)
