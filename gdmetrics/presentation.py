"""Shaping registry results into what pages show: headline cards, readable tables, trend windows.

Computes no figure: it formats values the registry returned (babel, via `formatting`), names
codes, and says red / amber / green in words and symbols.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from gdmetrics import completeness, formatting, rag, text
from gdmetrics.explain import NORM_SOURCE_TEXT
from gdmetrics.figures import FigureRequest, FigureResult, get_figure
from gdmetrics.reports.words import code_word
from gdmetrics.text import N_, tr

if TYPE_CHECKING:
    from gdmetrics.completeness import Completeness
    from gdmetrics.scorecard import Scorecard
    from gdmetrics.shortfall import Shortfall


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
    # What the figure lacks: 'Niet geladen: klachten.' (the value then says "niet geladen"), or
    # 'Onvolledig: ...' when what it rests on has gaps in the period (gdmetrics.completeness).
    note: str | None = None
    incomplete: bool = False  # the note says 'Onvolledig: ...' (a card shows a short mark)
    unchanged: bool = False  # the change rounds to zero: shown without arrow or colour


def headline(current: FigureResult, previous: FigureResult | None, lang: str, notes: tuple = ()) -> Headline:
    """A headline card. `notes` are the period's completeness notes
    (`completeness.period_notes`); those concerning this figure are named on the card."""
    figure = current.figure
    missing = current.meta.get("not_loaded")
    if missing:
        sentence = completeness.missing_sentence(missing, lang)
        return Headline(
            figure.label(lang),
            tr(lang, "niet geladen"),
            None,
            None,
            None,
            f"{figure.description(lang)}\n\n{sentence} {completeness.load_hint(missing, lang)}",
            sentence,
        )
    value, unit = current.value, figure.unit
    target = None
    if len(current.frame) == 1 and "target" in current.frame and pd.notna(current.frame["target"].iloc[0]):
        target = float(current.frame["target"].iloc[0])
    before = previous.value if previous is not None else None
    delta, unchanged = None, False
    if value is not None and before is not None:
        delta = difference(value - before, unit, lang)  # the page's caption says: against the previous period
        unchanged = not any(c in "123456789" for c in delta)  # no arrow, no colour
    count = current.frame["denominator"].iloc[0] if len(current.frame) == 1 else None
    status = rag.status(value, target, figure.direction, unit, count=count)
    target_text = None
    if target is not None:
        said = rag.label(status, lang) if status else rag.word(status, lang)  # '✔ op doel' or 'geen gegevens'
        target_text = f"{said} ({tr(lang, 'doel')} {formatting.value(target, unit, lang)})"
    suffix = " " + tr(lang, "uur") if unit == "hours" and value is not None else ""
    incomplete = completeness.incomplete_sentence(completeness.notes_for(notes, figure.rests_on), lang)
    shown = formatting.value(value, unit, lang, target) + suffix
    # a median that may still rise (escalations still waiting) is a lower bound
    if len(current.frame) == 1 and bool(current.frame.get("lower_bound", pd.Series([False])).iloc[0]):
        shown = tr(lang, "meer dan {value}", value=shown)
    return Headline(
        figure.label(lang),
        shown,
        delta,
        target_text,
        status,
        figure.description(lang) + (f"\n\n{incomplete}" if incomplete else ""),
        incomplete or None,
        bool(incomplete),
        unchanged,
    )


def delta_colour(figure_id: str) -> str:
    """Streamlit's delta colour for a figure: green when the change is good for its direction."""
    direction = get_figure(figure_id).direction
    return {"higher_is_better": "normal", "lower_is_better": "inverse"}.get(direction, "off")


DIMENSION_LABELS = {
    "directorate": N_("Directie GD"),
    "client": N_("Klant"),
    "dg": N_("DG / derde"),
    "product": N_("Product"),
    "dva": N_("DVA"),
    "channel": N_("Kanaal"),
    "category": N_("Categorie"),
    "reason": N_("Reden"),
    "outcome": N_("Uitkomst"),
    "age_bucket": N_("Leeftijd (werkdagen)"),
    "period": N_("Periode"),
}


