"""The reference-data workbook's layout: its sheets, their Dutch columns, and the row models.

One sheet per table of the GD's own organisation and agreements; every column has a Dutch
header, the field it fills, an explanation and an example (the first sheet, Toelichting, lists
them all). A row is checked by its sheet's pydantic model before anything is written.

Choices written down here:
- Codes are the keys: a row whose code is in the database updates that row, a new code adds
  one. A row missing from the workbook is left alone; removing is explicit: `Verwijderen` = ja.
- Productnormen have no `Verwijderen`: a norm version is history. A new `Geldig vanaf` closes
  the version valid then (the norm editor's rule, `gdmetrics.catalogue_edit`); `Geldig tot` is
  shown on export and ignored on import (the next version's `Geldig vanaf` decides it).
- Shares (Doelaandeel of a DVA line) are fractions: 0,95 is 95% (a cell formatted as 95% holds
  0,95). A mantel standard's Doel is in its figure's own unit (a share, hours, a rate).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from gdmetrics.reference.problems import rule
from gdmetrics.schema import DEMAND_LEVELS, FINANCING_TYPES
from gdmetrics.text import N_

YES = ("ja", "j", "yes", "y", "true", "waar", "1", "x")
NO = ("nee", "n", "no", "false", "onwaar", "0", "")


def yes_no(value: object) -> object:
    if isinstance(value, bool) or value is None:
        return bool(value)
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise rule(N_("vul ja of nee in"))
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise rule(N_("vul ja of nee in, niet {value!r}"), value=value)


def _number(value: object) -> object:
    """Numbers typed as text with a decimal comma ("4,5") are read as numbers; other text is refused."""
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            return float(text)
        except ValueError:
            raise rule(N_("geen getal: {value!r}"), value=value) from None
    return value


def _whole(value: object) -> object:
    value = _number(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise rule(N_("geen geheel getal: {value:g}"), value=value)
        return int(value)
    return value


def _date(value: object) -> object:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise rule(N_("een datum zonder tijd, niet {value:%d-%m-%Y %H:%M}"), value=value)
        return value.date()
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise rule(N_("geen datum (dd-mm-jjjj of jjjj-mm-dd): {value!r}"), value=value)
    return value


def _text(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}" if isinstance(value, float) else str(value)  # a code typed as a number
    return value


Code = Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=60)]
Name = Annotated[str, BeforeValidator(_text), Field(min_length=1, max_length=200)]
OptText = Annotated[str | None, BeforeValidator(_text), Field(default=None, max_length=200)]
Hours = Annotated[float, BeforeValidator(_number), Field(gt=0, le=100_000)]
OptHours = Annotated[float | None, BeforeValidator(_number), Field(default=None, gt=0, le=100_000)]
Priority = Annotated[int, BeforeValidator(_whole), Field(ge=1, le=5)]
OptPriority = Annotated[int | None, BeforeValidator(_whole), Field(default=None, ge=1, le=5)]
Day = Annotated[dt.date, BeforeValidator(_date)]
OptDay = Annotated[dt.date | None, BeforeValidator(_date), Field(default=None)]
YesNo = Annotated[bool, BeforeValidator(yes_no)]
Money = Annotated[
    Decimal | None, BeforeValidator(_number), Field(default=None, ge=0, max_digits=12, decimal_places=2)
]
Share = Annotated[float, BeforeValidator(_number), Field(gt=0, le=1)]


class Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _norms_in_order(response: float | None, resolution: float | None) -> None:
    if response is not None and resolution is not None and response > resolution:
        raise rule(
            N_(
                "de reactienorm ({response:g} uur) mag niet groter zijn dan de oplosnorm ({resolution:g} uur)"
            ),
            column="Reactienorm (uren)",
            response=response,
            resolution=resolution,
        )


class DirectorateRow(Row):
    code: Code
    name: Name
    name_en: Name
    kind: Literal["backoffice", "servicedesk", "accountmanagement"]


class AccountmanagerRow(Row):
    id: Code
    name: Name
    email: OptText


class ClientRow(Row):
    code: Code
    name: Name
    kind: Literal["dg", "directie", "derde"]
    parent_code: Annotated[str | None, BeforeValidator(_text)] = None
    accountmanager_id: Annotated[str | None, BeforeValidator(_text)] = None

    @model_validator(mode="after")
    def _parent(self) -> ClientRow:
        if self.kind == "directie" and not self.parent_code:
            raise rule(N_("een directie valt onder een DG: vul Valt onder in"), column="Valt onder")
        if self.kind != "directie" and self.parent_code:
            raise rule(
                N_("alleen een directie valt onder een andere klant; een {kind} laat Valt onder leeg"),
                column="Valt onder",
                kind=self.kind,
            )
        return self


class ProductRow(Row):
    code: Code
    name: Name
    name_en: Name
    directorate_code: Code
    topic: Name
    life_event: OptText
    demand_level: Literal[DEMAND_LEVELS]  # type: ignore[valid-type]
    financing: Literal[FINANCING_TYPES]  # type: ignore[valid-type]
    tariff: Money
    tariff_unit: OptText
    is_24_7: YesNo = False
    response_norm_hours: OptHours
    resolution_norm_hours: OptHours

    @model_validator(mode="after")
    def _consistent(self) -> ProductRow:
        if self.financing == "plus" and self.tariff is None:
            raise rule(
                N_("een plus-product wordt tegen een tarief verrekend: vul Tarief in"), column="Tarief"
            )
        _norms_in_order(self.response_norm_hours, self.resolution_norm_hours)
        return self


class ProductNormRow(Row):
    product_code: Code
    priority: Priority
    valid_from: Day
    response_norm_hours: Hours
    resolution_norm_hours: Hours

    @model_validator(mode="after")
    def _consistent(self) -> ProductNormRow:
        _norms_in_order(self.response_norm_hours, self.resolution_norm_hours)
        return self


class DefaultNormRow(Row):
    priority: Priority
    response_norm_hours: Hours
    resolution_norm_hours: Hours

    @model_validator(mode="after")
    def _consistent(self) -> DefaultNormRow:
        _norms_in_order(self.response_norm_hours, self.resolution_norm_hours)
        return self


class MantelRow(Row):
    id: Code
    name: Name
    valid_from: Day
    valid_to: Day

    @model_validator(mode="after")
    def _period(self) -> MantelRow:
        if self.valid_to <= self.valid_from:
            raise rule(N_("Geldig tot moet na Geldig vanaf liggen"), column="Geldig tot")
        return self


class MantelStandardRow(Row):
    mantel_id: Code
    code: Code
    name: Name
    name_en: Name
    figure_id: Code
    target: Annotated[float, BeforeValidator(_number), Field(ge=0)]


class DvaRow(Row):
    id: Code
    client_code: Code
    kind: Literal["plus", "derden"]
    mantel_id: Code
    valid_from: Day
    valid_to: Day
    signed_on: OptDay

    @model_validator(mode="after")
    def _period(self) -> DvaRow:
        if self.valid_to <= self.valid_from:
            raise rule(N_("Geldig tot moet na Geldig vanaf liggen"), column="Geldig tot")
        return self


class DvaLineRow(Row):
    dva_id: Code
    line_no: Annotated[int, BeforeValidator(_whole), Field(ge=1)]
    product_code: Code
    priority: OptPriority
    response_norm_hours: OptHours
    resolution_norm_hours: OptHours
    target_share: Share
    agreed_volume: Annotated[int | None, BeforeValidator(_whole), Field(default=None, ge=0)]
    tariff: Money

    @model_validator(mode="after")
    def _consistent(self) -> DvaLineRow:
        _norms_in_order(self.response_norm_hours, self.resolution_norm_hours)
        return self


class PatternRow(Row):
    code: Code
    name: Name
    name_en: Name
    lead_time_norm_hours: Hours


class PatternStepRow(Row):
    pattern_code: Code
    step: Annotated[int, BeforeValidator(_whole), Field(ge=1)]
    product_code: Code


@dataclass(frozen=True)
class Column:
    """One column of a sheet: Dutch header, the field (and database column) it fills, and help."""

    header: str
    field: str
    explanation: str
    example: object
    required: bool = True
    info_only: bool = False  # shown on export, ignored on import


@dataclass(frozen=True)
class Reference:
    """A column whose value must be the key of a row on another sheet (or already in the database)."""

    field: str
    sheet: str


@dataclass(frozen=True)
class Sheet:
    name: str
    table: str
    model: type[Row]
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    purpose: str
    references: tuple[Reference, ...] = ()
    removable: bool = True

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns) + ((REMOVE,) if self.removable else ())

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.columns if not c.info_only)

    def header_of(self, field: str) -> str:
        return next((c.header for c in self.columns if c.field == field), field)


REMOVE = "Verwijderen"
REMOVE_HELP = "ja: deze rij wordt verwijderd (alleen als niets er meer naar verwijst); leeg of nee: toevoegen of bijwerken"
EXPLANATION_SHEET = "Toelichting"
C = Column

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "Directies GD",
        "directorate",
        DirectorateRow,
        (
            C("Code", "code", "Korte code van de directie, zonder spaties of &", "FAZ"),
            C("Naam", "name", "Naam zoals de GD die schrijft", "Facilitaire Zaken"),
            C(
                "Naam (Engels)",
                "name_en",
                "Naam in het Engels (voor de Engelse weergave)",
                "Facility Services",
            ),
            C("Soort", "kind", "backoffice, servicedesk of accountmanagement", "backoffice"),
        ),
        ("code",),
        "De directies van de GD die producten leveren",
    ),
    Sheet(
        "Accountmanagers",
        "accountmanager",
        AccountmanagerRow,
        (
            C("Code", "id", "Korte code van de accountmanager", "AM01"),
            C("Naam", "name", "Volledige naam", "Anneke de Vries"),
            C("E-mail", "email", "E-mailadres (mag leeg)", "anneke.de.vries@minbzk.nl", required=False),
        ),
        ("id",),
        "De accountmanagers van SIA",
    ),
    Sheet(
        "Klanten",
        "client",
        ClientRow,
        (
            C("Code", "code", "Korte code van de klant", "DGOB-DB"),
            C("Naam", "name", "Naam van de klant", "Directie Democratie en Burgerschap"),
            C("Soort", "kind", "dg, directie of derde", "directie"),
            C(
                "Valt onder",
                "parent_code",
                "Code van de DG waar een directie onder valt; leeg bij een dg of derde",
                "DGOB",
                required=False,
            ),
            C(
                "Accountmanager",
                "accountmanager_id",
                "Code van de accountmanager (tabblad Accountmanagers)",
                "AM03",
                required=False,
            ),
        ),
        ("code",),
        "DG's, hun directies en derden",
        (Reference("parent_code", "Klanten"), Reference("accountmanager_id", "Accountmanagers")),
    ),
    Sheet(
        "Producten",
        "product",
        ProductRow,
        (
            C("Code", "code", "Productcode uit de PDC", "ICT-STORING"),
            C("Naam", "name", "Productnaam", "Storing werkplek"),
            C("Naam (Engels)", "name_en", "Productnaam in het Engels", "Workstation fault"),
            C(
                "Directie GD",
                "directorate_code",
                "Code van de leverende directie (tabblad Directies GD)",
                "ICT",
            ),
            C("Onderwerp", "topic", "Onderwerp in de catalogus", "werkplek"),
            C(
                "Levensgebeurtenis",
                "life_event",
                "Levensgebeurtenis (mag leeg)",
                "nieuwe medewerker",
                required=False,
            ),
            C("Vraagniveau", "demand_level", "operationeel, tactisch of strategisch", "operationeel"),
            C("Financiering", "financing", "basis, plus of maatwerk", "basis"),
            C("Tarief", "tariff", "Tarief in euro; verplicht bij plus", 125.0, required=False),
            C("Tariefeenheid", "tariff_unit", "Waar het tarief voor geldt", "per stuk", required=False),
            C("24/7", "is_24_7", "ja: de klok loopt dag en nacht; nee: kantooruren", "nee", required=False),
            C(
                "Reactienorm (uren)",
                "response_norm_hours",
                "Eigen norm van het product, voor prioriteiten zonder productnorm; later niet te wijzigen",
                4.0,
                required=False,
            ),
            C(
                "Oplosnorm (uren)",
                "resolution_norm_hours",
                "Eigen oplosnorm; later niet te wijzigen (zet een productnorm per prioriteit vanaf een datum)",
                16.0,
                required=False,
            ),
        ),
        ("code",),
        "De producten- en dienstencatalogus (PDC)",
        (Reference("directorate_code", "Directies GD"),),
    ),
    Sheet(
        "Productnormen",
        "product_norm",
        ProductNormRow,
        (
            C("Product", "product_code", "Productcode (tabblad Producten)", "ICT-STORING"),
            C("Prioriteit", "priority", "1 (hoogst) tot 5", 2),
            C(
                "Geldig vanaf",
                "valid_from",
                "Eerste dag waarop deze norm geldt; een nieuwe datum sluit de vorige versie op die dag af",
                dt.date(2024, 1, 1),
            ),
            C("Reactienorm (uren)", "response_norm_hours", "Uren tot de eerste reactie", 2.0),
            C("Oplosnorm (uren)", "resolution_norm_hours", "Uren tot de oplossing", 8.0),
            C(
                "Geldig tot",
                "valid_to",
                "Alleen ter informatie: volgt uit de volgende versie; wordt bij import genegeerd",
                dt.date(2025, 1, 1),
                required=False,
                info_only=True,
            ),
        ),
        ("product_code", "priority", "valid_from"),
        "Norm per product en prioriteit, vanaf een datum",
        (Reference("product_code", "Producten"),),
        removable=False,
    ),
    Sheet(
        "Standaardnormen",
        "default_norm",
        DefaultNormRow,
        (
            C("Prioriteit", "priority", "1 (hoogst) tot 5", 3),
            C("Reactienorm (uren)", "response_norm_hours", "Uren tot de eerste reactie", 4.0),
            C("Oplosnorm (uren)", "resolution_norm_hours", "Uren tot de oplossing", 16.0),
        ),
        ("priority",),
        "Norm per prioriteit voor meldingen zonder DVA- of productnorm (geldt ook voor het verleden)",
    ),
    Sheet(
        "Mantel",
        "mantel_agreement",
        MantelRow,
        (
            C("Code", "id", "Code van de mantelovereenkomst", "MO-2024"),
            C("Naam", "name", "Naam", "Mantelovereenkomst GD 2024-2026"),
            C("Geldig vanaf", "valid_from", "Eerste dag", dt.date(2024, 1, 1)),
            C("Geldig tot", "valid_to", "Eerste dag waarop hij niet meer geldt", dt.date(2027, 1, 1)),
        ),
        ("id",),
        "De mantelovereenkomst met de opdrachtgever (PSG); periodes overlappen niet",
    ),
    Sheet(
        "Mantelnormen",
        "mantel_standard",
        MantelStandardRow,
        (
            C("Mantel", "mantel_id", "Code van de mantelovereenkomst (tabblad Mantel)", "MO-2024"),
            C("Code", "code", "Code van de norm", "MS-01"),
            C("Naam", "name", "Naam van de norm", "Afhandeling binnen norm"),
            C("Naam (Engels)", "name_en", "Naam in het Engels", "Resolution within norm"),
            C(
                "Kengetal",
                "figure_id",
                "Het kengetal dat gemeten wordt (python -m gdmetrics figures)",
                "resolution_within_norm",
            ),
            C("Doel", "target", "Doel in de eenheid van het kengetal: 0,90 = 90%, of uren", 0.9),
        ),
        ("mantel_id", "code"),
        "De normen van de mantel, met hun doel; ze gelden zolang de mantel geldt",
        (Reference("mantel_id", "Mantel"),),
    ),
    Sheet(
        "DVA's",
        "dva",
        DvaRow,
        (
            C("Code", "id", "Code van de DVA; een nieuwe versie krijgt een nieuwe code", "DVA-2024-DGOB-DB"),
            C("Klant", "client_code", "Klantcode (tabblad Klanten)", "DGOB-DB"),
            C("Soort", "kind", "plus of derden", "plus"),
            C("Mantel", "mantel_id", "Code van de mantelovereenkomst (tabblad Mantel)", "MO-2024"),
            C("Geldig vanaf", "valid_from", "Eerste dag", dt.date(2024, 1, 1)),
            C(
                "Geldig tot",
                "valid_to",
                "Eerste dag waarop hij niet meer geldt; DVA's van één klant overlappen niet",
                dt.date(2027, 1, 1),
            ),
            C(
                "Getekend op",
                "signed_on",
                "Datum van ondertekening (mag leeg)",
                dt.date(2023, 12, 1),
                required=False,
            ),
        ),
        ("id",),
        "Dienstverleningsafspraken per klant",
        (Reference("client_code", "Klanten"), Reference("mantel_id", "Mantel")),
    ),
    Sheet(
        "DVA-regels",
        "dva_line",
        DvaLineRow,
        (
            C("DVA", "dva_id", "Code van de DVA (tabblad DVA's)", "DVA-2024-DGOB-DB"),
            C("Regel", "line_no", "Regelnummer binnen de DVA (1, 2, ...)", 1),
            C("Product", "product_code", "Productcode (tabblad Producten)", "ICT-STORING"),
            C(
                "Prioriteit",
                "priority",
                "Alleen voor deze prioriteit; leeg: alle prioriteiten",
                1,
                required=False,
            ),
            C(
                "Reactienorm (uren)",
                "response_norm_hours",
                "Afgesproken reactienorm; leeg: de productnorm",
                1.0,
                required=False,
            ),
            C(
                "Oplosnorm (uren)",
                "resolution_norm_hours",
                "Afgesproken oplosnorm; leeg: de productnorm",
                4.0,
                required=False,
            ),
            C("Doelaandeel", "target_share", "Aandeel binnen de norm dat is afgesproken: 0,95 = 95%", 0.95),
            C("Afgesproken volume", "agreed_volume", "Aantal per maand (mag leeg)", 40, required=False),
            C("Tarief", "tariff", "Afgesproken tarief in euro (mag leeg)", 95.0, required=False),
        ),
        ("dva_id", "line_no"),
        "De regels van elke DVA: product, eventueel prioriteit, norm en doel",
        (Reference("dva_id", "DVA's"), Reference("product_code", "Producten")),
    ),
    Sheet(
        "Patronen",
        "pattern",
        PatternRow,
        (
            C("Code", "code", "Code van het patroon", "PAT-INDIENST"),
            C("Naam", "name", "Naam", "Nieuwe medewerker"),
            C("Naam (Engels)", "name_en", "Naam in het Engels", "New employee"),
            C("Doorlooptijdnorm (uren)", "lead_time_norm_hours", "Norm voor het hele patroon, in uren", 80.0),
        ),
        ("code",),
        "Patronen: vaste reeksen producten (bijvoorbeeld een nieuwe medewerker)",
    ),
    Sheet(
        "Patroonstappen",
        "pattern_step",
        PatternStepRow,
        (
            C("Patroon", "pattern_code", "Code van het patroon (tabblad Patronen)", "PAT-INDIENST"),
            C("Stap", "step", "Volgnummer van de stap (1, 2, ...)", 1),
            C("Product", "product_code", "Productcode (tabblad Producten)", "ICT-WERKPLEK"),
        ),
        ("pattern_code", "step"),
        "De stappen van elk patroon",
        (Reference("pattern_code", "Patronen"), Reference("product_code", "Producten")),
    ),
)

SHEET_BY_NAME: dict[str, Sheet] = {s.name: s for s in SHEETS}
SHEET_BY_TABLE: dict[str, Sheet] = {s.table: s for s in SHEETS}

# The rules on the Toelichting sheet (the workbook is Dutch, like its sheet and column names).
GENERAL_RULES: tuple[str, ...] = (
    "Eén werkmap is één import: alles of niets. Een fout noemt tabblad, rij, kolom en reden; dan verandert er niets.",
    "De code is de sleutel: een bestaande code werkt de rij bij, een nieuwe code voegt een rij toe.",
    "Een rij die ontbreekt blijft staan. Verwijderen gaat alleen met Verwijderen = ja, en alleen als niets "
    "er meer naar verwijst (verwijder eerst de regels van een DVA, mantel of patroon, in een eerdere import).",
    "Normen met een datum herschrijven de geschiedenis niet: een productnorm vanaf een nieuwe datum sluit de "
    "vorige versie op die dag af. Een DVA of mantel waaronder al meldingen vallen, verandert niet meer; "
    "sluit hem af (Geldig tot) en begin een nieuwe met een nieuwe code.",
    "Dezelfde werkmap nogmaals importeren verandert niets.",
    "Geen formules, samengevoegde cellen of verborgen tabbladen: plak waarden. Andere tabbladen dan deze "
    "worden genegeerd; de kolom Verwijderen mag ontbreken.",
)
