"""What a report is, independent of PDF or Excel: a cover, then sections of tables and charts.

The builders (`mantel.py`, `client.py`) fill this from registry figures; the renderers
(`pdf.py`, `xlsx.py`) only lay it out, so both formats always show the same numbers.

Codes in the workbook (issue 14): where a table shows a code table's value in words (a quote's
status, a product's financing, the group a shortfall is split by), the workbook keeps the code
itself in a column beside it, headed '... (sleutel)' / '... (key)': a machine-readable key to
filter, count and join on (a pivot table, a lookup against the database or an export), the same
in every language. Paper never shows it (`pdf=False`). Identifiers that are names in their own
right (product, client, directorate codes, figure ids, DVA and quote ids) stay headed as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

# How a cell is shown: a figure unit from the registry, or one of the plain kinds.
# "row" takes the unit of the row (a scorecard mixes shares, hours and rates per 1,000).
CellUnit = Literal[
    "text", "code", "share", "count", "index", "euro", "hours", "per_1000", "rag", "month", "date", "row"
]
SeriesStyle = Literal["bar", "line", "dashed", "dotted", "total"]  # total: the whole, drawn black and bold
Status = Literal["green", "amber", "red"]


@dataclass(frozen=True)
class Column:
    """A table column: its key, heading and unit (which decides number format and alignment).

    `target` is the key of the column holding what this column's values are judged against: a
    value beside its target is shown with enough decimals never to read as equal to it when it is
    not (gdmetrics.formatting.value), on paper and in the workbook alike."""

    key: str
    label: str
    unit: CellUnit = "text"
    pdf: bool = True  # False: only in the workbook (ids a reader of paper does not need)
    target: str | None = None


@dataclass
class Table:
    """Rows of values in column order: floats stay floats, missing values are None."""

    key: str
    columns: list[Column]
    rows: list[list]
    title: str | None = None
    # Column keys that hold one series over consecutive periods: drawn as a sparkline after them.
    sparkline: tuple[str, ...] = ()
    empty_text: str | None = None
    # Show only this many rows in the PDF (the Excel sheet has every row).
    pdf_rows: int | None = None
    pdf_skip: int = 0  # leave out this many first rows in the PDF (its chart shows them)
    half: bool = False  # narrow: the PDF sets two such tables side by side
    pdf: bool = True  # False: only in the workbook (the PDF says it in a sentence or a chart)
    row_units: list[str] | None = None  # the unit of each row, for columns whose unit is "row"

    def unit(self, column: Column, row: int) -> str:
        return self.row_units[row] if column.unit == "row" and self.row_units else column.unit

    def target(self, column: Column, row: int) -> float | None:
        """The target the cell of `column` in `row` is judged against (None: it has none)."""
        if column.target is None:
            return None
        return self.rows[row][[c.key for c in self.columns].index(column.target)]

    def column(self, key: str) -> list:
        i = [c.key for c in self.columns].index(key)
        return [r[i] for r in self.rows]


@dataclass(frozen=True)
class Series:
    key: str  # column key in the chart's table
    label: str
    style: SeriesStyle = "bar"


@dataclass(frozen=True)
class Chart:
    """A chart drawn from one table of the same section (Excel refers to its cells)."""

    table: str
    kind: Literal["column", "bar", "line"]
    title: str
    category: str  # column key of the x axis (or of the bars' labels)
    series: tuple[Series, ...]
    unit: str
    y_min: float | None = None


@dataclass
class Section:
    """One chapter of the PDF and one sheet of the workbook."""

    key: str
    sheet: str  # at most 31 characters, no []:*?/\
    title: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    new_page: bool = True
    meta: dict = field(default_factory=dict)  # values the cover reuses (not rendered)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


@dataclass(frozen=True)
class KeyFigure:
    """A headline number on the cover, with what it is compared with."""

    label: str
    value: float | None
    unit: CellUnit
    note: str = ""
    status: Status | None = None
    target: float | None = None  # what the value is judged against (decimals as on the page)


@dataclass
class Report:
    kind: Literal["mantel", "client"]
    lang: str
    title: str
    period_label: str
    generated_at: dt.datetime
    filters: list[tuple[str, str]]  # (label, value) as shown on the cover and the first sheet
    subtitle: str = ""
    verdict: str = ""
    verdict_status: Status | None = None
    verdict_lines: list[str] = field(default_factory=list)
    key_figures: list[KeyFigure] = field(default_factory=list)
    no_data: bool = False
    sections: list[Section] = field(default_factory=list)
    definitions: list[tuple[str, str, str]] = field(default_factory=list)  # (figure id, label, description)
