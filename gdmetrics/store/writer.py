"""The one writer path: lock, copy, write, make derived tables current, publish, keep the old.

    with writer(db, actor="cli:jan", reason="import incidenten.csv", kind="import") as w:
        import_file(w.con, "incidenten.csv", "topdesk")

On leaving the block without an exception the new version is published; on an exception (or
`w.discard()`) nothing changes and the work file is removed. See gdmetrics.store for the design.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from gdmetrics.settings import Settings, get_settings
from gdmetrics.store.lock import WriterLock
from gdmetrics.store.versions import (
    Version,
    all_versions,
    clean_stale,
    fsync_dir,
    fsync_file,
    now_text,
    prune,
    published,
    version_file,
    versions_dir,
    write_manifest,
)

# Free space a writer wants before it copies: the copy itself, plus room for DuckDB to grow it.
SPACE_FACTOR = 1.5
SPACE_MARGIN = 64 * 2**20


def _step(name: str) -> None:
    """A named moment of the publish. Tests of a killed writer set GD_STORE_PAUSE_AT to one of
    them: the writer says so on stderr and waits there (GD_STORE_PAUSE_SECONDS, default an hour)
    to be killed or overtaken. Otherwise nothing."""
    if os.environ.get("GD_STORE_PAUSE_AT") == name:
        print(f"store: paused at {name}", file=sys.stderr, flush=True)
        time.sleep(float(os.environ.get("GD_STORE_PAUSE_SECONDS", "3600")))


class DiskFull(OSError):
    """Not enough free space for a writer's copy of the database."""

    def __init__(self, directory: Path, needed: int, free: int) -> None:
        super().__init__(
            errno.ENOSPC,
            f"not enough free disk space in {directory}: a write needs about {needed / 2**20:.0f} MB, "
            f"{free / 2**20:.0f} MB is free",
        )


@dataclass
class Writer:
    """What a `with writer(...)` block gets: the connection to the work copy, and its fate."""

    con: duckdb.DuckDBPyConnection
    db: Path
    base: Version | None  # the version the copy started from (None: a new database)
    number: int  # the version this becomes when published
    published: Version | None = None
    discarded: bool = False
    notes: list[str] = field(default_factory=list)

    def discard(self) -> None:
        """Publish nothing (e.g. every file was already imported); the work copy is removed."""
        self.discarded = True


def _adopt(db: Path, number: int) -> Version:
    """A database never published through the store (built before, or by hand) becomes version
    `number` as it is: a hard link, no copy."""
    wal = db.with_name(db.name + ".wal")
    if wal.exists():
        raise RuntimeError(
            f"{db} has a write-ahead log ({wal.name}): another program has it open for writing, or it "
            "stopped without closing it. Stop that program, or open the file once with DuckDB to replay "
            "the log, then try again."
        )
    version = Version(
        number,
        version_file(db, number),
        now_text(),
        "",
        "adopt",
        "the database as found, before its first write through the store",
        db.stat().st_size,
    )
    write_manifest(version)
    os.link(db, version.file)
    return version


def _check_space(db: Path, directory: Path) -> None:
    size = db.stat().st_size if db.exists() else 0
    needed = int(size * SPACE_FACTOR) + SPACE_MARGIN
    free = shutil.disk_usage(directory).free
    if free < needed:
        raise DiskFull(directory, needed, free)


def is_current(con: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    """Are the derived tables (calendar, SLA verdicts) current for this code and these settings?"""
    from gdmetrics.calendar import calendar_fingerprint
    from gdmetrics.sla import SLA_VERSION

    meta = dict(con.cursor().execute("SELECT key, value FROM meta").fetchall())
    return meta.get("calendar_fingerprint") == calendar_fingerprint(settings) and (
        meta.get("sla_version") == SLA_VERSION
    )


@contextmanager
def writer(
    db: Path | str,
    *,
    actor: str,
    reason: str,
    kind: str = "write",
    timeout: float | None = None,
    settings: Settings | None = None,
    start_from: Path | None = None,
    fresh: bool = False,
) -> Iterator[Writer]:
    """Write a new version of `db` (see the module docstring).

    The second writer waits up to `timeout` seconds (default: the setting writer_lock_timeout_s)
    and then raises WriterBusy naming the holder. `start_from` starts the copy from another file
    (an older version, a backup) instead of the published one; `fresh` starts from an empty
    database with the schema (the demo build). Before publishing, the calendar
    and SLA verdicts are made current, so no reader ever has to.
    """
    from gdmetrics.db import connect, prepare

    db = Path(db)
    settings = settings or get_settings()
    timeout = settings.writer_lock_timeout_s if timeout is None else timeout
    with WriterLock(db, timeout, reason):
        directory = versions_dir(db)
        directory.mkdir(parents=True, exist_ok=True)
        clean_stale(db)
        base = published(db)
        numbers = [v.number for v in all_versions(db)]
        if base is None and db.exists():
            base = _adopt(db, max(numbers, default=0) + 1)
            numbers.append(base.number)
        number = max(numbers, default=0) + 1
        source = None if fresh else start_from or (db if db.exists() else None)
        _check_space(source or db, directory)
        work = directory / f"tmp-{os.getpid()}-{number}.duckdb"
        con = None
        try:
            if source is not None:
                shutil.copyfile(source, work)
            _step("copied")
            con = connect(work)  # a new file gets the schema; an older one is upgraded here
            w = Writer(con, db, base, number)
            yield w
            if w.discarded:
                return
            _step("written")
            prepare(con, settings)
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('published_version', $n), ('published_at', $at)",
                {"n": str(number), "at": dt.datetime.now().isoformat(sep=" ", timespec="seconds")},
            )
            con.execute("CHECKPOINT")
            con.close()
            con = None
            fsync_file(work)
            _step("checkpointed")
            version = Version(
                number, version_file(db, number), now_text(), actor, kind, reason, work.stat().st_size
            )
            write_manifest(version)
            os.link(work, version.file)
            _step("linked")
            os.replace(work, db)  # the publish: one atomic rename
            _step("renamed")
            fsync_dir(directory)
            fsync_dir(db.parent)
            w.published = version
            prune(db, settings.keep_versions)
        finally:
            if con is not None:
                con.close()
            work.unlink(missing_ok=True)
            work.with_name(work.name + ".wal").unlink(missing_ok=True)
