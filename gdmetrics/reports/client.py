"""The client brief (klantbrief) for an account manager: the layout, as PDF and Excel, of the
client's dossier (`gdmetrics.dossier`), the same reading the Klantdossier page shows.

Computes nothing of its own: use and cost, DVA lines, open complaints and escalations, quotes and
the talking points are the dossier's; this module only chooses columns, headings and sentences.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from gdmetrics import completeness, dossier, formatting, rag
from gdmetrics.figures import REGISTRY
from gdmetrics.reports.common import Figures, ReportPeriod, plain
from gdmetrics.reports.model import Column, KeyFigure, Report, Section, Table
from gdmetrics.reports.words import code_word, w
from gdmetrics.text import tr


def build_client_content(
    figs: Figures, client_code: str, period: ReportPeriod, lang: str = "nl", now: dt.datetime | None = None
) -> Report:
    """The brief's content; ValueError for a client code the database does not know."""
    try:
        d = dossier.read(figs.con, client_code, period, figs.scope, figs.settings, figs.areas)
    except KeyError:
        raise ValueError(f"unknown client {client_code!r}") from None
    prof = d.profile
    label = period.name(lang)
    report = Report(
        "client",
        lang,
        f"{w(lang, 'client_title')}: {prof.name}",
        label,
        now or dt.datetime.now().replace(microsecond=0),
        filters=[
            (w(lang, "client"), f"{prof.name} ({client_code})"),
            (w(lang, "dg"), prof.parent or prof.name),
            (w(lang, "accountmanager"), prof.accountmanager or "–"),
            (w(lang, "period"), label),
            (w(lang, "language"), lang),
        ],
    )
    if d.no_data:
        report.no_data = True
        report.verdict = w(lang, "no_data")
        report.verdict_lines = [w(lang, "no_data_detail", period=label, scope=f" ({prof.name})")]
        return report
    t = _words(lang)
    title = t("Gesprekspunten")
    report.sections = [
        Section("points", title, title, bullets=[p.text(lang) for p in d.points], new_page=False),
        _usage(d, lang),
        _dva_lines(d, lang),
        _open_items(d, lang),
        _quotes(d, lang),
    ]
    _cover(report, d, lang)
    report.definitions = [
        (i, REGISTRY[i].label(lang), REGISTRY[i].description(lang)) for i in dossier.FIGURES
    ]
    return report


def _words(lang: str):
    return lambda message, **values: tr(lang, message, **values)


def _usage(d: dossier.Dossier, lang: str) -> Section:
    t = _words(lang)
    rows = [
        [
            r.product,
            r.name_en if lang == "en" else r.name,
            code_word(lang, r.financing),
            r.financing,
            plain(r.tickets),
            plain(r.within),
            plain(r.charged),
        ]
        for r in d.usage.itertuples()
    ]
    products = Table(
        "products",
        [
            Column("code", w(lang, "code"), "code", pdf=False),
            Column("name", w(lang, "product")),
            Column("financing", w(lang, "financing")),
            Column("financing_code", tr(lang, "Financieringscode (sleutel)"), "code", pdf=False),
            Column("tickets", w(lang, "tickets"), "count"),
            Column("within", REGISTRY["resolution_within_norm"].label(lang), "share"),
            Column("charged", t("Verrekend"), "euro"),
        ],
        rows,
        title=t("Meest gevraagde producten"),
        pdf_rows=6,
    )
    summary = [
        [
            code_word(lang, r.financing),
            r.financing,
            plain(r.tickets),
            plain(r.share),
            plain(r.charged),
            ", ".join(r.used_most_en if lang == "en" else r.used_most),
        ]
        for r in d.financing.itertuples()
    ]
    by_financing = Table(
        "financing",
        [
            Column("name", w(lang, "financing")),
            Column("code", tr(lang, "Financieringscode (sleutel)"), "code", pdf=False),
            Column("tickets", w(lang, "tickets"), "count"),
            Column("share", w(lang, "share"), "share"),
            Column("charged", t("Verrekend"), "euro"),
            Column("used_most", t("Meest gebruikt")),
        ],
        summary,
        title=t("Naar financiering"),
    )
    note = t(
        "Basis wordt centraal gefinancierd; plus wordt maandelijks verrekend tegen het tarief; maatwerk "
        "loopt via offertes (zie Offertes)."
    )
    title = t("Gebruik en kosten")
    return Section("usage", title, title, paragraphs=[note], tables=[by_financing, products], new_page=False)


def _dva_lines(d: dossier.Dossier, lang: str) -> Section:
    t = _words(lang)
    rows = [
        [
            r.dva,
            r.client,
            r.product,
            r.product_name_en if lang == "en" else r.product_name,
            plain(r.target_share),
            plain(r.achieved),
            r.status,
            plain(r.judged),
            plain(r.agreed_volume),
            plain(r.charged_volume),
        ]
        for r in d.lines.itertuples()
    ]
    columns = [
        Column("dva", "DVA", "code", pdf=False),
        Column("client", w(lang, "client"), pdf=len(d.profile.scope) > 1),
        Column("code", w(lang, "code"), "code", pdf=False),
        Column("name", w(lang, "product")),
        Column("target", w(lang, "agreed"), "share"),
        Column("value", w(lang, "achieved"), "share", target="target"),
        Column("status", w(lang, "status"), "rag"),
        Column("tickets", t("Meldingen met oordeel"), "count"),
        Column("agreed_volume", t("Afgesproken volume"), "count"),
        Column("charged_volume", t("Verrekend volume"), "count"),
    ]
    table = Table(
        "dva_lines",
        columns,
        rows,
        pdf_rows=10,
        empty_text=t("Geen DVA in deze periode."),
    )
    intro = t(
        "Per DVA-regel: het afgesproken aandeel binnen de norm en het gerealiseerde, niet gehaalde regels "
        "eerst. Het afgesproken volume is het maandvolume uit de DVA maal de maanden van de periode."
    )
    return Section("dva", "DVA", t("DVA-regels"), paragraphs=[intro], tables=[table], new_page=False)


