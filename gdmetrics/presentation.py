"""Shaping registry results into what pages show: headline cards, readable tables, trend windows.

Computes no figure: it formats values the registry returned (babel, via `formatting`), names
codes, and says red / amber / green in words and symbols.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from gdmetrics import formatting, rag
from gdmetrics.explain import NORM_SOURCE_TEXT
from gdmetrics.figures import FigureRequest, FigureResult, get_figure
from gdmetrics.reports.words import code_word


def trend_request(req: FigureRequest, first_day: dt.date, months: int = 24, by: tuple[str, ...] = ()):
    """The same filters over the `months` months up to the period's end, split by month."""
    start = (pd.Timestamp(req.date_to).replace(day=1) - pd.DateOffset(months=months - 1)).date()
    return req.with_(date_from=max(start, first_day.replace(day=1)), by=("month", *by))


@dataclass(frozen=True)
class Headline:
    """One headline card: the value, its change against the previous period, and its target."""

    label: str
    value: str
    delta: str | None
    target: str | None
    status: str | None  # green / amber / red against target, None without target
    help: str


def headline(current: FigureResult, previous: FigureResult | None, lang: str) -> Headline:
    figure = current.figure
    value, unit = current.value, figure.unit
    target = None
    if len(current.frame) == 1 and "target" in current.frame and pd.notna(current.frame["target"].iloc[0]):
        target = float(current.frame["target"].iloc[0])
    before = previous.value if previous is not None else None
    delta = None
    if value is not None and before is not None:
        diff = value - before
        change = (
            formatting.number(diff * 100, lang, 1) + (" %-punt" if lang == "nl" else " pp")
            if unit == "share"
            else formatting.value(diff, unit, lang)
        )
        sign = "+" if diff > 0 else ""
        delta = f"{sign}{change}"  # the page's caption says: against the previous period
    count = current.frame["denominator"].iloc[0] if len(current.frame) == 1 else None
    status = rag.status(value, target, figure.direction, unit, count=count)
    target_text = None
    if target is not None:
        word = "doel" if lang == "nl" else "target"
        target_text = f"{rag.label(status, lang)} ({word} {formatting.value(target, unit, lang)})"
    suffix = {"hours": (" uur", " h")}.get(unit, ("", ""))[lang == "en"] if value is not None else ""
    return Headline(
        figure.label(lang),
        formatting.value(value, unit, lang) + suffix,
        delta,
        target_text,
        status,
        figure.description(lang),
    )


def delta_colour(figure_id: str) -> str:
    """Streamlit's delta colour for a figure: green when the change is good for its direction."""
    direction = get_figure(figure_id).direction
    return {"higher_is_better": "normal", "lower_is_better": "inverse"}.get(direction, "off")


DIMENSION_LABELS = {
    "directorate": ("Directie GD", "GD directorate"),
    "client": ("Klant", "Client"),
    "dg": ("DG / derde", "DG / third party"),
    "product": ("Product", "Product"),
    "dva": ("DVA", "DVA"),
    "channel": ("Kanaal", "Channel"),
    "category": ("Categorie", "Category"),
    "reason": ("Reden", "Reason"),
    "outcome": ("Uitkomst", "Outcome"),
    "age_bucket": ("Leeftijd (werkdagen)", "Age (business days)"),
    "period": ("Periode", "Period"),
}


def label(key: str, lang: str) -> str:
    nl, en = DIMENSION_LABELS.get(key, (key, key))
    return en if lang == "en" else nl


