"""Streaming the first sheet of an .xlsx to a CSV that `reading` hands to DuckDB's `read_csv`.

The zip's own directory says how large the workbook unpacks; that is checked against the limit
before any cell is read, and so are the sheet's dimensions (rows, columns) when it states them.
The sheet's XML is then decompressed in chunks and its cells picked out with regular expressions
(a worksheet is a flat list of `<row>`s of `<c>`s), each row written at once with its Excel row
number as the first column, so line numbers stay the row numbers a user sees in Excel. Memory
holds one chunk and the shared strings (bounded by the unpacked-size limit).

Why not a library: openpyxl's read-only mode streams too but reads about 1,000 rows/s on this
machine (100k rows: 95 s); the DuckDB excel extension is not installable here (no extension
downloads); python-calamine reads a whole sheet into memory. openpyxl still decides which
number formats are dates and converts Excel's serial days (its own rules, 1900 and 1904 systems).

Cell text as before: dates ISO (`2024-02-01 09:00:00`), whole numbers without `.0`, booleans
`true`/`false`, errors (`#N/A`) as written, shared and inline strings as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import html
import posixpath
import re
import zipfile
import zlib
from pathlib import Path

from gdmetrics.importing.reading import FileRejected, Limits, Problem, reject, too_many_rows
from gdmetrics.text import N_

CHUNK = 1 << 22
NS = r"(?:\w+:)?"  # some writers prefix the tags (<x:row>)
ROW_OR_CELL = re.compile(
    rf"<{NS}row\b([^>]*)>|<{NS}c\b([^>]*?)(?:/>|>(.*?)</{NS}c>)|</{NS}sheetData>",
    re.DOTALL,
)
ROW_NUMBER = re.compile(r'\br="(\d+)"')
ATTR_R = re.compile(r'\br="([A-Z]*)(\d*)"')
ATTR_T = re.compile(r'\bt="(\w+)"')
ATTR_S = re.compile(r'\bs="(\d+)"')
VALUE = re.compile(rf"<{NS}v>([^<]*)</{NS}v>")
TEXT = re.compile(rf"<{NS}t\b[^>]*?(?:/>|>(.*?)</{NS}t>)", re.DOTALL)
PHONETIC = re.compile(rf"<{NS}rPh\b.*?</{NS}rPh>", re.DOTALL)
ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
DIMENSION = re.compile(rf'<{NS}dimension\s+ref="[A-Z]*\d*:?([A-Z]*)(\d*)"')


def xlsx_to_csv(path: Path, out: Path, limits: Limits, first_rows: int | None = None) -> tuple[Path, int]:
    """Write the first non-empty sheet of the workbook at `path` to `out` (UTF-8, comma, `"`
    quotes; column 1 the Excel row number); return `out` and the width (columns, number included).

    Raises FileRejected for a damaged workbook or one over a limit.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise reject("dit .xlsx-bestand is niet te lezen: {detail}", detail=exc) from None
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > limits.xlsx_unpacked_bytes:
            raise reject(
                "uitgepakt is dit .xlsx-bestand {size} MB; de grens is {limit} MB "
                "(instelling GD_IMPORT_MAX_XLSX_UNPACKED_MB)",
                size=round(unpacked / 2**20),
                limit=round(limits.xlsx_unpacked_bytes / 2**20),
            )
        try:
            sheets, epoch = _sheets(archive)
            strings = _shared_strings(archive)
            dates = _date_styles(archive)
        except (KeyError, zipfile.BadZipFile, OSError, UnicodeDecodeError) as exc:
            raise reject("dit .xlsx-bestand is niet te lezen: {detail}", detail=exc) from None
        if not sheets:
            raise reject("dit .xlsx-bestand is niet te lezen: het heeft geen werkblad")
        for sheet in sheets:
            width = _sheet_to_csv(archive, sheet, out, strings, dates, epoch, limits, first_rows)
            if width > 1:
                break
    return out, width


# --- the workbook's parts ---------------------------------------------------------------------


def _read(archive: zipfile.ZipFile, name: str) -> str:
    return archive.read(name).decode("utf-8")


