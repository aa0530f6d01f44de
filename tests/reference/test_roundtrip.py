"""The demo's reference data through the workbook: export, import into an empty database, export
again gives the same workbook, and importing it again changes nothing. Also through the CLI."""

from __future__ import annotations

import duckdb
import pytest

from gdmetrics import store
from gdmetrics.cli import main
from gdmetrics.db import connect
from gdmetrics.reference import SHEETS, export_reference, import_reference, template, workbook_values
from tests.reference.conftest import NOW, snapshot


@pytest.fixture(scope="module")
def demo_export(demo_db_path) -> bytes:
    with duckdb.connect(str(demo_db_path), read_only=True) as con:
        return export_reference(con)


def test_export_import_export_is_the_same_workbook(demo_export, demo_db_path, tmp_path) -> None:
    con = connect(tmp_path / "empty.duckdb")
    outcome = import_reference(con, demo_export, "demo.xlsx", "test", now=NOW)
    assert outcome.changes["Producten"]["added"] > 70
    assert workbook_values(export_reference(con)) == workbook_values(demo_export)
    tables = tuple(s.table for s in SHEETS)
    with duckdb.connect(str(demo_db_path), read_only=True) as demo:
        assert snapshot(con, tables) == snapshot(demo, tables)  # the tables, not only the workbook

    before = snapshot(con)
    assert import_reference(con, demo_export, "demo.xlsx", "test", now=NOW).unchanged
    assert snapshot(con) == before


def test_template_has_every_sheet_and_no_rows() -> None:
    values = workbook_values(template())
    assert list(values) == ["Toelichting", *(s.name for s in SHEETS)]
    assert all(len(rows) == 1 for name, rows in values.items() if name != "Toelichting")
    explained = {(row[0], row[1]) for row in values["Toelichting"][1:]}
    assert all((s.name, h) in explained for s in SHEETS for h in s.headers)


def test_cli_template_export_import(demo_db_path, tmp_path, capsys) -> None:
    assert main(["template", "--out", str(tmp_path / "t.xlsx")]) == 0
    assert main(["export-reference", "--db", str(demo_db_path), "--out", str(tmp_path / "e.xlsx")]) == 0
    db = tmp_path / "new.duckdb"
    assert main(["import-reference", "--db", str(db), str(tmp_path / "e.xlsx")]) == 0
    assert "Producten:" in capsys.readouterr().out
    assert main(["import-reference", "--db", str(db), str(tmp_path / "e.xlsx")]) == 0
    assert "nothing changed" in capsys.readouterr().out

    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    assert main(["import-reference", "--db", str(db), str(tmp_path / "old.xls")]) == 2
    assert "old Excel file (.xls)" in capsys.readouterr().err
    events = store.events_frame(db)
    assert list(events["action"][:2]) == ["import_rejected", "import"]  # newest first; neither published
    assert [v.number for v in store.history(db)] == [1]  # one version: the first import
