"""Benchmark the incremental SLA refresh on a big demo: an import of changed tickets, a norm change.

usage: python bench/refresh.py [--size 10m] [--work DIR] [--tickets 1000] [--full] [--demo PATH]

Builds (or reuses) `--work`/demo-<size>.duckdb (default work dir bench/refresh.tmp, not
committed; sizes 1m, 3m, 10m tickets over 2004-2006, as bench/figures.py builds them), and once
per code version a copy migrated and made current (`prepare`). Each measurement runs in a child process on a fresh copy of the published file, opened as a plain
read-write database (no writer copy, no publish: those are the store's, measured by
bench/publish.py):

- import: `--tickets` new tickets (a generic-profile CSV registered in the data's last weeks,
  some open), then the same tickets changed (resolved, other priority or product) plus as
  many new ones: `import_file`'s own time, SLA refresh included, for both;
- norm: `catalogue_edit.change_product_norm` for one product and priority from a date (the
  norm editor's function: the versions, the refresh and the audit line);
- full (with `--full`): `refresh_ticket_sla` of every ticket, for comparison.

The parent reads each child's peak resident set size from `os.wait4` (that child only). Prints
a Markdown table; say the machine's load (`uptime`) beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"1m": 333_334, "3m": 1_000_000, "10m": 3_333_334}  # tickets per year over 2004-2006
NORM_CHANGE = ("FAZ-PAS", 3, 2.0, 6.0, dt.date(2006, 7, 1))  # product, priority, hours, from


def database(work: Path, size: str) -> Path:
    """The published demo of `size` under `work`, built once."""
    sys.path.insert(0, str(ROOT))
    from gdmetrics.demo import DemoParams, build_demo

    path = work / f"demo-{size}.duckdb"
    if not path.exists():
        started = time.perf_counter()
        build_demo(path, DemoParams(tickets_per_year=SIZES[size]), force=True)
        print(f"built {path.name} in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def prepared(work: Path, size: str, built: Path | None = None) -> Path:
    """The demo of `size` as this code's schema and derived tables want it (migrated, verdicts
    and rollup current), made once per code version from the published build: a copy, so the
    measurements time the change only."""
    sys.path.insert(0, str(ROOT))
    from gdmetrics import store
    from gdmetrics.db import connect, prepare
    from gdmetrics.rollup import ROLLUP_VERSION
    from gdmetrics.schema import SCHEMA_VERSION
    from gdmetrics.settings import get_settings
    from gdmetrics.sla import SLA_VERSION

    path = work / f"demo-{size}-s{SCHEMA_VERSION}-v{SLA_VERSION}-r{ROLLUP_VERSION}.duckdb"
    if not path.exists():
        started = time.perf_counter()
        scratch = path.with_suffix(".tmp")
        shutil.copyfile(store.current(built or database(work, size)).file, scratch)
        con = connect(scratch)
        prepare(con, get_settings())
        con.close()
        scratch.rename(path)
        print(f"prepared {path.name} in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def export(path: Path, n: int, changed: bool, clients: list[str], products: list[str]) -> None:
    """`n` tickets in the generic profile's columns, registered in December 2006; `changed`: the
    same ids resolved, with other priorities and products, and `n` new ones after them. Each has
    one of the demo's requesters, so the refresh looks for the tickets it follows up."""
    rng = random.Random(42)
    fmt = "%Y-%m-%d %H:%M"
    lines = ["id;registered_at;resolved_at;status;priority;channel;client;product;requester"]
    for i in range(n * (2 if changed else 1)):
        rng_i = random.Random(i)
        opened = dt.datetime(2006, 12, 1, 8) + dt.timedelta(minutes=rng_i.randrange(28 * 24 * 60))
        priority = rng_i.randint(1, 4)
        product = rng_i.choice(products)
        resolved = opened + dt.timedelta(minutes=rng_i.randrange(30, 4000))
        status, done = ("opgelost", resolved.strftime(fmt)) if rng_i.random() < 0.7 else ("nieuw", "")
        if changed and i < n:
            status, done = "opgelost", resolved.strftime(fmt)
            priority, product = 1 + priority % 4, rng.choice(products)
        client = rng_i.choice(clients)
        requester = f"MW{rng_i.randrange(6000):05d}"  # the demo's requesters (gdmetrics.demo.tickets)
        lines.append(
            f"B{i:06d};{opened:{fmt}};{done};{status};{priority};email;{client};{product};{requester}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def child(task: str, db: Path, work: Path, n: int) -> dict:
    """One measurement on `db` (a plain copy), in this process."""
    sys.path.insert(0, str(ROOT))
    from gdmetrics import catalogue_edit
    from gdmetrics.access import Access
    from gdmetrics.db import connect, prepare
    from gdmetrics.importing import import_file
    from gdmetrics.settings import get_settings
    from gdmetrics.sla import refresh_ticket_sla

    con = connect(db)
    prepare(con, get_settings())
    con.execute("SET enable_progress_bar = false")
    out: dict = {"tickets": con.execute("SELECT count(*) FROM ticket").fetchone()[0]}
    if task == "import":
        clients = [r[0] for r in con.execute("SELECT code FROM client ORDER BY code").fetchall()]
        products = [r[0] for r in con.execute("SELECT code FROM product ORDER BY code").fetchall()]
        for changed in (False, True):
            csv = work / f"changed-{n}-{int(changed)}.csv"
            export(csv, n, changed, clients, products)
            started = time.perf_counter()
            result = import_file(con, csv, "generic")
            seconds = time.perf_counter() - started
            key = "changed" if changed else "new"
            out[key] = {
                "seconds": seconds,
                "loaded": result.rows_loaded,
                "updated": result.rows_updated,
                "recomputed": result.verdicts_recomputed,
                "months": len(result.verdict_months or ()),
            }
    elif task == "norm":
        beheer = Access("bench@minbzk.nl", "Bench", "beheer", None, "user_role")
        started = time.perf_counter()
        result = catalogue_edit.change_product_norm(con, beheer, *NORM_CHANGE)
        out["norm"] = {"seconds": time.perf_counter() - started, "recomputed": result.tickets_recomputed}
    elif task == "full":
        con.execute("BEGIN")
        started = time.perf_counter()
        rows = refresh_ticket_sla(con)
        out["full"] = {"seconds": time.perf_counter() - started, "recomputed": rows}
        con.execute("ROLLBACK")
    con.close()
    return out


def measure(task: str, source: Path, work: Path, n: int) -> tuple[dict, float]:
    """`task` in a child on a fresh copy of `source`; its result and its peak RSS in GiB."""
    copy = work / "copy.duckdb"
    copy.unlink(missing_ok=True)
    shutil.copyfile(source, copy)
    os.sync()  # the copy's gigabytes written out first: their writeback is not the change's time
    proc = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--child",
            task,
            "--db",
            str(copy),
            "--work",
            str(work),
            "--tickets",
            str(n),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"{task} failed with status {status}")
    copy.unlink(missing_ok=True)
    return json.loads(output.strip().splitlines()[-1]), usage.ru_maxrss / 2**20


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="10m", choices=sorted(SIZES))
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "refresh.tmp")
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--full", action="store_true", help="also time a full refresh")
    parser.add_argument("--demo", type=Path, help="a published demo of --size built elsewhere (only read)")
    parser.add_argument("--child")
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(json.dumps(child(args.child, args.db, args.work, args.tickets)))
        return 0
    source = prepared(args.work, args.size, args.demo)
    print(f"\n### demo-{args.size} ({os.uname().nodename}, {dt.datetime.now():%Y-%m-%d %H:%M})\n")
    print("| change | seconds | verdicts recomputed | months named | peak RSS GiB |")
    print("|---|---:|---:|---:|---:|")
    tasks = ["import", "norm"] + (["full"] if args.full else [])
    for task in tasks:
        result, peak = measure(task, source, args.work, args.tickets)
        for key in ("new", "changed", "norm", "full"):
            if key in result:
                r = result[key]
                label = {
                    "new": f"import of {args.tickets} new tickets",
                    "changed": f"import of {args.tickets} changed + {args.tickets} new tickets",
                    "norm": f"norm change: {NORM_CHANGE[0]} priority {NORM_CHANGE[1]} from {NORM_CHANGE[4]}",
                    "full": "full refresh (every ticket)",
                }[key]
                months = r.get("months", "–")
                print(
                    f"| {label} | {r['seconds']:.2f} | {r['recomputed']:,} | {months} | {peak:.2f} |",
                    flush=True,
                )
    print(f"\n{result['tickets']:,} tickets before the changes; load: {os.getloadavg()[0]:.1f} (1 min)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
