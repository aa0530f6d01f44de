"""Importing the reference workbook: idempotent, explicit removal, history kept, audited, verdicts."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json

import openpyxl
import pytest

from gdmetrics.reference import WorkbookRejected, import_reference
from gdmetrics.reference.workbook import write_workbook
from gdmetrics.settings import Settings
from tests.reference.conftest import NOW, snapshot
from tests.reference.corpus import good_data, good_workbook
from tests.tiny_org import insert_ticket

D = dt.date


def _workbook(change) -> bytes:
    data = copy.deepcopy(good_data())
    change(data)
    return write_workbook(data)


def _problems(con, data: bytes) -> list[str]:
    with pytest.raises(WorkbookRejected) as caught:
        import_reference(con, data, "w.xlsx", "test", now=NOW)
    return [p.text() for p in caught.value.problems]


def _rows(con, sql: str) -> list[tuple]:
    return con.cursor().execute(sql).fetchall()


def test_same_workbook_again_changes_nothing(loaded) -> None:
    before = snapshot(loaded)
    outcome = import_reference(loaded, good_workbook(), "good.xlsx", "test", now=NOW)
    assert outcome.unchanged
    assert snapshot(loaded) == before  # not even an audit line


def test_a_missing_row_removes_nothing(loaded) -> None:
    data = _workbook(lambda d: d["Klanten"].pop())  # JUS left out
    import_reference(loaded, data, "w.xlsx", "test", now=NOW)
    assert _rows(loaded, "SELECT code FROM client WHERE code = 'JUS'") == [("JUS",)]


def _marked(cells: dict[str, str]) -> bytes:
    """The good workbook with `Verwijderen` = ja in the given cells ({sheet: cell})."""
    book = openpyxl.load_workbook(io.BytesIO(good_workbook()))
    for sheet, cell in cells.items():
        book[sheet][cell] = "ja"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_removing_is_explicit_and_refused_while_in_use(loaded) -> None:
    # LAPTOP: DVA lines and a pattern step of the workbook refer to it.
    problems = _problems(loaded, _marked({"Producten": "N3"}))
    assert "DVA-regels, row 2, Product: 'LAPTOP' is removed on sheet Producten" in problems
    # NETWERK: only a ticket in the database refers to it.
    insert_ticket(loaded, "T1", dt.datetime(2024, 3, 4, 10), product_code="NETWERK", client_code="D1")
    problems = _problems(loaded, _marked({"Producten": "N4"}))
    assert problems == [
        "Producten, row 4, Verwijderen: NETWERK is still used in ticket (1); remove or change those first"
    ]

    data = _marked({"Patroonstappen": "D3"})
    outcome = import_reference(loaded, data, "w.xlsx", "test", now=NOW)
    assert outcome.changes["Patroonstappen"]["removed"] == 1
    assert _rows(loaded, "SELECT step FROM pattern_step") == [(1,)]
    assert import_reference(loaded, data, "w.xlsx", "test", now=NOW).unchanged  # already gone


def test_a_parent_and_its_rows_are_removed_in_two_imports(loaded) -> None:
    """DuckDB checks a foreign key against the state before the transaction: the steps first."""
    both = _marked({"Patroonstappen": "D2", "Patronen": "E2"})
    book = openpyxl.load_workbook(io.BytesIO(both))
    book["Patroonstappen"]["D3"] = "ja"
    out = io.BytesIO()
    book.save(out)
    assert _problems(loaded, out.getvalue()) == [
        "Patronen, row 2, Verwijderen: PAT-IN: its own rows (lines, standards, steps) are removed in this "
        "same workbook; import that first, then remove this row in a second import"
    ]
    assert _rows(loaded, "SELECT count(*) FROM pattern_step") == [(2,)]
    # The same workbook without the pattern's mark first, then with it: both steps, then the pattern.
    book["Patronen"]["E2"] = None
    out = io.BytesIO()
    book.save(out)
    import_reference(loaded, out.getvalue(), "w.xlsx", "test", now=NOW)
    book["Patronen"]["E2"] = "ja"
    out = io.BytesIO()
    book.save(out)
    import_reference(loaded, out.getvalue(), "w.xlsx", "test", now=NOW)
    assert _rows(loaded, "SELECT count(*) FROM pattern") == [(0,)]


def test_a_norm_from_a_new_date_closes_the_old_version(loaded) -> None:
    def tighten(d):
        d["Productnormen"].append(
            {
                "product_code": "WERK",
                "priority": 1,
                "valid_from": D(2025, 1, 1),
                "response_norm_hours": 1.0,
                "resolution_norm_hours": 3.0,
            }
        )

    data = _workbook(tighten)
    import_reference(loaded, data, "w.xlsx", "test", now=NOW)
    assert _rows(
        loaded,
        "SELECT valid_from, valid_to, resolution_norm_hours FROM product_norm "
        "WHERE product_code = 'WERK' AND priority = 1 ORDER BY valid_from",
    ) == [
        (D(2024, 1, 1), D(2025, 1, 1), 4.0),
        (D(2025, 1, 1), None, 3.0),
    ]
    assert import_reference(loaded, data, "w.xlsx", "test", now=NOW).unchanged

    def rewrite_old(d):
        tighten(d)
        d["Productnormen"][0]["resolution_norm_hours"] = 5.0

    assert any("is not the latest" in p for p in _problems(loaded, _workbook(rewrite_old)))

    def before_latest(d):
        tighten(d)
        d["Productnormen"].append(
            {
                "product_code": "WERK",
                "priority": 1,
                "valid_from": D(2024, 6, 1),
                "response_norm_hours": 1.0,
                "resolution_norm_hours": 3.5,
            }
        )

    assert any("before the latest version" in p for p in _problems(loaded, _workbook(before_latest)))


def test_a_products_own_norm_is_not_rewritten(loaded) -> None:
    problems = _problems(loaded, _workbook(lambda d: d["Producten"][0].update(resolution_norm_hours=20.0)))
    assert any("Producten, row 2, Oplosnorm (uren): the product's own norm" in p for p in problems)


def test_a_dva_with_tickets_is_history(loaded) -> None:
    insert_ticket(
        loaded,
        "T1",
        dt.datetime(2024, 3, 4, 10),
        client_code="D1",
        product_code="WERK",
        resolved_at=dt.datetime(2024, 3, 4, 12),
    )
    problems = _problems(loaded, _workbook(lambda d: d["DVA-regels"][1].update(target_share=0.8)))
    assert any("DVA-regels, row 3" in p and "already applies to 1 tickets" in p for p in problems)

    def renew(d):  # end the DVA and start a new one: allowed
        d["DVA's"][0]["valid_to"] = D(2025, 1, 1)
        d["DVA's"].append(
            dict(d["DVA's"][0], id="DVA-D1-v2", valid_from=D(2025, 1, 1), valid_to=D(2026, 1, 1))
        )
        d["DVA-regels"].append(
            {"dva_id": "DVA-D1-v2", "line_no": 1, "product_code": "WERK", "target_share": 0.8}
        )

    import_reference(loaded, _workbook(renew), "w.xlsx", "test", now=NOW)
    assert _rows(loaded, "SELECT id, valid_from, valid_to FROM dva WHERE client_code = 'D1' ORDER BY 2") == [
        ("DVA-D1", D(2024, 1, 1), D(2025, 1, 1)),
        ("DVA-D1-v2", D(2025, 1, 1), D(2026, 1, 1)),
    ]


def test_audited_with_counts_and_verdicts_recomputed(loaded) -> None:
    insert_ticket(
        loaded,
        "T1",
        dt.datetime(2024, 3, 4, 10),
        client_code="D1",
        product_code="WERK",
        priority=1,
        resolved_at=dt.datetime(2024, 3, 4, 12),
    )
    data = _workbook(lambda d: d["Standaardnormen"][4].update(resolution_norm_hours=50.0))
    outcome = import_reference(loaded, data, "w.xlsx", "fb.beheer@minbzk.nl", now=NOW)
    assert outcome.changes["Standaardnormen"] == {"added": 0, "changed": 1, "removed": 0}
    actor, detail = _rows(loaded, "SELECT actor, detail FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert actor == "fb.beheer@minbzk.nl"
    detail = json.loads(detail.removeprefix("reference workbook "))
    assert detail["changes"]["Standaardnormen"]["changed"] == 1
    assert detail["keys"]["Standaardnormen"] == ["5"]
    assert detail["before_after"] == {"Standaardnormen": {"5": {"Oplosnorm (uren)": [40.0, 50.0]}}}
    assert detail["counts_before"]["ticket"] == detail["counts_after"]["ticket"] == 1
    # The verdict of T1 is there: the DVA line for priority 1 (2 h) applied.
    assert _rows(
        loaded, "SELECT resolution_norm_source, resolution_norm_min, resolution_met FROM ticket_sla"
    ) == [("dva_line_priority", 120.0, True)]


def test_first_import_gets_default_norms_from_settings(tmp_path) -> None:
    from gdmetrics.db import connect

    con = connect(tmp_path / "new.duckdb")
    data = _workbook(lambda d: d.update(Standaardnormen=[]))
    settings = Settings(default_norms=((1, 1.0, 2.0), (3, 4.0, 16.0)))
    outcome = import_reference(con, data, "w.xlsx", "test", now=NOW, settings=settings)
    assert outcome.default_norms_from_settings == 2
    assert _rows(con, "SELECT * FROM default_norm ORDER BY 1") == [(1, 1.0, 2.0), (3, 4.0, 16.0)]
    # The sheet, when filled, decides: the settings only fill an empty table.
    import_reference(con, good_workbook(), "good.xlsx", "test", now=NOW, settings=settings)
    assert _rows(con, "SELECT priority, resolution_norm_hours FROM default_norm ORDER BY 1") == [
        (p, 8.0 * p) for p in range(1, 6)
    ]


def test_a_filled_standaardnormen_sheet_is_used_instead_of_the_settings(tmp_path) -> None:
    from gdmetrics.db import connect

    con = connect(tmp_path / "new.duckdb")
    outcome = import_reference(con, good_workbook(), "good.xlsx", "test", now=NOW)
    assert outcome.default_norms_from_settings == 0
    assert outcome.changes["Standaardnormen"] == {"added": 5, "changed": 0, "removed": 0}
