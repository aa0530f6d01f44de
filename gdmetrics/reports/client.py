"""The client brief (klantbrief) for an account manager: what one client used and what it cost,
their DVA lines, open complaints and escalations, quotes, and the talking points that stand out.

Figures come from the registry, filtered to the client (a DG brief covers its directies too);
lists of open complaints, escalations, quotes and the DVA's agreed lines are records, read as they are.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from gdmetrics import formatting, rag
from gdmetrics.figures import REGISTRY
from gdmetrics.reports.common import Figures, Names, ReportPeriod, plain, status
from gdmetrics.reports.mantel import has_data
from gdmetrics.reports.model import Column, KeyFigure, Report, Section, Table
from gdmetrics.reports.words import code_word, w

FINANCING = ("basis", "plus", "maatwerk")
MAX_POINTS = 7


def _records(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> pd.DataFrame:
    return con.cursor().execute(sql, params).df()


def build_client_content(
    figs: Figures, client_code: str, period: ReportPeriod, lang: str = "nl", now: dt.datetime | None = None
) -> Report:
    """The brief's content; ValueError for a client code the database does not know."""
    names = Names.read(figs.con)
    if client_code not in names.clients:
        raise ValueError(f"unknown client {client_code!r}")
    name, kind, parent, manager = names.clients[client_code]
    members = [client_code] + [c for c, v in names.clients.items() if v[2] == client_code]
    where = (("dg" if kind == "dg" else "client", (client_code,)),)
    label = period.name(lang)
    dg = names.clients[parent][0] if parent else name
    report = Report(
        "client",
        lang,
        f"{w(lang, 'client_title')}: {name}",
        label,
        now or dt.datetime.now().replace(microsecond=0),
        filters=[
            (w(lang, "client"), f"{name} ({client_code})"),
            (w(lang, "dg"), dg),
            (w(lang, "accountmanager"), manager or "–"),
            (w(lang, "period"), label),
            (w(lang, "language"), lang),
        ],
    )
    charged = figs.value("charges", period, where)
    if not has_data(figs, period, where) and not charged:
        report.no_data = True
        report.verdict = w(lang, "no_data")
        report.verdict_lines = [w(lang, "no_data_detail", period=label, scope=f" ({name})")]
        return report
    ctx = _Context(figs, names, period, where, members, lang)
    usage = ctx.usage()
    dva = ctx.dva_lines()
    open_items = ctx.open_items()
    quotes = ctx.quotes()
    points = ctx.talking_points(dva, open_items, quotes)
    title = "Gesprekspunten" if lang == "nl" else "Talking points"
    report.sections = [
        Section("points", title, title, bullets=points, new_page=False),
        usage,
        dva,
        open_items,
        quotes,
    ]
    ctx.cover(report)
    report.definitions = figs.definitions(lang)
    return report


