"""The demo's fixed reference data: directorates, clients, products, patterns, mantel standards."""

from __future__ import annotations

from typing import NamedTuple


class Directorate(NamedTuple):
    code: str
    name: str
    name_en: str
    kind: str


# Codes carry no '&' so they travel well in URLs; the names keep the GD's own spelling.
DIRECTORATES: tuple[Directorate, ...] = (
    Directorate("FAZ", "Facilitaire Zaken", "Facility Services", "backoffice"),
    Directorate("FB", "Financieel Beheer", "Financial Management", "backoffice"),
    Directorate("CI", "Communicatie en Informatie (C&I)", "Communication and Information", "backoffice"),
    Directorate(
        "ICT",
        "Informatie- en Communicatietechnologie",
        "Information and Communication Technology",
        "backoffice",
    ),
    Directorate("PO", "Personeel en Organisatie (P&O)", "Human Resources", "backoffice"),
    Directorate("SD", "Servicedesk", "Service Desk", "servicedesk"),
    Directorate("SIA", "Service en accountmanagement", "Service and Account Management", "accountmanagement"),
)

ACCOUNTMANAGERS: tuple[tuple[str, str], ...] = (
    ("AM01", "Anneke de Vries"),
    ("AM02", "Jeroen Bakker"),
    ("AM03", "Marieke Jansen"),
    ("AM04", "Pieter van Dijk"),
    ("AM05", "Fatima el Amrani"),
    ("AM06", "Henk Visser"),
)


class Client(NamedTuple):
    code: str
    name: str
    kind: str  # dg, directie, derde
    parent_code: str | None
    accountmanager_id: str
    weight: float  # relative ticket volume


CLIENTS: tuple[Client, ...] = (
    Client("SG", "Bestuursraad / Secretaris-Generaal", "dg", None, "AM01", 0.5),
    Client("SG-DBO", "Directie Bestuursondersteuning", "directie", "SG", "AM01", 1.6),
    Client("SG-DJZ", "Directie Juridische Zaken", "directie", "SG", "AM01", 1.2),
    Client("SG-AD", "Auditdienst", "directie", "SG", "AM01", 0.8),
    Client("DGKR", "DG Koninkrijksrelaties", "dg", None, "AM02", 0.4),
    Client("DGKR-KRB", "Directie Koninkrijksrelaties Beleid", "directie", "DGKR", "AM02", 1.0),
    Client("DGKR-KRU", "Directie Koninkrijksrelaties Uitvoering", "directie", "DGKR", "AM02", 0.9),
    Client("DGOB", "DG Openbaar Bestuur", "dg", None, "AM03", 0.5),
    Client("DGOB-CZW", "Directie Constitutionele Zaken en Wetgeving", "directie", "DGOB", "AM03", 1.4),
    Client("DGOB-BF", "Directie Bestuur en Financiën", "directie", "DGOB", "AM03", 1.3),
    Client("DGOB-DB", "Directie Democratie en Burgerschap", "directie", "DGOB", "AM03", 1.0),
    Client("DGV", "DG Veiligheid", "dg", None, "AM04", 0.5),
    Client("DGV-POL", "Directie Politie", "directie", "DGV", "AM04", 1.8),
    Client("DGV-CRB", "Directie Crisisbeheersing", "directie", "DGV", "AM04", 1.2),
    Client("DGV-BG", "Directie Brandweer en GHOR", "directie", "DGV", "AM04", 1.0),
    Client("DGV-NCC", "Nationaal Coördinatiecentrum", "directie", "DGV", "AM04", 0.7),
    Client("DGMOS", "DG Management Openbare Sector", "dg", None, "AM05", 0.4),
    Client("DGMOS-APS", "Directie Arbeidszaken Publieke Sector", "directie", "DGMOS", "AM05", 1.3),
    Client("DGMOS-IOS", "Directie Informatiebeleid Openbare Sector", "directie", "DGMOS", "AM05", 1.1),
    Client("DGMOS-KOS", "Directie Kwaliteit Openbare Sector", "directie", "DGMOS", "AM05", 0.9),
    Client("DGMOS-ABD", "Bureau Algemene Bestuursdienst", "directie", "DGMOS", "AM05", 0.8),
    # Derden: Justitie shares the Serviceplein (building-related services), the Rob is small.
    Client("JUS", "Ministerie van Justitie", "derde", None, "AM06", 2.2),
    Client("ROB", "Raad voor het openbaar bestuur", "derde", None, "AM06", 0.3),
)