def label(key: str, lang: str) -> str:
    return tr(lang, DIMENSION_LABELS[key]) if key in DIMENSION_LABELS else key


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
    out[figure.label(lang)] = [
        formatting.value(v, unit, lang, t) for v, t in zip(frame["value"], frame["target"], strict=True)
    ]
    if frame["target"].notna().any():
        out[tr(lang, "Doel")] = [formatting.value(v, unit, lang) for v in frame["target"]]
        out["Status"] = [rag.label(s, lang) for s in frame["rag"]]
    basis = frame["denominator"] if frame["denominator"].notna().any() else frame["numerator"]
    if basis.notna().any():
        out[tr(lang, "Aantal")] = [formatting.number(v, lang) for v in basis]
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
    "ticket_id": N_("Melding"),
    "registered_at": N_("Geregistreerd"),
    "client": N_("Klant"),
    "product": N_("Product"),
    "directorate": N_("Directie GD"),
    "priority": N_("Prio"),
    "channel": N_("Kanaal"),
    "status": N_("Status"),
    "norm_hours": N_("Norm (uren)"),
    "used_hours": N_("Verbruikt (uren)"),
    "due_at": N_("Norm verloopt"),
    "verdict": N_("Oordeel"),
    "norm": N_("Welke norm en waarom"),
    "hours_left": N_("Uren tot norm"),
    "complaint_id": N_("Klacht"),
    "received_at": N_("Ontvangen"),
    "category": N_("Categorie"),
    "term_end": N_("Termijn verloopt"),
    "handled_at": N_("Afgehandeld"),
    "outcome": N_("Uitkomst"),
    "within_term": N_("Binnen termijn"),
    "escalation_id": N_("Escalatie"),
    "escalated_at": N_("Geëscaleerd"),
    "reason": N_("Reden"),
    "accountmanager": N_("Accountmanager"),
    "picked_up_at": N_("Opgepakt"),
    "pickup_hours": N_("Oppaktijd (uren)"),
    "waited_hours": N_("Wachttijd (uren)"),  # declared by escalation_pickup_hours' drill-down
    "closed_at": N_("Gesloten"),
    "age_days": N_("Leeftijd (dagen)"),
    "month": N_("Maand"),
    "fte": N_("Fte"),
    "personnel_cost": N_("Personele kosten"),
    "material_budget": N_("Materieel budget"),
    "material_spend": N_("Materiële uitgaven"),
    "quantity": N_("Aantal (eenheden)"),
    "tariff": N_("Tarief"),
    "amount": N_("Bedrag"),
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
    # the age beside the moment it counts from: in a list of open escalations, oldest first, it
    # is what the reader looks for, and as the last column it sat past the frame at 1400 px
    "escalations": [
        "escalation_id",
        "escalated_at",
        "age_days",
        "client",
        "reason",
        "accountmanager",
        "picked_up_at",
        "pickup_hours",
        "closed_at",
        "outcome",
    ],
    "costs": ["directorate", "month", "fte", "personnel_cost", "material_budget", "material_spend"],
    "charges": ["month", "client", "product", "quantity", "tariff", "amount"],
}
EURO_COLUMNS = ("personnel_cost", "material_budget", "material_spend", "tariff", "amount")
HOUR_COLUMNS = ("norm_hours", "used_hours", "pickup_hours", "waited_hours", "hours_left")
# Where a figure's declared drill-down columns go among a kind's own (else last).
EXTRA_AFTER = {"tickets": "due_at", "escalations": "pickup_hours"}
# Declared columns holding a verdict against a norm, shown in the tickets' words.
VERDICT_COLUMNS = ("picked_up_within_norm",)
VERDICT_WORDS = {True: N_("✔ binnen norm"), False: N_("✖ buiten norm"), None: N_("… nog geen oordeel")}
TERM_WORDS = {True: N_("✔ ja"), False: N_("✖ nee"), None: N_("… loopt nog")}


