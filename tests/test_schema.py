"""The schema: every table of the domain, its constraints, and the version check."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from gdmetrics.db import connect, table_counts
from gdmetrics.schema import ACCESS_DDL, SCHEMA_VERSION, TABLES, SchemaVersionError

DOMAIN_TABLES = {
    "directorate",
    "accountmanager",
    "client",
    "product",
    "product_norm",
    "default_norm",
    "pattern",
    "pattern_step",
    "pattern_instance",
    "mantel_agreement",
    "mantel_standard",
    "dva",
    "dva_line",
    "ticket",
    "ticket_pause",
    "complaint",
    "escalation",
    "cost",
    "charge",
    "quote",
}


def test_new_database_has_every_domain_table_and_its_version(tmp_path):
    con = connect(tmp_path / "new.duckdb")
    assert DOMAIN_TABLES <= set(TABLES)
    assert set(table_counts(con)) == set(TABLES)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        str(SCHEMA_VERSION),
    )


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("INSERT INTO client VALUES ('D9', 'x', 'directie', NULL, NULL)", "CHECK constraint"),
        ("INSERT INTO client VALUES ('D9', 'x', 'directie', 'NOPE', NULL)", "foreign key"),
        ("INSERT INTO directorate VALUES ('X', 'x', 'x', 'kantine')", "CHECK constraint"),
        ("INSERT INTO cost VALUES ('FAZ', DATE '2004-01-15', 1, 1, 1, 1)", "CHECK constraint"),
        ("INSERT INTO dva_line VALUES ('NOPE', 1, 'P', NULL, NULL, NULL, 0.9, NULL, NULL)", "foreign key"),
        (
            "INSERT INTO ticket (id, registered_at, resolved_at, channel, priority, status) VALUES "
            "('T', TIMESTAMP '2004-01-02 10:00', TIMESTAMP '2004-01-01 10:00', 'telefoon', 3, 'opgelost')",
            "CHECK constraint",
        ),
        (
            "INSERT INTO ticket (id, registered_at, channel, priority, status) VALUES "
            "('T', TIMESTAMP '2004-01-02 10:00', 'duif', 3, 'nieuw')",
            "CHECK constraint",
        ),
        (
            "INSERT INTO ticket (id, registered_at, channel, priority, status) VALUES "
            "('T', TIMESTAMP '2004-01-02 10:00', 'telefoon', 9, 'nieuw')",
            "CHECK constraint",
        ),
    ],
)
def test_constraints_refuse_impossible_rows(tmp_path, statement, message):
    con = connect(tmp_path / "c.duckdb")
    con.execute(
        "INSERT INTO directorate VALUES ('FAZ', 'Facilitaire Zaken', 'Facility services', 'backoffice')"
    )
    with pytest.raises(duckdb.ConstraintException, match=message):
        con.execute(statement)


def test_database_of_another_version_gives_a_clear_message(tmp_path):
    path = tmp_path / "future.duckdb"
    connect(path).execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(
        SchemaVersionError, match="was written by schema version 99; this GD Dashboard needs version"
    ):
        connect(path)


def test_foreign_file_is_named_as_not_ours(tmp_path):
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).execute("CREATE TABLE something (x INTEGER)").close()
    with pytest.raises(SchemaVersionError, match="is not a GD Dashboard database"):
        connect(path)


def test_version_1_database_is_upgraded_when_opened_for_writing(tmp_path):
    path = tmp_path / "v1.duckdb"
    con = connect(path)
    for table in ("audit_log", "user_client_scope", "user_role"):
        con.execute(f"DROP TABLE {table}")
    con.execute("DROP SEQUENCE audit_seq")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(SchemaVersionError, match="schema version 1"):
        connect(path, read_only=True)
    con = connect(path)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        str(SCHEMA_VERSION),
    )
    con.execute(
        "INSERT INTO audit_log (happened_at, actor, action) VALUES ($t, 'a@b.nl', 'sign_in')",
        {"t": dt.datetime(2026, 1, 1)},
    )
    assert len(ACCESS_DDL) == 4


def test_version_4_database_loses_the_ticket_foreign_keys_and_keeps_its_rows(tmp_path):
    """Version 5 rebuilds the ticket tables without foreign keys (schema.UNCHECKED_REFERENCES).
    A version 4 file (the ticket pause's foreign key put back) keeps every row of them."""
    from gdmetrics.schema import UNCHECKED_REFERENCES, ddl_of

    path = tmp_path / "v4.duckdb"
    con = connect(path)
    con.execute("DROP TABLE ticket_pause")
    _ticket_with_primary_key(con)  # as before version 8
    con.execute(
        ddl_of("ticket_pause").replace("NOT NULL,  -- ticket (id)", "NOT NULL REFERENCES ticket (id),")
    )
    con.execute("INSERT INTO client VALUES ('D1', 'DG 1', 'dg', NULL, NULL)")
    con.execute(
        "INSERT INTO ticket (id, registered_at, channel, priority, status, client_code) "
        "VALUES ('T1', TIMESTAMP '2004-01-02 10:00', 'telefoon', 3, 'wacht', 'D1')"
    )
    con.execute("INSERT INTO ticket_pause VALUES ('T1', TIMESTAMP '2004-01-02 11:00', NULL, 'wacht')")
    con.execute(
        "INSERT INTO escalation (id, ticket_id, escalated_at, client_code, reason) "
        "VALUES ('E1', 'T1', TIMESTAMP '2004-01-03 10:00', 'D1', 'buiten_pakket')"
    )
    con.execute(
        "INSERT INTO quote (id, client_code, description, amount, status, requested_on, escalation_id) "
        "VALUES ('Q1', 'D1', 'maatwerk', 10, 'concept', DATE '2004-01-04', 'E1')"
    )
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    con.close()
    con = connect(path)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        str(SCHEMA_VERSION),
    )
    counts = [
        con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("ticket", "ticket_pause", "escalation", "quote")
    ]
    assert counts == [1, 1, 1, 1]
    on_tickets = con.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY' "
        "AND (table_name = 'ticket' OR referenced_table = 'ticket')"
    ).fetchone()[0]
    assert on_tickets == 0
    assert ("ticket_pause", "ticket_id", "ticket", "id") in UNCHECKED_REFERENCES
    con.execute("UPDATE ticket SET client_code = NULL WHERE id = 'T1'")  # a referenced key now changes