# Third parties take a selection of the catalogue (a derden-DVA), not everything.
DERDEN_PRODUCTS: dict[str, tuple[str, ...]] = {
    "JUS": (
        "FAZ-PAS",
        "FAZ-PASVERL",
        "FAZ-ZAAL",
        "FAZ-CATER",
        "FAZ-BEVEIL",
        "FAZ-ALARM",
        "FAZ-STORING",
        "FAZ-SCHOON",
        "FAZ-POST",
        "FAZ-REIS",
        "FAZ-VISITE",
        "FAZ-REPRO",
        "FAZ-SLEUTEL",
        "CI-BIEB",
        "CI-DOCZOEK",
        "ICT-WACHTW",
        "ICT-NETWERK",
    ),
    "ROB": (
        "FAZ-PAS",
        "FAZ-ZAAL",
        "FAZ-CATER",
        "FAZ-STORING",
        "FAZ-REIS",
        "FAZ-VISITE",
        "CI-BIEB",
        "CI-DRUK",
        "CI-INTRANET",
        "ICT-WACHTW",
        "ICT-STORING",
        "ICT-LAPTOP",
        "FB-DECL",
        "FB-FACTUUR",
        "PO-SALARIS",
    ),
}


class Product(NamedTuple):
    code: str
    name: str
    name_en: str
    directorate: str
    topic: str
    life_event: str | None
    level: str  # operationeel, tactisch, strategisch
    financing: str  # basis, plus, maatwerk
    tariff: float | None
    tariff_unit: str | None
    response_h: float
    resolution_h: float
    weight: float  # relative ticket volume
    kind: str  # the usual ticket kind: melding, verzoek, vraag
    first_line: float  # share the service desk resolves itself
    is_24_7: bool = False


_WO, _VR, _IT, _PE, _FI, _CO, _ID, _VE = (
    "werkomgeving",
    "vervoer en reizen",
    "ICT en telefonie",
    "personeel",
    "financiën",
    "communicatie",
    "informatie en documentatie",
    "veiligheid",
)
_NM, _VH, _CA, _VM = "nieuwe medewerker", "verhuizing", "calamiteit", "vertrek medewerker"
_OP, _TA, _ST = "operationeel", "tactisch", "strategisch"

