"""Reading one cell of a feed as its field's type; an `Unreadable` says why not (a Dutch message of
the text catalogue and its values, shown in the reader's language)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from gdmetrics.text import tr

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("jan", "januari", "january"),
            ("feb", "februari", "february"),
            ("mrt", "maart", "mar", "march"),
            ("apr", "april"),
            ("mei", "may"),
            ("jun", "juni", "june"),
            ("jul", "juli", "july"),
            ("aug", "augustus", "august"),
            ("sep", "sept", "september"),
            ("okt", "oktober", "oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for name in names
}


class Unreadable(ValueError):
    """A cell that cannot be read: the Dutch catalogue `message` and its `values`; its str is the
    English text (the command line's language)."""

    def __init__(self, message: str, /, **values: object) -> None:
        self.message, self.values = message, values
        super().__init__(tr("en", message, **values))


TRUE = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
FALSE = {"nee", "n", "no", "false", "onwaar", "0"}


def number(text: str, decimal: str) -> Decimal:
    """'1.234,56', '1234.56', '€ 1 234,56' (decimal ',' '.' or 'auto': the last of ',' '.' when both)."""
    s = re.sub(r"[\s€\u00a0]", "", text)
    if decimal == "auto":
        decimal = "," if ("," in s and ("." not in s or s.rfind(",") > s.rfind("."))) else "."
    thousands = "." if decimal == "," else ","
    s = s.replace(thousands, "").replace(decimal, ".")
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise Unreadable("'{text}' is geen getal", text=text) from None
    if not value.is_finite():
        raise Unreadable("'{text}' is geen getal", text=text)
    if value < 0:
        raise Unreadable("{text} is negatief; moet 0 of meer zijn", text=text)
    return value


def month(text: str, dayfirst: bool) -> dt.date:
    s = text.strip().lower()
    m = re.fullmatch(r"(\d{4})[-/ ]?p?(\d{1,2})", s)  # 2006-01, 2006/1, 200601, 2006 P01
    if m:
        return _month(int(m[1]), int(m[2]), text)
    m = re.fullmatch(r"(\d{1,2})[-/ ](\d{4})", s)  # 01-2006
    if m:
        return _month(int(m[2]), int(m[1]), text)
    m = re.fullmatch(r"([a-z]+)\.?[-/ ]?(\d{4})", s)  # jan 2006, januari-2006
    if m and m[1] in MONTHS:
        return _month(int(m[2]), MONTHS[m[1]], text)
    try:
        day = date(text, dayfirst)
    except ValueError:
        raise Unreadable("'{text}' is geen maand (bijvoorbeeld 2006-01 of 01-2006)", text=text) from None
    return day.replace(day=1)


def _month(year: int, number_: int, text: str) -> dt.date:
    if not 1 <= number_ <= 12 or not 1900 <= year <= 2200:
        raise Unreadable("'{text}' is geen maand (bijvoorbeeld 2006-01 of 01-2006)", text=text)
    return dt.date(year, number_, 1)


def timestamp(text: str, dayfirst: bool) -> dt.datetime:
    s = text.strip().replace("T", " ")
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?", s)
    if not m:
        m2 = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ ](\d{1,2}):(\d{2})(?::(\d{2}))?)?", s)
        if not m2:
            raise Unreadable("'{text}' is geen datum", text=text)
        a, b = int(m2[1]), int(m2[2])
        day, mon = (a, b) if dayfirst else (b, a)
        parts = (int(m2[3]), mon, day, m2[4], m2[5], m2[6])
    else:
        parts = (int(m[1]), int(m[2]), int(m[3]), m[4], m[5], m[6])
    y, mo, d, hh, mm, ss = parts
    try:
        return dt.datetime(y, mo, d, int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        raise Unreadable("'{text}' is geen datum", text=text) from None


def date(text: str, dayfirst: bool) -> dt.date:
    moment = timestamp(text, dayfirst)
    if moment.time() != dt.time(0):
        raise Unreadable("'{text}' is een tijdstip, geen datum", text=text)
    return moment.date()


def boolean(text: str) -> bool:
    s = text.strip().casefold()
    if s in TRUE:
        return True
    if s in FALSE:
        return False
    raise Unreadable("'{text}' is geen ja/nee", text=text)
