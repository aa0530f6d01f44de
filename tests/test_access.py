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

from gdmetrics import access, drilldown, rollup
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
    # the derived counts made from these clients' verdicts alone (the resolution minutes' levels
    # for all tickets and per directorate have no client to filter their rows by)
    rollup.refresh_resolution_minutes(out)
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


# --- issue 12, walk (a): every public gdmetrics function that reads client data ------------------
#
# Each function below is called with an account manager's partial-DG scope (SCOPE: all of DGOB,
# one directie of SG) and their areas, on the whole database, and compared with the same call
# without a scope on `restricted` (only SCOPE's rows). The roles' other half is the areas: every
# role gets exactly the functions its areas open. A public function of gdmetrics that takes a
# connection must be walked here or in the figure walk above, or be exempt with a reason.

import importlib  # noqa: E402
import inspect  # noqa: E402
import pkgutil  # noqa: E402

import gdmetrics  # noqa: E402
from gdmetrics import attention, completeness, dossier, explain, reports, scorecard  # noqa: E402

Q4 = "2006-Q4"
Q4_REQ = FigureRequest(date_from=dt.date(2006, 10, 1), date_to=dt.date(2006, 12, 31))
NOW_ = dt.datetime(2007, 1, 8, 9, 0)
ROLE_USERS = {
    role: Access(f"{role}@minbzk.nl", None, role, SCOPE if role == "accountmanager" else None, "user_role")
    for role in ROLES
}


def _areas(user: Access) -> tuple[str, ...]:
    return tuple(sorted(user.areas))


def _plain(value):
    """A comparable picture of a result: frames as records, dataclasses field by field."""
    if isinstance(value, pd.DataFrame):
        return _plain(
            value.reset_index(drop=True).astype(object).where(value.notna(), None).to_dict("records")
        )
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 9)
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
    return value


def _report(report) -> object:
    """What a report shows of the data: its tables and key figures (its cover names the scope)."""
    return _plain(
        [[(t.key, t.rows) for t in s.tables] for s in report.sections]
        + [[(k.label, k.value) for k in report.key_figures]]
    )


def _ticket_in(con, inside: bool) -> str:
    op = "" if inside else "NOT"
    return con.execute(
        f"SELECT min(id) FROM ticket WHERE {op} list_contains($s, client_code)", {"s": list(SCOPE)}
    ).fetchone()[0]


