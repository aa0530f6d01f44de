"""The one writer path: publish, readers on old and new versions, the lock, a killed writer, undo."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from gdmetrics import store
from gdmetrics.importing import import_bytes
from gdmetrics.settings import Settings
from gdmetrics.store.versions import all_versions, versions_dir

from .conftest import TICKETS, cli, export, snapshot, start_cli, ticket_ids, wait_for


def test_a_reader_keeps_its_version_and_sees_the_new_one_on_its_next_look(db: Path):
    first, con = store.open_reader(db)
    with store.writer(db, actor="test", reason="more", kind="import") as w:
        import_bytes(w.con, export("N", 3), "n.csv", "generic")
    assert con.execute("SELECT count(*) FROM ticket").fetchone() == (2,)  # the old version, still served
    second, new = store.open_reader(db)
    assert (first.number, second.number) == (1, 2) and first.key != second.key
    assert new.execute("SELECT count(*) FROM ticket").fetchone() == (5,)
    assert w.published.number == 2 and w.published.kind == "import" and w.published.actor == "test"


def test_a_failed_write_publishes_nothing_and_leaves_no_work_file(db: Path):
    before = snapshot(db)
    with pytest.raises(RuntimeError, match="boom"):
        with store.writer(db, actor="test", reason="fails") as w:
            import_bytes(w.con, export("F", 3), "f.csv", "generic")
            raise RuntimeError("boom")
    assert snapshot(db) == before
    assert [p.name for p in versions_dir(db).iterdir() if p.name.startswith("tmp-")] == []
    assert store.current(db).number == 1


def test_the_writer_makes_derived_tables_current_before_publishing(db: Path):
    """Other working hours: the writer (not a reader) rebuilds the calendar and the verdicts."""
    later = Settings(workday_start="09:00", workday_end="17:00")
    assert store.reader.needs_refresh(store.current(db).file, later)
    store.refresh(db, later)
    assert not store.reader.needs_refresh(store.current(db).file, later)
    assert store.history(db)[0].kind == "prepare"
    store.refresh(db, later)  # current already: no new version
    assert store.current(db).number == 2


def test_a_second_writer_waits_for_the_first(db: Path):
    holder = start_cli(
        "import",
        "--db",
        str(db),
        "--profile",
        "generic",
        str(_file(db, "A", 5)),
        env={"GD_STORE_PAUSE_AT": "written", "GD_STORE_PAUSE_SECONDS": "3"},
    )
    wait_for(holder, "paused at written")
    with pytest.raises(store.WriterBusy) as refused:
        with store.writer(db, actor="test", reason="second", timeout=0.3):
            pass
    assert refused.value.holder.pid == holder.pid
    assert "gdmetrics import" in refused.value.holder.command or "__main__" in refused.value.holder.command
    assert f"pid {holder.pid}" in str(refused.value) and "since" in str(refused.value)
    with store.writer(db, actor="test", reason="waits", timeout=60) as w:  # waits for the first
        import_bytes(w.con, export("W", 2), "w.csv", "generic")
    holder.communicate(timeout=60)
    assert holder.returncode == 0
    assert {i[0] for i in ticket_ids(db)} == {"A", "B", "W"}


def test_two_cli_imports_at_once_one_waits_one_is_refused_with_a_clear_line(db: Path):
    first = start_cli(
        "import",
        "--db",
        str(db),
        "--profile",
        "generic",
        str(_file(db, "A", 50)),
        env={"GD_STORE_PAUSE_AT": "written", "GD_STORE_PAUSE_SECONDS": "30"},
    )
    wait_for(first, "paused at written")
    refused = cli(
        "import",
        "--db",
        str(db),
        "--profile",
        "generic",
        str(_file(db, "R", 5)),
        env={"GD_WRITER_LOCK_TIMEOUT_S": "0.5"},
    )
    waited = cli("import", "--db", str(db), "--profile", "generic", str(_file(db, "C", 5)))
    first.communicate(timeout=120)
    assert first.returncode == 0
    assert refused.returncode == 2
    lines = refused.stderr.strip().splitlines()
    assert lines[-1].startswith("error: ") and f"pid {first.pid}" in lines[-1] and "lock_held" in lines[-1]
    assert "Traceback" not in refused.stderr
    assert waited.returncode == 0, waited.stderr
    ids = ticket_ids(db)
    assert sum(i.startswith("A") for i in ids) == 50 and sum(i.startswith("C") for i in ids) == 5
    assert not any(i.startswith("R") for i in ids)
    events = store.events_frame(db)
    assert "import_failed" in set(events["action"])  # the refused import, for monitoring


@pytest.mark.parametrize("moment", ["copied", "written", "checkpointed", "linked", "renamed"])
def test_sigkill_at_any_moment_of_a_write_loses_nothing(db: Path, moment: str):
    before = snapshot(db)
    proc = start_cli(
        "import",
        "--db",
        str(db),
        "--profile",
        "generic",
        str(_file(db, "K", 20)),
        env={"GD_STORE_PAUSE_AT": moment},
    )
    wait_for(proc, f"paused at {moment}")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    after = snapshot(db)
    if moment == "renamed":  # published whole just before the kill
        assert sum(i.startswith("K") for i in ticket_ids(db)) == 20
    else:  # the published data as it was, and served
        assert after == before
        assert store.current(db).number == 1
    again = cli("import", "--db", str(db), "--profile", "generic", str(_file(db, "N", 3)))
    assert again.returncode == 0, again.stderr
    names = [p.name for p in versions_dir(db).iterdir()]
    assert not [n for n in names if n.startswith("tmp-")], names  # the dead writer's work file is gone
    numbers = [v.number for v in all_versions(db)]
    assert numbers == sorted(numbers) and numbers[-1] == store.current(db).number  # no orphan version
    assert sum(i.startswith("N") for i in ticket_ids(db)) == 3


def test_old_versions_are_cleaned_by_the_rule(db: Path):
    settings = Settings(keep_versions=3, undo_depth=2)
    for n in range(4):
        with store.writer(db, actor="test", reason=f"w{n}", settings=settings) as w:
            import_bytes(w.con, export(f"V{n}", 1), f"v{n}.csv", "generic")
    assert [v.number for v in store.history(db)] == [5, 4, 3]
    assert [v.number for v in store.undoable(db, settings)] == [5, 4]


def test_rollback_undoes_the_last_import_keeps_the_audit_log_and_is_audited(db: Path):
    after_first = snapshot(db, skip=("audit_log",))
    done = cli("import", "--db", str(db), "--profile", "generic", str(_file(db, "U", 4)))
    assert done.returncode == 0, done.stderr
    assert len(ticket_ids(db)) == 6
    back = cli("rollback", "--db", str(db))
    assert back.returncode == 0, back.stderr
    assert "undone v2" in back.stdout
    assert snapshot(db, skip=("audit_log",)) == after_first
    audit = store.open_reader(db)[1].execute("SELECT action, detail FROM audit_log ORDER BY id").fetchall()
    assert [a for a, _ in audit] == ["import", "rollback"]  # the undone import's line stays
    assert "back to v1" in audit[1][1] and "import u-4-" in audit[1][1]
    listed = cli("versions", "--db", str(db))
    assert listed.returncode == 0 and "rollback" in listed.stdout
    refused = cli("rollback", "--db", str(db), "--version", "1")
    assert refused.returncode == 2 and refused.stderr.startswith("error: version v1 cannot be undone")


def test_backup_while_serving_and_restore_give_identical_tables(db: Path, tmp_path: Path):
    _, reader = store.open_reader(db)  # a dashboard reading meanwhile
    made = cli("backup", "--db", str(db), "--out", str(tmp_path / "backups"))
    assert made.returncode == 0, made.stderr
    (backup,) = (tmp_path / "backups").iterdir()
    saved = snapshot(db)
    cli("import", "--db", str(db), "--profile", "generic", str(_file(db, "X", 7)))
    assert len(ticket_ids(db)) == 9
    restored = cli("restore", "--db", str(db), str(backup))
    assert restored.returncode == 0, restored.stderr
    now = snapshot(db)
    audit_now, audit_saved = now.pop("audit_log"), saved.pop("audit_log")
    assert now == saved
    assert set(audit_saved) < set(audit_now)  # the backup's lines, the later import's, the restore
    assert [row[3] for row in audit_now][-2:] == ["import", "restore"]
    assert reader.execute("SELECT count(*) FROM ticket").fetchone() == (2,)


def test_events_from_many_processes(db: Path):
    import subprocess
    import sys

    code = "import sys; from gdmetrics import store; [store.record(sys.argv[1], sys.argv[2], 'sign_in') for _ in range(20)]"
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db), f"user{i}@x.nl"]) for i in range(4)]
    assert [p.wait(timeout=60) for p in procs] == [0] * 4
    frame = store.events_frame(db, limit=1000)
    assert len(frame) == 80 and set(frame["actor"]) == {f"user{i}@x.nl" for i in range(4)}
    assert list(store.events_frame(db, limit=5, actions=("import",)).columns) == [
        "happened_at",
        "actor",
        "action",
        "detail",
    ]


def _file(db: Path, prefix: str, rows: int) -> Path:
    path = db.parent / f"{prefix.lower()}-{rows}-{time.monotonic_ns()}.csv"
    path.write_bytes(export(prefix, rows))
    return path


def test_tickets_fixture_is_the_base(db: Path):
    assert ticket_ids(db) == ["B1", "B2"] and TICKETS.count(b"\n") == 3


def test_status_for_monitoring_names_the_as_of_moment_per_feed_and_failed_imports(db: Path):
    import json

    bad = db.parent / "fout.csv"
    bad.write_bytes(b"id;registered_at;resolved_at\nX1;2024-01-05 09:00;2024-01-04 09:00\n")
    assert cli("import", "--db", str(db), "--profile", "generic", str(bad)).returncode == 2
    run = cli("status", "--db", str(db))
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert found["published_version"] == 1 and found["writer"] is None
    assert found["feeds"] == [{"source": "generic", "tickets": 2, "as_of": "2023-12-04 10:00:00"}]
    assert [i["profile"] for i in found["last_import_per_profile"]] == ["generic"]
    assert [f["action"] for f in found["recent_failed_imports"]] == ["import_rejected"]
    assert "fout.csv" in found["recent_failed_imports"][0]["detail"]
