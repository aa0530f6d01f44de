"""Benchmark every registry figure on big demo databases, beside the bare scan of what it reads.

usage: python bench/figures.py [--sizes 1m,10m] [--runs 5] [--rebuild]

Builds (or reuses) bench/demo-1m.duckdb and bench/demo-10m.duckdb, then for every figure times
the whole data period unsplit, split by month and split by directorate (where the figure
allows it): the median of `--runs` warm runs. Beside each it prints the median time of a bare
DuckDB scan of the columns the figure reads (its floor) and the ratio. Peak memory is the
process's maximum resident set size (DuckDB runs in-process). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gdmetrics.db import open_dashboard_db  # noqa: E402
from gdmetrics.demo import DemoParams, build_demo  # noqa: E402
from gdmetrics.figures import REGISTRY, FigureRequest, compute  # noqa: E402
from gdmetrics.settings import get_settings  # noqa: E402

SIZES = {"1m": 333_334, "10m": 3_333_334}  # tickets per year over 2004-2006


def database(size: str, rebuild: bool) -> Path:
    path = ROOT / "bench" / f"demo-{size}.duckdb"
    if rebuild or not path.exists():
        started = time.perf_counter()
        build_demo(path, DemoParams(tickets_per_year=SIZES[size]), force=True)
        print(f"built {path.name} in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def median_ms(fn, runs: int, *args) -> float:
    fn(*args)  # warm: caches, lazy index and column loads
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn(*args)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def scan(con, sql: str) -> None:
    con.execute(sql).fetchall()


def floor_sql(reads: tuple[str, ...]) -> str:
    """A bare scan of the columns a figure reads: one aggregate per column, no filter, no join."""
    by_table: dict[str, list[str]] = {}
    for item in reads:
        table, _, column = item.partition(".")
        by_table.setdefault(table, []).append(column)
    parts = []
    for table, columns in by_table.items():
        aggregates = ", ".join(f"min(hash({c}))" for c in columns if c) or "count(*)"
        parts.append(f"(SELECT {aggregates} FROM {table})")
    return "SELECT * FROM " + ", ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1m,10m")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    for size in args.sizes.split(","):
        path = database(size, args.rebuild)
        con = open_dashboard_db(path, get_settings())  # read-only; derived tables made current by the writer
        con.execute("SET enable_progress_bar = false")
        tickets = con.execute("SELECT count(*) FROM ticket").fetchone()[0]
        first, last = con.execute(
            "SELECT min(registered_at)::DATE, max(registered_at)::DATE FROM ticket"
        ).fetchone()
        whole = FigureRequest(date_from=first, date_to=last)
        print(f"\n### {path.name}: {tickets:,} tickets, {first} .. {last}, {args.runs} warm runs, median\n")
        print("| figure | unsplit ms | by month ms | by directorate ms | floor ms | worst / floor |")
        print("|---|---:|---:|---:|---:|---:|")
        for figure_id, figure in REGISTRY.items():
            cells = []
            for by in ((), ("month",), ("directorate",)):
                if by and by[0] not in figure.dimensions:
                    cells.append(None)
                    continue
                req = whole.with_(by=by)
                cells.append(median_ms(compute, args.runs, con, figure_id, req))
            floor_query = floor_sql(figure.reads)
            floor = median_ms(scan, args.runs, con, floor_query)
            worst = max(c for c in cells if c is not None)
            shown = " | ".join("–" if c is None else f"{c:.0f}" for c in cells)
            print(f"| {figure_id} | {shown} | {floor:.0f} | {worst / max(floor, 0.5):.1f}x |", flush=True)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
        print(f"\npeak resident memory so far: {peak:.2f} GiB ({dt.datetime.now():%H:%M})")
        con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
