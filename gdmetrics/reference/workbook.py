"""Reading and writing the reference-data workbook (.xlsx): the file checks, cells to rows, rows to cells.

Reading refuses what would load something other than what the user sees: an old .xls, a sheet
missing or hidden, a renamed or doubled column, merged cells, formula cells, and a sheet larger
than `Settings.reference_max_rows` (checked from the sheet's dimension before its rows are read).
Every refusal is a `Problem` naming sheet, row, column and reason.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gdmetrics.reference.problems import Problem, WorkbookRejected
from gdmetrics.reference.spec import (
    EXPLANATION_SHEET,
    GENERAL_RULES,
    REMOVE,
    REMOVE_HELP,
    SHEETS,
    Sheet,
)
from gdmetrics.text import N_

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and other OLE files)


@dataclass
class SheetRows:
    """The data rows of one sheet: (Excel row number, {header: cell value})."""

    sheet: Sheet
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)


def _cell_value(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _refuse(message: str, **values: object) -> WorkbookRejected:
    return WorkbookRejected([Problem(None, None, None, message, values)])


def _check_size(data: bytes, max_rows: int, max_unpacked_bytes: int) -> None:
    """Refuse a workbook too large to read whole, before reading it: the sizes its zip declares,
    then each sheet's rows, streamed and counted only up to the limit (a sheet's recorded
    dimension may be missing or wrong)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > max_unpacked_bytes:
        raise _refuse(
            N_(
                "de werkmap is uitgepakt {size} MB; hoogstens {limit} MB (instelling GD_IMPORT_MAX_XLSX_UNPACKED_MB)"
            ),
            size=unpacked // 2**20,
            limit=max_unpacked_bytes // 2**20,
        )
    lazy = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    problems = []
    for ws in lazy.worksheets:
        if ws.title == EXPLANATION_SHEET:
            continue  # ours, ignored on import
        declared = ws.max_row
        if declared is not None and declared - 1 > max_rows:
            message, rows = (
                N_("{rows} rijen; hoogstens {limit} per tabblad (instelling GD_REFERENCE_MAX_ROWS)"),
                declared - 1,
            )
        else:  # counted, streaming, to one past the limit; iteration would stop at the dimension
            ws.reset_dimensions()
            rows = sum(1 for _ in zip(range(max_rows + 2), ws.iter_rows(values_only=True), strict=False)) - 1
            message = N_(
                "meer dan {limit} rijen; hoogstens {limit} per tabblad (instelling GD_REFERENCE_MAX_ROWS)"
            )
        if rows > max_rows:
            problems.append(Problem(ws.title, None, None, message, {"rows": rows, "limit": max_rows}))
    lazy.close()
    if problems:
        raise WorkbookRejected(problems)


