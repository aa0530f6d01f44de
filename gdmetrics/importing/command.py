"""`python -m gdmetrics import`: load ticket exports from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gdmetrics import store
from gdmetrics.access import audit
from gdmetrics.cli import CliError, cli_actor
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


def run(args: argparse.Namespace) -> int:
    try:
        profile = load_profile(args.profile)
    except ProfileError as exc:
        raise CliError(str(exc)) from None
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        raise CliError(f"no such file: {', '.join(missing)}")
    db = args.db or get_settings().db
    actor = cli_actor()  # the audit log names who loaded what, here the OS account
    names = ", ".join(p.name for p in args.files)
    try:
        failed = _import(args, db, actor, names, profile)
    except Exception as exc:  # for monitoring: every failed import is in the access log
        store.record(
            db, actor, "import_failed", f"{names} ({args.profile}): {' '.join(str(exc).split())[:300]}"
        )
        raise
    if failed:
        raise CliError(
            f"{failed} of {len(args.files)} file(s) rejected; the database holds none of their rows"
        )
    return 0


def _import(args: argparse.Namespace, db: Path, actor: str, names: str, profile) -> int:
    """All files in one new version, through the one writer path (gdmetrics.store): the dashboard
    keeps serving the published version meanwhile. A rejected or already imported file changes
    nothing, so its line goes to the access log, not into a new version. Returns the number of
    rejected files."""
    failed = 0
    with store.writer(db, actor=actor, reason=f"import {names} ({args.profile})", kind="import") as w:
        changed = False
        for path in args.files:
            try:
                result = import_file(w.con, path, profile, quarantine=args.quarantine, progress=_progress)
            except FileRejected as exc:
                failed += 1
                store.record(db, actor, "import_rejected", f"{path.name} ({args.profile}) rejected: {exc}")
                print(f"{path.name}: rejected, nothing loaded", file=sys.stderr)
                for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
                    print(f"  {problem.text()}", file=sys.stderr)
                total = getattr(exc, "problem_count", len(exc.problems))
                if total > MAX_PROBLEMS_SHOWN:
                    print(f"  ... and {total - MAX_PROBLEMS_SHOWN} more", file=sys.stderr)
                if isinstance(exc, ImportRejected):
                    print(f"  {exc.args[0]}", file=sys.stderr)
                continue
            if result.already_imported:
                store.record(db, actor, "import", f"{path.name} ({args.profile}): {result.summary()}")
            else:
                changed = True
                audit(w.con, actor, "import", f"{path.name} ({args.profile}): {result.summary()}")
            print(result.summary())
            for warning in result.warnings:
                print(f"  warning: {warning}")
        if not changed and w.base is not None:
            w.discard()
        else:
            _progress(0.99, "publishing")
    if w.published:
        print(f"published as version {w.published.number}")
    return failed
