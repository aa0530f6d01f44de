"""Each feed of the demo, exported as its profile's CSV and imported through the CLI: into the demo
itself nothing changes; into the demo with that feed emptied, the table equals the demo's."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from gdmetrics.cli import main
from gdmetrics.feeds.spec import FEEDS, READY

ORDER = ("costs", "complaints", "escalations", "charges", "quotes")  # quotes refer to escalations


def _table(path: Path, table: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
    finally:
        con.close()


def test_demo_feeds_round_trip(demo_db_path: Path, tmp_path: Path, capsys) -> None:
    assert set(ORDER) == set(READY)
    demo = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db_path, demo)
    files = {}
    for feed in ORDER:
        files[feed] = tmp_path / f"{feed}.csv"
        assert main(["export-feed", "--db", str(demo), "--feed", feed, "--out", str(files[feed])]) == 0
    capsys.readouterr()
    for feed in ORDER:  # into the demo itself: every row unchanged, nothing published
        assert main(["import-feed", "--db", str(demo), "--feed", feed, str(files[feed])]) == 0
        out = capsys.readouterr().out
        assert " 0 added, 0 updated," in out and "published" not in out, out
    empty = tmp_path / "empty.duckdb"
    shutil.copyfile(demo_db_path, empty)
    con = duckdb.connect(str(empty))
    for feed in reversed(ORDER):
        con.execute(f"DELETE FROM {FEEDS[feed].table}")
    con.close()
    for feed in ORDER:
        assert main(["import-feed", "--db", str(empty), "--feed", feed, str(files[feed])]) == 0
        rows = _table(demo_db_path, FEEDS[feed].table)
        assert rows, f"the demo has no {feed}"
        assert _table(empty, FEEDS[feed].table) == rows, feed
