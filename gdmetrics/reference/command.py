"""`python -m gdmetrics template | export-reference | import-reference`: the reference workbook on the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gdmetrics import store
from gdmetrics.cli import CliError, cli_actor
from gdmetrics.reference.load import export_reference, publish_reference, template
from gdmetrics.reference.workbook import WorkbookRejected
from gdmetrics.settings import get_settings

MAX_PROBLEMS_SHOWN = 30


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `template`, `export-reference` and `import-reference` sub-commands."""
    p = subparsers.add_parser("template", help="write the empty reference-data workbook (.xlsx)")
    p.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    p.set_defaults(func=run_template)

    p = subparsers.add_parser("export-reference", help="write the database's reference data as the workbook")
    p.add_argument("--db", type=Path, default=None, help="DuckDB file")
    p.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    p.set_defaults(func=run_export)

    p = subparsers.add_parser(
        "import-reference",
        help="import the reference-data workbook (all or nothing, audited)",
        description="Import the reference workbook: organisation, catalogue, norms, mantel, DVA's, patterns. "
        "One transaction; a rejected workbook changes nothing and every problem is listed.",
    )
    p.add_argument("--db", type=Path, default=None, help="DuckDB file (created when absent)")
    p.add_argument("file", type=Path, metavar="FILE.xlsx")
    p.set_defaults(func=run_import)


def run_template(args: argparse.Namespace) -> int:
    args.out.write_bytes(template())
    print(f"wrote {args.out}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    _, con = store.open_reader(args.db or get_settings().db)  # the published version, read-only
    try:
        args.out.write_bytes(export_reference(con))
    finally:
        con.close()
    print(f"wrote {args.out}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise CliError(f"no such file: {args.file}")
    name = args.file.name
    try:
        outcome, version = publish_reference(
            args.db or get_settings().db, args.file.read_bytes(), name, cli_actor()
        )
    except WorkbookRejected as exc:
        print(f"{name}: rejected, nothing changed", file=sys.stderr)
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            print(f"  {problem.text()}", file=sys.stderr)
        if len(exc.problems) > MAX_PROBLEMS_SHOWN:
            print(f"  ... and {len(exc.problems) - MAX_PROBLEMS_SHOWN} more", file=sys.stderr)
        raise CliError(f"{name} rejected ({len(exc.problems)} problems)") from None
    print(outcome.summary())
    if version is not None:
        print(f"published as version {version}")
    return 0
