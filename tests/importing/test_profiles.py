"""Shipped profiles: each loads and reads its own kind of export; a dropped-in profile works."""

from __future__ import annotations

import datetime as dt

import pytest

from gdmetrics.importing import ProfileError, available_profiles, import_bytes, import_file, load_profile
from gdmetrics.importing import profiles as profiles_module

from .conftest import FIXTURES

T = dt.datetime


def test_the_five_shipped_profiles_load():
    assert {"topdesk", "servicenow", "jsm", "hpsm", "generic"} <= set(available_profiles())
    for name in ("topdesk", "servicenow", "jsm", "hpsm", "generic"):
        assert load_profile(name).name == name


def test_servicenow_event_log_gives_one_ticket_per_incident_with_latest_state(con):
    result = import_file(con, FIXTURES / "servicenow_eventlog.csv", "servicenow")
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (8, 2, 0)
    rows = con.execute(
        "SELECT id, source, source_id, status, priority, channel, registered_at, resolved_at, closed_at, "
        "reassignment_count, source_sla_met, source_updated_at FROM ticket WHERE source = 'servicenow' "
        "ORDER BY id"
    ).fetchall()
    assert rows == [
        (
            "servicenow:INC0000045",
            "servicenow",
            "INC0000045",
            "gesloten",
            3,
            "telefoon",
            T(2016, 2, 29, 1, 16),
            T(2016, 3, 1, 11, 0),
            T(2016, 3, 6, 12, 0),
            2,
            False,  # made_sla of the latest row, not of the earlier ones
            T(2016, 3, 6, 12, 0),
        ),
        (
            "servicenow:INC0000047",
            "servicenow",
            "INC0000047",
            "in_behandeling",
            2,
            "email",
            T(2016, 2, 29, 4, 40),
            None,
            None,
            1,
            True,
            T(2016, 2, 29, 5, 10),
        ),
    ]
    # The on-hold period is rebuilt from the states: Awaiting User Info until the next Active.
    assert con.execute("SELECT * FROM ticket_pause").fetchall() == [
        ("servicenow:INC0000045", T(2016, 2, 29, 10, 0), T(2016, 3, 1, 9, 30), "wacht")
    ]
    # Groups are not known directorates: registered for mapping, not dropped.
    unmapped = con.execute("SELECT field, value, row_count FROM unmapped_value ORDER BY 1, 2").fetchall()
    assert ("directorate", "Group 24", 1) in unmapped
    assert ("directorate", "Group 70", 1) in unmapped


def test_servicenow_updated_export_updates_in_place_and_latest_wins(con):
    import_file(con, FIXTURES / "servicenow_eventlog.csv", "servicenow")
    result = import_file(con, FIXTURES / "servicenow_eventlog_update.csv", "servicenow")
    assert (result.rows_loaded, result.rows_updated, result.rows_older) == (0, 1, 1)
    rows = con.execute(
        "SELECT source_id, status, channel, resolved_at FROM ticket WHERE source = 'servicenow' ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("INC0000045", "gesloten", "telefoon", T(2016, 3, 1, 11, 0)),  # the older state did not win
        ("INC0000047", "opgelost", "servicepagina", T(2016, 3, 2, 16, 0)),
    ]


def test_topdesk_export_maps_dutch_columns_and_values(con):
    con.execute("INSERT INTO directorate VALUES ('ICT', 'ICT', 'ICT', 'backoffice')")
    result = import_file(con, FIXTURES / "topdesk.csv", "topdesk")
    assert (result.rows_loaded, result.rows_rejected) == (3, 0)
    rows = con.execute(
        "SELECT source_id, status, priority, channel, kind, directorate_code, reopen_count, source_sla_met, "
        "source_target_at FROM ticket WHERE source = 'topdesk' ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("M2401 001", "gesloten", 3, "telefoon", "melding", "ICT", 0, True, T(2024, 1, 3, 9, 12)),
        ("M2401 002", "wacht", 2, "servicepagina", "verzoek", None, 0, None, T(2024, 1, 4, 10, 5)),
        ("M2401 003", "gesloten", 3, "email", "klacht", "ICT", 1, False, T(2024, 1, 4, 14, 30)),
    ]
    unmapped = con.execute("SELECT field, value, row_count FROM unmapped_value ORDER BY 1, 2").fetchall()
    assert unmapped == [
        ("client", "DGOO-DIR1", 2),
        ("client", "Directie Onbekend", 1),
        ("directorate", "Facilitair", 1),
        ("product", "Toegangspas", 1),
        ("product", "Werkplek", 2),
    ]


