"""Roles and client scopes: who gets which role, what an account manager's scope covers, role
changes audited, and the walk over every registry figure showing that under an account manager's
scope no row of another client contributes."""

from __future__ import annotations

import datetime as dt
import json
import typing

import duckdb
import pandas as pd
import pytest
from pydantic import ValidationError

from gdmetrics import access, drilldown
from gdmetrics.access import Access, RoleAssignment
from gdmetrics.figures import PERIOD_GRAINS, REGISTRY, FigureRequest, compute
from gdmetrics.filters import filter_options, filters_from_query
from gdmetrics.schema import ROLES, VIEWS
from gdmetrics.settings import Settings
from tests.dashboard_db import prepared_copy

YEAR = FigureRequest(date_from=dt.date(2006, 1, 1), date_to=dt.date(2006, 12, 31))
# A scope of a whole DG and one directie of another, as the Toegang page would assign it.
ASSIGNED = ("DGOB", "SG-AD")
SCOPE = ("DGOB", "DGOB-BF", "DGOB-CZW", "DGOB-DB", "SG-AD")
BEHEER = Access("beheer@minbzk.nl", "Beheer", "beheer", None, "user_role")
NOW = dt.datetime(2007, 1, 8, 9, 0)


@pytest.fixture(scope="module")
def con(demo_db_path, tmp_path_factory):
    """A writable prepared copy of the demo (role tests write user_role and audit_log)."""
    c = prepared_copy(demo_db_path, tmp_path_factory.mktemp("access"))
    yield c
    c.close()


@pytest.fixture(scope="module")
def restricted(con, tmp_path_factory):
    """The same database with every row of every other client removed: an independent picture of
    what an account manager with SCOPE may see. Copied table by table (DuckDB would refuse the
    deletes through the foreign keys), client rows kept only when their client is in SCOPE."""
    path = tmp_path_factory.mktemp("restricted") / "restricted.duckdb"
    out = duckdb.connect(str(path))
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
        ).fetchall()
    ]
    for table in tables:
        columns = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
        where = "list_contains($scope, client_code)" if "client_code" in columns else "true"
        params = {"scope": list(SCOPE)} if "client_code" in columns else {}
        data = con.sql(f"SELECT * FROM {table} WHERE {where}", params=params).to_arrow_table()
        out.register("data", data)
        out.execute(f"CREATE TABLE {table} AS SELECT * FROM data")
        out.unregister("data")
    for view in VIEWS:
        out.execute(view)
    yield out
    out.close()


def _frame(con, figure_id, req) -> pd.DataFrame:
    return compute(con, figure_id, req).frame.reset_index(drop=True)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(a, b, check_dtype=False, rtol=1e-9)
    except AssertionError:
        return False
    return True


def _shapes(figure):
    """The requests each figure is walked with: unsplit, by quarter, and by client where allowed."""
    shapes = [YEAR]
    if figure.dimensions & set(PERIOD_GRAINS):
        shapes.append(YEAR.with_(by=("quarter",)))
    if "client" in figure.dimensions:
        shapes.append(YEAR.with_(by=("client",)))
    return shapes


# --- the walk over every registry figure --------------------------------------------------------


@pytest.mark.parametrize("figure_id", sorted(REGISTRY))
def test_scoped_figure_equals_the_figure_on_only_that_account_managers_clients(con, restricted, figure_id):
    """With the scope, each figure on the whole database equals the same figure, unscoped, on a
    database that holds nothing but these clients' rows: no other client contributes to any
    numerator, denominator, value or target."""
    for req in _shapes(REGISTRY[figure_id]):
        scoped = _frame(con, figure_id, req.with_(client_scope=SCOPE))
        alone = _frame(restricted, figure_id, req)
        pd.testing.assert_frame_equal(scoped, alone, check_dtype=False, rtol=1e-9)
        if "client" in scoped:
            assert set(scoped["client"].dropna()) <= set(SCOPE)


@pytest.mark.parametrize(
    "figure_id",
    sorted(f for f in REGISTRY if "client" in REGISTRY[f].dimensions and f != "service_level_index"),
)
def test_scope_gives_what_a_client_filter_on_the_same_clients_gives(con, figure_id):
    """The scope and an explicit client filter select the same rows. (service_level_index differs on
    purpose: under a scope its baseline, too, is the scope's own.)"""
    for req in _shapes(REGISTRY[figure_id]):
        scoped = _frame(con, figure_id, req.with_(client_scope=SCOPE))
        filtered = _frame(con, figure_id, req.with_(where=(("client", SCOPE),)))
        pd.testing.assert_frame_equal(scoped, filtered, check_dtype=False, rtol=1e-9)


