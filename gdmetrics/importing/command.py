"""`python -m gdmetrics import`: load ticket exports from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gdmetrics.cli import CliError, cli_actor
from gdmetrics.importing.loader import ImportRejected
from gdmetrics.importing.profiles import ProfileError, available_profiles, load_profile
from gdmetrics.importing.publish import import_published
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

    export = subparsers.add_parser(
        "export-tickets",
        help="write every ticket as a profile's export (the file `import --profile` reads back)",
        description="Write the tickets (and, where the profile has an interaction section, the "
        "interactions) in a profile's columns and words. A ticket row holds one pause: a ticket paused "
        "more than once is written with its latest pause.",
    )
    export.add_argument("--db", type=Path, default=None, help="DuckDB file")
    export.add_argument("--profile", default="topdesk", help="profile name or .toml (default: topdesk)")
    export.add_argument("--out", type=Path, required=True, help="the ticket .csv to write")
    export.add_argument(
        "--interactions-out",
        type=Path,
        default=None,
        help="the interaction .csv (profiles with interactions)",
    )
    export.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from gdmetrics import store
    from gdmetrics.importing.export import export_interactions, export_tickets

    try:
        profile = load_profile(args.profile)
    except ProfileError as exc:
        raise CliError(str(exc)) from None
    if profile.ticket is None:
        raise CliError(f"profile {profile.name} has no [ticket] section: it cannot write tickets")
    _, con = store.open_reader(args.db or get_settings().db)  # the published version, read-only
    try:
        args.out.write_bytes(export_tickets(con, profile))
        print(f"wrote {args.out}")
        if args.interactions_out is not None:
            data = export_interactions(con, profile)
            if data is None:
                raise CliError(f"profile {profile.name} has no [interaction] section")
            args.interactions_out.write_bytes(data)
            print(f"wrote {args.interactions_out}")
    finally:
        con.close()
    return 0


def _progress(fraction: float, message: object) -> None:
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
    failed = _import(args, db, actor, profile)
    if failed:
        raise CliError(
            f"{failed} of {len(args.files)} file(s) rejected; the database holds none of their rows"
        )
    return 0


def _import(args: argparse.Namespace, db: Path, actor: str, profile) -> int:
    """Each file a new published version (gdmetrics.importing.publish, as the page): the dashboard
    keeps serving meanwhile, and each file can be undone on its own. Returns the number of
    rejected files."""
    failed = 0
    for path in args.files:
        try:
            result, version = import_published(
                db,
                path,
                path.name,
                profile,
                actor=actor,
                quarantine=args.quarantine,
                force=args.force,
                progress=_progress,
            )
        except FileRejected as exc:
            failed += 1
            print(f"{path.name}: rejected, nothing loaded", file=sys.stderr)
            for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
                print(f"  {problem.text()}", file=sys.stderr)
            total = getattr(exc, "problem_count", len(exc.problems))
            if total > MAX_PROBLEMS_SHOWN:
                print(f"  ... and {total - MAX_PROBLEMS_SHOWN} more", file=sys.stderr)
            if isinstance(exc, ImportRejected):
                print(f"  {exc.args[0]}", file=sys.stderr)
            continue
        print(result.summary())
        for warning in result.warnings:
            print(f"  warning: {warning}")
        if version:
            print(f"  published as version {version.number}")
    return failed
