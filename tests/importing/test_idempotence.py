"""Importing the same file twice changes nothing; an updated export updates in place by id."""

from __future__ import annotations

import datetime as dt

from gdmetrics.importing import import_bytes

from .conftest import BASE_TICKETS, snapshot

T = dt.datetime
FIRST = (
    b"id;registered_at;resolved_at;status;priority;channel;paused_at;resumed_at\n"
    b"U1;2024-01-02 09:00;;wacht;3;email;2024-01-02 10:00;\n"
    b"U2;2024-01-02 10:00;2024-01-02 12:00;opgelost;2;telefoon;;\n"
)
UPDATED = (
    b"id;registered_at;resolved_at;status;priority;channel;paused_at;resumed_at\n"
    b"U1;2024-01-02 09:00;2024-01-04 16:00;opgelost;3;email;2024-01-02 10:00;2024-01-03 09:00\n"
    b"U2;2024-01-02 10:00;2024-01-02 12:00;opgelost;2;telefoon;;\n"
    b"U3;2024-01-05 08:30;;nieuw;4;balie;;\n"
)


def test_same_file_twice_leaves_every_table_identical(con):
    import_bytes(con, FIRST, "export.csv", "generic")
    before = snapshot(con)
    again = import_bytes(con, FIRST, "export-kopie.csv", "generic")
    assert again.already_imported
    assert "already imported" in again.summary() and "nothing changed" in again.summary()
    assert snapshot(con) == before


def test_same_rows_in_other_bytes_change_no_ticket(con):
    import_bytes(con, FIRST, "export.csv", "generic")
    before = snapshot(con)
    result = import_bytes(con, FIRST.replace(b"\n", b"\r\n"), "export-crlf.csv", "generic")
    assert (result.rows_loaded, result.rows_updated, result.rows_unchanged) == (0, 0, 2)
    after = snapshot(con)
    for table in ("ticket", "ticket_pause", "interaction", "unmapped_value"):
        assert after[table] == before[table], table


def test_updated_export_updates_in_place_and_never_duplicates(con):
    import_bytes(con, FIRST, "export-jan.csv", "generic")
    result = import_bytes(con, UPDATED, "export-feb.csv", "generic")
    assert (result.rows_read, result.rows_loaded, result.rows_updated, result.rows_unchanged) == (3, 1, 1, 1)
    tickets = con.execute(
        "SELECT id, status, resolved_at FROM ticket WHERE source_id LIKE 'U%' ORDER BY id"
    ).fetchall()
    assert tickets == [
        ("generic:U1", "opgelost", T(2024, 1, 4, 16, 0)),
        ("generic:U2", "opgelost", T(2024, 1, 2, 12, 0)),
        ("generic:U3", "nieuw", None),
    ]
    # U1's pause (referencing the ticket by foreign key) was replaced, not duplicated.
    assert con.execute("SELECT * FROM ticket_pause ORDER BY ticket_id").fetchall() == [
        ("generic:U1", T(2024, 1, 2, 10, 0), T(2024, 1, 3, 9, 0), None)
    ]
    log = con.execute("SELECT file_name, rows_read, rows_loaded, rows_updated, rows_rejected FROM import_log")
    assert log.fetchall() == [
        ("basis.csv", 2, 2, 0, 0),
        ("export-jan.csv", 2, 2, 0, 0),
        ("export-feb.csv", 3, 1, 1, 0),
    ]


def test_an_older_export_does_not_overwrite_a_later_state(con):
    import_bytes(con, UPDATED, "export-feb.csv", "generic")
    result = import_bytes(con, FIRST, "export-jan.csv", "generic")
    assert (result.rows_updated, result.rows_older) == (0, 1)
    assert con.execute("SELECT status FROM ticket WHERE id = 'generic:U1'").fetchall() == [("opgelost",)]