# Norms are business hours (24/7 products: calendar hours) for priority 3, the common case.
# fmt: off
PRODUCTS: tuple[Product, ...] = (
    # FAZ: facilities, building, travel, the Serviceplein counter
    Product("FAZ-PAS", "Toegangspas aanvragen", "Access pass request", "FAZ", _WO, _NM, _OP, "basis", None, None, 4, 16, 5.0, "verzoek", 0.75),
    Product("FAZ-PASVERL", "Toegangspas verlengen of vervangen", "Access pass renewal", "FAZ", _WO, None, _OP, "basis", None, None, 4, 8, 3.0, "verzoek", 0.9),
    Product("FAZ-PASINNAME", "Toegangspas innemen", "Access pass return", "FAZ", _WO, _VM, _OP, "basis", None, None, 4, 16, 0.4, "verzoek", 0.8),
    Product("FAZ-WERKPLEK", "Werkplek inrichten", "Workplace set-up", "FAZ", _WO, _NM, _OP, "plus", 95.0, "per werkplek", 8, 24, 2.5, "verzoek", 0.3),
    Product("FAZ-ZAAL", "Vergaderzaal reserveren", "Meeting room booking", "FAZ", _WO, None, _OP, "basis", None, None, 2, 8, 9.0, "verzoek", 0.95),
    Product("FAZ-CATER", "Catering bij vergadering", "Meeting catering", "FAZ", _WO, None, _OP, "plus", 12.5, "per persoon", 2, 8, 4.0, "verzoek", 0.9),
    Product("FAZ-SCHOON", "Schoonmaak (extra of klacht)", "Cleaning", "FAZ", _WO, None, _OP, "basis", None, None, 4, 16, 2.0, "melding", 0.5),
    Product("FAZ-BEVEIL", "Beveiliging", "Security", "FAZ", _VE, _CA, _OP, "basis", None, None, 1, 4, 1.5, "melding", 0.4, True),
    Product("FAZ-ALARM", "Alarmmelding", "Alarm report", "FAZ", _VE, _CA, _OP, "basis", None, None, 0.25, 2, 0.8, "melding", 0.3, True),
    Product("FAZ-STORING", "Storing gebouw (klimaat, verlichting, lift)", "Building fault", "FAZ", _WO, None, _OP, "basis", None, None, 2, 16, 3.0, "melding", 0.3),
    Product("FAZ-MEUBILAIR", "Meubilair aanvragen of herstellen", "Furniture", "FAZ", _WO, _VH, _OP, "basis", None, None, 8, 40, 1.5, "verzoek", 0.3),
    Product("FAZ-VERHUIS", "Verhuizing", "Office move", "FAZ", _WO, _VH, _TA, "plus", 150.0, "per werkplek", 8, 80, 0.8, "verzoek", 0.05),
    Product("FAZ-VISITE", "Visitekaartjes", "Business cards", "FAZ", _WO, _NM, _OP, "plus", 35.0, "per 100 stuks", 4, 24, 2.5, "verzoek", 0.9),
    Product("FAZ-REIS", "Dienstreis boeken (reisbureau)", "Business travel booking", "FAZ", _VR, None, _OP, "plus", 25.0, "per boeking", 4, 24, 3.0, "verzoek", 0.8),
    Product("FAZ-TAXI", "Taxi of dienstauto", "Taxi or official car", "FAZ", _VR, None, _OP, "plus", 45.0, "per rit", 2, 8, 2.0, "verzoek", 0.95),
    Product("FAZ-PARKEER", "Parkeerkaart", "Parking permit", "FAZ", _VR, _NM, _OP, "basis", None, None, 4, 16, 1.0, "verzoek", 0.9),
    Product("FAZ-POST", "Post- en koeriersdienst", "Mail and courier", "FAZ", _WO, None, _OP, "basis", None, None, 4, 8, 1.5, "verzoek", 0.7),
    Product("FAZ-REPRO", "Reproductie (kopiëren en binden)", "Reprographics", "FAZ", _WO, None, _OP, "plus", 20.0, "per opdracht", 4, 16, 2.0, "verzoek", 0.6),
    Product("FAZ-RELATIE", "Relatiegeschenken", "Corporate gifts", "FAZ", _WO, None, _OP, "plus", 25.0, "per stuk", 4, 24, 0.8, "verzoek", 0.8),
    Product("FAZ-SLEUTEL", "Sleutel of kluisje", "Key or locker", "FAZ", _WO, _NM, _OP, "basis", None, None, 4, 16, 1.0, "verzoek", 0.9),
    Product("FAZ-EVENEMENT", "Evenement organiseren", "Event organisation", "FAZ", _WO, None, _TA, "maatwerk", None, "per offerte", 16, 120, 0.3, "verzoek", 0.0),
    Product("FAZ-HUISVADVIES", "Maatwerk advies huisvesting", "Custom accommodation advice", "FAZ", _WO, _VH, _ST, "maatwerk", None, "per offerte", 24, 240, 0.1, "vraag", 0.0),
    # FB: finance
    Product("FB-DECL", "Declaratie indienen", "Expense claim", "FB", _FI, None, _OP, "basis", None, None, 8, 40, 4.0, "verzoek", 0.5),
    Product("FB-INKOOP", "Inkooporder", "Purchase order", "FB", _FI, None, _OP, "basis", None, None, 8, 24, 2.5, "verzoek", 0.2),
    Product("FB-FACTUUR", "Factuurbetaling", "Invoice payment", "FB", _FI, None, _OP, "basis", None, None, 8, 32, 3.0, "verzoek", 0.2),
    Product("FB-VOORSCHOT", "Voorschot aanvragen", "Advance payment", "FB", _FI, None, _OP, "basis", None, None, 8, 24, 0.8, "verzoek", 0.4),
    Product("FB-BUDGET", "Budgetoverzicht", "Budget statement", "FB", _FI, None, _TA, "basis", None, None, 8, 40, 1.0, "vraag", 0.1),
    Product("FB-DEBITEUR", "Debiteurenbeheer", "Accounts receivable", "FB", _FI, None, _TA, "basis", None, None, 8, 40, 0.5, "verzoek", 0.1),
    Product("FB-CREDITCARD", "Creditcard of betaalpas", "Corporate card", "FB", _FI, _NM, _OP, "basis", None, None, 8, 40, 0.4, "verzoek", 0.3),
    Product("FB-SUBSIDIE", "Subsidieafhandeling", "Grant processing", "FB", _FI, None, _TA, "plus", 120.0, "per dossier", 16, 80, 0.6, "verzoek", 0.0),
    Product("FB-BEGROTING", "Maatwerk advies begroting", "Custom budget advice", "FB", _FI, None, _ST, "maatwerk", None, "per offerte", 24, 160, 0.2, "vraag", 0.0),
    Product("FB-ANALYSE", "Financiële analyse op maat", "Custom financial analysis", "FB", _FI, None, _ST, "maatwerk", None, "per offerte", 24, 160, 0.1, "vraag", 0.0),
    # C&I: communication, library, records management (DIV)
    Product("CI-INTRANET", "Intranetpublicatie", "Intranet publication", "CI", _CO, None, _OP, "basis", None, None, 4, 16, 2.5, "verzoek", 0.4),
    Product("CI-DRUK", "Drukwerk", "Printing", "CI", _CO, None, _TA, "plus", 250.0, "per opdracht", 8, 80, 1.0, "verzoek", 0.1),
    Product("CI-PERS", "Persbericht", "Press release", "CI", _CO, None, _TA, "basis", None, None, 2, 8, 0.6, "verzoek", 0.0),
    Product("CI-BIEB", "Boek of artikel lenen (bibliotheek)", "Library loan", "CI", _ID, None, _OP, "basis", None, None, 4, 16, 2.0, "verzoek", 0.9),
    Product("CI-DOCZOEK", "Documentatieonderzoek", "Documentation research", "CI", _ID, None, _TA, "basis", None, None, 8, 40, 0.8, "vraag", 0.2),
    Product("CI-BRIEF-REG", "Burgerbrief registreren", "Register a citizen's letter", "CI", _CO, None, _OP, "basis", None, None, 4, 8, 1.0, "verzoek", 0.5),
    Product("CI-BRIEF-ANTW", "Burgerbrief beantwoorden", "Answer a citizen's letter", "CI", _CO, None, _TA, "basis", None, None, 8, 120, 0.8, "verzoek", 0.0),
    Product("CI-ARCHIEF", "Archivering en dossiervorming", "Archiving and records", "CI", _ID, None, _OP, "basis", None, None, 8, 40, 1.0, "verzoek", 0.3),
    Product("CI-WEBSITE", "Wijziging website", "Website update", "CI", _CO, None, _OP, "plus", 75.0, "per wijziging", 4, 24, 0.8, "verzoek", 0.2),
    Product("CI-MEDIA", "Knipselkrant en mediamonitor", "Media monitoring", "CI", _CO, None, _OP, "plus", 40.0, "per abonnement", 8, 24, 0.4, "verzoek", 0.5),
    Product("CI-VERTALING", "Vertaling", "Translation", "CI", _CO, None, _TA, "plus", 90.0, "per document", 8, 80, 0.5, "verzoek", 0.0),
    Product("CI-CAMPAGNE", "Communicatiecampagne", "Communication campaign", "CI", _CO, None, _ST, "maatwerk", None, "per offerte", 24, 240, 0.1, "vraag", 0.0),
    # ICT
    Product("ICT-ACCOUNT", "Account aanmaken", "Create account", "ICT", _IT, _NM, _OP, "basis", None, None, 4, 16, 3.5, "verzoek", 0.5),
    Product("ICT-WACHTW", "Wachtwoord reset", "Password reset", "ICT", _IT, None, _OP, "basis", None, None, 1, 4, 7.0, "verzoek", 0.98),
    Product("ICT-STORING", "Storing werkplek (pc)", "Workstation fault", "ICT", _IT, None, _OP, "basis", None, None, 2, 12, 7.0, "melding", 0.6),
    Product("ICT-PRINTER", "Printerstoring", "Printer fault", "ICT", _IT, None, _OP, "basis", None, None, 2, 8, 3.0, "melding", 0.6),
    Product("ICT-EMAIL", "Vraag over e-mail en agenda", "E-mail and calendar question", "ICT", _IT, None, _OP, "basis", None, None, 2, 8, 3.0, "vraag", 0.9),
    Product("ICT-RECHTEN", "Schijf- en mailboxrechten", "Access rights", "ICT", _IT, None, _OP, "basis", None, None, 4, 16, 2.5, "verzoek", 0.6),
    Product("ICT-NETWERK", "Netwerkaansluiting", "Network connection", "ICT", _IT, _VH, _OP, "basis", None, None, 8, 24, 1.5, "verzoek", 0.2),
    Product("ICT-TELEFOON", "Vaste telefoon aansluiten of verhuizen", "Desk phone", "ICT", _IT, _VH, _OP, "basis", None, None, 8, 24, 1.2, "verzoek", 0.3),
    Product("ICT-SOFTWARE", "Software-installatie", "Software installation", "ICT", _IT, None, _OP, "basis", None, None, 8, 24, 4.0, "verzoek", 0.5),
    Product("ICT-DATAHERST", "Gegevens herstellen", "Data restore", "ICT", _IT, None, _TA, "basis", None, None, 4, 16, 0.8, "verzoek", 0.1),
    Product("ICT-ACCBLOK", "Account blokkeren", "Disable account", "ICT", _IT, _VM, _OP, "basis", None, None, 2, 8, 0.6, "verzoek", 0.7),
    Product("ICT-LAPTOP", "Laptop", "Laptop", "ICT", _IT, None, _OP, "plus", 45.0, "per uitgifte", 8, 24, 1.5, "verzoek", 0.4),
    Product("ICT-POCKET", "Pocketcomputer", "Pocket computer (PDA)", "ICT", _IT, None, _OP, "plus", 35.0, "per uitgifte", 8, 24, 0.8, "verzoek", 0.4),
    Product("ICT-MOBIEL", "Mobiele telefoon", "Mobile phone", "ICT", _IT, None, _OP, "plus", 30.0, "per uitgifte", 8, 24, 1.5, "verzoek", 0.5),
    Product("ICT-THUISWERK", "Thuiswerkvoorziening (token)", "Remote access token", "ICT", _IT, None, _OP, "plus", 25.0, "per uitgifte", 8, 24, 1.0, "verzoek", 0.4),
    Product("ICT-APPADVIES", "Maatwerk advies informatievoorziening", "Custom information systems advice", "ICT", _IT, None, _ST, "maatwerk", None, "per offerte", 24, 240, 0.2, "vraag", 0.0),
    # P&O
    Product("PO-SALARIS", "Salarisadministratie (mutatie)", "Payroll change", "PO", _PE, None, _OP, "basis", None, None, 8, 40, 2.5, "verzoek", 0.3),
    Product("PO-DOSSIER", "Personeelsdossier", "Personnel file", "PO", _PE, _NM, _OP, "basis", None, None, 8, 40, 1.0, "verzoek", 0.2),
    Product("PO-INTRO", "Introductiedag", "Introduction day", "PO", _PE, _NM, _OP, "basis", None, None, 8, 80, 0.6, "verzoek", 0.5),
    Product("PO-VERLOF", "Verlofregistratie", "Leave registration", "PO", _PE, None, _OP, "basis", None, None, 4, 16, 3.0, "verzoek", 0.8),
    Product("PO-VERKLARING", "Werkgeversverklaring", "Employer's statement", "PO", _PE, None, _OP, "basis", None, None, 8, 24, 0.8, "verzoek", 0.6),
    Product("PO-UITDIENST", "Uitdiensttreding", "Leaving the ministry", "PO", _PE, _VM, _OP, "basis", None, None, 8, 40, 0.6, "verzoek", 0.2),
    Product("PO-ARBO", "Arbo- en verzuimbegeleiding", "Occupational health", "PO", _PE, None, _TA, "basis", None, None, 8, 40, 0.5, "verzoek", 0.0),
    Product("PO-WERVING", "Werving en selectie", "Recruitment", "PO", _PE, _NM, _TA, "plus", 1500.0, "per vacature", 16, 160, 0.6, "verzoek", 0.0),
    Product("PO-OPLEIDING", "Opleiding aanvragen", "Training request", "PO", _PE, None, _TA, "plus", 250.0, "per aanmelding", 8, 40, 1.0, "verzoek", 0.3),
    Product("PO-LOOPBAAN", "Loopbaanadvies", "Career advice", "PO", _PE, None, _TA, "plus", 95.0, "per gesprek", 8, 40, 0.4, "vraag", 0.0),
    Product("PO-REORG", "Maatwerk advies reorganisatie", "Custom reorganisation advice", "PO", _PE, None, _ST, "maatwerk", None, "per offerte", 24, 240, 0.1, "vraag", 0.0),
)
# fmt: on