def _sheets(archive: zipfile.ZipFile) -> tuple[list[str], dt.datetime]:
    """The worksheets' paths in workbook order, and the date system's epoch."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    book = _read(archive, "xl/workbook.xml")
    rels = _read(archive, "xl/_rels/workbook.xml.rels")
    targets = {}
    for rel in re.finditer(rf"<{NS}Relationship\b([^>]*)/?>", rels):
        rid = re.search(r'\bId="([^"]+)"', rel.group(1))
        target = re.search(r'\bTarget="([^"]+)"', rel.group(1))
        if rid and target:
            path = target.group(1)
            path = (
                path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join("xl", path))
            )
            targets[rid.group(1)] = path
    order = [
        targets.get(m.group(1)) for m in re.finditer(rf'<{NS}sheet\b[^>]*?\br(?:\w*):id="([^"]+)"', book)
    ]
    sheets = [t for t in order if t and t in archive.namelist()]
    epoch = CALENDAR_MAC_1904 if re.search(r'date1904="(1|true)"', book) else CALENDAR_WINDOWS_1900
    return sheets, epoch


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    text = _read(archive, "xl/sharedStrings.xml")
    return [_text(item) for item in re.findall(rf"<{NS}si\b[^>]*>(.*?)</{NS}si>", text, re.DOTALL)]


def _text(inner: str) -> str:
    """The text of a string item (runs concatenated, phonetic hints left out), unescaped."""
    inner = PHONETIC.sub("", inner)
    raw = "".join(t or "" for t in TEXT.findall(inner))
    text = html.unescape(raw) if "&" in raw else raw
    return ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles whose number format is a date or time."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    if "xl/styles.xml" not in archive.namelist():
        return set()
    styles = _read(archive, "xl/styles.xml")
    custom = {
        int(m.group(1)): html.unescape(m.group(2))
        for m in re.finditer(rf'<{NS}numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"', styles)
    }
    xfs = re.search(rf"<{NS}cellXfs\b[^>]*>(.*?)</{NS}cellXfs>", styles, re.DOTALL)
    found = set()
    for index, xf in enumerate(re.findall(rf"<{NS}xf\b([^>]*)", xfs.group(1) if xfs else "")):
        fmt = re.search(r'numFmtId="(\d+)"', xf)
        code = custom.get(int(fmt.group(1))) or BUILTIN_FORMATS.get(int(fmt.group(1))) if fmt else None
        if code and is_date_format(code):
            found.add(index)
    return found


# --- the sheet --------------------------------------------------------------------------------


# The common shapes (Excel, LibreOffice, openpyxl, xlsxwriter write them): unprefixed tags, a
# value in <v> or a plain inline string. A chunk with any other cell (rich text, a prefix) is
# read by the general expressions above instead; the count of "<c" tags decides.
FAST = re.compile(
    r'<c(?: r="([A-Z]+)\d+")?(?: s="(\d+)")?(?: t="(\w+)")?((?: [\w:]+="[^"]*")*)\s*(?:/>|>'
    r"(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?"
    r"(?:<v>([^<]*)</v>|<is><t(?:\s[^>]*)?>([^<]*)</t></is>)?</c>)|(<row\b[^>]*>)|(</sheetData>)"
)
ROW_R = re.compile(r'\br="(\d+)"')


def _fast_cells(body: str) -> list[tuple] | None:
    """The rows and cells of `body` by FAST, or None when it needs the general expressions (a
    cell FAST does not match, or attributes in another order than r, s, t)."""
    found = FAST.findall(body)
    tags = body.count("<c ") + body.count("<c>") + body.count("<c/>")
    rows = body.count("<row") + body.count("</sheetData>")
    if len(found) - rows != tags or any(
        f[3] and (' s="' in f[3] or ' t="' in f[3] or ' r="' in f[3]) for f in found if f[3]
    ):
        return None
    return found


@functools.cache
def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_to_csv(
    archive: zipfile.ZipFile,
    name: str,
    out: Path,
    strings: list[str],
    dates: set[int],
    epoch: dt.datetime,
    limits: Limits,
    first_rows: int | None,
) -> int:
    """Stream one sheet to `out`; return the width (1 when the sheet has no cells)."""
    from openpyxl.utils.datetime import from_excel

    stop = (first_rows if first_rows is not None else limits.rows) + 1
    state = {"width": 1, "rows": 0, "row_no": 0}
    row: list[str] | None = None

    def flush() -> None:
        if row is None:
            return
        state["rows"] += 1
        if state["rows"] > stop:
            raise _Stop
        state["width"] = max(state["width"], len(row) + 1)
        writer.writerow((state["row_no"], *row))

    def parse(body: str) -> None:
        nonlocal row
        matches = _fast_cells(body)
        if matches is None:
            return parse_general(body)
        for ref, style, kind, _, value, text, row_attrs, end in matches:
            if end:
                flush()
                row = None
            elif row_attrs:
                flush()
                number = ROW_R.search(row_attrs)
                state["row_no"] = int(number.group(1)) if number else state["row_no"] + 1
                row = []
            elif row is not None:
                col = _column(ref) if ref else len(row)
                if col >= limits.columns:
                    raise _too_many_columns(col + 1, limits)
                if col >= len(row):
                    row.extend([""] * (col - len(row) + 1))
                if kind == "inlineStr":
                    row[col] = _unescape(text)
                elif value:
                    row[col] = _value(kind or "n", value, style or None, strings, dates, epoch, from_excel)
        return None

    def parse_general(body: str) -> None:
        nonlocal row
        for match in ROW_OR_CELL.finditer(body):
            row_attrs, cell_attrs, inner = match.groups()
            if row_attrs is not None:
                flush()
                number = ROW_NUMBER.search(row_attrs)
                state["row_no"] = int(number.group(1)) if number else state["row_no"] + 1
                row = []
            elif cell_attrs is None:  # </sheetData>
                flush()
                row = None
            elif row is not None:
                ref = ATTR_R.search(cell_attrs)
                col = _column(ref.group(1)) if ref and ref.group(1) else len(row)
                if col >= limits.columns:
                    raise _too_many_columns(col + 1, limits)
                if col >= len(row):
                    row.extend([""] * (col - len(row) + 1))
                row[col] = _cell(cell_attrs, inner, strings, dates, epoch, from_excel)

    with archive.open(name) as raw, out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        pending = b""
        try:
            for chunk in iter(lambda: raw.read(CHUNK), b""):
                data = pending + chunk
                if not pending and state["rows"] == 0:
                    _check_dimension(data[:4096].decode("utf-8", errors="ignore"), limits, first_rows)
                cut = _last_row_end(data)
                if cut < 0:
                    pending = data
                    continue
                body, pending = data[: cut + 4], data[cut + 4 :]
                parse(body.decode("utf-8"))
            parse(pending.decode("utf-8"))
            flush()
        except _Stop:
            if first_rows is None:
                raise _too_many_rows(limits) from None
        except (UnicodeDecodeError, zlib.error, EOFError, zipfile.BadZipFile, IndexError, ValueError) as exc:
            raise reject("dit .xlsx-bestand is niet te lezen: {detail}", detail=exc) from None
    return state["width"]


ROW_END = re.compile(rb"</(?:\w+:)?row>$")


def _last_row_end(data: bytes) -> int:
    """Where the last `</row>` starts its "row>" (-1 if none): work on whole rows only. A ">" in
    a cell's text may stand unescaped in XML, so each candidate is checked for its "</"."""
    end = len(data)
    while (at := data.rfind(b"row>", 0, end)) >= 0:
        if ROW_END.search(data[max(0, at - 20) : at + 4]):
            return at
        end = at
    return -1


