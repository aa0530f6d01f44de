"""`python -m gdmetrics import`: load ticket exports from the command line."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from gdmetrics.access import audit
from gdmetrics.cli import CliError
from gdmetrics.db import connect
from gdmetrics.importing.loader import ImportRejected, import_file
from gdmetrics.importing.profiles import ProfileError, available_profiles, load_profile
from gdmetrics.importing.reading import FileRejected
from gdmetrics.settings import get_settings

MAX_PROBLEMS_SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `import` sub-command."""
    parser = subparsers.add_parser(
        "import",
        help="import ticket or interaction exports (CSV or .xlsx) with a profile",
        description="Import exports; each file in its own transaction. Profiles: "
        + ", ".join(sorted(available_profiles())),
    )
    parser.add_argument("--db", type=Path, default=None, help="DuckDB file (created when absent)")
    parser.add_argument("--profile", required=True, help="profile name, or path to a profile .toml")
    parser.add_argument(
        "--quarantine",
        action="store_true",
        help="load the good rows and set bad rows aside in import_quarantine (default: all or nothing)",
    )
    parser.add_argument("--force", action="store_true", help="import again even if these bytes were imported")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.set_defaults(func=run)


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        return "unknown"


def run(args: argparse.Namespace) -> int:
    try:
        profile = load_profile(args.profile)
    except ProfileError as exc:
        raise CliError(str(exc)) from None
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        raise CliError(f"no such file: {', '.join(missing)}")
    con = connect(args.db or get_settings().db)
    actor = f"cli:{_os_user()}"  # the audit log names who loaded what, here the OS account
    failed = 0
    try:
        for path in args.files:
            try:
                result = import_file(con, path, profile, quarantine=args.quarantine, progress=_progress)
            except FileRejected as exc:
                failed += 1
                audit(con, actor, "import", f"{path.name} ({args.profile}) rejected: {exc}")
                print(f"{path.name}: rejected, nothing loaded", file=sys.stderr)
                for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
                    print(f"  {problem.text()}", file=sys.stderr)
                total = getattr(exc, "problem_count", len(exc.problems))
                if total > MAX_PROBLEMS_SHOWN:
                    print(f"  ... and {total - MAX_PROBLEMS_SHOWN} more", file=sys.stderr)
                if isinstance(exc, ImportRejected):
                    print(f"  {exc.args[0]}", file=sys.stderr)
                continue
            audit(con, actor, "import", f"{path.name} ({args.profile}): {result.summary()}")
            print(result.summary())
            for warning in result.warnings:
                print(f"  warning: {warning}")
    finally:
        con.close()
    if failed:
        raise CliError(
            f"{failed} of {len(args.files)} file(s) rejected; the database holds none of their rows"
        )
    return 0
