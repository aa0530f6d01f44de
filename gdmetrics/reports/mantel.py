"""The mantel report (mantelrapportage) for the PSG: every standard and DVA against what was agreed,
service levels per directorate, the 20% efficiency goal, complaints and SIA escalations, and where
each missed standard went wrong. Every number is a registry figure for the same period and scope."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd

from gdmetrics import completeness, formatting, rag, scorecard
from gdmetrics.figures import REGISTRY
from gdmetrics.reports.common import Figures, Names, ReportPeriod, plain
from gdmetrics.reports.model import Chart, Column, KeyFigure, Report, Section, Series, Table
from gdmetrics.reports.words import (
    join_words,
    long_date,
    w,
)
from gdmetrics.text import tr

TREND_PERIODS = 4  # the period itself and the three before it
GRAINS = ("month", "quarter", "year")
COMPLAINT_FIGURES = (
    "complaint_count",
    "complaints_per_1000",
    "complaints_within_legal_term",
    "escalation_count",
    "escalations_per_1000",
    "escalation_pickup_hours",
)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def has_data(figs: Figures, period: ReportPeriod, where=()) -> bool:
    """Whether anything happened in the period: tickets, complaints or escalations."""
    counts = [figs.value(f, period, where) for f in ("ticket_volume", "complaint_count", "escalation_count")]
    return any(c for c in counts)


def build_mantel_content(
    figs: Figures, period: ReportPeriod, lang: str = "nl", now: dt.datetime | None = None
) -> Report:
    """The mantel report's content for `period`, for the clients in `figs.scope` (all when None)."""
    names = Names.read(figs.con)
    label = period.name(lang)
    scope = (
        join_words([names.name("client", c, lang) for c in figs.scope], lang)
        if figs.scope is not None
        else w(lang, "scope_all")
    )
    report = Report(
        "mantel",
        lang,
        w(lang, "mantel_title"),
        label,
        now or _now(),
        filters=[(w(lang, "period"), label), (w(lang, "scope"), scope), (w(lang, "language"), lang)],
        subtitle=w(lang, "mantel_sub"),
    )
    if not has_data(figs, period):
        report.no_data = True
        report.verdict = w(lang, "no_data")
        extra = "" if figs.scope is None else f" ({scope})"
        missing = figs.not_loaded("ticket_volume")
        report.verdict_lines = [
            w(lang, "no_data_detail", period=label, scope=extra)
            if not missing
            else f"{completeness.missing_sentence(missing, lang)} {completeness.load_hint(missing, lang)}"
        ]
        return report
    card = scorecard.read(figs.con, period, figs.scope, figs.settings, figs.areas)
    figs.used += [f for f in ("mantel_performance", *card.rows["figure_id"]) if f not in figs.used]
    scorecard_sections = _scorecard(card, lang)
    diagnoses = _diagnoses(card, figs, lang)
    report.sections = [
        scorecard_sections[0],
        diagnoses,
        scorecard_sections[1],
        _service_levels(figs, names, period, lang),
    ]
    efficiency = _efficiency(figs, period, lang)
    report.sections.append(efficiency)
    report.sections.append(_complaints(figs, names, period, lang))
    _cover(report, figs, period, scorecard_sections, efficiency, lang)
    report.definitions = figs.definitions(lang)
    return report


# --- the scorecard -------------------------------------------------------------------------