class _Stop(Exception):
    """Enough rows read (a preview), or more than the limit."""


def _check_dimension(text: str, limits: Limits, first_rows: int | None) -> None:
    found = DIMENSION.search(text[:4096])
    if not found:
        return
    letters, digits = found.groups()
    if letters and _column(letters) + 1 > limits.columns:
        raise _too_many_columns(_column(letters) + 1, limits)
    if digits and first_rows is None and int(digits) > limits.rows + 1:
        raise _too_many_rows(limits)


def _cell(attrs: str, inner: str | None, strings: list[str], dates: set[int], epoch, from_excel) -> str:
    if not inner:
        return ""
    kind = ATTR_T.search(attrs)
    kind = kind.group(1) if kind else "n"
    if kind == "inlineStr":
        return _text(inner)
    found = VALUE.search(inner)
    if not found:
        return ""
    style = ATTR_S.search(attrs)
    return _value(kind, found.group(1), style.group(1) if style else None, strings, dates, epoch, from_excel)


def _unescape(text: str) -> str:
    text = html.unescape(text) if "&" in text else text
    return ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _value(
    kind: str, value: str, style: str | None, strings: list[str], dates: set[int], epoch, from_excel
) -> str:
    """The text of a cell's <v> by its type `t` and style `s`."""
    if kind == "s":
        return strings[int(value)]
    if kind in ("str", "e"):
        return _unescape(value)
    if kind == "b":
        return "true" if value in ("1", "true") else "false"
    if value.isdigit() and (style is None or int(style) not in dates):
        return value.lstrip("0") or "0"
    number = float(value)
    if style is not None and int(style) in dates:
        if number >= 61:  # openpyxl's from_excel, without its cases for the first days of 1900
            day, fraction = divmod(number, 1)
            return _moment(epoch, int(day), round(fraction * 86_400_000))
        moment = from_excel(number, epoch)
        if isinstance(moment, dt.datetime):
            return moment.isoformat(sep=" ")
        return moment.isoformat()
    return str(int(number)) if number.is_integer() else repr(number)


