"""Dutch (and English) number, percentage, money and date formats, through babel."""

from __future__ import annotations

import datetime as dt
import math
import re

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALES = {"nl": "nl_NL", "en": "en_GB"}


# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# leaves no link, image, emphasis, HTML tag, Streamlit directive (:red[...]) or formula ($).
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_escape(text: str) -> str:
    """`text` as literal markdown: data (a product or client name) shown with st.markdown can
    then never become a link, an image or markup. Line breaks become spaces."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).splitlines()))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float | None, lang: str = "nl", decimals: int = 0) -> str:
    """12.345 in Dutch, 12,345 in English; a dash where there is no value."""
    if _missing(value):
        return "–"
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=fmt, locale=LOCALES[lang])


def percent(value: float | None, lang: str = "nl", decimals: int = 1) -> str:
    """0.912 -> '91,2%' in Dutch."""
    if _missing(value):
        return "–"
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(value, format=fmt, locale=LOCALES[lang])


def euro(value: float | None, lang: str = "nl", decimals: int = 0) -> str:
    """1234.5 -> '€ 1.235' in Dutch."""
    if _missing(value):
        return "–"
    fmt = "¤ #,##0" + ("." + "0" * decimals if decimals else "")
    return format_currency(value, "EUR", format=fmt, locale=LOCALES[lang], currency_digits=False)


def month_label(day: dt.date, lang: str = "nl") -> str:
    """'dec. 2006' in Dutch, 'Dec 2006' in English."""
    return format_date(day, format="MMM yyyy", locale=LOCALES[lang])


def day_label(day: dt.date, lang: str = "nl") -> str:
    """'29-12-2006' in Dutch, '29/12/2006' in English."""
    return format_date(day, format="dd-MM-yyyy" if lang == "nl" else "dd/MM/yyyy", locale=LOCALES[lang])


# Decimals a figure's value shows in its unit; rates such as 1,55 complaints per 1,000 tickets
# need both. Every other unit (count) shows whole numbers.
BASE_DECIMALS = {"share": 1, "euro": 0, "per_1000": 2, "hours": 1, "index": 1}
MAX_EXTRA_DECIMALS = 6


def _in_unit(v: float | None, unit: str, lang: str, extra: int = 0) -> str:
    places = BASE_DECIMALS.get(unit, 0) + extra
    if unit == "share":
        return percent(v, lang, places)
    if unit == "euro":
        return euro(v, lang, places)
    return number(v, lang, places)


def extra_decimals(v: float | None, unit: str, target: float | None) -> int:
    """How many decimals beyond its unit's own a value needs beside its `target` so that a value
    that differs from it is not rounded onto it (0 where it is not). The same in every language:
    the renderers of the page, the PDF and the workbook all ask this (gdmetrics.reports.xlsx
    turns it into a number format)."""
    if _missing(v) or _missing(target) or float(v) == float(target):  # type: ignore[arg-type]
        return 0
    shown_target = _in_unit(target, unit, "nl")
    extra = 0
    while _in_unit(v, unit, "nl", extra) == shown_target and extra < MAX_EXTRA_DECIMALS:
        extra += 1
    return extra


def value(v: float | None, unit: str, lang: str = "nl", target: float | None = None) -> str:
    """A figure's value in its own unit. Shown beside its `target`, a value that differs from it
    is never rounded onto it (nor past it): it gets as many more decimals as it takes to tell the
    two apart ('64,95%' against 65,0%, not '65,0%'), so what is shown agrees with the status,
    which is judged on the unrounded value (gdmetrics.rag)."""
    return _in_unit(v, unit, lang, extra_decimals(v, unit, target))
