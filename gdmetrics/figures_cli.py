"""Command line for figures: `figures` lists the registry, `figure` computes one, `explain` a ticket."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from gdmetrics.cli import CliError
from gdmetrics.db import connect
from gdmetrics.explain import explain_text, explain_ticket
from gdmetrics.figures import REGISTRY, FigureNotSplittable, FigureRequest, compute, get_figure
from gdmetrics.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("figures", help="list every figure of the registry")
    p.add_argument("--lang", choices=("nl", "en"), default="nl")
    p.set_defaults(func=cmd_figures)

    p = subparsers.add_parser("figure", help="compute one figure")
    p.add_argument("figure_id")
    p.add_argument("--db", type=Path, default=None, help="database file (default: GD_DB)")
    p.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD (default: first day of the data)")
    p.add_argument(
        "--to", dest="date_to", help="last day, YYYY-MM-DD, inclusive (default: last day of the data)"
    )
    p.add_argument(
        "--by", action="append", default=[], help="split by a dimension (repeat or comma-separate)"
    )
    p.add_argument("--where", action="append", default=[], metavar="DIM=VALUE", help="filter (repeatable)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(func=cmd_figure)

    p = subparsers.add_parser("explain", help="explain how one ticket's verdict came about")
    p.add_argument("ticket_id")
    p.add_argument("--db", type=Path, default=None)
    p.add_argument("--lang", choices=("nl", "en"), default="nl")
    p.set_defaults(func=cmd_explain)


def cmd_figures(args: argparse.Namespace) -> int:
    for f in REGISTRY.values():
        dims = ", ".join(sorted(f.dimensions))
        print(f"{f.id:32} {f.label(args.lang):40} [{f.unit}, {f.direction}] by: {dims}")
    return 0


def _date(text: str | None, name: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{name} {text!r} is not a date of the form YYYY-MM-DD") from None


def open_database(db: Path | None):
    """The database read-only for the command line; CliError when it has no verdicts yet."""
    path = db or get_settings().db
    con = connect(path, read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "ticket_sla" not in tables or "work_calendar" not in tables:
        raise CliError(
            f"{path} has no computed verdicts yet; build it with `python -m gdmetrics demo` or import"
        )
    return con


def data_period(con) -> tuple[dt.date, dt.date]:
    """First and last day of the ticket data (falls back to the baseline year when empty)."""
    first, last = con.execute(
        "SELECT min(registered_at)::DATE, max(registered_at)::DATE FROM ticket"
    ).fetchone()
    year = get_settings().baseline_year
    return first or dt.date(year, 1, 1), last or dt.date(year, 12, 31)


def request_from_args(args: argparse.Namespace, con) -> FigureRequest:
    by = tuple(d.strip() for item in args.by for d in item.split(",") if d.strip())
    where: dict[str, list[str]] = {}
    for item in args.where:
        dim, sep, value = item.partition("=")
        if not sep or not dim or not value:
            raise CliError(f"--where {item!r} is not of the form DIM=VALUE")
        where.setdefault(dim.strip(), []).append(value.strip())
    first, last = data_period(con)
    try:
        return FigureRequest(
            date_from=_date(args.date_from, "--from") or first,
            date_to=_date(args.date_to, "--to") or last,
            by=by,
            where=tuple((k, tuple(v)) for k, v in where.items()),
        )
    except ValidationError as exc:
        raise CliError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None


def _jsonable(v):
    if isinstance(v, pd.Timestamp | dt.date):
        return (
            v.isoformat()[:10] if isinstance(v, dt.date) and not isinstance(v, dt.datetime) else v.isoformat()
        )
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        return _jsonable(v.item())
    return v


def cmd_figure(args: argparse.Namespace) -> int:
    try:
        figure = get_figure(args.figure_id)
    except KeyError as exc:
        raise CliError(exc.args[0]) from None
    con = open_database(args.db)
    req = request_from_args(args, con)
    try:
        result = compute(con, figure.id, req)
    except (FigureNotSplittable, ValueError) as exc:
        raise CliError(f"{figure.id}: {exc}") from None
    frame = result.frame
    if "period" in frame:
        frame["period"] = pd.to_datetime(frame["period"]).dt.date
    if args.format == "json":
        rows = [{k: _jsonable(v) for k, v in r.items()} for r in frame.to_dict(orient="records")]
        out = {
            "figure": figure.id,
            "unit": figure.unit,
            "direction": figure.direction,
            "from": req.date_from.isoformat(),
            "to": req.date_to.isoformat(),
            "rows": rows,
        }
        if result.meta:
            out["meta"] = {
                k: _jsonable(v) if not isinstance(v, dict) else {a: _jsonable(b) for a, b in v.items()}
                for k, v in result.meta.items()
            }
        print(json.dumps(out, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        print(frame.to_csv(index=False), end="")
    else:
        print(f"{figure.id} - {figure.label_nl} ({figure.unit}), {req.date_from} .. {req.date_to}")
        print(frame.to_string(index=False) if len(frame) else "(no rows)")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    con = open_database(args.db)
    try:
        info = explain_ticket(con, args.ticket_id)
    except KeyError as exc:
        raise CliError(exc.args[0]) from None
    print(explain_text(info, args.lang))
    return 0
