"""Who may see what: a user's role, the areas it opens, and the client scope it allows.

An account manager sees only their own clients. That rule is a *client scope*, a tuple of client
codes (a DG expanded to its directies), which the frame puts into the shared filters so that it
travels in every FigureRequest, drill-down and report; the queries themselves apply it. This
module decides the role and scope from one source, the `user_role` and `user_client_scope`
tables (managed on the Toegang page, gdmetrics.access.admin).

Where a role comes from, first match wins:
1. a `user_role` row for the e-mail address (an account manager's clients: the rows of
   `user_client_scope` plus the clients of the linked `accountmanager`, if any);
2. an `accountmanager` with that e-mail address: role accountmanager, their clients;
3. the settings' `admin_emails`: role beheer (so the first administrator can assign the rest);
4. otherwise no role: the user sees a message and no data.

Which identity claims are trusted (`resolve_claims`): the `email` claim only when the provider
says it checked it (`email_verified` true). Anyone may register an unverified address at many
providers, so without that flag the user is nobody (no role, no clients), whatever the address.
The `sub` claim is only recorded (in the access log when there is no trusted address); the
`name` claim is shown, never used to decide anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

import duckdb

from gdmetrics.filters import FilterOptions
from gdmetrics.settings import Settings, get_settings

Role = Literal["directeur", "psg", "accountmanager", "beheer"]  # the schema's ROLES (a test checks)

# What each role may open. The pages map onto these areas (app.py); which *rows* a user sees is
# the client scope, applied in every query, not the navigation.
# "catalogue" is reading the catalogue; "catalogue_edit" changing it and its norms (beheer only).
AREAS = (
    "management",
    "efficiency",
    "accountmanagement",
    "mantel",
    "catalogue",
    "catalogue_edit",
    "data",
    "access",
)
_EVERY_FIGURE = frozenset({"management", "efficiency", "accountmanagement", "mantel", "catalogue"})
ROLE_AREAS: dict[str, frozenset[str]] = {
    "directeur": _EVERY_FIGURE,
    "psg": _EVERY_FIGURE,
    # GD-internal cost (efficiency) is no client's data and not the account manager's question.
    "accountmanager": frozenset({"management", "accountmanagement", "mantel", "catalogue"}),
    "beheer": frozenset({"catalogue", "catalogue_edit", "data", "access"}),
}
DEMO = "demo"  # not a role one can assign: the open demo when no sign-in is configured
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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
    if not EMAIL.match(email):
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


def email_verified(claims: Mapping[str, Any]) -> bool:
    """True when the claims say the provider verified the e-mail address (JSON true; some
    providers send the string "true")."""
    flag = claims.get("email_verified")
    return flag is True or (isinstance(flag, str) and flag.strip().lower() == "true")


def resolve_claims(
    con: duckdb.DuckDBPyConnection, claims: Mapping[str, Any], settings: Settings | None = None
) -> Access:
    """The user behind a signed-in identity's claims: by the `email` claim when it is verified,
    else nobody (source "unverified"; see the module docstring)."""
    name = claims.get("name") or None
    if not email_verified(claims):
        return Access("", name, None, (), "unverified")
    return resolve(con, claims.get("email"), name, settings)


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