# Products whose catalogue norm was tightened once, in the last demo year (old -> new
# resolution hours for priority 3; the other priorities scale along).
NORM_CHANGES: dict[str, float] = {"ICT-STORING": 16, "FB-FACTUUR": 40, "FAZ-PASVERL": 16}

# Maatwerk products go by quote; the catalogue gives them no per-priority norm.
PRIORITY_FACTORS: dict[int, float] = {1: 0.25, 2: 0.5, 3: 1.0, 4: 1.5}

DEFAULT_NORMS: tuple[tuple[int, float, float], ...] = (
    (1, 1, 4),
    (2, 2, 8),
    (3, 4, 16),
    (4, 8, 40),
    (5, 16, 80),
)


class Pattern(NamedTuple):
    code: str
    name: str
    name_en: str
    lead_time_h: float
    steps: tuple[str, ...]
    per_100k: float  # instances per year per 100,000 tickets
    channels: tuple[str, ...]  # channel of the first step, then of the others


PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "nieuwe_medewerker",
        "Nieuwe medewerker",
        "New employee",
        45,
        ("FAZ-PAS", "ICT-ACCOUNT", "FAZ-WERKPLEK", "PO-DOSSIER", "PO-INTRO"),
        350,
        ("servicepagina", "email"),
    ),
    Pattern(
        "verhuizing",
        "Verhuizing",
        "Office move",
        90,
        ("FAZ-VERHUIS", "ICT-NETWERK", "ICT-TELEFOON", "FAZ-MEUBILAIR"),
        120,
        ("servicepagina", "email"),
    ),
    Pattern(
        "afhandeling_burgerbrieven",
        "Afhandeling burgerbrieven",
        "Handling citizens' letters",
        135,
        ("CI-BRIEF-REG", "CI-BRIEF-ANTW", "CI-ARCHIEF"),
        900,
        ("post", "email"),
    ),
    Pattern(
        "vertrek_medewerker",
        "Vertrek medewerker",
        "Employee leaving",
        45,
        ("PO-UITDIENST", "ICT-ACCBLOK", "FAZ-PASINNAME"),
        300,
        ("servicepagina", "email"),
    ),
)