def figure_table(
    result: FigureResult, dim: str, lang: str, names: dict | None = None, *, sort_worst: bool = True
) -> pd.DataFrame:
    """One row per value of `dim`: name, value, target and status in words, and the count it rests
    on; worst first when the figure has a direction."""
    figure, frame = result.figure, result.frame.copy()
    unit = figure.unit
    names = names or {}
    if sort_worst and figure.direction != "neutral":
        frame = frame.sort_values(
            "value", ascending=figure.direction == "higher_is_better", na_position="last"
        )
    if "rag" not in frame:
        frame["rag"] = [
            rag.status(v, t, figure.direction, unit, count=n)
            for v, t, n in zip(frame["value"], frame["target"], frame["denominator"], strict=True)
        ]
    out = pd.DataFrame({label(dim, lang): [names.get(k, k if pd.notna(k) else "–") for k in frame[dim]]})
    out[figure.label(lang)] = [formatting.value(v, unit, lang) for v in frame["value"]]
    if frame["target"].notna().any():
        out["Doel" if lang == "nl" else "Target"] = [formatting.value(v, unit, lang) for v in frame["target"]]
        out["Status"] = [rag.label(s, lang) for s in frame["rag"]]
    basis = frame["denominator"] if frame["denominator"].notna().any() else frame["numerator"]
    if basis.notna().any():
        out["Aantal" if lang == "nl" else "Count"] = [formatting.number(v, lang) for v in basis]
    return out.reset_index(drop=True)


def heatmap_frame(result: FigureResult, dim: str, names: dict | None = None) -> pd.DataFrame:
    """period x `dim` values with status, for `charts.heatmap`."""
    frame = result.frame.copy()
    names = names or {}
    frame["name"] = [names.get(k, k) for k in frame[dim]]
    if "rag" not in frame:
        frame["rag"] = None
    return frame[["period", "name", "value", "target", "rag"]]


# --- the rows behind a figure ------------------------------------------------------------------

COLUMN_LABELS = {
    "ticket_id": ("Melding", "Ticket"),
    "registered_at": ("Geregistreerd", "Registered"),
    "client": ("Klant", "Client"),
    "product": ("Product", "Product"),
    "directorate": ("Directie GD", "GD directorate"),
    "priority": ("Prio", "Prio"),
    "channel": ("Kanaal", "Channel"),
    "status": ("Status", "Status"),
    "norm_hours": ("Norm (uren)", "Norm (hours)"),
    "used_hours": ("Verbruikt (uren)", "Used (hours)"),
    "due_at": ("Norm verloopt", "Due"),
    "verdict": ("Oordeel", "Verdict"),
    "norm": ("Welke norm en waarom", "Which norm and why"),
    "hours_left": ("Uren tot norm", "Hours left"),
    "complaint_id": ("Klacht", "Complaint"),
    "received_at": ("Ontvangen", "Received"),
    "category": ("Categorie", "Category"),
    "term_end": ("Termijn verloopt", "Term ends"),
    "handled_at": ("Afgehandeld", "Handled"),
    "outcome": ("Uitkomst", "Outcome"),
    "within_term": ("Binnen termijn", "Within term"),
    "escalation_id": ("Escalatie", "Escalation"),
    "escalated_at": ("Geëscaleerd", "Escalated"),
    "reason": ("Reden", "Reason"),
    "accountmanager": ("Accountmanager", "Account manager"),
    "picked_up_at": ("Opgepakt", "Picked up"),
    "pickup_hours": ("Oppaktijd (uren)", "Pickup (hours)"),
    "closed_at": ("Gesloten", "Closed"),
    "age_days": ("Leeftijd (dagen)", "Age (days)"),
    "month": ("Maand", "Month"),
    "fte": ("Fte", "FTE"),
    "personnel_cost": ("Personele kosten", "Personnel cost"),
    "material_budget": ("Materieel budget", "Material budget"),
    "material_spend": ("Materiële uitgaven", "Material spend"),
    "quantity": ("Aantal", "Quantity"),
    "tariff": ("Tarief", "Tariff"),
    "amount": ("Bedrag", "Amount"),
}
SHOWN = {
    "tickets": [
        "ticket_id",
        "registered_at",
        "client",
        "product",
        "directorate",
        "priority",
        "channel",
        "status",
        "norm_hours",
        "used_hours",
        "due_at",
        "verdict",
        "norm",
    ],
    "complaints": [
        "complaint_id",
        "received_at",
        "client",
        "directorate",
        "category",
        "term_end",
        "handled_at",
        "outcome",
        "within_term",
    ],
    "escalations": [
        "escalation_id",
        "escalated_at",
        "client",
        "reason",
        "accountmanager",
        "picked_up_at",
        "pickup_hours",
        "closed_at",
        "outcome",
        "age_days",
    ],
    "costs": ["directorate", "month", "fte", "personnel_cost", "material_budget", "material_spend"],
    "charges": ["month", "client", "product", "quantity", "tariff", "amount"],
}
EURO_COLUMNS = ("personnel_cost", "material_budget", "material_spend", "tariff", "amount")
HOUR_COLUMNS = ("norm_hours", "used_hours", "pickup_hours", "hours_left")
VERDICT_WORDS = {
    "nl": {True: "✔ binnen norm", False: "✖ buiten norm", None: "… nog geen oordeel"},
    "en": {True: "✔ within norm", False: "✖ outside norm", None: "… no verdict yet"},
}
TERM_WORDS = {
    "nl": {True: "✔ ja", False: "✖ nee", None: "… loopt nog"},
    "en": {True: "✔ yes", False: "✖ no", None: "… running"},
}


