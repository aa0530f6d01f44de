"""Every fixed text of the reports in Dutch and English, and how a period and a status are named."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from gdmetrics import formatting
from gdmetrics.charts import RAG_SYMBOLS, RAG_WORDS

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "mantel_title": "Mantelrapportage",
        "mantel_sub": "Geleverde dienstverlening tegen de mantelovereenkomst en de DVA's",
        "client_title": "Klantbrief",
        "no_data": "Geen gegevens voor deze periode",
        "no_data_detail": "De database bevat voor {period} geen meldingen, klachten, escalaties of "
        "verrekeningen{scope}. Kies een andere periode.",
        "period": "Periode",
        "generated": "Gegenereerd op",
        "scope": "Klantscope",
        "scope_all": "alle afnemers",
        "language": "Taal",
        "client": "Afnemer",
        "dg": "DG",
        "accountmanager": "Accountmanager",
        "page": "Pagina",
        "of": "van",
        "definitions": "Definities",
        "figure": "Figuur",
        "description": "Omschrijving",
        "figure_id": "Figuur-id",
        "source_note": "Alle cijfers komen uit het figurenregister van het GD Dashboard, voor dezelfde "
        "periode en filters; de Excel-versie bevat dezelfde cijfers met alle rijen.",
        "more_rows": "… en nog {n} rij(en) (zie de Excel-versie)",
        "skipped_rows": "De {n} maanden daarvoor staan in de grafiek en in de Excel-versie.",
        "none": "geen",
        "target": "doel",
        "agreed": "Afspraak",
        "achieved": "Gerealiseerd",
        "status": "Status",
        "code": "Code",
        "subject": "Onderwerp",
        "kind": "Soort",
        "month": "Maand",
        "count": "Aantal",
        "share": "Aandeel",
        "amount": "Bedrag",
        "previous": "Vorige periode",
        "trend": "Trend",
        "directorate": "Directie",
        "product": "Product",
        "category": "Categorie",
        "reason": "Reden",
        "outcome": "Uitkomst",
        "financing": "Financiering",
        "tickets": "Meldingen",
        "mantel_standard": "Mantelnorm",
        "dva": "DVA",
        "met": "gehaald",
        "not_met": "niet gehaald",
        "and": "en",
    },
    "en": {
        "mantel_title": "Framework agreement report",
        "mantel_sub": "Services delivered against the framework agreement and the DVAs",
        "client_title": "Client brief",
        "no_data": "No data for this period",
        "no_data_detail": "The database holds no tickets, complaints, escalations or charges for "
        "{period}{scope}. Choose another period.",
        "period": "Period",
        "generated": "Generated on",
        "scope": "Client scope",
        "scope_all": "all clients",
        "language": "Language",
        "client": "Client",
        "dg": "DG",
        "accountmanager": "Account manager",
        "page": "Page",
        "of": "of",
        "definitions": "Definitions",
        "figure": "Figure",
        "description": "Description",
        "figure_id": "Figure id",
        "source_note": "Every number comes from the GD Dashboard's figure registry, for the same period "
        "and filters; the Excel version holds the same numbers with every row.",
        "more_rows": "… and {n} more row(s) (see the Excel version)",
        "skipped_rows": "The {n} months before are in the chart and in the Excel version.",
        "none": "none",
        "target": "target",
        "agreed": "Agreed",
        "achieved": "Achieved",
        "status": "Status",
        "code": "Code",
        "subject": "Subject",
        "kind": "Kind",
        "month": "Month",
        "count": "Count",
        "share": "Share",
        "amount": "Amount",
        "previous": "Previous period",
        "trend": "Trend",
        "directorate": "Directorate",
        "product": "Product",
        "category": "Category",
        "reason": "Reason",
        "outcome": "Outcome",
        "financing": "Financing",
        "tickets": "Tickets",
        "mantel_standard": "Framework standard",
        "dva": "DVA",
        "met": "met",
        "not_met": "not met",
        "and": "and",
    },
}

# Codes from the schema shown as words (escalation reasons and outcomes, complaint outcomes...).
CODE_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "buiten_pakket": "buiten pakket",
        "geen_werkproces": "geen werkproces",
        "directie_overstijgend": "directie-overstijgend",
        "strategische_vraag": "strategische vraag",
        "beantwoord": "beantwoord",
        "maatwerkofferte": "maatwerkofferte",
        "nieuw_product": "nieuw product",
        "nieuw_patroon": "nieuw patroon",
        "deels_gegrond": "deels gegrond",
        "basis": "basis",
        "plus": "plus",
        "maatwerk": "maatwerk",
    },
    "en": {
        "buiten_pakket": "not in package",
        "geen_werkproces": "no work process",
        "directie_overstijgend": "spans directorates",
        "strategische_vraag": "strategic question",
        "beantwoord": "answered",
        "maatwerkofferte": "custom quote",
        "nieuw_product": "new product",
        "nieuw_patroon": "new pattern",
        "gegrond": "upheld",
        "deels_gegrond": "partly upheld",
        "ongegrond": "rejected",
        "ingetrokken": "withdrawn",
        "basis": "basic",
        "plus": "plus",
        "maatwerk": "custom",
        "bejegening": "treatment",
        "bereikbaarheid": "reachability",
        "doorlooptijd": "lead time",
        "informatie": "information",
        "kwaliteit": "quality",
        "concept": "draft",
        "uitgebracht": "sent",
        "geaccepteerd": "accepted",
        "afgewezen": "declined",
        "vervallen": "lapsed",
    },
}


def w(lang: str, key: str, **kw: object) -> str:
    """The fixed text `key` in `lang`, with `{placeholders}` filled in."""
    text = WORDS["en" if lang == "en" else "nl"][key]
    return text.format(**kw) if kw else text


def code_word(lang: str, code: str | None) -> str:
    """A schema code as a word ('buiten_pakket' -> 'buiten pakket')."""
    if code is None:
        return "–"
    return CODE_WORDS["en" if lang == "en" else "nl"].get(code, code.replace("_", " "))


def rag_legend(lang: str) -> str:
    """'✔ op doel, ▲ net onder doel, ✖ onder doel' in the dashboard's own words."""
    return ", ".join(rag_text(s, lang) for s in ("green", "amber", "red"))


