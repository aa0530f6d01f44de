"""Charts for the PDF: a report chart drawn by matplotlib as SVG, with no browser or network.

Text stays text in the SVG (searchable in the PDF); colours are the dashboard's Okabe-Ito palette,
and line styles (solid, dashed, dotted) tell series apart without colour.
"""

from __future__ import annotations

import datetime as dt
import io
import threading

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from gdmetrics import formatting
from gdmetrics.charts import PALETTE
from gdmetrics.reports.model import Chart, Table

# rcParams are process-wide; the lock keeps two reports rendered at once from mixing them.
_RC = {
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#888888",
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "legend.frameon": False,
    "svg.hashsalt": "gd-report",  # the same chart gives the same SVG
}
_LOCK = threading.Lock()
DASHES = {"line": "-", "dashed": "--", "dotted": ":", "bar": "-", "total": "-"}
GREY = "#555555"


def _axis_formatter(unit: str, lang: str) -> FuncFormatter:
    def fmt(v: float, _pos: int) -> str:
        if unit == "share":
            return formatting.percent(v, lang, 0)
        if unit == "euro":
            return formatting.euro(v, lang)
        return formatting.number(v, lang, 0)

    return FuncFormatter(fmt)


def _category_label(v: object, lang: str) -> str:
    if isinstance(v, dt.date):
        return formatting.month_label(v, lang)
    return "–" if v is None else str(v)


def chart_svg(chart: Chart, table: Table, lang: str, width_cm: float = 17.0, height_cm: float = 6.2) -> str:
    """The chart as an SVG document (text)."""
    categories = table.column(chart.category)
    with _LOCK, matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width_cm / 2.54, height_cm / 2.54))
        ax = fig.add_subplot()
        if chart.kind == "line":
            _lines(ax, chart, table, categories, lang)
        else:
            _bars(ax, chart, table, categories, lang)
        ax.set_title(chart.title, pad=8)
        value_axis = ax.xaxis if chart.kind == "bar" else ax.yaxis
        value_axis.set_major_formatter(_axis_formatter(chart.unit, lang))
        value_axis.set_major_locator(MaxNLocator(nbins=5))
        ax.grid(axis="x" if chart.kind == "bar" else "y", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
        if len(chart.series) > 1:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=min(len(chart.series), 6))
        fig.tight_layout(pad=0.4)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _lines(ax, chart: Chart, table: Table, categories: list, lang: str) -> None:
    x = list(range(len(categories)))
    colour = 0
    for s in chart.series:
        ys = [float("nan") if v is None else v for v in table.column(s.key)]
        if s.style in ("dashed", "dotted") and s.key == "target":
            ax.plot(x, ys, DASHES[s.style], color=GREY, linewidth=1.4, label=s.label)
            continue
        if s.style == "total":
            ax.plot(x, ys, "-", color="#000000", linewidth=2.4, label=s.label)
            continue
        ax.plot(
            x,
            ys,
            DASHES[s.style],
            color=PALETTE[colour % len(PALETTE)],
            linewidth=1.6,
            label=s.label,
            marker="o" if len(x) <= 12 else None,
            markersize=3,
        )
        colour += 1
    step = 1 if len(x) <= 6 else 2 if len(x) <= 12 else 3 if len(x) <= 24 else 6
    ax.set_xticks(x[::step], [_category_label(c, lang) for c in categories][::step])
    if chart.y_min is not None:
        ax.set_ylim(bottom=chart.y_min)


def _bars(ax, chart: Chart, table: Table, categories: list, lang: str) -> None:
    labels = [_category_label(c, lang) for c in categories]
    pos = list(range(len(labels)))
    bars = [s for s in chart.series if s.style == "bar"]
    marks = [s for s in chart.series if s.style != "bar"]
    width = 0.7 / max(len(bars), 1)
    for i, s in enumerate(bars):
        vals = [0 if v is None else v for v in table.column(s.key)]
        offs = [p + (i - (len(bars) - 1) / 2) * width for p in pos]
        if chart.kind == "bar":
            ax.barh(offs, vals, height=width, color=PALETTE[i], label=s.label)
        else:
            ax.bar(offs, vals, width=width, color=PALETTE[i], label=s.label)
    for s in marks:  # a target: a black stroke across each bar, so it shows on the bar's colour too
        vals = [float("nan") if v is None else v for v in table.column(s.key)]
        lo, hi = [p - 0.42 for p in pos], [p + 0.42 for p in pos]
        draw = ax.vlines if chart.kind == "bar" else ax.hlines
        draw(vals, lo, hi, colors="#000000", linewidth=1.8, label=s.label)
    if chart.kind == "bar":
        ax.set_yticks(pos, labels)
        ax.invert_yaxis()
    else:
        ax.set_xticks(pos, labels)
    if chart.unit == "share":
        values = [v for s in chart.series for v in table.column(s.key) if v is not None]
        low = min(values, default=0)
        if low > 0.5:  # shares near the top: start the axis near the data so differences show
            lim = (max(0.0, round(low - 0.05, 1)), 1.0)
            (ax.set_xlim if chart.kind == "bar" else ax.set_ylim)(*lim)


def sparkline_svg(values: list, target: float | None) -> str:
    """A tiny inline line (about 18 x 4 mm) of a series, its last point marked, the target dashed."""
    pts = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(pts) < 2:
        return ""
    width, height, pad = 60.0, 14.0, 2.0
    ys = [v for _, v in pts] + ([target] if target is not None else [])
    lo, hi = min(ys), max(ys)
    span = (hi - lo) or 1.0
    n = max(len(values) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return pad + i * (width - 2 * pad) / n, height - pad - (v - lo) * (height - 2 * pad) / span

    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in pts))
    lx, ly = xy(*pts[-1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}">'
    ]
    if target is not None:
        _, ty = xy(0, target)
        parts.append(
            f'<line x1="{pad}" y1="{ty:.1f}" x2="{width - pad}" y2="{ty:.1f}" stroke="#999" '
            f'stroke-width="0.8" stroke-dasharray="2,1.5"/>'
        )
    parts.append(f'<polyline points="{line}" fill="none" stroke="{PALETTE[0]}" stroke-width="1.2"/>')
    parts.append(f'<circle cx="{lx:.1f}" cy="{ly:.1f}" r="1.8" fill="{PALETTE[0]}"/></svg>')
    return "".join(parts)
