"""A feed .xlsx with merged cells or formula cells is refused naming row, column and reason, even
with quarantine, and the database is unchanged (issue 10, item 9)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from gdmetrics.cli import main
from gdmetrics.feeds import FeedRejected, import_feed
from tests.feeds.conftest import snapshot

HEADER = ["Directie", "Maand", "FTE", "Personeelskosten", "Materieel budget", "Materieel realisatie"]
ROWS = [
    ["ICT", "2006-01", 41.5, 302950, 120000, 118734.12],
    ["ICT", "2006-02", 41, 299300, 120000, 121000.5],
    ["FAZ", "2006-01", 20, 146000, 50000, 49000],
]


def _book(tmp_path: Path, name: str, change) -> Path:
    book = Workbook()
    sheet = book.active
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    change(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


def _merged(sheet) -> None:
    sheet.merge_cells("A2:A3")  # 'ICT' once for two months, as a spreadsheet user would


def _formula(sheet) -> None:
    sheet["F4"] = "=E4-1000"  # openpyxl stores the formula without a computed value


CASES = {
    "merged": (_merged, 2, "Directie", "cells A2:A3 are merged"),
    "formula": (_formula, 4, "Materieel realisatie", "cell F4 holds a formula (=E4-1000)"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("quarantine", [False, True])
def test_merged_or_formula_cells_are_refused_naming_the_cell(org, tmp_path: Path, case, quarantine) -> None:
    change, line, column, reason = CASES[case]
    path = _book(tmp_path, f"kosten-{case}.xlsx", change)
    before = snapshot(org)
    with pytest.raises(FeedRejected) as refused:
        import_feed(org, path, "costs", actor="test", quarantine=quarantine)
    (problem,) = refused.value.problems
    assert (problem.line, problem.column) == (line, column)
    assert reason in problem.reason, problem.reason
    assert problem.text().startswith(f"line {line}, column '{column}': ")
    assert snapshot(org) == before


def test_the_same_sheet_without_them_loads(org, tmp_path: Path) -> None:
    result = import_feed(org, _book(tmp_path, "kosten.xlsx", lambda sheet: None), "costs", actor="test")
    assert (result.inserted, result.rejected) == (3, 0)


def test_cli_names_the_cell_and_publishes_nothing(org, tmp_path: Path, capsys) -> None:
    db = tmp_path / "tiny.duckdb"
    org.close()  # the CLI opens the file itself
    path = _book(tmp_path, "kosten.xlsx", _formula)
    assert main(["import-feed", "--db", str(db), "--feed", "costs", str(path)]) == 2
    err = capsys.readouterr().err
    assert "line 4, column 'Materieel realisatie': cell F4 holds a formula" in err, err
