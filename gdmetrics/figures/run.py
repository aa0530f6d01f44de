"""Running one declared figure: its statement with the values every statement may bind, its
target by its declared rule, then its declared extra steps (a colour, a forecast).

Knows no figure by id: what a figure needs is in its declaration (gdmetrics.figures.registry).
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import numpy as np
import pandas as pd

from gdmetrics import rag
from gdmetrics.figures.model import Figure, FigureRequest, FigureResult
from gdmetrics.figures.sql import used_params
from gdmetrics.settings import Settings
from gdmetrics.sla import data_as_of


def context_params(con: duckdb.DuckDBPyConnection, settings: Settings, sql: str | None = None) -> dict:
    """Values every statement may bind: the as-of moment, legal terms, baseline year. Given the
    statement `sql`, the as-of moment only when it names it (reading it is a query of its own)."""
    needs_as_of = sql is None or "$as_of" in sql
    as_of = (data_as_of(con.cursor()) if needs_as_of else None) or dt.datetime(2000, 1, 1)
    return {
        "as_of": as_of,
        "term": settings.complaint_term_days,
        "term_extended": settings.complaint_term_days + settings.complaint_extension_days,
        "base_from": dt.date(settings.baseline_year, 1, 1),
        "base_to": dt.date(settings.baseline_year + 1, 1, 1),
        "minutes_per_day": settings.working_minutes_per_day,
        "long_hold_days": settings.long_hold_days,
    }


def efficiency_target(month: dt.date, settings: Settings) -> float:
    """The target path: 100 through the baseline year, then straight down to 100 - target% at the
    target date (the month before the target date reaches it)."""
    start = dt.date(settings.baseline_year + 1, 1, 1)
    total = (settings.target_date.year - start.year) * 12 + settings.target_date.month - start.month
    done = (month.year - start.year) * 12 + month.month - start.month + 1
    return 100.0 - settings.efficiency_target_pct * min(max(done / total, 0.0), 1.0)


def mantel_target(con: duckdb.DuckDBPyConnection, figure_id: str, req: FigureRequest) -> float | None:
    """The target of the mantel standard for this figure in force at the end of the period."""
    row = (
        con.cursor()
        .execute(
            """SELECT ms.target FROM mantel_standard ms JOIN mantel_agreement ma ON ma.id = ms.mantel_id
               WHERE ms.figure_id = $id AND ma.valid_from < $to AND ma.valid_to > $from
               ORDER BY ma.valid_to DESC LIMIT 1""",
            {"id": figure_id, "from": req.date_from, "to": req.end_exclusive},
        )
        .fetchone()
    )
    return row[0] if row else None


def run_statement(
    con: duckdb.DuckDBPyConnection, figure: Figure, req: FigureRequest, settings: Settings
) -> FigureResult:
    """The figure's own statement for this request, periods as dates, the standard columns present."""
    sql, params = figure.build(req)
    params = {**context_params(con, settings, sql), **params}
    frame = con.cursor().execute(sql, used_params(sql, params)).df()
    if "period" in frame and pd.api.types.is_integer_dtype(frame["period"]):
        frame["period"] = pd.to_datetime(frame["period"].astype(str) + "01", format="%Y%m%d")
    for col in ("numerator", "denominator", "target"):
        if col not in frame:
            frame[col] = np.nan
    return FigureResult(figure, req, frame)


STANDARD_COLUMNS = ("value", "numerator", "denominator")


