"""The text catalogue: every visible word of the dashboard and its reports, in Dutch and English.

One catalogue per language in gettext's standard form, so a translator works in any PO editor
(Poedit, Weblate, Lokalize):

    gdmetrics/locale/en/LC_MESSAGES/gdmetrics.po   every message, Dutch msgid -> English msgstr
    gdmetrics/locale/nl/LC_MESSAGES/gdmetrics.po   the codes only (msgctxt = code table)

Definitional choices:
- **Dutch is the source language.** A message's id is its Dutch text, so the code reads as the
  page does and Dutch needs no catalogue of its own except for codes. A Dutch text that needs
  two English words (Aantal: Count or Quantity) is told apart by a context (`trc`).
- **Codes are messages too**: every value of a code table in the schema (channels, ticket
  statuses, escalation reasons and outcomes, complaint categories and outcomes, quote statuses,
  financing, tariff units...) has a label in both catalogues, with the code table as gettext
  context (`code(lang, "channel", "email")`). `CODE_TABLES` lists them; a test checks both
  catalogues cover every one. An unknown value (an imported tariff unit) is shown as it is.
- **Placeholders** are named, in Python's brace style: `tr(lang, "{n} rijen", n=12)`.
- **The .po files are read directly** with babel's `read_po` on first use (no compile step, no .mo
  in the repository): a clean clone runs with `make run` and `make test` as it is.
- **The language is passed in**: gdmetrics never asks Streamlit; pages pass `lang()`.
- A message without an English translation shows its Dutch text; `tests/test_text.py` fails on
  it, and on any message the source uses that the catalogue lacks.

Adding a message (any module, errors included): write the Dutch text through `tr` (or `N_` for
a constant that is translated later), then `python -m gdmetrics.text update` adds it to en.po
with an empty translation; fill it in (or in Poedit) and commit the .po file.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import duckdb
from babel.messages.pofile import read_po

from gdmetrics import schema

LANGS = ("nl", "en")
DOMAIN = "gdmetrics"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for it)
    """Marks a Dutch text for the catalogue where it is defined, to be translated where shown."""
    return message


def NC_(context: str, message: str) -> str:  # noqa: N802
    """`N_` for a text whose translation depends on `context` (shown through `trc`)."""
    return message


# Complaint categories and tariff units are free text in the schema (the reference workbook
# names them); these are the ones the catalogue and the demo use.
COMPLAINT_CATEGORIES = ("bejegening", "bereikbaarheid", "doorlooptijd", "informatie", "kwaliteit")
TARIFF_UNITS = (
    "per 100 stuks",
    "per aanmelding",
    "per abonnement",
    "per boeking",
    "per document",
    "per dossier",
    "per gesprek",
    "per offerte",
    "per opdracht",
    "per persoon",
    "per rit",
    "per stuk",
    "per uitgifte",
    "per vacature",
    "per werkplek",
    "per wijziging",
)
TOPICS = (
    "werkomgeving",
    "vervoer en reizen",
    "ICT en telefonie",
    "personeel",
    "financiën",
    "communicatie",
    "informatie en documentatie",
    "veiligheid",
)
LIFE_EVENTS = ("nieuwe medewerker", "verhuizing", "calamiteit", "vertrek medewerker")

# Every code a page or report may show, by code table (the gettext context of its labels).
CODE_TABLES: dict[str, tuple[str, ...]] = {
    "channel": schema.CHANNELS,
    "ticket_status": schema.TICKET_STATUSES,
    "ticket_kind": ("melding", "verzoek", "vraag", "klacht"),
    "demand_level": schema.DEMAND_LEVELS,
    "financing": (*schema.FINANCING_TYPES, "onbekend"),
    "escalation_reason": schema.ESCALATION_REASONS,
    "escalation_outcome": schema.ESCALATION_OUTCOMES,
    "complaint_outcome": schema.COMPLAINT_OUTCOMES,
    "complaint_category": COMPLAINT_CATEGORIES,
    "quote_status": schema.QUOTE_STATUSES,
    "client_kind": ("dg", "directie", "derde"),
    "directorate_kind": ("backoffice", "servicedesk", "accountmanagement"),
    "dva_kind": ("plus", "derden"),
    "handled_by": ("servicedesk", "backoffice"),
    "role": (*schema.ROLES, "demo"),
    "tariff_unit": TARIFF_UNITS,
    "topic": TOPICS,
    "life_event": LIFE_EVENTS,
    "table": schema.TABLES,
    "audit_action": tuple(dict.fromkeys(schema.AUDIT_ACTIONS + schema.EVENT_ACTIONS)),
    "import_outcome": ("loaded", "quarantined", "already_imported", "rejected"),
}

# Column names of tables shown as the database gives them (Gegevens, Toegang, Normen beheren):
# `column_labels` turns a frame's columns into headings in the page's language.
COLUMN_NAMES: dict[str, str] = {
    "table": N_("Tabel"),
    "rows": N_("Rijen"),
    "id": N_("Nr."),
    "file_name": N_("Bestand"),
    "content_hash": N_("Inhoudshash"),
    "profile": N_("Profiel"),
    "imported_at": N_("Geïmporteerd op"),
    "rows_read": N_("Gelezen"),
    "rows_loaded": N_("Geladen"),
    "rows_updated": N_("Bijgewerkt"),
    "rows_rejected": N_("Afgekeurd"),
    "outcome": N_("Uitkomst"),
    "import_id": N_("Import"),
    "line_no": N_("Regel"),
    "line": N_("Regel"),
    "column": N_("Kolom"),
    "field": N_("Veld"),
    "reason": N_("Reden"),
    "raw": N_("Ruwe regel"),
    "value": N_("Waarde"),
    "first_seen": N_("Eerst gezien"),
    "row_count": N_("Aantal regels"),
    "mapped_to": N_("Gekoppeld aan"),
    "email": N_("E-mailadres"),
    "name": N_("Naam"),
    "role": N_("Rol"),
    "accountmanager_id": N_("Accountmanager"),
    "clients": N_("Klanten"),
    "updated_at": N_("Gewijzigd op"),
    "updated_by": N_("Gewijzigd door"),
    "happened_at": N_("Tijdstip"),
    "actor": N_("Wie"),
    "action": N_("Actie"),
    "detail": N_("Details"),
    "priority": N_("Prioriteit"),
    "valid_from": N_("Geldig vanaf"),
    "valid_to": N_("Geldig tot"),
    "response_norm_hours": N_("Reactienorm (uren)"),
    "resolution_norm_hours": N_("Oplosnorm (uren)"),
}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"


@functools.cache
def catalogue(lang: str) -> Mapping[tuple[str | None, str], str]:
    """(context, Dutch text) -> text in `lang`, read once per process from the .po file."""
    path = LOCALE_DIR / _lang(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return MappingProxyType({})
    with path.open("rb") as f:
        po = read_po(f, locale=_lang(lang), domain=DOMAIN)
    return MappingProxyType({(m.context, m.id): m.string for m in po if m.id and m.string and not m.fuzzy})


def tr(lang: str, message: str, /, **values: object) -> str:
    """`message` (Dutch) in `lang`, its `{placeholders}` filled from `values`."""
    text = catalogue(lang).get((None, message), message)
    return text.format(**values) if values else text


@dataclass(frozen=True)
class Text:
    """A catalogue message with its values, put into words late, in the reader's language: a
    reading computed once (and cached) serves both languages. A value with an `in_lang` method
    (another Text, a number that formats itself the language's way) is shown in that language.
    Plain data, so a cached result pickles."""

    message: str
    values: tuple[tuple[str, object], ...] = ()

    def in_lang(self, lang: str) -> str:
        return tr(lang, self.message, **{k: _shown(v, lang) for k, v in self.values})

    def __str__(self) -> str:  # the command line's language
        return self.in_lang("en")


def msg(message: str, /, **values: object) -> Text:
    """A Text: `message` (Dutch) with its `values`, to be put into words in any language."""
    return Text(message, tuple(values.items()))


def _shown(value: object, lang: str) -> object:
    if hasattr(value, "in_lang"):
        return value.in_lang(lang)
    if isinstance(value, list):
        return "; ".join(str(_shown(v, lang)) for v in value)
    return value


class CatalogueError(ValueError):
    """An error whose message is a Dutch catalogue text with its values: `str()` reads it in
    English (the command line's and the logs' language), `in_lang(lang)` in a page's. A value
    that is itself a CatalogueError, or a list of them, is shown in the same language."""

    def __init__(self, message: str, /, **values: object) -> None:
        self.message, self.values = message, values
        super().__init__(self.in_lang("en"))

    def in_lang(self, lang: str) -> str:
        return tr(lang, self.message, **{k: _shown(v, lang) for k, v in self.values.items()})


def in_lang(error: BaseException, lang: str) -> str:
    """An error's message in `lang` where it has one (a CatalogueError, an import's
    FileRejected: any error with `in_lang`), else as it is."""
    shown = getattr(error, "in_lang", None)
    return shown(lang) if callable(shown) else str(error)


def trc(lang: str, context: str, message: str, /, **values: object) -> str:
    """`tr` for a Dutch text that needs different words by `context` (Aantal: Count / Quantity)."""
    text = catalogue(lang).get((context, message), message)
    return text.format(**values) if values else text


def code(lang: str, table: str, value: str | None) -> str:
    """The label of a code ('geen_werkproces' -> 'nog geen werkproces' / 'no work process yet');
    '–' for no value; an unknown value as it is."""
    if value is None or value != value:  # None or NaN
        return "–"
    return catalogue(lang).get((table, str(value)), str(value))


def any_code(lang: str, value: str | None) -> str:
    """The label of a code whose table is not known (a report's split by 'outcome' may hold
    escalation or complaint outcomes); codes that occur in two tables share their label."""
    if value is None or value != value:
        return "–"
    found = catalogue(lang)
    for table in CODE_TABLES:
        if (table, str(value)) in found:
            return found[(table, str(value))]
    return str(value)


# The code table behind a dimension a figure may be split by (gdmetrics.figures.model).
DIMENSION_TABLES: dict[str, str] = {
    "channel": "channel",
    "demand_level": "demand_level",
    "financing": "financing",
    "category": "complaint_category",
    "reason": "escalation_reason",
}


def dimension_value(lang: str, dimension: str, value: str | None) -> str:
    """A value of a split dimension in words: a code through its table, anything else as is."""
    table = DIMENSION_TABLES.get(dimension)
    if table:
        return code(lang, table, value)
    if dimension == "outcome":
        return any_code(lang, value)
    return "–" if value is None or value != value else str(value)


def column_labels(lang: str, columns: object) -> dict[str, str]:
    """Headings in `lang` for a frame's database column names (for st.column_config)."""
    return {c: tr(lang, COLUMN_NAMES[c]) for c in columns if c in COLUMN_NAMES}


