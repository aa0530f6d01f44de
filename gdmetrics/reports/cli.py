"""The `report` sub-command: `report mantel` and `report client` write a PDF or Excel file."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

from gdmetrics.cli import CliError
from gdmetrics.reports import FORMATS, build_client_brief, build_mantel_report


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `report mantel` and `report client CLIENT`."""
    report = subparsers.add_parser("report", help="write a management report (PDF or Excel)")
    kinds = report.add_subparsers(dest="report_kind", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", type=Path, default=None, help="database file (default: GD_DB)")
        p.add_argument("--period", required=True, help="2006Q4, 2006-Q4, 2006 or 2006-12")
        p.add_argument(
            "--format",
            dest="fmt",
            choices=FORMATS,
            default=None,
            help="pdf or xlsx (default: from the --out file's extension)",
        )
        p.add_argument("--out", type=Path, required=True, help="file to write")
        p.add_argument("--lang", choices=("nl", "en"), default="nl")

    mantel = kinds.add_parser("mantel", help="mantel report for the PSG: standards, DVA's, efficiency")
    common(mantel)
    mantel.add_argument(
        "--client",
        action="append",
        default=None,
        metavar="CODE",
        help="limit to these clients (repeatable); default all",
    )
    mantel.set_defaults(func=run_mantel)
    client = kinds.add_parser("client", help="client brief for an account manager")
    client.add_argument(
        "client_code", metavar="CLIENT", help="client code, e.g. SG-DBO (a DG includes its directies)"
    )
    common(client)
    client.set_defaults(func=run_client)


def _format(args: argparse.Namespace) -> str:
    fmt = args.fmt or args.out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise CliError(f"cannot tell the format from {args.out.name!r}; pass --format pdf or --format xlsx")
    return fmt


def _write(args: argparse.Namespace, make) -> int:
    from gdmetrics.figures_cli import open_database

    fmt = _format(args)
    started = time.monotonic()
    try:
        con = open_database(args.db)
    except duckdb.IOException as exc:  # e.g. another process holds the file for writing
        raise CliError(str(exc).splitlines()[0]) from None
    try:
        data = make(con, fmt)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    finally:
        con.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out} written ({len(data) // 1024} kB) in {time.monotonic() - started:.1f} s")
    return 0


def run_mantel(args: argparse.Namespace) -> int:
    scope = tuple(args.client) if args.client else None
    return _write(args, lambda con, fmt: build_mantel_report(con, args.period, fmt, args.lang, scope))


def run_client(args: argparse.Namespace) -> int:
    return _write(
        args, lambda con, fmt: build_client_brief(con, args.client_code, args.period, fmt, args.lang)
    )
