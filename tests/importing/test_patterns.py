"""A ticket names its pattern case: the case is made from its tickets; an unknown pattern or a
ticket without a client links no case, and the unknown pattern is registered for mapping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gdmetrics.importing import import_bytes
from tests.tiny_org import build_tiny_org

TICKETS = (
    "id;registered_at;resolved_at;status;priority;client;product;pattern;pattern_instance\n"
    "T1;2024-03-04 09:00;2024-03-04 15:00;opgelost;3;D1;WERK;PAT-IN;C1\n"
    "T2;2024-03-05 10:00;2024-03-06 11:00;opgelost;3;D1;LAPTOP;PAT-IN;C1\n"
    "T3;2024-03-05 11:00;;nieuw;3;D1;WERK;ONBEKEND;C2\n"
    "T4;2024-03-05 12:00;;nieuw;3;;WERK;PAT-IN;C3\n"
)


def test_a_case_is_made_from_its_tickets(tmp_path: Path) -> None:
    con = build_tiny_org(tmp_path / "tiny.duckdb")
    con.execute("INSERT INTO pattern VALUES ('PAT-IN', 'Nieuwe medewerker', 'New employee', 80)")
    result = import_bytes(con, TICKETS.encode(), "patronen.csv", "generic")
    assert result.rows_loaded == 4
    assert con.execute("SELECT * FROM pattern_instance").fetchall() == [
        ("generic:C1", "PAT-IN", "D1", dt.datetime(2024, 3, 4, 9, 0))
    ]
    links = dict(con.execute("SELECT source_id, pattern_instance_id FROM ticket").fetchall())
    assert links == {"T1": "generic:C1", "T2": "generic:C1", "T3": None, "T4": None}
    assert con.execute("SELECT field, value FROM unmapped_value WHERE field = 'pattern'").fetchall() == [
        ("pattern", "ONBEKEND")
    ]
    again = import_bytes(con, TICKETS.encode(), "patronen.csv", "generic", force=True)
    assert again.rows_updated == 0 and con.execute("SELECT count(*) FROM pattern_instance").fetchone()[0] == 1
    con.close()
