"""Complaints, SIA escalations, charges and quotes: each from its own file through its profile;
every malformed file names line and column and leaves the database unchanged; the same file
twice changes nothing; a changed row is updated in place by its key."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from gdmetrics.feeds import FeedRejected, import_feed
from gdmetrics.feeds.spec import READY
from tests.feeds.conftest import snapshot, write
from tests.tiny_org import insert_ticket

# feed: (good file, (old text, new text) for a changed row, key of that row, column, new value)
GOOD = {
    "complaints": (
        "Klachtnummer;Ontvangen op;Klant;Directie;Categorie;Melding;Termijn verlengd;Afgehandeld op;Oordeel\n"
        "K-1;03-01-2006 10:15;D1;ICT;bejegening;M1;nee;10-01-2006;gegrond\n"
        "K-2;04-01-2006;JUS;FAZ;informatie;;ja;;\n",
        ("informatie;;ja;;", "informatie;;ja;20-02-2006;deels gegrond"),
        "K-2",
        "outcome",
        "deels_gegrond",
    ),
    "escalations": (
        "Escalatienummer;Melding;Geëscaleerd op;Klant;Reden;Accountmanager;Opgepakt op;Gesloten op;Uitkomst\n"
        "SIA-1;M1;05-01-2006 09:00;D1;buiten_pakket;AM1;05-01-2006 11:00;12-01-2006;beantwoord\n"
        "SIA-2;;06-01-2006 09:00;JUS;strategische_vraag;AM2;;;\n",
        ("AM2;;;", "AM2;06-01-2006 10:00;;"),
        "SIA-2",
        "picked_up_at",
        dt.datetime(2006, 1, 6, 10, 0),
    ),
    "charges": (
        "Klant;Maand;Product;Aantal;Tarief;Bedrag\nD1;2006-01;WERK;120;45,00;5.400,00\nD2;2006-01;WERK;10;45,00;\n",
        ("D2;2006-01;WERK;10;45,00;", "D2;2006-01;WERK;12;45,00;"),
        "D2",
        "amount",
        Decimal("540.00"),
    ),
    "quotes": (
        "Offertenummer;Klant;Product;Omschrijving;Bedrag;Status;Aangevraagd op;Verstuurd op;Besloten op\n"
        "OFF-1;D1;;Maatwerk rapportage;12.500,00;uitgebracht;02-01-2006;16-01-2006;\n"
        "OFF-2;JUS;WERK;Extra werkplekken;3.000;concept;05-01-2006;;\n",
        ("3.000;concept;05-01-2006;;", "3.000;uitgebracht;05-01-2006;09-01-2006;"),
        "OFF-2",
        "status",
        "uitgebracht",
    ),
}
TABLES = {"complaints": "complaint", "escalations": "escalation", "charges": "charge", "quotes": "quote"}
KEY_COLUMN = {"complaints": "id", "escalations": "id", "charges": "client_code", "quotes": "id"}

# feed: case -> (a row replacing the good file's last row, line, column, words of the reason)
BAD = {
    "complaints": {
        "unknown_client": ("K-2;04-01-2006;XYZ;FAZ;informatie;;ja;;", 3, "Klant", "unknown client 'XYZ'"),
        "handled_before_received": (
            "K-2;04-01-2006;JUS;FAZ;informatie;;ja;01-01-2006;",
            3,
            "Afgehandeld op",
            "before",
        ),
        "bad_outcome": ("K-2;04-01-2006;JUS;FAZ;informatie;;ja;05-01-2006;prima", 3, "Oordeel", "not one of"),
        "bad_date": ("K-2;32-01-2006;JUS;FAZ;informatie;;ja;;", 3, "Ontvangen op", "not a date"),
        "unknown_ticket": ("K-2;04-01-2006;JUS;FAZ;informatie;M9;ja;;", 3, "Melding", "unknown ticket 'M9'"),
    },
    "escalations": {
        "unknown_reason": ("SIA-2;;06-01-2006;JUS;boos;AM2;;;", 3, "Reden", "not one of"),
        "missing_client": ("SIA-2;;06-01-2006;;strategische_vraag;AM2;;;", 3, "Klant", "required"),
        "unknown_accountmanager": (
            "SIA-2;;06-01-2006;JUS;strategische_vraag;AM9;;;",
            3,
            "Accountmanager",
            "unknown",
        ),
        "duplicate_id": (
            "SIA-1;;06-01-2006;JUS;strategische_vraag;AM2;;;",
            3,
            "Escalatienummer",
            "also on line 2",
        ),
    },
    "charges": {
        "unknown_product": ("D2;2006-01;NOPE;10;45,00;", 3, "Product", "unknown product 'NOPE'"),
        "negative_quantity": ("D2;2006-01;WERK;-1;45,00;", 3, "Aantal", "negative"),
        "text_in_tariff": ("D2;2006-01;WERK;1;gratis;", 3, "Tarief", "not a number"),
        "bad_month": ("D2;13-2006;WERK;1;1;", 3, "Maand", "not a month"),
    },
    "quotes": {
        "unknown_status": ("OFF-2;JUS;WERK;Extra;3.000;misschien;05-01-2006;;", 3, "Status", "not one of"),
        "sent_before_requested": (
            "OFF-2;JUS;WERK;Extra;3.000;concept;05-01-2006;01-01-2006;",
            3,
            "Verstuurd op",
            "before",
        ),
        "missing_description": ("OFF-2;JUS;WERK;;3.000;concept;05-01-2006;;", 3, "Omschrijving", "required"),
        "negative_amount": ("OFF-2;JUS;WERK;Extra;-5;concept;05-01-2006;;", 3, "Bedrag", "negative"),
    },
}


@pytest.fixture
def with_ticket(org):
    insert_ticket(org, "topdesk:M1", dt.datetime(2006, 1, 2, 9, 0), client_code="D1", directorate_code="ICT")
    return org


def _rows(con, feed: str) -> list[tuple]:
    return sorted(con.execute(f"SELECT * FROM {TABLES[feed]}").fetchall(), key=repr)


@pytest.mark.parametrize("feed", sorted(GOOD))
def test_feed_loads_is_idempotent_and_updates_in_place(with_ticket, tmp_path: Path, feed: str) -> None:
    con = with_ticket
    text, (old, new), key, column, value = GOOD[feed]
    path = write(tmp_path, f"{feed}.csv", text)
    result = import_feed(con, path, feed, actor="test")
    assert (result.rows_read, result.inserted, result.rejected) == (2, 2, 0)
    assert len(_rows(con, feed)) == 2
    before = snapshot(con)
    assert import_feed(con, path, feed, actor="test").already_imported
    assert snapshot(con) == before
    assert old in text
    changed = import_feed(con, write(tmp_path, f"{feed}-2.csv", text.replace(old, new)), feed, actor="test")
    assert (changed.inserted, changed.updated, changed.unchanged) == (0, 1, 1)
    assert len(_rows(con, feed)) == 2
    got = con.execute(
        f"SELECT {column} FROM {TABLES[feed]} WHERE {KEY_COLUMN[feed]} = $k", {"k": key}
    ).fetchall()
    assert got == [(value,)]
    audits = con.execute(
        "SELECT count(*) FROM audit_log WHERE detail LIKE $p", {"p": f"feed {feed} %"}
    ).fetchone()
    assert audits == (2,)


CASES = [(feed, case) for feed in sorted(BAD) for case in sorted(BAD[feed])]


@pytest.mark.parametrize(("feed", "case"), CASES)
def test_bad_file_names_line_and_column_and_changes_nothing(
    with_ticket, tmp_path: Path, feed: str, case: str
) -> None:
    con = with_ticket
    text = GOOD[feed][0]
    import_feed(con, write(tmp_path, "basis.csv", text), feed, actor="test")
    row, line, column, reason = BAD[feed][case]
    lines = text.splitlines()
    bad = "\n".join([*lines[:-1], row]) + "\n"
    before = snapshot(con)
    with pytest.raises(FeedRejected) as caught:
        import_feed(con, write(tmp_path, f"{case}.csv", bad), feed, actor="test")
    problems = caught.value.problems
    assert any(p.line == line and p.column == column and reason in p.reason for p in problems), [
        p.text() for p in problems
    ]
    assert snapshot(con) == before


def test_every_feed_is_offered() -> None:
    assert set(READY) == {"costs", *GOOD}


def test_escalation_referenced_by_a_quote_is_updated_in_place(with_ticket, tmp_path: Path) -> None:
    con = with_ticket
    esc = GOOD["escalations"][0]
    import_feed(con, write(tmp_path, "sia.csv", esc), "escalations", actor="test")
    quotes = (
        "Offertenummer;Klant;Omschrijving;Bedrag;Status;Aangevraagd op;Escalatie\n"
        "OFF-9;D1;Maatwerk na escalatie;1000;concept;13-01-2006;SIA-1\n"
    )
    assert import_feed(con, write(tmp_path, "off.csv", quotes), "quotes", actor="test").inserted == 1
    changed = esc.replace("12-01-2006;beantwoord", "12-01-2006;maatwerkofferte")
    result = import_feed(con, write(tmp_path, "sia-2.csv", changed), "escalations", actor="test")
    assert result.updated == 1
    assert con.execute("SELECT outcome FROM escalation WHERE id = 'SIA-1'").fetchall() == [
        ("maatwerkofferte",)
    ]
    # Its client cannot change while a quote refers to it: the line is named, nothing changes.
    before = snapshot(con)
    moved = changed.replace("SIA-1;M1;05-01-2006 09:00;D1", "SIA-1;M1;05-01-2006 09:00;D2")
    with pytest.raises(FeedRejected) as caught:
        import_feed(con, write(tmp_path, "sia-3.csv", moved), "escalations", actor="test")
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "client_code")]
    assert snapshot(con) == before
