"""The command line: one sub-command per module, each registered by that module's `register`."""

from __future__ import annotations

import argparse
import getpass
import importlib
import sys
from collections.abc import Sequence

# Each module here has `register(subparsers)`, which adds its sub-command(s) and sets `func`.
COMMAND_MODULES = (
    "gdmetrics.completeness",
    "gdmetrics.demo",
    "gdmetrics.feeds",
    "gdmetrics.figures_cli",
    "gdmetrics.importing",
    "gdmetrics.reference",
    "gdmetrics.reports.cli",
    "gdmetrics.store",
)


class CliError(Exception):
    """A user error: printed as one line on stderr, exit code 2, never a traceback."""


def cli_actor() -> str:
    """Who the audit log names for a command: `cli:<OS account>`."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name in a bare container
        return "cli:unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gdmetrics", description="GD Dashboard command line")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Every failure the user can act on is one line on stderr and exit code 2:
    our own CliError, and every database error, explained (gdmetrics.store.errors)."""
    from gdmetrics.store.errors import DB_ERRORS, explain

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DB_ERRORS as exc:
        problem = explain(exc)
        print(problem.line() if problem else f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
