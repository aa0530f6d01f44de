"""What a page or report in one language must not show: codes from the schema's code tables and
words of the other language. Shared by the page and the report language tests."""

from __future__ import annotations

import re

from gdmetrics import text

# Codes that are English words as well ("on a monthly basis", "post"): not evidence of a leftover.
ENGLISH_TOO = frozenset({"basis", "concept", "email", "post", "plus", "dg", "demo", "accountmanager"})


# Code tables whose codes are English identifiers (table names, audit actions): a Dutch page
# showing one is caught by the English word list instead.
ENGLISH_CODES = frozenset({"table", "audit_action", "import_outcome"})


def leftover_codes() -> set[str]:
    """Every code whose English label differs from the code itself (so showing the code is a bug)."""
    return {
        c
        for table, codes in text.CODE_TABLES.items()
        if table not in ENGLISH_CODES
        for c in codes
        if text.code("en", table, c) != c and c.lower() not in ENGLISH_TOO
    }


# Dutch words that never belong in English text (none of them is also an English word).
DUTCH_WORDS = frozenset(
    """
    de het een van niet geen voor naar uit bij tot wordt worden zijn heeft hebben deze dit
    die dat wat welke waar wie hoe ook nog alle alleen geen meer minder dan als maar
    melding meldingen klacht klachten escalatie escalaties directie directies klant klanten
    afnemer afnemers gehaald doel doelpad binnen buiten uren uur dagen maand maanden kwartaal
    jaar periode perioden aantal totaal gemiddeld mediaan oordeel ja nee kies toon
    opgelost gesloten wacht nieuw onbekend verzoek vraag kantooruren gegevens geregistreerd
    kanaal kanalen oplossing reactie werkvoorraad verlopen verloopt termijn afgehandeld
    ontvangen opgepakt oppaktijd reden uitkomst categorie omschrijving bedrag tarief kosten
    financiering gerealiseerd afgesproken afspraak soort regel regels rijen kolom veld
    waarde waarden opslaan intrekken inloggen uitloggen rol rollen gebruiker actie tijdstip
    naam prioriteit geldig vanaf beheer beheren patroon patronen stappen producten
    catalogus offerte offertes besluit aangevraagd verrekend verrekening gespreksonderwerpen
    serviceniveau serviceniveaus overzicht wettelijke mantelnorm mantelnormen gebruik
    pijltjes verschil vorige stand eerste laatste oudste dreigen
    maatwerk maatwerkofferte werkproces pakket behandeling geannuleerd beantwoord
    gegrond ongegrond ingetrokken bejegening bereikbaarheid doorlooptijd kwaliteit informatie
    uitgebracht geaccepteerd afgewezen vervallen operationeel tactisch strategisch
    werkplek stuks persoon rit uitgifte vacature wijziging aanmelding abonnement boeking gesprek
    opdracht werkomgeving vervoer reizen personeel financiën communicatie veiligheid
    medewerker verhuizing calamiteit vertrek leeftijd geëscaleerd gesprek verbruikt
    wordt moet mogen kunnen hier daar eerst opnieuw bestand bestanden kopregel werkblad tabblad
    tekens rij cel cellen leeg lege verplicht verplichte ontbreekt onbekende koppel koppelen
    gekoppeld laad laden geladen importeer importeren instelling grens schijf geheugen
    wijzigingen opgeslagen niets iets iemand probeer vraag afnemer keuze pagina tabel kolommen
    versie versies zonder onder boven tussen vóór gelezen regeleinden aanhalingsteken
    scheidingsteken tegen stond staat staan geeft voorwaarde gelijkblijvend dienstverleningsniveau
    realisatie noemer splitsing groep tekort prognose basisjaar eigen weken gisteren
    vandaag morgen maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari
    maart mei juni juli augustus oktober nog steeds omdat zodat terwijl welk elke ieder
    bijgewerkt gewijzigd toegekend verwijderd ingelogd afgesloten berekend getoond gekozen
    onleesbare datum sleutel afgekeurd ongewijzigd
    """.split()
)

# English words that never belong in Dutch text (for the cheap reverse check).
ENGLISH_WORDS = frozenset(
    """
    the and with within outside target tickets ticket complaints complaint escalations
    choose show rows month quarter year period none unknown yes hours days client clients
    achieved agreed verdict resolution response financing amount count share previous
    unparsable date rejected unchanged
    """.split()
)

_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)


def words(line: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(line)}


def offences(texts: list[str], lang: str, proper_names: tuple[str, ...] = ()) -> list[str]:
    """Each text that shows a code or a word of the other language, with what gives it away.
    `proper_names` (client and account manager names, free-text descriptions) are left out first."""
    names = sorted(proper_names, key=len, reverse=True)
    codes = leftover_codes() if lang == "en" else set()
    foreign = DUTCH_WORDS if lang == "en" else ENGLISH_WORDS
    found: dict[str, None] = {}
    for line in dict.fromkeys(texts):
        plain = line
        for name in names:
            if name and name in plain:
                plain = plain.replace(name, " ")
        bad = sorted(c for c in codes if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", plain))
        bad += sorted(words(plain) & foreign)
        for word in bad:
            at = plain.lower().find(word.lower())
            found[f"{word}  <-  {plain[max(0, at - 60) : at + 60].strip()!r}"] = None
    return list(found)