def _scorecard(card: scorecard.Scorecard, lang: str) -> list[Section]:
    """Two sections: the mantel standards, then the DVA's, each one table with the same columns."""
    period, before = card.period, card.earlier
    trend_cols = [Column(f"t{i}", p.short_name(lang), "row") for i, p in enumerate(before)]
    now_label = period.short_name(lang) if period.kind != "custom" else ""

    def columns(dva: bool) -> list[Column]:
        return [
            Column("code", w(lang, "code"), "code", pdf=not dva),
            Column("name", w(lang, "client") if dva else w(lang, "subject")),
            Column("figure_id", w(lang, "figure_id"), "code", pdf=False),
            Column("target", w(lang, "agreed"), "row"),
            *trend_cols,
            Column("value", f"{w(lang, 'achieved')} {now_label}".strip(), "row", target="target"),
            Column("status", w(lang, "status"), "rag"),
            Column("numerator", tr(lang, "Teller"), "count", pdf=False),
            Column("denominator", tr(lang, "Noemer"), "count", pdf=False),
        ]

    parts: dict[bool, tuple[list, list]] = {False: ([], []), True: ([], [])}
    for r in card.rows.itertuples():
        history = [card.earlier_value(r.subject, p) for p in before]
        rows, units = parts[r.subject_kind == "dva"]
        rows.append(
            [
                r.subject,
                r.name_en if lang == "en" else r.name,
                r.figure_id,
                plain(r.target),
                *history,
                plain(r.value),
                r.rag,
                plain(r.numerator),
                plain(r.denominator),
            ]
        )
        units.append(r.unit)
    spark = tuple(c.key for c in trend_cols) + ("value",)
    standards = Table(
        "standards", columns(False), parts[False][0], sparkline=spark, row_units=parts[False][1]
    )
    dvas = Table("dvas", columns(True), parts[True][0], sparkline=spark, row_units=parts[True][1])
    title = tr(lang, "Scorecard: mantelnormen")
    intro = tr(
        lang,
        "Per mantelnorm: de afspraak, de realisatie in de vorige perioden en in deze periode, en de status ({legend}).",
        legend=rag.legend(lang),
    )
    dva_title = tr(lang, "Scorecard: DVA's")
    dva_intro = tr(
        lang,
        "Per dienstverleningsafspraak (DVA): het afgesproken doelpercentage voor oplossing binnen de norm en het "
        "gerealiseerde aandeel meldingen van die afnemer dat binnen de norm is opgelost.",
    )
    return [
        Section("scorecard", "Scorecard", title, paragraphs=[intro], tables=[standards]),
        Section("dvas", tr(lang, "DVA's"), dva_title, paragraphs=[dva_intro], tables=[dvas]),
    ]


def _diagnoses(card: scorecard.Scorecard, figs: Figures, lang: str) -> Section:
    title = tr(lang, "Waar ging het mis")
    section = Section("diagnosis", title, title, new_page=False)
    rows, units = [], []
    for r in card.missed.itertuples():
        d = card.shortfalls[r.subject]
        section.paragraphs.append(d.sentence(lang))
        for c in d.culprits:
            rows.append(
                [d.subject, d.name(lang), w(lang, c.dim), c.code, c.name(lang), c.value, c.count, c.excess]
            )
            units.append(r.unit)
    if not section.paragraphs and card.all_met:
        section.paragraphs.append(tr(lang, "Alle mantelnormen en DVA's zijn in deze periode gehaald."))
    elif not section.paragraphs:  # nothing measured is never "all met"
        section.paragraphs.append(_nothing_judged(figs, lang))
    else:
        section.paragraphs.insert(
            0,
            tr(
                lang,
                "Per norm die niet is gehaald: de directies en producten (of categorieën, redenen) die het grootste deel van het tekort verklaren, uit hetzelfde figuur gesplitst. 'Tekort' is het aantal gevallen boven wat de norm toestaat.",
            ),
        )
    columns = [
        Column("subject", w(lang, "code"), "code"),
        Column("name", w(lang, "subject")),
        Column("dim", tr(lang, "Splitsing")),
        Column("code", tr(lang, "Groepcode (sleutel)"), "code", pdf=False),
        Column("group", tr(lang, "Groep")),
        Column("value", w(lang, "achieved"), "row"),
        Column("count", w(lang, "count"), "count"),
        Column("excess", tr(lang, "Tekort"), "index"),
    ]
    # the sentences above carry these numbers on paper; the workbook has every row
    section.tables.append(Table("culprits", columns, rows, row_units=units, pdf=False))
    return section


def _nothing_judged(figs: Figures, lang: str) -> str:
    """Why no standard or DVA could be judged: what is not loaded, or nothing measured."""
    loaded = completeness.loaded_kinds(figs.con)
    missing = completeness.not_loaded(("mantel", "dvas"), loaded)
    if missing:
        return f"{completeness.missing_sentence(missing, lang)} {completeness.load_hint(missing, lang)}"
    return tr(lang, "Geen mantelnorm of DVA kon in deze periode worden beoordeeld: er is niets gemeten.")


# --- service levels per directorate --------------------------------------------------------


def _by(frame: pd.DataFrame, dim: str, column: str = "value") -> dict:
    return {plain(k): plain(v) for k, v in zip(frame[dim], frame[column], strict=True)} if len(frame) else {}


