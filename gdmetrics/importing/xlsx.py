"""Streaming the first sheet of an .xlsx to a CSV that `reading` hands to DuckDB's `read_csv`.

The zip's own directory says how large the workbook unpacks; that is checked against the limit
before any cell is read, and so are the sheet's dimensions (rows, columns) when it states them.
openpyxl reads the sheet in read-only mode (row by row, not the whole sheet in memory); each row
is written at once with its Excel row number as the first column, so line numbers stay the
row numbers a user sees in Excel. Dates become ISO text, whole numbers lose their `.0`.
The DuckDB excel extension would read .xlsx itself, but is not installable here (no extension
downloads); python-calamine reads a whole sheet into memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

from gdmetrics.importing.reading import Limits, _nl, reject


def xlsx_to_csv(path: Path, out: Path, limits: Limits, first_rows: int | None = None) -> tuple[Path, int]:
    """Write the first non-empty sheet of the workbook at `path` to `out` (UTF-8, comma, `"`
    quotes; column 1 the Excel row number); return `out` and the width (columns, number included).

    Raises FileRejected for a damaged workbook or one over a limit.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise reject(f"cannot read this .xlsx file: {exc}") from None
    if unpacked > limits.xlsx_unpacked_bytes:
        raise reject(
            f"uitgepakt is dit .xlsx-bestand {unpacked / 2**20:,.0f} MB; de grens is "
            f"{limits.xlsx_unpacked_bytes / 2**20:,.0f} MB (instelling GD_IMPORT_MAX_XLSX_UNPACKED_MB)"
        )
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise reject(f"cannot read this .xlsx file: {exc}") from None
    try:
        sheet = next((ws for ws in book.worksheets if ws.max_row and ws.max_row > 0), book.worksheets[0])
        if sheet.max_column and sheet.max_column > limits.columns:
            raise _too_many_columns(sheet.max_column, limits)
        if sheet.max_row and sheet.max_row > limits.rows + 1 and first_rows is None:
            raise _too_many_rows(limits)
        stop = (first_rows if first_rows is not None else limits.rows) + 1
        width = 1
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            for n, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if n > stop + 1:
                    if first_rows is None:
                        raise _too_many_rows(limits)
                    break
                if len(values) >= width:
                    if len(values) > limits.columns:
                        raise _too_many_columns(len(values), limits)
                    width = len(values) + 1
                writer.writerow((n, *map(_cell_text, values)))
    finally:
        book.close()
    return out, width


def _too_many_rows(limits: Limits):
    return reject(
        f"het bestand heeft meer dan {_nl(limits.rows)} rijen; de grens is {_nl(limits.rows)} "
        "(instelling GD_IMPORT_MAX_ROWS)"
    )


def _too_many_columns(columns: int, limits: Limits):
    return reject(
        f"het werkblad heeft {_nl(columns)} kolommen; de grens is {_nl(limits.columns)} "
        "(instelling GD_IMPORT_MAX_COLUMNS)"
    )


def _cell_text(value: object) -> str:
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
