"""Reading an export file (CSV or .xlsx) into a DuckDB table of text cells with line numbers.

`read_table` is the one entry point; imports of tickets use it, and so can any other feed (it
knows nothing of profiles). It streams: DuckDB's own `read_csv` parses the file, Python only
looks at the bytes in a few fast passes (hash, encoding, blank lines, quotes), so memory does
not grow with the file. An .xlsx is first streamed to a CSV (see `xlsx`).

Definitional choices:
- Everything is text; typing (dates, numbers, value maps) is the caller's job. Cells are stripped
  of surrounding white space; an empty cell is NULL.
- Encoding: UTF-8 (with or without BOM), UTF-16 with BOM; a file that is not valid UTF-8 is read
  as Windows-1252 (latin-1 where cp1252 leaves a byte undefined), and a warning says so and names
  the first line that is not UTF-8. A file with UTF-8 letters in some lines and a byte that is
  not UTF-8 in another is refused naming that line: read as Windows-1252 its UTF-8 lines would be
  stored wrong ("Renée" as "RenÃ©e"). A NUL byte anywhere refuses a text file.
- Separator: whichever of `,` `;` tab occurs most outside quotes in the first non-blank line.
  Quotes are `"`, doubled inside a quoted cell.
- Line ends: `\n` or `\r\n`; a file whose lines end in `\r` alone is read as if they were `\n`.
- Lines: each data row keeps the line number a text editor shows for its first line (or the row
  number in Excel), counting lines inside quoted cells and blank lines. DuckDB skips blank lines
  and has no line-number column, so the line is computed from the row's position, the line
  breaks inside the cells before it, and the blank lines found in the bytes; a count of every
  line of the file proves nothing was skipped unseen.
- The first non-blank row is the header. Blank rows are left out; a column without a name and
  without values is dropped; a value under a nameless column, or a name used twice, rejects the
  file.
- Limits (`Limits`, from settings): rows, columns, characters in a cell, the unpacked size of an
  .xlsx. Columns and the unpacked size are checked before anything is read, rows while reading
  (reading stops after the limit), cell size before the cells are used.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import hashlib
import io
import json
import mmap
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from gdmetrics import formatting
from gdmetrics.settings import Settings, get_settings
from gdmetrics.text import N_, tr

SEPARATORS = (",", ";", "\t")
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
# Cells beyond the header's width that DuckDB is asked for: a value there is reported by its cell
# number; a row with still more cells is reported as too wide.
SLACK_COLUMNS = 16
WHITESPACE = " \t\r\n\x0b\x0c\u00a0\u2007\u202f\ufeff"
# A cell starting or ending with one of these is stripped (LIKE is several times faster than a
# regular expression here); other white space around a value is rare and stays. (ascii() of the
# first and last character would read a 1M-row CSV in 0.84 s instead of 1.3 s, but on DuckDB
# 2.0.1 a parallel read through ascii(), right() or substring() loses the file's order: the BPIC
# 2014 export's header came out in the middle.)
EDGES = [f"{p}" for ch in (32, 9, 13, 10, 160) for p in (f"chr({ch}) || '%'", f"'%' || chr({ch})")]
CHUNK = 1 << 23
HEAD_BYTES = 1 << 22


class FileRejected(Exception):
    """The file as a whole cannot be imported; `problems` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(self.in_lang("en"))

    def in_lang(self, lang: str) -> str:
        """Where and why, in `lang` (the first five problems)."""
        return "; ".join(p.text(lang) for p in self.problems[:5])


