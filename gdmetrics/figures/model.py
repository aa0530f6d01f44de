"""What a figure is (its definition) and what a request for one is (period, split, filters, scope)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

PERIOD_GRAINS = ("day", "week", "month", "quarter", "year")

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


@dataclass(frozen=True)
class Figure:
    """One figure of the dashboard, defined once. `build` turns a request into SQL + params."""

    id: str
    label_nl: str
    label_en: str
    description_nl: str
    description_en: str
    unit: Unit
    direction: Direction
    target_rule: TargetRule
    dimensions: frozenset[str]
    build: Callable[..., object] | None
    reads: tuple[str, ...]  # tables (or fact relations) and columns it reads, for the benchmark floor
    additive: bool = True  # splitting and summing numerator/denominator gives the unsplit figure
    category: str | None = None  # the dimension every row is split by (mixes, ageing buckets)
    extra_columns: tuple[str, ...] = field(default=())
    # What the figure's denominator counts, as a report's sentence names it ("12 of 340 tickets").
    noun_nl: str = ""
    noun_en: str = ""

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_nl

    def noun(self, lang: str) -> str:
        return self.noun_en if lang == "en" else self.noun_nl

    def description(self, lang: str) -> str:
        return self.description_en if lang == "en" else self.description_nl


class FigureRequest(BaseModel):
    """A request for one figure: a period, how to split it, filters, and the user's client scope.

    `date_to` is inclusive (a whole day); `where` maps a dimension to one or more values;
    `client_scope` (when set) limits every row to those clients (an account manager's scope).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    date_from: dt.date
    date_to: dt.date
    by: tuple[str, ...] = ()
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    client_scope: tuple[str, ...] | None = None

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

    def with_(self, **changes: object) -> FigureRequest:
        return self.model_copy(update=changes)
