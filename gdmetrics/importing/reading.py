"""Reading an export file into a table of text cells: encoding, separator, blank rows and columns.

Everything is read as text; typing (dates, numbers, value maps) is the profile's job. Each data
row keeps the line number the user sees in a text editor (or the row number in Excel), so every
problem can point at it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

import pandas as pd

# The csv module's own limit; a cell this long is nearly always an unbalanced quote.
MAX_CELL_CHARS = 131_072
SEPARATORS = (",", ";", "\t")
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


class FileRejected(Exception):
    """The file as a whole cannot be imported; `problems` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.text() for p in problems[:5]))


@dataclass(frozen=True)
class Problem:
    """One reason a row (or the file, when `line` is None) cannot be loaded."""

    line: int | None
    field: str | None
    reason: str
    column: str | None = None

    def text(self) -> str:
        where = [f"line {self.line}"] if self.line is not None else []
        if self.column and self.field and self.column != self.field:
            where.append(f"column '{self.column}' ({self.field})")
        elif self.column or self.field:
            where.append(f"column '{self.column or self.field}'")
        return (", ".join(where) + ": " if where else "") + self.reason


@dataclass
class SourceTable:
    """The file's cells as text (None for empty), with each row's line number."""

    file_name: str
    content_hash: str
    frame: pd.DataFrame
    lines: list[int]
    encoding: str
    separator: str | None
    blank_rows: int = 0
    dropped_columns: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return list(self.frame.columns)

    def __len__(self) -> int:
        return len(self.frame)


def content_hash(data: bytes) -> str:
    """SHA-256 of the file's bytes: the same file imported twice is recognised by it."""
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` and the encoding used: UTF-8 (with or without BOM), UTF-16 with BOM, cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so nothing is lost.
        return data.decode("latin-1"), "latin-1"


def sniff_separator(text: str) -> str:
    """The separator of the first non-blank line: whichever of `,` `;` tab occurs most outside quotes."""
    for line in text.splitlines():
        if line.strip().strip(",;\t"):
            break
    else:
        return ","
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ","


def read_file(data: bytes, file_name: str) -> SourceTable:
    """Read CSV (any of the three separators) or .xlsx bytes into a SourceTable; raise FileRejected."""
    digest = content_hash(data)
    if not data.strip():
        raise FileRejected([Problem(None, None, "the file is empty")])
    lower = file_name.lower()
    if data.startswith(b"PK\x03\x04"):
        rows, lines, encoding, sep = _xlsx_rows(data), None, "xlsx", None
    elif lower.endswith((".xls", ".xlsb", ".ods")) or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(
            [Problem(None, None, "this is an old Excel (.xls) or other spreadsheet; save it as .xlsx or CSV")]
        )
    else:
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise FileRejected([Problem(None, None, "this is not a text (CSV) file: it contains NUL bytes")])
        text, encoding = decode(data)
        if not text.strip(" \t\r\n,;\ufeff"):
            raise FileRejected([Problem(None, None, "the file has no header and no data (only blank lines)")])
        sep = sniff_separator(text)
        rows, lines = _csv_rows(text, sep), None
    if lines is None:
        lines = [n for n, _ in rows]
        rows = [r for _, r in rows]
    return _tabulate(file_name, digest, rows, lines, encoding, sep)


def _csv_rows(text: str, sep: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    out: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            out.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        reason = str(exc)
        if "field larger than field limit" in reason:
            reason = (
                f"a cell is longer than {MAX_CELL_CHARS:,} characters; "
                'is a quote (") opened and never closed?'
            )
        raise FileRejected([Problem(start, None, reason)]) from None
    return out


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRejected([Problem(None, None, f"cannot read this .xlsx file: {exc}")]) from None
    try:
        sheet = next((ws for ws in book.worksheets if ws.max_row and ws.max_row > 0), book.worksheets[0])
        out = [
            (n, [_cell_text(v) for v in values])
            for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()
    return out


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _tabulate(
    file_name: str, digest: str, rows: list[list[str]], lines: list[int], encoding: str, sep: str | None
) -> SourceTable:
    cleaned = [[c.strip() for c in r] for r in rows]
    keep = [i for i, r in enumerate(cleaned) if any(r)]
    blank = len(cleaned) - len(keep)
    if not keep:
        raise FileRejected([Problem(None, None, "the file has no header and no data (only blank lines)")])
    head_i, body_i = keep[0], keep[1:]
    header = [h.lstrip("\ufeff").strip() for h in cleaned[head_i]]
    width = max([len(header)] + [len(cleaned[i]) for i in body_i])
    header += [""] * (width - len(header))
    body = [cleaned[i] + [""] * (width - len(cleaned[i])) for i in body_i]
    body_lines = [lines[i] for i in body_i]

    used = [bool(header[c]) or any(r[c] for r in body) for c in range(width)]
    problems: list[Problem] = []
    for c in range(width):
        if used[c] and not header[c]:
            first = next(body_lines[k] for k, r in enumerate(body) if r[c])
            problems.append(
                Problem(first, None, f"cell {c + 1} has a value but its column has no name in the header")
            )
    seen: dict[str, int] = {}
    for c, h in enumerate(header):
        if h and h in seen:
            problems.append(Problem(lines[head_i], None, f"column '{h}' appears twice in the header"))
        seen.setdefault(h, c)
    if problems:
        raise FileRejected(problems)
    cols = [c for c in range(width) if used[c]]
    if not body:
        raise FileRejected([Problem(None, None, "the file has a header but no data rows")])
    frame = pd.DataFrame(
        [[r[c] or None for c in cols] for r in body], columns=[header[c] for c in cols], dtype=object
    )
    return SourceTable(
        file_name=file_name,
        content_hash=digest,
        frame=frame,
        lines=body_lines,
        encoding=encoding,
        separator=sep,
        blank_rows=blank,
        dropped_columns=width - len(cols),
    )