def _flag(value: object) -> bool | None:
    return None if value is None or pd.isna(value) else bool(value)


def norm_text(row: pd.Series, lang: str) -> str:
    """Which norm applied to a ticket and why, in the words `explain` uses."""
    source = row.get("norm_source")
    if source not in NORM_SOURCE_TEXT:
        return "–"
    return NORM_SOURCE_TEXT[source][0 if lang == "nl" else 1].format(
        dva=row.get("dva_id"),
        line=row.get("dva_line_no"),
        priority=row.get("priority"),
        product=row.get("product"),
    )


def readable_rows(
    frame: pd.DataFrame, kind: str, lang: str, extra: tuple[tuple[str, str, str], ...] = ()
) -> pd.DataFrame:
    """The drill-down rows for reading and download: chosen columns, verdicts and norms in words,
    Dutch column names; dates stay dates (the table formats them), numbers are rounded. `extra`
    are the columns a figure's drill-down declares, (column, Dutch label, English label), shown
    after the due moment."""
    out = frame.copy()
    if kind == "tickets":
        out["verdict"] = [VERDICT_WORDS[lang][_flag(m)] for m in out["met"]]
        out["norm"] = [norm_text(r, lang) for _, r in out.iterrows()]
    if kind == "complaints":
        out["within_term"] = [TERM_WORDS[lang][_flag(m)] for m in out["within_term"]]
    columns = list(SHOWN[kind])
    at = columns.index("due_at") + 1 if "due_at" in columns else len(columns)
    columns[at:at] = [c for c, _, _ in extra]
    out = out[columns]
    for col in HOUR_COLUMNS:
        if col in out:
            out[col] = out[col].astype(float).round(1)
    for col in EURO_COLUMNS:
        if col in out:
            out[col] = out[col].astype(float).round(2)
    labels = COLUMN_LABELS | {c: (nl, en) for c, nl, en in extra}
    out.columns = [labels[c][0 if lang == "nl" else 1] for c in out.columns]
    return out


def hours_columns(lang: str) -> list[str]:
    return [COLUMN_LABELS[c][0 if lang == "nl" else 1] for c in HOUR_COLUMNS]


def euro_columns(lang: str) -> list[str]:
    return [COLUMN_LABELS[c][0 if lang == "nl" else 1] for c in EURO_COLUMNS]


