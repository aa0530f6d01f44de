"""Who may see what: a user's role and client scope, role assignments, and the audit log.

An account manager sees only their own clients. That rule is a *client scope*, a tuple of client
codes (a DG expanded to its directies), which the frame puts into the shared filters so that it
travels in every FigureRequest, drill-down and report; the queries themselves apply it. This
module decides the role and scope from one source, the `user_role` and `user_client_scope`
tables (managed on the Toegang page), and writes the audit log.

Where a role comes from, first match wins:
1. a `user_role` row for the e-mail address (an account manager's clients: the rows of
   `user_client_scope` plus the clients of the linked `accountmanager`, if any);
2. an `accountmanager` with that e-mail address: role accountmanager, their clients;
3. the settings' `admin_emails`: role beheer (so the first administrator can assign the rest);
4. otherwise no role: the user sees a message and no data.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from typing import Literal

import duckdb
import pandas as pd
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from gdmetrics.filters import FilterOptions
from gdmetrics.schema import AUDIT_ACTIONS
from gdmetrics.settings import Settings, get_settings

Role = Literal["directeur", "psg", "accountmanager", "beheer"]  # the schema's ROLES (a test checks)

# What each role may open. The pages map onto these areas (app.py); which *rows* a user sees is
# the client scope, applied in every query, not the navigation.
# "catalogue" is reading the catalogue; "catalogue_edit" changing it and its norms (beheer only).
AREAS = ("management", "efficiency", "accountmanagement", "mantel", "catalogue", "catalogue_edit", "data",
         "access")  # fmt: skip
_EVERY_FIGURE = frozenset({"management", "efficiency", "accountmanagement", "mantel", "catalogue"})
ROLE_AREAS: dict[str, frozenset[str]] = {
    "directeur": _EVERY_FIGURE,
    "psg": _EVERY_FIGURE,
    # GD-internal cost (efficiency) is no client's data and not the account manager's question.
    "accountmanager": frozenset({"management", "accountmanagement", "mantel", "catalogue"}),
    "beheer": frozenset({"catalogue", "catalogue_edit", "data", "access"}),
}
DEMO = "demo"  # not a role one can assign: the open demo when no sign-in is configured
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Access:
    """A user as the dashboard sees them.

    `role` None means signed in without a role; `scope` None means every client, () none at all;
    `source` says where the role came from (user_role, accountmanager, admin_emails, demo, none).
    """

    email: str
    name: str | None
    role: str | None
    scope: tuple[str, ...] | None
    source: str
    accountmanager_id: str | None = None

    @property
    def areas(self) -> frozenset[str]:
        return frozenset(AREAS) if self.role == DEMO else ROLE_AREAS.get(self.role or "", frozenset())

    def may(self, area: str) -> bool:
        return area in self.areas


def demo_access() -> Access:
    """The user of the open demo (no [auth] configured): every page, every client."""
    return Access(DEMO, "Demo", DEMO, None, DEMO)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def expand_scope(con: duckdb.DuckDBPyConnection, codes) -> tuple[str, ...]:
    """The clients `codes` cover: each code that exists, and for a DG every directie under it."""
    rows = (
        con.cursor()
        .execute(
            """SELECT code FROM client WHERE list_contains($codes, code) OR list_contains($codes, parent_code)
               ORDER BY code""",
            {"codes": sorted(set(codes))},
        )
        .fetchall()
    )
    return tuple(r[0] for r in rows)


def _manager_clients(cur: duckdb.DuckDBPyConnection, accountmanager_id: str) -> list[str]:
    rows = cur.execute(
        "SELECT code FROM client WHERE accountmanager_id = $am", {"am": accountmanager_id}
    ).fetchall()
    return [r[0] for r in rows]


def resolve(
    con: duckdb.DuckDBPyConnection,
    email: str | None,
    name: str | None = None,
    settings: Settings | None = None,
) -> Access:
    """The role and client scope of the user with this e-mail address (see the module's order)."""
    settings = settings or get_settings()
    email = normalise_email(email or "")
    if not _EMAIL.match(email):
        return Access(email, name, None, (), "none")
    cur = con.cursor()
    row = cur.execute(
        "SELECT name, role, accountmanager_id FROM user_role WHERE email = $email", {"email": email}
    ).fetchone()
    if row:
        stored_name, role, am_id = row
        scope = None
        if role == "accountmanager":
            codes = [
                r[0]
                for r in cur.execute(
                    "SELECT client_code FROM user_client_scope WHERE email = $email", {"email": email}
                ).fetchall()
            ]
            scope = expand_scope(cur, codes + (_manager_clients(cur, am_id) if am_id else []))
        return Access(email, stored_name or name, role, scope, "user_role", am_id)
    manager = cur.execute(
        "SELECT id, name FROM accountmanager WHERE lower(email) = $email ORDER BY id LIMIT 1",
        {"email": email},
    ).fetchone()
    if manager:
        scope = expand_scope(cur, _manager_clients(cur, manager[0]))
        return Access(email, name or manager[1], "accountmanager", scope, "accountmanager", manager[0])
    if email in settings.admin_emails:
        return Access(email, name, "beheer", None, "admin_emails")
    return Access(email, name, None, (), "none")


def client_scope_for(con: duckdb.DuckDBPyConnection, user: Access | str) -> tuple[str, ...] | None:
    """The clients this user may see, read afresh (None: every client; (): none)."""
    if isinstance(user, Access):
        if user.role == DEMO:
            return None
        user = user.email
    return resolve(con, user).scope


def restrict_options(options: FilterOptions, scope: tuple[str, ...] | None) -> FilterOptions:
    """The filter choices a user with this scope may pick: only their clients, and the DG's
    (or third parties) those clients belong to. A link naming another client is then refused
    by the filters' own validation."""
    if scope is None:
        return options
    allowed = set(scope)
    clients = {c: n for c, n in options.clients.items() if c in allowed}
    dgs_of_scope = {options.client_dg.get(c, c) for c in clients}
    return replace(
        options,
        clients=clients,
        dgs={c: n for c, n in options.dgs.items() if c in dgs_of_scope},
        client_dg={c: d for c, d in options.client_dg.items() if c in allowed},
    )


def require(user: Access, area: str) -> None:
    """PermissionError unless the user's role may open `area`."""
    if not user.may(area):
        raise PermissionError(f"{user.email or 'this user'} ({user.role or 'no role'}) may not open {area!r}")


def require_client(scope: tuple[str, ...] | None, client_code: str) -> None:
    """PermissionError unless `client_code` lies in the scope (None: every client)."""
    if scope is not None and client_code not in scope:
        raise PermissionError(f"client {client_code!r} lies outside this user's clients")


# --- the audit log ----------------------------------------------------------------------------


def _insert_audit(
    cur: duckdb.DuckDBPyConnection, actor: str, action: str, detail: str, now: dt.datetime
) -> None:
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}; known: {', '.join(AUDIT_ACTIONS)}")
    cur.execute(
        "INSERT INTO audit_log (happened_at, actor, action, detail) VALUES ($at, $actor, $action, $detail)",
        {"at": now, "actor": actor, "action": action, "detail": detail},
    )


