"""Tickets written as a profile's own export: the file that profile imports (round trip).

`export_tickets` writes every ticket as one row in the columns of a profile's `[ticket]` section
(each field under its first column name), values in the profile's own words (the first source
value its value map turns into ours; `Afgemeld` for `gesloten` in TOPdesk), dates as the profile
reads them, `;`-separated UTF-8 CSV (gdmetrics.export: formula text neutralised). Importing it
with that profile into a database with the same reference data gives the same tickets.

What a one-row-per-ticket export cannot hold, and so does not come back (each a choice):
- Pauses: a ticket row has one on-hold period (TOPdesk's `Datum on hold` / `Datum einde on
  hold`); a ticket paused more than once is written with its latest pause.
- Ids: the importer names a ticket `<source>:<number>`; the number written is the ticket's own
  source id (the demo's `GD-2006-0000001` comes back as `topdesk:GD-2006-0000001`).
- Fields the import has no place for: whether a ticket was escalated to SIA (the escalations
  feed holds the escalations themselves), the demand level (the catalogue's product carries it;
  gdmetrics.sla uses the product's).
- A pattern case is written as its pattern's code and its number (without our `<source>:`).
- Interactions: only a profile with an `[interaction]` section has a file for them
  (`export_interactions`).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from gdmetrics.calendar import TIMEZONE
from gdmetrics.export import to_csv_bytes
from gdmetrics.importing.profiles import (
    BOOL,
    DATE,
    ENUM,
    INTERACTION_FIELDS,
    NUMBER,
    PRIORITY,
    TICKET_FIELDS,
    Profile,
    RecordSpec,
)

# Our field -> the SQL giving it per ticket `t` (and `p`, its latest pause). Fields without a
# source here (update_count) are not stored as such and are not written.
TICKET_SOURCES: dict[str, str] = {
    "source_id": "coalesce(t.source_id, t.id)",
    "registered_at": "t.registered_at",
    "first_response_at": "t.first_response_at",
    "resolved_at": "t.resolved_at",
    "closed_at": "t.closed_at",
    "reopened_at": "t.reopened_at",
    "updated_at": "t.source_updated_at",
    "target_at": "t.source_target_at",
    "sla_met": "t.source_sla_met",
    "paused_at": "p.paused_at",
    "resumed_at": "p.resumed_at",
    "pause_reason": "p.reason",
    "status": "t.status",
    "priority": "t.priority",
    "channel": "t.channel",
    "kind": "t.kind",
    "client": "t.client_code",
    "directorate": "t.directorate_code",
    "product": "t.product_code",
    "requester": "t.requester",
    "reassignment_count": "t.reassignment_count",
    "reopen_count": "t.reopen_count",
    "satisfaction": "t.satisfaction",
    "handled_by": "t.handled_by",
    "pattern": "(SELECT pi.pattern_code FROM pattern_instance pi WHERE pi.id = t.pattern_instance_id)",
    "pattern_instance": "CASE WHEN starts_with(t.pattern_instance_id, t.source || ':') "
    "THEN substr(t.pattern_instance_id, length(t.source) + 2) ELSE t.pattern_instance_id END",
}
INTERACTION_SOURCES: dict[str, str] = {
    "source_id": "i.id",
    "registered_at": "i.registered_at",
    "channel": "i.channel",
    "client": "i.client_code",
    "first_call_resolution": "i.first_call_resolution",
    "handle_seconds": "i.handle_seconds",
    "ticket_source_id": "(SELECT coalesce(t.source_id, t.id) FROM ticket t WHERE t.id = i.ticket_id)",
}
LATEST_PAUSE = "(SELECT * FROM ticket_pause QUALIFY row_number() OVER (PARTITION BY ticket_id ORDER BY paused_at DESC) = 1)"


def _written_fields(spec: RecordSpec, sources: dict[str, str]) -> list[str]:
    return [name for name in spec.columns if name in sources]


def _reverse(spec: RecordSpec, name: str) -> dict[str, str]:
    """Our value -> the first source value the profile maps onto it."""
    out: dict[str, str] = {}
    for source_value, ours in spec.values.get(name, {}).items():
        out.setdefault(str(ours).lower(), source_value)
    return out


def _date_format(profile: Profile) -> str:
    return "%d-%m-%Y %H:%M:%S" if profile.dayfirst else "%Y-%m-%d %H:%M:%S"


def _frame(
    con: duckdb.DuckDBPyConnection,
    profile: Profile,
    spec: RecordSpec,
    sources: dict[str, str],
    relation: str,
    order: str,
) -> pd.DataFrame:
    """Every row of `relation` as text in the profile's words, worked out in SQL (values bound)."""
    kinds = {**TICKET_FIELDS, **INTERACTION_FIELDS}
    fields = _written_fields(spec, sources)
    params: dict[str, object] = {"fmt": _date_format(profile)}
    items = []
    for i, name in enumerate(fields):
        expr, kind = sources[name], kinds[name]
        if kind == DATE and profile.timezone != TIMEZONE:
            # stored as Dutch wall time; written in the zone the profile reads (its `timezone`)
            params["tz"], params["tz_nl"] = profile.timezone, TIMEZONE
            text = f"strftime(timezone($tz, timezone($tz_nl, {expr})), $fmt)"
        elif kind == DATE:
            text = f"strftime({expr}, $fmt)"
        elif kind in (ENUM, PRIORITY, BOOL):
            back = _reverse(spec, name)
            params[f"k{i}"], params[f"v{i}"] = list(back) or [""], list(back.values()) or [""]
            word = f"lower(CAST({expr} AS VARCHAR))"
            text = f"coalesce($v{i}[list_position($k{i}, {word})], {word})"
        elif kind == NUMBER and profile.decimal == ",":
            text = f"replace(CAST({expr} AS VARCHAR), '.', ',')"
        else:
            text = f"CAST({expr} AS VARCHAR)"
        items.append(f'{text} AS "{name}"')  # names from our own field lists only
    sql = f"SELECT {', '.join(items)} FROM {relation} ORDER BY {order}"
    frame = con.cursor().execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).df()
    frame = frame.astype(object).where(frame.notna(), None)
    frame.columns = [spec.column_options(f)[0] for f in fields]
    return frame


def export_tickets(con: duckdb.DuckDBPyConnection, profile: Profile) -> bytes:
    """Every ticket, in registration order, as `profile`'s ticket export (CSV bytes)."""
    if profile.ticket is None:
        raise ValueError(f"profile {profile.name} has no [ticket] section")
    relation = f"ticket t LEFT JOIN {LATEST_PAUSE} p ON p.ticket_id = t.id"
    frame = _frame(con, profile, profile.ticket, TICKET_SOURCES, relation, "t.registered_at, t.id")
    return to_csv_bytes(frame, decimal="," if profile.decimal == "," else ".")


def export_interactions(con: duckdb.DuckDBPyConnection, profile: Profile) -> bytes | None:
    """Every interaction as `profile`'s interaction export, or None when it has no such section."""
    if profile.interaction is None:
        return None
    frame = _frame(
        con, profile, profile.interaction, INTERACTION_SOURCES, "interaction i", "i.registered_at, i.id"
    )
    return to_csv_bytes(frame, decimal="," if profile.decimal == "," else ".")
