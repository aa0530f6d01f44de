"""The command line: one sub-command per module, each registered by that module's `register`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from gdmetrics.schema import SchemaVersionError

# Each module here has `register(subparsers)`, which adds its sub-command(s) and sets `func`.
COMMAND_MODULES = (
    "gdmetrics.demo",
    "gdmetrics.figures_cli",
    "gdmetrics.importing",
    "gdmetrics.reference",
    "gdmetrics.reports.cli",
)


class CliError(Exception):
    """A user error: printed as one line on stderr, exit code 2, never a traceback."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gdmetrics", description="GD Dashboard command line")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (CliError, SchemaVersionError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