@dataclass(frozen=True)
class Problem:
    """One reason a row (or the file, when `line` is None) cannot be loaded: where (line, field,
    the file's column) and why, a Dutch message of the text catalogue with its `values`, shown in
    the reader's language. Whole numbers among the values are counts, written the language's way
    (131.072 / 131,072); a line number is passed as `line`, written as it is."""

    line: int | None
    field: str | None
    message: str
    column: str | None = None
    values: Mapping[str, object] = dataclasses.field(default_factory=dict, hash=False, compare=False)

    def reason_in(self, lang: str) -> str:
        shown = {k: _shown(k, v, lang) for k, v in self.values.items()}
        return tr(lang, self.message, **shown)

    @property
    def reason(self) -> str:
        """In English, the command line's language."""
        return self.reason_in("en")

    def text(self, lang: str = "en") -> str:
        where = [tr(lang, "regel {line}", line=self.line)] if self.line is not None else []
        if self.column and self.field and self.column != self.field:
            where.append(tr(lang, "kolom '{column}' ({field})", column=self.column, field=self.field))
        elif self.column or self.field:
            where.append(tr(lang, "kolom '{column}'", column=self.column or self.field))
        return (", ".join(where) + ": " if where else "") + self.reason_in(lang)

    def stored(self) -> list:
        """This problem as `import_quarantine.problems` keeps it (`reasons_in` reads it back)."""
        return [self.message, json.dumps(dict(self.values), default=str), None, None]


def reasons_in(stored: str | None, fallback: str, lang: str) -> str:
    """A quarantined line's reasons in `lang`, from what `import_quarantine.problems` keeps: a
    JSON list of [catalogue message, its fixed values as JSON, the row's value, another value]
    per problem. A row kept before the reasons were stored that way (schema version 6 and
    older) has none: its stored (English) `fallback` is shown as it is."""
    if not stored:
        return fallback
    reasons = []
    for message, fixed, value, other in json.loads(stored):
        values = {"value": "", "other": "", **json.loads(fixed or "{}")}
        values |= {k: v for k, v in (("value", value), ("other", other)) if v is not None}
        reasons.append(Problem(None, None, message, values=values).reason_in(lang))
    return "; ".join(reasons)


class Notice(str):
    """A warning about a file that still loads: reads as its English text (the command line's
    language); `in_lang` gives it in a page's language (a Dutch catalogue message and values)."""

    message: str
    values: Mapping[str, object]

    def __new__(cls, message: str, /, **values: object) -> Notice:
        self = super().__new__(cls, Problem(None, None, message, values=values).reason_in("en"))
        self.message, self.values = message, values
        return self

    def in_lang(self, lang: str) -> str:
        return Problem(None, None, self.message, values=self.values).reason_in(lang)


def _shown(key: str, value: object, lang: str) -> object:
    """A count or size the language's way (131.072 / 131,072; 2,5 / 2.5); a line number as it is."""
    if isinstance(value, bool) or key == "line":
        return value
    if isinstance(value, int):
        return formatting.number(value, lang)
    if isinstance(value, float):
        return formatting.number(value, lang, 1)
    return value


@dataclass(frozen=True)
class Limits:
    """What a file may hold before it is refused; each names the setting that sets it."""

    rows: int
    columns: int
    cell_chars: int
    xlsx_unpacked_bytes: int

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Limits:
        s = settings or get_settings()
        return cls(
            rows=s.import_max_rows,
            columns=s.import_max_columns,
            cell_chars=s.import_max_cell_chars,
            xlsx_unpacked_bytes=s.import_max_xlsx_unpacked_mb * 1024 * 1024,
        )


@dataclass
class SourceTable:
    """A file read into DuckDB: table `table` has `line` (BIGINT) and text columns `c1`..`cN`.

    `columns[i]` is the header of column `c{i+1}`; `rows` counts the data rows (blank rows left
    out); `truncated` is true when only the first rows were read (`first_rows`).
    """

    file_name: str
    content_hash: str
    table: str
    columns: list[str]
    rows: int
    encoding: str
    separator: str | None
    blank_rows: int = 0
    dropped_columns: int = 0
    truncated: bool = False
    warnings: list[str] = field(default_factory=list)

    def column_id(self, header: str) -> str:
        """The table's column (`c3`) holding the cells under `header`."""
        return f"c{self.columns.index(header) + 1}"

    def __len__(self) -> int:
        return self.rows


