"""Changing the catalogue (functioneel beheer): norms from a date, product fields; always audited.

A per-priority norm (`product_norm`) has a validity, so a change never rewrites history: the
version that is valid at the new date is closed there (valid_to = valid_from) and a new, open
version starts; tickets registered before that date keep the norm they had. The product's own
norm (`product.response_norm_hours` / `resolution_norm_hours`) has no validity dates; it is only
the fallback for tickets whose priority has no catalogue norm. Changing it would silently rewrite
the verdicts of every such ticket since the beginning, so `change_product_norm` refuses it and
asks for a per-priority norm from a date instead.

Every change is one transaction: the catalogue rows, the recomputed verdicts (`ticket_sla`, when
a norm changed) and one `catalogue_change` line in the audit log, all or nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

import duckdb
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from gdmetrics.access import Access, insert_audit, require
from gdmetrics.schema import FINANCING_TYPES
from gdmetrics.sla import refresh_ticket_sla, remember_inputs

AREA = "catalogue_edit"  # gdmetrics.access.ROLE_AREAS: beheer only
OWN_NORM_REFUSED = (
    "the product's own norm has no validity dates and applies to every ticket without a norm for "
    "its priority, so changing it would rewrite past verdicts; set a norm per priority (1-5) from "
    "a date instead"
)


class NormChange(BaseModel):
    """A new catalogue norm for one product and priority, valid from a date (checked before writing)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    product_code: str = Field(min_length=1)
    priority: int | None = Field(ge=1, le=5)
    response_norm_hours: float = Field(gt=0, le=10_000)
    resolution_norm_hours: float = Field(gt=0, le=10_000)
    valid_from: dt.date

    @model_validator(mode="after")
    def _consistent(self) -> NormChange:
        if self.priority is None:
            raise ValueError(OWN_NORM_REFUSED)
        if self.response_norm_hours > self.resolution_norm_hours:
            raise ValueError(
                f"the response norm ({self.response_norm_hours:g} h) may not exceed the resolution "
                f"norm ({self.resolution_norm_hours:g} h)"
            )
        return self


class ProductChange(BaseModel):
    """Simple catalogue fields of one product; only the fields given are changed."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    product_code: str = Field(min_length=1)
    name: str = Field(default="", min_length=1, max_length=200)
    name_en: str = Field(default="", min_length=1, max_length=200)
    financing: str = "basis"
    tariff: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    tariff_unit: str | None = Field(default=None, max_length=50)

    @field_validator("financing")
    @classmethod
    def _financing(cls, value: str) -> str:
        if value not in FINANCING_TYPES:
            raise ValueError(f"financing must be one of {', '.join(FINANCING_TYPES)}, not {value!r}")
        return value

    @field_validator("tariff_unit")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    def changes(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in sorted(self.model_fields_set - {"product_code"})}


@dataclass(frozen=True)
class NormChangeResult:
    """What a norm change did: the versions closed and opened, and the verdicts recomputed."""

    product_code: str
    priority: int
    valid_from: dt.date
    closed: dict | None  # the version that was valid on valid_from, as it was before (None: none)
    tickets_recomputed: int  # tickets whose ticket_sla row was recomputed (those the norm can reach)
    tickets_affected: int  # tickets of this product and priority registered from valid_from
    verdicts_changed: int  # of those, how many got another response or resolution verdict


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _versions(cur: duckdb.DuckDBPyConnection, product_code: str, priority: int) -> list[dict]:
    cur.execute(
        """SELECT valid_from, valid_to, response_norm_hours, resolution_norm_hours FROM product_norm
           WHERE product_code = $p AND priority = $prio ORDER BY valid_from""",
        {"p": product_code, "prio": priority},
    )
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


def _verdicts(cur: duckdb.DuckDBPyConnection, change: NormChange) -> dict[str, tuple]:
    rows = cur.execute(
        """SELECT s.ticket_id, s.response_met, s.resolution_met, s.response_norm_min, s.resolution_norm_min
           FROM ticket_sla s
           WHERE s.product_code = $p AND s.priority = $prio AND s.registered_at >= CAST($from AS TIMESTAMP)""",
        {"p": change.product_code, "prio": change.priority, "from": change.valid_from},
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def _require_product(cur: duckdb.DuckDBPyConnection, product_code: str) -> dict:
    cur.execute("SELECT * FROM product WHERE code = $p", {"p": product_code})
    row = cur.fetchone()
    if row is None:
        raise ValueError(f"unknown product {product_code!r}")
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def plan_norm_version(versions: list[dict], change: NormChange) -> tuple[list[dict], dict | None]:
    """The norm-versioning rule, on the versions of one product and priority (dicts with valid_from,
    valid_to, response_norm_hours, resolution_norm_hours, ordered by valid_from).

    Returns the versions after `change` and the version it closed or corrected, as it was (None:
    none). The version valid on `change.valid_from` is closed there and a new open version
    starts; on the same day as the latest version, that version's hours are corrected in place.
    ValueError for a date before the latest version's start (history is not rewritten)."""
    latest = versions[-1] if versions else None
    if latest and change.valid_from < latest["valid_from"]:
        raise ValueError(
            f"a norm from {change.valid_from:%d-%m-%Y} would lie before the latest version, valid from "
            f"{latest['valid_from']:%d-%m-%Y}; choose that date or a later one"
        )
    hours = {
        "response_norm_hours": change.response_norm_hours,
        "resolution_norm_hours": change.resolution_norm_hours,
    }
    if latest and latest["valid_from"] == change.valid_from:
        return [*versions[:-1], latest | hours], latest
    closed = None
    kept = list(versions)
    if latest and (latest["valid_to"] is None or latest["valid_to"] > change.valid_from):
        closed = latest
        kept[-1] = latest | {"valid_to": change.valid_from}
    return [*kept, {"valid_from": change.valid_from, "valid_to": None, **hours}], closed


