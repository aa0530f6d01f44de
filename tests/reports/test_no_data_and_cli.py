"""A period without data says so on the cover; bad input is a one-line error; the CLI writes files."""

from __future__ import annotations

import pytest

from gdmetrics.cli import main
from gdmetrics.db import connect, prepare
from gdmetrics.reports import build_client_brief, build_mantel_report, mantel_report_content
from gdmetrics.settings import get_settings
from tests.reports.reading import load_workbook, pdf_text


def test_period_without_data_says_so_on_the_cover(con, tmp_path):
    text = pdf_text(build_mantel_report(con, "2010", "pdf"), tmp_path)
    assert "Geen gegevens voor deze periode" in text
    book = load_workbook(build_mantel_report(con, "2010-Q1", "xlsx"))
    assert book.sheetnames == ["Voorblad"]
    assert any(r[0].value == "Geen gegevens voor deze periode" for r in book["Voorblad"].iter_rows())
    brief = pdf_text(build_client_brief(con, "SG-DBO", "2010-05", "pdf", lang="en"), tmp_path)
    assert "No data for this period" in brief


def test_empty_database(tmp_path):
    con = connect(tmp_path / "empty.duckdb")
    prepare(con, get_settings())
    assert "Geen gegevens voor deze periode" in pdf_text(build_mantel_report(con, "2006", "pdf"), tmp_path)
    con.close()


def approx(v: object) -> object:
    return pytest.approx(v, rel=1e-9) if isinstance(v, float) else v


def test_period_spellings_give_the_same_report(con):
    a = mantel_report_content(con, "2006Q4")
    b = mantel_report_content(con, "2006-q4", now=a.generated_at)
    rows_a = [r for s in a.sections for t in s.tables for r in t.rows]
    rows_b = [r for s in b.sections for t in s.tables for r in t.rows]
    assert len(rows_a) == len(rows_b)
    for x, y in zip(rows_a, rows_b, strict=True):
        # DuckDB sums in parallel, so an average may differ in its last bits between two runs
        assert [approx(v) for v in x] == y


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda con: build_mantel_report(con, "2006Q5", "pdf"), "not a period"),
        (lambda con: build_mantel_report(con, "2006", "docx"), "format"),
        (lambda con: build_client_brief(con, "NOPE", "2006", "pdf"), "unknown client"),
    ],
)
def test_bad_input_is_a_value_error(con, call, message):
    with pytest.raises(ValueError, match=message):
        call(con)


def test_cli_writes_both_reports(demo_db_path, tmp_path, capsys):
    out = tmp_path / "mantel.xlsx"
    assert (
        main(
            [
                "report",
                "mantel",
                "--db",
                str(demo_db_path),
                "--period",
                "2006Q4",
                "--format",
                "xlsx",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert out.read_bytes()[:2] == b"PK"
    brief = tmp_path / "brief.pdf"
    assert (
        main(
            ["report", "client", "SG-DBO", "--db", str(demo_db_path), "--period", "2006", "--out", str(brief)]
        )
        == 0
    )
    assert brief.read_bytes()[:5] == b"%PDF-"
    assert "written" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["report", "mantel", "--period", "2006Q5", "--out", "x.pdf"],
        ["report", "client", "NOPE", "--period", "2006", "--out", "x.pdf"],
        ["report", "mantel", "--period", "2006", "--out", "x.docx"],
    ],
)
def test_cli_errors_are_one_line(demo_db_path, tmp_path, capsys, args):
    args = [*args[:-1], str(tmp_path / args[-1]), "--db", str(demo_db_path)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
