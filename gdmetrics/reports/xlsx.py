"""The Excel renderer: a report's content as a workbook, one sheet per section, with real numbers
in number formats, native Excel charts and sparklines, frozen headers, and the filters and
generation time on the first sheet.

A value beside its target (a column's `target`, a cover figure's) stays a number, unrounded, so
a reader can compute with it; its cell's number format shows as many decimals as the page does
(gdmetrics.formatting.extra_decimals), so 64,96% never reads as its 65,0% target. The cell is
not the page's text: Excel writes the reader's own separators."""

from __future__ import annotations

import datetime as dt
import io
import math

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from gdmetrics import formatting, rag
from gdmetrics.charts import PALETTE
from gdmetrics.reports.model import Chart, Report, Section, Table
from gdmetrics.reports.words import w
from gdmetrics.text import tr

# Number formats per unit; Excel shows the separators of the reader's own locale.
NUMBER_FORMATS = {
    "share": "0.0%",
    "count": "#,##0",
    "index": "0.0",
    "hours": "0.0",
    "per_1000": "0.00",
    "euro": "[$€-413] #,##0.00",
    "month": "mmm yyyy",
    "date": "dd-mm-yyyy",
}
AXIS_FORMATS = {"share": "0%", "count": "#,##0", "index": "0", "euro": "[$€-413] #,##0", "hours": "0"}
HEADER_ROW = 2  # row 0 the section title, row 1 the first table's title, row 2 its header
INVALID_SHEET_CHARS = "[]:*?/\\"


class _Formats:
    """The workbook's cell formats, made once per workbook."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 14, "font_color": "#154273"})
        self.subtitle = book.add_format({"bold": True, "font_size": 11})
        self.header = book.add_format(
            {"bold": True, "bottom": 1, "text_wrap": True, "valign": "bottom", "bg_color": "#EEF2F6"}
        )
        self.header_num = book.add_format(
            {
                "bold": True,
                "bottom": 1,
                "text_wrap": True,
                "valign": "bottom",
                "align": "right",
                "bg_color": "#EEF2F6",
            }
        )
        self.text = book.add_format({})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.label = book.add_format({"bold": True, "font_color": "#555555"})
        self.datetime = book.add_format({"num_format": "dd-mm-yyyy hh:mm", "align": "left"})
        self.big = book.add_format({"bold": True, "font_size": 13})
        self._units: dict = {u: book.add_format({"num_format": f}) for u, f in NUMBER_FORMATS.items()}
        self._rag = {s: book.add_format({"bold": True, "font_color": c}) for s, c in rag.COLOURS.items()}

    def unit(self, unit: str, extra: int = 0):
        """The format of a cell of `unit`, with `extra` decimals beyond the page's own."""
        if not extra or unit not in formatting.BASE_DECIMALS:
            return self._units.get(unit, self.text)
        if (unit, extra) not in self._units:
            self._units[(unit, extra)] = self.book.add_format({"num_format": _decimal_format(unit, extra)})
        return self._units[(unit, extra)]

    def rag(self, status: str | None):
        return self._rag.get(status or "", self.text)


def _decimal_format(unit: str, extra: int) -> str:
    """The number format of `unit` showing the page's decimals plus `extra` (a euro keeps cents)."""
    places = formatting.BASE_DECIMALS[unit] + extra
    if unit == "euro":
        return "[$€-413] #,##0." + "0" * max(places, 2)
    digits = "0." + "0" * places
    return digits + "%" if unit == "share" else digits


def _sheet_name(name: str, used: set[str]) -> str:
    clean = "".join(" " if ch in INVALID_SHEET_CHARS else ch for ch in name).strip()[:31] or "Blad"
    candidate, i = clean, 2
    while candidate.lower() in used:
        candidate = f"{clean[:28]} {i}"
        i += 1
    used.add(candidate.lower())
    return candidate


def _write_value(
    ws, row: int, col: int, value: object, unit: str, fmt: _Formats, lang: str, target: object = None
) -> None:
    if unit == "rag":
        ws.write_string(row, col, rag.label(value, lang) if value else "–", fmt.rag(value))
    elif value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(row, col, None, fmt.unit(unit))
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt.unit(unit))
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        judged = isinstance(target, int | float) and not isinstance(target, bool)
        extra = formatting.extra_decimals(value, unit, target) if judged else 0
        ws.write_number(row, col, value, fmt.unit(unit, extra))
    else:
        ws.write_string(row, col, str(value), fmt.text)


