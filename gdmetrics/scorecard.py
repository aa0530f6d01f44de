"""The mantel scorecard: every standard and DVA over earlier periods, and what drove a miss.

Reads the registry only (`mantel_performance` and the standard's own figure split by directorate
or product); what it adds is the reading: which directorates and products account for most of
the shortfall against the standard.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from gdmetrics import formatting, periods, rag
from gdmetrics.figures import FigureRequest, compute, get_figure
from gdmetrics.settings import Settings, get_settings

SCALE = {"share": 1.0, "per_1000": 1000.0}


def excess(numerator: float, denominator: float, target: float, unit: str, direction: str) -> float | None:
    """How many cases (tickets, complaints) more than the target allowed: the row's share of the
    miss. None for figures that are not a ratio of counts (medians)."""
    if unit not in SCALE or pd.isna(numerator) or pd.isna(denominator):
        return None
    allowed = target * denominator / SCALE[unit]
    return float(allowed - numerator) if direction == "higher_is_better" else float(numerator - allowed)


def drivers(
    con: duckdb.DuckDBPyConnection,
    figure_id: str,
    req: FigureRequest,
    target: float,
    dims: tuple[str, ...] = ("directorate", "product"),
    top: int = 5,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """Per dimension, the `top` values that account for most of the miss (or, for medians, the
    worst values): dimension, key, value, target, count, excess."""
    figure = get_figure(figure_id)
    parts = []
    for dim in dims:
        if dim not in figure.dimensions:
            continue
        frame = compute(con, figure_id, req.with_(by=(dim,)), settings or get_settings()).frame
        frame = frame[frame[dim].notna()].copy()
        frame["excess"] = [
            excess(n, d, target, figure.unit, figure.direction)
            for n, d in zip(frame["numerator"], frame["denominator"], strict=True)
        ]
        if frame["excess"].notna().any():
            frame = frame.sort_values("excess", ascending=False)
            frame = frame[frame["excess"] > 0]
        else:
            frame = frame.sort_values("value", ascending=figure.direction == "higher_is_better")
        count = frame["denominator"].where(frame["denominator"].notna(), frame["numerator"])
        parts.append(
            pd.DataFrame(
                {
                    "dimension": dim,
                    "key": frame[dim],
                    "value": frame["value"],
                    "target": target,
                    "count": count,
                    "excess": frame["excess"],
                }
            ).head(top)
        )
    if not parts:
        return pd.DataFrame(columns=["dimension", "key", "value", "target", "count", "excess"])
    return pd.concat(parts, ignore_index=True)


def history(
    con: duckdb.DuckDBPyConnection,
    req: FigureRequest,
    first_day: dt.date,
    grain: str,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """mantel_performance per `grain` (quarter or year) from the data's first period to the
    chosen period's end."""
    start = pd.Timestamp(first_day).to_period("Q" if grain == "quarter" else "Y").start_time.date()
    hist_req = req.with_(date_from=start, by=(grain,))
    return compute(con, "mantel_performance", hist_req, settings or get_settings()).frame


def history_table(frame: pd.DataFrame, grain: str, lang: str) -> pd.DataFrame:
    """Subject x period: the achieved value with ✔ or ✖, for reading the trend at a glance."""
    if frame.empty:
        return pd.DataFrame()
    frame = frame.copy()
    unit = {fid: get_figure(fid).unit for fid in frame["figure_id"].unique()}
    frame["cell"] = [
        "–" if pd.isna(v) else f"{rag.symbol(s)} {formatting.value(v, unit[f], lang)}"
        for v, s, f in zip(frame["value"], frame["rag"], frame["figure_id"], strict=True)
    ]
    names = frame["name_en"] if lang == "en" else frame["name"]
    frame["subject_name"] = names.where(frame["subject_kind"] == "mantel_standard", "DVA " + frame["name"])
    order = frame.drop_duplicates("subject_name")["subject_name"].tolist()
    table = frame.pivot_table(index="subject_name", columns="period", values="cell", aggfunc="first")
    table = table.reindex(order)
    table.columns = [periods.short_name(grain, pd.Timestamp(c).date(), lang) for c in table.columns]
    table.index.name = "Norm / DVA"
    return table.reset_index()