def _service_levels(figs: Figures, names: Names, period: ReportPeriod, lang: str) -> Section:
    cur = figs.get("service_level_vs_target", period, by=("directorate",)).frame
    prev = _by(
        figs.get("service_level_vs_target", period.previous(), by=("directorate",)).frame, "directorate"
    )
    resp = _by(figs.get("response_within_norm", period, by=("directorate",)).frame, "directorate")
    total = figs.row("service_level_vs_target", period)
    columns = [
        Column("code", w(lang, "code"), "code"),
        Column("name", w(lang, "directorate")),
        Column("tickets", tr(lang, "Meldingen met oordeel"), "count"),
        Column("target", w(lang, "agreed"), "share"),
        Column("value", w(lang, "achieved"), "share", target="target"),
        Column("status", w(lang, "status"), "rag"),
        Column("previous", w(lang, "previous"), "share"),
        Column("response", REGISTRY["response_within_norm"].label(lang), "share"),
    ]
    rows = []
    for r in cur.itertuples():
        code = plain(r.directorate)
        rows.append(
            [
                code,
                names.name("directorate", code, lang),
                plain(r.denominator),
                plain(r.target),
                plain(r.value),
                r.rag,
                prev.get(code),
                resp.get(code),
            ]
        )
    rows.append(
        [
            "GD",
            tr(lang, "GD totaal"),
            total.get("denominator"),
            total.get("target"),
            total.get("value"),
            total.get("rag"),
            figs.value("service_level_vs_target", period.previous()),
            figs.value("response_within_norm", period),
        ]
    )
    table = Table("directorates", columns, rows)
    chart = Chart(
        "directorates",
        "column",
        REGISTRY["service_level_vs_target"].label(lang),
        "code",
        (Series("value", w(lang, "achieved")), Series("target", w(lang, "agreed"), "dashed")),
        "share",
    )
    title = tr(lang, "Serviceniveau per directie")
    section = Section(
        "directorates",
        tr(lang, "Serviceniveau"),
        title,
        tables=[table],
        charts=[chart],
    )
    below = [r for r in rows[:-1] if r[5] in ("amber", "red")]
    if below:
        items = [
            f"{r[1]} ({formatting.value(r[4], 'share', lang, r[3])} / {formatting.percent(r[3], lang)})"
            for r in below
        ]
        section.paragraphs.append((tr(lang, "Onder doel: ")) + join_words(items, lang) + ".")
    else:
        section.paragraphs.append(tr(lang, "Alle directies haalden hun doel voor oplossing binnen de norm."))
    monthly = _monthly_levels(figs, names, period, lang)
    if monthly is not None:
        section.tables.append(monthly)
        series = tuple(
            Series(c.key, c.label, "total" if c.key == "GD" else "line") for c in monthly.columns[1:-1]
        )
        section.charts.append(
            Chart(
                "monthly",
                "line",
                tr(lang, "Oplossing binnen norm per maand"),
                "month",
                (*series, Series("target", w(lang, "agreed"), "dashed")),
                "share",
            )
        )
    return section


def _monthly_levels(figs: Figures, names: Names, period: ReportPeriod, lang: str) -> Table | None:
    if period.months < 2:
        return None
    split = figs.get("service_level_vs_target", period, by=("month", "directorate")).frame
    whole = figs.get("service_level_vs_target", period, by=("month",)).frame
    dirs = sorted({plain(d) for d in split["directorate"] if plain(d) is not None})
    cells = {
        (pd.Timestamp(p).date(), plain(d)): plain(v)
        for p, d, v in zip(split["period"], split["directorate"], split["value"], strict=True)
    }
    columns = [
        Column("month", w(lang, "month"), "month"),
        *[Column(d, d, "share") for d in dirs],
        Column("GD", "GD", "share", target="target"),
        Column("target", w(lang, "agreed"), "share"),
    ]
    rows = []
    for r in whole.itertuples():
        month = pd.Timestamp(r.period).date()
        rows.append([month, *[cells.get((month, d)) for d in dirs], plain(r.value), plain(r.target)])
    # a year's twelve rows are left to the chart on paper
    return Table("monthly", columns, rows, pdf=len(rows) <= 6)


# --- the 20% efficiency goal ------------------------------------------------------------------