def _write_table(ws, table: Table, top: int, fmt: _Formats, lang: str, widths: dict[int, float]) -> dict:
    """Write `table` with its title on row `top`; returns where its columns and rows landed."""
    if table.title:
        ws.write_string(top, 0, table.title, fmt.subtitle)
    header = top + 1
    for c, column in enumerate(table.columns):
        numeric = column.unit in NUMBER_FORMATS or column.unit == "row"
        ws.write_string(header, c, column.label, fmt.header_num if numeric else fmt.header)
        widths[c] = max(widths.get(c, 8), min(len(column.label) + 2, 18))
    spark_col = len(table.columns) if table.sparkline else None
    if spark_col is not None:
        ws.write_string(header, spark_col, w(lang, "trend"), fmt.header)
        widths[spark_col] = max(widths.get(spark_col, 8), 14)
    first = header + 1
    for r, values in enumerate(table.rows):
        for c, (column, value) in enumerate(zip(table.columns, values, strict=True)):
            unit = table.unit(column, r)
            _write_value(ws, first + r, c, value, unit, fmt, lang, table.target(column, r))
            if isinstance(value, str):
                shown = rag.label(value, lang) if unit == "rag" else value
                widths[c] = max(widths.get(c, 8), min(len(shown) + 2, 48))
            elif unit == "month":
                widths[c] = max(widths.get(c, 8), 10)
    if not table.rows and table.empty_text:
        ws.write_string(first, 0, table.empty_text, fmt.text)
    keys = [c.key for c in table.columns]
    if spark_col is not None and table.rows:
        cols = [keys.index(k) for k in table.sparkline]
        for r in range(len(table.rows)):
            rng = f"{xl_rowcol_to_cell(first + r, min(cols))}:{xl_rowcol_to_cell(first + r, max(cols))}"
            ws.add_sparkline(
                first + r, spark_col, {"range": f"{quote_sheetname(ws.name)}!{rng}", "markers": True}
            )
    return {"keys": keys, "first": first, "last": first + max(len(table.rows), 1) - 1, "header": header}


def _add_chart(book, ws, chart: Chart, where: dict, anchor: tuple[int, int]) -> None:
    keys, first, last = where["keys"], where["first"], where["last"]
    name = ws.name

    def ref(key: str) -> list:
        col = keys.index(key)
        return [name, first, col, last, col]

    main_kind = {"column": "column", "bar": "bar", "line": "line"}[chart.kind]
    main = book.add_chart({"type": main_kind})
    overlay = None
    colour = 0
    for s in chart.series:
        series: dict = {"name": s.label, "categories": ref(chart.category), "values": ref(s.key)}
        if s.style == "bar":
            series["fill"] = {"color": PALETTE[colour % len(PALETTE)]}
            colour += 1
            main.add_series(series)
            continue
        if chart.kind != "line":  # a target beside bars: a marker on each bar, no line between
            overlay = overlay or book.add_chart({"type": "line"})
            series["line"] = {"none": True}
            series["marker"] = {
                "type": "long_dash",
                "size": 14,
                "fill": {"color": "#000000"},
                "border": {"color": "#000000"},
            }
            overlay.add_series(series)
            continue
        if s.style == "total":
            series["line"] = {"color": "#000000", "width": 2.5}
        elif s.style in ("dashed", "dotted") and s.key == "target":
            series["line"] = {"color": "#555555", "width": 1.75, "dash_type": "dash"}
        else:
            series["line"] = {
                "color": PALETTE[colour % len(PALETTE)],
                "width": 2,
                "dash_type": {"dashed": "dash", "dotted": "round_dot"}.get(s.style, "solid"),
            }
            colour += 1
        main.add_series(series)
    if overlay is not None:
        main.combine(overlay)
    main.set_title({"name": chart.title, "name_font": {"size": 11, "bold": True}})
    value_axis = {
        "num_format": AXIS_FORMATS.get(chart.unit, "General"),
        "major_gridlines": {"visible": True, "line": {"color": "#E5E5E5"}},
    }
    if chart.y_min is not None:
        value_axis["min"] = chart.y_min
    category_axis: dict = {}
    if chart.category == "month":
        category_axis = {
            "date_axis": True,
            "num_format": "mmm yyyy",
            "major_unit": 3,
            "major_unit_type": "months",
        }
    if chart.kind == "bar":
        main.set_x_axis(value_axis)
        main.set_y_axis({"reverse": True})
    else:
        main.set_y_axis(value_axis)
        main.set_x_axis(category_axis)
    main.set_legend({"position": "bottom"} if len(chart.series) > 1 else {"none": True})
    main.set_size({"width": 620, "height": 320})
    ws.insert_chart(anchor[0], anchor[1], main)


