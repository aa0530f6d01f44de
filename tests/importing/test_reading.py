"""`read_table`: the file as a DuckDB table of text cells with the line numbers a user sees, and
the limits from settings, each refused with a message naming the setting."""

from __future__ import annotations

import io

import duckdb
import openpyxl
import pytest

from gdmetrics.importing import FileRejected, import_bytes
from gdmetrics.importing.reading import Limits, read_table
from gdmetrics.settings import get_settings

from .conftest import snapshot

LIMITS = Limits(rows=1000, columns=50, cell_chars=100, xlsx_unpacked_bytes=2**20)


def _read(tmp_path, data: bytes, name: str = "f.csv", limits: Limits = LIMITS, **options):
    path = tmp_path / name
    path.write_bytes(data)
    con = duckdb.connect()
    table = read_table(con, path, limits=limits, **options)
    rows = con.execute(f"SELECT * FROM {table.table} ORDER BY line").fetchall()
    return table, rows


def test_lines_count_blank_lines_and_breaks_inside_quotes(tmp_path):
    data = b'\r\nid;note\r\nA;"two\r\nlines"\r\n\r\n;;\r\nB;x\r\n"C";"a ""quoted"" word"\r\n\r\n'
    table, rows = _read(tmp_path, data)
    assert table.columns == ["id", "note"]
    assert (table.separator, table.encoding, table.rows) == (";", "utf-8", 3)
    assert rows == [(3, "A", "two\r\nlines"), (7, "B", "x"), (8, "C", 'a "quoted" word')]


def test_carriage_return_line_ends_are_lines(tmp_path):
    """An export with classic Mac line ends (\\r alone) reads with the lines a text editor shows."""
    data = b'id;note\rA;"two\rlines"\r\rB;x\r'
    table, rows = _read(tmp_path, data)
    assert (table.columns, table.rows) == (["id", "note"], 2)
    assert rows == [(2, "A", "two\nlines"), (5, "B", "x")]


def test_a_wide_row_names_its_line(tmp_path):
    data = b"id;note\n" + b"A;x\n" + b"B;" + b";" * 40 + b"z\n"
    with pytest.raises(FileRejected, match="line 3: this row has more cells"):
        _read(tmp_path, data)


def test_preview_reads_only_the_first_rows(tmp_path):
    data = b"id;note\n" + b"".join(b"R%d;x\n" % i for i in range(500))
    table, rows = _read(tmp_path, data, first_rows=10)
    assert (table.rows, table.truncated, len(rows), rows[-1][0]) == (10, True, 10, 11)


def test_not_utf8_is_read_as_cp1252_and_says_so(tmp_path):
    data = b"id;naam\nA;Andr\xe9\nB;Ren\xe9e\n"
    table, rows = _read(tmp_path, data)
    assert table.encoding == "cp1252" and [r[-1] for r in rows] == ["André", "Renée"]
    assert "line 2 is the first that is not" in table.warnings[0]


def test_one_bad_byte_in_a_utf8_file_is_refused_not_read_as_cp1252(tmp_path):
    """Issue 12, item 8: one invalid byte switched a UTF-8 file to cp1252 silently, storing
    "Renée" as "RenÃ©e"; the file is refused naming the line."""
    data = "id;naam\nA;Renée\n".encode() + b"B;Ren\xe9e\n"
    with pytest.raises(FileRejected, match="line 3 is not valid UTF-8 while other lines are UTF-8"):
        _read(tmp_path, data)


def test_a_nul_byte_anywhere_refuses_the_file(tmp_path):
    """Issue 12, item 8: NUL bytes past the first 4 KB were stored."""
    data = b"id;note\n" + b"".join(b"R%d;x\n" % i for i in range(2000)) + b"Z;a\x00b\n"
    assert data.index(b"\x00") > 4096
    with pytest.raises(FileRejected, match="line 2002 contains a NUL byte"):
        _read(tmp_path, data)


@pytest.mark.parametrize(
    ("data", "limits", "message"),
    [
        (
            b"id;n\n" + b"A;x\n" * 5,
            Limits(4, 50, 100, 2**20),
            "meer dan 4 rijen; de grens is 4 (instelling GD_IMPORT_MAX_ROWS)",
        ),
        (
            b"id" + b";" * 60 + b"\nA\n",
            LIMITS,
            "61 kolommen; de grens is 50 (instelling GD_IMPORT_MAX_COLUMNS)",
        ),
        (
            b"id;n\nA;" + b"x" * 101 + b"\n",
            LIMITS,
            "regel 2, kolom 'n': een cel is langer dan 100 tekens (instelling GD_IMPORT_MAX_CELL_CHARS)",
        ),
    ],
    ids=["rows", "columns", "cell"],
)
def test_limits_name_their_setting(tmp_path, data, limits, message):
    with pytest.raises(FileRejected) as caught:
        _read(tmp_path, data, limits=limits)
    assert message in caught.value.problems[0].text("nl")  # as a Dutch page shows it


def test_xlsx_unpacked_size_is_checked_before_reading(tmp_path):
    book = openpyxl.Workbook()
    for i in range(3000):
        book.active.append([f"id{i}", "x" * 200, i])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(FileRejected, match="GD_IMPORT_MAX_XLSX_UNPACKED_MB"):
        _read(tmp_path, buffer.getvalue(), "big.xlsx")
    table, rows = _read(tmp_path, buffer.getvalue(), "big.xlsx", limits=Limits(5000, 50, 1000, 2**24))
    assert (table.columns, table.rows, rows[0]) == (["id0", "x" * 200, "0"], 2999, (2, "id1", "x" * 200, "1"))


def test_import_refuses_over_the_row_setting_and_changes_nothing(con, monkeypatch):
    monkeypatch.setenv("GD_IMPORT_MAX_ROWS", "2")
    get_settings.cache_clear()
    before = snapshot(con)
    data = b"id;registered_at;status;priority\n" + b"".join(
        b"R%d;2024-01-02 09:00;nieuw;3\n" % i for i in range(3)
    )
    try:
        with pytest.raises(FileRejected, match="GD_IMPORT_MAX_ROWS"):
            import_bytes(con, data, "drie.csv", "generic")
    finally:
        monkeypatch.delenv("GD_IMPORT_MAX_ROWS")
        get_settings.cache_clear()
    assert snapshot(con) == before


def test_cells_are_stripped_and_empty_cells_are_null(tmp_path):
    data = 'id;a;b\n X1 ;\t\u00a0waarde\u00a0;   \nX2;"  ";x \n'.encode()
    table, rows = _read(tmp_path, data)
    assert rows == [(2, "X1", "waarde", None), (3, "X2", None, "x")]
