"""Publishing through the one writer path (gdmetrics.store): what it costs, and what readers feel.

For each demo size it prints
- the file size, the time of a publish that changes one row (lock, copy, CHECKPOINT, fsync,
  rename; alone, and while a reader loops on the same machine), and the same new file built with ATTACH + COPY FROM DATABASE instead of a file copy;
- the longest time a reader waited during publishes: a reader process loops "look up the
  published version, open it if new, run a query" while the writer publishes again and again;
  it prints the median and worst loop without and with publishes, and the worst loop that
  switched to a new version (open the new file, first query on it). A reader never waits for
  a lock: what it feels is the switch and the CPU the writer takes;
- the size of the tables as Parquet (EXPORT DATABASE), for docs/operations.md's growth section.

    .venv/bin/python bench/publish.py --sizes 100k,500k --publishes 5
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gdmetrics import store  # noqa: E402
from gdmetrics.demo import DemoParams, build_demo  # noqa: E402

QUERY = "SELECT count(*), avg(CASE WHEN resolution_met THEN 1 ELSE 0 END) FROM ticket_sla"


def _size(text: str) -> int:
    text = text.lower()
    return int(float(text[:-1]) * 1_000_000) if text.endswith("m") else int(float(text[:-1]) * 1000)


def demo(size: str) -> Path:
    """bench/publish-<size>.duckdb, built once (a plain file: every run copies it first)."""
    path = ROOT / "bench" / f"publish-{size}.duckdb"
    if not path.exists():
        started = time.monotonic()
        tmp = Path(tempfile.mkdtemp(dir=ROOT / "bench", suffix=".tmp")) / "demo.duckdb"
        build_demo(tmp, DemoParams(tickets_per_year=_size(size)))
        shutil.copyfile(tmp, path)
        shutil.rmtree(tmp.parent)
        print(f"built {path.name} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return path


def reader(db: str, stop: mp.Event, out: mp.Queue) -> None:
    """What the app does per run: current version, a connection per version, one query."""
    from gdmetrics.db import connect

    cons: dict[str, duckdb.DuckDBPyConnection] = {}
    waits: list[tuple[float, bool]] = []
    while not stop.is_set():
        started = time.perf_counter()
        key = store.current(db)
        switched = key.key not in cons
        if switched:
            cons = {key.key: connect(key.file, read_only=True)}  # the old one is dropped, as the cache does
        cons[key.key].cursor().execute(QUERY).fetchall()
        waits.append((time.perf_counter() - started, switched))
    out.put(waits[1:])  # the first loop opens the first version: not a publish


def reader_waits(db: Path, publishes: int) -> tuple[list, list, list[float]]:
    """Loop times of a reader alone, and while the writer publishes `publishes` times."""
    results = []
    for writing in (False, True):
        stop, out = mp.Event(), mp.Queue()
        proc = mp.Process(target=reader, args=(str(db), stop, out))
        proc.start()
        time.sleep(1.0)
        times = []
        if writing:
            for n in range(publishes):
                started = time.perf_counter()
                with store.writer(db, actor="bench", reason=f"publish {n}") as w:
                    w.con.execute("INSERT OR REPLACE INTO meta VALUES ('bench', $n)", {"n": str(n)})
                times.append(time.perf_counter() - started)
        else:
            time.sleep(3.0)
        stop.set()
        results.append(out.get())
        proc.join()
        if writing:
            results.append(times)
    alone, during, publish_times = results
    return alone, during, publish_times


def copy_from_database(source: Path, directory: Path) -> float | str:
    """The alternative to a file copy: a new file filled by COPY FROM DATABASE (seconds, or why
    DuckDB refused)."""
    target = directory / "copied.duckdb"
    started = time.perf_counter()
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
        con.execute(f"ATTACH '{target}' AS dst")
        con.execute("COPY FROM DATABASE src TO dst")
        con.execute("CHECKPOINT dst")
    except duckdb.Error as exc:
        return "refused: " + str(exc).splitlines()[0][:90]
    finally:
        con.close()
    return round(time.perf_counter() - started, 2)


def parquet_size(source: Path, directory: Path) -> tuple[int, float]:
    target = directory / "parquet"
    started = time.perf_counter()
    target.mkdir()
    con = duckdb.connect(str(source), read_only=True)
    # Table by table: EXPORT DATABASE refuses our self-referencing foreign key (client.parent_code).
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
        con.execute(f"COPY {table} TO '{target / table}.parquet' (FORMAT parquet, COMPRESSION zstd)")
    con.close()
    seconds = time.perf_counter() - started
    return sum(p.stat().st_size for p in target.rglob("*.parquet")), seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100k", help="demo tickets per year, comma-separated (100k, 1m)")
    parser.add_argument("--publishes", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    for size in args.sizes.split(","):
        source = demo(size)
        with tempfile.TemporaryDirectory(dir=ROOT / "bench", suffix=".tmp") as tmp:
            db = Path(tmp) / "gd.duckdb"
            shutil.copyfile(source, db)
            with store.writer(db, actor="bench", reason="adopt"):
                pass  # the first write adopts the plain file
            quiet = []  # publishes with no reader running
            for n in range(args.publishes):
                started = time.perf_counter()
                with store.writer(db, actor="bench", reason=f"quiet {n}") as w:
                    w.con.execute("INSERT OR REPLACE INTO meta VALUES ('bench', $n)", {"n": str(n)})
                quiet.append(time.perf_counter() - started)
            alone, during, publish_times = reader_waits(db, args.publishes)
            tickets = (
                duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM ticket").fetchone()[0]
            )
            row = {
                "size": size,
                "tickets": tickets,
                "file_mb": round(db.stat().st_size / 2**20, 1),
                "publish_s_median": round(statistics.median(quiet), 2),
                "publish_s_max": round(max(quiet), 2),
                "publish_s_median_with_reader": round(statistics.median(publish_times), 2),
                "copy_from_database_s": copy_from_database(db, Path(tmp)),
                "reader_loop_ms_median_alone": round(statistics.median(w for w, _ in alone) * 1000, 1),
                "reader_loop_ms_max_alone": round(max(w for w, _ in alone) * 1000, 1),
                "reader_loop_ms_median_during": round(statistics.median(w for w, _ in during) * 1000, 1),
                "reader_loop_ms_max_during": round(max(w for w, _ in during) * 1000, 1),
                "reader_switch_ms_max": round(max((w for w, s in during if s), default=0) * 1000, 1),
                "reader_switches": sum(s for _, s in during),
                "reader_loops_during": len(during),
            }
            size_bytes, seconds = parquet_size(db, Path(tmp))
            row["parquet_mb"] = round(size_bytes / 2**20, 1)
            row["parquet_export_s"] = round(seconds, 2)
            rows.append(row)
            print(json.dumps(row) if args.json else "  ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    if os.environ.get("GD_BENCH_OUT"):
        Path(os.environ["GD_BENCH_OUT"]).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