class _Context:
    """One brief's inputs, so each part reads like the paragraph it produces."""

    def __init__(
        self, figs: Figures, names: Names, period: ReportPeriod, where, members: list[str], lang: str
    ):
        self.figs, self.names, self.period, self.where, self.members, self.lang = (
            figs,
            names,
            period,
            where,
            members,
            lang,
        )
        self.nl = lang == "nl"

    def t(self, nl: str, en: str) -> str:
        return nl if self.nl else en

    # --- usage and cost ---------------------------------------------------------------------

    def usage(self) -> Section:
        figs, p, lang = self.figs, self.period, self.lang
        volume = figs.get("ticket_volume", p, by=("product",), where=self.where).frame
        within = figs.get("resolution_within_norm", p, by=("product",), where=self.where).frame
        charges = figs.get("charges", p, by=("product",), where=self.where).frame
        within_by = dict(zip(within["product"], within["value"], strict=True))
        charge_by = dict(zip(charges["product"], charges["value"], strict=True))
        rows = []
        for r in volume.sort_values("value", ascending=False).itertuples():
            code = plain(r.product)
            financing = self.names.products.get(code, (None, None, None))[2] if code else None
            rows.append(
                [
                    code,
                    self.names.name("product", code, lang),
                    code_word(lang, financing),
                    financing,
                    plain(r.value),
                    plain(within_by.get(code)),
                    plain(charge_by.get(code)),
                ]
            )
        for code, amount in charge_by.items():  # charged without a ticket in the period
            if code not in set(volume["product"]):
                financing = self.names.products.get(code, (None, None, None))[2]
                rows.append(
                    [
                        code,
                        self.names.name("product", code, lang),
                        code_word(lang, financing),
                        financing,
                        None,
                        None,
                        plain(amount),
                    ]
                )
        products = Table(
            "products",
            [
                Column("code", w(lang, "code"), "code", pdf=False),
                Column("name", w(lang, "product")),
                Column("financing", w(lang, "financing")),
                Column("financing_code", "financing", "code", pdf=False),
                Column("tickets", w(lang, "tickets"), "count"),
                Column("within", REGISTRY["resolution_within_norm"].label(lang), "share"),
                Column("charged", self.t("Verrekend", "Charged"), "euro"),
            ],
            rows,
            title=self.t("Meest gevraagde producten", "Most requested products"),
            pdf_rows=6,
        )
        total = sum(r[4] or 0 for r in rows)
        summary = []
        for f in FINANCING:
            part = [r for r in rows if r[3] == f]
            n = sum(r[4] or 0 for r in part)
            summary.append(
                [code_word(lang, f), f, n, n / total if total else None, sum(r[6] or 0 for r in part)]
            )
        by_financing = Table(
            "financing",
            [
                Column("name", w(lang, "financing")),
                Column("code", "code", "code", pdf=False),
                Column("tickets", w(lang, "tickets"), "count"),
                Column("share", w(lang, "share"), "share"),
                Column("charged", self.t("Verrekend", "Charged"), "euro"),
            ],
            summary,
            title=self.t("Naar financiering", "By financing"),
        )
        note = self.t(
            "Basis wordt centraal gefinancierd; plus wordt maandelijks verrekend tegen het tarief; maatwerk "
            "loopt via offertes (zie Offertes).",
            "Basic services are centrally funded; plus services are charged monthly at the tariff; custom "
            "work goes by quote (see Quotes).",
        )
        title = self.t("Gebruik en kosten", "Use and cost")
        return Section(
            "usage", title, title, paragraphs=[note], tables=[by_financing, products], new_page=False
        )

    # --- DVA lines ----------------------------------------------------------------------------

    def dva_lines(self) -> Section:
        figs, p, lang = self.figs, self.period, self.lang
        lines = _records(
            figs.con,
            """SELECT d.id AS dva, d.client_code, l.line_no, l.product_code, l.priority, l.target_share,
                      l.agreed_volume
               FROM dva d JOIN dva_line l ON l.dva_id = d.id
               WHERE list_contains($clients, d.client_code) AND d.valid_from <= $last AND d.valid_to > $first
               ORDER BY d.id, l.line_no""",
            {"clients": self.members, "first": p.first, "last": p.last},
        )
        charged = figs.get("charges", p, by=("client", "product"), where=self.where).frame
        qty = {(plain(r.client), plain(r.product)): plain(r.quantity) for r in charged.itertuples()}
        rows = []
        for dva_id, part in lines.groupby("dva", sort=True):
            perf = figs.get("resolution_within_norm", p, by=("product",), where=(("dva", (dva_id,)),)).frame
            by_product = {plain(r.product): r for r in perf.itertuples()}
            for line in part.itertuples():
                r = by_product.get(line.product_code)
                value = plain(r.value) if r is not None else None
                agreed = plain(line.agreed_volume)
                rows.append(
                    [
                        dva_id,
                        self.names.name("client", line.client_code, lang),
                        line.product_code,
                        self.names.name("product", line.product_code, lang),
                        plain(line.target_share),
                        value,
                        status(value, line.target_share, "higher_is_better", "share", figs.settings),
                        plain(r.denominator) if r is not None else None,
                        agreed * p.months if agreed is not None else None,
                        qty.get((line.client_code, line.product_code)),
                    ]
                )
        order = {"red": 0, "amber": 1, "green": 2, None: 3}
        rows.sort(key=lambda r: (order[r[6]], -(r[7] or 0)))
        columns = [
            Column("dva", "DVA", "code", pdf=False),
            Column("client", w(lang, "client"), pdf=len(self.members) > 1),
            Column("code", w(lang, "code"), "code", pdf=False),
            Column("name", w(lang, "product")),
            Column("target", w(lang, "agreed"), "share"),
            Column("value", w(lang, "achieved"), "share"),
            Column("status", w(lang, "status"), "rag"),
            Column("tickets", self.t("Meldingen met oordeel", "Tickets judged"), "count"),
            Column("agreed_volume", self.t("Afgesproken volume", "Agreed volume"), "count"),
            Column("charged_volume", self.t("Verrekend volume", "Charged volume"), "count"),
        ]
        table = Table(
            "dva_lines",
            columns,
            rows,
            pdf_rows=10,
            empty_text=self.t("Geen DVA in deze periode.", "No DVA in this period."),
        )
        intro = self.t(
            "Per DVA-regel: het afgesproken aandeel binnen de norm en het gerealiseerde, niet gehaalde regels "
            "eerst. Het afgesproken volume is het maandvolume uit de DVA maal de maanden van de periode.",
            "Per DVA line: the agreed share within norm and the share achieved, lines not met first. The agreed "
            "volume is the DVA's monthly volume times the months of the period.",
        )
        return Section(
            "dva",
            "DVA",
            self.t("DVA-regels", "DVA lines"),
            paragraphs=[intro],
            tables=[table],
            new_page=False,
        )

    # --- open complaints and escalations -----------------------------------------------------

    def open_items(self) -> Section:
        p, lang = self.period, self.lang
        params = {"clients": self.members, "end": p.last + dt.timedelta(days=1)}
        complaints = _records(
            self.figs.con,
            """SELECT id, received_at::DATE AS received, directorate_code, category, term_extended
               FROM complaint WHERE list_contains($clients, client_code) AND received_at < $end
                 AND (handled_at IS NULL OR handled_at >= $end) ORDER BY received_at""",
            params,
        )
        escalations = _records(
            self.figs.con,
            """SELECT e.id, e.escalated_at::DATE AS escalated, e.reason, e.picked_up_at::DATE AS picked_up,
                      a.name AS manager
               FROM escalation e LEFT JOIN accountmanager a ON a.id = e.accountmanager_id
               WHERE list_contains($clients, e.client_code) AND e.escalated_at < $end
                 AND (e.closed_at IS NULL OR e.closed_at >= $end) ORDER BY e.escalated_at""",
            params,
        )
        c_rows = [
            [
                r.id,
                pd.Timestamp(r.received).date(),
                plain(r.directorate_code),
                self.names.name("directorate", plain(r.directorate_code), lang),
                self.names.name("category", r.category, lang),
                (p.last - pd.Timestamp(r.received).date()).days,
            ]
            for r in complaints.itertuples()
        ]
        e_rows = [
            [
                r.id,
                pd.Timestamp(r.escalated).date(),
                self.names.name("reason", r.reason, lang),
                None if pd.isna(r.picked_up) else pd.Timestamp(r.picked_up).date(),
                r.manager or "–",
                (p.last - pd.Timestamp(r.escalated).date()).days,
            ]
            for r in escalations.itertuples()
        ]
        days = self.t("Dagen open", "Days open")
        c_table = Table(
            "open_complaints",
            [
                Column("id", "Id", "code"),
                Column("received", self.t("Ontvangen", "Received"), "date"),
                Column("directorate_code", w(lang, "directorate"), "code"),
                Column("directorate", w(lang, "directorate"), pdf=False),
                Column("category", w(lang, "category")),
                Column("days", days, "count"),
            ],
            c_rows,
            title=self.t("Open klachten", "Open complaints"),
            empty_text=self.t("Geen open klachten.", "No open complaints."),
            pdf_rows=5,
            half=True,
        )
        e_table = Table(
            "open_escalations",
            [
                Column("id", "Id", "code"),
                Column("escalated", self.t("Geëscaleerd", "Escalated"), "date"),
                Column("reason", w(lang, "reason")),
                Column("picked_up", self.t("Opgepakt", "Picked up"), "date"),
                Column("manager", w(lang, "accountmanager"), pdf=False),
                Column("days", days, "count"),
            ],
            e_rows,
            title=self.t("Open SIA-escalaties", "Open SIA escalations"),
            empty_text=self.t("Geen open escalaties.", "No open escalations."),
            pdf_rows=5,
            half=True,
        )
        stand = formatting.day_label(p.last, lang)
        title = self.t("Open klachten en escalaties", "Open complaints and escalations")
        intro = self.t(f"Stand op {stand}.", f"As at {stand}.")
        return Section(
            "open",
            self.t("Klachten en escalaties", "Complaints and escalations"),
            title,
            paragraphs=[intro],
            tables=[c_table, e_table],
            new_page=False,
        )

    # --- quotes ---------------------------------------------------------------------------------

    def quotes(self) -> Section:
        p, lang = self.period, self.lang
        frame = _records(
            self.figs.con,
            """SELECT id, description, product_code, amount, status, requested_on, decided_on
               FROM quote WHERE list_contains($clients, client_code) AND requested_on <= $last
                 AND (requested_on >= $first OR status IN ('concept', 'uitgebracht')
                      OR decided_on >= $first)
               ORDER BY status IN ('concept', 'uitgebracht') DESC, requested_on DESC""",
            {"clients": self.members, "first": p.first, "last": p.last},
        )
        rows = [
            [
                r.id,
                r.description,
                code_word(lang, r.status),
                r.status,
                float(r.amount),
                pd.Timestamp(r.requested_on).date(),
                None if pd.isna(r.decided_on) else pd.Timestamp(r.decided_on).date(),
            ]
            for r in frame.itertuples()
        ]
        table = Table(
            "quotes",
            [
                Column("id", "Id", "code"),
                Column("description", w(lang, "description")),
                Column("status", w(lang, "status")),
                Column("status_code", "status", "code", pdf=False),
                Column("amount", w(lang, "amount"), "euro"),
                Column("requested", self.t("Aangevraagd", "Requested"), "date"),
                Column("decided", self.t("Besluit", "Decided"), "date"),
            ],
            rows,
            empty_text=self.t("Geen offertes in deze periode.", "No quotes in this period."),
            pdf_rows=4,
        )
        title = self.t("Offertes (maatwerk)", "Quotes (custom work)")
        return Section("quotes", self.t("Offertes", "Quotes"), title, tables=[table], new_page=False)

    # --- talking points and the cover ----------------------------------------------------------

    def talking_points(self, dva: Section, open_items: Section, quotes: Section) -> list[str]:
        figs, p, lang, t = self.figs, self.period, self.lang, self.t
        n = lambda v: formatting.number(v, lang)  # noqa: E731
        pct = lambda v: formatting.percent(v, lang)  # noqa: E731
        points: list[str] = []
        level = figs.row("service_level_vs_target", p, self.where)
        before = figs.value("service_level_vs_target", p.previous(), self.where)
        if level.get("value") is not None:
            change = ""
            if before is not None:
                change = t(f" (vorige periode {pct(before)})", f" (previous period {pct(before)})")
            verdict = rag.word(level.get("rag"), lang)
            points.append(
                t(
                    f"Oplossing binnen norm {pct(level['value'])} tegen een doel van {pct(level['target'])}: {verdict}{change}.",
                    f"Resolution within norm {pct(level['value'])} against a target of {pct(level['target'])}: {verdict}{change}.",
                )
            )
        lines = dva.tables[0]
        keys = [c.key for c in lines.columns]
        rows = [dict(zip(keys, r, strict=True)) for r in lines.rows]
        missed = [r for r in rows if r["status"] in ("amber", "red") and (r["tickets"] or 0) >= 5]
        if missed:
            items = ", ".join(f"{r['name']} ({pct(r['value'])} / {pct(r['target'])})" for r in missed[:3])
            points.append(t(f"DVA-regels niet gehaald: {items}.", f"DVA lines not met: {items}."))
        over = [
            r
            for r in rows
            if r["agreed_volume"] and r["charged_volume"] and r["charged_volume"] > 1.15 * r["agreed_volume"]
        ]
        over.sort(key=lambda r: -r["charged_volume"] / r["agreed_volume"])
        if over:
            items = ", ".join(
                f"{r['name']} ({n(r['charged_volume'])} {t('tegen', 'against')} {n(r['agreed_volume'])})"
                for r in over[:3]
            )
            points.append(
                t(
                    f"Meer afgenomen dan in de DVA afgesproken: {items}; bespreek of het volume omhoog moet.",
                    f"More used than agreed in the DVA: {items}; discuss raising the agreed volume.",
                )
            )
        volume, volume_before = (
            figs.value("ticket_volume", p, self.where),
            figs.value("ticket_volume", p.previous(), self.where),
        )
        if volume and volume_before:
            change = volume / volume_before - 1
            if abs(change) >= 0.15:
                points.append(
                    t(
                        f"Het aantal meldingen {'steeg' if change > 0 else 'daalde'} met {pct(abs(change))} tot {n(volume)}.",
                        f"Tickets {'rose' if change > 0 else 'fell'} by {pct(abs(change))} to {n(volume)}.",
                    )
                )
        complaints = open_items.table("open_complaints").rows
        if complaints:
            oldest = complaints[0]
            points.append(
                t(
                    f"{n(len(complaints))} klacht(en) open; de oudste ({oldest[0]}, {oldest[4]}) staat {oldest[5]} dagen open.",
                    f"{n(len(complaints))} complaint(s) open; the oldest ({oldest[0]}, {oldest[4]}) has been open {oldest[5]} days.",
                )
            )
        escalations = open_items.table("open_escalations").rows
        if escalations:
            reasons = sorted({r[2] for r in escalations})
            points.append(
                t(
                    f"{n(len(escalations))} SIA-escalatie(s) open ({', '.join(reasons)}).",
                    f"{n(len(escalations))} SIA escalation(s) open ({', '.join(reasons)}).",
                )
            )
        waiting = [r for r in quotes.tables[0].rows if r[3] in ("uitgebracht", "concept")]
        if waiting:
            total = formatting.euro(sum(r[4] for r in waiting), lang)
            points.append(
                t(
                    f"{n(len(waiting))} offerte(s) wachten op een besluit, samen {total}.",
                    f"{n(len(waiting))} quote(s) await a decision, {total} in all.",
                )
            )
        points += self._channel_point()
        return points[:MAX_POINTS] or [
            t("Geen bijzonderheden in deze periode.", "Nothing stands out in this period.")
        ]

    def _channel_point(self) -> list[str]:
        figs, p, t = self.figs, self.period, self.t
        own = figs.get("channel_mix", p, where=self.where).frame
        all_ = figs.get("channel_mix", p).frame
        share = dict(zip(own["channel"], own["value"], strict=True)).get("servicepagina")
        overall = dict(zip(all_["channel"], all_["value"], strict=True)).get("servicepagina")
        if share is None or overall is None or share >= overall - 0.05:
            return []
        pct = lambda v: formatting.percent(plain(v), self.lang)  # noqa: E731
        return [
            t(
                f"Via de servicepagina kwam {pct(share)} van de meldingen binnen, tegen {pct(overall)} GD-breed: "
                "een kans om het digitale kanaal te stimuleren.",
                f"{pct(share)} of tickets came in through the service page against {pct(overall)} GD-wide: room "
                "to steer towards the digital channel.",
            )
        ]

    def cover(self, report: Report) -> None:
        figs, p, lang, t = self.figs, self.period, self.lang, self.t
        level = figs.row("service_level_vs_target", p, self.where)
        state = level.get("rag")
        report.verdict_status = state
        phrase = p.phrase(lang, start=True)
        if level.get("value") is None:
            report.verdict = t("Geen meldingen met een oordeel", "No tickets judged")
        else:
            word = rag.word(state, lang)
            report.verdict = t(f"Serviceniveau {word}", f"Service level {word}")
            report.verdict_lines.append(
                t(
                    f"{phrase} loste de GD {formatting.percent(level['value'], lang)} van de meldingen binnen de norm "
                    f"op, tegen een afgesproken {formatting.percent(level['target'], lang)}.",
                    f"{phrase} the GD resolved {formatting.percent(level['value'], lang)} of tickets within norm, "
                    f"against an agreed {formatting.percent(level['target'], lang)}.",
                )
            )
        report.key_figures = [
            KeyFigure(
                REGISTRY["ticket_volume"].label(lang), figs.value("ticket_volume", p, self.where), "count"
            ),
            KeyFigure(
                REGISTRY["resolution_within_norm"].label(lang),
                level.get("value"),
                "share",
                f"{w(lang, 'target')} {formatting.percent(level.get('target'), lang)}",
                state,
            ),
            KeyFigure(REGISTRY["charges"].label(lang), figs.value("charges", p, self.where), "euro"),
            KeyFigure(
                REGISTRY["complaint_count"].label(lang), figs.value("complaint_count", p, self.where), "count"
            ),
            KeyFigure(
                REGISTRY["escalation_count"].label(lang),
                figs.value("escalation_count", p, self.where),
                "count",
            ),
        ]