def _flag(value: object) -> bool | None:
    return None if value is None or pd.isna(value) else bool(value)


def norm_text(row: pd.Series, lang: str) -> str:
    """Which norm applied to a ticket and why, in the words `explain` uses."""
    source = row.get("norm_source")
    if source not in NORM_SOURCE_TEXT:
        return "–"
    return tr(lang, NORM_SOURCE_TEXT[source]).format(
        dva=row.get("dva_id"),
        line=row.get("dva_line_no"),
        priority=row.get("priority"),
        product=row.get("product"),
    )


# Drill-down columns holding a code, and the code table that names it.
CODE_COLUMNS = {
    "status": "ticket_status",
    "channel": "channel",
    "category": "complaint_category",
    "reason": "escalation_reason",
}


def readable_rows(
    frame: pd.DataFrame,
    kind: str,
    lang: str,
    extra: tuple[tuple[str, str], ...] = (),
    names: dict | None = None,
) -> pd.DataFrame:
    """The drill-down rows for reading and download: chosen columns, codes, verdicts and norms in
    words, column names in `lang`; products by their name in `lang` where `names`
    (text.reference_names) is given; dates stay dates (the table formats them), numbers are rounded.
    `extra` are the columns a figure's drill-down declares, (column, Dutch label),
    shown after the due moment (tickets) or the pickup time (escalations)."""
    out = frame.copy()
    names = names or {}
    if "product_code" in out and names.get("product"):
        out["product"] = [
            names["product"].get(c, p) for c, p in zip(out["product_code"], out["product"], strict=True)
        ]
    for col, table in CODE_COLUMNS.items():
        if col in out:
            out[col] = [text.code(lang, table, v) for v in out[col]]
    if "outcome" in out:
        out["outcome"] = [text.any_code(lang, v) if isinstance(v, str) else "–" for v in out["outcome"]]
    if kind == "tickets":
        out["verdict"] = [tr(lang, VERDICT_WORDS[_flag(m)]) for m in out["met"]]
        out["norm"] = [norm_text(r, lang) for _, r in out.iterrows()]
    if kind == "complaints":
        out["within_term"] = [tr(lang, TERM_WORDS[_flag(m)]) for m in out["within_term"]]
    for col in VERDICT_COLUMNS:
        if col in out:
            out[col] = [tr(lang, VERDICT_WORDS[_flag(m)]) for m in out[col]]
    columns = list(SHOWN[kind])
    anchor = EXTRA_AFTER.get(kind)
    at = columns.index(anchor) + 1 if anchor in columns else len(columns)
    columns[at:at] = [c for c, _ in extra]
    out = out[columns]
    for col in HOUR_COLUMNS:
        if col in out:
            out[col] = out[col].astype(float).round(1)
    for col in EURO_COLUMNS:
        if col in out:
            out[col] = out[col].astype(float).round(2)
    labels = {c: tr(lang, label) for c, label in COLUMN_LABELS.items()}
    labels |= {c: tr(lang, label) for c, label in extra}
    out.columns = [labels[c] for c in out.columns]
    return out


def hours_columns(lang: str) -> list[str]:
    return [tr(lang, COLUMN_LABELS[c]) for c in HOUR_COLUMNS]


def euro_columns(lang: str) -> list[str]:
    return [tr(lang, COLUMN_LABELS[c]) for c in EURO_COLUMNS]