@functools.lru_cache(maxsize=4096)
def _day(epoch: dt.datetime, day: int) -> str:
    return (epoch + dt.timedelta(days=day)).date().isoformat()


def _moment(epoch: dt.datetime, day: int, ms: int) -> str:
    """`(epoch + day days + ms milliseconds).isoformat(sep=" ")`, the date part cached per day
    (a sheet has a few thousand days and a million moments)."""
    if epoch.time() != dt.time() or ms >= 86_400_000:
        return (epoch + dt.timedelta(days=day, milliseconds=ms)).isoformat(sep=" ")
    seconds, milli = divmod(ms, 1000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    text = f"{_day(epoch, day)} {hour:02d}:{minute:02d}:{second:02d}"
    return f"{text}.{milli:03d}000" if milli else text


def _too_many_rows(limits: Limits) -> FileRejected:
    return too_many_rows(limits)


def _too_many_columns(columns: int, limits: Limits) -> FileRejected:
    return reject(
        "het werkblad heeft {width} kolommen; de grens is {limit} (instelling GD_IMPORT_MAX_COLUMNS)",
        width=columns,
        limit=limits.columns,
    )


# --- cells a file must not hold where each cell is checked (the recurring feeds) ---------------

MAX_LAYOUT_PROBLEMS = 50


def layout_problems(path: Path) -> list[Problem]:
    """Merged cells and formula cells on the sheet `xlsx_to_csv` reads (its first sheet with a
    cell), each with its Excel row, its column's header and the reason; empty for a file that is
    not a readable .xlsx (the reader names that).

    A merged range keeps its value in its first cell only, so every other row of it would read as
    empty; a formula's value is whatever the program that saved it computed last (or nothing):
    neither is a value a row can be checked on. Streams the sheet (ElementTree), for feed-sized
    files."""
    import xml.etree.ElementTree as ET

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return []
    with archive:
        try:
            sheets, _ = _sheets(archive)
            strings = _shared_strings(archive)
            for sheet in sheets:
                with archive.open(sheet) as stream:
                    problems, cells = _layout(ET.iterparse(stream), strings)
                if cells:
                    return problems[:MAX_LAYOUT_PROBLEMS]
        except (KeyError, zipfile.BadZipFile, OSError, UnicodeDecodeError, ET.ParseError):
            return []
    return []


def _layout(events, strings: list[str]) -> tuple[list[Problem], int]:
    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    header: dict[str, str] = {}
    first_row: int | None = None
    formulas: list[tuple[int, str, str, str]] = []  # row, column letters, cell, formula
    merged: list[tuple[int, str, str]] = []  # first row, first column letters, range
    cells = 0
    for _, elem in events:
        tag = local(elem.tag)
        if tag == "c":
            cells += 1
            match = re.fullmatch(r"([A-Z]+)(\d+)", elem.get("r", ""))
            children = {local(child.tag): child for child in elem}
            if match:
                letters, row = match.group(1), int(match.group(2))
                first_row = row if first_row is None else first_row
                if row == first_row:
                    value = children.get("v")
                    if elem.get("t") == "s" and value is not None and (value.text or "").isdigit():
                        index = int(value.text)
                        header[letters] = strings[index] if index < len(strings) else ""
                    elif elem.get("t") == "inlineStr":
                        header[letters] = "".join(elem.itertext())
                    elif value is not None:
                        header[letters] = value.text or ""
                if "f" in children:
                    formulas.append((row, letters, match.group(0), children["f"].text or ""))
            elem.clear()
        elif tag == "row":
            elem.clear()
        elif tag == "mergeCell":
            match = re.match(r"([A-Z]+)(\d+)", elem.get("ref", ""))
            if match:
                merged.append((int(match.group(2)), match.group(1), elem.get("ref", "")))
    problems = [
        Problem(
            row,
            None,
            N_(
                "de cellen {ref} zijn samengevoegd: alleen de eerste heeft een waarde; maak ze los en vul elke cel in"
            ),
            header.get(letters) or letters,
            {"ref": ref},
        )
        for row, letters, ref in merged
    ] + [
        Problem(
            row,
            None,
            N_(
                "cel {cell} bevat een formule (={formula}), geen waarde; sla het werkblad op met alleen waarden "
                "(kopiëren, plakken als waarden)"
            ),
            header.get(letters) or letters,
            {"cell": cell, "formula": formula},
        )
        for row, letters, cell, formula in formulas
    ]
    return sorted(problems, key=lambda p: (p.line or 0, p.reason)), cells
