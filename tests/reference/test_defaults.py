"""Default norms from the start: a database created by a ticket import judges its tickets by the
settings' norms; a resolved ticket without any norm is explained as such."""

from __future__ import annotations

import datetime as dt

from gdmetrics.calendar import ensure_calendar
from gdmetrics.cli import main
from gdmetrics.db import connect
from gdmetrics.explain import explain_text, explain_ticket
from gdmetrics.settings import Settings, get_settings
from gdmetrics.sla import refresh_ticket_sla
from tests.dashboard_db import read_only
from tests.tiny_org import insert_ticket

CSV = (
    "id;registered_at;resolved_at;status;priority;channel\r\n"
    "C1;02-01-2024 09:00;02-01-2024 11:30;opgelost;3;telefoon\r\n"
    "C2;03-01-2024 09:00;10-01-2024 09:00;opgelost;1;email\r\n"
)


def test_a_database_created_by_a_ticket_import_has_default_norms(tmp_path) -> None:
    (tmp_path / "t.csv").write_text(CSV, encoding="utf-8")
    db = tmp_path / "new.duckdb"
    assert main(["import", "--db", str(db), "--profile", "generic", str(tmp_path / "t.csv")]) == 0
    con = read_only(db)  # published by the import (gdmetrics.store)
    norms = [(p, r, s) for p, r, s in con.execute("SELECT * FROM default_norm ORDER BY 1").fetchall()]
    assert norms == [tuple(n) for n in get_settings().default_norms]
    verdicts = con.execute(
        "SELECT ticket_id, resolution_norm_source, resolution_met FROM ticket_sla ORDER BY 1"
    ).fetchall()
    assert verdicts == [("generic:C1", "default", True), ("generic:C2", "default", False)]


def test_explain_says_a_resolved_ticket_had_no_norm(tmp_path) -> None:
    con = connect(tmp_path / "bare.duckdb")  # no default norms: nothing was imported
    ensure_calendar(con, Settings())
    insert_ticket(
        con,
        "T1",
        dt.datetime(2024, 1, 2, 9),
        resolved_at=dt.datetime(2024, 1, 2, 11),
        client_code=None,
        product_code=None,
        directorate_code=None,
    )
    refresh_ticket_sla(con)
    text = explain_text(explain_ticket(con, "T1"), "nl")
    assert "geen oordeel: er gold geen norm" in text
    assert "open" not in text
    assert "no norm applied" in explain_text(explain_ticket(con, "T1"), "en")
