"""Issue 12 through AppTest: what a signed-in user reaches with a crafted link or a claim, page by
page. The data layer's own checks are in tests/test_access.py and tests/test_dossier.py."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from gdmetrics import access, store
from tests.pages.conftest import APP
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


def test_an_account_manager_sees_no_cost_figure_on_overzicht(db):  # noqa: F811
    """Item 3: Overzicht showed an account manager the efficiency index, and its drill-down the
    FTE and personnel cost per directorate; a directeur still sees it."""
    at = signed_in("marieke.jansen@minbzk.nl", period="2006-Q4")
    assert not at.exception, [e.message for e in at.exception]
    labels = {m.label for m in at.metric}
    assert "Werkvoorraad" in labels and "Efficiency-index" not in labels
    picker = at.selectbox(key="ov_drill")
    assert not any("Efficiency" in str(o) or "Kosten" in str(o) for o in picker.options)
    assign(db, "dir@minbzk.nl", "directeur")
    assert "Efficiency-index" in {m.label for m in signed_in("dir@minbzk.nl", period="2006-Q4").metric}


def first_page(**params: str) -> AppTest:
    """The app's first page (Overzicht) opened with this link, without sign-in."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_crafted_period_links_give_one_short_notice_and_the_default(app_env):
    """Item 9: a custom range past the data's last day raised StreamlitValueAboveMaxError; seven
    10,000-character values gave seven warnings echoing them whole."""
    long = "x" * 10_000
    at = first_page(
        period="2006-12-01_2006-12-31",
        directorate=long,
        dg=long,
        client=long,
        product=long,
        channel=long,
        lang=long,
    )
    filters = at.session_state["filters"]
    assert filters.kind == "month" and filters.period == "2006-12"  # the default: last complete month
    notices = [w.value for w in at.warning if "link" in w.value]
    assert len(notices) == 1 and len(notices[0]) < 600
    assert "period='2006-12-01_2006-12-31'" in notices[0]


def test_choosing_a_custom_range_in_december_keeps_to_the_data(app_env):
    """Item 9: Eigen periode chosen while December 2006 (past the data's last day) was shown."""
    at = first_page(period="2006-12")
    at.selectbox(key="flt_kind").set_value("custom").run()
    assert not at.exception, [e.message for e in at.exception]
    first, last = at.session_state["flt_range"]
    assert last <= at.session_state["filters"].date_to and last.year == 2006
