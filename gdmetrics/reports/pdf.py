"""The PDF renderer: a report's content through an HTML template and WeasyPrint to A4 pages."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from gdmetrics import formatting, rag
from gdmetrics.reports.model import Report, Section, Table
from gdmetrics.reports.svg import chart_svg, sparkline_svg
from gdmetrics.reports.words import w

TEMPLATES = Path(__file__).parent / "templates"
NUMERIC = {"share", "count", "index", "euro", "hours", "per_1000"}


def rag_css() -> str:
    """The status colours of the verdict box, tiles and table cells, from gdmetrics.rag."""
    return "".join(
        f".verdict-{s} {{ border-color: {rag.COLOURS[s]}; background: {rag.BACKGROUNDS[s]}; }}\n"
        f".tile-{s} {{ border-top-color: {rag.COLOURS[s]}; }}\n.rag-{s} {{ color: {rag.TEXT_COLOURS[s]}; }}\n"
        for s in rag.STATUSES
    )


def cell_text(value: object, unit: str, lang: str, target: float | None = None) -> str:
    """A value as the paper shows it: Dutch (or English) number formats, a dash for nothing;
    beside its `target`, as the page shows it (never rounded onto the target)."""
    if value is None:
        return "–"
    if unit == "rag":
        return rag.label(str(value), lang)
    if unit == "month" and isinstance(value, dt.date):
        return formatting.month_label(value, lang)
    if unit == "date" and isinstance(value, dt.date):
        return formatting.day_label(value, lang)
    if unit in NUMERIC:
        return formatting.value(float(value), unit, lang, None if target is None else float(target))
    return str(value)


@dataclass
class Cell:
    text: str
    css: str
    html: Markup | None = None


def _table_view(table: Table, lang: str) -> dict:
    shown = [(i, c) for i, c in enumerate(table.columns) if c.pdf]
    spark = set(table.sparkline)
    target_i = next((i for i, c in enumerate(table.columns) if c.key == "target"), None)
    header = [Cell(c.label, "num" if (c.unit in NUMERIC or c.unit == "row") else c.unit) for _, c in shown]
    if spark:
        header.append(Cell(w(lang, "trend"), "spark"))
    rows = []
    limit = min(table.pdf_rows or len(table.rows), len(table.rows) - table.pdf_skip)
    for r_i, row in list(enumerate(table.rows))[table.pdf_skip :][:limit]:
        cells = []
        for i, c in shown:
            unit = table.unit(c, r_i)
            css = "num" if unit in NUMERIC else unit
            if unit == "rag" and row[i]:
                css += f" rag-{row[i]}"
            cells.append(Cell(cell_text(row[i], unit, lang, table.target(c, r_i)), css))
        if spark:
            values = [row[i] for i, c in enumerate(table.columns) if c.key in spark]
            target = row[target_i] if target_i is not None else None
            svg = sparkline_svg(values, target)
            cells.append(Cell("", "spark", Markup(svg)))  # noqa: S704 - our own SVG, numbers only
        rows.append(cells)
    more = len(table.rows) - table.pdf_skip - limit
    return {
        "title": table.title,
        "header": header,
        "rows": rows,
        "empty": table.empty_text or ("–" if not table.rows else None),
        "more": (w(lang, "more_row") if more == 1 else w(lang, "more_rows", n=more)) if more > 0 else None,
        "key": table.key,
        "half": table.half,
        "skipped": w(lang, "skipped_rows", n=table.pdf_skip) if table.pdf_skip else None,
    }


def _section_view(section: Section, lang: str) -> dict:
    charts = []
    pairs = sum(c.kind != "line" for c in section.charts) > 1
    for chart in section.charts:
        table = section.table(chart.table)
        if len(table.rows) == 0:
            continue
        small = pairs and chart.kind != "line"
        svg = chart_svg(chart, table, lang, width_cm=8.4 if small else 17.0, height_cm=6.0 if small else 6.4)
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        charts.append({"uri": uri, "title": chart.title, "small": small})
    return {
        "key": section.key,
        "title": section.title,
        "paragraphs": section.paragraphs,
        "bullets": section.bullets,
        "tables": [_table_view(t, lang) for t in section.tables if t.pdf and any(c.pdf for c in t.columns)],
        "charts": charts,
        "new_page": section.new_page,
    }


def _css_string(text: object) -> Markup:
    """Text as a quoted CSS string inside <style>: quotes, backslashes and '<' escaped."""
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return Markup(f'"{escaped}"')  # noqa: S704 - escaped for CSS above


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["css_string"] = _css_string
    return env


def render_html(report: Report) -> str:
    """The report as one HTML document (the PDF's source; handy to inspect in a browser)."""
    lang = report.lang
    key_figures = [
        {
            "label": k.label,
            "value": cell_text(k.value, k.unit, lang, k.target),
            "note": k.note,
            "status": k.status,
            "symbol": rag.symbol(k.status) if k.status else "",
        }
        for k in report.key_figures
    ]
    generated = f"{formatting.day_label(report.generated_at.date(), lang)} {report.generated_at:%H:%M}"
    return (
        _env()
        .get_template("report.html")
        .render(
            r=report,
            lang=lang,
            w=lambda key, **kw: w(lang, key, **kw),
            generated=generated,
            key_figures=key_figures,
            verdict_symbol=rag.symbol(report.verdict_status) if report.verdict_status else "",
            sections=[_section_view(s, lang) for s in report.sections],
            css=(TEMPLATES / "report.css").read_text(encoding="utf-8") + rag_css(),
        )
    )


def render_pdf(report: Report) -> bytes:
    """The report as A4 PDF bytes."""
    from weasyprint import HTML  # imported here: it loads pango, which a page without reports never needs

    return HTML(string=render_html(report), base_url=str(TEMPLATES)).write_pdf()
