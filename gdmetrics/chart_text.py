"""A chart's text alternative (WCAG 1.1.1): its numbers as a table and one sentence stating what
it shows, both read from the Plotly figure the builders in gdmetrics.charts return, so the table
can never disagree with the chart.

Definitional choices:
- The builders record the unit in `layout.meta["unit"]` (and bars their statuses in
  `customdata`); values are formatted as everywhere else (gdmetrics.formatting).
- The table has one row per category (a bar's label, a month, a heatmap row) and one column per
  series (trace); a heatmap keeps its grid, each cell as symbol and value (✔ 96,8%).
- The finding names what a reader looks for first: for bars the highest and the lowest and how
  many are off target; for lines the latest month of each series (and the target there); for
  stacked volumes the busiest month and the largest part; for a heatmap how many cells are red
  and amber and the worst one. It says nothing when the chart is empty.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from gdmetrics import formatting, rag
from gdmetrics.text import tr


def unit_of(fig: go.Figure) -> str:
    meta = fig.layout.meta
    return meta.get("unit", "count") if isinstance(meta, dict) else "count"


def title_of(fig: go.Figure) -> str:
    return fig.layout.title.text or ""


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _series(fig: go.Figure) -> list[go.Bar | go.Scatter]:
    return [tr_ for tr_ in fig.data if tr_.type in ("bar", "scatter")]


def _horizontal(fig: go.Figure) -> bool:
    return any(getattr(tr_, "orientation", None) == "h" for tr_ in fig.data)


def as_table(fig: go.Figure, lang: str, first_column: str = "") -> pd.DataFrame:
    """The chart's numbers: one row per category, one column per series, values as text."""
    unit = unit_of(fig)
    if any(tr_.type == "heatmap" for tr_ in fig.data):
        heat = next(tr_ for tr_ in fig.data if tr_.type == "heatmap")
        cells = [[str(c).replace("<br>", " ").strip() or "–" for c in row] for row in heat.text]
        table = pd.DataFrame(cells, columns=list(heat.x), index=list(heat.y))[::-1]
        return table.rename_axis(first_column or tr(lang, "Naam")).reset_index()
    if _horizontal(fig):
        rows = []
        for tr_ in _series(fig):
            statuses = list(tr_.customdata) if tr_.customdata is not None else [None] * len(tr_.y)
            for label, v, s in zip(tr_.y, tr_.x, statuses, strict=True):
                row = {
                    first_column or tr(lang, "Naam"): label,
                    tr(lang, "Waarde"): formatting.value(v, unit, lang),
                }
                if tr_.customdata is not None:
                    row[tr(lang, "Status")] = rag.label(s, lang)
                rows.append(row)
        return pd.DataFrame(rows[::-1])  # largest (or worst) first, as the chart shows it on top
    columns: dict[str, dict[str, str]] = {}
    order: list[str] = []
    for tr_ in _series(fig):
        values = columns.setdefault(str(tr_.name), {})
        for x, y in zip(tr_.x, tr_.y, strict=True):
            values[str(x)] = formatting.value(y, unit, lang)
            if str(x) not in order:
                order.append(str(x))
    table = pd.DataFrame({name: [v.get(x, "–") for x in order] for name, v in columns.items()}, index=order)
    return table.rename_axis(first_column or tr(lang, "Maand")).reset_index()


def _is_target(tr_: go.Scatter) -> bool:
    return tr_.type == "scatter" and tr_.line.dash in ("dash", "dot")


