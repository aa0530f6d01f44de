"""Every figure of the dashboard: the registry, requests for a figure, and computing one."""

from gdmetrics.figures.compute import compute, compute_frame
from gdmetrics.figures.model import (
    DIMENSION_COLUMNS,
    KNOWN_DIMENSIONS,
    PERIOD_GRAINS,
    Drill,
    Figure,
    FigureRequest,
    FigureResult,
)
from gdmetrics.figures.registry import REGISTRY, RegistryError, get_figure, registry_problems
from gdmetrics.figures.sql import FigureNotSplittable

__all__ = [
    "DIMENSION_COLUMNS",
    "Drill",
    "KNOWN_DIMENSIONS",
    "PERIOD_GRAINS",
    "REGISTRY",
    "Figure",
    "FigureNotSplittable",
    "FigureRequest",
    "FigureResult",
    "RegistryError",
    "compute",
    "compute_frame",
    "get_figure",
    "registry_problems",
]