def content_hash(data: bytes) -> str:
    """SHA-256 of the file's bytes: the same file imported twice is recognised by it."""
    return hashlib.sha256(data).hexdigest()


def file_hash(path: Path) -> str:
    """SHA-256 of a file, read in chunks (the same value as `content_hash` of its bytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


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


def too_many_rows(limits: Limits) -> FileRejected:
    return reject(
        "het bestand heeft meer dan {limit} rijen; de grens is {limit} (instelling GD_IMPORT_MAX_ROWS)",
        limit=limits.rows,
    )


def reject(message: str, line: int | None = None, /, **values: object) -> FileRejected:
    """The file refused for one reason: a Dutch catalogue `message` with its `values`."""
    return FileRejected([Problem(line, None, message, values=values)])


# --- the public entry point -------------------------------------------------------------------


def read_table(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    file_name: str | None = None,
    *,
    table: str = "_src",
    limits: Limits | None = None,
    first_rows: int | None = None,
    digest: str | None = None,
) -> SourceTable:
    """Read a CSV or .xlsx file into temp table `table` of `con`: `line` plus text columns `c1..cN`.

    Raises FileRejected (with line numbers where a row is at fault) for a file that cannot be
    read as a table or breaks a limit. `first_rows` reads only that many data rows (a preview).
    The caller drops `table` when done. `table` must be a plain identifier of the caller's. Temp
    tables belong to one connection: pass the same cursor to everything that reads `table`.
    """
    path = Path(path)
    file_name = file_name or path.name
    limits = limits or Limits.from_settings()
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head.strip():
        if size <= len(head):
            raise reject("het bestand is leeg")
    digest = digest or file_hash(path)
    lower = file_name.lower()
    with tempfile.TemporaryDirectory(prefix="gd-import-") as tmp:
        if head.startswith(b"PK\x03\x04"):
            from gdmetrics.importing.xlsx import xlsx_to_csv

            csv_path, width = xlsx_to_csv(path, Path(tmp) / "sheet.csv", limits, first_rows)
            encoding, warnings, numbered = "xlsx", [], True
        elif lower.endswith((".xls", ".xlsb", ".ods")) or head.startswith(b"\xd0\xcf\x11\xe0"):
            raise reject(
                "dit is een oud Excel-bestand (.xls) of een ander rekenblad; sla het op als .xlsx of CSV"
            )
        else:
            if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise reject("dit is geen tekstbestand (CSV): het bevat NUL-bytes")
            csv_path, encoding, warnings = _as_utf8(path, Path(tmp) / "utf8.csv")
            csv_path = _lf_line_ends(csv_path, Path(tmp) / "lf.csv")
            numbered, width = False, 0
        source = _read_csv(con, csv_path, table, limits, first_rows, numbered, width)
        source.file_name, source.content_hash = file_name, digest
        source.encoding = encoding
        source.warnings = warnings + source.warnings
    return source


# --- encoding ---------------------------------------------------------------------------------


def _as_utf8(path: Path, scratch: Path) -> tuple[Path, str, list[str]]:
    """The file itself when it is UTF-8, else a UTF-8 copy in `scratch`; the encoding; warnings."""
    with path.open("rb") as fh:
        start = fh.read(4)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        _transcode(path, scratch, "utf-16")
        return scratch, "utf-16", []
    bad_at, nul_at = _first_invalid_utf8(path)
    if nul_at is not None:  # anywhere in the file, not only its first 4 KB
        line = _count(path, b"\n", 0, nul_at) + 1
        raise reject("dit is geen tekstbestand (CSV): regel {line} bevat een NUL-byte", line=line)
    if bad_at is None:
        return path, ("utf-8-sig" if start.startswith(codecs.BOM_UTF8) else "utf-8"), []
    line = _count(path, b"\n", 0, bad_at) + 1
    if start.startswith(codecs.BOM_UTF8):
        raise reject(
            "het bestand begint als UTF-8 (het heeft een BOM), maar regel {line} is geen geldige UTF-8",
            line=line,
        )
    if _has_utf8_letters(path):
        # Read as Windows-1252, the UTF-8 lines would be stored wrong ("Renée" as "RenÃ©e").
        raise reject(
            "regel {line} is geen geldige UTF-8, terwijl andere regels UTF-8 zijn: sla de export op als "
            "UTF-8 en importeer die opnieuw",
            line=line,
        )
    try:
        _transcode(path, scratch, "cp1252")
        encoding, name = "cp1252", "Windows-1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so nothing is lost.
        _transcode(path, scratch, "latin-1")
        encoding, name = "latin-1", "Latin-1"
    warning = Notice(
        "het bestand is geen UTF-8 (regel {line} is de eerste die het niet is); het is gelezen als {name}",
        line=line,
        name=name,
    )
    return scratch, encoding, [warning]


def _first_invalid_utf8(path: Path) -> tuple[int | None, int | None]:
    """The offsets of the first byte that is not UTF-8 and of the first NUL byte (None: none),
    in one pass; past the first invalid byte only NUL is looked for."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, bad = 0, None
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            if (nul := chunk.find(b"\x00")) >= 0:
                return bad, offset + nul
            # (plain ASCII with no character left open before it is valid: 20x faster to test)
            if bad is None and not (chunk.isascii() and not decoder.getstate()[0]):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    bad = max(0, offset + exc.start - len(decoder.getstate()[0]))
            offset += len(chunk)
    if bad is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            bad = max(0, offset - len(decoder.getstate()[0]))
    return bad, None


UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]")


def _has_utf8_letters(path: Path) -> bool:
    with path.open("rb") as fh:
        return any(UTF8_LETTER.search(chunk) for chunk in iter(lambda: fh.read(CHUNK), b""))


def _transcode(path: Path, out: Path, encoding: str) -> None:
    with (
        path.open("r", encoding=encoding, newline="") as src,
        out.open("w", encoding="utf-8", newline="") as dst,
    ):
        for chunk in iter(lambda: src.read(CHUNK), ""):
            dst.write(chunk)


def _lf_line_ends(path: Path, scratch: Path) -> Path:
    """The file itself, or, when its lines end in a carriage return alone (classic Mac, some
    exports), a copy in `scratch` with line feeds: DuckDB's reader and the line count both go by
    line feeds. A file with any line feed is left as it is."""
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    if b"\n" in head or b"\r" not in head or _count(path, b"\n", 0, path.stat().st_size):
        return path
    with path.open("rb") as src, scratch.open("wb") as dst:
        for chunk in iter(lambda: src.read(CHUNK), b""):
            dst.write(chunk.replace(b"\r", b"\n"))
    return scratch


def _count(path: Path, needle: bytes, start: int, end: int) -> int:
    with path.open("rb") as fh:
        fh.seek(start)
        total, left = 0, end - start
        while left > 0:
            chunk = fh.read(min(CHUNK, left))
            if not chunk:
                break
            total += chunk.count(needle)
            left -= len(chunk)
    return total


# --- the bytes: header width, blank lines, quotes ---------------------------------------------


@dataclass
class _Layout:
    lines: int  # physical lines of the file
    blank_lines: list[int]  # blank lines outside quotes (DuckDB skips them)
    open_quote_line: int | None  # the line of a quote never closed
    open_quote_chars: int = 0  # characters from that quote to the end of the file
    quotes: int = 0  # quote characters in the file (none: no line breaks inside cells)


# A line feed followed by an empty line (with or without a carriage return): the blank line
# starts after it. Only the line feed is matched, so "\n\n\n" gives two.
BLANK_LINE_AFTER = re.compile(rb"\n(?=\r?\n)")


