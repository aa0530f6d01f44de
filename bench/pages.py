"""Time every dashboard page's full run (AppTest) on the default demo and on a 10-million-ticket demo.

usage: python bench/pages.py [--db PATH ...] [--runs 5]

Without --db it uses (building when missing) bench/demo-default.duckdb (the default demo,
100,000 tickets a year) and bench/demo-10m.duckdb (3,333,334 a year, as bench/figures.py
builds it). For each page and each run, the figure cache is emptied and the page is opened
for another month of 2006 (so no figure comes from the cache; the database connection stays
open, as in a running server), and the whole script run (frame and page) is timed. Prints the
median and the worst run per page as a Markdown table.

`--profile PAGE` instead profiles one such first visit of PAGE (cProfile) and prints where it
spends its time: the slowest calls by cumulative time, gdmetrics' and the page's own first.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # not bench/: this file would shadow the `pages` package

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from gdmetrics.demo import DemoParams, build_demo  # noqa: E402
from gdmetrics.settings import get_settings  # noqa: E402

PAGES = (
    "overzicht",
    "serviceniveaus",
    "efficiency",
    "klachten",
    "escalaties",
    "klantdossier",
    "mantelrapportage",
    "catalogus",
)
DEFAULTS = {"demo-default.duckdb": 100_000, "demo-10m.duckdb": 3_333_334}
EXTRA = {"klantdossier": {"dg": "DGV", "client": "DGV-POL"}}


def _database(path: Path, tickets_per_year: int) -> Path:
    if not path.exists():
        print(f"building {path.name} ({tickets_per_year:,} tickets a year)...", file=sys.stderr)
        build_demo(path, DemoParams(tickets_per_year=tickets_per_year))
    return path


def time_page(page: str, period: str) -> float:
    """One full run of `page` for `period`, figure cache empty, connection warm."""
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params.update({"period": period, **EXTRA.get(page, {})})
    if page == "overzicht":  # the default page: the first run is the page
        start = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - start
    else:
        at.run()
        st.cache_data.clear()
        start = time.perf_counter()
        at.switch_page(f"pages/{page}.py").run()
        elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")
    return elapsed


def bench(db: Path, runs: int) -> dict[str, list[float]]:
    os.environ["GD_DB"] = str(db)
    get_settings.cache_clear()
    st.cache_resource.clear()
    time_page("overzicht", "2006-01")  # open the connection (and compute the SLA verdicts if needed)
    months = [f"2006-{m:02d}" for m in range(2, 13)]
    return {page: [time_page(page, months[i % len(months)]) for i in range(runs)] for page in PAGES}


def profile(db: Path, page: str, lines: int = 25) -> str:
    """cProfile of one first visit of `page` (new session, empty figure cache) on `db`."""
    os.environ["GD_DB"] = str(db)
    get_settings.cache_clear()
    st.cache_resource.clear()
    time_page("overzicht", "2006-01")
    profiler = cProfile.Profile()
    profiler.enable()
    elapsed = time_page(page, "2006-11")
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"gdmetrics|pages|duckdb|plotly|pandas", lines)
    return f"{page} on {db.name}: {elapsed:.2f} s\n" + out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", type=Path, help="a database to time (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", metavar="PAGE", help="profile one first visit of PAGE instead")
    args = parser.parse_args()
    dbs = args.db or [_database(ROOT / "bench" / name, n) for name, n in DEFAULTS.items()]
    if args.profile:
        for db in dbs:
            print(profile(db, args.profile))
        return
    results = {db.name: bench(db, args.runs) for db in dbs}
    names = list(results)
    print("| page | " + " | ".join(f"{n} median (s) | {n} worst (s)" for n in names) + " |")
    print("|---|" + "---:|---:|" * len(names))
    for page in PAGES:
        cells = [f"{statistics.median(results[n][page]):.2f} | {max(results[n][page]):.2f}" for n in names]
        print(f"| {page} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
