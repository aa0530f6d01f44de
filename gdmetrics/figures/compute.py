"""Computing a figure by id: its declaration from the registry, run (gdmetrics.figures.run)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from gdmetrics.completeness import loaded_kinds, not_loaded
from gdmetrics.figures.model import FigureRequest, FigureResult
from gdmetrics.figures.registry import get_figure
from gdmetrics.figures.run import attach_target, run_statement
from gdmetrics.settings import Settings, get_settings


def compute(
    con: duckdb.DuckDBPyConnection,
    figure_id: str,
    req: FigureRequest,
    settings: Settings | None = None,
) -> FigureResult:
    """Compute one figure for one request. Raises KeyError for an unknown id and ValueError for a
    split or filter the figure does not allow, PermissionError for a figure of an area the
    request's user lacks (FigureRequest.areas)."""
    settings = settings or get_settings()
    figure = get_figure(figure_id)
    req.require(figure)
    if figure.compose is not None:
        frame = figure.compose(con, req, settings, lambda fid, r: compute(con, fid, r, settings))
        result = FigureResult(figure, req, frame)
    else:
        result = run_statement(con, figure, req, settings)
        attach_target(con, result, settings)
        for step in figure.steps:
            step(con, result, settings)
    missing = not_loaded(figure.rests_on, loaded_kinds(con))
    if missing:
        blank(result, missing)
    return result


def blank(result: FigureResult, missing: tuple[str, ...]) -> None:
    """A figure over data never loaded has no value (not 0) and no verdict; `meta["not_loaded"]`
    names what is missing (gdmetrics.completeness)."""
    frame = result.frame
    for col in ("value", "numerator", "forecast"):
        if col in frame:
            frame[col] = np.nan
    if "rag" in frame:
        frame["rag"] = None
    if "met" in frame:
        frame["met"] = None
    result.meta.pop("forecast_at_target_date", None)
    result.meta["not_loaded"] = list(missing)


def compute_frame(
    con: duckdb.DuckDBPyConnection, figure_id: str, req: FigureRequest, settings: Settings | None = None
) -> tuple[pd.DataFrame, dict]:
    """`compute` as plain values a cache can keep (the declaration holds functions): the frame
    and the meta."""
    result = compute(con, figure_id, req, settings)
    return result.frame, result.meta
