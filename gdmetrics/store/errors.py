"""What a database error means for the user: one clear sentence in Dutch or English, saying what
to do, instead of a traceback. The page shows `text(lang)`; the CLI prints `line()` (in English,
as every command-line message) and exits 2. The sentences are Dutch messages of the text
catalogue (gdmetrics.text), their English in en.po.

The kinds: lock_held (another writer), write_conflict, out_of_memory, disk_full, corrupt (not a
DuckDB file, or a damaged one), foreign (a DuckDB file that is not ours), schema_version (ours,
but of another schema version), missing (no database yet), and database (any other DuckDB error).
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import duckdb

from gdmetrics.schema import SchemaVersionError
from gdmetrics.store.lock import WriterBusy
from gdmetrics.text import N_, tr

# The technical detail is cut to one line of this length (the CLI line, the page's small print).
DETAIL_CHARS = 300

MESSAGES: dict[str, str] = {
    "lock_held": N_(
        "De database wordt op dit moment bijgewerkt door een andere import of wijziging ({who}). "
        "Probeer het over een paar minuten opnieuw."
    ),
    "write_conflict": N_(
        "Iemand anders wijzigde dezelfde gegevens tegelijk; er is niets opgeslagen. Probeer het opnieuw."
    ),
    "out_of_memory": N_(
        "Deze vraag heeft meer geheugen nodig dan is toegestaan. Kies een kortere periode of "
        "minder uitsplitsing, of vraag beheer GD_DUCKDB_MEMORY_LIMIT te verhogen."
    ),
    "disk_full": N_(
        "De schijf van de database is vol; er is niets gewijzigd. Vraag beheer ruimte vrij te "
        "maken (bijvoorbeeld oude versies of back-ups) en probeer het opnieuw."
    ),
    "corrupt": N_(
        "Het databasebestand is beschadigd of geen DuckDB-database. Vraag beheer de laatste "
        "back-up terug te zetten (python -m gdmetrics restore) of een vorige versie (python -m "
        "gdmetrics rollback)."
    ),
    "foreign": N_(
        "Het ingestelde bestand is geen database van het GD Dashboard. Vraag beheer GD_DB naar de "
        "juiste database te laten wijzen."
    ),
    "schema_version": N_(
        "De database is gemaakt door een andere versie van het GD Dashboard ({found}). Vraag "
        "beheer de software bij te werken of een passende back-up terug te zetten."
    ),
    "missing": N_(
        "Er is nog geen database. Beheer kan de demodatabase bouwen (python -m gdmetrics demo) of "
        "een export importeren."
    ),
    "database": N_(
        "De database gaf een onverwachte fout; er is niets gewijzigd. Probeer het opnieuw, en "
        "meld het beheer als het blijft gebeuren."
    ),
}

DB_ERRORS = (duckdb.Error, SchemaVersionError, WriterBusy, MemoryError, OSError)


@dataclass(frozen=True)
class DbProblem:
    """One database error, explained."""

    kind: str
    message: str  # Dutch, a message of the text catalogue
    values: Mapping[str, str]
    detail: str

    def text(self, lang: str = "nl") -> str:
        return tr(lang, self.message, **self.values)

    def line(self) -> str:
        """The CLI's one line: the explanation (in English, the command line's language) and the
        technical detail."""
        return f"error: {self.text('en')} [{self.kind}: {self.detail}]"


def _disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return True
    text = str(exc).lower()
    return isinstance(exc, duckdb.Error) and any(
        s in text for s in ("no space left", "file too large", "disk quota", "could not write all bytes")
    )


def kind_of(exc: BaseException) -> str | None:
    """The kind of database error `exc` is, or None when it is not one."""
    text = str(exc)
    if isinstance(exc, WriterBusy) or (isinstance(exc, duckdb.IOException) and "lock" in text.lower()):
        return "lock_held"
    if isinstance(exc, duckdb.TransactionException) and "conflict" in text.lower():
        return "write_conflict"
    if isinstance(exc, duckdb.OutOfMemoryException | MemoryError):
        return "out_of_memory"
    if _disk_full(exc):
        return "disk_full"
    if isinstance(exc, SchemaVersionError):
        return "foreign" if "not a GD Dashboard database" in text else "schema_version"
    if isinstance(exc, FileNotFoundError) and "No database at" in text:
        return "missing"
    if isinstance(exc, duckdb.Error) and any(
        s in text
        for s in (
            "not a valid DuckDB database",
            "Could not read enough bytes",
            "Corrupt",
            "checksum",
            "Serialization",
            "deserializ",
        )
    ):
        return "corrupt"
    if isinstance(exc, duckdb.SerializationException):
        return "corrupt"
    if isinstance(exc, duckdb.Error):
        return "database"
    return None


def explain(exc: BaseException) -> DbProblem | None:
    """The explanation of a database error, or None when `exc` is something else."""
    kind = kind_of(exc)
    if kind is None:
        return None
    fields = {"who": "", "found": ""}
    if isinstance(exc, WriterBusy):
        fields["who"] = exc.holder.text() if exc.holder else "?"
    elif kind == "lock_held":
        fields["who"] = "?"
    if kind == "schema_version":
        words = text_after(str(exc), "schema version ")
        fields["found"] = f"schema {words}" if words else "?"
    detail = " ".join(str(exc).split())[:DETAIL_CHARS]
    return DbProblem(kind, MESSAGES[kind], MappingProxyType(fields), detail)


def text_after(text: str, marker: str) -> str:
    """The word after `marker` in `text` ('' when absent)."""
    _, found, rest = text.partition(marker)
    return rest.split()[0].rstrip(";,.") if found and rest.split() else ""