def rag_text(status: str | None, lang: str) -> str:
    """'✔ op doel': a symbol and a word, so the colour is never the only signal."""
    if status is None:
        return "–"
    return f"{RAG_SYMBOLS[status]} {RAG_WORDS['en' if lang == 'en' else 'nl'][status]}"


def period_label(kind: str, first: dt.date, last: dt.date, lang: str) -> str:
    """'4e kwartaal 2006', 'december 2006', '2006' or '1-1-2006 t/m 31-3-2006' (English alike)."""
    if kind == "quarter":
        q = (first.month - 1) // 3 + 1
        return f"Q{q} {first.year}" if lang == "en" else f"{q}e kwartaal {first.year}"
    if kind == "month":
        return format_date(first, format="MMMM yyyy", locale=formatting.LOCALES[lang])
    if kind == "year":
        return str(first.year)
    sep = " to " if lang == "en" else " t/m "
    return formatting.day_label(first, lang) + sep + formatting.day_label(last, lang)


def short_period_label(kind: str, first: dt.date, lang: str) -> str:
    """A column heading for one period of a trend: 'Q3 2006', 'dec. 2006', '2005'."""
    if kind == "quarter":
        return f"Q{(first.month - 1) // 3 + 1} {first.year}"
    if kind == "month":
        return formatting.month_label(first, lang)
    if kind == "year":
        return str(first.year)
    return formatting.day_label(first, lang)


def join_words(items: list[str], lang: str) -> str:
    """'a, b en c' (or 'a, b and c')."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {w(lang, 'and')} " + items[-1]


def period_phrase(kind: str, first: dt.date, last: dt.date, lang: str, *, start: bool = False) -> str:
    """The period inside a sentence: 'in het 4e kwartaal 2006', 'in december 2006', 'in 2006';
    with `start`, its first letter a capital (and only that one: 'In Q4 2006')."""
    label = period_label(kind, first, last, lang)
    if kind == "custom":
        text = ("from " if lang == "en" else "van ") + label
    elif kind == "quarter" and lang == "nl":
        text = "in het " + label
    else:
        text = "in " + label
    return text[:1].upper() + text[1:] if start else text


def long_date(day: dt.date, lang: str) -> str:
    """'1 januari 2007' (or '1 January 2007')."""
    return format_date(day, format="d MMMM yyyy", locale=formatting.LOCALES[lang])
