"""Every fixed text of the reports in Dutch and English, and how a period and a status are named."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from gdmetrics import formatting

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


def join_words(items: list[str], lang: str) -> str:
    """'a, b en c' (or 'a, b and c')."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {w(lang, 'and')} " + items[-1]


def long_date(day: dt.date, lang: str) -> str:
    """'1 januari 2007' (or '1 January 2007')."""
    return format_date(day, format="d MMMM yyyy", locale=formatting.LOCALES[lang])