def _efficiency(figs: Figures, period: ReportPeriod, lang: str) -> Section:
    settings = figs.settings
    title = tr(lang, "Efficiency: het 20%-doel")
    section = Section("efficiency", "Efficiency", title)
    start = dt.date(settings.baseline_year, 1, 1)
    span = ReportPeriod("custom", min(start, period.first), period.last)
    try:
        eff = figs.get("efficiency_index", span, by=("month",))
        now = figs.row("efficiency_index", period)
    except ValueError:  # no cost data for these months
        eff, now = None, {}
    except PermissionError:  # a role without the efficiency area: no GD cost figures
        eff, now = None, {"hidden": True}
    sli = _by(figs.get("service_level_index", span, by=("month",)).frame, "period")
    sli_now = figs.value("service_level_index", period)
    columns = [
        Column("month", w(lang, "month"), "month"),
        Column("value", REGISTRY["efficiency_index"].label(lang), "index"),
        Column("target", tr(lang, "Doelpad"), "index"),
        Column("forecast", tr(lang, "Prognose"), "index"),
        Column("sli", REGISTRY["service_level_index"].label(lang), "index"),
    ]
    rows = []
    if eff is not None:
        for r in eff.frame.itertuples():
            month = pd.Timestamp(r.period).date()
            rows.append([month, plain(r.value), plain(r.target), plain(r.forecast), sli.get(month)])
    in_period = sum(1 for r in rows if r[0] >= period.first)
    section.tables.append(Table("efficiency", columns, rows, empty_text="–", pdf_skip=len(rows) - in_period))
    section.charts.append(
        Chart(
            "efficiency",
            "line",
            tr(lang, "Efficiency-index en serviceniveau-index (basisjaar = 100)"),
            "month",
            (
                Series("value", columns[1].label, "line"),
                Series("target", columns[2].label, "dashed"),
                Series("forecast", columns[3].label, "dotted"),
                Series("sli", columns[4].label, "line"),
            ),
            "index",
        )
    )
    forecast = (eff.meta.get("forecast_at_target_date") or {}).get("GD") if eff is not None else None
    goal = 100.0 - settings.efficiency_target_pct
    target_day = long_date(settings.target_date, lang)
    phrase = period.phrase(lang, start=True)
    n = lambda v: formatting.number(plain(v), lang, 1)  # noqa: E731
    if now.get("hidden"):
        now = {}
        section.paragraphs.append(
            tr(lang, "De efficiency-index staat niet in dit rapport: uw rol opent de kosten van de GD niet.")
        )
    elif figs.not_loaded("efficiency_index"):
        missing = figs.not_loaded("efficiency_index")
        section.paragraphs.append(
            f"{completeness.missing_sentence(missing, lang)} {completeness.load_hint(missing, lang)}"
        )
    elif not now or now.get("value") is None:
        section.paragraphs.append(tr(lang, "Geen kostengegevens voor deze periode."))
    else:
        section.paragraphs.append(
            tr(
                lang,
                "{period} stond de efficiency-index (basisjaar {baseline} = 100) op {value}, tegen een doelpad "
                "van {target}. De trend geeft {forecast} op {target_day}; het doel is {goal}. De "
                "serviceniveau-index, de voorwaarde 'bij een gelijkblijvend dienstverleningsniveau', stond op {sli}.",
                period=phrase,
                baseline=settings.baseline_year,
                value=n(now.get("value")),
                target=n(now.get("target")),
                forecast=n(forecast),
                target_day=target_day,
                goal=n(goal),
                sli=n(sli_now),
            )
        )
    if figs.scope is not None and eff is not None:
        section.paragraphs.append(
            tr(
                lang,
                "De efficiency-index is GD-breed (kosten kennen geen afnemer); de serviceniveau-index geldt voor de gekozen afnemers.",
            )
        )
    section.meta = {"now": now, "sli": sli_now, "forecast": forecast, "goal": goal}
    return section


# --- complaints and SIA escalations -------------------------------------------------------------


def _count_and_second(
    figs: Figures,
    names: Names,
    period: ReportPeriod,
    lang: str,
    key: str,
    dim: str,
    count_id: str,
    second_id: str,
    second_unit: str,
    second_key: str,
    *,
    title: str,
    code_on_paper: bool = False,
    suffix: str = "",
) -> Table:
    """A half-width table: a count split by `dim`, with a second figure for the same split."""
    counts = figs.get(count_id, period, by=(dim,)).frame
    second = _by(figs.get(second_id, period, by=(dim,)).frame, dim)
    code = (
        Column("code", w(lang, "code"), "code")
        if code_on_paper
        else Column("code", w(lang, "code"), "code", pdf=False)
    )
    columns = [
        code,
        Column("name", w(lang, dim)),
        Column("count", REGISTRY[count_id].label(lang), "count"),
        Column(second_key, REGISTRY[second_id].label(lang) + suffix, second_unit),
    ]
    rows = [
        [
            plain(getattr(r, dim)),
            names.name(dim, plain(getattr(r, dim)), lang),
            plain(r.value),
            second.get(plain(getattr(r, dim))),
        ]
        for r in counts.itertuples()
    ]
    return Table(key, columns, rows, title=title, half=True)