def _layout(path: Path) -> _Layout:
    """One pass over the bytes (C speed: find and count) for what DuckDB does not tell."""
    size = path.stat().st_size
    if size == 0:
        return _Layout(0, [], None)
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        starts: list[int] = []  # byte offset where a blank line starts
        if mm[:1] == b"\n" or mm[:2] == b"\r\n":
            starts.append(0)
        # (one regex pass: three times faster than mmap.find for each of the two line ends)
        starts.extend(found.start() + 1 for found in BLANK_LINE_AFTER.finditer(mm))
        blanks, pos, newlines, quotes = [], 0, 0, 0
        for start in starts:
            newlines += _count_mm(mm, b"\n", pos, start)
            quotes += _count_mm(mm, b'"', pos, start)
            pos = start
            if quotes % 2 == 0:
                blanks.append(newlines + 1)
        newlines += _count_mm(mm, b"\n", pos, size)
        quotes += _count_mm(mm, b'"', pos, size)
        lines = newlines + (0 if mm[size - 1 : size] == b"\n" else 1)
        if quotes % 2:
            last = mm.rfind(b'"')
            return _Layout(lines, blanks, _count_mm(mm, b"\n", 0, last) + 1, size - last, quotes)
    return _Layout(lines, blanks, None, 0, quotes)


def _count_mm(mm: mmap.mmap, needle: bytes, start: int, end: int) -> int:
    total = 0
    for at in range(start, end, CHUNK):
        total += mm[at : min(at + CHUNK, end)].count(needle)
    return total


def _header_width(path: Path, limits: Limits) -> tuple[str, int]:
    """The separator and the number of cells of the first non-blank record (from the first MBs)."""
    with path.open("rb") as fh:
        raw = fh.read(HEAD_BYTES)
    text = raw.decode("utf-8", errors="ignore").lstrip("\ufeff")
    complete = len(raw) < HEAD_BYTES
    if complete and not text.strip(" \t\r\n,;\ufeff"):
        raise reject("het bestand heeft geen kopregel en geen gegevens (alleen lege regels)")
    separator = sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        for row in reader:
            if any(c.strip() for c in row):
                if len(row) > limits.columns:
                    break
                if complete or reader.line_num < text.count("\n"):
                    return separator, len(row)
                break
        else:
            if complete:
                raise reject("het bestand heeft geen kopregel en geen gegevens (alleen lege regels)")
    except csv.Error:
        pass
    # A first record longer than the sample, or too wide: count its separators.
    first = next((ln for ln in text.split("\n") if ln.strip().strip(",;\t")), text)
    width = first.count(separator) + 1
    if width > limits.columns:
        raise reject(
            "de eerste regel heeft {width} kolommen; de grens is {limit} (instelling GD_IMPORT_MAX_COLUMNS)",
            width=width,
            limit=limits.columns,
        )
    return separator, width


# --- DuckDB reads the cells -------------------------------------------------------------------


def drop_table(con: duckdb.DuckDBPyConnection, table: str = "_src") -> None:
    """Drop what `read_table` made for `table` (a view and the tables under it)."""
    con.execute(f"DROP VIEW IF EXISTS {table}")
    for name in (f"{table}_cells", f"{table}_blanks", f"{table}_rejects", f"{table}_rejects_scan"):
        con.execute(f"DROP TABLE IF EXISTS {name}")


