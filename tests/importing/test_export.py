"""Safe downloads: formula text is neutralised in CSV and Excel; numbers stay numbers."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from gdmetrics.export import to_csv_bytes, to_excel_bytes

FRAME = pd.DataFrame(
    {
        "omschrijving": ["=1+1", "+31 70 123", "-rm", "@SUM(A1)", "gewoon", None],
        "bedrag": [-5.5, 1.0, 2.0, 3.0, 4.0, 5.0],
    }
)


def test_csv_neutralises_formulas_and_keeps_numbers():
    text = to_csv_bytes(FRAME).decode("utf-8-sig").splitlines()
    assert text == [
        "omschrijving;bedrag",
        "'=1+1;-5,5",
        "'+31 70 123;1,0",
        "'-rm;2,0",
        "'@SUM(A1);3,0",
        "gewoon;4,0",
        ";5,0",
    ]


def test_excel_holds_text_not_formulas():
    book = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(FRAME, "Tickets: jan/feb")))
    sheet = book.active
    assert sheet.title == "Tickets  jan feb"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1] == ["'=1+1", -5.5]
    assert values[4] == ["'@SUM(A1)", 3]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
