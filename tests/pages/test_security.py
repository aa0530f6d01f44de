"""Issue 12 through AppTest: what a signed-in user reaches with a crafted link or a claim, page by
page. The data layer's own checks are in tests/test_access.py and tests/test_dossier.py."""

from __future__ import annotations

from gdmetrics import access, store
from tests.pages.test_signin import db, signed_in  # noqa: F401 (db is a fixture)

BOOT = access.Access("boot@minbzk.nl", None, "beheer", None, "admin_emails")


def assign(db_path, email: str, role: str, clients: tuple[str, ...] = ()) -> None:
    with store.writer(db_path, actor="test", reason="roles", kind="roles") as w:
        access.assign_role(w.con, BOOT, access.RoleAssignment(email=email, role=role, clients=clients))


def test_a_dossier_link_to_the_dg_of_part_of_a_scope_shows_a_notice_not_the_dg(db):  # noqa: F811
    """Item 1: scope ("DGV-POL",) and ?dg=DGV: the frame keeps the DG (it may filter figures), the
    dossier does not open it (it crashed on `list.index`), and shows no other directie's data."""
    assign(db, "am.pol@minbzk.nl", "accountmanager", ("DGV-POL",))
    at = signed_in("am.pol@minbzk.nl", period="2006", dg="DGV")
    at.switch_page("pages/klantdossier.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.dataframe and not at.metric
    shown = " ".join(m.value for m in [*at.info, *at.warning, *at.markdown, *at.caption])
    assert "DGV-BG" not in shown and "DGV-CRB" not in shown


def test_an_unverified_email_claim_gets_no_role(db):  # noqa: F811
    """Item 2: an account manager's address with email_verified false (and a foreign sub) is no
    one: no role, no clients, no data."""
    at = signed_in("marieke.jansen@minbzk.nl", verified=False, period="2006-Q4")
    assert "filters" not in at.session_state and not at.metric and not at.dataframe
    assert at.session_state["user"].role is None and at.session_state["user"].scope == ()