def _read_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    limits: Limits,
    first_rows: int | None,
    numbered: bool,
    width: int,
) -> SourceTable:
    """Parse the UTF-8 CSV at `path` with DuckDB; `numbered`: column 1 is the line and `width`
    the number of columns (an .xlsx converted by `xlsx`).

    One pass stores the stripped cells in `{table}_cells` (in file order, so its rowid is the
    record's position); `table` is a view over it with the line numbers, the header and blank
    rows left out and the columns renamed `c1..cN`.
    """
    cur = con  # temp tables belong to one connection: no cursor of our own
    if numbered:
        sep = ","
        layout = _Layout(0, [], None)
    else:
        sep, width = _header_width(path, limits)
        layout = _layout(path)
        if layout.open_quote_line is not None:
            line = layout.open_quote_line
            if layout.open_quote_chars > limits.cell_chars:
                raise reject(
                    'een cel is langer dan {limit} tekens; staat er een aanhalingsteken (") open dat nooit sluit?',
                    line,
                    limit=limits.cell_chars,
                )
            raise reject('hier opent een aanhalingsteken (") dat nooit sluit', line)
    # Header and blank rows come on top of the data rows; one more row than allowed tells.
    cap = (first_rows if first_rows is not None else limits.rows) + 1 + len(layout.blank_lines)
    store, rejects = f"{table}_cells", f"{table}_rejects"
    try:
        # First as wide as the header: a row with more cells lands in the rejects table, and only
        # then is the file read again with SLACK_COLUMNS more (to say which cell, or that the row
        # is too wide). Empty slack columns would cost as much as real ones.
        cells = _scan(cur, path, table, store, rejects, limits, cap, numbered, layout, width, sep, 0)
        if cur.execute(f"SELECT count(*) FROM {rejects}").fetchone()[0]:
            for name in (rejects, f"{rejects}_scan"):
                cur.execute(f"DROP TABLE IF EXISTS {name}")
            cells = _scan(
                cur, path, table, store, rejects, limits, cap, numbered, layout, width, sep, SLACK_COLUMNS
            )
        return _tabulate(
            cur, table, store, rejects, path, limits, first_rows, numbered, layout, width, sep, cells
        )
    except duckdb.Error as exc:
        found = re.search(r"Line: (\d+)", str(exc))
        first = str(exc).splitlines()[0].split("Error: ", 1)[-1]
        raise reject(
            "dit bestand is niet als CSV te lezen: {detail}",
            int(found.group(1)) if found else None,
            detail=first,
        ) from None
    finally:
        for name in (rejects, f"{rejects}_scan"):
            cur.execute(f"DROP TABLE IF EXISTS {name}")


def _scan(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    store: str,
    rejects: str,
    limits: Limits,
    cap: int,
    numbered: bool,
    layout: _Layout,
    width: int,
    sep: str,
    slack: int,
) -> list[str]:
    """One pass of DuckDB's reader into `store`, `width + slack` columns wide; returns the cell
    columns (`c1..`, without an .xlsx's line column)."""
    names = [f"c{i}" for i in range(1, width + slack + 1)]
    cells = names[1:] if numbered else names
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    drop_table(cur, table)
    # trim() with a set of characters is slow: only cells that start or end with space use it.
    trimmed = [
        f"CASE WHEN {' OR '.join(f'{c} LIKE {e}' for e in EDGES)} THEN nullif(trim({c}, $ws), '') ELSE {c} END AS {c}"
        for c in cells
    ]
    if numbered:
        trimmed.append("TRY_CAST(c1 AS BIGINT) AS _line")
    if layout.quotes:  # line breaks inside quoted cells
        breaks = " + ".join(
            f"CASE WHEN contains({c}, chr(10)) THEN length({c}) - length(replace({c}, chr(10), '')) ELSE 0 END"
            for c in cells
        )
        trimmed.append(f"{breaks} AS _nl")
    else:
        trimmed.append("0 AS _nl")
    blank = " AND ".join(f"{c} IS NULL" for c in cells)
    # DuckDB's parallel reader is exact (and keeps the file's order for the rowid) only where no
    # quoted cell can hold a line break: a file without quotes. Others are read by one thread.
    parallel = "false" if numbered or layout.quotes else "true"
    # The rowid is the record's position only while DuckDB keeps the insertion order (the demo
    # build's connection, for one, turns that off).
    ordered = cur.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
    if not ordered:
        cur.execute("SET preserve_insertion_order = true")
    # A file of no more lines than the cap has no more records either: no LIMIT, which would
    # make DuckDB keep the parallel reader's chunks in order (1.1 of 2.6 s for a 1M-row CSV).
    capped = numbered or layout.lines > cap + 1
    try:
        _create_cells(
            cur, path, store, rejects, limits, cap if capped else None, sep, parallel, trimmed, blank, columns
        )
    finally:
        if not ordered:
            cur.execute("SET preserve_insertion_order = false")
    return cells


