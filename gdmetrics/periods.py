"""The period vocabulary every page and report uses: parse, name, previous and trend.

A period is a month ('2006-12'), a quarter ('2006-Q4', also '2006Q4'), a year ('2006') or a
custom range ('2006-01-01_2006-03-31'), always whole days from `first` to `last` inclusive.
Names (one convention for the web, the PDF and the workbook):

- `name`: '4e kwartaal 2006' / 'Q4 2006', 'december 2006', '2006', '1-1-2006 t/m 31-3-2006';
- `short_name` (a column heading, a picker): 'K4 2006' / 'Q4 2006', 'dec 2006', '2006';
- `phrase` (inside a sentence): 'in het 4e kwartaal 2006', 'in december 2006'.

Their words are messages of the text catalogue (gdmetrics.text), like every visible word; month
names come from babel's locale data.

"Previous" is the period of the same kind just before (a custom range: the same number of
days just before); "trend" is the last n periods of the kind, oldest first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel.dates import format_date

from gdmetrics import formatting
from gdmetrics.text import tr, trc

if TYPE_CHECKING:
    from gdmetrics.figures.model import FigureRequest

KINDS = ("month", "quarter", "year", "custom")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$")


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def parse_period(text: str) -> tuple[str, dt.date, dt.date]:
    """'2006-12' (month), '2006-Q4' (quarter), '2006' (year) or '2006-01-01_2006-03-31' (custom).

    Returns (kind, first day, last day); ValueError with a readable reason otherwise."""
    text = text.strip()
    if m := _MONTH.match(text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        return "month", dt.date(year, month, 1), _month_end(year, month)
    if m := _QUARTER.match(text):
        year, q = int(m[1]), int(m[2])
        return "quarter", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
    if m := _YEAR.match(text):
        return "year", dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    if m := _RANGE.match(text):
        first, last = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
        if last < first:
            raise ValueError(f"{text!r} ends before it starts")
        return "custom", first, last
    raise ValueError(f"{text!r} is not a period (use 2006-12, 2006-Q4, 2006 or 2006-01-01_2006-03-31)")


def period_text(kind: str, first: dt.date, last: dt.date) -> str:
    """The URL text of a period (inverse of parse_period)."""
    if kind == "month":
        return f"{first:%Y-%m}"
    if kind == "quarter":
        return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    if kind == "year":
        return str(first.year)
    return f"{first.isoformat()}_{last.isoformat()}"


def previous_period(kind: str, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length just before (for 'change against the previous period')."""
    if kind == "month":
        prev_last = first - dt.timedelta(days=1)
        return prev_last.replace(day=1), prev_last
    if kind == "quarter":
        prev_last = first - dt.timedelta(days=1)
        return dt.date(prev_last.year, prev_last.month - 2, 1), prev_last
    if kind == "year":
        return dt.date(first.year - 1, 1, 1), dt.date(first.year - 1, 12, 31)
    length = last - first
    return first - length - dt.timedelta(days=1), first - dt.timedelta(days=1)


def name(kind: str, first: dt.date, last: dt.date, lang: str) -> str:
    """'4e kwartaal 2006' / 'Q4 2006', 'december 2006', '2006', '1-1-2006 t/m 31-3-2006'."""
    if kind == "quarter":
        return tr(lang, "{q}e kwartaal {year}", q=(first.month - 1) // 3 + 1, year=first.year)
    if kind == "month":
        return format_date(first, format="MMMM yyyy", locale=formatting.LOCALES[lang])
    if kind == "year":
        return str(first.year)
    return tr(
        lang,
        "{first} t/m {last}",
        first=formatting.day_label(first, lang),
        last=formatting.day_label(last, lang),
    )


def short_name(kind: str, first: dt.date, lang: str) -> str:
    """A heading or picker entry: 'K4 2006' / 'Q4 2006', 'dec 2006', '2006'."""
    if kind == "quarter":
        return tr(lang, "K{q} {year}", q=(first.month - 1) // 3 + 1, year=first.year)
    if kind == "month":
        return formatting.month_label(first, lang)
    if kind == "year":
        return str(first.year)
    return formatting.day_label(first, lang)


def phrase(kind: str, first: dt.date, last: dt.date, lang: str, *, start: bool = False) -> str:
    """The period inside a sentence: 'in het 4e kwartaal 2006', 'in december 2006', 'in 2006';
    with `start`, its first letter a capital (and only that one: 'In Q4 2006')."""
    label = name(kind, first, last, lang)
    if kind == "custom":
        text = tr(lang, "van {period}", period=label)
    elif kind == "quarter":
        text = trc(lang, "quarter", "in het {period}", period=label)
    else:
        text = tr(lang, "in {period}", period=label)
    return text[:1].upper() + text[1:] if start else text


def grain_start(day: dt.date, grain: str) -> dt.date:
    """The first day of the month, quarter or year `day` lies in."""
    if grain == "year":
        return dt.date(day.year, 1, 1)
    if grain == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return day.replace(day=1)


@dataclass(frozen=True)
class Period:
    """One period: its kind and first and last day (inclusive)."""

    kind: str
    first: dt.date
    last: dt.date

    @classmethod
    def parse(cls, text: str) -> Period:
        """ValueError with a readable reason for text that is not a period."""
        return cls(*parse_period(str(text)))

    @classmethod
    def of(cls, grain: str, day: dt.date) -> Period:
        """The month, quarter or year that `day` lies in."""
        first = grain_start(day, grain)
        return cls.parse(period_text(grain, first, first))

    @property
    def text(self) -> str:
        return period_text(self.kind, self.first, self.last)

    def previous(self) -> Period:
        return Period(self.kind, *previous_period(self.kind, self.first, self.last))

    def trend(self, n: int) -> list[Period]:
        """The last `n` periods of this kind, oldest first, ending with this one."""
        periods = [self]
        while len(periods) < n:
            periods.insert(0, periods[0].previous())
        return periods

    @property
    def months(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    def name(self, lang: str) -> str:
        return name(self.kind, self.first, self.last, lang)

    def short_name(self, lang: str) -> str:
        return short_name(self.kind, self.first, lang)

    def phrase(self, lang: str, *, start: bool = False) -> str:
        return phrase(self.kind, self.first, self.last, lang, start=start)

    def request(
        self,
        by: tuple[str, ...] = (),
        where: tuple[tuple[str, tuple[str, ...]], ...] = (),
        scope: tuple[str, ...] | None = None,
        areas: tuple[str, ...] | None = None,
    ) -> FigureRequest:
        """A figure request over this period (scope and areas: the user's, see FigureRequest)."""
        from gdmetrics.figures.model import FigureRequest

        return FigureRequest(
            date_from=self.first, date_to=self.last, by=by, where=where, client_scope=scope, areas=areas
        )
