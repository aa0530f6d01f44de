"""`python -m gdmetrics import-feed --feed costs FILE`: load a recurring feed from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gdmetrics.cli import CliError, cli_actor
from gdmetrics.feeds.load import publish_feed
from gdmetrics.feeds.profile import FeedProfileError, load_feed_profile
from gdmetrics.feeds.spec import READY
from gdmetrics.importing import FileRejected
from gdmetrics.settings import get_settings

MAX_PROBLEMS_SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `import-feed` sub-command."""
    parser = subparsers.add_parser(
        "import-feed",
        help="import a recurring feed (costs, complaints, escalations, charges, quotes) from CSV or .xlsx",
        description="Import a feed file; each file in its own transaction, all or nothing unless --quarantine. "
        "Feeds: " + ", ".join(READY),
    )
    parser.add_argument("--db", type=Path, default=None, help="DuckDB file (created when absent)")
    parser.add_argument("--feed", required=True, choices=READY, help="which feed the files hold")
    parser.add_argument(
        "--profile", default=None, help="a feed profile .toml (default: the feed's shipped profile)"
    )
    parser.add_argument(
        "--quarantine",
        action="store_true",
        help="load the good rows and set bad rows aside in import_quarantine (default: all or nothing)",
    )
    parser.add_argument("--force", action="store_true", help="import again even if these bytes were imported")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.set_defaults(func=run)

    export = subparsers.add_parser(
        "export-feed", help="write a feed's rows as the CSV its profile reads (edit it and import it again)"
    )
    export.add_argument("--db", type=Path, default=None, help="DuckDB file")
    export.add_argument("--feed", required=True, choices=READY, help="which feed")
    export.add_argument(
        "--profile", default=None, help="a feed profile .toml (default: the feed's shipped profile)"
    )
    export.add_argument("--out", type=Path, required=True, help="the .csv file to write")
    export.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from gdmetrics import store
    from gdmetrics.feeds.export import export_feed

    try:
        profile = load_feed_profile(args.profile or args.feed)
    except FeedProfileError as exc:
        raise CliError(str(exc)) from None
    _, con = store.open_reader(args.db or get_settings().db)  # the published version, read-only
    try:
        args.out.write_bytes(export_feed(con, profile))
    finally:
        con.close()
    print(f"wrote {args.out}")
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        profile = load_feed_profile(args.profile or args.feed)
    except FeedProfileError as exc:
        raise CliError(str(exc)) from None
    if profile.feed.name != args.feed:
        raise CliError(f"profile {profile.name} is for feed {profile.feed.name}, not {args.feed}")
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        raise CliError(f"no such file: {', '.join(missing)}")
    db = args.db or get_settings().db
    failed = 0
    for path in args.files:
        try:
            result, version = publish_feed(
                db, path, path.name, profile, actor=cli_actor(), quarantine=args.quarantine, force=args.force
            )
        except FileRejected as exc:
            failed += 1
            print(f"{path.name}: rejected, nothing loaded", file=sys.stderr)
            for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
                print(f"  {problem.text()}", file=sys.stderr)
            if len(exc.problems) > MAX_PROBLEMS_SHOWN:
                print(f"  ... and {len(exc.problems) - MAX_PROBLEMS_SHOWN} more", file=sys.stderr)
            continue
        print(result.summary())
        for problem in result.problems[:MAX_PROBLEMS_SHOWN]:
            print(f"  quarantined: {problem.text()}")
        for warning in result.warnings:
            print(f"  warning: {warning}")
        if version is not None:
            print(f"  published as version {version}")
    if failed:
        raise CliError(
            f"{failed} of {len(args.files)} file(s) rejected; the database holds none of their rows"
        )
    return 0
