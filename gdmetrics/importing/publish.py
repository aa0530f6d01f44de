"""One file's import as a new published version: what the CLI and the Gegevens page both call.

Through the one writer path (gdmetrics.store): the dashboard keeps serving the published version
while the file loads into a copy; the import's audit line is written into that copy, so it is
published with the rows or not at all. A rejected file, one whose bytes were imported before
and a failed import change nothing, so they publish nothing and go to the access log instead
(where monitoring finds failed imports).
"""

from __future__ import annotations

from pathlib import Path

from gdmetrics import store
from gdmetrics.access.auditlog import record_read
from gdmetrics.importing.loader import ImportResult, Progress, import_bytes, import_file
from gdmetrics.importing.profiles import Profile
from gdmetrics.importing.reading import FileRejected
from gdmetrics.text import msg


def import_published(
    db: Path | str,
    source: bytes | Path,
    file_name: str,
    profile: str | Profile,
    *,
    actor: str,
    quarantine: bool = False,
    max_bytes: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> tuple[ImportResult, store.Version | None]:
    """Import one file (an upload's bytes, or a path read as a stream) into a new version of `db`;
    returns the result and the version published (None when nothing changed). Raises
    FileRejected / ImportRejected as import_file does, with nothing published."""
    name = profile if isinstance(profile, str) else profile.name
    label = f"{file_name} ({name})"
    try:
        with store.writer(db, actor=actor, reason=f"import {label}", kind="import") as w:
            options = {
                "quarantine": quarantine,
                "max_bytes": max_bytes,
                "force": force,
                "progress": progress,
                "actor": actor,  # the audit line is written in the import's own transaction
            }
            if isinstance(source, bytes):
                result = import_bytes(w.con, source, file_name, profile, **options)
            else:
                result = import_file(w.con, source, profile, file_name=file_name, **options)
            if result.already_imported and w.base is not None:
                w.discard()
            elif progress:
                progress(0.99, msg("publiceren"))
    except FileRejected as exc:
        record_read(db, actor, "import_rejected", f"{label} rejected: {' '.join(str(exc).split())[:500]}")
        raise
    except BaseException as exc:  # any failure, an interrupted import too, leaves a line
        record_read(
            db, actor, "import_failed", f"{label}: {' '.join(str(exc).split())[:500] or type(exc).__name__}"
        )
        raise
    if result.already_imported:
        record_read(db, actor, "import", f"{label}: {result.summary()}")
    return result, w.published