def test_the_scope_changes_client_figures_and_leaves_gd_cost_alone(con):
    """A walk that passes because the scope does nothing would prove nothing: the client figures
    change under it. Only efficiency_index reads no client rows (GD cost per directorate is no
    client's data) and is the same for everyone."""
    unchanged = {
        fid
        for fid in REGISTRY
        if _same(_frame(con, fid, YEAR), _frame(con, fid, YEAR.with_(client_scope=SCOPE)))
    }
    assert unchanged == {"efficiency_index", "source_sla_met"}
    assert (
        compute(con, "source_sla_met", YEAR).frame["denominator"].fillna(0).sum() == 0
    )  # no such data in the demo


@pytest.mark.parametrize("figure_id", sorted(REGISTRY))
def test_drilldown_rows_lie_in_the_scope_and_are_the_rows_of_those_clients(con, restricted, figure_id):
    req = YEAR.with_(client_scope=SCOPE)
    rows = drilldown.rows(con, figure_id, req)
    if "client_code" in rows:
        assert set(rows["client_code"].dropna()) <= set(SCOPE)
        assert rows["client_code"].notna().all()
    assert len(rows) == drilldown.count(con, figure_id, req) == drilldown.count(restricted, figure_id, YEAR)


def test_an_empty_scope_shows_nothing(con):
    req = YEAR.with_(client_scope=())
    assert compute(con, "ticket_volume", req).frame["value"].fillna(0).sum() == 0
    assert len(drilldown.rows(con, "complaint_count", req)) == 0


# --- where a role comes from ---------------------------------------------------------------------


def test_roles_are_the_schemas_roles():
    assert set(typing.get_args(access.Role)) == set(ROLES)
    assert set(access.ROLE_AREAS) == set(ROLES)


def test_an_account_manager_is_found_by_email_and_sees_their_dg_with_its_directies(con):
    user = access.resolve(con, "  Anneke.de.Vries@MINBZK.nl ")
    assert user == Access(
        "anneke.de.vries@minbzk.nl",
        "Anneke de Vries",
        "accountmanager",
        ("SG", "SG-AD", "SG-DBO", "SG-DJZ"),
        "accountmanager",
        "AM01",
    )
    assert user.may("accountmanagement") and not user.may("efficiency") and not user.may("data")


def test_bootstrap_admins_come_from_the_settings_and_anyone_else_has_no_role(con):
    settings = Settings(admin_emails=("Beheer.Eerste@minbzk.nl",))
    admin = access.resolve(con, "beheer.eerste@minbzk.nl", "Eerste", settings)
    assert (admin.role, admin.scope, admin.source) == ("beheer", None, "admin_emails")
    nobody = access.resolve(con, "stranger@example.org", settings=settings)
    assert (nobody.role, nobody.scope, nobody.areas) == (None, (), frozenset())
    assert access.resolve(con, None).role is None
    assert access.resolve(con, "not-an-address").scope == ()


def test_expand_scope_adds_the_directies_of_a_dg_and_drops_unknown_codes(con):
    assert access.expand_scope(con, ["DGV", "JUS", "NOPE"]) == (
        "DGV",
        "DGV-BG",
        "DGV-CRB",
        "DGV-NCC",
        "DGV-POL",
        "JUS",
    )
    assert access.expand_scope(con, []) == ()