MANTEL_STANDARDS: tuple[tuple[str, str, str, str, float], ...] = (
    ("MS-01", "Afhandeling binnen norm", "Resolution within norm", "resolution_within_norm", 0.90),
    ("MS-02", "Reactie binnen norm", "Response within norm", "response_within_norm", 0.95),
    ("MS-03", "Eerstelijnsoplossing servicedesk", "First-line resolution", "first_line_resolution", 0.65),
    (
        "MS-04",
        "Klachten binnen wettelijke termijn",
        "Complaints within legal term",
        "complaints_within_legal_term",
        0.95,
    ),
    ("MS-05", "Oppakken SIA-escalatie (uren)", "Escalation pick-up (hours)", "escalation_pickup_hours", 16.0),
    ("MS-06", "Heropende meldingen", "Reopen rate", "reopen_rate", 0.05),
    ("MS-07", "Klachten per 1.000 meldingen", "Complaints per 1,000 tickets", "complaints_per_1000", 2.0),
)

# Baseline FTE and monthly material budget (EUR) per directorate, and the reduction each
# reaches by the end of the period: the GD as a whole nears 20%, ICT and SIA do not.
COST_PLAN: dict[str, tuple[float, float, float]] = {
    "FAZ": (120, 450_000, 0.25),
    "FB": (45, 40_000, 0.22),
    "CI": (55, 120_000, 0.21),
    "ICT": (90, 380_000, 0.10),
    "PO": (50, 60_000, 0.22),
    "SD": (18, 10_000, 0.20),
    "SIA": (8, 5_000, 0.05),
}
COST_PER_FTE_MONTH = 6_500.0

# Clients whose plus-DVA was renegotiated halfway (a second version with a changed norm).
RENEWED_DVA_CLIENTS: tuple[str, ...] = ("DGV-POL", "DGOB-CZW", "DGMOS-IOS", "JUS")