def _create_cells(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    store: str,
    rejects: str,
    limits: Limits,
    cap: int | None,
    sep: str,
    parallel: str,
    trimmed: list[str],
    blank: str,
    columns: str,
) -> None:
    """`cap`: read at most one record more than this (None: the file cannot hold more)."""
    limit = "" if cap is None else "LIMIT $cap"
    cur.execute(
        f"""CREATE TEMP TABLE {store} AS SELECT *, {blank} AS _blank FROM (
            SELECT {", ".join(trimmed)} FROM read_csv($path, header = false,
            all_varchar = true, auto_detect = false, delim = $sep, quote = '"', escape = '"',
            null_padding = true, parallel = {parallel}, store_rejects = true,
            rejects_table = '{rejects}', rejects_scan = '{rejects}_scan',
            max_line_size = $max_line, columns = {columns}) {limit})""",
        {
            "path": str(path),
            "sep": sep,
            "max_line": max(2_097_152, limits.cell_chars * 2),
            "ws": WHITESPACE,
        }
        | ({} if cap is None else {"cap": cap + 1}),
    )


def _tabulate(
    cur: duckdb.DuckDBPyConnection,
    table: str,
    store: str,
    rejects: str,
    path: Path,
    limits: Limits,
    first_rows: int | None,
    numbered: bool,
    layout: _Layout,
    width: int,
    sep: str,
    cells: list[str],
) -> SourceTable:
    total = width + SLACK_COLUMNS
    bad = cur.execute(f"SELECT min(byte_position) FROM {rejects}").fetchone()
    if bad and bad[0] is not None:
        line = _count(path, b"\n", 0, bad[0]) + 1
        raise reject(
            "deze rij heeft meer cellen dan de {width} van de kopregel en dan {total} in totaal; "
            "staat er een scheidingsteken of aanhalingsteken verkeerd?",
            line,
            width=width,
            total=total,
        )
    n_raw, breaks, header_k = cur.execute(
        f"SELECT count(*), coalesce(sum(_nl), 0), min(rowid) FILTER (WHERE NOT _blank) FROM {store}"
    ).fetchone()
    if first_rows is None and n_raw > limits.rows + 1 + len(layout.blank_lines):
        raise too_many_rows(limits)
    truncated = first_rows is not None and n_raw > first_rows + 1 + len(layout.blank_lines)
    if header_k is None:
        raise reject("het bestand heeft geen kopregel en geen gegevens (alleen lege regels)")
    if not numbered and not truncated:
        read = n_raw + breaks + len(layout.blank_lines)
        if read != layout.lines:
            raise reject(
                "niet elke regel van het bestand is gelezen ({read} van {lines} regels); "
                "controleer de aanhalingstekens en regeleinden",
                read=read,
                lines=layout.lines,
            )
    # The line of a record: its position, the line breaks inside the cells before it, and the
    # blank lines before it (DuckDB skipped those).
    if numbered:
        source, line_sql = f"(SELECT rowid AS _k, * FROM {store})", "_line"
    else:
        base = "rowid + 1"
        if breaks:
            base += " + coalesce(sum(_nl) OVER (ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)"
        source = f"(SELECT rowid AS _k, {base} AS _base, * FROM {store})"
        line_sql = "_base"
        if layout.blank_lines:
            adjusted: dict[int, int] = {}
            for i, b in enumerate(layout.blank_lines):
                adjusted[b - i] = i + 1
            cur.execute(f"CREATE TEMP TABLE {table}_blanks (adj BIGINT, n BIGINT)")
            cur.executemany(f"INSERT INTO {table}_blanks VALUES (?, ?)", list(adjusted.items()))
            source = (
                f"(SELECT r.*, r._base + coalesce(b.n, 0) AS _line FROM {source} r "
                f"ASOF LEFT JOIN {table}_blanks b ON r._base >= b.adj)"
            )
            line_sql = "_line"
    k = "_k"
    head = cur.execute(f"SELECT {', '.join(cells)} FROM {store} WHERE rowid = $k", {"k": header_k}).fetchone()
    header = [(h or "").lstrip("\ufeff").strip() for h in head]
    stats = cur.execute(
        "SELECT count(*), "
        + ", ".join(f"count({c}), max(length({c}))" for c in cells)
        + f" FROM {store} WHERE NOT _blank AND rowid > $k",
        {"k": header_k},
    ).fetchone()
    body, counts, longest = stats[0], stats[1::2], stats[2::2]
    keep = [i for i in range(len(cells)) if header[i] or counts[i]]
    named = ", ".join(f"{cells[i]} AS c{n}" for n, i in enumerate(keep, start=1))
    limit = f" ORDER BY line LIMIT {int(first_rows)}" if first_rows is not None else ""
    cur.execute(
        f"CREATE TEMP VIEW {table} AS SELECT line, {named} FROM (SELECT {line_sql} AS line, * FROM {source}) "
        f"WHERE NOT _blank AND {k} > {int(header_k)}{limit}"
    )
    _check(
        cur,
        table,
        header,
        keep,
        counts,
        longest,
        limits,
        body,
        header_k,
        store,
        numbered,
        line_sql,
        source,
        k,
    )
    return SourceTable(
        file_name="",
        content_hash="",
        table=table,
        columns=[header[i] for i in keep],
        rows=min(body, first_rows) if first_rows is not None else body,
        encoding="",
        separator=None if numbered else sep,
        blank_rows=n_raw - body - 1,
        dropped_columns=len([i for i in range(min(width, len(cells))) if i not in keep]),
        truncated=truncated or (first_rows is not None and body > first_rows),
    )