def _date(v: object) -> dt.date | None:
    return None if v is None or pd.isna(v) else pd.Timestamp(v).date()


def _open_items(d: dossier.Dossier, lang: str) -> Section:
    t = _words(lang)
    c_rows = [
        [
            r.complaint_id,
            _date(r.received_at),
            plain(r.directorate),
            code_word(lang, r.category),
            dossier.open_days(r.received_at, d.as_at),
        ]
        for r in d.open_complaints.itertuples()
    ]
    e_rows = [
        [
            r.escalation_id,
            _date(r.escalated_at),
            code_word(lang, r.reason),
            _date(r.picked_up_at),
            r.accountmanager or "–",
            dossier.open_days(r.escalated_at, d.as_at),
        ]
        for r in d.open_escalations.itertuples()
    ]
    days = t("Dagen open")
    c_table = Table(
        "open_complaints",
        [
            Column("id", "Id", "code"),
            Column("received", t("Ontvangen"), "date"),
            Column("directorate_code", w(lang, "directorate"), "code"),
            Column("category", w(lang, "category")),
            Column("days", days, "count"),
        ],
        c_rows,
        title=t("Open klachten"),
        empty_text=t("Geen open klachten."),
        pdf_rows=5,
        half=True,
    )
    e_table = Table(
        "open_escalations",
        [
            Column("id", "Id", "code"),
            Column("escalated", t("Geëscaleerd"), "date"),
            Column("reason", w(lang, "reason")),
            Column("picked_up", t("Opgepakt"), "date"),
            Column("manager", w(lang, "accountmanager"), pdf=False),
            Column("days", days, "count"),
        ],
        e_rows,
        title=t("Open SIA-escalaties"),
        empty_text=t("Geen open escalaties."),
        pdf_rows=5,
        half=True,
    )
    stand = formatting.day_label(d.as_at, lang)
    return Section(
        "open",
        t("Klachten en escalaties"),
        t("Open klachten en escalaties"),
        paragraphs=[t("Stand op {stand}.", stand=stand)],
        tables=[c_table, e_table],
        new_page=False,
    )


def _quotes(d: dossier.Dossier, lang: str) -> Section:
    t = _words(lang)
    rows = [
        [
            r.id,
            r.description,
            code_word(lang, r.status),
            r.status,
            float(r.amount),
            _date(r.requested_on),
            _date(r.decided_on),
        ]
        for r in d.quotes.itertuples()
    ]
    table = Table(
        "quotes",
        [
            Column("id", "Id", "code"),
            Column("description", w(lang, "description")),
            Column("status", w(lang, "status")),
            Column("status_code", tr(lang, "Statuscode (sleutel)"), "code", pdf=False),
            Column("amount", w(lang, "amount"), "euro"),
            Column("requested", t("Aangevraagd"), "date"),
            Column("decided", t("Besluit"), "date"),
        ],
        rows,
        empty_text=t("Geen offertes in deze periode."),
        pdf_rows=4,
    )
    return Section(
        "quotes",
        t("Offertes"),
        t("Offertes (maatwerk)"),
        tables=[table],
        new_page=False,
    )


def _cover(report: Report, d: dossier.Dossier, lang: str) -> None:
    t = _words(lang)
    level = d.level
    state = level.get("rag")
    report.verdict_status = state
    phrase = d.period.phrase(lang, start=True)
    if level.get("value") is None:
        report.verdict = t("Geen meldingen met een oordeel")
    else:
        report.verdict = t("Serviceniveau {status}", status=rag.word(state, lang))
        report.verdict_lines.append(
            t(
                "{phrase} loste de GD {value} van de meldingen binnen de norm op, tegen een afgesproken {target}.",
                phrase=phrase,
                value=formatting.value(level["value"], "share", lang, level["target"]),
                target=formatting.percent(level["target"], lang),
            )
        )
    report.key_figures = [
        KeyFigure(REGISTRY["ticket_volume"].label(lang), d.volume, "count"),
        KeyFigure(
            REGISTRY["resolution_within_norm"].label(lang),
            level.get("value"),
            "share",
            f"{w(lang, 'target')} {formatting.percent(level.get('target'), lang)}",
            state,
            target=level.get("target"),
        ),
        KeyFigure(REGISTRY["charges"].label(lang), d.charged, "euro", _loaded_note("charges", d, lang)),
        KeyFigure(
            REGISTRY["complaint_count"].label(lang),
            d.complaints,
            "count",
            _loaded_note("complaints", d, lang),
        ),
        KeyFigure(
            REGISTRY["escalation_count"].label(lang),
            d.escalations,
            "count",
            _loaded_note("escalations", d, lang),
        ),
    ]
    if d.not_loaded:
        report.verdict_lines.append(completeness.missing_sentence(d.not_loaded, lang))


def _loaded_note(kind: str, d: dossier.Dossier, lang: str) -> str:
    """'niet geladen' under a count whose data never was (not a 0)."""
    return tr(lang, "niet geladen") if kind in d.not_loaded else ""
