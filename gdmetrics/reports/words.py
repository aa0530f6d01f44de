"""The reports' fixed texts by key (their words are in the text catalogue, gdmetrics.text), and
how a period and a status are named."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from gdmetrics import formatting, text
from gdmetrics.text import N_

# The reports' fixed texts by key, in Dutch; their English is in the text catalogue (gdmetrics.text).
WORDS: dict[str, str] = {
    "mantel_title": N_("Mantelrapportage"),
    "mantel_sub": N_("Geleverde dienstverlening tegen de mantelovereenkomst en de DVA's"),
    "client_title": N_("Klantbrief"),
    "no_data": N_("Geen gegevens voor deze periode"),
    "no_data_detail": N_(
        "De database bevat voor {period} geen meldingen, klachten, escalaties of verrekeningen{scope}. Kies een andere periode."
    ),
    "period": N_("Periode"),
    "generated": N_("Gegenereerd op"),
    "scope": N_("Klantscope"),
    "scope_all": N_("alle afnemers"),
    "language": N_("Taal"),
    "client": N_("Afnemer"),
    "dg": N_("DG"),
    "accountmanager": N_("Accountmanager"),
    "page": N_("Pagina"),
    "of": N_("van"),
    "definitions": N_("Definities"),
    "figure": N_("Figuur"),
    "description": N_("Omschrijving"),
    "figure_id": N_("Figuur-id"),
    "source_note": N_(
        "Alle cijfers komen uit het figurenregister van het GD Dashboard, voor dezelfde periode en filters; de Excel-versie bevat dezelfde cijfers met alle rijen."
    ),
    "more_row": N_("… en nog 1 rij (zie de Excel-versie)"),
    "more_rows": N_("… en nog {n} rijen (zie de Excel-versie)"),
    "skipped_rows": N_("De {n} maanden daarvoor staan in de grafiek en in de Excel-versie."),
    "none": N_("geen"),
    "target": N_("doel"),
    "agreed": N_("Afspraak"),
    "achieved": N_("Gerealiseerd"),
    "status": N_("Status"),
    "code": N_("Code"),
    "subject": N_("Onderwerp"),
    "kind": N_("Soort"),
    "month": N_("Maand"),
    "count": N_("Aantal"),
    "share": N_("Aandeel"),
    "amount": N_("Bedrag"),
    "previous": N_("Vorige periode"),
    "trend": N_("Trend"),
    "directorate": N_("Directie"),
    "product": N_("Product"),
    "category": N_("Categorie"),
    "reason": N_("Reden"),
    "outcome": N_("Uitkomst"),
    "financing": N_("Financiering"),
    "tickets": N_("Meldingen"),
    "mantel_standard": N_("Mantelnorm"),
    "dva": N_("DVA"),
    "met": N_("gehaald"),
    "not_met": N_("niet gehaald"),
    "and": N_("en"),
}


def w(lang: str, key: str, **kw: object) -> str:
    """The fixed text `key` in `lang`, with `{placeholders}` filled in."""
    return text.tr(lang, WORDS[key], **kw)


def code_word(lang: str, code: str | None, table: str | None = None) -> str:
    """A schema code as a word ('buiten_pakket' -> 'buiten basis- of pluspakket'), from the text
    catalogue; `table` where the code alone is ambiguous."""
    return text.code(lang, table, code) if table else text.any_code(lang, code)


def join_words(items: list[str], lang: str) -> str:
    """'a, b en c' (or 'a, b and c')."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {w(lang, 'and')} " + items[-1]


def long_date(day: dt.date, lang: str) -> str:
    """'1 januari 2007' (or '1 January 2007')."""
    return format_date(day, format="d MMMM yyyy", locale=formatting.LOCALES[lang])
