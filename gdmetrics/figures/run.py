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
    for values in cur.fetchall():
        row = dict(zip(names, values, strict=True))
        period = row.get("period")
        if isinstance(period, int):  # year*100+month (gdmetrics.figures.sql.period_expr)
            row["period"] = pd.Timestamp(period // 100, period % 100, 1)
        elif period is not None:
            row["period"] = pd.Timestamp(period)
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
        frame["target"] = [
            None
            if pd.isna(last)
            else float(
                np.mean(
                    [
                        efficiency_target(m.date(), settings)
                        for m in pd.date_range(
                            pd.Timestamp(first).replace(day=1), pd.Timestamp(last), freq="MS"
                        )
                    ]
                )
            )
            for first, last in zip(firsts, frame["last_month"], strict=True)
        ]
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


def add_forecast(con: duckdb.DuckDBPyConnection, result: FigureResult, settings: Settings) -> None:
    """Fit a straight line through the monthly index after the baseline year, per group, and
    read it at each row's month and at the target date."""
    req = result.request
    start = dt.date(settings.baseline_year + 1, 1, 1)
    monthly_req = req.with_(date_from=start, date_to=max(req.date_to, start), by=("month", *req.split_dims))
    figure = result.figure
    sql, params = figure.build(monthly_req)
    params = {**context_params(con, settings, sql), **params}
    monthly = con.cursor().execute(sql, used_params(sql, params)).df()
    # days since the start and values as arrays, each group's rows by position (a DataFrame per
    # group, and dropna on it, cost more than the query)
    periods = pd.to_datetime(monthly["period"].astype(str) + "01", format="%Y%m%d")
    days = (periods - pd.Timestamp(start)).dt.days.to_numpy()
    observed = monthly["value"].to_numpy(dtype=float)
    keys = list(req.split_dims)
    forecasts: dict = {}
    groups = monthly.groupby(keys).indices.items() if keys else [((), np.arange(len(monthly)))]
    for key, rows in groups:
        rows = rows[~np.isnan(observed[rows])]
        if len(rows) < 3:
            continue
        slope, intercept = np.polyfit(days[rows], observed[rows], 1)
        at_target = (pd.Timestamp(settings.target_date) - pd.Timestamp(start)).days
        forecasts[key if isinstance(key, tuple) else (key,)] = (
            slope,
            intercept,
            slope * at_target + intercept,
        )
    frame = result.frame
    month_col = frame["last_month"]
    values = []
    for i, month in enumerate(month_col):
        key = tuple(frame[k].iloc[i] for k in keys)
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
