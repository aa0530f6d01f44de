"""The one settings object: database path, working hours, thresholds and the efficiency goal."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Settings, each overridable by an environment variable `GD_<NAME>` (e.g. `GD_DB`).

    Lists and dates take JSON or ISO text, e.g. `GD_CLOSURE_DAYS='["2005-12-27"]'`.
    """

    model_config = SettingsConfigDict(env_prefix="GD_", extra="ignore", frozen=True)

    db: Path = Field(default=PROJECT_ROOT / "data" / "gd.duckdb", description="DuckDB database file")

    # Working hours of the service desk and back office (business time).
    workday_start: dt.time = dt.time(8, 0)
    workday_end: dt.time = dt.time(17, 0)
    working_weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0
    closure_days: tuple[dt.date, ...] = ()  # extra days the GD is closed (brugdagen)
    open_holidays: tuple[dt.date, ...] = ()  # public holidays on which the GD works anyway
    calendar_from: dt.date = dt.date(2000, 1, 1)
    calendar_to: dt.date = dt.date(2035, 12, 31)

    # Service level colours: green at or above target, amber within `amber_margin` below it.
    amber_margin: float = Field(default=0.05, ge=0, le=1)

    # The 20% efficiency goal ("binnen drie jaar 20% efficiencywinst"), on the formatie (FTE) and on
    # the material budget, each against its own baseline: the monthly average of `baseline_year`
    # (= 100). The target path runs in a straight line from 100 at the baseline moment, the end of
    # the baseline year (1 January of the year after), to 100 - efficiency_target_pct on
    # `target_date`.
    baseline_year: int = 2004
    target_date: dt.date = dt.date(2007, 1, 1)
    efficiency_target_pct: float = Field(default=20.0, gt=0, lt=100)

    # Complaints: Awb art. 9:11, six weeks, extendable by four.
    complaint_term_days: int = 42
    complaint_extension_days: int = 28
    # Days set equal to a public holiday by royal decree for the Algemene termijnenwet (art. 3
    # lid 3, e.g. the Friday after Ascension Day), on which a legal term cannot end.
    legal_term_extra_days: tuple[dt.date, ...] = ()

    # An open ticket on hold (paused, not resumed) longer than this many calendar days is listed
    # (figure long_on_hold): a hold before the due moment stops the clock, so it never breaches.
    long_hold_days: int = Field(default=10, ge=1)

    # DuckDB may use this much memory before it spills to disk (the machine is shared with the
    # app server and, in CI, with a browser).
    duckdb_memory_limit: str = "3GB"

    # First start, when there is no database yet: build the demo organisation (GD_DEMO=1, the
    # default) of this size, or start on an empty database with the default norms (GD_DEMO=0),
    # for a GD loading its own data (README: Eigen gegevens laden).
    demo: bool = True
    demo_tickets_per_year: int = Field(default=100_000, ge=1_000)

    # Imports. The upload limit of the page; what one file may hold (checked before it is read
    # whole: GD_IMPORT_MAX_ROWS, GD_IMPORT_MAX_COLUMNS, GD_IMPORT_MAX_CELL_CHARS, and for an .xlsx
    # the size it unpacks to, GD_IMPORT_MAX_XLSX_UNPACKED_MB); and the memory DuckDB may use while
    # importing, so that an import of any size stays within about 1 GiB (it spills to disk).
    max_upload_mb: int = Field(default=200, gt=0)
    import_max_rows: int = Field(default=5_000_000, gt=0)
    import_max_columns: int = Field(default=500, gt=0)
    import_max_cell_chars: int = Field(default=131_072, gt=0)
    import_max_xlsx_unpacked_mb: int = Field(default=2048, gt=0)
    import_memory_limit: str = "500MB"
    # The reference-data workbook: at most this many rows per sheet (checked before reading them).
    reference_max_rows: int = Field(default=20_000, gt=0)

    # Default norms per priority (priority, response hours, resolution hours): what a database
    # created by an import starts with, so tickets have a verdict before any catalogue or DVA norm
    # is loaded; beheer changes them on the Standaardnormen sheet of the reference workbook. E.g.
    # GD_DEFAULT_NORMS='[[1, 1, 4], [2, 2, 8], [3, 4, 16], [4, 8, 40], [5, 16, 80]]'.
    default_norms: tuple[tuple[int, float, float], ...] = (
        (1, 1.0, 4.0),
        (2, 2.0, 8.0),
        (3, 4.0, 16.0),
        (4, 8.0, 40.0),
        (5, 16.0, 80.0),
    )

    # The one writer path (gdmetrics.store): how long a second writer waits for the first before
    # it gives up with a line naming the holder; how many published versions are kept on disk,
    # and how many of the latest writes beheer may undo (at most keep_versions - 1).
    writer_lock_timeout_s: float = Field(default=120.0, ge=0)
    keep_versions: int = Field(default=10, ge=2)
    undo_depth: int = Field(default=5, ge=1)

    # Sign-in: who is `beheer` before anyone has a role in the database (the first administrator
    # assigns the others on the Toegang page), e.g. GD_ADMIN_EMAILS='["fb.beheer@minbzk.nl"]'.
    admin_emails: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check_hours(self) -> Settings:
        if self.workday_end <= self.workday_start:
            raise ValueError("workday_end must be after workday_start")
        if not self.working_weekdays or any(d not in range(7) for d in self.working_weekdays):
            raise ValueError("working_weekdays must be weekday numbers 0 (Monday) to 6")
        if self.undo_depth >= self.keep_versions:
            raise ValueError(
                "undo_depth must be smaller than keep_versions (an undo needs the version before)"
            )
        return self

    @field_validator("default_norms")
    @classmethod
    def _check_default_norms(
        cls, norms: tuple[tuple[int, float, float], ...]
    ) -> tuple[tuple[int, float, float], ...]:
        priorities = [p for p, _, _ in norms]
        if sorted(priorities) != sorted(set(priorities)) or any(p not in range(1, 6) for p in priorities):
            raise ValueError("default_norms: each priority 1-5 at most once")
        for p, response, resolution in norms:
            if not 0 < response <= resolution:
                raise ValueError(f"default_norms: priority {p} needs 0 < response <= resolution hours")
        return tuple(sorted(norms))

    @field_validator("admin_emails")
    @classmethod
    def _lower_emails(cls, emails: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(e.strip().lower() for e in emails if e.strip())

    @property
    def working_minutes_per_day(self) -> int:
        start = self.workday_start.hour * 60 + self.workday_start.minute
        end = self.workday_end.hour * 60 + self.workday_end.minute
        return end - start


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once from the environment."""
    return Settings()