def efficiency_parts(current: FigureResult, lang: str) -> tuple[str | None, str | None]:
    """The GD-wide efficiency index's two parts, each against its path ('Formatie (fte) 90,0 ✔,
    materieel budget 85,7 ▲ (doelpad 85,0)'), and the directorates left out for want of baseline
    costs, named; None for either when there is nothing to say."""
    frame = current.frame
    if len(frame) != 1:
        return None, None
    row = frame.iloc[0]
    target = row.get("target")
    parts = None
    if pd.notna(row.get("fte_index")) or pd.notna(row.get("material_index")):

        def part(column: str) -> str:
            s = rag.status(row.get(column), target, "lower_is_better", "index")
            return f"{formatting.value(row.get(column), 'index', lang, target)} {rag.label(s, lang)}"

        parts = tr(
            lang,
            "Formatie (fte) {fte}; materieel budget {material} (doelpad {target})",
            fte=part("fte_index"),
            material=part("material_index"),
            target=formatting.value(target, "index", lang),
        )
    missing = row.get("missing_baseline")
    missing_text = (
        tr(
            lang,
            "Zonder kosten in het basisjaar, dus niet in het totaal: {directorates}",
            directorates=missing,
        )
        if isinstance(missing, str) and missing
        else None
    )
    return parts, missing_text


def efficiency_table(
    by_directorate: FigureResult, service: FigureResult, forecast: dict, lang: str, names: dict
) -> pd.DataFrame:
    """Per directorate: efficiency index against its target path, its two parts (formatie, material
    budget) each against the same path with their status symbol, the forecast at the target date,
    and the service-level index beside it (the 'equal service level' guard). A directorate without
    baseline costs shows dashes (the page names it)."""
    frame = by_directorate.frame
    sl = dict(zip(service.frame["directorate"], service.frame["value"], strict=True))

    def statuses(column: str) -> list[str | None]:
        return [
            rag.status(v, t, "lower_is_better", "index")
            for v, t in zip(frame[column], frame["target"], strict=True)
        ]

    status = statuses("value")
    return pd.DataFrame(
        {
            label("directorate", lang): [names.get(d, d) for d in frame["directorate"]],
            tr(lang, "Efficiency-index"): [
                formatting.value(v, "index", lang, t)
                for v, t in zip(frame["value"], frame["target"], strict=True)
            ],
            tr(lang, "Doelpad"): [formatting.number(v, lang, 1) for v in frame["target"]],
            "Status": [rag.label(s, lang) for s in status],
            tr(lang, "Prognose op doeldatum"): [
                formatting.number(forecast.get(d), lang, 1) for d in frame["directorate"]
            ],
            tr(lang, "Fte-index"): [
                f"{formatting.value(v, 'index', lang, t)} {rag.symbol(s)}"
                for v, t, s in zip(frame["fte_index"], frame["target"], statuses("fte_index"), strict=True)
            ],
            tr(lang, "Materieel-index"): [
                f"{formatting.value(v, 'index', lang, t)} {rag.symbol(s)}"
                for v, t, s in zip(
                    frame["material_index"], frame["target"], statuses("material_index"), strict=True
                )
            ],
            tr(lang, "Serviceniveau-index"): [
                formatting.number(sl.get(d), lang, 1) for d in frame["directorate"]
            ],
        }
    )


# A financing type with how it is paid for: the catalogue's and the dossier's wording.
FINANCING = {
    "basis": N_("basis (centraal budget)"),
    "plus": N_("plus (verrekend per maand)"),
    "maatwerk": N_("maatwerk (offerte)"),
}


def financing_label(financing: str, lang: str) -> str:
    """'plus (verrekend per maand)': a financing type with how it is paid for."""
    return (
        tr(lang, FINANCING[financing]) if financing in FINANCING else text.code(lang, "financing", financing)
    )


