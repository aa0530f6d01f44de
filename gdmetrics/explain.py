"""Explaining one ticket's verdict: which norm applied and why, time used, pauses, due moment."""

from __future__ import annotations

import duckdb

NORM_SOURCE_TEXT = {
    "dva_line_priority": (
        "DVA-regel {dva} r{line} voor deze klant, dit product en prioriteit {priority}",
        "DVA line {dva} #{line} for this client, product and priority {priority}",
    ),
    "dva_line": (
        "DVA-regel {dva} r{line} voor deze klant en dit product",
        "DVA line {dva} #{line} for this client and product",
    ),
    "product_priority": (
        "catalogusnorm van product {product} voor prioriteit {priority}",
        "catalogue norm of product {product} for priority {priority}",
    ),
    "product": ("catalogusnorm van product {product}", "catalogue norm of product {product}"),
    "default": (
        "standaardnorm voor prioriteit {priority} (geen DVA- of catalogusnorm)",
        "default norm for priority {priority} (no DVA or catalogue norm)",
    ),
}

EXPLAIN_SQL = """
SELECT t.id, t.registered_at, t.first_response_at, t.resolved_at, t.status, t.client_code, t.product_code,
       t.directorate_code, t.priority, t.channel, t.source, t.source_id, t.source_sla_met,
       s.clock, s.dva_id, s.dva_line_no, s.response_norm_source, s.response_norm_min,
       s.resolution_norm_source, s.resolution_norm_min, s.target_share, s.target_source,
       s.response_used_min, s.resolution_used_min, s.paused_min, s.pause_count,
       s.response_due_at, s.resolution_due_at, s.response_met, s.resolution_met,
       s.response_verdict_at, s.resolution_verdict_at
FROM ticket t JOIN ticket_sla s ON s.ticket_id = t.id
WHERE t.id = $id
"""


def explain_ticket(
    con: duckdb.DuckDBPyConnection, ticket_id: str, scope: tuple[str, ...] | None = None
) -> dict:
    """Everything that decided this ticket's verdicts, as a dict; KeyError when there is no such
    ticket (or it lies outside the caller's client scope)."""
    cur = con.cursor().execute(EXPLAIN_SQL, {"id": ticket_id})
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    if row is None:
        raise KeyError(f"no ticket {ticket_id!r}")
    info = dict(zip(names, row, strict=True))
    if scope is not None and info["client_code"] not in scope:
        raise KeyError(f"no ticket {ticket_id!r}")
    info["pauses"] = (
        con.cursor()
        .execute(
            "SELECT paused_at, resumed_at, reason FROM ticket_pause WHERE ticket_id = $id ORDER BY paused_at",
            {"id": ticket_id},
        )
        .fetchall()
    )
    return info


NO_NORM_TEXT = (
    "geen oordeel: er gold geen norm (geen DVA-, catalogus- of standaardnorm voor deze prioriteit)",
    "no verdict: no norm applied (no DVA, catalogue or default norm for this priority)",
)


def _verdict_text(met: bool | None, lang: str, norm_min: float | None = 0.0, done: bool = False) -> str:
    """The verdict in words; without a norm there is no verdict, whether the ticket is open or done."""
    if met is None and norm_min is None:
        return NO_NORM_TEXT[0 if lang == "nl" else 1]
    if met is None and done:
        return "nog geen oordeel" if lang == "nl" else "no verdict yet"
    if met is None:
        return (
            "nog geen oordeel (open, norm nog niet verlopen)"
            if lang == "nl"
            else "no verdict yet (open, not due)"
        )
    if lang == "nl":
        return "binnen de norm" if met else "buiten de norm"
    return "within norm" if met else "outside norm"


def explain_text(info: dict, lang: str = "nl") -> str:
    """A few lines a servicedesk employee can read aloud to a client."""
    i = 0 if lang == "nl" else 1
    unit = (
        "kantooruren" if info["clock"] == "business" else "kalenderuren",
        "business hours" if info["clock"] == "business" else "calendar hours",
    )[i]

    def norm_text(source: str, minutes: float | None) -> str:
        if minutes is None:
            return ("geen norm", "no norm")[i]
        return NORM_SOURCE_TEXT[source][i].format(
            dva=info["dva_id"],
            line=info["dva_line_no"],
            priority=info["priority"],
            product=info["product_code"],
        )

    def hours(minutes: float | None) -> str:
        return "-" if minutes is None else f"{minutes / 60:.1f}"

    lines = [
        f"{'Melding' if lang == 'nl' else 'Ticket'} {info['id']} ({info['status']}), "
        f"{'geregistreerd' if lang == 'nl' else 'registered'} {info['registered_at']:%Y-%m-%d %H:%M}",
        f"{'Klok' if lang == 'nl' else 'Clock'}: {unit}",
        f"{'Oplosnorm' if lang == 'nl' else 'Resolution norm'}: {hours(info['resolution_norm_min'])} {unit} - "
        f"{norm_text(info['resolution_norm_source'], info['resolution_norm_min'])}",
        f"{'Verbruikt' if lang == 'nl' else 'Used'}: {hours(info['resolution_used_min'])} {unit}, "
        f"{'gepauzeerd' if lang == 'nl' else 'paused'}: {hours(info['paused_min'])} "
        f"({info['pause_count']} {'pauzes' if lang == 'nl' else 'pauses'})",
        f"{'Norm verloopt' if lang == 'nl' else 'Due'}: {info['resolution_due_at'] or '-'}",
        f"{'Oordeel oplossing' if lang == 'nl' else 'Resolution verdict'}: "
        f"{_verdict_text(info['resolution_met'], lang, info['resolution_norm_min'], info['resolved_at'] is not None)}"
        + (f" ({info['resolution_verdict_at']:%Y-%m-%d %H:%M})" if info["resolution_verdict_at"] else ""),
        f"{'Reactienorm' if lang == 'nl' else 'Response norm'}: {hours(info['response_norm_min'])} {unit} - "
        f"{norm_text(info['response_norm_source'], info['response_norm_min'])}; {'verbruikt' if lang == 'nl' else 'used'} "
        f"{hours(info['response_used_min'])}: {_verdict_text(info['response_met'], lang, info['response_norm_min'], info['resolved_at'] is not None)}",
        f"{'Doel' if lang == 'nl' else 'Target'}: {info['target_share']:.0%} ({info['target_source']})",
    ]
    if info["source_sla_met"] is not None:
        verdict = _verdict_text(info["source_sla_met"], lang)
        lines.append(f"{'Oordeel bronsysteem' if lang == 'nl' else 'Source system verdict'}: {verdict}")
    return "\n".join(lines)
