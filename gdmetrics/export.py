"""Safe downloads: data frames to CSV or Excel bytes, with spreadsheet formula injection neutralised.

A text cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage return, which some
spreadsheet programs skip before reading a formula) would run as a formula when the file is
opened in Excel; such cells get a leading apostrophe, the OWASP advice. Numbers stay numbers:
only text is touched, so a negative amount is still a negative number.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """`value` with a leading apostrophe when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells and column names cannot start a formula."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def to_csv_bytes(df: pd.DataFrame, *, sep: str = ";", decimal: str = ",") -> bytes:
    """CSV as Dutch Excel opens it by double-click: `;`-separated, decimal comma, UTF-8 with BOM."""
    return safe_frame(df).to_csv(index=False, sep=sep, decimal=decimal).encode("utf-8-sig")


def to_excel_bytes(df: pd.DataFrame, sheet_name: str = "Gegevens") -> bytes:
    """An .xlsx workbook with `df` on one sheet; text is never read as a formula or a link."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        name = "".join(" " if ch in "[]:*?/\\" else ch for ch in sheet_name)[:31].strip() or "Gegevens"
        safe_frame(df).to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()