def audit(
    con: duckdb.DuckDBPyConnection, actor: str, action: str, detail: str = "", now: dt.datetime | None = None
) -> None:
    """Write one line to the audit log (sign_in, import, role_change, report_download,
    catalogue_change), in its own transaction."""
    _insert_audit(con.cursor(), actor, action, detail, now or dt.datetime.now())


def audit_log_frame(
    con: duckdb.DuckDBPyConnection, limit: int = 1000, actions: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """The latest `limit` audit lines, newest first, optionally of some actions only."""
    return (
        con.cursor()
        .execute(
            """SELECT happened_at, actor, action, detail FROM audit_log
               WHERE $actions IS NULL OR list_contains($actions, action)
               ORDER BY happened_at DESC, id DESC LIMIT $limit""",
            {"actions": list(actions) if actions else None, "limit": int(limit)},
        )
        .df()
    )


# --- role assignments (the Toegang page) -------------------------------------------------------


class RoleAssignment(BaseModel):
    """One user's role as the Toegang page submits it; validated before anything is written."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    email: str
    name: str | None = None
    role: Role
    accountmanager_id: str | None = None
    clients: tuple[str, ...] = ()  # a DG code means the DG and all its directies

    @field_validator("email")
    @classmethod
    def _email(cls, email: str) -> str:
        email = normalise_email(email)
        if not _EMAIL.match(email):
            raise ValueError(f"{email!r} is not an e-mail address")
        return email

    @field_validator("name", "accountmanager_id")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("clients")
    @classmethod
    def _unique(cls, clients: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted({c.strip() for c in clients if c.strip()}))

    @model_validator(mode="after")
    def _clients_only_for_accountmanagers(self) -> RoleAssignment:
        if self.role != "accountmanager" and (self.clients or self.accountmanager_id):
            raise ValueError(f"only an accountmanager has clients; a {self.role} sees every client")
        if self.role == "accountmanager" and not (self.clients or self.accountmanager_id):
            raise ValueError("an accountmanager needs clients, or an account manager whose clients they see")
        return self


def assign_role(
    con: duckdb.DuckDBPyConnection, actor: Access, assignment: RoleAssignment, now: dt.datetime | None = None
) -> None:
    """Give a user a role (replacing the one they had); the role, its clients and the audit line are
    written together (the old clients are cleared just before, see below).

    PermissionError unless `actor` may manage access; ValueError for unknown clients or account
    manager, or for a beheer taking away their own beheer role (so nobody locks themselves out)."""
    require(actor, "access")
    if assignment.email == actor.email and actor.role == "beheer" and assignment.role != "beheer":
        raise ValueError("you cannot take away your own beheer role; ask another administrator")
    cur = con.cursor()
    known = {r[0] for r in cur.execute("SELECT code FROM client").fetchall()}
    unknown = [c for c in assignment.clients if c not in known]
    if unknown:
        raise ValueError(f"unknown client(s): {', '.join(unknown)}")
    if (
        assignment.accountmanager_id
        and not cur.execute(
            "SELECT 1 FROM accountmanager WHERE id = $id", {"id": assignment.accountmanager_id}
        ).fetchone()
    ):
        raise ValueError(f"unknown account manager {assignment.accountmanager_id!r}")
    now = now or dt.datetime.now()
    before = _current(cur, assignment.email)
    values = {"email": assignment.email, "name": assignment.name, "role": assignment.role,
              "am": assignment.accountmanager_id, "at": now, "by": actor.email}  # fmt: skip
    # DuckDB checks foreign keys eagerly: a role row whose clients were deleted in the same
    # transaction cannot be updated. So the old clients go first, in their own transaction (which
    # only narrows access), and come back if writing the new assignment fails.
    _replace_clients(cur, assignment.email, ())
    cur.execute("BEGIN")
    try:
        if before is None:
            cur.execute("INSERT INTO user_role VALUES ($email, $name, $role, $am, $at, $by)", values)
        else:
            cur.execute(
                """UPDATE user_role SET name = $name, role = $role, accountmanager_id = $am,
                   updated_at = $at, updated_by = $by WHERE email = $email""",
                values,
            )
        for code in assignment.clients:
            cur.execute(
                "INSERT INTO user_client_scope VALUES ($email, $code)",
                {"email": assignment.email, "code": code},
            )
        after = assignment.model_dump(exclude={"email"})
        _insert_audit(cur, actor.email, "role_change", _change(assignment.email, before, after), now)
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        if before is not None:
            _replace_clients(cur, assignment.email, before["clients"])
        raise


def _replace_clients(cur: duckdb.DuckDBPyConnection, email: str, clients) -> None:
    cur.execute("BEGIN")
    cur.execute("DELETE FROM user_client_scope WHERE email = $email", {"email": email})
    for code in clients:
        cur.execute("INSERT INTO user_client_scope VALUES ($email, $code)", {"email": email, "code": code})
    cur.execute("COMMIT")


def remove_role(
    con: duckdb.DuckDBPyConnection, actor: Access, email: str, now: dt.datetime | None = None
) -> None:
    """Take a user's role away (they keep only what the fallbacks give: an account manager's own
    clients, or beheer from the settings). KeyError when they had no role row."""
    require(actor, "access")
    email = normalise_email(email)
    if email == actor.email and actor.role == "beheer":
        raise ValueError("you cannot take away your own beheer role; ask another administrator")
    cur = con.cursor()
    before = _current(cur, email)
    if before is None:
        raise KeyError(f"{email} has no role to remove")
    # DuckDB refuses to delete a key whose referencing rows were deleted in the same
    # transaction, so the scope goes first (narrowing access), then the role with its audit line.
    _replace_clients(cur, email, ())
    now = now or dt.datetime.now()
    cur.execute("BEGIN")
    try:
        cur.execute("DELETE FROM user_role WHERE email = $email", {"email": email})
        _insert_audit(cur, actor.email, "role_change", _change(email, before, None), now)
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise


def _current(cur: duckdb.DuckDBPyConnection, email: str) -> dict | None:
    row = cur.execute(
        "SELECT name, role, accountmanager_id FROM user_role WHERE email = $email", {"email": email}
    ).fetchone()
    if row is None:
        return None
    clients = cur.execute(
        "SELECT client_code FROM user_client_scope WHERE email = $email ORDER BY 1", {"email": email}
    ).fetchall()
    return {"name": row[0], "role": row[1], "accountmanager_id": row[2], "clients": [c[0] for c in clients]}


def _change(email: str, before: dict | None, after: dict | None) -> str:
    """The audit detail of a role change: who, and what it was and became."""
    plain = {k: list(v) if isinstance(v, tuple) else v for k, v in (after or {}).items()} if after else None
    return json.dumps({"user": email, "before": before, "after": plain}, ensure_ascii=False)


def accountmanagers(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Account managers by id, for linking a user to one."""
    return dict(con.cursor().execute("SELECT id, name FROM accountmanager ORDER BY name").fetchall())


