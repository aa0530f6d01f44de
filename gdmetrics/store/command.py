"""`python -m gdmetrics versions | rollback | backup | restore | prepare`: the store from the shell."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gdmetrics.cli import CliError, cli_actor
from gdmetrics.settings import get_settings
from gdmetrics.store.reader import current, needs_refresh, refresh
from gdmetrics.store.recovery import backup, restore, rollback, undoable
from gdmetrics.store.status import status
from gdmetrics.store.versions import history


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the store's sub-commands."""

    def db_arg(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--db", type=Path, default=None, help="database file (default: GD_DB)")

    p = subparsers.add_parser(
        "versions", help="list the published versions, newest first, and what can be undone"
    )
    db_arg(p)
    p.set_defaults(func=cmd_versions)

    p = subparsers.add_parser(
        "rollback",
        help="undo the last write (or one of the last N): publish again the version before it",
        description="Undo a write and every write after it. The audit log and roles are kept; the undo is audited.",
    )
    db_arg(p)
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--version", type=int, help="the version to undo (see `versions`); default: the latest"
    )
    p.set_defaults(func=cmd_rollback)

    p = subparsers.add_parser(
        "backup", help="copy the published version into a directory (safe while serving)"
    )
    db_arg(p)
    p.add_argument("--out", type=Path, required=True, help="directory for the backup file")
    p.set_defaults(func=cmd_backup)

    p = subparsers.add_parser("restore", help="publish a backup file as the new version (undoable)")
    db_arg(p)
    p.add_argument("backup_file", type=Path, metavar="BACKUP")
    p.set_defaults(func=cmd_restore)

    p = subparsers.add_parser(
        "status", help="for monitoring: published version, as-of moment per feed, failed imports (JSON)"
    )
    db_arg(p)
    p.set_defaults(func=cmd_status)

    p = subparsers.add_parser(
        "prepare", help="upgrade the schema and make the derived tables current (after a software update)"
    )
    db_arg(p)
    p.set_defaults(func=cmd_prepare)


def _db(args: argparse.Namespace) -> Path:
    return args.db or get_settings().db


def cmd_versions(args: argparse.Namespace) -> int:
    db = _db(args)
    current(db)  # FileNotFoundError with what to do
    versions = history(db)
    if not versions:
        print(f"{db}: never written through the store (no versions yet)")
        return 0
    can_undo = {v.number for v in undoable(db)}
    for i, v in enumerate(versions):
        mark = "published" if i == 0 else ""
        undo = "can undo" if v.number in can_undo else ""
        print(
            f"v{v.number:<5} {v.published_at:19}  {v.kind:9} {v.actor or '-':24} {v.size / 2**20:8.1f} MB  "
            f"{mark:9} {undo:8}  {v.reason}"
        )
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    db = _db(args)
    choices = undoable(db)
    if not choices:
        raise CliError(f"{db}: nothing to undo (no earlier version on disk)")
    number = args.version if args.version is not None else choices[0].number
    try:
        version = rollback(db, number, actor=cli_actor())
    except ValueError as exc:
        raise CliError(str(exc)) from None
    print(f"undone v{number} and later; published v{version.number} ({version.reason})")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    target = backup(_db(args), args.out)
    print(f"backup written to {target} ({target.stat().st_size / 2**20:.1f} MB)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    version = restore(_db(args), args.backup_file, actor=cli_actor())
    print(f"restored {args.backup_file.name}: published as v{version.number}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    print(json.dumps(status(_db(args)), indent=1, ensure_ascii=False))
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    db = _db(args)
    if not needs_refresh(current(db).file, get_settings()):
        print(f"{db}: schema and derived tables are current; nothing to do")
        return 0
    refresh(db, actor=cli_actor())
    print(f"{db}: upgraded and derived tables made current; published v{current(db).number}")
    return 0