def test_jsm_export(con):
    result = import_file(con, FIXTURES / "jsm.csv", "jsm")
    assert (result.rows_loaded, result.rows_rejected) == (2, 0)
    rows = con.execute(
        "SELECT source_id, status, priority, channel, kind, registered_at, resolved_at FROM ticket "
        "WHERE source = 'jsm' ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("GDSD-101", "opgelost", 2, "servicepagina", "melding", T(2024, 3, 12, 15, 15), T(2024, 3, 13, 9, 0)),
        ("GDSD-102", "wacht", 3, "email", "verzoek", T(2024, 3, 12, 16, 0), None),
    ]


def test_a_saved_mapping_is_used_by_the_next_import(con):
    from gdmetrics.importing import set_mapping

    con.execute("INSERT INTO directorate VALUES ('FAZ', 'Facilitaire Zaken', 'Facilities', 'backoffice')")
    import_file(con, FIXTURES / "topdesk.csv", "topdesk")
    set_mapping(con, "topdesk", "directorate", "Facilitair", "FAZ", actor="test")
    with pytest.raises(ValueError, match="not a known directorate") as refused:
        set_mapping(con, "topdesk", "directorate", "Facilitair", "NOPE", actor="test")
    assert refused.value.in_lang("nl") == "'NOPE' is geen bekende code voor directorate"  # the Dutch page
    import_file(con, FIXTURES / "topdesk.csv", "topdesk", force=True)
    got = con.execute("SELECT directorate_code FROM ticket WHERE source_id = 'M2401 002'").fetchall()
    assert got == [("FAZ",)]


def test_a_user_adds_a_profile_by_dropping_a_file(con, tmp_path, monkeypatch):
    monkeypatch.setattr(profiles_module, "USER_DIR", tmp_path)
    (tmp_path / "mijnsysteem.toml").write_text(
        """
title = "Mijn systeem"
[ticket]
detect = ["Nr"]
[ticket.columns]
source_id = "Nr"
registered_at = "Gemeld"
status = "Stand"
[ticket.defaults]
priority = "3"
channel = "onbekend"
[ticket.values.status]
"klaar" = "gesloten"
""",
        encoding="utf-8",
    )
    assert "mijnsysteem" in available_profiles()
    result = import_bytes(con, b"Nr;Gemeld;Stand\n7;1-2-2024 10:00;klaar\n", "x.csv", "mijnsysteem")
    assert result.rows_loaded == 1
    assert con.execute("SELECT id, status, priority FROM ticket WHERE source = 'mijnsysteem'").fetchall() == [
        ("mijnsysteem:7", "gesloten", 3)
    ]


def test_a_broken_profile_says_what_is_wrong(tmp_path):
    path = tmp_path / "kapot.toml"
    path.write_text('[ticket]\ndetect = ["a"]\n[ticket.columns]\nsource_id = "a"\nstatus = "s"\n')
    with pytest.raises(ProfileError, match="must map 'registered_at'") as broken:
        load_profile(path)
    # on the Dutch page in Dutch, naming the section and the field (pydantic's own checks too)
    assert broken.value.in_lang("nl") == (
        "profiel kapot.toml is niet geldig: ticket: [ticket.columns] moet 'registered_at' koppelen"
    )
    path.write_text('name = "Kapot!"\n' + path.read_text())
    assert "name: mag alleen kleine letters" in pytest.raises(ProfileError, load_profile, path).value.in_lang(
        "nl"
    )
    with pytest.raises(ProfileError, match="unknown profile 'nope'"):
        load_profile("nope")


def test_the_readme_profile_example_is_a_valid_profile(tmp_path):
    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Adding a profile", 1)[1]
    example = section.split("```toml", 1)[1].split("```", 1)[0]
    path = tmp_path / "mijnsysteem.toml"
    path.write_text(example, encoding="utf-8")
    profile = load_profile(path)
    assert profile.source == "mijnsysteem"
    for name in ("topdesk", "servicenow", "jsm", "hpsm", "generic"):
        assert f"`{name}`" in readme


def test_a_profile_reads_moments_without_offset_in_its_time_zone(con, tmp_path):
    """Issue 13 item 7. A UTC export without offsets: 2024-01-15 09:00 UTC is 10:00 in Amsterdam
    (winter, +1), 2024-07-15 09:00 UTC is 11:00 (summer, +2); a moment with an offset keeps
    being converted by its offset. (Before: 09:00, shifted by one or two hours.)"""
    path = tmp_path / "utc.toml"
    path.write_text(
        'source = "utc"\ntimezone = "UTC"\n[ticket]\ndetect = ["Nr"]\n[ticket.columns]\n'
        'source_id = "Nr"\nregistered_at = "Gemeld"\n[ticket.defaults]\npriority = "3"\nchannel = "onbekend"\n'
        'status = "nieuw"\n',
        encoding="utf-8",
    )
    data = b"Nr;Gemeld\n1;2024-01-15 09:00\n2;2024-07-15 09:00\n3;2024-07-15T09:00:00+00:00\n4;15-01-2024 09:00\n"
    result = import_bytes(con, data, "utc.csv", path)
    assert result.rows_loaded == 4
    got = con.execute(
        "SELECT source_id, registered_at FROM ticket WHERE source = 'utc' ORDER BY 1"
    ).fetchall()
    assert got == [
        ("1", T(2024, 1, 15, 10)),
        ("2", T(2024, 7, 15, 11)),
        ("3", T(2024, 7, 15, 11)),
        ("4", T(2024, 1, 15, 10)),
    ]
    with pytest.raises(ProfileError, match="unknown time zone"):
        path.write_text(path.read_text().replace('"UTC"', '"Mars/Olympus"'), encoding="utf-8")
        load_profile(path)


