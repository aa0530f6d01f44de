"""Role administration (the Toegang page): assign or remove a user's role and clients, audited."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from gdmetrics.access.auditlog import insert_audit
from gdmetrics.access.roles import EMAIL, Access, Role, normalise_email, require


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
        if not EMAIL.match(email):
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
    values = {
        "email": assignment.email,
        "name": assignment.name,
        "role": assignment.role,
        "am": assignment.accountmanager_id,
        "at": now,
        "by": actor.email,
    }
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
        insert_audit(cur, actor.email, "role_change", _change(assignment.email, before, after), now)
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
        insert_audit(cur, actor.email, "role_change", _change(email, before, None), now)
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