def test_role_rows_win_are_audited_and_can_be_removed(con):
    access.assign_role(con, BEHEER, RoleAssignment(email="Jeroen.Bakker@minbzk.nl", role="psg"), now=NOW)
    assert access.resolve(con, "jeroen.bakker@minbzk.nl").role == "psg"  # the row wins over AM02
    access.assign_role(
        con,
        BEHEER,
        RoleAssignment(email="am.test@minbzk.nl", name="Test AM", role="accountmanager", clients=ASSIGNED),
        now=NOW,
    )
    user = access.resolve(con, "am.test@minbzk.nl")
    assert (user.role, user.scope, user.source) == ("accountmanager", SCOPE, "user_role")
    assert access.client_scope_for(con, user) == SCOPE == access.client_scope_for(con, "am.test@minbzk.nl")
    # a linked account manager brings their clients too
    access.assign_role(
        con,
        BEHEER,
        RoleAssignment(
            email="am.test@minbzk.nl", role="accountmanager", accountmanager_id="AM06", clients=("SG-AD",)
        ),
        now=NOW,
    )
    assert access.resolve(con, "am.test@minbzk.nl").scope == ("JUS", "ROB", "SG-AD")
    table = access.role_assignments(con)
    assert table[["email", "role", "accountmanager_id", "clients"]].to_dict("records") == [
        {
            "email": "am.test@minbzk.nl",
            "role": "accountmanager",
            "accountmanager_id": "AM06",
            "clients": "SG-AD",
        },
        {"email": "jeroen.bakker@minbzk.nl", "role": "psg", "accountmanager_id": "", "clients": ""},
    ]
    access.remove_role(con, BEHEER, "jeroen.bakker@minbzk.nl", now=NOW)
    assert access.resolve(con, "jeroen.bakker@minbzk.nl").role == "accountmanager"  # back to AM02's clients
    log = access.audit_log_frame(con, actions=("role_change",))
    details = [json.loads(d) for d in log["detail"]]
    assert list(log["actor"].unique()) == ["beheer@minbzk.nl"]
    assert [
        (d["user"], (d["before"] or {}).get("role"), (d["after"] or {}).get("role")) for d in details
    ] == [
        ("jeroen.bakker@minbzk.nl", "psg", None),
        ("am.test@minbzk.nl", "accountmanager", "accountmanager"),
        ("am.test@minbzk.nl", None, "accountmanager"),
        ("jeroen.bakker@minbzk.nl", None, "psg"),
    ]
    assert details[1]["before"]["clients"] == list(ASSIGNED) and details[1]["after"]["clients"] == ["SG-AD"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "geen-adres", "role": "psg"}, "not an e-mail address"),
        ({"email": "a@minbzk.nl", "role": "baas"}, "Input should be"),
        (
            {"email": "a@minbzk.nl", "role": "directeur", "clients": ("DGV",)},
            "only an accountmanager has clients",
        ),
        ({"email": "a@minbzk.nl", "role": "accountmanager"}, "needs clients"),
    ],
)
def test_a_role_assignment_is_validated_before_anything_is_written(fields, message):
    with pytest.raises(ValidationError, match=message):
        RoleAssignment(**fields)


def test_only_beheer_assigns_roles_with_known_clients_and_never_demotes_itself(con):
    directeur = Access("dir@minbzk.nl", None, "directeur", None, "user_role")
    ok = RoleAssignment(email="x@minbzk.nl", role="psg")
    with pytest.raises(PermissionError):
        access.assign_role(con, directeur, ok)
    with pytest.raises(PermissionError):
        access.remove_role(con, directeur, "x@minbzk.nl")
    with pytest.raises(ValueError, match="unknown client"):
        access.assign_role(
            con, BEHEER, RoleAssignment(email="x@minbzk.nl", role="accountmanager", clients=("NOPE",))
        )
    with pytest.raises(ValueError, match="unknown account manager"):
        access.assign_role(
            con, BEHEER, RoleAssignment(email="x@minbzk.nl", role="accountmanager", accountmanager_id="AM99")
        )
    with pytest.raises(ValueError, match="own beheer role"):
        access.assign_role(con, BEHEER, RoleAssignment(email=BEHEER.email, role="psg"))
    with pytest.raises(KeyError):
        access.remove_role(con, BEHEER, "nobody@minbzk.nl")
    assert access.resolve(con, "x@minbzk.nl").role is None


def test_audit_refuses_unknown_actions_and_lists_newest_first(con):
    with pytest.raises(ValueError, match="unknown audit action"):
        access.audit(con, "someone@minbzk.nl", "peek")
    access.audit(con, "a@minbzk.nl", "sign_in", "role=psg", now=dt.datetime(2030, 1, 1))
    access.audit(con, "b@minbzk.nl", "import", "tickets.csv", now=dt.datetime(2030, 1, 2))
    log = access.audit_log_frame(con, limit=2)
    assert log[["actor", "action", "detail"]].values.tolist() == [
        ["b@minbzk.nl", "import", "tickets.csv"],
        ["a@minbzk.nl", "sign_in", "role=psg"],
    ]