def finding(fig: go.Figure, lang: str) -> str:
    """One sentence stating what the chart shows; empty for an empty chart."""
    unit = unit_of(fig)

    def fmt(v: float) -> str:
        return formatting.value(v, unit, lang)

    if any(tr_.type == "heatmap" for tr_ in fig.data):
        return _heatmap_finding(next(tr_ for tr_ in fig.data if tr_.type == "heatmap"), lang)
    series = [s for s in _series(fig) if s.x is not None and len(s.x)]
    if not series:
        return ""
    if _horizontal(fig):
        bars = series[0]
        pairs = [(label, v) for label, v in zip(bars.y, bars.x, strict=True) if not _missing(v)]
        if not pairs:
            return ""
        high, low = max(pairs, key=lambda p: p[1]), min(pairs, key=lambda p: p[1])
        sentence = (
            tr(
                lang,
                "Hoogste: {name} ({value}); laagste: {low} ({low_value}).",
                name=high[0],
                value=fmt(high[1]),
                low=low[0],
                low_value=fmt(low[1]),
            )
            if len(pairs) > 1
            else f"{high[0]}: {fmt(high[1])}."
        )
        if bars.customdata is not None:
            off = sum(1 for s in bars.customdata if s in ("amber", "red"))
            judged = sum(1 for s in bars.customdata if s in rag.SYMBOLS)
            if judged:
                sentence += " " + tr(lang, "{off} van {n} buiten doel.", off=off, n=judged)
        return sentence
    if fig.layout.barmode == "stack":
        totals: dict[str, float] = {}
        parts: dict[str, float] = {}
        for tr_ in series:
            for x, y in zip(tr_.x, tr_.y, strict=True):
                if not _missing(y):
                    totals[str(x)] = totals.get(str(x), 0) + float(y)
                    parts[str(tr_.name)] = parts.get(str(tr_.name), 0) + float(y)
        if not totals:
            return ""
        month = max(totals, key=totals.get)
        part = max(parts, key=parts.get)
        return tr(
            lang,
            "Drukste maand: {month} ({value}); grootste deel: {part} ({share} van het totaal).",
            month=month,
            value=fmt(totals[month]),
            part=part,
            share=formatting.percent(parts[part] / sum(parts.values()), lang, 0),
        )
    lines, targets = [s for s in series if not _is_target(s)], [s for s in series if _is_target(s)]
    said = []
    for line in lines:
        points = [(x, y) for x, y in zip(line.x, line.y, strict=True) if not _missing(y)]
        if not points:
            continue
        month, last = points[-1]
        said.append(
            tr(lang, "{name} in {month}: {value}", name=line.name, month=month, value=fmt(last))
            if len(lines) > 1
            else tr(lang, "In {month}: {value}", month=month, value=fmt(last))
        )
        target = next(
            (y for t in targets for x, y in zip(t.x, t.y, strict=True) if x == month and not _missing(y)),
            None,
        )
        if target is not None and len(lines) == 1:
            said[-1] += " " + tr(lang, "({target}: {value})", target=targets[0].name, value=fmt(target))
    return "; ".join(said) + "." if said else ""


def _heatmap_finding(heat: go.Heatmap, lang: str) -> str:
    cells = [
        (str(row), str(month), str(text).replace("<br>", " ").strip(), z)
        for row, z_row, text_row in zip(heat.y, heat.z, heat.text, strict=True)
        for month, z, text in zip(heat.x, z_row, text_row, strict=True)
        if not _missing(z)
    ]
    if not cells:
        return ""
    red = sum(1 for c in cells if c[3] == 2)
    amber = sum(1 for c in cells if c[3] == 1)
    sentence = tr(
        lang,
        "{red} van {n} vakjes {red_word}, {amber} {amber_word}.",
        red=red,
        n=len(cells),
        red_word=rag.label("red", lang),
        amber=amber,
        amber_word=rag.label("amber", lang),
    )
    reds = [c for c in cells if c[3] == 2] or [c for c in cells if c[3] == 1]
    if reds:
        rows: dict[str, int] = {}
        for c in reds:
            rows[c[0]] = rows.get(c[0], 0) + 1
        worst = max(rows, key=rows.get)
        sentence += " " + tr(lang, "Vaakst buiten doel: {name} ({n}×).", name=worst, n=rows[worst])
    return sentence


def heatmap_rows(fig: go.Figure, lang: str) -> list[str]:
    """A heatmap as one line per row, for a phone: how many months were on target, near and off
    it, and the latest month's cell ('ICT: ✔ 10 · ▲ 1 · ✖ 1; dec. 2006: ✔ 96,8%')."""
    heat = next((tr_ for tr_ in fig.data if tr_.type == "heatmap"), None)
    if heat is None:
        return []
    lines = []
    for row, z_row, text_row in reversed(list(zip(heat.y, heat.z, heat.text, strict=True))):
        counts = {s: sum(1 for z in z_row if z == code) for code, s in enumerate(rag.STATUSES)}
        filled = [
            (m, str(c).replace("<br>", " ").strip()) for m, c in zip(heat.x, text_row, strict=True) if c
        ]
        latest = tr(lang, "; {month}: {cell}", month=filled[-1][0], cell=filled[-1][1]) if filled else ""
        lines.append(f"{row}: " + " · ".join(f"{rag.symbol(s)} {n}" for s, n in counts.items()) + latest)
    return lines
