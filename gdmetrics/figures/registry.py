"""The registry: every figure of the dashboard, declared once, and the rules that make it valid.

A declaration holds all a figure is: id, labels and description (its definition, choices
included), unit, direction, target rule, the dimensions it may be split by, its query, its
drill-down (which rows, extra columns, the failures first), the noun a report counts it in, and
any extra step after its query (`steps`: red/amber/green, forecast) or the figures it is composed
of (`compose`). Nothing elsewhere names a figure's id to decide how it is computed or shown, so a
new figure is its declaration here and its golden case in tests/test_figures.py.

`rests_on` names the kinds of data a figure rests on (gdmetrics.completeness.DATA_KINDS): where
one was never loaded, computing the figure gives no value and says which (`FigureResult.meta
["not_loaded"]`), so a count over a feed never loaded is "niet geladen", not 0.

Choices a declaration's description repeats:
- reopened_within_five_days (heropend binnen vijf dagen): the ticket table stores how often a
  ticket was reopened, not when, so a reopening within five days cannot be dated inside one
  ticket. It is recognised instead as the same requester of the same client reporting the
  same product again within five calendar days (120 hours) after the resolution, counted in the
  period of the resolution, among resolved tickets whose requester and product are known. (A
  requester code is only unique within a client; reopen_rate keeps counting reopenings inside a
  ticket, whenever they happened.) Whether a ticket was followed up so is stored with its verdicts
  when the SLA refresh computes them (`ticket_sla.repeated`, NULL when not measured; the
  incremental refresh also recomputes the tickets a changed registration can follow up,
  gdmetrics.sla), so the figure counts rows, and reads the monthly rollup like reopen_rate.
- complaints_within_legal_term: the Awb term (9:11, six weeks, ten when extended) counts days
  from the day after receipt and runs to the end of its last day; a last day on a Saturday, Sunday
  or algemeen erkende feestdag moves to the next day that is none (Algemene termijnenwet; the days
  are the calendar's, gdmetrics.calendar.legal_term_days_off).
"""

from __future__ import annotations

import gdmetrics.figures.special as special
from gdmetrics import rollup, text
from gdmetrics.completeness import DATA_KINDS
from gdmetrics.figures.mantel import mantel_performance
from gdmetrics.figures.model import KNOWN_DIMENSIONS, PERIOD_GRAINS, Drill, Figure
from gdmetrics.figures.run import add_forecast, add_rag
from gdmetrics.figures.sql import (
    CHARGES,
    COMPLAINTS,
    DESK_CONTACTS,
    ESCALATIONS,
    PATTERN_INSTANCES,
    TICKET_DIMS,
    TICKETS,
    count,
    grouped,
    median_of_minutes,
    mix,
    ratio,
)
from gdmetrics.rollup import count_where

P = frozenset(PERIOD_GRAINS)
DONE = "resolved_at IS NOT NULL"
AT_RISK_HORIZON_HOURS = 96  # how far ahead 'about to breach' looks, in calendar hours

# Conditions a figure and its drill-down share ($to is the day after the period).
OPEN_TICKETS_AT_END = (
    "registered_at < least($to, $as_of) AND (done_at IS NULL OR done_at >= least($to, $as_of)) "
    "AND status <> 'geannuleerd'"
)
AT_RISK = (
    "resolved_at IS NULL AND status <> 'geannuleerd' AND resolution_met IS NULL "
    "AND resolution_due_at >= CAST($as_of AS TIMESTAMP) "
    "AND resolution_due_at < CAST($as_of AS TIMESTAMP) + to_hours(CAST($horizon AS BIGINT))"
)
# Open tickets on hold since longer than Settings.long_hold_days at the data's as-of moment.
LONG_ON_HOLD = (
    "done_at IS NULL AND status <> 'geannuleerd' AND on_hold_since IS NOT NULL "
    "AND on_hold_since <= CAST($as_of AS TIMESTAMP) - to_days(CAST($long_hold_days AS INTEGER))"
)
COMPLAINTS_OPEN_AT_END = (
    "received_at < least($to, $as_of) AND (handled_at IS NULL OR handled_at >= least($to, $as_of))"
)
ESCALATIONS_OPEN_AT_END = (
    "escalated_at < least($to, $as_of) AND (closed_at IS NULL OR closed_at >= least($to, $as_of))"
)
COMPLAINT_DONE_OR_LATE = "CASE WHEN handled_at <= term_end THEN handled_at ELSE term_end END"
COMPLAINT_JUDGED = "(handled_at IS NOT NULL OR term_end <= $as_of)"
PATTERN_TICKETS = (
    f"pattern_instance_id IN (SELECT id FROM {PATTERN_INSTANCES.sql} AS pi "
    "WHERE completed_at >= $from AND completed_at < $to)"
)
RESOLUTION_DRILL = Drill("tickets", "resolution_verdict_at", "resolution_met IS NOT NULL")


