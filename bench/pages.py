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

`--server` instead starts the real server (`streamlit run app.py`, as `make run`) on the first
--db and opens every page in Chromium, each in a new browser session: the first visit (the
server's first session on the first page, so its imports and database open are in it; every
figure of the page uncached) and a repeat visit (another new session, same link: the figures
come from the server's cache). Each is timed from the request until the script has run (the
server's part) and until the browser has painted every element (no skeleton left; in real use
the user's own machine does that part, and its browser keeps Streamlit's scripts cached, as the
one browser profile here does after the first page). Prints a Markdown table and the load average.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import threading
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
    """cProfile of one first visit of `page` (new session, empty figure cache) on `db`. AppTest
    runs the script in a thread of its own, which a profiler enabled here would not see: every
    thread started while profiling gets its own profiler, merged at the end."""
    os.environ["GD_DB"] = str(db)
    get_settings.cache_clear()
    st.cache_resource.clear()
    time_page("overzicht", "2006-01")
    profilers: list[cProfile.Profile] = []

    def follow(*_: object) -> None:  # the first event of a new thread: profile it from here on
        profilers.append(cProfile.Profile())
        profilers[-1].enable()

    threading.setprofile(follow)
    try:
        elapsed = time_page(page, "2006-11")
    finally:
        threading.setprofile(None)
    out = io.StringIO()
    stats = pstats.Stats(*profilers, stream=out).sort_stats("cumulative")
    stats.print_stats(r"gdmetrics|pages|duckdb|plotly|pandas|streamlit/(elements|runtime/caching)", lines)
    return f"{page} on {db.name}: {elapsed:.2f} s\n" + out.getvalue()


# The script has run and the page shows its heading (the server's part of a visit) ...
DONE = """() => document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')
  && document.querySelector('[data-testid="stMain"] h1')"""
# ... and the browser has drawn every element (no skeleton left: charts and tables drawn; the
# browser's own work, on the user's machine in real use).
PAINTED = """() => !document.querySelector('[data-testid="stSkeleton"]')"""


def _visit(context, url: str) -> tuple[float, float]:
    """Seconds from the request of `url` in a new tab (a new session) until the script is done,
    and until the page has painted."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    while True:  # done, and still so a moment later (a first run may start a second one)
        page.wait_for_function(DONE, polling=50, timeout=300_000)
        done = time.perf_counter()
        page.wait_for_timeout(400)
        if page.evaluate(DONE):
            break
    page.wait_for_function(PAINTED, polling=50, timeout=300_000)
    painted = time.perf_counter()
    page.close()
    return done - start, painted - start


def server_visits(db: Path, period: str) -> str:
    """First and repeat visit of every page on a fresh server (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.harness import ARGS, CHROMIUM, dashboard_server

    rows = []
    log = Path(os.environ.get("TMPDIR", "/tmp")) / "bench-pages-server.log"
    load = os.getloadavg()[0]
    with dashboard_server(db, log, start_timeout_s=120) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # one browser profile: its HTTP cache holds Streamlit's scripts after the first visit,
        # as a user's browser does; every tab is a session of its own
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="nl-NL")
        for page in PAGES:
            query = "&".join(f"{k}={v}" for k, v in {"period": period, **EXTRA.get(page, {})}.items())
            link = f"{url}/{'' if page == 'overzicht' else page}?{query}"
            rows.append((page, *_visit(context, link), *_visit(context, link)))
        browser.close()
    lines = [
        f"server on {db.name}, period {period}; load average (1 min) {load:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after",
        "| page | first visit: script done (s) | painted (s) | repeat visit: script done (s) | painted (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {page} | {a:.2f} | {b:.2f} | {c:.2f} | {d:.2f} |" for page, a, b, c, d in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", type=Path, help="a database to time (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", metavar="PAGE", help="profile one first visit of PAGE instead")
    parser.add_argument("--server", action="store_true", help="time the real server in Chromium instead")
    parser.add_argument("--period", default="2006-Q4", help="the period the --server links open")
    args = parser.parse_args()
    dbs = args.db or [_database(ROOT / "bench" / name, n) for name, n in DEFAULTS.items()]
    if args.server:
        print(server_visits(dbs[0], args.period))
        return
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
