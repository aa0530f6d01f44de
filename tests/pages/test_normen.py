"""The Normen page: beheer sets a norm from a date (verdicts recomputed, audited); others get no form."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gdmetrics import access, store
from gdmetrics.settings import get_settings
from tests.dashboard_db import read_only
from tests.pages.conftest import APP
from tests.pages.test_signin import audit_lines, db, signed_in  # noqa: F401  (db is a fixture)


@pytest.fixture
def beheer(db, monkeypatch):  # noqa: F811
    monkeypatch.setenv("GD_ADMIN_EMAILS", '["boot@minbzk.nl"]')
    get_settings.cache_clear()
    at = signed_in("boot@minbzk.nl")
    at.switch_page("pages/normen.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def norms(path, product: str, priority: int) -> list[tuple]:
    with read_only(path) as con:
        return con.execute(
            """SELECT valid_from, valid_to, response_norm_hours, resolution_norm_hours FROM product_norm
               WHERE product_code = $p AND priority = $prio ORDER BY valid_from""",
            {"p": product, "prio": priority},
        ).fetchall()


def test_beheer_sets_a_norm_from_a_date_and_sees_the_verdicts_recomputed(db, beheer):  # noqa: F811
    at = beheer
    assert at.title[0].value == "Normen en catalogus beheren"
    at.selectbox(key="nrm_product").select("ICT-STORING").run()
    before = norms(db, "ICT-STORING", 1)
    at.selectbox(key="nrm_priority_ICT-STORING").select(1)
    at.number_input(key="nrm_response_ICT-STORING").set_value(1.0)
    at.number_input(key="nrm_resolution_ICT-STORING").set_value(2.0)
    at.date_input(key="nrm_from_ICT-STORING").set_value(dt.date(2006, 10, 1))
    at.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    message = at.success[0].value
    assert "Norm voor prioriteit 1 opgeslagen, geldig vanaf" in message and "herberekend" in message
    after = norms(db, "ICT-STORING", 1)
    assert after[:-2] == before[:-1]
    assert after[-2] == (*before[-1][:1], dt.date(2006, 10, 1), *before[-1][2:])  # the old version closed
    assert after[-1] == (dt.date(2006, 10, 1), None, 1.0, 2.0)
    actor, action, detail = audit_lines(db)[-1]
    assert (actor, action, json.loads(detail)["valid_from"]) == (
        "boot@minbzk.nl",
        "catalogue_change",
        "2006-10-01",
    )
    shown = at.dataframe[0].value  # the norms table, refreshed below the forms
    assert dt.date(2006, 10, 1) in set(
        shown["valid_from"].dropna().map(lambda d: d.date() if hasattr(d, "date") else d)
    )


def test_an_invalid_norm_shows_why_and_changes_nothing(db, beheer):  # noqa: F811
    at = beheer
    at.selectbox(key="nrm_product").select("ICT-STORING").run()
    before = norms(db, "ICT-STORING", 1)
    at.number_input(key="nrm_response_ICT-STORING").set_value(9.0)
    at.number_input(key="nrm_resolution_ICT-STORING").set_value(2.0)
    at.button[0].click().run()
    assert not at.exception and not at.success
    assert (
        "Niet opgeslagen" in at.error[0].value and "may not exceed the resolution norm" in at.error[0].value
    )
    assert norms(db, "ICT-STORING", 1) == before


def test_a_directeur_gets_no_edit_form(db):  # noqa: F811
    with store.writer(db, actor="test", reason="roles", kind="roles") as w:
        admin = access.Access("boot@minbzk.nl", None, "beheer", None, "admin_emails")
        access.assign_role(w.con, admin, access.RoleAssignment(email="dir@minbzk.nl", role="directeur"))
    at = signed_in("dir@minbzk.nl")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/normen.py")
    at.switch_page("pages/catalogus.py").run()  # the read-only catalogue, as before
    assert not at.exception and at.dataframe and not at.get("form")
    # Run straight from pages/ (Streamlit's old multipage mode) the page refuses by itself.
    at = AppTest.from_file(str(Path(APP).parent / "pages/normen.py"), default_timeout=60)
    at.session_state["user"] = access.Access("dir@minbzk.nl", None, "directeur", None, "user_role")
    at.run()
    assert not at.exception
    assert "alleen voor functioneel beheer" in at.error[0].value
    assert not at.get("form") and not at.number_input and not at.title