# service_level_vs_target is this same share, coloured against its target.
RESOLUTION_WITHIN_NORM = ratio(
    TICKETS,
    "resolution_verdict_at",
    rollup.RESOLUTION_MET,
    condition=rollup.RESOLUTION_JUDGED,
    target=rollup.RESOLUTION_TARGET,
)
RESOLUTION_READS = (
    "ticket_sla.resolution_verdict_at",
    "ticket_sla.resolution_met",
    "ticket_sla.target_share",
)


def declare(*, dimensions, reads, noun: str, rests_on: tuple[str, ...], **fields) -> Figure:
    """A figure's declaration: `Figure`'s fields by name, its texts in Dutch (their English is in
    the text catalogue, gdmetrics.text)."""
    return Figure(
        dimensions=frozenset(dimensions), reads=tuple(reads), noun_nl=noun, rests_on=tuple(rests_on), **fields
    )


FIGURES: tuple[Figure, ...] = (
    declare(
        id="resolution_within_norm",
        rests_on=("tickets",),
        label_nl="Oplossing binnen norm",
        description_nl=(
            "Aandeel meldingen opgelost binnen de geldende norm (DVA-regel van de klant, voor een directie "
            "anders die van haar DG, anders catalogus), in kantooruren min pauzes; zonder oplosmoment telt het "
            "sluitmoment; een open melding telt als overschreden in de periode waarin de norm verliep."
        ),
        unit="share",
        direction="higher_is_better",
        target_rule="ticket_target_share",
        dimensions=P | TICKET_DIMS,
        build=RESOLUTION_WITHIN_NORM,
        reads=RESOLUTION_READS,
        noun="meldingen",
        drill=RESOLUTION_DRILL,
    ),
    declare(
        id="response_within_norm",
        rests_on=("tickets",),
        label_nl="Reactie binnen norm",
        description_nl="Aandeel meldingen met een eerste reactie binnen de reactienorm.",
        unit="share",
        direction="higher_is_better",
        target_rule="mantel_standard",
        dimensions=P | TICKET_DIMS,
        build=ratio(TICKETS, "response_verdict_at", rollup.RESPONSE_MET, condition=rollup.RESPONSE_JUDGED),
        reads=("ticket_sla.response_verdict_at", "ticket_sla.response_met"),
        noun="meldingen",
        drill=Drill("tickets", "response_verdict_at", "response_met IS NOT NULL", "response"),
    ),
    declare(
        id="service_level_vs_target",
        rests_on=("tickets",),
        label_nl="Serviceniveau t.o.v. doel",
        description_nl=(
            "Oplossing binnen norm afgezet tegen het afgesproken doelpercentage (DVA); groen op of boven het "
            "doel, oranje tot de marge eronder, rood daaronder."
        ),
        unit="share",
        direction="higher_is_better",
        target_rule="ticket_target_share",
        dimensions=P | TICKET_DIMS,
        build=RESOLUTION_WITHIN_NORM,
        reads=RESOLUTION_READS,
        noun="meldingen",
        drill=RESOLUTION_DRILL,
        extra_columns=("rag",),
        steps=(add_rag,),
    ),
    declare(
        id="first_line_resolution",
        rests_on=("tickets",),
        label_nl="Eerstelijnsoplossing",
        description_nl="Aandeel contacten met de servicedesk dat de servicedesk zelf afhandelde.",
        unit="share",
        direction="higher_is_better",
        target_rule="mantel_standard",
        dimensions=P | DESK_CONTACTS.dimensions,
        build=ratio(DESK_CONTACTS, "registered_at", "first_line"),
        reads=("ticket_sla.registered_at", "ticket_sla.handled_by"),
        noun="contacten",
        drill=Drill(
            "tickets", "registered_at", "handled_by IS NOT NULL", order="s.handled_by = 'servicedesk'"
        ),
    ),
    declare(
        id="backlog",
        rests_on=("tickets",),
        label_nl="Werkvoorraad",
        description_nl="Openstaande meldingen aan het eind van de periode (of van elke maand/week).",
        unit="count",
        direction="lower_is_better",
        target_rule="none",
        dimensions=P | TICKET_DIMS,
        build=special.backlog,
        reads=("ticket_sla.registered_at", "ticket_sla.done_at", "ticket_sla.status"),
        noun="open meldingen",
        drill=Drill("tickets", "", OPEN_TICKETS_AT_END, order="s.registered_at"),
    ),
    declare(
        id="backlog_ageing",
        rests_on=("tickets",),
        label_nl="Ouderdom werkvoorraad",
        description_nl="Openstaande meldingen aan het eind van de periode naar leeftijd in werkdagen.",
        unit="count",
        direction="lower_is_better",
        target_rule="none",
        dimensions=TICKET_DIMS | {"age_bucket"},
        build=special.backlog_ageing,
        reads=("ticket_sla.registered_at", "ticket_sla.done_at", "ticket_sla.status"),
        noun="open meldingen",
        drill=Drill("tickets", "", OPEN_TICKETS_AT_END, order="s.registered_at"),
        category="age_bucket",
        extra_columns=("bucket_order",),
    ),
    declare(
        id="reopen_rate",
        rests_on=("tickets",),
        label_nl="Heropend",
        description_nl="Aandeel opgeloste meldingen dat minstens eenmaal is heropend.",
        unit="share",
        direction="lower_is_better",
        target_rule="mantel_standard",
        dimensions=P | TICKET_DIMS,
        build=ratio(TICKETS, "resolved_at", rollup.REOPENED),  # resolved in the period: DONE
        reads=("ticket_sla.resolved_at", "ticket_sla.reopen_count"),
        noun="opgeloste meldingen",
        drill=Drill(
            "tickets",
            "resolved_at",
            DONE,
            order="s.reopen_count DESC",
            columns=(("reopen_count", "Keren heropend"),),
        ),
    ),
    declare(
        id="reassignment_rate",
        rests_on=("tickets",),
        label_nl="Doorgezet",
        description_nl="Aandeel opgeloste meldingen dat minstens eenmaal naar een andere groep is doorgezet.",
        unit="share",
        direction="lower_is_better",
        target_rule="none",
        dimensions=P | TICKET_DIMS,
        build=ratio(TICKETS, "resolved_at", rollup.REASSIGNED),  # resolved in the period: DONE
        reads=("ticket_sla.resolved_at", "ticket_sla.reassignment_count"),
        noun="opgeloste meldingen",
        drill=Drill(
            "tickets",
            "resolved_at",
            DONE,
            order="s.reassignment_count DESC",
            columns=(("reassignment_count", "Keren doorgezet"),),
        ),
    ),
    declare(
        id="median_resolution_hours",
        rests_on=("tickets",),
        label_nl="Mediane oplostijd",
        description_nl=(
            "Mediaan van de oplostijd in kantooruren (min pauzes) van opgeloste meldingen; zonder oplosmoment "
            "telt het sluitmoment."
        ),
        unit="hours",
        direction="lower_is_better",
        target_rule="none",
        dimensions=P | TICKET_DIMS,
        build=median_of_minutes(TICKETS, "resolved_at", "resolution_used_min"),
        reads=("ticket_sla.resolved_at", "ticket_sla.resolution_used_min"),
        noun="opgeloste meldingen",
        drill=Drill("tickets", "resolved_at", "resolution_used_min IS NOT NULL", order="used_hours DESC"),
        additive=False,
    ),
    declare(
        id="ticket_volume",
        rests_on=("tickets",),
        label_nl="Aantal meldingen",
        description_nl="Aantal geregistreerde meldingen en verzoeken.",
        unit="count",
        direction="neutral",
        target_rule="none",
        dimensions=P | TICKET_DIMS,
        build=count(TICKETS, "registered_at"),
        reads=("ticket_sla.registered_at",),
        noun="meldingen",
        drill=Drill("tickets", "registered_at"),
    ),
    declare(
        id="channel_mix",
        rests_on=("tickets",),
        label_nl="Kanaalmix",
        description_nl="Aandeel van elk kanaal (servicepagina, telefoon, e-mail, post, balie) in de geregistreerde meldingen.",
        unit="share",
        direction="neutral",
        target_rule="none",
        dimensions=P | TICKET_DIMS,
        build=mix(TICKETS, "registered_at", "channel"),
        reads=("ticket_sla.registered_at", "ticket_sla.channel"),
        noun="meldingen",
        drill=Drill("tickets", "registered_at"),
        category="channel",
    ),
    declare(
        id="demand_level_mix",
        rests_on=("tickets",),
        label_nl="Vraagniveaumix",
        description_nl="Aandeel operationele, tactische en strategische vragen.",
        unit="share",
        direction="neutral",
        target_rule="none",
        dimensions=P | TICKET_DIMS,
        build=mix(TICKETS, "registered_at", "demand_level"),
        reads=("ticket_sla.registered_at", "ticket_sla.demand_level"),
        noun="meldingen",
        drill=Drill("tickets", "registered_at"),
        category="demand_level",
    ),
    declare(
        id="complaint_count",
        rests_on=("complaints",),
        label_nl="Aantal klachten",
        description_nl="Aantal ontvangen klachten.",
        unit="count",
        direction="lower_is_better",
        target_rule="none",
        dimensions=P | COMPLAINTS.dimensions,
        build=count(COMPLAINTS, "received_at"),
        reads=("complaint.received_at",),
        noun="klachten",
        drill=Drill("complaints", "received_at"),
    ),
    declare(
        id="complaints_per_1000",
        rests_on=("complaints", "tickets"),
        label_nl="Klachten per 1.000 meldingen",
        description_nl="Ontvangen klachten per 1.000 geregistreerde meldingen.",
        unit="per_1000",
        direction="lower_is_better",
        target_rule="mantel_standard",
        dimensions=P | (COMPLAINTS.dimensions & TICKET_DIMS),
        build=special.per_1000(COMPLAINTS, "received_at"),
        reads=("complaint.received_at", "ticket_sla.registered_at"),
        noun="meldingen",
        drill=Drill("complaints", "received_at"),
    ),
    declare(
        id="complaints_within_legal_term",
        rests_on=("complaints",),
        label_nl="Klachten binnen wettelijke termijn",
        description_nl=(
            "Aandeel klachten afgehandeld binnen zes weken (Awb 9:11), tien bij verdaging, gerekend tot het eind "
            "van de laatste dag; valt die op een zaterdag, zondag of algemeen erkende feestdag, dan loopt de "
            "termijn door tot de eerstvolgende dag die dat niet is (Algemene termijnenwet). Een open klacht telt "
            "als te laat in de periode waarin de termijn verliep."
        ),
        unit="share",
        direction="higher_is_better",
        target_rule="mantel_standard",
        dimensions=P | COMPLAINTS.dimensions,
        build=ratio(COMPLAINTS, COMPLAINT_DONE_OR_LATE, "handled_at <= term_end", condition=COMPLAINT_JUDGED),
        reads=("complaint.received_at", "complaint.handled_at", "complaint.term_extended"),
        noun="klachten",
        drill=Drill("complaints", COMPLAINT_DONE_OR_LATE, COMPLAINT_JUDGED, order="within_term"),
    ),
    declare(
        id="escalation_count",
        rests_on=("escalations",),
        label_nl="Aantal SIA-escalaties",
        description_nl="Aantal vragen doorgeleid naar service- en accountmanagement (SIA).",
        unit="count",
        direction="neutral",
        target_rule="none",
        dimensions=P | ESCALATIONS.dimensions,
        build=count(ESCALATIONS, "escalated_at"),
        reads=("escalation.escalated_at",),
        noun="escalaties",
        drill=Drill("escalations", "escalated_at"),
    ),
    declare(
        id="escalations_per_1000",
        rests_on=("escalations", "tickets"),
        label_nl="SIA-escalaties per 1.000 meldingen",
        description_nl="SIA-escalaties per 1.000 geregistreerde meldingen.",
        unit="per_1000",
        direction="neutral",
        target_rule="none",
        dimensions=P | (ESCALATIONS.dimensions & TICKET_DIMS),
        build=special.per_1000(ESCALATIONS, "escalated_at"),
        reads=("escalation.escalated_at", "ticket_sla.registered_at"),
        noun="meldingen",
        drill=Drill("escalations", "escalated_at"),
    ),
    declare(
        id="escalation_pickup_hours",
        rests_on=("escalations",),
        label_nl="Oppaktijd SIA",
        description_nl=(
            "Mediane tijd in kantooruren van escalatie tot oppakken door de accountmanager; een escalatie die "
            "nog niemand oppakte telt mee met haar wachttijd tot het moment van de gegevens (kan de mediaan nog "
            "stijgen, dan 'meer dan'). Daarnaast het aandeel opgepakt binnen de norm van de mantel; een open "
            "escalatie voorbij die norm telt als gemist."
        ),
        unit="hours",
        direction="lower_is_better",
        target_rule="mantel_standard",
        dimensions=P | ESCALATIONS.dimensions,
        build=special.pickup_median(
            ESCALATIONS,
            "escalated_at",
            "waited_hours",
            open_condition="picked_up_at IS NULL",
            within="picked_up_within_norm",
        ),
        reads=("escalation.escalated_at", "escalation.picked_up_at", "mantel_standard.target"),
        noun="escalaties",
        # the waiting time the median is taken over, open escalations included; missed the norm first
        drill=Drill(
            "escalations",
            "escalated_at",
            "waited_hours IS NOT NULL",
            order="f.picked_up_within_norm IS NOT false, f.waited_hours DESC",
            columns=(("waited_hours", "Wachttijd (uren)"), ("picked_up_within_norm", "Oppaknorm")),
        ),
        additive=False,
        extra_columns=("still_open", "within_norm", "judged", "within_norm_share", "lower_bound"),
    ),
    declare(
        id="escalation_outcomes",
        rests_on=("escalations",),
        label_nl="Uitkomsten SIA-escalaties",
        description_nl="Gesloten escalaties naar uitkomst: beantwoord, maatwerkofferte, nieuw product, nieuw patroon.",
        unit="share",
        direction="neutral",
        target_rule="none",
        dimensions=P | ESCALATIONS.dimensions,
        build=mix(ESCALATIONS, "closed_at", "outcome", condition="outcome IS NOT NULL"),
        reads=("escalation.closed_at", "escalation.outcome"),
        noun="gesloten escalaties",
        drill=Drill("escalations", "closed_at", "outcome IS NOT NULL"),
        category="outcome",
    ),
    declare(
        id="efficiency_index",
        rests_on=("costs",),
        label_nl="Efficiency-index",
        description_nl=(
            "Formatie (tegen de kosten per fte van het basisjaar) plus materieel budget, basisjaar = 100 "
            "(het maandgemiddelde van het basisjaar); daarnaast elk deel apart tegen zijn eigen basis: "
            "formatie (fte) en materieel budget. Het doelpad loopt van 100 aan het eind van het basisjaar in"
            " een rechte lijn naar 80 op de doeldatum; een periode van meer maanden wordt beoordeeld op haar"
            " gemiddelde index tegen het gemiddelde van het doelpad over dezelfde maanden. Een directie "
            "zonder kosten in het basisjaar telt niet mee en wordt genoemd. Met een prognose uit de trend."
        ),
        unit="index",
        direction="lower_is_better",
        target_rule="efficiency_path",
        dimensions=P | {"directorate"},
        build=special.efficiency_index,
        reads=("cost.month", "cost.fte", "cost.personnel_cost", "cost.material_budget"),
        noun="maanden",
        drill=Drill("costs", "month"),
        extra_columns=(
            "fte_index",
            "material_index",
            "fte_target",
            "material_target",
            "missing_baseline",
            "forecast",
        ),
        steps=(add_forecast,),
    ),
    declare(
        id="service_level_index",
        rests_on=("tickets",),
        label_nl="Serviceniveau-index",
        description_nl=(
            "Meldingen binnen norm tegen wat het basisjaar per directie zou geven, basisjaar = 100: de "
            "voorwaarde 'bij een gelijkblijvend dienstverleningsniveau'."
        ),
        unit="index",
        direction="higher_is_better",
        target_rule="fixed_100",
        dimensions=P | TICKET_DIMS,
        build=special.service_level_index,
        reads=(
            "ticket_sla.resolution_verdict_at",
            "ticket_sla.resolution_met",
            "ticket_sla.directorate_code",
        ),
        noun="meldingen",
        drill=RESOLUTION_DRILL,
    ),
    declare(
        id="cost_per_ticket",
        rests_on=("costs", "tickets"),
        label_nl="Kosten per melding",
        description_nl="Personele kosten plus materiële uitgaven per geregistreerde melding.",
        unit="euro",
        direction="lower_is_better",
        target_rule="none",
        dimensions=P | {"directorate"},
        build=special.cost_per_ticket,
        reads=("cost.month", "cost.personnel_cost", "cost.material_spend", "ticket_sla.registered_at"),
        noun="meldingen",
        drill=Drill("costs", "month"),
    ),
    declare(
        id="mantel_performance",
        rests_on=("tickets",),
        label_nl="Prestatie mantelovereenkomst",
        description_nl="Per mantelnorm en per DVA: gerealiseerd tegenover afgesproken.",
        unit="share",
        direction="higher_is_better",
        target_rule="mantel_standard",
        dimensions=P,
        build=None,
        # its own tables; the figures its standards name read theirs (bench/figures.py adds them)
        reads=("mantel_standard", "mantel_agreement", "dva.client_code", "client.name", "ticket_sla.dva_id"),
        noun="normen",
        drill=RESOLUTION_DRILL,
        additive=False,
        extra_columns=("subject_kind", "subject", "name", "figure_id", "rag", "met"),
        compose=mantel_performance,
    ),
    declare(
        id="pattern_lead_time",
        rests_on=("patterns",),
        label_nl="Doorlooptijd patroon",
        description_nl=(
            "Mediane doorlooptijd in kantooruren van de eerste melding van een patroon tot de laatst "
            "opgeloste, tegen de norm van het patroon."
        ),
        unit="hours",
        direction="lower_is_better",
        target_rule="pattern_norm",
        dimensions=P | PATTERN_INSTANCES.dimensions,
        build=grouped(
            PATTERN_INSTANCES,
            "completed_at",
            "median(lead_hours) AS value, count(*) AS denominator, "
            f"{count_where('lead_hours <= lead_time_norm_hours')} AS within_norm, "
            "avg(lead_time_norm_hours) AS target",
        ),
        reads=(
            "pattern_case_lead.completed_at",
            "pattern_case_lead.lead_hours",
            "pattern_case_lead.pattern_code",
            "pattern_case_lead.client_code",
        ),
        noun="patroongevallen",
        drill=Drill("tickets", "", PATTERN_TICKETS, order="s.pattern_instance_id"),
        additive=False,
        extra_columns=("within_norm",),
    ),
    declare(
        id="charges",
        rests_on=("charges",),
        label_nl="Verrekening plusdiensten",
        description_nl="Maandelijks verrekende plusdiensten in euro.",
        unit="euro",
        direction="neutral",
        target_rule="none",
        dimensions=P | CHARGES.dimensions,
        build=grouped(
            CHARGES, "month", "sum(amount) AS value, sum(amount) AS numerator, sum(quantity) AS quantity"
        ),
        reads=("charge.month", "charge.amount"),
        noun="verrekeningen",
        drill=Drill("charges", "month"),
        extra_columns=("quantity",),
    ),
    declare(
        id="source_sla_met",
        rests_on=("tickets",),
        label_nl="SLA gehaald volgens bronsysteem",
        description_nl=(
            "Aandeel meldingen dat het bronsysteem zelf als gehaald markeerde, naast ons eigen oordeel "
            "voor dezelfde meldingen."
        ),
        unit="share",
        direction="higher_is_better",
        target_rule="none",
        dimensions=P | TICKET_DIMS,
        build=grouped(
            TICKETS,
            "coalesce(resolved_at, registered_at)",
            f"{count_where('source_sla_met')} AS numerator, count(*) AS denominator, "
            f"{count_where('source_sla_met')} / count(*) AS value, "
            f"{count_where('resolution_met')} / nullif(count(resolution_met), 0) AS our_share",
            condition="source_sla_met IS NOT NULL",
        ),
        reads=("ticket_sla.resolved_at", "ticket_sla.source_sla_met", "ticket_sla.resolution_met"),
        noun="meldingen",
        drill=Drill(
            "tickets",
            "coalesce(resolved_at, registered_at)",
            "source_sla_met IS NOT NULL",
            order="s.source_sla_met",
        ),
        extra_columns=("our_share",),
    ),
    declare(
        id="reopened_within_five_days",
        rests_on=("tickets",),
        label_nl="Heropend binnen vijf dagen",
        description_nl=(
            "Aandeel opgeloste meldingen waarna dezelfde aanvrager van dezelfde klant binnen vijf kalenderdagen "
            "over hetzelfde product opnieuw meldt, in de periode van de oplossing; alleen meldingen met bekende "
            "aanvrager en product. (Wanneer een melding zelf is heropend, wordt niet bewaard.)"
        ),
        unit="share",
        direction="lower_is_better",
        target_rule="none",
        dimensions=P | TICKET_DIMS,
        build=ratio(TICKETS, "resolved_at", rollup.REPEATED, condition=rollup.REPEAT_JUDGED),
        reads=("ticket_sla.resolved_at", "ticket_sla.repeated"),
        noun="opgeloste meldingen",
        drill=Drill(
            "tickets",
            "resolved_at",
            "repeated IS NOT NULL",
            order="s.repeated DESC",
            columns=(("repeated", "Opnieuw gemeld binnen 5 dagen"),),
        ),
    ),
    declare(
        id="at_risk",
        rests_on=("tickets",),
        label_nl="Dreigt norm te overschrijden",
        description_nl=(
            "Open meldingen zonder oordeel waarvan de oplosnorm binnen 96 uur (kalendertijd) na het moment "
            "van de gegevens verloopt: de meldingen die een team nog kan redden."
        ),
        unit="count",
        direction="lower_is_better",
        target_rule="none",
        dimensions=TICKET_DIMS,
        build=special.open_at_end(TICKETS, AT_RISK, horizon=AT_RISK_HORIZON_HOURS),
        reads=("ticket_sla.resolved_at", "ticket_sla.resolution_met", "ticket_sla.resolution_due_at"),
        noun="open meldingen",
        drill=Drill(
            "tickets",
            "",
            AT_RISK,
            order="hours_left",
            columns=(("hours_left", "Uren tot norm"),),
        ),
    ),
    declare(
        id="long_on_hold",
        label_nl="Lang in de wacht",
        description_nl=(
            "Open meldingen die op het moment van de gegevens langer dan de ingestelde termijn (standaard tien "
            "kalenderdagen) in de wacht staan. Een melding die in de wacht gaat voordat haar norm verloopt, "
            "overschrijdt de norm nooit zolang zij wacht; deze lijst laat zien waar het wachten een "
            "overschrijding kan verbergen."
        ),
        unit="count",
        direction="lower_is_better",
        target_rule="none",
        dimensions=TICKET_DIMS,
        build=special.open_at_end(TICKETS, LONG_ON_HOLD),
        reads=("ticket_sla.on_hold_since", "ticket_sla.done_at", "ticket_sla.status"),
        noun="open meldingen",
        rests_on=("tickets",),
        drill=Drill(
            "tickets",
            "",
            LONG_ON_HOLD,
            order="s.on_hold_since",
            columns=(("on_hold_since", "In de wacht sinds"),),
        ),
    ),
    declare(
        id="open_complaints",
        rests_on=("complaints",),
        label_nl="Open klachten",
        description_nl=(
            "Klachten ontvangen en nog niet afgehandeld aan het eind van de periode (of op het moment van de "
            "gegevens, als dat eerder is)."
        ),
        unit="count",
        direction="lower_is_better",
        target_rule="none",
        dimensions=COMPLAINTS.dimensions,
        build=special.open_at_end(COMPLAINTS, COMPLAINTS_OPEN_AT_END),
        reads=("complaint.received_at", "complaint.handled_at"),
        noun="open klachten",
        drill=Drill("complaints", "", COMPLAINTS_OPEN_AT_END),
    ),
    declare(
        id="open_escalations",
        rests_on=("escalations",),
        label_nl="Open SIA-escalaties",
        description_nl=(
            "SIA-escalaties nog niet gesloten aan het eind van de periode (of op het moment van de gegevens, "
            "als dat eerder is)."
        ),
        unit="count",
        direction="lower_is_better",
        target_rule="none",
        dimensions=ESCALATIONS.dimensions,
        build=special.open_at_end(ESCALATIONS, ESCALATIONS_OPEN_AT_END),
        reads=("escalation.escalated_at", "escalation.closed_at"),
        noun="open escalaties",
        drill=Drill("escalations", "", ESCALATIONS_OPEN_AT_END),
    ),
)