def _ticket_with_primary_key(con):
    from gdmetrics.schema import ddl_of

    con.execute("DROP TABLE ticket")
    con.execute(ddl_of("ticket").replace("id                  VARCHAR NOT NULL,", "id VARCHAR PRIMARY KEY,"))


def test_version_7_database_loses_the_ticket_primary_key_and_keeps_its_rows_in_registration_order(tmp_path):
    """Version 8 rebuilds the ticket table without its primary key (schema.TICKET_ID): every row
    stays, written again in registration order."""
    path = tmp_path / "v7.duckdb"
    con = connect(path)
    _ticket_with_primary_key(con)
    for i, day in enumerate((5, 2, 9, 3)):
        con.execute(
            "INSERT INTO ticket (id, registered_at, channel, priority, status) "
            "VALUES ($id, $at, 'telefoon', 3, 'nieuw')",
            {"id": f"T{i}", "at": dt.datetime(2004, 1, day, 10)},
        )
    con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    con.close()
    con = connect(path)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        str(SCHEMA_VERSION),
    )
    assert con.execute("SELECT id FROM ticket ORDER BY rowid").fetchall() == [
        ("T1",),
        ("T3",),
        ("T0",),
        ("T2",),
    ]
    keys = con.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'ticket' AND constraint_type = 'PRIMARY KEY'"
    ).fetchone()[0]
    assert keys == 0


def test_cli_says_so_in_one_line(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "future.duckdb"
    connect(path).execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    out = subprocess.run(
        [sys.executable, "-m", "gdmetrics", "figure", "ticket_volume", "--db", str(path)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert out.stderr.startswith("error: ") and "schema version 99" in out.stderr