def test_a_saved_channel_mapping_is_checked_used_and_audited(con):
    """Issue 12, items 5 and 4: the mapping form accepted any channel code, a saved channel mapping
    was ignored at the next import (the page says it applies), and a mapping wrote no audit line."""
    from gdmetrics.importing import set_mapping

    data = b"id;registered_at;status;priority;channel\r\nD1;2023-12-05 09:00;opgelost;3;Postduif\r\n"
    import_bytes(con, data, "duif.csv", "generic")
    assert con.execute("SELECT channel FROM ticket WHERE source_id = 'D1'").fetchall() == [("onbekend",)]
    with pytest.raises(ValueError, match="not a known channel"):
        set_mapping(con, "generic", "channel", "Postduif", "postduif", actor="fb@minbzk.nl")
    before = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    set_mapping(con, "generic", "channel", "Postduif", "post", actor="fb@minbzk.nl")
    lines = con.execute("SELECT actor, action, detail FROM audit_log ORDER BY id").fetchall()[before:]
    assert lines == [("fb@minbzk.nl", "import", "mapping generic / channel / Postduif -> post")]
    import_bytes(con, data, "duif.csv", "generic", force=True)
    assert con.execute("SELECT channel FROM ticket WHERE source_id = 'D1'").fetchall() == [("post",)]


def test_an_import_writes_its_audit_line_in_its_own_transaction(con, monkeypatch):
    """Issue 12, item 4: the success line was written after the import's commit, in a transaction
    of its own. With `actor`, rows and line commit together, and a failure leaves neither."""
    from gdmetrics.importing import loader

    data = b"id;registered_at;status;priority;channel\r\nA1;2023-12-06 09:00;opgelost;3;post\r\n"

    def audit_lines() -> int:
        return con.execute("SELECT count(*) FROM audit_log WHERE action = 'import'").fetchone()[0]

    before, tickets = audit_lines(), con.execute("SELECT count(*) FROM ticket").fetchone()[0]

    def broken(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "refresh_ticket_sla", broken)
    with pytest.raises(RuntimeError):
        import_bytes(con, data, "a.csv", "generic", actor="fb@minbzk.nl")
    assert (audit_lines(), con.execute("SELECT count(*) FROM ticket").fetchone()[0]) == (before, tickets)
    monkeypatch.undo()
    import_bytes(con, data, "a.csv", "generic", actor="fb@minbzk.nl")
    assert audit_lines() == before + 1
    line = con.execute("SELECT actor, detail FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert line[0] == "fb@minbzk.nl" and line[1].startswith("a.csv (generic): ")


def test_reopened_at_is_stored_and_comes_back_through_the_topdesk_export(con, tmp_path):
    """Issue 13 item 7: the moment a ticket was reopened was read and then dropped. A TOPdesk
    export with 'Datum heropend' stores it; exported with the TOPdesk profile and imported again
    into a new database, it comes back. A UTC profile writes the moment in UTC (10:00 in
    Amsterdam in winter is 09:00 UTC) and reads it back as 10:00."""
    from gdmetrics.db import connect
    from gdmetrics.importing.export import export_tickets

    data = (
        b"Incidentnummer;Aanmelddatum;Datum gereed;Datum heropend;Verwerkingsstatus;Prioriteit\n"
        b"M9;05-02-2024 09:00;07-02-2024 10:00;06-02-2024 10:00;Gereed;P3\n"
    )
    assert import_bytes(con, data, "heropend.csv", "topdesk").rows_loaded == 1
    stored = "SELECT reopened_at, reopen_count FROM ticket WHERE source_id = 'M9'"
    assert con.execute(stored).fetchall() == [(T(2024, 2, 6, 10), 1)]
    csv = export_tickets(con, load_profile("topdesk"))
    assert "Datum heropend" in csv.decode("utf-8-sig").splitlines()[0]
    other = connect(tmp_path / "terug.duckdb")
    import_bytes(other, csv, "terug.csv", "topdesk")
    assert other.execute(stored).fetchall() == [(T(2024, 2, 6, 10), 1)]
    utc = load_profile("topdesk").model_copy(update={"timezone": "UTC"})
    assert "06-02-2024 09:00:00" in export_tickets(con, utc).decode("utf-8-sig")
