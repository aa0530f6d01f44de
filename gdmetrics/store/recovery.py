"""Undoing writes (rollback to the version before one), backups and restoring them.

Undo: beheer picks one of the latest `undo_depth` published versions; the content of the
version *before* it is published again as a new version, so that write and every write after it
are undone, and the undo itself can be undone. What is not data travels along from the current
version: the audit log (history is never undone; the undo adds its own `rollback` line) and the
roles (taking back an import must not take back a role granted after it).

Backup: a published version file is never changed after it is published, so copying it while
the dashboard serves and writers publish gives a consistent file without any lock (the copy
reads through a descriptor opened first, so a publish during the copy does not matter).
Restore publishes a backup as a new version through the writer path, audit log carried over.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import duckdb

from gdmetrics.settings import Settings, get_settings
from gdmetrics.store.reader import current
from gdmetrics.store.versions import Version, fsync_file, history
from gdmetrics.store.writer import writer


def undoable(db: Path | str, settings: Settings | None = None) -> list[Version]:
    """The latest writes that may be undone, newest first: the newest `undo_depth` versions that
    still have the version before them on disk."""
    settings = settings or get_settings()
    versions = history(Path(db))
    return [v for i, v in enumerate(versions[: settings.undo_depth]) if i + 1 < len(versions)]


def _sql_text(value: str) -> str:
    """A string literal for the one statement that takes no parameters (ATTACH); our own paths only."""
    return "'" + value.replace("'", "''") + "'"


def carry_over(con: duckdb.DuckDBPyConnection, source: Path, *, roles: bool) -> None:
    """Copy from `source` what an undo or restore must not lose: the audit lines newer than this
    copy's, and (with `roles`) the roles and client scopes."""
    con.execute(f"ATTACH {_sql_text(str(source))} AS carried (READ_ONLY)")
    try:
        con.execute(
            """INSERT INTO audit_log (happened_at, actor, action, detail)
               SELECT happened_at, actor, action, detail FROM carried.audit_log
               WHERE id > (SELECT coalesce(max(id), 0) FROM audit_log) ORDER BY id"""
        )
        if roles:
            # One statement at a time (each its own transaction): DuckDB refuses to delete a key
            # whose referencing rows went in the same transaction. The copy is published whole or
            # not at all, so these steps need no transaction around them.
            con.execute("DELETE FROM user_client_scope")
            con.execute("DELETE FROM user_role")
            con.execute(
                """INSERT INTO user_role SELECT r.email, r.name, r.role,
                          CASE WHEN r.accountmanager_id IN (SELECT id FROM accountmanager)
                               THEN r.accountmanager_id END, r.updated_at, r.updated_by
                   FROM carried.user_role r"""
            )
            con.execute(
                """INSERT INTO user_client_scope SELECT * FROM carried.user_client_scope
                   WHERE client_code IN (SELECT code FROM client)"""
            )
    finally:
        con.execute("DETACH carried")


def _audit(con: duckdb.DuckDBPyConnection, actor: str, action: str, detail: str) -> None:
    from gdmetrics.access import audit

    audit(con, actor, action, detail)


def rollback(db: Path | str, number: int, *, actor: str, settings: Settings | None = None) -> Version:
    """Undo version `number` and every version after it (see the module docstring); returns the
    new version. ValueError when `number` is not one of `undoable`."""
    db, settings = Path(db), settings or get_settings()
    choices = undoable(db, settings)
    target = next((v for v in choices if v.number == number), None)
    if target is None:
        offered = ", ".join(f"v{v.number}" for v in choices) or "none"
        raise ValueError(f"version v{number} cannot be undone; the latest writes that can: {offered}")
    versions = history(db)
    before = versions[versions.index(target) + 1]
    undone = [v for v in versions if v.number >= number]
    newest = versions[0]
    what = "; ".join(f"v{v.number} {v.kind} by {v.actor or '?'}: {v.reason}" for v in undone)
    detail = f"back to v{before.number}, undoing {what}"
    with writer(
        db,
        actor=actor,
        reason=f"undo v{number} (back to v{before.number})",
        kind="rollback",
        settings=settings,
        start_from=before.file,
    ) as w:
        if w.base is None or w.base.number != newest.number:
            raise ValueError("the database changed while the undo was prepared; look at the versions again")
        carry_over(w.con, newest.file, roles=True)
        _audit(w.con, actor, "rollback", detail)
    return w.published


def backup(db: Path | str, out_dir: Path | str) -> Path:
    """Copy the published version into `out_dir` (a new file named after the database, the moment
    and the version); checked by opening it before it gets its final name."""
    from gdmetrics.db import connect

    db, out_dir = Path(db), Path(out_dir)
    version = current(db)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    number = f"-v{version.number}" if version.number is not None else ""
    target = out_dir / f"{db.stem}-{stamp}{number}.duckdb"
    tmp = target.with_name(target.name + ".tmp")
    with open(version.file, "rb") as source, open(tmp, "wb") as out:
        shutil.copyfileobj(source, out, length=16 * 2**20)
    try:
        fsync_file(tmp)
        connect(tmp, read_only=True).close()  # a readable database of our schema, or an error
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def restore(
    db: Path | str, backup_file: Path | str, *, actor: str, settings: Settings | None = None
) -> Version:
    """Publish `backup_file` as the new version of `db` (undoable like any write); the audit log
    of the current version is carried over and the restore audited."""
    db, backup_file = Path(db), Path(backup_file)
    if not backup_file.is_file():
        raise FileNotFoundError(f"no backup file at {backup_file}")
    with writer(
        db,
        actor=actor,
        reason=f"restore {backup_file.name}",
        kind="restore",
        settings=settings,
        start_from=backup_file,
    ) as w:
        if w.base is not None:
            carry_over(w.con, w.base.file, roles=False)
        _audit(w.con, actor, "restore", f"restored {backup_file.name}")
    return w.published