def run_statements(
    con: duckdb.DuckDBPyConnection,
    parts: list[tuple[Figure, FigureRequest]],
    settings: Settings,
    columns: tuple[str, ...] = (),
) -> list[list[dict]]:
    """Several figures' own statements as one statement (UNION ALL BY NAME): one round trip and
    one plan instead of one `compute` each, for a composed figure (the mantel scorecard). Per
    part, its rows as plain records (a composed figure's few rows cost more as pandas frames
    than the query): period (a Timestamp) and split columns, value, numerator, denominator and
    any of `columns`, None where the figure has none. Each part's values are bound under its own
    names. No target or extra step is run: the caller has its own."""
    context = context_params(con, settings)
    keep = sorted({"period", *(d for _, r in parts for d in r.split_dims), *STANDARD_COLUMNS, *columns})
    # A first, empty part names every column with a type, so that a column no figure has is NULL.
    selects = [
        "SELECT NULL::INTEGER AS part, NULL::DOUBLE AS value, NULL::DOUBLE AS numerator, "
        "NULL::DOUBLE AS denominator WHERE false"
    ]
    params: dict = {}
    wanted = ", ".join(f"'{c}'" for c in keep)
    for i, (figure, req) in enumerate(parts):
        sql, own = figure.build(req)
        own = used_params(sql, {**context, **own})
        sql = re.sub(r"\$([a-z_][a-z0-9_]*)", lambda m, i=i: f"$p{i}_{m.group(1)}", sql)
        params.update({f"p{i}_{k}": v for k, v in own.items()})
        selects.append(f"SELECT {i} AS part, COLUMNS(lambda c: list_contains([{wanted}], c)) FROM ({sql})")
    # each part's rows in its own order: by its period, then its split
    order = ["part", *(["period"] if any(r.grain for _, r in parts) else [])]
    order += sorted({d for _, r in parts for d in r.split_dims})
    cur = con.cursor().execute(" UNION ALL BY NAME ".join(selects) + f" ORDER BY {', '.join(order)}", params)
    names = [d[0] for d in cur.description]
    out: list[list[dict]] = [[] for _ in parts]
    stamps: dict = {}  # a Timestamp per period, not per row: a by-month mantel scorecard has thousands
    for values in cur.fetchall():
        row = dict(zip(names, values, strict=True))
        period = row.get("period")
        if period is not None:
            if period not in stamps:
                stamps[period] = (
                    pd.Timestamp(period // 100, period % 100, 1)  # year*100+month (figures.sql.period_expr)
                    if isinstance(period, int)
                    else pd.Timestamp(period)
                )
            row["period"] = stamps[period]
        out[row.pop("part")].append(row)
    return out


def attach_target(con: duckdb.DuckDBPyConnection, result: FigureResult, settings: Settings) -> None:
    """The target by the figure's declared target rule (the rest come from its own statement)."""
    rule, frame = result.figure.target_rule, result.frame
    if rule == "mantel_standard":
        frame["target"] = mantel_target(con, result.figure.id, result.request)
    elif rule == "efficiency_path":
        # a row covering several months is judged by the mean of the path over those months
        firsts = frame["period"] if "period" in frame else [result.request.date_from] * len(frame)
        path: dict[tuple[int, int], float] = {}  # each month's point of the path, worked out once
        targets = []
        for first, last in zip(firsts, frame["last_month"], strict=True):
            if pd.isna(last):
                targets.append(None)
                continue
            points = []
            for month in _months(first, last):
                if month not in path:
                    path[month] = efficiency_target(dt.date(*month, 1), settings)
                points.append(path[month])
            targets.append(float(np.mean(points)))
        frame["target"] = targets
        # each part (formatie, material budget) is held to the same path from its own baseline
        frame["fte_target"] = frame["target"]
        frame["material_target"] = frame["target"]


def add_rag(con: duckdb.DuckDBPyConnection, result: FigureResult, settings: Settings) -> None:
    """Step: a `rag` column, red / amber / green of each row against its target (gdmetrics.rag)."""
    figure, frame = result.figure, result.frame
    frame["rag"] = [
        rag.status(v, t, figure.direction, figure.unit, settings, count=n)
        for v, t, n in zip(frame["value"], frame["target"], frame["denominator"], strict=True)
    ]


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """(year, month) of every month from `first`'s to `last`'s, both included (as
    pd.date_range(first's month, last, freq="MS"), without building an index per row)."""
    year, month, months = first.year, first.month, []
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def add_forecast(con: duckdb.DuckDBPyConnection, result: FigureResult, settings: Settings) -> None:
    """Fit a straight line through the monthly index after the baseline year, per group, and
    read it at each row's month and at the target date."""
    req, frame = result.request, result.frame
    start = dt.date(settings.baseline_year + 1, 1, 1)
    keys = list(req.split_dims)
    row_keys = list(zip(*(frame[k].tolist() for k in keys), strict=True)) if keys else [()] * len(frame)
    # the monthly index per group from the start, as (group, days since the start, value); plain
    # lists and arrays, each group's rows by position: a DataFrame (and a groupby, a dropna) for a
    # few dozen rows cost more than the query
    if req.grain == "month" and req.date_from <= start <= req.date_to:
        # the request's own rows are that series already (the same statement, the same groups)
        series = zip(row_keys, frame["period"], frame["value"].tolist(), strict=True)
        monthly = [(key, (p.date() - start).days, v) for key, p, v in series if p.date() >= start]
    else:
        monthly_req = req.with_(date_from=start, date_to=max(req.date_to, start), by=("month", *keys))
        sql, params = result.figure.build(monthly_req)
        params = {**context_params(con, settings, sql), **params}
        cur = con.cursor().execute(sql, used_params(sql, params))
        at = {d[0]: i for i, d in enumerate(cur.description)}
        monthly = [
            # period is year*100+month (gdmetrics.figures.sql.period_expr)
            (
                tuple(r[at[k]] for k in keys),
                (dt.date(r[at["period"]] // 100, r[at["period"]] % 100, 1) - start).days,
                r[at["value"]],
            )
            for r in cur.fetchall()
        ]
    days = np.array([d for _, d, _ in monthly], dtype=np.int64)
    observed = np.array([np.nan if v is None else v for _, _, v in monthly], dtype=float)
    groups: dict[tuple, list[int]] = {}
    for i, (key, _, _) in enumerate(monthly):
        if None not in key:  # as a groupby does, a group without a key value has no trend
            groups.setdefault(key, []).append(i)
    at_target = (settings.target_date - start).days
    forecasts: dict = {}
    for key in sorted(groups):
        rows = np.array(groups[key], dtype=np.int64)
        rows = rows[~np.isnan(observed[rows])]
        if len(rows) < 3:
            continue
        slope, intercept = np.polyfit(days[rows], observed[rows], 1)
        forecasts[key] = (slope, intercept, slope * at_target + intercept)
    values = []
    for key, month in zip(row_keys, frame["last_month"], strict=True):
        fit = forecasts.get(key)
        if fit is None or pd.isna(month):  # no trend yet, or a period without cost rows
            values.append(None)
            continue
        day = (pd.Timestamp(month) - pd.Timestamp(start)).days
        values.append(fit[0] * day + fit[1])
    frame["forecast"] = values
    result.meta["forecast_at_target_date"] = {
        "/".join(map(str, k)) or "GD": v[2] for k, v in forecasts.items()
    }
    result.meta["target_at_target_date"] = 100.0 - settings.efficiency_target_pct