def code_labels(lang: str, table: str) -> dict[str, str]:
    """Every code of `table` with its label, in the table's order (for pickers and legends)."""
    return {c: code(lang, table, c) for c in CODE_TABLES[table]}


def reference_names(con: duckdb.DuckDBPyConnection, lang: str) -> dict[str, dict[str, str]]:
    """How every code a figure may be split by is shown, per dimension: directorates, products and
    patterns by their Dutch or English name from the database, clients and DG's by their own
    name (a proper name, the same in both languages), code tables through the catalogue."""
    cur = con.cursor()
    named = "name_en" if _lang(lang) == "en" else "name"

    def pairs(sql: str) -> dict[str, str]:
        return {str(k): v for k, v in cur.execute(sql).fetchall()}

    clients = pairs("SELECT code, name FROM client ORDER BY name")
    return {
        "directorate": pairs(f"SELECT code, coalesce({named}, name) FROM directorate ORDER BY code"),
        "product": pairs(f"SELECT code, coalesce({named}, name) FROM product ORDER BY 2"),
        "pattern": pairs(f"SELECT code, coalesce({named}, name) FROM pattern ORDER BY 2"),
        "client": clients,
        "dg": clients,
        **{dim: code_labels(lang, table) for dim, table in DIMENSION_TABLES.items()},
        "outcome": code_labels(lang, "escalation_outcome") | code_labels(lang, "complaint_outcome"),
    }


