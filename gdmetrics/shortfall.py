"""A missed norm's shortfall and its culprits: one calculation, one rule for which splits and how
many culprits, told in one sentence. The Mantelrapportage page and the mantel report (PDF and
Excel) both show what `find` returns.

Definitional choices:

- **Shortfall** (tekort), in cases of the figure's denominator (`excess`): for a share, the
  cases beyond what the target allows (target x judged - within, or the reverse when lower is
  better); per 1,000, the cases above the target rate; for any other unit (a median in hours),
  the gap to the target weighted by the group's size. A group with a positive shortfall is a
  culprit; a group that met the norm never is.
- **Splits**: the same figure, with the same period, filters and client scope, split by the
  first `MAX_SPLITS` of `SPLITS` the figure allows and the subject does not already fix (a DVA
  is fixed to its client, so it splits by directorate and product).
- **Culprits**: per split, the `TOP` groups with the largest shortfall, largest first.
- The sentence counts in the figure's declared noun (`Figure.noun`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb

from gdmetrics import formatting
from gdmetrics.figures import REGISTRY, Figure, FigureRequest, compute
from gdmetrics.settings import Settings, get_settings
from gdmetrics.text import NC_, tr, trc

SPLITS = ("directorate", "product", "category", "reason", "client")
MAX_SPLITS = 2
TOP = 3

DIM_PHRASES = {
    "directorate": NC_("shortfall", "directie"),
    "product": NC_("shortfall", "product"),
    "category": NC_("shortfall", "categorie"),
    "reason": NC_("shortfall", "reden"),
    "client": NC_("shortfall", "afnemer"),
}

Where = tuple[tuple[str, tuple[str, ...]], ...]


def _num(v: object) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) or math.isinf(f) else f


def excess(unit: str, direction: str, value, numerator, denominator, target) -> float:
    """How far a group falls short of `target`, in cases (see the module docstring); zero or
    less means it did not fall short."""
    value, numerator, denominator, target = map(_num, (value, numerator, denominator, target))
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


def splits(figure: Figure, where: Where = ()) -> tuple[str, ...]:
    """The dimensions a shortfall of `figure` is split by, given the filters the subject fixes."""
    fixed = {d for d, _ in where}
    return tuple(d for d in SPLITS if d in figure.dimensions and d not in fixed)[:MAX_SPLITS]


@dataclass(frozen=True)
class Culprit:
    """One group of a split that fell short, and by how much (in cases)."""

    dim: str
    code: str
    name_nl: str
    name_en: str
    value: float | None
    count: float | None
    excess: float

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_nl


@dataclass(frozen=True)
class Shortfall:
    """A subject (mantel standard or DVA) against its target, and the groups behind the miss."""

    subject: str
    name_nl: str
    name_en: str
    figure_id: str
    value: float | None
    target: float | None
    count: float | None  # the cases judged (the figure's denominator)
    total: float  # the subject's own shortfall, in cases
    dims: tuple[str, ...]
    culprits: tuple[Culprit, ...]

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_nl

    def sentence(self, lang: str) -> str:
        """'MS-04 ...: 81,8% tegen een norm van 95,0%, over 22 klachten. Het tekort zit vooral bij
        directie ... Zonder ... was de norm gehaald.'"""
        figure = REGISTRY[self.figure_id]
        unit, noun = figure.unit, figure.noun(lang)
        v, t = value_text(self.value, unit, lang, self.target), value_text(self.target, unit, lang)
        text = tr(
            lang, "{name}: {value} tegen een norm van {target}", name=self.name(lang), value=v, target=t
        )
        text += (
            tr(lang, ", over {n} {noun}.", n=formatting.number(self.count, lang), noun=noun)
            if self.count
            else "."
        )
        parts = []
        for dim in self.dims:
            items = [
                f"{c.name(lang)} ({value_text(c.value, unit, lang)}; {formatting.number(c.count, lang)} {noun})"
                for c in self.culprits
                if c.dim == dim
            ]
            if items:
                parts.append(f"{trc(lang, 'shortfall', DIM_PHRASES[dim])} {_join(items, lang)}")
        if not parts:
            return text + tr(lang, " Het tekort is gelijk verspreid; geen directie of product springt eruit.")
        text += tr(lang, " Het tekort zit vooral bij ")
        text += tr(lang, "; naar ").join(parts) + "."
        first = self.culprits[0]
        if self.total > 0 and first.excess >= self.total and unit in ("share", "per_1000"):
            name = first.name(lang)
            text += tr(lang, " Zonder {name} was de norm gehaald.", name=name)
        return text


def value_text(v: float | None, unit: str, lang: str, target: float | None = None) -> str:
    """A value in its unit, hours with their word ('2,5 uur'); beside its target, never rounded
    onto it (gdmetrics.formatting.value)."""
    text = formatting.value(v, unit, lang, target)
    return text + " " + trc(lang, "shortfall", "uur") if unit == "hours" else text


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " " + tr(lang, "en") + " " + items[-1]


def find(
    con: duckdb.DuckDBPyConnection,
    figure_id: str,
    req: FigureRequest,
    target: float | None,
    *,
    subject: str,
    name_nl: str,
    name_en: str,
    names: dict[str, dict[str, tuple[str, str]]],
    settings: Settings | None = None,
) -> Shortfall:
    """The shortfall of `figure_id` over `req` (its period, filters and scope) against `target`,
    and its culprits by the rules in the module docstring. `names` maps a dimension and code to
    its Dutch and English name (codes without one are shown as they are)."""
    settings = settings or get_settings()
    figure = REGISTRY[figure_id]
    whole = compute(con, figure_id, req.with_(by=()), settings).frame
    row = whole.iloc[0] if len(whole) == 1 else {}
    value, numerator, denominator = (
        _num(row.get(k)) if len(whole) == 1 else None for k in ("value", "numerator", "denominator")
    )
    dims = splits(figure, req.where)
    culprits: list[Culprit] = []
    for dim in dims:
        frame = compute(con, figure_id, req.with_(by=(dim,)), settings).frame
        found = []
        for r in frame.itertuples():
            code = getattr(r, dim)
            gap = excess(figure.unit, figure.direction, r.value, r.numerator, r.denominator, target)
            if gap > 0 and code is not None and code == code:
                nl, en = names.get(dim, {}).get(str(code), (str(code), str(code)))
                found.append(Culprit(dim, str(code), nl, en, _num(r.value), _num(r.denominator), gap))
        culprits += sorted(found, key=lambda c: (-c.excess, c.code))[:TOP]
    total = excess(figure.unit, figure.direction, value, numerator, denominator, target)
    return Shortfall(
        subject, name_nl, name_en, figure_id, value, _num(target), denominator, total, dims, tuple(culprits)
    )
