"""The `demo` sub-command: build a demo database from the command line."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pydantic import ValidationError

from gdmetrics.cli import CliError
from gdmetrics.demo.build import DemoParams, build_demo


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `demo --db PATH [--seed N] [--tickets-per-year N] [--force]`."""
    parser = subparsers.add_parser(
        "demo",
        help="build a demo database (2004-2006, the GD's organisation and invented tickets)",
        description="Build a deterministic demo database: the same seed gives the same data.",
    )
    defaults = DemoParams()
    parser.add_argument("--db", type=Path, required=True, help="database file to create")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="random seed (default %(default)s)")
    parser.add_argument(
        "--tickets-per-year",
        type=int,
        default=defaults.tickets_per_year,
        help="tickets per year, 1,000 to 5,000,000 (default %(default)s)",
    )
    parser.add_argument("--force", action="store_true", help="replace the file if it exists")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        params = DemoParams(seed=args.seed, tickets_per_year=args.tickets_per_year)
    except ValidationError as exc:
        raise CliError(
            "; ".join(f"{'/'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        ) from None
    started = time.monotonic()

    def progress(fraction: float, message: str) -> None:
        print(f"\r{fraction:4.0%} {message:<60}", end="", file=sys.stderr, flush=True)

    try:
        build_demo(args.db, params, progress, force=args.force)
    except FileExistsError as exc:
        raise CliError(str(exc)) from None
    print(file=sys.stderr)
    print(f"Demo database written to {args.db} in {time.monotonic() - started:.1f} s")
    return 0