def role_assignments(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every role row with its clients, for the Toegang page."""
    return (
        con.cursor()
        .execute(
            """SELECT r.email, r.name, r.role, coalesce(r.accountmanager_id, '') AS accountmanager_id,
                      coalesce(string_agg(s.client_code, ', ' ORDER BY s.client_code), '') AS clients,
                      r.updated_at, r.updated_by
               FROM user_role r LEFT JOIN user_client_scope s USING (email)
               GROUP BY ALL ORDER BY r.role, r.email"""
        )
        .df()
    )


# --- reports as a user may have them ------------------------------------------------------------


def report_bytes(
    con: duckdb.DuckDBPyConnection,
    user: Access,
    kind: Literal["mantel_report", "client_brief"],
    subject: str | None,
    period: str,
    fmt: str,
    lang: str = "nl",
) -> bytes:
    """A report for this user, audited as a download: the mantel report over the user's clients
    only, a client brief only of one of their clients (a DG in scope brings its directies)."""
    from gdmetrics import reports

    if kind == "client_brief":
        require_client(user.scope, subject or "")
        data = reports.build_client_brief(con, subject, period, fmt, lang=lang)
    elif kind == "mantel_report":
        data = reports.build_mantel_report(con, period, fmt, lang=lang, client_scope=user.scope)
    else:
        raise ValueError(f"unknown report {kind!r}")
    audit(con, user.email, "report_download", f"{kind} {subject or ''} {period} {fmt}".replace("  ", " "))
    return data
