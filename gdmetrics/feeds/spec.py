"""The recurring feeds: what each one loads, its key, its fields and their types.

A feed is a table the GD's own administrations export every month: `costs` (per directorate
per month: FTE, personnel cost, material budget and spend, the basis of the 20% target),
`complaints`, `escalations` (SIA), `charges` (verrekening) and `quotes` (offertes). The columns
of an export are mapped to these fields by the feed's profile (`profiles/<feed>.toml`); the
fields, their types and the key are fixed here, from the schema.

Definitional choices:
- The key identifies a row: a row whose key the database holds is updated in place, a new key
  adds a row. A row left out of a file is kept (a feed is never a full replacement).
- `month`: any date in the month, `2006-01`, `01-2006`, `200601`, `2006/01` or `jan 2006`
  (Dutch or English month names) all mean that month; the row is stored on its first day.
- Money and counts may use a decimal comma or point (the profile's `decimal`); negative values
  are refused. A charge without an amount is quantity x tariff, rounded to cents.
- A reference (directorate, client, product, ticket, accountmanager, escalation) must exist in
  the database: load the reference workbook first. Unknown references are named, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from gdmetrics.schema import COMPLAINT_OUTCOMES, ESCALATION_OUTCOMES, ESCALATION_REASONS, QUOTE_STATUSES

# field kinds: text, month, date, timestamp, number, bool, code (one of `values`), ref (a key of `ref`)


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool = True
    values: tuple[str, ...] = ()
    ref: tuple[str, str] | None = None  # (table, column)
    default: object = None


@dataclass(frozen=True)
class Feed:
    name: str
    table: str
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    # (earlier, later): `later` may not be before `earlier` when both are given
    order: tuple[tuple[str, str], ...] = ()
    # (table, column) rows that refer to this feed's rows: DuckDB cannot change a referenced row's
    # indexed (key or reference) columns, so such a change is refused with the row named.
    referenced_by: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


DIRECTORATE = ("directorate", "code")
CLIENT = ("client", "code")
PRODUCT = ("product", "code")
TICKET = ("ticket", "id")
ACCOUNTMANAGER = ("accountmanager", "id")
ESCALATION = ("escalation", "id")

FEEDS: dict[str, Feed] = {
    f.name: f
    for f in (
        Feed(
            "costs",
            "cost",
            ("directorate_code", "month"),
            (
                Field("directorate_code", "ref", ref=DIRECTORATE),
                Field("month", "month"),
                Field("fte", "number"),
                Field("personnel_cost", "number"),
                Field("material_budget", "number"),
                Field("material_spend", "number"),
            ),
        ),
        Feed(
            "complaints",
            "complaint",
            ("id",),
            (
                Field("id", "text"),
                Field("received_at", "timestamp"),
                Field("client_code", "ref", required=False, ref=CLIENT),
                Field("directorate_code", "ref", required=False, ref=DIRECTORATE),
                Field("category", "text"),
                Field("ticket_id", "ref", required=False, ref=TICKET),
                Field("term_extended", "bool", required=False, default=False),
                Field("handled_at", "timestamp", required=False),
                Field("outcome", "code", required=False, values=COMPLAINT_OUTCOMES),
            ),
            order=(("received_at", "handled_at"),),
        ),
        Feed(
            "escalations",
            "escalation",
            ("id",),
            (
                Field("id", "text"),
                Field("ticket_id", "ref", required=False, ref=TICKET),
                Field("escalated_at", "timestamp"),
                Field("client_code", "ref", ref=CLIENT),
                Field("reason", "code", values=ESCALATION_REASONS),
                Field("accountmanager_id", "ref", required=False, ref=ACCOUNTMANAGER),
                Field("picked_up_at", "timestamp", required=False),
                Field("closed_at", "timestamp", required=False),
                Field("outcome", "code", required=False, values=ESCALATION_OUTCOMES),
            ),
            order=(("escalated_at", "picked_up_at"), ("escalated_at", "closed_at")),
            referenced_by=(("quote", "escalation_id"),),
        ),
        Feed(
            "charges",
            "charge",
            ("client_code", "month", "product_code"),
            (
                Field("client_code", "ref", ref=CLIENT),
                Field("month", "month"),
                Field("product_code", "ref", ref=PRODUCT),
                Field("quantity", "number"),
                Field("tariff", "number"),
                Field("amount", "number", required=False),
            ),
        ),
        Feed(
            "quotes",
            "quote",
            ("id",),
            (
                Field("id", "text"),
                Field("client_code", "ref", ref=CLIENT),
                Field("product_code", "ref", required=False, ref=PRODUCT),
                Field("description", "text"),
                Field("amount", "number"),
                Field("status", "code", values=QUOTE_STATUSES),
                Field("requested_on", "date"),
                Field("sent_on", "date", required=False),
                Field("decided_on", "date", required=False),
                Field("escalation_id", "ref", required=False, ref=ESCALATION),
            ),
            order=(("requested_on", "sent_on"), ("requested_on", "decided_on")),
        ),
    )
}

# The feeds the CLI (and page) offer: each listed once its tests (validation naming line and
# column, database unchanged after a rejected file, idempotence, update in place) are in place.
READY: tuple[str, ...] = ("costs", "complaints", "escalations", "charges", "quotes")