def efficiency_table(
    by_directorate: FigureResult, service: FigureResult, forecast: dict, lang: str, names: dict
) -> pd.DataFrame:
    """Per directorate: efficiency index against its target path, the forecast at the target
    date, and the service-level index beside it (the 'equal service level' guard)."""
    frame = by_directorate.frame
    sl = dict(zip(service.frame["directorate"], service.frame["value"], strict=True))
    status = [
        rag.status(v, t, "lower_is_better", "index")
        for v, t in zip(frame["value"], frame["target"], strict=True)
    ]
    nl = lang == "nl"
    return pd.DataFrame(
        {
            label("directorate", lang): [names.get(d, d) for d in frame["directorate"]],
            "Efficiency-index" if nl else "Efficiency index": [
                formatting.number(v, lang, 1) for v in frame["value"]
            ],
            "Doelpad" if nl else "Target path": [formatting.number(v, lang, 1) for v in frame["target"]],
            "Status": [rag.label(s, lang) for s in status],
            "Prognose op doeldatum" if nl else "Forecast at target date": [
                formatting.number(forecast.get(d), lang, 1) for d in frame["directorate"]
            ],
            "Fte-index" if nl else "FTE index": [formatting.number(v, lang, 1) for v in frame["fte_index"]],
            "Serviceniveau-index" if nl else "Service level index": [
                formatting.number(sl.get(d), lang, 1) for d in frame["directorate"]
            ],
        }
    )


FINANCING = {
    "basis": ("basis (centraal budget)", "basis (central budget)"),
    "plus": ("plus (verrekend per maand)", "plus (settled monthly)"),
    "maatwerk": ("maatwerk (offerte)", "custom (by quote)"),
    "onbekend": ("onbekend", "unknown"),
}


