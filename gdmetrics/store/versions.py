"""Published versions on disk: where they live, which one is published, and how old ones go.

Layout beside the database `gd.duckdb` (all on one file system, so renames and hard links work):

    gd.duckdb                    the published version (a hard link to one file below)
    gd.duckdb.versions/
        v000041.duckdb           a published version, never changed after it was published
        v000041.json             its manifest: when, who, why, what kind of write
        v000042.duckdb           the same file (inode) as gd.duckdb
        v000042.json
        tmp-<pid>-<n>.duckdb     a writer's work in progress (removed when it fails or dies)
    gd.duckdb.lock               the writer lock (gdmetrics.store.lock)
    gd.duckdb.events.sqlite      the access log (gdmetrics.store.events)

Which version is published is decided by one thing only: the inode that `gd.duckdb` names. A
writer killed after it linked its `vN` but before the rename leaves a `vN` newer than the
published one; the next writer (under the lock) removes it as an orphan, together with every
`tmp-*` file. Readers open the `vN` file, never `gd.duckdb` itself: DuckDB shares one database
instance per path within a process, so a path that always names the same bytes is what lets a
reader see a new version at all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

_VERSION_FILE = re.compile(r"^v(\d{6,})\.duckdb$")


@dataclass(frozen=True)
class Version:
    """One published version: its number, file and manifest."""

    number: int
    file: Path
    published_at: str = ""
    actor: str = ""
    kind: str = ""  # import, rollback, restore, prepare, catalogue, roles, demo, adopt, ...
    reason: str = ""
    size: int = 0

    def manifest(self) -> dict:
        data = asdict(self)
        data.pop("file")
        return data


def versions_dir(db: Path) -> Path:
    return db.with_name(db.name + ".versions")


def version_file(db: Path, number: int) -> Path:
    return versions_dir(db) / f"v{number:06d}.duckdb"


def _manifest_path(file: Path) -> Path:
    return file.with_suffix(".json")


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_version(file: Path) -> Version:
    number = int(_VERSION_FILE.match(file.name).group(1))
    try:
        data = json.loads(_manifest_path(file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data.pop("number", None)
    known = {k: v for k, v in data.items() if k in Version.__dataclass_fields__}
    return Version(number, file, **known)


def all_versions(db: Path) -> list[Version]:
    """Every version file on disk, oldest first (orphans of a killed writer included)."""
    directory = versions_dir(db)
    if not directory.is_dir():
        return []
    files = sorted(p for p in directory.iterdir() if _VERSION_FILE.match(p.name))
    return [read_version(p) for p in files]


def published(db: Path) -> Version | None:
    """The version `db` names, found by its inode; None when `db` is a plain (never published)
    file or absent."""
    try:
        ino = os.stat(db).st_ino
    except FileNotFoundError:
        return None
    directory = versions_dir(db)
    if not directory.is_dir():
        return None
    with os.scandir(directory) as entries:
        for entry in entries:
            if _VERSION_FILE.match(entry.name) and entry.inode() == ino:
                return read_version(Path(entry.path))
    return None


def history(db: Path) -> list[Version]:
    """The published version and the ones before it, newest first (orphans left out)."""
    current = published(db)
    if current is None:
        return []
    return [v for v in reversed(all_versions(db)) if v.number <= current.number]


def write_manifest(version: Version) -> None:
    path = _manifest_path(version.file)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(version.manifest(), ensure_ascii=False, indent=1), encoding="utf-8")
    fsync_file(tmp)
    os.replace(tmp, path)


def now_text() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def remove_version(version: Version) -> None:
    version.file.unlink(missing_ok=True)
    _manifest_path(version.file).unlink(missing_ok=True)


def clean_stale(db: Path) -> list[Path]:
    """Under the writer lock: remove what dead writers left (work files, versions never
    published, manifests without a file). Returns what was removed."""
    directory = versions_dir(db)
    if not directory.is_dir():
        return []
    removed: list[Path] = []
    current = published(db)
    top = current.number if current else 0
    for path in list(directory.iterdir()):
        match = _VERSION_FILE.match(path.name)
        stale = (
            path.name.startswith("tmp-")
            or (match is not None and int(match.group(1)) > top)
            or (path.suffix == ".json" and not path.with_suffix(".duckdb").exists())
            or path.name.endswith(".json.tmp")
        )
        if stale:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def prune(db: Path, keep: int) -> list[Version]:
    """The cleaning rule: keep the published version and the `keep - 1` before it; older
    versions are removed. Returns what was removed."""
    gone = history(db)[keep:]
    for version in gone:
        remove_version(version)
    return gone
