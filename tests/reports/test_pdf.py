"""The PDFs: A4, page numbers, Dutch (or English) text with the headline figures in it."""

from __future__ import annotations

import datetime as dt

import pytest

from gdmetrics import formatting
from gdmetrics.figures import FigureRequest, compute
from gdmetrics.reports import build_client_brief, build_mantel_report
from tests.reports.reading import pdf_info, pdf_text

Q4 = FigureRequest(date_from=dt.date(2006, 10, 1), date_to=dt.date(2006, 12, 31))


@pytest.fixture(scope="module")
def mantel_pdf(con) -> bytes:
    return build_mantel_report(con, "2006-Q4", "pdf")


def test_mantel_pdf_is_a4_with_page_numbers(mantel_pdf, tmp_path):
    info = pdf_info(mantel_pdf, tmp_path)
    assert "(A4)" in info["Page size"]
    pages = int(info["Pages"])
    assert 5 <= pages <= 10
    assert f"Pagina {pages} van {pages}" in pdf_text(mantel_pdf, tmp_path)


def test_mantel_pdf_shows_the_headline_figures(con, mantel_pdf, tmp_path):
    text = " ".join(pdf_text(mantel_pdf, tmp_path).split())
    assert "Mantelrapportage" in text and "4e kwartaal 2006" in text
    perf = compute(con, "mantel_performance", Q4).frame
    standards = perf[perf["subject_kind"] == "mantel_standard"]
    met = int(standards["met"].sum())
    assert f"haalde de GD {met} van de {len(standards)} mantelnormen" in text
    resolution = compute(con, "resolution_within_norm", Q4).value
    assert formatting.percent(resolution, "nl") in text
    tickets = compute(con, "ticket_volume", Q4).value
    assert formatting.number(tickets, "nl") in text
    eff = compute(con, "efficiency_index", Q4).value
    assert f"efficiency-index (basisjaar 2004 = 100) op {formatting.number(eff, 'nl', 1)}" in text
    for name in standards["name"]:
        assert name.split()[0] in text
    assert "Serviceniveau per directie" in text and "Klachten en SIA-escalaties" in text
    assert "Waar ging het mis" in text


def test_mantel_pdf_in_english(con, tmp_path):
    text = " ".join(pdf_text(build_mantel_report(con, "2006", "pdf", lang="en"), tmp_path).split())
    assert "Framework agreement report" in text and "Page 1 of" in text
    assert "Where it went wrong" in text


def test_client_brief_pdf_is_one_or_two_pages(con, tmp_path):
    data = build_client_brief(con, "SG-DBO", "2006", "pdf")
    assert 1 <= int(pdf_info(data, tmp_path)["Pages"]) <= 2
    text = " ".join(pdf_text(data, tmp_path).split())
    req = Q4.with_(date_from=dt.date(2006, 1, 1), where=(("client", ("SG-DBO",)),))
    assert "Klantbrief: Directie Bestuursondersteuning" in text
    assert formatting.number(compute(con, "ticket_volume", req).value, "nl") in text
    assert formatting.percent(compute(con, "service_level_vs_target", req).value, "nl") in text
    assert formatting.euro(compute(con, "charges", req).value, "nl") in text
    assert "Gesprekspunten" in text and "DVA-regels" in text and "Offertes" in text