def financing_table(financing: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A dossier's use per financing type (`gdmetrics.dossier`): tickets, share, charged, used most."""
    return pd.DataFrame(
        {
            tr(lang, "Financiering"): [code_word(lang, f) for f in financing["financing"]],
            tr(lang, "Meldingen"): [formatting.number(v, lang) for v in financing["tickets"]],
            tr(lang, "Aandeel"): [formatting.percent(v, lang) for v in financing["share"]],
            tr(lang, "Verrekend"): [formatting.euro(v, lang) for v in financing["charged"]],
            tr(lang, "Meest gebruikt"): [
                ", ".join(u) for u in financing["used_most_en" if lang == "en" else "used_most"]
            ],
        }
    )


def dva_line_table(lines: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A dossier's DVA lines, worst first: agreed and achieved share, status, volumes."""
    return pd.DataFrame(
        {
            "DVA": lines["dva"],
            tr(lang, "Klant"): lines["client"],
            "Product": lines["product_name_en" if lang == "en" else "product_name"],
            tr(lang, "Afgesproken"): [formatting.percent(v, lang) for v in lines["target_share"]],
            # beside its target: never rounded onto it (formatting.value)
            tr(lang, "Gerealiseerd"): [
                formatting.value(v, "share", lang, t)
                for v, t in zip(lines["achieved"], lines["target_share"], strict=True)
            ],
            "Status": [rag.label(s, lang) for s in lines["status"]],
            tr(lang, "Meldingen met oordeel"): [formatting.number(v, lang) for v in lines["judged"]],
            tr(lang, "Afgesproken volume"): [formatting.number(v, lang) for v in lines["agreed_volume"]],
            tr(lang, "Verrekend volume"): [formatting.number(v, lang) for v in lines["charged_volume"]],
        }
    )


def quote_table(quotes: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            tr(lang, "Offerte"): quotes["id"],
            tr(lang, "Klant"): quotes["client"],
            tr(lang, "Omschrijving"): quotes["description"],
            tr(lang, "Bedrag"): [formatting.euro(v, lang) for v in quotes["amount"]],
            "Status": [code_word(lang, s) for s in quotes["status"]],
            tr(lang, "Aangevraagd"): [formatting.day_label(d, lang) for d in quotes["requested_on"]],
        }
    )


def mantel_table(card: Scorecard, lang: str) -> pd.DataFrame:
    """A scorecard (`gdmetrics.scorecard`): per mantel standard and DVA the agreed target, the
    earlier periods, the achieved value and its status, as the mantel report shows them."""
    rows = card.rows
    kind = {"mantel_standard": N_("Mantelnorm"), "dva": N_("DVA")}
    out = pd.DataFrame(
        {
            tr(lang, "Soort"): [tr(lang, kind[k]) for k in rows["subject_kind"]],
            "Code": rows["subject"],
            "Norm / DVA": rows["name_en"] if lang == "en" else rows["name"],
            tr(lang, "Afgesproken"): [
                formatting.value(v, u, lang) for v, u in zip(rows["target"], rows["unit"], strict=True)
            ],
        }
    )
    for p in card.earlier:
        out[p.short_name(lang)] = [
            formatting.value(card.earlier_value(s, p), u, lang)
            for s, u in zip(rows["subject"], rows["unit"], strict=True)
        ]
    now = card.period.short_name(lang) if card.period.kind != "custom" else ""
    out[f"{tr(lang, 'Gerealiseerd')} {now}".strip()] = [
        formatting.value(v, u, lang, t)
        for v, u, t in zip(rows["value"], rows["unit"], rows["target"], strict=True)
    ]
    out["Status"] = [rag.label(s, lang) for s in rows["rag"]]
    out[tr(lang, "Aantal")] = [formatting.number(v, lang) for v in rows["denominator"]]
    return out


CHANGE_WORDS = {"better": N_("beter"), "worse": N_("slechter"), "same": N_("gelijk")}


def difference(diff: float | None, unit: str, lang: str) -> str:
    """A change as shown beside a figure: '+1,2 %-punt' for a share, '-0,35' otherwise; one that
    rounds to zero has no sign ('0,0 %-punt': '+0,0' and '-0,0' read as a change)."""
    if diff is None or pd.isna(diff):
        return "–"
    change = (
        tr(lang, "{n} %-punt", n=formatting.number(diff * 100, lang, 1))
        if unit == "share"
        else formatting.value(diff, unit, lang)
    )
    if not any(c in "123456789" for c in change):
        return change.lstrip("-")
    return ("+" if diff > 0 else "") + change


def mantel_change_table(card: Scorecard, lang: str) -> pd.DataFrame:
    """Per mantel standard and DVA: agreed, the previous period, this period, the difference and
    whether it got better or worse (in words), and the status (`Scorecard.changes`)."""
    rows, changes = card.rows, card.changes()
    previous, now = card.period.previous(), card.period
    units = list(rows["unit"])
    return pd.DataFrame(
        {
            "Norm / DVA": rows["name_en"] if lang == "en" else rows["name"],
            tr(lang, "Afgesproken"): [
                formatting.value(v, u, lang) for v, u in zip(rows["target"], units, strict=True)
            ],
            previous.short_name(lang): [
                formatting.value(v, u, lang) for v, u in zip(changes["previous"], units, strict=True)
            ],
            now.short_name(lang): [
                formatting.value(v, u, lang, t)
                for v, u, t in zip(changes["value"], units, rows["target"], strict=True)
            ],
            tr(lang, "Verschil"): [
                difference(d, u, lang) for d, u in zip(changes["difference"], units, strict=True)
            ],
            tr(lang, "Beter of slechter"): [
                tr(lang, CHANGE_WORDS[v]) if isinstance(v, str) else "–" for v in changes["verdict"]
            ],
            "Status": [rag.label(s, lang) for s in rows["rag"]],
        }
    )


def changes_by(current: FigureResult, previous: FigureResult, dim: str) -> pd.DataFrame:
    """Per value of `dim` in either period: previous, value and the difference (a value absent
    in a period counts as 0 for a count, else as missing), the largest increase first."""
    count = current.figure.unit == "count"
    now = current.frame.set_index(dim)["value"]
    before = previous.frame.set_index(dim)["value"]
    out = pd.DataFrame({"previous": before, "value": now})
    if count:
        out = out.fillna(0)
    out["difference"] = out["value"] - out["previous"]
    out = out.rename_axis(dim).reset_index()
    return out.sort_values(["difference", dim], ascending=[False, True], na_position="last").reset_index(
        drop=True
    )


def growth_sentence(
    changes: pd.DataFrame, dim: str, unit: str, names: dict, period_name: str, lang: str
) -> str:
    """'Meer dan in K3 2006: Bejegening, van 2 naar 5 (+3).' for the largest increase, or that
    nothing grew."""
    grew = changes[changes["difference"] > 0]
    if grew.empty:
        return tr(lang, "Geen enkele categorie groeide ten opzichte van {period}.", period=period_name)
    top = grew.iloc[0]
    return tr(
        lang,
        "Meest gegroeid ten opzichte van {period}: {name}, van {before} naar {now} ({change}).",
        period=period_name,
        name=names.get(top[dim], top[dim]),
        before=formatting.value(top["previous"], unit, lang),
        now=formatting.value(top["value"], unit, lang),
        change=difference(top["difference"], unit, lang),
    )


def changes_table(
    changes: pd.DataFrame, dim: str, unit: str, names: dict, before: str, now: str, lang: str
) -> pd.DataFrame:
    """`changes_by` as shown: name, the two periods (named) and the difference."""
    return pd.DataFrame(
        {
            label(dim, lang): [names.get(k, k) for k in changes[dim]],
            before: [formatting.value(v, unit, lang) for v in changes["previous"]],
            now: [formatting.value(v, unit, lang) for v in changes["value"]],
            tr(lang, "Verschil"): [difference(d, unit, lang) for d in changes["difference"]],
        }
    )


def culprit_table(found: Shortfall, unit: str, lang: str) -> pd.DataFrame:
    """A shortfall's culprits (`gdmetrics.shortfall`): split, group, achieved, count, shortfall."""
    culprits = found.culprits
    return pd.DataFrame(
        {
            tr(lang, "Splitsing"): [label(c.dim, lang) for c in culprits],
            tr(lang, "Groep"): [c.name(lang) for c in culprits],
            tr(lang, "Gerealiseerd"): [formatting.value(c.value, unit, lang) for c in culprits],
            tr(lang, "Aantal"): [formatting.number(c.count, lang) for c in culprits],
            tr(lang, "Tekort"): [formatting.number(c.excess, lang, 1) for c in culprits],
        }
    )


def product_table(products: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The catalogue, one product a row. Its twelve facts fit a screen of 1400 px as a plain
    table only when short: the directorate by its code (as the product codes and the filter name
    it), and the norms in one column: response / resolution hours, their clock and whether the
    product has norms of its own per priority ('4 / 40 (kantooruren); per prioriteit')."""
    return pd.DataFrame(
        {
            "Code": products["code"],
            "Product": products["name"],
            tr(lang, "Directie GD"): products["directorate_code"],
            tr(lang, "Onderwerp"): [text.code(lang, "topic", v) for v in products["topic"]],
            tr(lang, "Gebeurtenis"): [
                text.code(lang, "life_event", v) if isinstance(v, str) else "" for v in products["life_event"]
            ],
            tr(lang, "Vraagniveau"): [text.code(lang, "demand_level", v) for v in products["demand_level"]],
            tr(lang, "Financiering"): [text.code(lang, "financing", v) for v in products["financing"]],
            tr(lang, "Tarief"): [
                (
                    ""
                    if pd.isna(v)
                    else formatting.euro(v, lang, 2)
                    + (" " + text.code(lang, "tariff_unit", u) if isinstance(u, str) else "")
                )
                for v, u in zip(products["tariff"], products["tariff_unit"], strict=True)
            ],
            tr(lang, "Reactie- / oplosnorm (uren)"): [
                f"{formatting.number(r, lang, 0)} / {formatting.number(o, lang, 0)} "
                f"({'24/7' if clock else tr(lang, 'kantooruren')})"
                + (f"; {tr(lang, 'per prioriteit')}" if per_priority else "")
                for r, o, clock, per_priority in zip(
                    products["response_norm_hours"],
                    products["resolution_norm_hours"],
                    products["is_24_7"],
                    products["priority_norms"],
                    strict=True,
                )
            ],
        }
    )


def pattern_table(patterns: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            tr(lang, "Patroon"): patterns["name"],
            tr(lang, "Doorlooptijdnorm (uren)"): [
                formatting.number(v, lang, 0) for v in patterns["lead_time_norm_hours"]
            ],
            tr(lang, "Stappen (product, directie)"): patterns["steps"],
        }
    )


def completeness_tables(found: Completeness, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Gegevens page's completeness (gdmetrics.completeness.check): per kind of data its rows
    and as-of moment or 'niet geladen'; per check what is missing, of how many, and examples."""
    data = found.as_dict(lang)
    kinds = pd.DataFrame(
        {
            tr(lang, "Gegevens"): [k["label"] for k in data["kinds"]],
            tr(lang, "Rijen"): [formatting.number(k["rows"], lang) for k in data["kinds"]],
            tr(lang, "Stand van"): [
                (str(k["as_of"] or "") if k["loaded"] else tr(lang, "niet geladen")) for k in data["kinds"]
            ],
        }
    )
    checks = pd.DataFrame(
        {
            tr(lang, "Controle"): [c["label"] for c in data["checks"]],
            "Status": [
                tr(lang, "⚠ onvolledig") if c["missing"] else tr(lang, "volledig") for c in data["checks"]
            ],
            tr(lang, "Ontbreekt"): [formatting.number(c["missing"], lang) for c in data["checks"]],
            tr(lang, "Van"): [formatting.number(c["total"], lang) for c in data["checks"]],
            tr(lang, "Bijvoorbeeld"): [", ".join(c["examples"]) for c in data["checks"]],
        }
    )
    return kinds, checks
