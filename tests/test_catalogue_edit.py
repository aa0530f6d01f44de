"""Catalogue and norm changes: a new norm from a date changes only later verdicts, the old version is
closed, the change is audited, only beheer may make it, and invalid input changes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError

from gdmetrics import catalogue_edit
from gdmetrics.access import Access
from gdmetrics.sla import refresh_ticket_sla
from tests.tiny_org import build_tiny_org, insert_ticket

T = dt.datetime
D = dt.date
BEHEER = Access("beheer@minbzk.nl", "Beheer", "beheer", None, "user_role")
DIRECTEUR = Access("dir@minbzk.nl", "Directeur", "directeur", None, "user_role")
NOW = T(2007, 1, 8, 9, 0)
LAPTOP_P1 = {"product_code": "LAPTOP", "directorate_code": "ICT", "priority": 1}
TABLES = ("product", "product_norm", "ticket_sla", "audit_log")


@pytest.fixture
def con(tmp_path):
    """The tiny organisation with two LAPTOP priority-1 tickets, each resolved after 5 business
    hours: one before and one after 1 Jun 2004. The catalogue norm (4 h) breaches both."""
    c = build_tiny_org(tmp_path / "tiny.duckdb")
    insert_ticket(c, "before", T(2004, 3, 2, 9), resolved_at=T(2004, 3, 2, 14), **LAPTOP_P1)
    insert_ticket(c, "after", T(2004, 9, 1, 9), resolved_at=T(2004, 9, 1, 14), **LAPTOP_P1)
    insert_ticket(c, "werk", T(2004, 9, 1, 9), resolved_at=T(2004, 9, 1, 14))
    refresh_ticket_sla(c)
    yield c
    c.close()


def verdicts(con) -> dict[str, tuple]:
    return {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT ticket_id, resolution_norm_min, resolution_met FROM ticket_sla ORDER BY 1"
        ).fetchall()
    }


def snapshot(con) -> dict[str, list[tuple]]:
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


def test_a_new_norm_from_a_date_changes_only_later_verdicts_and_closes_the_old_version(con):
    assert verdicts(con) == {"after": (240, False), "before": (240, False), "werk": (960, True)}
    result = catalogue_edit.change_product_norm(con, BEHEER, "LAPTOP", 1, 2.0, 8.0, D(2004, 6, 1), now=NOW)
    assert verdicts(con) == {"after": (480, True), "before": (240, False), "werk": (960, True)}
    assert con.execute("SELECT * FROM product_norm ORDER BY valid_from").fetchall() == [
        ("LAPTOP", 1, D(2004, 1, 1), D(2004, 6, 1), 1.0, 4.0),
        ("LAPTOP", 1, D(2004, 6, 1), None, 2.0, 8.0),
    ]
    # Only the ticket the new version reaches is recomputed (gdmetrics.sla).
    assert (result.tickets_recomputed, result.tickets_affected, result.verdicts_changed) == (1, 1, 1)
    assert result.closed == {
        "valid_from": D(2004, 1, 1),
        "valid_to": None,
        "response_norm_hours": 1.0,
        "resolution_norm_hours": 4.0,
    }
    actor, action, happened_at, detail = con.execute(
        "SELECT actor, action, happened_at, detail FROM audit_log"
    ).fetchone()
    assert (actor, action, happened_at) == ("beheer@minbzk.nl", "catalogue_change", NOW)
    assert json.loads(detail) == {
        "product": "LAPTOP",
        "priority": 1,
        "valid_from": "2004-06-01",
        "before": {
            "valid_from": "2004-01-01",
            "valid_to": None,
            "response_norm_hours": 1.0,
            "resolution_norm_hours": 4.0,
        },
        "after": {"response_norm_hours": 2.0, "resolution_norm_hours": 8.0, "valid_to": None},
        "tickets_affected": 1,
        "verdicts_changed": 1,
    }


def test_a_norm_for_a_priority_without_one_starts_at_its_date_and_a_same_day_change_corrects_it(con):
    catalogue_edit.change_product_norm(con, BEHEER, "WERK", 3, 4.0, 2.0 * 4, D(2004, 6, 1), now=NOW)
    catalogue_edit.change_product_norm(con, BEHEER, "WERK", 3, 4.0, 4.0, D(2004, 6, 1), now=NOW)
    assert con.execute("SELECT * FROM product_norm WHERE product_code = 'WERK'").fetchall() == [
        ("WERK", 3, D(2004, 6, 1), None, 4.0, 4.0)
    ]
    assert verdicts(con)["werk"] == (240, False)  # 5 h used against the new 4 h
    assert con.execute("SELECT count(*) FROM audit_log").fetchone() == (2,)


def test_a_non_beheer_user_is_refused_and_nothing_changes(con):
    before = snapshot(con)
    with pytest.raises(PermissionError, match="catalogue_edit"):
        catalogue_edit.change_product_norm(con, DIRECTEUR, "LAPTOP", 1, 2.0, 8.0, D(2004, 6, 1))
    with pytest.raises(PermissionError):
        catalogue_edit.change_product(con, DIRECTEUR, "LAPTOP", tariff=60)
    assert snapshot(con) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("LAPTOP", 1, 0.0, 8.0, D(2004, 6, 1)), "greater than 0"),
        (("LAPTOP", 1, 2.0, -1.0, D(2004, 6, 1)), "greater than 0"),
        (("LAPTOP", 1, 9.0, 8.0, D(2004, 6, 1)), "may not exceed the resolution norm"),
        (("LAPTOP", 6, 2.0, 8.0, D(2004, 6, 1)), "less than or equal to 5"),
        (("LAPTOP", None, 2.0, 8.0, D(2004, 6, 1)), "set a norm per priority"),
        (("NOPE", 1, 2.0, 8.0, D(2004, 6, 1)), "unknown product 'NOPE'"),
        (("LAPTOP", 1, 2.0, 8.0, D(2003, 12, 31)), "before the latest version, valid from 01-01-2004"),
    ],
)
def test_invalid_norm_changes_say_why_and_change_nothing(con, args, message):
    before = snapshot(con)
    with pytest.raises(ValueError, match=message):
        catalogue_edit.change_product_norm(con, BEHEER, *args)
    assert snapshot(con) == before


def test_a_failure_after_writing_rolls_everything_back(con, monkeypatch):
    before = snapshot(con)

    def broken(cur, **_options):
        raise RuntimeError("refresh failed")

    monkeypatch.setattr(catalogue_edit, "refresh_ticket_sla", broken)
    with pytest.raises(RuntimeError, match="refresh failed"):
        catalogue_edit.change_product_norm(con, BEHEER, "LAPTOP", 1, 2.0, 8.0, D(2004, 6, 1))
    assert snapshot(con) == before


def test_product_fields_change_and_are_audited(con):
    diff = catalogue_edit.change_product(
        con, BEHEER, "LAPTOP", now=NOW, tariff=60, tariff_unit="stuk", name="Laptop "
    )
    assert {k: (float(b), float(a)) for k, (b, a) in diff.items()} == {"tariff": (50.0, 60.0)}
    assert con.execute("SELECT name, tariff, tariff_unit FROM product WHERE code = 'LAPTOP'").fetchone() == (
        "Laptop",
        60,
        "stuk",
    )
    assert json.loads(con.execute("SELECT detail FROM audit_log").fetchone()[0]) == {
        "product": "LAPTOP",
        "before": {"tariff": 50.0},
        "after": {"tariff": 60.0},
    }
    assert catalogue_edit.change_product(con, BEHEER, "LAPTOP", tariff=60) == {}  # no change, no audit line
    assert con.execute("SELECT count(*) FROM audit_log").fetchone() == (1,)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "at least 1 character"),
        ({"tariff": -5}, "greater than or equal to 0"),
        ({"financing": "gratis"}, "financing must be one of"),
        ({"financing": "plus"}, "a plus product is settled at a tariff"),  # WERK has no tariff
        ({"code": "X"}, "Extra inputs are not permitted"),
    ],
)
def test_invalid_product_changes_say_why_and_change_nothing(con, fields, message):
    before = snapshot(con)
    with pytest.raises((ValueError, ValidationError), match=message):
        catalogue_edit.change_product(con, BEHEER, "WERK", **fields)
    assert snapshot(con) == before


def test_norm_versions_lists_each_version_and_the_products_own_norm(con):
    frame = catalogue_edit.norm_versions(con, "LAPTOP")
    assert str(frame["priority"].dtype) == "Int64"
    assert frame.astype(object).where(frame.notna(), None).to_dict("records") == [
        {
            "priority": 1,
            "valid_from": D(2004, 1, 1),
            "valid_to": None,
            "response_norm_hours": 1.0,
            "resolution_norm_hours": 4.0,
        },
        {
            "priority": None,
            "valid_from": None,
            "valid_to": None,
            "response_norm_hours": 8.0,
            "resolution_norm_hours": 24.0,
        },
    ]
