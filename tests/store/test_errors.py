"""Every database error, forced for real, becomes one explained line: Dutch or English on a page,
exit code 2 and one line from the CLI, never a traceback."""

from __future__ import annotations

import resource
import signal
from pathlib import Path

import duckdb
import pytest

from gdmetrics import store
from gdmetrics.db import connect
from gdmetrics.store.errors import explain

from .conftest import cli, export


def _one_line(run, kind: str) -> str:
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and f"[{kind}:" in last, run.stderr
    return last


def test_lock_held(db: Path):
    with store.writer(db, actor="test", reason="holding"):
        with pytest.raises(store.WriterBusy) as busy:
            with store.writer(db, actor="test", reason="second", timeout=0.2):
                pass
    problem = explain(busy.value)
    assert problem.kind == "lock_held" and "wordt op dit moment bijgewerkt" in problem.text("nl")
    assert "pid" in problem.text("en") and "Try again" in problem.text("en")


def test_lock_held_by_a_program_outside_the_store(tmp_path: Path):
    path = tmp_path / "raw.duckdb"
    con = duckdb.connect(str(path))  # holds DuckDB's own file lock
    run = cli("figure", "ticket_volume", "--db", str(path))
    con.close()
    # DuckDB's own lock, held by another process (a program not using the store).
    _one_line(run, "lock_held")


def test_write_conflict():
    con = duckdb.connect()
    con.execute("CREATE TABLE t (x INTEGER PRIMARY KEY, y INTEGER); INSERT INTO t VALUES (1, 1)")
    first, second = con.cursor(), con.cursor()
    first.execute("BEGIN")
    second.execute("BEGIN")
    first.execute("UPDATE t SET y = 2")
    with pytest.raises(duckdb.TransactionException) as conflict:
        second.execute("UPDATE t SET y = 3")
    problem = explain(conflict.value)
    assert problem.kind == "write_conflict" and "niets opgeslagen" in problem.text("nl")


def test_out_of_memory():
    con = duckdb.connect()
    con.execute("SET memory_limit = '8MB'")
    with pytest.raises(duckdb.OutOfMemoryException) as oom:
        con.execute("SELECT list(range) FROM range(5000000) GROUP BY range % 500000").fetchall()
    problem = explain(oom.value)
    assert problem.kind == "out_of_memory" and "GD_DUCKDB_MEMORY_LIMIT" in problem.text("nl")


def test_disk_full(db: Path, tmp_path: Path):
    """A file size limit stands in for a full disk: the writer's copy fails with EFBIG."""
    big = tmp_path / "big.csv"
    big.write_bytes(export("D", 10))

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    run = cli("import", "--db", str(db), "--profile", "generic", str(big), preexec_fn=small_files)
    last = _one_line(run, "disk_full")
    assert "disk is full" in last
    assert store.current(db).number == 1  # nothing published
    assert explain(store.DiskFull(tmp_path, 10, 1)).kind == "disk_full"


def test_corrupt_file(tmp_path: Path):
    path = tmp_path / "kapot.duckdb"
    path.write_bytes(b"\x00garbage" * 5000)
    last = _one_line(cli("figure", "ticket_volume", "--db", str(path)), "corrupt")
    assert "restore" in last


def test_foreign_file(tmp_path: Path):
    path = tmp_path / "ander.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE iets (x INTEGER)")
    _one_line(cli("figure", "ticket_volume", "--db", str(path)), "foreign")


def test_other_schema_version(tmp_path: Path):
    path = tmp_path / "toekomst.duckdb"
    connect(path).execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'").close()
    last = _one_line(cli("figure", "ticket_volume", "--db", str(path)), "schema_version")
    assert "another version of the GD Dashboard (schema 99)" in last


def test_missing_database(tmp_path: Path):
    _one_line(cli("figure", "ticket_volume", "--db", str(tmp_path / "nergens.duckdb")), "missing")


def test_every_kind_has_both_languages():
    from gdmetrics import text
    from gdmetrics.store.errors import MESSAGES

    for kind, nl in MESSAGES.items():
        en = text.catalogue("en").get((None, nl))
        assert nl and en and nl != en, kind
