"""Reading reports back for the tests: the tables of a workbook sheet, chart parts, PDF text."""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
import zipfile
from pathlib import Path

import openpyxl

HEADER_FILL = "FFEEF2F6"  # the header format of gdmetrics/reports/xlsx.py


def sheet_tables(ws) -> list[dict]:
    """Every table of a report sheet: {'title', 'header': [...], 'rows': [dict per row]}.

    A table starts at a row of header cells (the report's header fill) and runs to the first
    empty row; its title is the cell just above the header, if any."""
    rows = list(ws.iter_rows())
    tables = []
    i = 0
    while i < len(rows):
        cells = rows[i]
        if cells and cells[0].fill is not None and cells[0].fill.fgColor.rgb == HEADER_FILL:
            header = [c.value for c in cells if c.value is not None]
            title = ws.cell(row=cells[0].row - 1, column=1).value if cells[0].row > 1 else None
            body = []
            j = i + 1
            while j < len(rows) and any(c.value is not None for c in rows[j][: len(header)]):
                body.append({h: rows[j][k] for k, h in enumerate(header)})
                j += 1
            tables.append({"title": title, "header": header, "rows": body})
            i = j
        else:
            i += 1
    return tables


def load_workbook(data: bytes) -> openpyxl.Workbook:
    """The workbook as openpyxl reads it. openpyxl drops the sparklines it cannot model and warns
    so; the sparklines are checked in the file's XML instead (`sheet_xml`)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Sparkline Group extension", category=UserWarning)
        return openpyxl.load_workbook(io.BytesIO(data))


def chart_parts(data: bytes) -> list[str]:
    """The native charts of a workbook: one `xl/charts/chartN.xml` part each."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [n for n in z.namelist() if n.startswith("xl/charts/chart")]


def sheet_xml(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [z.read(n).decode() for n in sorted(z.namelist()) if n.startswith("xl/worksheets/sheet")]


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text as poppler's pdftotext reads it (scripts/system-packages.sh installs it)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext (poppler-utils) is needed; scripts/system-packages.sh installs it"
    return subprocess.run([exe, "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_info(data: bytes, tmp_path: Path) -> dict[str, str]:
    """poppler's pdfinfo as a dict ('Pages', 'Page size', ...)."""
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}