# --- filters and reports under a scope ------------------------------------------------------------


def test_filter_choices_hold_only_own_clients_and_a_link_to_another_is_refused(con):
    opts = access.restrict_options(filter_options(con), SCOPE)
    assert set(opts.clients) == set(SCOPE)
    assert set(opts.dgs) == {"DGOB", "SG"}  # SG: the DG of their one directie
    for params in ({"client": "DGV-POL"}, {"dg": "DGV"}, {"client": "SG-DJZ"}):
        filters, notices = filters_from_query(params, opts)
        assert (filters.client, filters.dg) == (None, None) and notices
    assert access.restrict_options(filter_options(con), None) == filter_options(con)


def test_reports_follow_the_scope_and_are_audited(con):
    user = Access("am.rep@minbzk.nl", None, "accountmanager", SCOPE, "user_role")
    with pytest.raises(PermissionError):
        access.report_bytes(con, user, "client_brief", "DGV", "2006-Q4", "xlsx")
    with pytest.raises(PermissionError):
        access.report_bytes(con, user, "client_brief", "SG", "2006-Q4", "xlsx")  # only SG-AD of SG
    assert access.report_bytes(con, user, "client_brief", "DGOB", "2006-Q4", "xlsx")[:2] == b"PK"
    assert access.report_bytes(con, user, "mantel_report", None, "2006-Q4", "xlsx")[:2] == b"PK"
    log = access.audit_log_frame(con, limit=2, actions=("report_download",))
    assert log["detail"].tolist() == ["mantel_report 2006-Q4 xlsx", "client_brief DGOB 2006-Q4 xlsx"]
    assert set(log["actor"]) == {"am.rep@minbzk.nl"}


@pytest.mark.parametrize("flag", [None, False, "false", "", 1])
def test_only_a_verified_email_claim_identifies_a_user(con, flag):
    """Issue 12, item 2: an account manager's address without email_verified true (a foreign
    `sub` that registered it unverified) gets no role and no clients."""
    claims = {"sub": "someone-else", "email": "marieke.jansen@minbzk.nl", "name": "X"}
    if flag is not None:
        claims["email_verified"] = flag
    user = access.resolve_claims(con, claims)
    assert (user.role, user.scope, user.source) == (None, (), "unverified")
    verified = access.resolve_claims(con, claims | {"email_verified": True})
    assert verified.role == "accountmanager" and verified.scope == access.resolve(con, claims["email"]).scope


# --- issue 12, item 3: GD cost data only for a role that opens Efficiency --------------------------

AM_AREAS = tuple(sorted(access.ROLE_AREAS["accountmanager"]))


def test_cost_figures_and_their_rows_are_refused_without_the_efficiency_area(con):
    """An account manager's requests carry their areas: the cost figures and their drill-down
    (FTE, personnel cost per directorate) are refused, wherever they are asked for; the attention
    list and the mantel report leave them out."""
    from gdmetrics import attention, reports

    req = YEAR.with_(client_scope=SCOPE, areas=AM_AREAS)
    costly = sorted(f for f in REGISTRY if REGISTRY[f].area == "efficiency")
    assert costly == ["cost_per_ticket", "efficiency_index"]
    for fid in costly:
        with pytest.raises(PermissionError):
            compute(con, fid, req)
        with pytest.raises(PermissionError):
            drilldown.rows(con, fid, req)
        with pytest.raises(PermissionError):
            drilldown.count(con, fid, req)
    assert compute(con, "ticket_volume", req).value  # the rest is computed as before
    assert "efficiency_index" not in {i.figure_id for i in attention.needs_attention(con, req, {}, top=99)}
    report = reports.mantel_report_content(con, "2006-Q4", client_scope=SCOPE, areas=AM_AREAS)
    efficiency = next(s for s in report.sections if s.key == "efficiency")
    assert all(row[1] is None for row in efficiency.tables[0].rows)  # no index, only the SLI
    assert "efficiency_index" not in {d[0] for d in report.definitions}
    assert REGISTRY["efficiency_index"].label("nl") not in {k.label for k in report.key_figures}
    directeur = YEAR.with_(areas=tuple(sorted(access.ROLE_AREAS["directeur"])))
    assert compute(con, "efficiency_index", directeur).value