# name -> (area it needs, or None for any role; call(con, scope, areas) -> comparable)
WALK = {
    "gdmetrics.dossier.read": (
        "accountmanagement",
        lambda con, scope, areas: [
            _plain(dossier.read(con, c, Q4, scope, areas=areas)) for c in ("DGOB", "SG-AD")
        ],
    ),
    "gdmetrics.dossier.profile": (
        None,  # who a client is and its DVA ids, within the scope: any role may know it
        lambda con, scope, areas: [
            _plain(dossier.profile(con, c, dt.date(2006, 12, 31), scope)) for c in ("DGOB", "SG-AD")
        ],
    ),
    "gdmetrics.explain.explain_ticket": (
        "management",
        lambda con, scope, areas: repr(explain.explain_ticket(con, _ticket_in(con, True), scope, areas)),
    ),
    "gdmetrics.attention.needs_attention": (
        "management",
        lambda con, scope, areas: _plain(
            attention.needs_attention(con, Q4_REQ.with_(client_scope=scope, areas=areas), {}, top=99)
        ),
    ),
    "gdmetrics.attention.candidates": (
        "management",
        lambda con, scope, areas: _plain(
            attention.candidates(con, Q4_REQ.with_(client_scope=scope, areas=areas), {}, Settings())
        ),
    ),
    "gdmetrics.completeness.period_notes": (
        None,  # the notes beside any figure: counted over the user's clients' tickets
        lambda con, scope, areas: _plain(completeness.period_notes(con, Q4_REQ.with_(client_scope=scope))),
    ),
    "gdmetrics.scorecard.read": (
        "mantel",
        lambda con, scope, areas: _plain(scorecard.read(con, Q4, scope, areas=areas)),
    ),
    "gdmetrics.reports.mantel_report_content": (
        "mantel",
        lambda con, scope, areas: _report(reports.mantel_report_content(con, Q4, "nl", scope, NOW_, areas)),
    ),
    "gdmetrics.reports.client_brief_content": (
        "accountmanagement",
        lambda con, scope, areas: _report(
            reports.client_brief_content(con, "DGOB", Q4, "nl", NOW_, client_scope=scope, areas=areas)
        ),
    ),
}
WALKED_ELSEWHERE = {
    "gdmetrics.figures.compute.compute": "every registry figure: the figure walk above",
    "gdmetrics.figures.compute.compute_frame": "compute's frame and meta (the figure walk)",
    "gdmetrics.drilldown.rows": "every registry figure's rows: the drill-down walk above",
    "gdmetrics.drilldown.count": "the drill-down walk above",
    "gdmetrics.shortfall.find": "through scorecard.read (every standard not met) in WALK",
    "gdmetrics.reports.build_mantel_report": "mantel_report_content (WALK) rendered",
    "gdmetrics.reports.build_client_brief": "client_brief_content (WALK) rendered",
    "gdmetrics.access.downloads.report_bytes": "the reports above; its checks: test_reports_by_role",
    "gdmetrics.figures.mantel.mantel_performance": "the registry figure mantel_performance",
    "gdmetrics.figures.run.run_statement": "the statement of every registry figure (compute)",
    "gdmetrics.figures.run.run_statements": "the statements of a composed figure (mantel_performance, walked)",
    "gdmetrics.figures.run.attach_target": "a step of compute",
    "gdmetrics.figures.run.add_rag": "a step of compute",
    "gdmetrics.figures.run.add_forecast": "a step of compute",
    "gdmetrics.figures.run.mantel_target": "a step of compute",
}
BEHEER_ONLY = "beheer's pages only (Gegevens, Toegang, Normen beheren; area data/access/catalogue_edit)"
NO_CLIENT_DATA = "reads no client's rows (organisation, catalogue, settings, codes or the schema)"
EXEMPT = {
    **dict.fromkeys(
        [
            "gdmetrics.access.admin.accountmanagers",
            "gdmetrics.access.admin.role_assignments",
            "gdmetrics.access.auditlog.audit_log_frame",
            "gdmetrics.access.auditlog.audit_trail",
            "gdmetrics.importing.history.import_log",
            "gdmetrics.importing.rows.reasons_table",  # an import's problem texts, inside the import
            "gdmetrics.importing.history.quarantine_rows",
            "gdmetrics.importing.history.unmapped_values",
            "gdmetrics.importing.history.database_summary",
            "gdmetrics.importing.history.table_counts_frame",
            "gdmetrics.feeds.export.export_feed",
            "gdmetrics.reference.load.reference_data",
            "gdmetrics.reference.load.export_reference",
            "gdmetrics.catalogue_edit.norm_versions",
            "gdmetrics.catalogue_edit.product_fields",
        ],
        BEHEER_ONLY,
    ),
    **dict.fromkeys(
        [
            "gdmetrics.access.roles.expand_scope",
            "gdmetrics.access.roles.resolve",
            "gdmetrics.access.roles.resolve_claims",
            "gdmetrics.access.roles.client_scope_for",
            "gdmetrics.calendar.business_minutes_between",
            "gdmetrics.calendar.moment_at_business_stamp",
            "gdmetrics.catalogue.products",
            "gdmetrics.catalogue.product_norms",
            "gdmetrics.catalogue.patterns",
            "gdmetrics.db.table_counts",
            "gdmetrics.figures.run.context_params",
            "gdmetrics.figures_cli.data_period",
            "gdmetrics.filters.filter_options",  # names only; access.restrict_options narrows them
            "gdmetrics.scorecard.code_names",
            "gdmetrics.text.reference_names",
            "gdmetrics.sla.data_as_of",
            "gdmetrics.sla.touched_months",  # months, inside a write
            "gdmetrics.sla.first_load",  # two counts, inside a write
            "gdmetrics.store.writer.is_current",
            "gdmetrics.schema.check_schema",
        ],
        NO_CLIENT_DATA,
    ),
    **dict.fromkeys(
        [
            "gdmetrics.access.admin.assign_role",
            "gdmetrics.access.admin.remove_role",
            "gdmetrics.access.auditlog.insert_audit",
            "gdmetrics.access.auditlog.audit",
            "gdmetrics.catalogue_edit.write_norm_versions",
            "gdmetrics.catalogue_edit.apply_norm_version",
            "gdmetrics.catalogue_edit.change_product_norm",
            "gdmetrics.catalogue_edit.change_product",
            "gdmetrics.feeds.load.import_feed",
            "gdmetrics.importing.history.set_mapping",
            "gdmetrics.importing.loader.import_bytes",
            "gdmetrics.importing.loader.import_file",
            "gdmetrics.reference.load.import_reference",
            "gdmetrics.reference.apply.apply_entries",
            "gdmetrics.reference.defaults.ensure_default_norms",
            "gdmetrics.sla.refresh_ticket_sla",
            "gdmetrics.rollup.refresh_month_rollup",
            "gdmetrics.rollup.count_change",
            "gdmetrics.rollup.apply_change",
            "gdmetrics.rollup.refresh_pattern_leads",
            "gdmetrics.rollup.refresh_resolution_minutes",
            "gdmetrics.rollup.touch_pattern_cases",
            "gdmetrics.sla.touch_tickets",
            "gdmetrics.sla.remember_inputs",
            "gdmetrics.calendar.ensure_calendar",
            "gdmetrics.db.prepare",
            "gdmetrics.schema.create_schema",
            "gdmetrics.store.recovery.carry_over",
        ],
        "a write (tests/test_audit_walk.py walks the writes)",
    ),
    **dict.fromkeys(
        [
            "gdmetrics.importing.loader.references",
            "gdmetrics.importing.loader.previous_import",
            "gdmetrics.importing.loader.import_memory",
            "gdmetrics.importing.loader.read_and_map",
            "gdmetrics.importing.loader.preview",
            "gdmetrics.importing.reading.read_table",
            "gdmetrics.importing.reading.drop_table",
            "gdmetrics.importing.rows.fitting_first",
            "gdmetrics.importing.rows.map_records",
            "gdmetrics.importing.rows.drop_mapped",
            "gdmetrics.reference.validate.db_rows",
            "gdmetrics.reference.validate.check_references",
        ],
        "reads an uploaded file or reference codes for an import (beheer), not client rows",
    ),
    **dict.fromkeys(
        ["gdmetrics.importing.export.export_tickets", "gdmetrics.importing.export.export_interactions"],
        "the CLI's export of the whole database (export-tickets), for whoever holds the file; no page",
    ),
    **dict.fromkeys(
        [
            "gdmetrics.completeness.check",
            "gdmetrics.completeness.feeds_as_of",
            "gdmetrics.completeness.gaps",
            "gdmetrics.completeness.loaded_kinds",
            "gdmetrics.completeness.row_counts",
        ],
        "data quality of the whole database: the Gegevens page (beheer) and `gdmetrics check`",
    ),
    **{
        name: "builds the demo database"
        for name in [
            "gdmetrics.demo.followups.insert_followups",
            "gdmetrics.demo.reference.insert_organisation",
            "gdmetrics.demo.reference.insert_catalogue",
            "gdmetrics.demo.reference.insert_agreements",
            "gdmetrics.demo.reference.insert_cost",
            "gdmetrics.demo.tickets.create_macros",
            "gdmetrics.demo.tickets.data_as_of",
            "gdmetrics.demo.tickets.setup",
            "gdmetrics.demo.tickets.generate_chunk",
            "gdmetrics.demo.tickets.generate_tickets",
        ]
    },
}


