"""The database as a service: many readers, one writer at a time, atomic publish, undo, backups.

DuckDB allows one process to write a file or many to read it, never both. The dashboard must
serve while a nightly import runs, from several replicas on shared storage, so:

* **Readers read the published version, read-only.** `open_reader(db)` resolves the published
  file to its immutable version file (`current(db)`) and opens that read-only. Readers never
  take a lock and never wait for a writer; a reader that is in a query while a version is
  published finishes on the old one (an open file outlives its rename and its removal). The
  version file's path is the version's identity: the app keys its cached connection and every
  `st.cache_data` entry on it, so the next run after a publish reads the new version and old
  connections age out of the cache.
* **Every write goes through `writer(db, actor=..., reason=...)`**: the import CLI and page, the
  norm editor, role changes, the demo build, undo, restore, and the schema upgrade / refresh of
  derived tables. It takes the writer lock (`<db>.lock`; a second writer waits
  `writer_lock_timeout_s`, then gets WriterBusy naming the holder's pid, command and start),
  copies the published file to a work file, lets the caller write there, makes the derived
  tables (calendar, SLA verdicts) current, CHECKPOINTs, fsyncs, links the work file into the
  versions directory and publishes it with one atomic `rename` over `<db>`. A data-changing
  write's audit line goes into the same work file, so it is published with the change or not
  at all.
* **A killed writer loses nothing.** Until the rename the published file is untouched; after it
  the new version is complete. The kernel drops the lock of a dead process; the next writer
  removes work files and never-published versions it left (versions.clean_stale).
* **Undo** (recovery.rollback): the last `keep_versions` versions stay on disk; one of the latest
  `undo_depth` writes can be undone by publishing the version before it again. The rule that
  cleans old versions: after each publish, all but the newest `keep_versions` are removed.
* **Events that change no data** (sign-ins, report downloads, failed imports) go to an
  append-only SQLite file beside the database (events), not into a new version.
* **Errors** become one explained sentence (errors.explain), never a traceback.

Why copy and rename rather than `ATTACH` and `COPY FROM DATABASE` into a new file: a file copy
runs at disk speed (sendfile; a reflink on XFS/Btrfs) and keeps every index, sequence and
constraint exactly, while DuckDB 2.0.1 refuses `COPY FROM DATABASE` (and `EXPORT DATABASE`) for
our schema: it copies `client` in an order that breaks its self-referencing foreign key
(bench/publish.py shows the refusal). A copy costs disk space of one database per version kept
(docs/operations.md has the numbers).
"""

from gdmetrics.store.errors import DbProblem, explain
from gdmetrics.store.events import events_frame, record
from gdmetrics.store.lock import Holder, WriterBusy
from gdmetrics.store.reader import Published, current, open_reader, refresh
from gdmetrics.store.recovery import backup, restore, rollback, undoable
from gdmetrics.store.versions import Version, history
from gdmetrics.store.writer import DiskFull, Writer, writer


def register(subparsers) -> None:
    """The store's sub-commands (versions, rollback, backup, restore, prepare)."""
    from gdmetrics.store.command import register as _register

    _register(subparsers)


__all__ = [
    "DbProblem",
    "DiskFull",
    "Holder",
    "Published",
    "Version",
    "Writer",
    "WriterBusy",
    "backup",
    "current",
    "events_frame",
    "explain",
    "history",
    "open_reader",
    "record",
    "refresh",
    "register",
    "restore",
    "rollback",
    "undoable",
    "writer",
]