class RegistryError(ValueError):
    """The registry breaks one of the rules in `registry_problems`."""


def _translated(message: str) -> bool:
    """A Dutch text with its English in the text catalogue (the same words count: 'DVA')."""
    return bool(message) and (None, message) in text.catalogue("en")


def registry_problems(figures: tuple[Figure, ...]) -> list[str]:
    """Every rule a valid registry keeps, each a readable line when broken."""
    problems = []
    ids = [f.id for f in figures]
    problems += [f"figure id {i!r} is defined twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for f in figures:
        if not f.id.isidentifier() or f.id != f.id.lower():
            problems.append(f"figure id {f.id!r} is not a lower-case identifier")
        unknown = f.dimensions - KNOWN_DIMENSIONS
        if unknown:
            problems.append(f"figure {f.id!r} names unknown dimensions {sorted(unknown)}")
        if (f.build is None) == (f.compose is None):
            problems.append(f"figure {f.id!r} needs one query: a statement (build) or a composition")
        if not all(_translated(s) for s in (f.label_nl, f.description_nl)):
            problems.append(f"figure {f.id!r} lacks a Dutch or English label or description")
        if not _translated(f.noun_nl):
            problems.append(f"figure {f.id!r} lacks the Dutch or English noun a report counts it in")
        if f.drill is None:
            problems.append(f"figure {f.id!r} has no drill-down (the rows behind it)")
        elif f.drill.columns and f.drill.kind not in ("tickets", "escalations"):
            problems.append(
                f"figure {f.id!r} adds drill-down columns to {f.drill.kind}; only ticket and escalation rows take them"
            )
        if not f.reads:
            problems.append(f"figure {f.id!r} does not say which columns it reads")
        if not f.rests_on or set(f.rests_on) - set(DATA_KINDS):
            problems.append(
                f"figure {f.id!r} must name the kinds of data it rests on, from {', '.join(DATA_KINDS)}"
            )
        if f.category and f.category not in f.dimensions:
            problems.append(f"figure {f.id!r} splits every row by {f.category!r}, which it does not allow")
    return problems


def _validated(figures: tuple[Figure, ...]) -> dict[str, Figure]:
    problems = registry_problems(figures)
    if problems:
        raise RegistryError("invalid figure registry:\n- " + "\n- ".join(problems))
    return {f.id: f for f in figures}


REGISTRY: dict[str, Figure] = _validated(FIGURES)


def get_figure(figure_id: str) -> Figure:
    """The figure with this id; KeyError with the known ids when there is none."""
    try:
        return REGISTRY[figure_id]
    except KeyError:
        raise KeyError(f"unknown figure {figure_id!r}; known: {', '.join(REGISTRY)}") from None
