"""The costs feed: FTE, personnel cost and material per directorate per month, from CSV or .xlsx;
all or nothing, idempotent, updated in place by (directorate, month), audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from gdmetrics.cli import main
from gdmetrics.feeds import FeedRejected, import_feed
from gdmetrics.importing import FileRejected, quarantine_rows
from tests.feeds.conftest import snapshot, write, write_xlsx

GOOD = (
    "Directie;Maand;FTE;Personeelskosten;Materieel budget;Materieel realisatie\n"
    "ICT;2006-01;41,5;302.950,00;120.000,00;118.734,12\n"
    "FAZ;01-2006;20;146.000,00;50.000,00;49.000,00\n"
    "ICT;feb 2006;41;299.300,00;120.000,00;121.000,50\n"
)


def _costs(con) -> list[tuple]:
    return con.execute("SELECT * FROM cost ORDER BY directorate_code, month").fetchall()


def test_good_file_loads_with_log_and_audit(org, tmp_path: Path) -> None:
    result = import_feed(org, write(tmp_path, "kosten.csv", GOOD), "costs", actor="test")
    assert (result.rows_read, result.inserted, result.updated, result.rejected) == (3, 3, 0, 0)
    assert _costs(org)[0] == (
        "FAZ",
        dt.date(2006, 1, 1),
        20.0,
        Decimal("146000.00"),
        Decimal("50000.00"),
        Decimal("49000.00"),
    )
    assert _costs(org)[2][1:3] == (dt.date(2006, 2, 1), 41.0)
    log = org.execute("SELECT profile, rows_read, rows_loaded, outcome FROM import_log").fetchall()
    assert log == [("feed:costs", 3, 3, "loaded")]
    audit = org.execute(
        "SELECT actor, action, detail FROM audit_log WHERE detail LIKE 'feed costs%'"
    ).fetchall()
    assert len(audit) == 1 and audit[0][:2] == ("test", "import")
    assert (
        '"added": 3' in audit[0][2] and '"rows_before": 0' in audit[0][2] and '"rows_after": 3' in audit[0][2]
    )


def test_same_file_twice_changes_nothing(org, tmp_path: Path) -> None:
    path = write(tmp_path, "kosten.csv", GOOD)
    import_feed(org, path, "costs", actor="test")
    before = snapshot(org)
    again = import_feed(org, path, "costs", actor="test")
    assert again.already_imported
    assert snapshot(org) == before
    # The same rows in other bytes (another separator, decimal point) change nothing either.
    other = (
        "Directie\tMaand\tFTE\tPersoneelskosten\tMaterieel budget\tMaterieel realisatie\n"
        "ICT\t2006-01-01\t41.5\t302950\t120000.00\t118734.12\n"
        "FAZ\t2006-01\t20.0\t146000\t50000\t49000\n"
        "ICT\t2006-02\t41\t299300.00\t120000\t121000.5\n"
    )
    result = import_feed(org, write(tmp_path, "kosten.tsv", other), "costs", actor="test")
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, 3)
    assert snapshot(org) == before


def test_changed_row_is_updated_in_place(org, tmp_path: Path) -> None:
    import_feed(org, write(tmp_path, "jan.csv", GOOD), "costs", actor="test")
    changed = GOOD.replace("41,5;302.950,00", "40,0;292.000,00") + "SD;2006-02;10;70.000;5.000;4.000\n"
    result = import_feed(org, write(tmp_path, "jan-herzien.csv", changed), "costs", actor="test")
    assert (result.inserted, result.updated, result.unchanged) == (1, 1, 2)
    rows = {(r[0], r[1]): r for r in _costs(org)}
    assert len(rows) == 4
    assert rows[("ICT", dt.date(2006, 1, 1))][2:4] == (40.0, Decimal("292000.00"))
    audits = org.execute("SELECT count(*) FROM audit_log WHERE detail LIKE 'feed costs%'").fetchone()[0]
    assert audits == 2


def test_xlsx_with_english_headers(org, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path,
        "costs.xlsx",
        [
            ["Directorate", "Month", "FTE", "Personnel cost", "Material budget", "Material spend"],
            ["ICT", dt.datetime(2006, 3, 31), 39.5, 288350, 110000, 99999.99],
        ],
    )
    result = import_feed(org, path, "costs", actor="test")
    assert result.inserted == 1
    assert _costs(org) == [
        ("ICT", dt.date(2006, 3, 1), 39.5, Decimal("288350.00"), Decimal("110000.00"), Decimal("99999.99"))
    ]


HEADER = "Directie;Maand;FTE;Personeelskosten;Materieel budget;Materieel realisatie\n"
# case: (file text, line, column, words in the reason)
BAD = {
    "negative_fte": (HEADER + "ICT;2006-01;-3;1;1;1\n", 2, "FTE", "negative"),
    "unknown_directorate": (
        HEADER + "ICT;2006-01;1;1;1;1\nXYZ;2006-01;1;1;1;1\n",
        3,
        "Directie",
        "unknown directorate 'XYZ'",
    ),
    "text_in_number": (HEADER + "ICT;2006-01;1;veel;1;1\n", 2, "Personeelskosten", "'veel' is not a number"),
    "bad_month": (HEADER + "ICT;2006-13;1;1;1;1\n", 2, "Maand", "not a month"),
    "empty_required": (HEADER + "ICT;2006-01;1;1;;1\n", 2, "Materieel budget", "required"),
    "duplicate_key": (HEADER + "ICT;2006-01;1;1;1;1\nICT;01-2006;2;2;2;2\n", 3, "Directie", "also on line 2"),
    "renamed_column": (HEADER.replace("FTE", "Formatie") + "ICT;2006-01;1;1;1;1\n", None, "FTE", "no column"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_names_row_and_field_and_changes_nothing(org, tmp_path: Path, case: str) -> None:
    import_feed(org, write(tmp_path, "basis.csv", GOOD), "costs", actor="test")
    text, line, column, reason = BAD[case]
    before = snapshot(org)
    with pytest.raises(FeedRejected) as caught:
        import_feed(org, write(tmp_path, f"{case}.csv", text), "costs", actor="test")
    problems = caught.value.problems
    assert any(p.line == line and p.column == column and reason in p.reason for p in problems), [
        p.text() for p in problems
    ]
    assert snapshot(org) == before


def test_old_xls_and_empty_file_are_refused(org, tmp_path: Path) -> None:
    before = snapshot(org)
    for name, data in (("oud.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100), ("leeg.csv", b"")):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(FileRejected):
            import_feed(org, path, "costs", actor="test")
    assert snapshot(org) == before


def test_quarantine_loads_good_rows_and_keeps_bad_ones(org, tmp_path: Path) -> None:
    text = GOOD + "XYZ;2006-01;1;1;1;1\n"
    result = import_feed(org, write(tmp_path, "k.csv", text), "costs", actor="test", quarantine=True)
    assert (result.inserted, result.rejected) == (3, 1)
    rows = org.execute("SELECT line_no, field, reason FROM import_quarantine").fetchall()
    assert rows == [(5, "Directie", "unknown directorate 'XYZ' (load it in the reference workbook first)")]
    held = quarantine_rows(org, "nl")  # on the Dutch page: in Dutch, from the stored message
    assert held["reason"].tolist() == ["onbekende directie 'XYZ' (laad die eerst in het referentiewerkboek)"]
    assert org.execute("SELECT outcome FROM import_log").fetchall() == [("quarantined",)]


def test_cli_publishes_and_rejects(org, tmp_path: Path, capsys) -> None:
    db = Path(
        org.execute(
            "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchone()[0]
    )
    org.close()
    good = write(tmp_path, "kosten.csv", GOOD)
    assert main(["import-feed", "--db", str(db), "--feed", "costs", str(good)]) == 0
    out = capsys.readouterr().out
    assert "3 added" in out and "published as version" in out
    assert main(["import-feed", "--db", str(db), "--feed", "costs", str(good)]) == 0
    assert "already imported" in capsys.readouterr().out
    bad = write(tmp_path, "fout.csv", BAD["negative_fte"][0])
    assert main(["import-feed", "--db", str(db), "--feed", "costs", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 2, column 'FTE'" in err and "negative" in err
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*), sum(fte) FROM cost").fetchone() == (3, 102.5)
    finally:
        con.close()


def test_file_over_the_row_limit_is_refused_naming_the_setting(org, tmp_path: Path) -> None:
    from gdmetrics.importing import Limits

    before = snapshot(org)
    small = Limits(rows=2, columns=500, cell_chars=1000, xlsx_unpacked_bytes=10 * 2**20)
    with pytest.raises(FileRejected) as caught:
        import_feed(org, write(tmp_path, "groot.csv", GOOD), "costs", actor="test", limits=small)
    assert "GD_IMPORT_MAX_ROWS" in str(caught.value)
    assert snapshot(org) == before