def _connection_functions() -> set[str]:
    """Every public function of gdmetrics whose first parameter is a connection."""
    found = set()
    for info in pkgutil.walk_packages(gdmetrics.__path__, "gdmetrics."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(obj) or obj.__module__ != module.__name__:
                continue
            params = list(inspect.signature(obj).parameters)
            if params and params[0] in ("con", "cur", "connection"):
                found.add(f"{module.__name__}.{name}")
    return found


def test_every_function_that_takes_a_connection_is_walked_or_exempt_with_a_reason():
    """A new function that reads client data fails here until it is in the walk (or is exempt,
    with the reason written down)."""
    listed = set(WALK) | set(WALKED_ELSEWHERE) | set(EXEMPT)
    found = _connection_functions()
    assert sorted(found - listed) == [], "walk these in WALK, or add them to EXEMPT with a reason"
    assert sorted(listed - found) == [], "these are gone: take them out of the lists"
    assert set(WALK).isdisjoint(EXEMPT) and all(EXEMPT.values())


@pytest.mark.parametrize("name", sorted(WALK))
def test_each_client_data_function_under_a_partial_dg_scope_equals_that_scope_alone(con, restricted, name):
    _, call = WALK[name]
    areas = _areas(ROLE_USERS["accountmanager"])
    assert call(con, SCOPE, areas) == call(restricted, None, areas)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_role_gets_exactly_the_client_data_its_areas_open(con, role):
    """Under each role: a function of an area the role does not open is refused (PermissionError
    at the figures, reports or dossier), one it opens gives its data."""
    user = ROLE_USERS[role]
    for name, (area, call) in sorted(WALK.items()):
        if area is None or user.may(area):
            assert call(con, user.scope, _areas(user)) is not None, name
        else:
            with pytest.raises(PermissionError):
                call(con, user.scope, _areas(user))
                raise AssertionError(f"{name} gave {role} data") from None


def test_reports_by_role(con):
    """report_bytes checks the role's area before the scope: beheer gets neither report, an
    account manager a client brief only of their own clients."""
    beheer = ROLE_USERS["beheer"]
    for kind, subject in (("mantel_report", None), ("client_brief", "DGOB")):
        with pytest.raises(PermissionError):
            access.report_bytes(con, beheer, kind, subject, Q4, "xlsx")
    with pytest.raises(PermissionError):
        access.report_bytes(con, ROLE_USERS["accountmanager"], "client_brief", "SG", Q4, "xlsx")