def financing_table(financing: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A dossier's use per financing type (`gdmetrics.dossier`): tickets, share, charged, used most."""
    nl = lang == "nl"
    return pd.DataFrame(
        {
            "Financiering" if nl else "Financing": [code_word(lang, f) for f in financing["financing"]],
            "Meldingen" if nl else "Tickets": [formatting.number(v, lang) for v in financing["tickets"]],
            "Aandeel" if nl else "Share": [formatting.percent(v, lang) for v in financing["share"]],
            "Verrekend" if nl else "Charged": [formatting.euro(v, lang) for v in financing["charged"]],
            "Meest gebruikt" if nl else "Used most": [
                ", ".join(u) for u in financing["used_most" if nl else "used_most_en"]
            ],
        }
    )


def dva_line_table(lines: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A dossier's DVA lines, worst first: agreed and achieved share, status, volumes."""
    nl = lang == "nl"
    return pd.DataFrame(
        {
            "DVA": lines["dva"],
            "Klant" if nl else "Client": lines["client"],
            "Product": lines["product_name" if nl else "product_name_en"],
            "Afgesproken" if nl else "Agreed": [formatting.percent(v, lang) for v in lines["target_share"]],
            "Gerealiseerd" if nl else "Achieved": [formatting.percent(v, lang) for v in lines["achieved"]],
            "Status": [rag.label(s, lang) for s in lines["status"]],
            "Meldingen met oordeel" if nl else "Tickets judged": [
                formatting.number(v, lang) for v in lines["judged"]
            ],
            "Afgesproken volume" if nl else "Agreed volume": [
                formatting.number(v, lang) for v in lines["agreed_volume"]
            ],
            "Verrekend volume" if nl else "Charged volume": [
                formatting.number(v, lang) for v in lines["charged_volume"]
            ],
        }
    )


def quote_table(quotes: pd.DataFrame, lang: str) -> pd.DataFrame:
    nl = lang == "nl"
    return pd.DataFrame(
        {
            "Offerte" if nl else "Quote": quotes["id"],
            "Klant" if nl else "Client": quotes["client"],
            "Omschrijving" if nl else "Description": quotes["description"],
            "Bedrag" if nl else "Amount": [formatting.euro(v, lang) for v in quotes["amount"]],
            "Status": [code_word(lang, s) for s in quotes["status"]],
            "Aangevraagd" if nl else "Requested": [
                formatting.day_label(d, lang) for d in quotes["requested_on"]
            ],
        }
    )


def mantel_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every mantel standard and DVA: achieved against agreed, met or not in symbol and word."""
    nl = lang == "nl"
    units = [get_figure(f).unit for f in frame["figure_id"]]
    kind = {"mantel_standard": ("Mantelnorm", "Standard"), "dva": ("DVA", "DVA")}
    return pd.DataFrame(
        {
            "Soort" if nl else "Kind": [kind[k][lang == "en"] for k in frame["subject_kind"]],
            "Norm / DVA": frame["name"] if nl else frame["name_en"],
            "Gerealiseerd" if nl else "Achieved": [
                formatting.value(v, u, lang) for v, u in zip(frame["value"], units, strict=True)
            ],
            "Afgesproken" if nl else "Agreed": [
                formatting.value(v, u, lang) for v, u in zip(frame["target"], units, strict=True)
            ],
            "Oordeel" if nl else "Verdict": [rag.label(s, lang) for s in frame["rag"]],
            "Aantal" if nl else "Count": [formatting.number(v, lang) for v in frame["denominator"]],
        }
    )


def drivers_table(drivers: pd.DataFrame, unit: str, lang: str, names: dict) -> pd.DataFrame:
    nl = lang == "nl"
    return pd.DataFrame(
        {
            "Naar" if nl else "By": [label(d, lang) for d in drivers["dimension"]],
            "Wie / wat" if nl else "Who / what": [
                names.get(d, {}).get(k, k) for d, k in zip(drivers["dimension"], drivers["key"], strict=True)
            ],
            "Gerealiseerd" if nl else "Achieved": [formatting.value(v, unit, lang) for v in drivers["value"]],
            "Aantal" if nl else "Count": [formatting.number(v, lang) for v in drivers["count"]],
            "Gevallen meer dan de norm toeliet" if nl else "Cases beyond what the standard allows": [
                "–" if pd.isna(e) else formatting.number(e, lang, 1) for e in drivers["excess"]
            ],
        }
    )


def product_table(products: pd.DataFrame, lang: str) -> pd.DataFrame:
    nl = lang == "nl"
    yes, no = ("ja", "nee") if nl else ("yes", "no")
    return pd.DataFrame(
        {
            "Code": products["code"],
            "Product": products["name"],
            "Directie GD" if nl else "GD directorate": products["directorate"],
            "Onderwerp" if nl else "Topic": products["topic"],
            "Gebeurtenis" if nl else "Life event": products["life_event"].fillna(""),
            "Vraagniveau" if nl else "Demand level": products["demand_level"],
            "Financiering" if nl else "Financing": products["financing"],
            "Tarief" if nl else "Tariff": [
                ("" if pd.isna(v) else formatting.euro(v, lang, 2) + (f" {u}" if isinstance(u, str) else ""))
                for v, u in zip(products["tariff"], products["tariff_unit"], strict=True)
            ],
            "Reactienorm (uren)" if nl else "Response norm (h)": [
                formatting.number(v, lang, 0) for v in products["response_norm_hours"]
            ],
            "Oplosnorm (uren)" if nl else "Resolution norm (h)": [
                formatting.number(v, lang, 0) for v in products["resolution_norm_hours"]
            ],
            "Klok" if nl else "Clock": [
                ("24/7" if v else ("kantooruren" if nl else "business hours")) for v in products["is_24_7"]
            ],
            "Normen per prioriteit" if nl else "Norms per priority": [
                yes if n else no for n in products["priority_norms"]
            ],
        }
    )


def pattern_table(patterns: pd.DataFrame, lang: str) -> pd.DataFrame:
    nl = lang == "nl"
    return pd.DataFrame(
        {
            "Patroon" if nl else "Pattern": patterns["name"],
            "Doorlooptijdnorm (uren)" if nl else "Lead time norm (h)": [
                formatting.number(v, lang, 0) for v in patterns["lead_time_norm_hours"]
            ],
            "Stappen (product, directie)" if nl else "Steps (product, directorate)": patterns["steps"],
        }
    )