def test_update_of_a_ticket_referenced_by_complaint_and_pause(con):
    """Tickets with referencing rows are updated in place (no delete and insert)."""
    con.execute(
        "INSERT INTO complaint (id, received_at, category, ticket_id) "
        "VALUES ('K1', '2023-12-02', 'doorlooptijd', 'generic:B1')"
    )
    con.execute("INSERT INTO ticket_pause VALUES ('generic:B2', '2023-12-04 11:00', NULL, 'wacht')")
    changed = BASE_TICKETS.replace(
        b"B2;2023-12-04 10:00;;wacht", b"B2;2023-12-04 10:00;2023-12-05 10:00;opgelost"
    )
    changed = changed.replace(
        b"B1;2023-12-01 09:00;2023-12-01 15:00;opgelost;3", b"B1;2023-12-01 09:00;2023-12-01 15:00;gesloten;3"
    )
    result = import_bytes(con, changed, "basis-v2.csv", "generic")
    assert result.rows_updated == 2
    assert con.execute("SELECT id, status FROM ticket ORDER BY id").fetchall() == [
        ("generic:B1", "gesloten"),
        ("generic:B2", "opgelost"),
    ]
    assert con.execute("SELECT count(*) FROM ticket_pause").fetchall() == [(1,)]
    assert con.execute("SELECT ticket_id FROM complaint").fetchall() == [("generic:B1",)]


def test_sla_verdicts_are_recomputed_with_the_import(con):
    import_bytes(con, UPDATED, "export-feb.csv", "generic")
    ids = {r[0] for r in con.execute("SELECT ticket_id FROM ticket_sla").fetchall()}
    assert {"generic:U1", "generic:U2", "generic:U3"} <= ids


def test_a_referenced_ticket_moves_to_another_directorate(con):
    """A ticket with a pause (or a complaint, an escalation) takes the export's new directorate like
    any other: no foreign key refers to a ticket (schema.UNCHECKED_REFERENCES). Before schema
    version 5, DuckDB refused to change those keys and the import kept the old ones."""
    con.execute("INSERT INTO directorate VALUES ('ICT', 'ICT', 'ICT', 'backoffice')")
    con.execute("INSERT INTO ticket_pause VALUES ('generic:B2', '2023-12-04 11:00', NULL, 'wacht')")
    con.execute(
        "INSERT INTO complaint (id, received_at, category, ticket_id) "
        "VALUES ('K1', '2023-12-02', 'doorlooptijd', 'generic:B2')"
    )
    header, b1, b2 = BASE_TICKETS.decode().splitlines()
    changed = "\r\n".join(
        [header + ";directorate", b1 + ";ICT", b2.replace(";wacht;", ";opgelost;") + ";ICT"]
    )
    result = import_bytes(con, changed.encode(), "basis-ict.csv", "generic")
    assert result.rows_updated == 2
    assert not any("kept" in str(w) or "gebleven" in str(w) for w in result.warnings)
    assert con.execute("SELECT id, status, directorate_code FROM ticket ORDER BY id").fetchall() == [
        ("generic:B1", "opgelost", "ICT"),
        ("generic:B2", "opgelost", "ICT"),
    ]
    assert con.execute("SELECT ticket_id FROM complaint").fetchall() == [("generic:B2",)]


def test_a_re_export_whose_only_change_is_a_pause_updates_the_pause(con):
    """Issue 13 item 2. U1 is on hold since 10:00 in the first export; the next export says the
    hold ended at 15:00 and nothing else. Before, the ticket counted as unchanged (its columns are
    the same and the stand-in for its last update ignored the pause), so the ended pause was lost
    and the clock stayed stopped."""
    head = b"id;registered_at;resolved_at;status;priority;channel;paused_at;resumed_at\n"
    import_bytes(
        con, head + b"U1;2024-01-02 09:00;;in_behandeling;3;email;2024-01-02 10:00;\n", "a.csv", "generic"
    )
    result = import_bytes(
        con,
        head + b"U1;2024-01-02 09:00;;in_behandeling;3;email;2024-01-02 10:00;2024-01-02 15:00\n",
        "b.csv",
        "generic",
    )
    assert (result.rows_updated, result.rows_unchanged) == (1, 0)
    assert con.execute(
        "SELECT paused_at, resumed_at FROM ticket_pause WHERE ticket_id = 'generic:U1'"
    ).fetchall() == [(T(2024, 1, 2, 10, 0), T(2024, 1, 2, 15, 0))]
    # the same export again: nothing to do
    again = import_bytes(
        con,
        head + b"U1;2024-01-02 09:00;;in_behandeling;3;email;2024-01-02 10:00;2024-01-02 15:00\n",
        "c.csv",
        "generic",
    )
    assert again.already_imported or (again.rows_updated, again.rows_unchanged) == (0, 1)