def _check(
    cur: duckdb.DuckDBPyConnection,
    table: str,
    header: list[str],
    keep: list[int],
    counts: list[int],
    longest: list[int | None],
    limits: Limits,
    body: int,
    header_k: int,
    store: str,
    numbered: bool,
    line_sql: str,
    source: str,
    k: str,
) -> None:
    """Nameless columns with values, names used twice, cells over the limit, no data rows."""
    header_line = cur.execute(f"SELECT {line_sql} FROM {source} WHERE {k} = $k", {"k": header_k}).fetchone()[
        0
    ]
    position = {i: n for n, i in enumerate(keep, start=1)}
    problems: list[Problem] = []
    for i, h in enumerate(header):
        if counts[i] and not h:
            first = cur.execute(f"SELECT min(line) FROM {table} WHERE c{position[i]} IS NOT NULL").fetchone()[
                0
            ]
            problems.append(
                Problem(
                    first,
                    None,
                    N_("cel {cell} heeft een waarde, maar de kolom heeft geen naam in de kopregel"),
                    values={"cell": i + 1},
                )
            )
    seen: set[str] = set()
    for h in header:
        if h and h in seen:
            problems.append(
                Problem(
                    header_line, None, N_("kolom '{name}' staat twee keer in de kopregel"), values={"name": h}
                )
            )
        seen.add(h)
    if problems:
        raise FileRejected(problems)
    for i, h in enumerate(header):
        if (longest[i] or 0) > limits.cell_chars:
            first = cur.execute(
                f"SELECT min(line) FROM {table} WHERE length(c{position[i]}) > $n", {"n": limits.cell_chars}
            ).fetchone()[0]
            raise FileRejected(
                [
                    Problem(
                        first,
                        None,
                        N_("een cel is langer dan {limit} tekens (instelling GD_IMPORT_MAX_CELL_CHARS)"),
                        h,
                        {"limit": limits.cell_chars},
                    )
                ]
            )
    if not body:
        raise reject("het bestand heeft een kopregel maar geen gegevensregels")
