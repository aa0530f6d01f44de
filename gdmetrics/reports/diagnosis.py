"""Where a standard went wrong: the directorates, products (or categories, reasons, clients) that
account for most of the shortfall, found by splitting the same figure, told in one sentence."""

from __future__ import annotations

from dataclasses import dataclass

from gdmetrics import formatting
from gdmetrics.figures import REGISTRY
from gdmetrics.reports.common import Figures, Names, ReportPeriod, Where, plain
from gdmetrics.reports.words import join_words

# The dimensions tried, in this order; the first two a figure can be split by are used.
SPLITS = ("directorate", "product", "category", "reason", "client")

DIM_PHRASES = {
    "nl": {
        "directorate": "directie",
        "product": "product",
        "category": "categorie",
        "reason": "reden",
        "client": "afnemer",
    },
    "en": {
        "directorate": "directorate",
        "product": "product",
        "category": "category",
        "reason": "reason",
        "client": "client",
    },
}


@dataclass(frozen=True)
class Culprit:
    """One group of a split that fell short, and by how much (in units of its denominator)."""

    dim: str
    code: str
    name: str
    value: float | None
    count: float | None
    excess: float


@dataclass(frozen=True)
class Diagnosis:
    subject: str  # e.g. 'MS-04' or a DVA id
    name: str
    figure_id: str
    value: float | None
    target: float | None
    sentence: str
    culprits: tuple[Culprit, ...]


def excess(unit: str, direction: str, value, numerator, denominator, target) -> float:
    """How far a group falls short, in cases: for a share the misses beyond what the target
    allows, per 1,000 the cases above it; for a median the gap weighted by the group's size."""
    value, numerator, denominator, target = map(plain, (value, numerator, denominator, target))
    if target is None:
        return 0.0
    sign = -1.0 if direction == "lower_is_better" else 1.0
    if unit == "share" and numerator is not None and denominator:
        return sign * (target * denominator - numerator)
    if unit == "per_1000" and numerator is not None and denominator:
        return numerator - target * denominator / 1000.0
    if value is None:
        return 0.0
    return sign * (target - value) * (denominator or 1)


def _value_text(v: float | None, unit: str, lang: str) -> str:
    text = formatting.value(v, unit, lang)
    return text + (" uur" if lang == "nl" else " hours") if unit == "hours" else text


def diagnose(
    figs: Figures,
    names: Names,
    period: ReportPeriod,
    *,
    subject: str,
    name: str,
    figure_id: str,
    target: float | None,
    where: Where = (),
    lang: str = "nl",
    top: int = 3,
) -> Diagnosis:
    """Split `figure_id` (with the same period, filters and scope) by up to two dimensions and
    name the groups that account for most of the shortfall against `target`."""
    figure = REGISTRY[figure_id]
    overall = figs.row(figure_id, period, where=where)
    value = overall.get("value")
    filtered = {d for d, _ in where}
    dims = [d for d in SPLITS if d in figure.dimensions and d not in filtered][:2]
    culprits: list[Culprit] = []
    for dim in dims:
        frame = figs.get(figure_id, period, by=(dim,), where=where).frame
        found = []
        for _, r in frame.iterrows():
            gap = excess(figure.unit, figure.direction, r["value"], r["numerator"], r["denominator"], target)
            if gap > 0:
                found.append(
                    Culprit(
                        dim,
                        str(r[dim]),
                        names.name(dim, plain(r[dim]), lang),
                        plain(r["value"]),
                        plain(r["denominator"]),
                        gap,
                    )
                )
        culprits += sorted(found, key=lambda c: -c.excess)[:top]
    total = excess(
        figure.unit, figure.direction, value, overall.get("numerator"), overall.get("denominator"), target
    )
    sentence = _sentence(lang, name, figure_id, figure.unit, value, target, overall, culprits, dims, total)
    return Diagnosis(subject, name, figure_id, value, target, sentence, tuple(culprits))


def _sentence(lang, name, figure_id, unit, value, target, overall, culprits, dims, total) -> str:
    noun = REGISTRY[figure_id].noun(lang)
    count = overall.get("denominator")
    v, t = _value_text(value, unit, lang), _value_text(target, unit, lang)
    if lang == "en":
        text = f"{name}: {v} against a norm of {t}"
    else:
        text = f"{name}: {v} tegen een norm van {t}"
    if count:
        text += f", over {formatting.number(count, lang)} {noun}."
    else:
        text += "."
    parts = []
    for dim in dims:
        items = [
            f"{c.name} ({_value_text(c.value, unit, lang)}; {formatting.number(c.count, lang)} {noun})"
            for c in culprits
            if c.dim == dim
        ]
        if items:
            parts.append(f"{DIM_PHRASES[lang][dim]} {join_words(items, lang)}")
    if not parts:
        return text + (
            " The shortfall is spread evenly; no directorate or product stands out."
            if lang == "en"
            else " Het tekort is gelijk verspreid; geen directie of product springt eruit."
        )
    lead = " Most of the shortfall lies with " if lang == "en" else " Het tekort zit vooral bij "
    text += lead + ("; by " if lang == "en" else "; naar ").join(parts) + "."
    first = culprits[0]
    if total > 0 and first.excess >= total and unit in ("share", "per_1000"):
        text += (
            f" Without {first.name} the norm would have been met."
            if lang == "en"
            else f" Zonder {first.name} was de norm gehaald."
        )
    return text
