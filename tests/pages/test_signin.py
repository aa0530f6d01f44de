"""The sign-in gate through AppTest (no provider: AppTest sets st.user): who gets in, which pages
each role is offered, that a link cannot widen an account manager's clients, and the Toegang page.
The real OIDC flow in a real browser is tests/browser/test_login.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gdmetrics import access, formatting, store
from gdmetrics.figures import compute
from gdmetrics.filters import filter_options, filters_from_query
from gdmetrics.settings import get_settings
from tests.dashboard_db import audit_lines as trail_lines
from tests.dashboard_db import read_only
from tests.pages.conftest import APP

# Any [auth] section switches sign-in on; AppTest never contacts the provider.
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-0123",
    "client_id": "gd",
    "client_secret": "x",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
AM03 = ("DGOB", "DGOB-BF", "DGOB-CZW", "DGOB-DB")  # Marieke Jansen's clients in the demo


@pytest.fixture
def db(demo_db_path, tmp_path, monkeypatch):
    """An own copy: these tests write roles and audit lines."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_path, path)
    monkeypatch.setenv("GD_DB", str(path))
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def signed_in(email: str | None, verified: bool = True, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {
        "is_logged_in": email is not None,
        "sub": email or "",
        "email": email or "",
        "email_verified": verified,
        "name": email or "",
    }
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def audit_lines(path) -> list[tuple]:
    return trail_lines(path)


def test_without_auth_the_demo_runs_open_with_a_banner(db):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "Demomodus" in at.warning[0].value
    assert at.session_state["filters"].client_scope is None
    assert at.metric  # the overview shows figures


def test_a_visitor_gets_a_sign_in_button_and_no_data(db):
    at = signed_in(None)
    assert [b.label for b in at.button] == ["Inloggen"]
    assert not at.metric and not at.dataframe and "filters" not in at.session_state


def test_a_user_without_a_role_sees_a_message_and_no_data(db):
    at = signed_in("stranger@example.org", period="2006-Q4")
    assert "nog geen rol" in at.warning[0].value
    assert not at.metric and not at.dataframe and "filters" not in at.session_state
    assert audit_lines(db) == [("stranger@example.org", "sign_in", "role=- via none")]


def test_an_account_manager_sees_only_their_clients_whatever_the_link_says(db):
    at = signed_in("Marieke.Jansen@minbzk.nl", period="2006-Q4", client="DGV-POL", dg="DGV")
    filters = at.session_state["filters"]
    assert (filters.client, filters.dg, filters.client_scope) == (None, None, AM03)
    assert "client" not in at.query_params and "dg" not in at.query_params
    assert "DGV-POL" in " ".join(w.value for w in at.warning)
    with read_only(db) as con:
        plain, _ = filters_from_query({"period": "2006-Q4"}, filter_options(con))
        own = compute(con, "backlog", plain.request().with_(client_scope=AM03)).value
        everyone = compute(con, "backlog", plain.request()).value
    assert 0 < own < everyone
    assert {m.label: m.value for m in at.metric}["Werkvoorraad"] == formatting.number(own)
    at.run()  # a rerun in the same session does not sign in again
    assert audit_lines(db) == [
        ("marieke.jansen@minbzk.nl", "sign_in", "role=accountmanager via accountmanager")
    ]


@pytest.mark.parametrize(
    ("email", "pages", "forbidden"),
    [
        ("dir@minbzk.nl", "pages/efficiency.py", "pages/gegevens.py"),
        ("marieke.jansen@minbzk.nl", "pages/klantdossier.py", "pages/efficiency.py"),
        ("beheer@minbzk.nl", "pages/toegang.py", "pages/overzicht.py"),
    ],
)
def test_navigation_offers_each_role_its_pages(db, email, pages, forbidden):
    with store.writer(db, actor="test", reason="roles", kind="roles") as w:
        admin = access.Access("boot@minbzk.nl", None, "beheer", None, "admin_emails")
        access.assign_role(w.con, admin, access.RoleAssignment(email="dir@minbzk.nl", role="directeur"))
        access.assign_role(w.con, admin, access.RoleAssignment(email="beheer@minbzk.nl", role="beheer"))
    at = signed_in(email)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(forbidden)
    at.switch_page(pages).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value != "GD Dashboard"


def test_a_data_page_run_without_the_frames_navigation_still_refuses_other_roles(db):
    """Streamlit may run a file from pages/ directly (its old multipage mode, on a fresh server):
    the beheer pages check the role themselves."""
    for page in ("pages/gegevens.py", "pages/toegang.py"):
        at = AppTest.from_file(str(Path(APP).parent / page), default_timeout=60)
        at.session_state["user"] = access.Access("dir@minbzk.nl", None, "directeur", None, "user_role")
        at.run()
        assert not at.exception
        assert "alleen voor functioneel beheer" in at.error[0].value
        assert not at.metric and not at.dataframe and not at.title


def test_beheer_assigns_a_role_on_the_toegang_page_and_it_is_audited(db, monkeypatch):
    monkeypatch.setenv("GD_ADMIN_EMAILS", '["boot@minbzk.nl"]')
    get_settings.cache_clear()
    at = signed_in("boot@minbzk.nl")
    at.switch_page("pages/toegang.py").run()
    assert not at.exception
    at.text_input[0].input("Nieuwe.AM@minbzk.nl")
    at.selectbox[0].select("accountmanager")
    at.multiselect[0].select("JUS")
    at.button[0].click().run()
    assert not at.exception and "opgeslagen" in at.success[0].value
    with read_only(db) as con:
        assert access.resolve(con, "nieuwe.am@minbzk.nl").scope == ("JUS",)
    actor, action, detail = audit_lines(db)[-1]
    assert (actor, action, json.loads(detail)["after"]["clients"]) == (
        "boot@minbzk.nl",
        "role_change",
        ["JUS"],
    )
    assert "rolwijziging" in at.dataframe[-1].value["action"].tolist()  # the audit log on the page, in words