def _complaints(figs: Figures, names: Names, period: ReportPeriod, lang: str) -> Section:
    title = tr(lang, "Klachten en SIA-escalaties")
    section = Section("complaints", tr(lang, "Klachten en escalaties"), title)
    missing = completeness.not_loaded(("complaints", "escalations"), completeness.loaded_kinds(figs.con))
    if missing:
        section.paragraphs.append(
            f"{completeness.missing_sentence(missing, lang)} {completeness.load_hint(missing, lang)}"
        )
    kpi_cols = [
        Column("figure_id", w(lang, "figure_id"), "code", pdf=False),
        Column("name", w(lang, "figure")),
        Column("value", w(lang, "achieved"), "row", target="target"),
        Column("previous", w(lang, "previous"), "row"),
        Column("target", "Norm", "row"),
        Column("status", w(lang, "status"), "rag"),
    ]
    rows, units = [], []
    for fid in COMPLAINT_FIGURES:
        figure = REGISTRY[fid]
        row = figs.row(fid, period)
        prev = figs.value(fid, period.previous())
        rows.append(
            [
                fid,
                figure.label(lang),
                row.get("value"),
                prev,
                row.get("target"),
                rag.status(row.get("value"), row.get("target"), figure.direction, figure.unit, figs.settings),
            ]
        )
        units.append(figure.unit)
    section.tables.append(Table("kpis", kpi_cols, rows, row_units=units))

    split = partial(_count_and_second, figs, names, period, lang)
    section.tables.append(
        split(
            "by_directorate",
            "directorate",
            "complaint_count",
            "complaints_per_1000",
            "per_1000",
            "rate",
            code_on_paper=True,
            title=tr(lang, "Klachten per directie"),
        )
    )
    section.tables.append(
        split(
            "by_category",
            "category",
            "complaint_count",
            "complaints_within_legal_term",
            "share",
            "in_term",
            title=tr(lang, "Klachten per categorie"),
        )
    )
    section.tables.append(
        split(
            "by_reason",
            "reason",
            "escalation_count",
            "escalation_pickup_hours",
            "hours",
            "pickup",
            suffix=tr(lang, " (uur)"),
            title=tr(lang, "SIA-escalaties per reden"),
        )
    )
    outcomes = figs.get("escalation_outcomes", period).frame
    section.tables.append(
        Table(
            "outcomes",
            [
                Column("code", w(lang, "code"), "code", pdf=False),
                Column("name", w(lang, "outcome")),
                Column("count", w(lang, "count"), "count"),
                Column("share", w(lang, "share"), "share"),
            ],
            [
                [
                    plain(r.outcome),
                    names.name("outcome", plain(r.outcome), lang),
                    plain(r.numerator),
                    plain(r.value),
                ]
                for r in outcomes.itertuples()
            ],
            title=REGISTRY["escalation_outcomes"].label(lang),
            half=True,
        )
    )
    section.charts += [
        Chart(
            "by_directorate",
            "column",
            section.table("by_directorate").title or "",
            "code",
            (Series("count", REGISTRY["complaint_count"].label(lang)),),
            "count",
        ),
        Chart(
            "by_reason",
            "bar",
            section.table("by_reason").title or "",
            "name",
            (Series("count", REGISTRY["escalation_count"].label(lang)),),
            "count",
        ),
    ]
    return section


# --- the cover --------------------------------------------------------------------------------


