"""The streaming .xlsx reader gives the cells openpyxl gives, for workbooks from several writers."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest
import xlsxwriter

from gdmetrics.importing.reading import FileRejected, Limits
from gdmetrics.importing.xlsx import xlsx_to_csv

LIMITS = Limits(rows=1000, columns=50, cell_chars=1000, xlsx_unpacked_bytes=2**24)
ROWS = [
    ["id", "moment", "dag", "getal", "ja", "tekst"],
    ["A1", dt.datetime(2024, 2, 1, 9, 30), dt.date(2024, 2, 1), 3, True, 'Renée & <Zoë> "x"'],
    ["A2", dt.datetime(2005, 1, 3, 23, 59, 59), None, 12.5, False, "regel één\nregel twee"],
    [None, None, None, None, None, None],
    ["A4", dt.datetime(1999, 12, 31), dt.date(2030, 7, 4), -7, None, "  spaties  "],
    ["A5", None, None, 1234567890123, True, '=HYPERLINK("x")'],
]


def _expected(path) -> list[list[str]]:
    """The cells as the earlier reader (openpyxl, read-only) turned them into text."""

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.isoformat(sep=" ")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [[text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows


def _ours(path, tmp_path) -> list[list[str]]:
    out, width = xlsx_to_csv(path, tmp_path / "out.csv", LIMITS)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.reader(fh)]
    return [row[1:] + [""] * (width - len(row)) for row in rows], [int(row[0]) for row in rows]


def _openpyxl(path) -> None:
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    book.active["F6"].data_type = "s"  # text, not a formula
    book.save(path)


def _xlsxwriter(path, rich: bool = False) -> None:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    moment, day = (
        book.add_format({"num_format": "dd-mm-yyyy hh:mm:ss"}),
        book.add_format({"num_format": "d/m/yy"}),
    )
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, moment)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), day)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write(r, c, value)
    if rich:
        sheet.write_rich_string(6, 0, "A6 ", book.add_format({"bold": True}), "vet")
    book.close()


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter", "xlsxwriter-rich"])
def test_cells_match_openpyxl(tmp_path, writer):
    path = tmp_path / "book.xlsx"
    if writer == "openpyxl":
        _openpyxl(path)
    else:
        _xlsxwriter(path, rich=writer.endswith("rich"))
    rows, lines = _ours(path, tmp_path)
    expected = _expected(path)
    assert [r for r in rows if any(r)] == [r for r in expected if any(r)]
    assert lines[0] == 1 and lines[-1] == (7 if writer.endswith("rich") else 6)


def test_a_sheet_wider_than_the_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "breed.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet().write_row(0, 0, [f"k{i}" for i in range(60)])
    book.close()
    with pytest.raises(FileRejected) as caught:
        xlsx_to_csv(path, tmp_path / "out.csv", LIMITS)
    said = caught.value.problems[0].text("nl")  # as a Dutch page shows it
    assert "60 kolommen; de grens is 50 (instelling GD_IMPORT_MAX_COLUMNS)" in said


def test_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(FileRejected, match="cannot read this .xlsx file"):
        xlsx_to_csv(path, tmp_path / "out.csv", LIMITS)


def test_the_general_expressions_read_the_same(tmp_path, monkeypatch):
    """Cells the fast expression does not take (rich text, prefixed tags) go the general way."""
    from gdmetrics.importing import xlsx

    path = tmp_path / "book.xlsx"
    _openpyxl(path)
    fast, _ = _ours(path, tmp_path)
    monkeypatch.setattr(xlsx, "_fast_cells", lambda body: None)
    general, _ = _ours(path, tmp_path)
    assert general == fast