def write_norm_versions(
    cur: duckdb.DuckDBPyConnection, product_code: str, priority: int, before: list[dict], after: list[dict]
) -> None:
    """Write the difference between two version lists of one product and priority (as
    `plan_norm_version` returns them): changed versions updated, new ones inserted."""
    old = {v["valid_from"]: v for v in before}
    for v in after:
        params = {"p": product_code, "prio": priority, **v}
        if v["valid_from"] not in old:
            cur.execute(
                """INSERT INTO product_norm VALUES ($p, $prio, $valid_from, $valid_to, $response_norm_hours,
                   $resolution_norm_hours)""",
                params,
            )
        elif v != old[v["valid_from"]]:
            cur.execute(
                """UPDATE product_norm SET valid_to = $valid_to, response_norm_hours = $response_norm_hours,
                   resolution_norm_hours = $resolution_norm_hours
                   WHERE product_code = $p AND priority = $prio AND valid_from = $valid_from""",
                params,
            )


def apply_norm_version(cur: duckdb.DuckDBPyConnection, change: NormChange) -> dict | None:
    """`plan_norm_version` applied to the database, inside the caller's transaction. Returns the
    version closed or corrected, as it was (None: there was none). ValueError for an unknown
    product or a date before the latest version's start; nothing is written then. Verdicts and
    audit are the caller's."""
    assert change.priority is not None  # the model refuses None
    _require_product(cur, change.product_code)
    versions = _versions(cur, change.product_code, change.priority)
    after, closed = plan_norm_version(versions, change)
    write_norm_versions(cur, change.product_code, change.priority, versions, after)
    return closed


def change_product_norm(
    con: duckdb.DuckDBPyConnection,
    user: Access,
    product_code: str,
    priority: int | None,
    response_norm_hours: float,
    resolution_norm_hours: float,
    valid_from: dt.date,
    now: dt.datetime | None = None,
) -> NormChangeResult:
    """Set the catalogue norm of a product for one priority from `valid_from` on.

    The version valid on that date is closed there and a new open version inserted; a later
    version may not exist (`valid_from` must not lie before the latest version's start; on the
    same day as it, that version's hours are corrected in place). Then every ticket's verdict is
    recomputed and the change audited, in one transaction.

    `priority` None (the product's own norm) is refused: it has no validity dates and is the
    fallback for every ticket without a norm for its priority (see the module docstring).
    PermissionError unless `user` is beheer; ValueError (pydantic's ValidationError is one) for
    invalid input, with nothing written.
    """
    require(user, AREA)
    change = NormChange(
        product_code=product_code,
        priority=priority,
        response_norm_hours=response_norm_hours,
        resolution_norm_hours=resolution_norm_hours,
        valid_from=valid_from,
    )
    assert change.priority is not None  # the model refuses None
    cur = con.cursor()
    now = now or dt.datetime.now()
    cur.execute("BEGIN")
    try:
        before = _verdicts(cur, change)
        remember_inputs(cur)  # so that only the tickets the new version can reach are recomputed
        closed = apply_norm_version(cur, change)
        # this cursor: a fresh one would not see our rows
        recomputed = refresh_ticket_sla(cur, only_touched=True)
        after = _verdicts(cur, change)
        changed = sum(1 for k, v in after.items() if before.get(k, v)[:2] != v[:2])
        detail = {
            "product": change.product_code,
            "priority": change.priority,
            "valid_from": change.valid_from.isoformat(),
            "before": {k: _plain(v) for k, v in closed.items()} if closed else None,
            "after": {
                "response_norm_hours": change.response_norm_hours,
                "resolution_norm_hours": change.resolution_norm_hours,
                "valid_to": None,
            },
            "tickets_affected": len(after),
            "verdicts_changed": changed,
        }
        insert_audit(cur, user.email, "catalogue_change", json.dumps(detail, ensure_ascii=False), now)
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    return NormChangeResult(
        change.product_code, change.priority, change.valid_from, closed, recomputed, len(after), changed
    )


