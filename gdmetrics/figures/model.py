"""What a figure is (its declaration, drill-down and extra steps included), what a request for
one is (period, split, filters, scope), and what a computed figure is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from gdmetrics import text

PERIOD_GRAINS = ("day", "week", "month", "quarter", "year")
# The areas (gdmetrics.access.roles.AREAS) whose pages show figures: a role needs one of them.
FIGURE_AREAS = frozenset({"management", "efficiency", "accountmanagement", "mantel"})

# Every dimension a figure may be split or filtered by, with the column that carries it in
# every fact relation. Identifiers here (and only here) are formatted into SQL.
DIMENSION_COLUMNS: dict[str, str] = {
    "directorate": "directorate_code",
    "client": "client_code",
    "dg": "dg_code",
    "product": "product_code",
    "channel": "channel",
    "demand_level": "demand_level",
    "priority": "priority",
    "dva": "dva_id",
    "category": "category",
    "reason": "reason",
    "outcome": "outcome",
    "pattern": "pattern_code",
    "age_bucket": "age_bucket",
    "financing": "financing",
}
KNOWN_DIMENSIONS = frozenset(PERIOD_GRAINS) | frozenset(DIMENSION_COLUMNS)

Unit = Literal["share", "count", "hours", "index", "euro", "per_1000"]
Direction = Literal["higher_is_better", "lower_is_better", "neutral"]
TargetRule = Literal[
    "ticket_target_share", "mantel_standard", "efficiency_path", "fixed_100", "pattern_norm", "none"
]


@dataclass(frozen=True, eq=False)
class Fact:
    """A relation figures aggregate over: its SQL, the dimensions it carries, what it reads."""

    name: str
    sql: str  # a table name or a parenthesised SELECT with the standard column names
    dimensions: frozenset[str]
    client_column: str | None = "client_code"  # where an account manager's scope applies
    # Precomputed year*100+month integers for date columns: grouping by month, quarter or year
    # on them is several times faster than date_trunc over millions of rows.
    month_keys: dict[str, str] = field(default_factory=dict)


RowKind = Literal["tickets", "complaints", "escalations", "costs", "charges"]


@dataclass(frozen=True)
class Drill:
    """The rows behind a figure, declared with it: which rows, which extra columns, how sorted.

    A drill-down for a figure and request returns exactly the rows the figure counted: the rows of
    `kind` (from `fact`, else the kind's own relation) that meet `condition` and whose `date_col`
    falls in the period (`date_col` empty: rows open at the period's end, in `condition`).
    `order` sorts them over the row list's columns (the relation's, aliased `s` for tickets),
    failures first; empty means the kind's own order. `columns` (ticket and escalation rows) are
    shown besides the kind's own, each as (column of the fact, Dutch label); the label's English is
    in the text catalogue."""

    kind: RowKind
    date_col: str
    condition: str = "true"
    verdict: Literal["resolution", "response"] = "resolution"  # the norm the ticket rows show
    order: str = ""
    columns: tuple[tuple[str, str], ...] = ()
    fact: Fact | None = None


# An extra step after a figure's statement (a colour, a forecast), declared with the figure:
# step(con, result, settings) adds columns to result.frame or entries to result.meta.
Step = Callable[[Any, "FigureResult", Any], None]
# A figure computed from other figures: compose(con, req, settings, compute) gives its frame,
# where compute(figure_id, req) computes another figure with the same connection and settings.
Compose = Callable[
    [Any, "FigureRequest", Any, Callable[[str, "FigureRequest"], "FigureResult"]], pd.DataFrame
]


@dataclass(frozen=True)
class Figure:
    """One figure of the dashboard, declared once. `build` turns a request into SQL + params
    (or `compose` builds it from other figures); `steps` run after it, in order."""

    id: str
    label_nl: str
    description_nl: str
    unit: Unit
    direction: Direction
    target_rule: TargetRule
    dimensions: frozenset[str]
    build: Callable[..., object] | None
    reads: tuple[str, ...]  # tables (or fact relations) and columns it reads, for the benchmark floor
    # The kinds of data it rests on (gdmetrics.completeness.DATA_KINDS): with one of them never
    # loaded, the figure has no value ("niet geladen"), never a 0 or a verdict.
    rests_on: tuple[str, ...] = ()
    additive: bool = True  # splitting and summing numerator/denominator gives the unsplit figure
    category: str | None = None  # the dimension every row is split by (mixes, ageing buckets)
    extra_columns: tuple[str, ...] = field(default=())
    # What the figure's denominator counts, as a report's sentence names it ("12 of 340 tickets").
    noun_nl: str = ""
    drill: Drill | None = None
    steps: tuple[Step, ...] = ()
    compose: Compose | None = None

    @property
    def area(self) -> str | None:
        """The area a role must open to see this figure (gdmetrics.access.roles.AREAS): one that
        reads GD cost data (the `cost` table: FTE, personnel cost, budgets) is "efficiency"; any
        other figure is one of the pages with figures (FIGURE_AREAS), none of which beheer opens."""
        return "efficiency" if any(r.startswith("cost.") for r in self.reads) else None

    @property
    def areas(self) -> frozenset[str]:
        """Any one of these areas lets a role see the figure."""
        return frozenset({self.area}) if self.area else FIGURE_AREAS

    def label(self, lang: str) -> str:
        return text.tr(lang, self.label_nl)

    def noun(self, lang: str) -> str:
        return text.tr(lang, self.noun_nl)

    def description(self, lang: str) -> str:
        return text.tr(lang, self.description_nl)


class FigureRequest(BaseModel):
    """A request for one figure: a period, how to split it, filters, and the user's client scope.

    `date_to` is inclusive (a whole day); `where` maps a dimension to one or more values;
    `client_scope` (when set) limits every row to those clients (an account manager's scope);
    `areas` (when set) are the areas the user's role opens: a figure of another area (cost data
    for a role without "efficiency") is refused with PermissionError, not computed.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    date_from: dt.date
    date_to: dt.date
    by: tuple[str, ...] = ()
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    client_scope: tuple[str, ...] | None = None
    areas: tuple[str, ...] | None = None

    @field_validator("by")
    @classmethod
    def _known_dims(cls, by: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [d for d in by if d not in KNOWN_DIMENSIONS]
        if unknown:
            raise ValueError(
                f"unknown dimension {unknown[0]!r}; known: {', '.join(sorted(KNOWN_DIMENSIONS))}"
            )
        grains = [d for d in by if d in PERIOD_GRAINS]
        if len(grains) > 1:
            raise ValueError("split by at most one period grain (day, week, month, quarter or year)")
        if len(set(by)) != len(by):
            raise ValueError("a dimension is named twice in the split")
        return by

    @field_validator("where")
    @classmethod
    def _known_filters(
        cls, where: tuple[tuple[str, tuple[str, ...]], ...]
    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        for dim, values in where:
            if dim not in DIMENSION_COLUMNS:
                raise ValueError(f"cannot filter on {dim!r}; filters: {', '.join(sorted(DIMENSION_COLUMNS))}")
            if not values:
                raise ValueError(f"filter {dim!r} has no value")
        return where

    @model_validator(mode="after")
    def _period(self) -> FigureRequest:
        if self.date_to < self.date_from:
            raise ValueError(f"period ends ({self.date_to}) before it starts ({self.date_from})")
        return self

    @property
    def end_exclusive(self) -> dt.date:
        return self.date_to + dt.timedelta(days=1)

    @property
    def grain(self) -> str | None:
        return next((d for d in self.by if d in PERIOD_GRAINS), None)

    @property
    def split_dims(self) -> tuple[str, ...]:
        """The non-period dimensions of the split, in request order."""
        return tuple(d for d in self.by if d not in PERIOD_GRAINS)

    def may_read(self, figure: Figure) -> bool:
        """Whether this request's user may see `figure` (see `areas`)."""
        return self.areas is None or bool(figure.areas & set(self.areas))

    def require(self, figure: Figure) -> None:
        """PermissionError unless this request's user may see `figure`."""
        if not self.may_read(figure):
            raise PermissionError(
                f"figure {figure.id!r} needs one of the areas {', '.join(sorted(figure.areas))}"
            )

    def with_(self, **changes: object) -> FigureRequest:
        return self.model_copy(update=changes)


@dataclass
class FigureResult:
    """A computed figure: one row per split combination with value, numerator, denominator, target."""

    figure: Figure
    request: FigureRequest
    frame: pd.DataFrame
    meta: dict = field(default_factory=dict)

    @property
    def value(self) -> float | None:
        """The value of an unsplit figure (its only row); None where there is no data."""
        if len(self.frame) != 1:
            return None
        v = self.frame["value"].iloc[0]
        return None if pd.isna(v) else float(v)