def _write_section(book, section: Section, name: str, fmt: _Formats, lang: str) -> None:
    ws = book.add_worksheet(name)
    ws.write_string(0, 0, section.title, fmt.title)
    widths: dict[int, float] = {}
    top, placed = 1, {}
    for i, table in enumerate(section.tables):
        placed[table.key] = _write_table(ws, table, top, fmt, lang, widths)
        if i == 0:
            ws.freeze_panes(placed[table.key]["header"] + 1, 0)
        top = placed[table.key]["last"] + 3
    notes = section.paragraphs + [f"• {b}" for b in section.bullets]
    if notes:
        ws.write_string(top, 0, tr(lang, "Toelichting"), fmt.subtitle)
        for j, text in enumerate(notes):
            ws.write_string(top + 1 + j, 0, text, fmt.text)
    for c, width in widths.items():
        ws.set_column(c, c, width)
    chart_col = max((len(t.columns) + (1 if t.sparkline else 0) for t in section.tables), default=0) + 1
    row = HEADER_ROW
    for chart in section.charts:
        if chart.table in placed and section.table(chart.table).rows:
            _add_chart(book, ws, chart, placed[chart.table], (row, chart_col))
            row += 17


def _write_cover(book, report: Report, name: str, fmt: _Formats) -> None:
    lang = report.lang
    ws = book.add_worksheet(name)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 3, 22)
    ws.write_string(0, 0, f"{report.title} · {report.period_label}", fmt.title)
    if report.subtitle:
        ws.write_string(1, 0, report.subtitle, fmt.text)
    row = 3
    ws.write_string(row, 0, tr(lang, "Filters en herkomst"), fmt.subtitle)
    for label, value in report.filters:
        row += 1
        ws.write_string(row, 0, label, fmt.label)
        ws.write_string(row, 1, value, fmt.text)
    row += 1
    ws.write_string(row, 0, w(lang, "generated"), fmt.label)
    ws.write_datetime(row, 1, report.generated_at, fmt.datetime)
    row += 2
    ws.write_string(
        row, 0, report.verdict, fmt.rag(report.verdict_status) if report.verdict_status else fmt.big
    )
    for line in report.verdict_lines:
        row += 1
        ws.write_string(row, 0, line, fmt.text)
    if report.key_figures:
        row += 2
        ws.write_string(row, 0, tr(lang, "Kerncijfers"), fmt.subtitle)
        row += 1
        heads = [w(lang, "figure"), w(lang, "achieved"), "", w(lang, "status")]
        for c, h in enumerate(heads):
            ws.write_string(row, c, h, fmt.header)
        for k in report.key_figures:
            row += 1
            ws.write_string(row, 0, k.label, fmt.text)
            _write_value(ws, row, 1, k.value, k.unit, fmt, lang, k.target)
            ws.write_string(row, 2, k.note, fmt.text)
            _write_value(ws, row, 3, k.status, "rag", fmt, lang)
    row += 2
    ws.write_string(row, 0, w(lang, "source_note"), fmt.text)


def _write_definitions(book, report: Report, name: str, fmt: _Formats) -> None:
    lang = report.lang
    ws = book.add_worksheet(name)
    ws.write_string(0, 0, w(lang, "definitions"), fmt.title)
    for c, h in enumerate((w(lang, "figure_id"), w(lang, "figure"), w(lang, "description"))):
        ws.write_string(2, c, h, fmt.header)
    for r, (fid, label, desc) in enumerate(report.definitions, start=3):
        ws.write_string(r, 0, fid, fmt.text)
        ws.write_string(r, 1, label, fmt.text)
        ws.write_string(r, 2, desc, fmt.wrap)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 2, 90)
    ws.freeze_panes(3, 0)


def render_xlsx(report: Report) -> bytes:
    """The report as .xlsx bytes."""
    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "nan_inf_to_errors": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    book = xlsxwriter.Workbook(buffer, options)
    book.set_properties(
        {
            "title": f"{report.title} {report.period_label}",
            "author": "GD Dashboard",
            "created": report.generated_at,
        }
    )
    fmt = _Formats(book)
    used: set[str] = set()
    _write_cover(book, report, _sheet_name(tr(report.lang, "Voorblad"), used), fmt)
    for section in report.sections:
        _write_section(book, section, _sheet_name(section.sheet, used), fmt, report.lang)
    if report.definitions:
        _write_definitions(book, report, _sheet_name(w(report.lang, "definitions"), used), fmt)
    book.close()
    return buffer.getvalue()
