"""What a database error means for the user: one clear sentence in Dutch or English, saying what
to do, instead of a traceback. The page shows `text(lang)`; the CLI prints `line()` and exits 2.

The kinds: lock_held (another writer), write_conflict, out_of_memory, disk_full, corrupt (not a
DuckDB file, or a damaged one), foreign (a DuckDB file that is not ours), schema_version (ours,
but of another schema version), missing (no database yet), and database (any other DuckDB error).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

import duckdb

from gdmetrics.schema import SchemaVersionError
from gdmetrics.store.lock import WriterBusy

# The technical detail is cut to one line of this length (the CLI line, the page's small print).
DETAIL_CHARS = 300

MESSAGES: dict[str, tuple[str, str]] = {
    "lock_held": (
        "De database wordt op dit moment bijgewerkt door een andere import of wijziging ({who}). "
        "Probeer het over een paar minuten opnieuw.",
        "The database is being updated by another import or change right now ({who}). "
        "Try again in a few minutes.",
    ),
    "write_conflict": (
        "Iemand anders wijzigde dezelfde gegevens tegelijk; er is niets opgeslagen. Probeer het opnieuw.",
        "Someone else changed the same data at the same time; nothing was saved. Try again.",
    ),
    "out_of_memory": (
        "Deze vraag heeft meer geheugen nodig dan is toegestaan. Kies een kortere periode of minder "
        "uitsplitsing, of vraag beheer GD_DUCKDB_MEMORY_LIMIT te verhogen.",
        "This request needs more memory than allowed. Choose a shorter period or fewer splits, or ask "
        "the administrators to raise GD_DUCKDB_MEMORY_LIMIT.",
    ),
    "disk_full": (
        "De schijf van de database is vol; er is niets gewijzigd. Vraag beheer ruimte vrij te maken "
        "(bijvoorbeeld oude versies of back-ups) en probeer het opnieuw.",
        "The database's disk is full; nothing was changed. Ask the administrators to free space (old "
        "versions or backups, for instance) and try again.",
    ),
    "corrupt": (
        "Het databasebestand is beschadigd of geen DuckDB-database. Vraag beheer de laatste back-up "
        "terug te zetten (python -m gdmetrics restore) of een vorige versie (python -m gdmetrics rollback).",
        "The database file is damaged or not a DuckDB database. Ask the administrators to restore the "
        "latest backup (python -m gdmetrics restore) or a previous version (python -m gdmetrics rollback).",
    ),
    "foreign": (
        "Het ingestelde bestand is geen database van het GD Dashboard. Vraag beheer GD_DB naar de "
        "juiste database te laten wijzen.",
        "The configured file is not a GD Dashboard database. Ask the administrators to point GD_DB at "
        "the right database.",
    ),
    "schema_version": (
        "De database is gemaakt door een andere versie van het GD Dashboard ({found}). Vraag beheer "
        "de software bij te werken of een passende back-up terug te zetten.",
        "The database was made by another version of the GD Dashboard ({found}). Ask the "
        "administrators to update the software or restore a matching backup.",
    ),
    "missing": (
        "Er is nog geen database. Beheer kan de demodatabase bouwen (python -m gdmetrics demo) of een "
        "export importeren.",
        "There is no database yet. The administrators can build the demo database (python -m gdmetrics "
        "demo) or import an export.",
    ),
    "database": (
        "De database gaf een onverwachte fout; er is niets gewijzigd. Probeer het opnieuw, en meld het "
        "beheer als het blijft gebeuren.",
        "The database reported an unexpected error; nothing was changed. Try again, and tell the "
        "administrators if it keeps happening.",
    ),
}

DB_ERRORS = (duckdb.Error, SchemaVersionError, WriterBusy, MemoryError, OSError)


@dataclass(frozen=True)
class DbProblem:
    """One database error, explained."""

    kind: str
    nl: str
    en: str
    detail: str

    def text(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl

    def line(self) -> str:
        """The CLI's one line: the explanation and the technical detail."""
        return f"error: {self.en} [{self.kind}: {self.detail}]"


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
    nl, en = MESSAGES[kind]
    fields = {"who": "", "found": ""}
    if isinstance(exc, WriterBusy):
        fields["who"] = exc.holder.text() if exc.holder else "?"
    elif kind == "lock_held":
        fields["who"] = "?"
    if kind == "schema_version":
        words = text_after(str(exc), "schema version ")
        fields["found"] = f"schema {words}" if words else "?"
    detail = " ".join(str(exc).split())[:DETAIL_CHARS]
    return DbProblem(kind, nl.format(**fields), en.format(**fields), detail)


def text_after(text: str, marker: str) -> str:
    """The word after `marker` in `text` ('' when absent)."""
    _, found, rest = text.partition(marker)
    return rest.split()[0].rstrip(";,.") if found and rest.split() else ""
