"""Benchmark every registry figure on big demo databases against its floor and the targets.

usage: python bench/figures.py [--sizes 1m,3m,10m] [--work DIR] [--runs 5] [--splits month,directorate]
                               [--rebuild] [--figures ID,ID] [--db PATH ...]

Builds each demo database once into `--work` (default bench/, files demo-<size>.duckdb; not
committed) and reuses it after; `--db PATH` (repeatable) times existing databases instead. For
every figure it times a month-aligned period (the whole months the data spans), unsplit and split
by each of `--splits` the figure allows: the median of `--runs` warm runs of `compute` (nothing
is cached between calls; a call slower than 2 s is timed once, its first run). Beside each figure
it prints its floor, the median time of a bare DuckDB scan of only the columns the figure reads
(`Figure.reads`; for the mantel performance, a composition, those of the figures it is made of too:
`reads_of`), and whether every time meets the targets of issue 16: at most 100 ms, and at
most max(5 x floor, 30 ms). Peak memory is the process's maximum resident set size (DuckDB runs
in-process), to hold under 4 GiB. The machine may be shared: the load average is printed before
and after each size; times under load are slower than on an idle machine.

Prints a Markdown table per size, and a summary line per size (for the scale note, docs/scale.md):
the sum and worst of the medians, and how many figures miss a target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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

# Tickets per year; the demo spans 2004-2006, and at most 5M a year (DemoParams), so 30m spans
# 2001-2006 (six years).
SIZES: dict[str, tuple[int, int]] = {
    "1m": (333_334, 2004),
    "3m": (1_000_000, 2004),
    "10m": (3_333_334, 2004),
    "30m": (5_000_000, 2001),
}
LIMIT_MS = 100.0
FLOOR_FACTOR, FLOOR_MIN_MS = 5.0, 30.0
GIB = 1024**3


def database(work: Path, size: str, rebuild: bool) -> Path:
    path = work / f"demo-{size}.duckdb"
    if rebuild or not path.exists():
        per_year, first_year = SIZES[size]
        started = time.perf_counter()
        build_demo(path, DemoParams(tickets_per_year=per_year, first_year=first_year), force=True)
        print(f"built {path} in {time.perf_counter() - started:.0f} s", flush=True)
    return path


SLOW_MS = 2000.0  # a call this slow is timed once (its warm-up run), so the benchmark ends


def median_ms(fn, runs: int, *args) -> float:
    started = time.perf_counter()
    fn(*args)  # warm: caches, lazy index and column loads
    warm = (time.perf_counter() - started) * 1000
    if warm > SLOW_MS:
        return warm
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


def reads_of(con, figure) -> tuple[str, ...]:
    """The columns a figure reads, for its floor. A composition (`mantel_performance`, the one
    figure with `compose`) reads its own tables and what the figures it is made of read: those
    its mantel standards name, and resolution within norm (per DVA). Its declared `reads` alone
    would give it the floor of the small mantel tables (5-6 ms at 10M) while it reads ticket_sla."""
    if figure.compose is None:
        return figure.reads
    named = [
        r[0] for r in con.execute("SELECT DISTINCT figure_id FROM mantel_standard ORDER BY 1").fetchall()
    ]
    parts = [REGISTRY[f] for f in (*named, "resolution_within_norm") if f in REGISTRY]
    return tuple(dict.fromkeys((*figure.reads, *(item for part in parts for item in part.reads))))


def meets(ms: float, floor: float) -> bool:
    return ms <= LIMIT_MS and ms <= max(FLOOR_FACTOR * floor, FLOOR_MIN_MS)


def load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def month_aligned(con) -> FigureRequest:
    """The whole months the tickets span."""
    first, last = con.execute(
        "SELECT min(registered_at)::DATE, max(registered_at)::DATE FROM ticket"
    ).fetchone()
    start = first.replace(day=1)
    end = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return FigureRequest(date_from=start, date_to=end)


def bench_size(path: Path, args: argparse.Namespace) -> None:
    con = open_dashboard_db(path, get_settings())  # read-only; derived tables made current by the writer
    con.execute("SET enable_progress_bar = false")
    tickets = con.execute("SELECT count(*) FROM ticket").fetchone()[0]
    rollup_rows = con.execute("SELECT count(*) FROM month_rollup").fetchone()[0]
    whole = month_aligned(con)
    splits = [s for s in args.splits.split(",") if s]
    figures = args.figures.split(",") if args.figures else list(REGISTRY)
    print(
        f"\n### {path.name}: {tickets:,} tickets ({rollup_rows:,} rollup rows), {whole.date_from} .. "
        f"{whole.date_to}, median of {args.runs} warm runs; load average before: {load()}\n"
    )
    print(
        f"| figure | unsplit ms | {' | '.join(f'by {s} ms' for s in splits)} | floor ms | worst / floor | met |"
    )
    print(f"|---|---:|{'---:|' * len(splits)}---:|---:|:-:|")
    total, worst, missed = 0.0, (0.0, ""), []
    for figure_id in figures:
        figure = REGISTRY[figure_id]
        cells = []
        for by in ((), *((s,) for s in splits)):
            if by and by[0] not in figure.dimensions:
                cells.append(None)
                continue
            ms = median_ms(compute, args.runs, con, figure_id, whole.with_(by=by))
            cells.append(ms)
            total += ms
            worst = max(worst, (ms, f"{figure_id} {'by ' + by[0] if by else 'unsplit'}"))
        floor = median_ms(scan, args.runs, con, floor_sql(reads_of(con, figure)))
        timed = [c for c in cells if c is not None]
        ok = all(meets(c, floor) for c in timed)
        if not ok:
            missed.append(figure_id)
        shown = " | ".join("–" if c is None else f"{c:.0f}" for c in cells)
        print(
            f"| {figure_id} | {shown} | {floor:.0f} | {max(timed) / max(floor, 0.5):.1f}x | {'✔' if ok else '✖'} |",
            flush=True,
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / GIB
    print(
        f"\n{path.name}: sum of medians {total:.0f} ms, worst {worst[0]:.0f} ms ({worst[1]}); "
        f"{len(figures) - len(missed)} of {len(figures)} figures meet the targets"
        f"{' (not: ' + ', '.join(missed) + ')' if missed else ''}; peak resident memory so far "
        f"{peak:.2f} GiB; load average after: {load()} ({dt.datetime.now():%H:%M})"
    )
    con.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1m,10m")
    parser.add_argument("--work", type=Path, default=ROOT / "bench", help="where the demo databases live")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--splits", default="month,directorate,client")
    parser.add_argument("--figures", default="", help="only these figure ids (comma-separated)")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--db", type=Path, action="append", default=[], help="a database instead of --sizes")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    paths = args.db or [database(args.work, size, args.rebuild) for size in args.sizes.split(",")]
    for path in paths:
        bench_size(path, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