# --- keeping the catalogue up to date (python -m gdmetrics.text update) -------------------------

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("app.py", "pages", "gdmetrics")
# Calls whose literal Dutch text is a message, in babel's keyword spec (argument numbers):
# tr(lang, "..."), trc(lang, "context", "..."), t("...") in pages, N_("...") and NC_("context", "..."),
# and an import's reasons and warnings: reject("..."), Unreadable("...") and Notice("...") (a
# Problem's message is marked N_).
KEYWORDS = {
    "tr": (2,),
    "trc": ((2, "c"), 3),
    "t": (1,),
    "N_": (1,),
    "NC_": ((1, "c"), 2),
    "reject": (1,),
    "Unreadable": (1,),
    "Notice": (1,),
    "CatalogueError": (1,),
    "msg": (1,),
    "ProfileError": (1,),
}


def extracted() -> dict[tuple[str | None, str], list[str]]:
    """Every literal message the source passes to `tr`, `t` or `N_`, with where it is used."""
    from babel.messages.extract import extract_from_file

    found: dict[tuple[str | None, str], list[str]] = {}
    files = [
        ROOT / "app.py",
        *sorted((ROOT / "pages").rglob("*.py")),
        *sorted((ROOT / "gdmetrics").rglob("*.py")),
    ]
    for path in files:
        if not path.exists():
            continue
        for lineno, message, _comments, context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
        ):
            if isinstance(message, tuple):
                message = message[0]
            if message:
                found.setdefault((context, message), []).append(f"{path.relative_to(ROOT)}:{lineno}")
    return found


def update() -> list[str]:
    """Add every message the source uses, and every code, to both catalogues (empty where new);
    returns the new ones. Translations already there are kept."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    new: list[str] = []
    for lang in LANGS:
        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as f:
                po = read_po(f, locale=lang, domain=DOMAIN)
        else:
            po = Catalog(locale=lang, domain=DOMAIN, project="GD Dashboard")
        wanted: dict[tuple[str | None, str], list[str]] = {}
        if lang == "en":
            wanted |= extracted()
        for table, codes in CODE_TABLES.items():
            for c in codes:
                wanted.setdefault((table, c), [])
        for (context, message), where in wanted.items():
            if po.get(message, context=context) is None:
                po.add(
                    message,
                    "",
                    locations=[(w.rsplit(":", 1)[0], int(w.rsplit(":", 1)[1])) for w in where],
                    context=context,
                    flags=("python-brace-format",) if "{" in message else (),
                )
                new.append(f"{lang}: [{context or ''}] {message}")
        with path.open("wb") as f:
            write_po(f, po, width=100, omit_header=False, sort_output=False, include_previous=False)
    catalogue.cache_clear()
    return new


if __name__ == "__main__":  # python -m gdmetrics.text update
    if sys.argv[1:] != ["update"]:
        sys.exit("usage: python -m gdmetrics.text update")
    for line in update():
        print("new:", line)