def read_workbook(
    data: bytes, *, max_rows: int, max_bytes: int, max_unpacked_bytes: int = 2**31
) -> dict[str, SheetRows]:
    """The data rows of every sheet of the reference workbook in `data`, keyed by sheet name.

    Raises WorkbookRejected with every problem found in the file's shape (cells are checked
    later, by each sheet's row model)."""
    if not data:
        raise _refuse(N_("het bestand is leeg"))
    if len(data) > max_bytes:
        raise _refuse(N_("het bestand is groter dan {limit} MB"), limit=max_bytes // 2**20)
    if data.startswith(OLE_MAGIC):
        raise _refuse(
            N_(
                "dit is een oud Excel-bestand (.xls); open het in Excel en sla het op als .xlsx (Excel-werkmap)"
            )
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse(N_("geen .xlsx-werkmap"))
    try:
        _check_size(data, max_rows, max_unpacked_bytes)
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except WorkbookRejected:
        raise
    except Exception as exc:  # a damaged zip or XML: openpyxl raises many kinds
        raise _refuse(N_("de werkmap kan niet worden gelezen: {error}"), error=str(exc)) from None

    problems: list[Problem] = []
    names = book.sheetnames
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            problems.append(
                Problem(
                    ws.title,
                    None,
                    None,
                    N_(
                        "dit tabblad is verborgen; maak het zichtbaar (of verwijder het), zodat u ziet wat er geladen wordt"
                    ),
                )
            )
    ours = [s for s in SHEETS if s.name in names]
    if not ours:
        problems.append(
            Problem(
                None,
                None,
                None,
                N_(
                    "de werkmap bevat geen van de tabbladen met referentiegegevens; begin met het sjabloon "
                    "(python -m gdmetrics template, of de pagina Gegevens)"
                ),
            )
        )
        raise WorkbookRejected(problems)
    for sheet in SHEETS:
        if sheet.name not in names:
            problems.append(
                Problem(
                    sheet.name,
                    None,
                    None,
                    N_("tabblad ontbreekt; elk tabblad van het sjabloon moet er zijn (het mag leeg zijn)"),
                )
            )
    result: dict[str, SheetRows] = {}
    for sheet in ours:
        ws = book[sheet.name]
        for merged in ws.merged_cells.ranges:
            problems.append(
                Problem(
                    sheet.name,
                    merged.min_row,
                    None,
                    N_("samengevoegde cellen {cells}; maak dat ongedaan"),
                    {"cells": merged.coord},
                )
            )
        grid = list(ws.iter_rows())
        header = [_cell_value(c.value) for c in grid[0]] if grid else []
        while header and header[-1] is None:
            header.pop()
        known = set(sheet.headers)
        seen: set[str] = set()
        for i, name in enumerate(header):
            letter = get_column_letter(i + 1)
            if name is None:
                problems.append(Problem(sheet.name, 1, letter, N_("kolom zonder kop")))
            elif str(name) in seen:
                problems.append(Problem(sheet.name, 1, str(name), N_("kolom komt twee keer voor")))
            elif str(name) not in known:
                problems.append(
                    Problem(
                        sheet.name,
                        1,
                        str(name),
                        N_("onbekende kolom; de kolommen van dit tabblad zijn: {columns}"),
                        {"columns": ", ".join(sheet.headers)},
                    )
                )
            seen.add(str(name))
        for column in sheet.columns:
            if column.header not in seen and not column.info_only:
                problems.append(
                    Problem(sheet.name, 1, column.header, N_("kolom ontbreekt (hernoemd of verwijderd?)"))
                )
        rows = SheetRows(sheet)
        for cells in grid[1:]:
            values: dict[str, object] = {}
            for i, cell in enumerate(cells):
                if cell.data_type == "f":  # a formula's value is not in the file openpyxl writes
                    problems.append(
                        Problem(
                            sheet.name,
                            cell.row,
                            header[i] if i < len(header) else cell.coordinate,
                            N_("formule in {cell}; plak de waarde"),
                            {"cell": cell.coordinate},
                        )
                    )
                    continue
                value = _cell_value(cell.value)
                if value is None:
                    continue
                if i >= len(header) or header[i] is None:
                    problems.append(
                        Problem(
                            sheet.name, cell.row, cell.coordinate, N_("een waarde in een kolom zonder kop")
                        )
                    )
                    continue
                values[str(header[i])] = value
            if values:
                rows.rows.append((cells[0].row, values))
        result[sheet.name] = rows
    if problems:
        raise WorkbookRejected(problems)
    return result


# --- writing -----------------------------------------------------------------------------------

_HEADER = Font(bold=True)


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return value


def _put(ws, row: int, col: int, value: object) -> None:
    cell = ws.cell(row=row, column=col, value=_plain(value))
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    if isinstance(value, dt.date):
        cell.number_format = "dd-mm-yyyy"


def write_workbook(data: dict[str, list[dict[str, object]]]) -> bytes:
    """The workbook: Toelichting first, then every sheet with its header and the rows in `data`
    (by sheet name: {field: value}); sheets without rows get only their header (the template)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = EXPLANATION_SHEET
    for col, title in enumerate(("Tabblad", "Kolom", "Verplicht", "Uitleg", "Voorbeeld"), start=1):
        _put(ws, 1, col, title)
        ws.cell(row=1, column=col).font = _HEADER
    row = 2
    for rule in GENERAL_RULES:
        _put(ws, row, 1, "(alle)")
        _put(ws, row, 4, rule)
        row += 1
    for sheet in SHEETS:
        _put(ws, row, 1, sheet.name)
        _put(ws, row, 4, sheet.purpose)
        row += 1
        for column in sheet.columns:
            required = "alleen ter informatie" if column.info_only else ("ja" if column.required else "nee")
            for col, value in enumerate(
                (sheet.name, column.header, required, column.explanation, column.example), 1
            ):
                _put(ws, row, col, value)
            row += 1
        if sheet.removable:
            for col, value in enumerate((sheet.name, REMOVE, "nee", REMOVE_HELP, "ja"), 1):
                _put(ws, row, col, value)
            row += 1
    for letter, width in zip("ABCDE", (18, 24, 12, 90, 28), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"

    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        for col, header in enumerate(sheet.headers, start=1):
            _put(ws, 1, col, header)
            ws.cell(row=1, column=col).font = _HEADER
            ws.column_dimensions[get_column_letter(col)].width = max(12, len(header) + 4)
        ws.freeze_panes = "A2"
        for r, values in enumerate(data.get(sheet.name, []), start=2):
            for col, column in enumerate(sheet.columns, start=1):
                value = values.get(column.field)
                if value is not None:
                    _put(ws, r, col, value)
    book.properties.creator = "GD Dashboard"
    fixed = dt.datetime(2000, 1, 1)
    book.properties.created = book.properties.modified = fixed  # the same data gives the same file
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_values(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values, row by row (for comparing two workbooks in tests and tools)."""
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def problems_table(problems: list[Problem], lang: str = "nl") -> pd.DataFrame:
    """The problems as a table (sheet, row, column, reason in `lang`), for the page and downloads."""
    return pd.DataFrame(
        [(p.sheet or "", p.row, p.column or "", p.reason_in(lang)) for p in problems],
        columns=["sheet", "row", "column", "reason"],
    ).astype({"row": "Int64"})
