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