def _cover(
    report: Report, figs: Figures, period: ReportPeriod, scorecard: list[Section], eff: Section, lang: str
) -> None:
    def rows_of(section: Section) -> list[dict]:
        table = section.tables[0]
        keys = [c.key for c in table.columns]
        return [
            dict(zip(keys, r, strict=True), unit=u)
            for r, u in zip(table.rows, table.row_units or [], strict=True)
        ]

    standards, dvas = rows_of(scorecard[0]), rows_of(scorecard[1])
    rows = standards + dvas
    ok_std = sum(r["status"] == "green" for r in standards)
    ok_dva = sum(r["status"] == "green" for r in dvas)
    missed = [r for r in rows if r["status"] in ("amber", "red")]
    judged = [r for r in rows if r["status"] in ("green", "amber", "red")]
    phrase = period.phrase(lang, start=True)
    if not judged:  # nothing measured is never "met"
        report.verdict_status = None
        report.verdict = tr(lang, "Geen afspraken om te beoordelen")
    elif not missed and len(judged) < len(rows):
        report.verdict_status = None
        report.verdict = tr(
            lang, "{n} van de {total} afspraken gehaald, de rest niet gemeten", n=len(judged), total=len(rows)
        )
    elif not missed:
        report.verdict_status = "green"
        report.verdict = tr(lang, "Alle afspraken gehaald")
    else:
        report.verdict_status = "red" if any(r["status"] == "red" for r in missed) else "amber"
        n = len(missed)
        report.verdict = tr(lang, "{n} van de {total} afspraken niet gehaald", n=n, total=len(rows))
    line = tr(
        lang,
        "{phrase} haalde de GD {ok_std} van de {n_std} mantelnormen en {ok_dva} van de {n_dva} DVA's.",
        phrase=phrase,
        ok_std=ok_std,
        n_std=len(standards),
        ok_dva=ok_dva,
        n_dva=len(dvas),
    )
    report.verdict_lines.append(line if judged else _nothing_judged(figs, lang))
    if missed:
        items = [
            tr(
                lang,
                "{name} ({value} tegen {target})",
                name=r["name"],
                value=formatting.value(r["value"], r["unit"], lang, r["target"]),
                target=formatting.value(r["target"], r["unit"], lang),
            )
            for r in missed[:5]
        ]
        more = len(missed) - len(items)
        text = (tr(lang, "Niet gehaald: ")) + join_words(items, lang)
        if more:
            text += tr(lang, " en nog {n} andere", n=more)
        report.verdict_lines.append(text + ".")
    report.verdict_lines += eff.paragraphs[:1]
    meta = eff.meta
    now = meta["now"]
    resolution = next((r for r in standards if r["figure_id"] == "resolution_within_norm"), None)
    report.key_figures = [
        KeyFigure(
            tr(lang, "Mantelnormen gehaald"),
            ok_std,
            "count",
            _of(len(standards), "mantel", figs, lang),
            _all_or_not(ok_std, standards),
        ),
        KeyFigure(
            tr(lang, "DVA's gehaald"),
            ok_dva,
            "count",
            _of(len(dvas), "dvas", figs, lang),
            _all_or_not(ok_dva, dvas),
        ),
    ]
    if resolution:
        report.key_figures.append(
            KeyFigure(
                REGISTRY["resolution_within_norm"].label(lang),
                resolution["value"],
                "share",
                f"{w(lang, 'target')} {formatting.percent(resolution['target'], lang)}",
                resolution["status"],
                target=resolution["target"],
            )
        )
    if now:
        eff_status = rag.status(
            now.get("value"), now.get("target"), "lower_is_better", "index", figs.settings
        )
        report.key_figures.append(
            KeyFigure(
                REGISTRY["efficiency_index"].label(lang),
                now.get("value"),
                "index",
                tr(lang, "doelpad {target}", target=formatting.number(now.get("target"), lang, 1)),
                eff_status,
                target=now.get("target"),
            )
        )
    report.key_figures += [
        KeyFigure(
            REGISTRY["service_level_index"].label(lang),
            meta["sli"],
            "index",
            tr(lang, "basisjaar = 100"),
        ),
        figs.key_figure("complaint_count", period, lang),
        figs.key_figure("escalation_count", period, lang),
        figs.key_figure("ticket_volume", period, lang),
    ]
    notes = completeness.period_notes(figs.con, period.request((), (), figs.scope))
    if notes:  # a director can tell a figure rests on incomplete data
        report.verdict_lines.append(completeness.incomplete_sentence(notes, lang))


def _of(total: int, kind: str, figs: Figures, lang: str) -> str:
    """'van 12' under a count of met agreements; 'niet geladen' where none was ever loaded."""
    if not total and completeness.not_loaded((kind,), completeness.loaded_kinds(figs.con)):
        return tr(lang, "niet geladen")
    return tr(lang, "van {total}", total=total)


def _all_or_not(ok: int, rows: list[dict]) -> str | None:
    """Green only when every row was measured and met; nothing measured has no status."""
    judged = [r for r in rows if r["status"] in ("green", "amber", "red")]
    if not judged:
        return None
    return "green" if ok == len(rows) else "red"
