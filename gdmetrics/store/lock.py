"""The writer lock: one writer per database at a time, across processes and threads.

A POSIX record lock (`fcntl.lockf`) on `<db>.lock`, not `flock`: record locks also work between
machines on NFS, where replicas on shared storage take it. The kernel (or the NFS server) drops
the lock when its process dies, SIGKILL included, so a dead writer never leaves a lock behind;
the holder's pid, command and start time written into the file are only information for the
line a waiting writer prints, and the next holder overwrites them.

POSIX record locks belong to a process, not to a thread: two Streamlit sessions of one server
would both "get" it. A per-file `threading.Lock` in this module orders the threads of one process
first; it is the only module-level mutable state of the store and guards nothing else.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
import socket
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.05

_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) the writer lock, as written into the lock file."""

    pid: int
    command: str
    since: str  # ISO moment, local time
    host: str
    reason: str = ""

    def text(self) -> str:
        at = self.since.replace("T", " ")[:19]
        return f"pid {self.pid} on {self.host} ({self.command}; {self.reason or 'write'}) since {at}"


class WriterBusy(RuntimeError):
    """Another writer held the lock for longer than we were willing to wait."""

    def __init__(self, db: Path, holder: Holder | None, waited: float) -> None:
        self.db, self.holder, self.waited = db, holder, waited
        who = holder.text() if holder else "another process"
        super().__init__(
            f"{db} is being written by {who}; waited {waited:.0f} s. Try again when it has finished, "
            "or raise GD_WRITER_LOCK_TIMEOUT_S to wait longer."
        )


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def _thread_lock(db: Path) -> threading.Lock:
    key = str(db.resolve())
    with _thread_locks_guard:
        return _thread_locks.setdefault(key, threading.Lock())


def read_holder(db: Path) -> Holder | None:
    """The holder information in the lock file, if any (it may describe a finished writer)."""
    try:
        data = json.loads(lock_path(db).read_text(encoding="utf-8") or "null")
        return Holder(**data) if data else None
    except (OSError, ValueError, TypeError):
        return None


def _command() -> str:
    args = [Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python", *sys.argv[1:]]
    text = " ".join(args)
    return text if len(text) <= 120 else text[:117] + "..."


class WriterLock:
    """Hold the writer lock of `db` for a `with` block; waits up to `timeout` seconds."""

    def __init__(self, db: Path, timeout: float, reason: str = "") -> None:
        self.db, self.timeout, self.reason = Path(db), timeout, reason
        self._fd: int | None = None
        self._thread_lock = _thread_lock(self.db)

    def __enter__(self) -> WriterLock:
        started = time.monotonic()
        if not self._thread_lock.acquire(timeout=self.timeout if self.timeout > 0 else 0.001):
            raise WriterBusy(self.db, read_holder(self.db), time.monotonic() - started)
        try:
            self._take_file_lock(started)
        except BaseException:
            self._thread_lock.release()
            raise
        return self

    def _take_file_lock(self, started: float) -> None:
        self.db.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path(self.db), os.O_RDWR | os.O_CREAT, 0o664)
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    os.close(fd)
                    raise
            waited = time.monotonic() - started
            if waited >= self.timeout:
                os.close(fd)
                raise WriterBusy(self.db, read_holder(self.db), waited)
            time.sleep(POLL_SECONDS)
        self._fd = fd
        holder = Holder(
            os.getpid(),
            _command(),
            dt.datetime.now().isoformat(timespec="seconds"),
            socket.gethostname(),
            self.reason,
        )
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder.__dict__).encode(), 0)

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._fd is not None:
                os.ftruncate(self._fd, 0)  # no holder: what a waiting writer reads is current
                fcntl.lockf(self._fd, fcntl.LOCK_UN)
                os.close(self._fd)
                self._fd = None
        finally:
            self._thread_lock.release()
