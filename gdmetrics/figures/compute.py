"""Computing a figure by id: its declaration from the registry, run (gdmetrics.figures.run)."""

from __future__ import annotations

import duckdb
import pandas as pd

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
    split or filter the figure does not allow."""
    settings = settings or get_settings()
    figure = get_figure(figure_id)
    if figure.compose is not None:
        frame = figure.compose(con, req, settings, lambda fid, r: compute(con, fid, r, settings))
        return FigureResult(figure, req, frame)
    result = run_statement(con, figure, req, settings)
    attach_target(con, result, settings)
    for step in figure.steps:
        step(con, result, settings)
    return result


def compute_frame(
    con: duckdb.DuckDBPyConnection, figure_id: str, req: FigureRequest, settings: Settings | None = None
) -> tuple[pd.DataFrame, dict]:
    """`compute` as plain values a cache can keep (the declaration holds functions): the frame
    and the meta."""
    result = compute(con, figure_id, req, settings)
    return result.frame, result.meta
