"""A tiny hand-made organisation for golden tests: every number in it is small enough to count."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from gdmetrics.calendar import ensure_calendar
from gdmetrics.db import connect
from gdmetrics.settings import Settings

REFERENCE_ROWS: dict[str, list[tuple]] = {
    "directorate": [
        ("FAZ", "Facilitaire Zaken", "Facility Services", "backoffice"),
        ("ICT", "Informatie- en Communicatietechnologie", "ICT", "backoffice"),
        ("SD", "Servicedesk", "Service desk", "servicedesk"),
    ],
    "accountmanager": [("AM1", "Anna de Vries", None), ("AM2", "Bram Jansen", None)],
    "client": [
        ("DG1", "DG Een", "dg", None, "AM1"),
        ("D1", "Directie Een", "directie", "DG1", "AM1"),
        ("D2", "Directie Twee", "directie", "DG1", "AM2"),
        ("JUS", "Ministerie van Justitie", "derde", None, "AM2"),
    ],
    # code, name, name_en, directorate, topic, life_event, demand, financing, tariff, unit, 24/7,
    # response h, resolution h
    "product": [
        (
            "WERK",
            "Werkplek",
            "Workplace",
            "FAZ",
            "werkomgeving",
            None,
            "operationeel",
            "basis",
            None,
            None,
            False,
            4.0,
            16.0,
        ),
        (
            "LAPTOP",
            "Laptop",
            "Laptop",
            "ICT",
            "ICT",
            "nieuwe medewerker",
            "operationeel",
            "plus",
            50.0,
            "stuk",
            False,
            8.0,
            24.0,
        ),
        (
            "ALARM",
            "Alarmmelding",
            "Alarm",
            "FAZ",
            "veiligheid",
            "calamiteit",
            "operationeel",
            "basis",
            None,
            None,
            True,
            1.0,
            8.0,
        ),
        (
            "ADVIES",
            "Maatwerkadvies",
            "Custom advice",
            "ICT",
            "ICT",
            None,
            "strategisch",
            "maatwerk",
            None,
            None,
            False,
            None,
            None,
        ),
    ],
    "product_norm": [("LAPTOP", 1, dt.date(2004, 1, 1), None, 1.0, 4.0)],
    "default_norm": [(1, 1.0, 8.0), (2, 2.0, 16.0), (3, 4.0, 40.0), (4, 8.0, 80.0), (5, 16.0, 160.0)],
    "mantel_agreement": [("M1", "Mantel 2004-2006", dt.date(2004, 1, 1), dt.date(2007, 1, 1))],
    "mantel_standard": [
        ("M1", "MS-01", "Oplossing binnen norm", "Resolution within norm", "resolution_within_norm", 0.90),
        ("M1", "MS-02", "Reactie binnen norm", "Response within norm", "response_within_norm", 0.95),
    ],
    # D1's DVA is renewed on 2005-07-01 with a looser WERK norm (8h -> 12h).
    "dva": [
        ("DVA-D1-1", "D1", "plus", "M1", dt.date(2004, 1, 1), dt.date(2005, 7, 1), None),
        ("DVA-D1-2", "D1", "plus", "M1", dt.date(2005, 7, 1), dt.date(2007, 1, 1), None),
        ("DVA-JUS", "JUS", "derden", "M1", dt.date(2004, 1, 1), dt.date(2007, 1, 1), None),
    ],
    "dva_line": [
        ("DVA-D1-1", 1, "WERK", None, None, 8.0, 0.95, None, None),
        ("DVA-D1-2", 1, "WERK", None, None, 12.0, 0.95, None, None),
        ("DVA-JUS", 1, "WERK", None, None, None, 0.80, None, None),
    ],
}

TICKET_DEFAULTS: dict[str, Any] = {
    "source": "test",
    "kind": "melding",
    "first_response_at": None,
    "resolved_at": None,
    "closed_at": None,
    "channel": "telefoon",
    "client_code": "D2",
    "product_code": "WERK",
    "directorate_code": "FAZ",
    "demand_level": "operationeel",
    "priority": 3,
    "status": "opgelost",
    "reopen_count": 0,
    "reassignment_count": 0,
    "handled_by": "backoffice",
    "escalated_to_sia": False,
}


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    if rows:
        marks = ", ".join("?" for _ in rows[0])
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def insert_ticket(con: duckdb.DuckDBPyConnection, id: str, registered_at: dt.datetime, **fields: Any) -> None:
    row = {**TICKET_DEFAULTS, **fields, "id": id, "registered_at": registered_at}
    if row["resolved_at"] is None and "status" not in fields:
        row["status"] = "in_behandeling"
    cols = ", ".join(row)
    con.execute(f"INSERT INTO ticket ({cols}) VALUES ({', '.join('$' + c for c in row)})", row)


def build_tiny_org(path: Path) -> duckdb.DuckDBPyConnection:
    """A new database with the tiny organisation and the calendar, no tickets."""
    con = connect(path)
    for table, rows in REFERENCE_ROWS.items():
        insert_rows(con, table, rows)
    ensure_calendar(con, Settings())
    return con