def change_product(
    con: duckdb.DuckDBPyConnection,
    user: Access,
    product_code: str,
    now: dt.datetime | None = None,
    **fields: object,
) -> dict[str, tuple[object, object]]:
    """Change simple catalogue fields of a product (name, name_en, financing, tariff, tariff_unit).

    Only the fields given change; returns {field: (before, after)} of those that really changed
    (nothing written, not even an audit line, when none did). No verdict depends on these fields;
    `ticket_sla` copies the financing beside each verdict, so a change of it refreshes the rows of
    the product's tickets.
    PermissionError unless `user` is beheer; ValueError for invalid input (a plus product needs a
    tariff), with nothing written.
    """
    require(user, AREA)
    change = ProductChange.model_validate({"product_code": product_code, **fields})
    cur = con.cursor()
    current = _require_product(cur, change.product_code)
    wanted = change.changes()
    merged = current | wanted
    if merged["financing"] == "plus" and merged["tariff"] is None:
        raise ValueError("a plus product is settled at a tariff: give a tariff")
    diff = {k: (current[k], v) for k, v in wanted.items() if _plain(current[k]) != _plain(v)}
    if not diff:
        return {}
    now = now or dt.datetime.now()
    sets = ", ".join(f"{k} = ${k}" for k in diff)  # names from ProductChange's fields only
    cur.execute("BEGIN")
    try:
        remember_inputs(cur)
        cur.execute(
            f"UPDATE product SET {sets} WHERE code = $code",
            {"code": change.product_code} | {k: v for k, (_, v) in diff.items()},
        )
        if "financing" in diff:
            refresh_ticket_sla(cur, only_touched=True)
        detail = {
            "product": change.product_code,
            "before": {k: _plain(b) for k, (b, _) in diff.items()},
            "after": {k: _plain(a) for k, (_, a) in diff.items()},
        }
        insert_audit(cur, user.email, "catalogue_change", json.dumps(detail, ensure_ascii=False), now)
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    return diff


def norm_versions(con: duckdb.DuckDBPyConnection, product_code: str) -> pd.DataFrame:
    """The norms of one product: every per-priority version with its validity (valid_to
    exclusive, None = open), then the product's own norm (priority None, no validity)."""
    cur = con.cursor()
    product = _require_product(cur, product_code)
    rows = [{"priority": prio, **v} for prio in range(1, 6) for v in _versions(cur, product_code, prio)]
    rows.append(
        {
            "priority": None,
            "valid_from": None,
            "valid_to": None,
            "response_norm_hours": product["response_norm_hours"],
            "resolution_norm_hours": product["resolution_norm_hours"],
        }
    )
    return pd.DataFrame(rows, columns=list(rows[0])).astype({"priority": "Int64"})


def product_fields(con: duckdb.DuckDBPyConnection, product_code: str) -> dict[str, object]:
    """The fields `change_product` may change, as they are now (tariff as a float)."""
    product = _require_product(con.cursor(), product_code)
    return {k: _plain(product[k]) for k in ("name", "name_en", "financing", "tariff", "tariff_unit")}


def error_text(exc: Exception) -> str:
    """A refused change in one readable line: pydantic's messages without its boilerplate."""
    if isinstance(exc, ValidationError):
        return "; ".join(
            (f"{e['loc'][0]}: " if e["loc"] else "") + e["msg"].removeprefix("Value error, ")
            for e in exc.errors()
        )
    return str(exc)
