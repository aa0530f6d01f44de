"""Explaining one ticket's verdict: which norm applied and why, time used, pauses, due moment.

It names the rule that applied: which DVA line (the client's own, or its DG's when the directie has
none for the product) or catalogue norm, and which moment counted as the resolution (the closing
moment when there is no resolution moment); the rules themselves are in gdmetrics.sla."""

from __future__ import annotations

import duckdb

from gdmetrics import text
from gdmetrics.figures.model import FIGURE_AREAS
from gdmetrics.text import N_, tr

NORM_SOURCE_TEXT = {
    "dva_line_priority": N_("DVA-regel {dva} r{line} voor deze klant, dit product en prioriteit {priority}"),
    "dva_line": N_("DVA-regel {dva} r{line} voor deze klant en dit product"),
    "dg_dva_line_priority": N_(
        "DVA-regel {dva} r{line} van het DG voor dit product en prioriteit {priority} "
        "(de directie heeft geen eigen regel voor dit product)"
    ),
    "dg_dva_line": N_(
        "DVA-regel {dva} r{line} van het DG voor dit product (de directie heeft geen eigen regel voor dit product)"
    ),
    "product_priority": N_("catalogusnorm van product {product} voor prioriteit {priority}"),
    "product": N_("catalogusnorm van product {product}"),
    "default": N_("standaardnorm voor prioriteit {priority} (geen DVA- of catalogusnorm)"),
}

EXPLAIN_SQL = """
SELECT t.id, t.registered_at, t.first_response_at, s.resolved_at, t.closed_at, s.closed_as_resolved, t.status,
       t.reopen_count, t.reopened_at, t.client_code, t.product_code,
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
    con: duckdb.DuckDBPyConnection,
    ticket_id: str,
    scope: tuple[str, ...] | None = None,
    areas: tuple[str, ...] | None = None,
) -> dict:
    """Everything that decided this ticket's verdicts, as a dict; KeyError when there is no such
    ticket (or it lies outside the caller's client scope); PermissionError for a role (`areas`)
    that opens no page with figures."""
    if areas is not None and not FIGURE_AREAS & set(areas):
        raise PermissionError("explaining a ticket needs a page with figures")
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


NO_NORM_TEXT = N_(
    "geen oordeel: er gold geen norm (geen DVA-, catalogus- of standaardnorm voor deze prioriteit)"
)


def _verdict_text(met: bool | None, lang: str, norm_min: float | None = 0.0, done: bool = False) -> str:
    """The verdict in words; without a norm there is no verdict, whether the ticket is open or done."""
    if met is None and norm_min is None:
        return tr(lang, NO_NORM_TEXT)
    if met is None and done:
        return tr(lang, "nog geen oordeel")
    if met is None:
        return tr(lang, "nog geen oordeel (open, norm nog niet verlopen)")
    return tr(lang, "binnen de norm") if met else tr(lang, "buiten de norm")


def explain_text(info: dict, lang: str = "nl") -> str:
    """A few lines a servicedesk employee can read aloud to a client."""
    unit = tr(lang, "kantooruren") if info["clock"] == "business" else tr(lang, "kalenderuren")
    done = info["resolved_at"] is not None

    def norm_text(source: str, minutes: float | None) -> str:
        if minutes is None:
            return tr(lang, "geen norm")
        return tr(lang, NORM_SOURCE_TEXT[source]).format(
            dva=info["dva_id"],
            line=info["dva_line_no"],
            priority=info["priority"],
            product=info["product_code"],
        )

    def hours(minutes: float | None) -> str:
        return "-" if minutes is None else f"{minutes / 60:.1f}"

    def stamp(moment) -> str:
        return "-" if moment is None else f"{moment:%Y-%m-%d %H:%M}"

    resolution, response = info["resolution_norm_min"], info["response_norm_min"]
    lines = [
        tr(
            lang,
            "Melding {id} ({status}), geregistreerd {registered}",
            id=info["id"],
            status=text.code(lang, "ticket_status", info["status"]),
            registered=stamp(info["registered_at"]),
        ),
        *(
            [
                tr(
                    lang,
                    "Geen oplosmoment: het sluitmoment {closed} telt als oplossing",
                    closed=stamp(info["closed_at"]),
                )
            ]
            if info["closed_as_resolved"]
            else []
        ),
        *(
            [
                tr(
                    lang,
                    "Heropend: {n} keer, laatst {at}; de klok loopt van registratie tot de laatste oplossing",
                    n=info["reopen_count"],
                    at=stamp(info["reopened_at"]),
                )
            ]
            if info["reopen_count"]
            else []
        ),
        tr(lang, "Klok: {unit}", unit=unit),
        tr(
            lang,
            "Oplosnorm: {hours} {unit} - {norm}",
            hours=hours(resolution),
            unit=unit,
            norm=norm_text(info["resolution_norm_source"], resolution),
        ),
        tr(
            lang,
            "Verbruikt: {used} {unit}, gepauzeerd: {paused} ({pauses} pauzes)",
            used=hours(info["resolution_used_min"]),
            unit=unit,
            paused=hours(info["paused_min"]),
            pauses=info["pause_count"],
        ),
        tr(lang, "Norm verloopt: {due}", due=info["resolution_due_at"] or "-"),
        tr(
            lang,
            "Oordeel oplossing: {verdict}",
            verdict=_verdict_text(info["resolution_met"], lang, resolution, done),
        )
        + (f" ({stamp(info['resolution_verdict_at'])})" if info["resolution_verdict_at"] else ""),
        tr(
            lang,
            "Reactienorm: {hours} {unit} - {norm}; verbruikt {used}: {verdict}",
            hours=hours(response),
            unit=unit,
            norm=norm_text(info["response_norm_source"], response),
            used=hours(info["response_used_min"]),
            verdict=_verdict_text(info["response_met"], lang, response, done),
        ),
        tr(
            lang,
            "Doel: {share} ({source})",
            share=f"{info['target_share']:.0%}",
            source=info["target_source"],
        ),
    ]
    if info["source_sla_met"] is not None:
        lines.append(
            tr(lang, "Oordeel bronsysteem: {verdict}", verdict=_verdict_text(info["source_sla_met"], lang))
        )
    return "\n".join(lines)
