"""Building the demo database: parameters and the order of the steps, published through the writer."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gdmetrics.calendar import ensure_calendar
from gdmetrics.demo import followups, reference, tickets
from gdmetrics.settings import get_settings
from gdmetrics.sla import refresh_ticket_sla
from gdmetrics.store import writer

Progress = Callable[[float, str], None]


class DemoParams(BaseModel):
    """What the demo generator may be asked for; the same parameters give the same database."""

    model_config = ConfigDict(frozen=True)

    seed: int = Field(default=42, ge=0, le=2**31 - 1)
    tickets_per_year: int = Field(default=100_000, ge=1_000, le=5_000_000)
    first_year: int = Field(default=2004, ge=2000, le=2034)
    last_year: int = Field(default=2006, ge=2000, le=2034)

    @model_validator(mode="after")
    def _check_years(self) -> DemoParams:
        if self.last_year < self.first_year:
            raise ValueError("last_year must not be before first_year")
        if self.last_year - self.first_year > 9:
            raise ValueError("the demo spans at most ten years")
        return self


def _no_progress(fraction: float, message: str) -> None:
    pass


def build_demo(
    path: Path,
    params: DemoParams,
    progress: Progress | None = None,
    *,
    force: bool = False,
    actor: str = "system:demo",
) -> None:
    """Build a demo database at `path`: the GD's organisation, catalogue, agreements and three
    years of tickets with everything that follows from them.

    The database is built through the one writer path (gdmetrics.store): in a work file,
    published by a rename at the end, so an interrupted build never leaves half a database at
    `path` and a dashboard serving `path` keeps serving the old one meanwhile. Raises
    FileExistsError when `path` exists, unless `force` (then a new version replaces it; the old
    one can be restored with `rollback`).
    """
    path = Path(path)
    report = progress or _no_progress
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists; use --force to replace it with a new demo database.")
    settings = get_settings()
    period = reference.Period(params.first_year, params.last_year)
    if settings.calendar_from > period.start or settings.calendar_to.year <= period.last_year + 1:
        raise ValueError(
            f"The work calendar ({settings.calendar_from} to {settings.calendar_to}) must cover "
            f"{period.first_year} up to and including {period.last_year + 2}."
        )
    with writer(
        path,
        actor=actor,
        reason=f"demo seed {params.seed}, {params.tickets_per_year} tickets/year",
        kind="demo",
        fresh=True,
    ) as w:
        if path.exists() and not force:  # checked again under the lock: another process built it
            raise FileExistsError(
                f"{path} already exists; use --force to replace it with a new demo database."
            )
        _fill(w.con, params, period, settings, report)
        report(0.97, "Database afronden")
    report(1.0, "Demodatabase klaar")


def _fill(con, params: DemoParams, period, settings, report: Progress) -> None:
    rng = random.Random(params.seed)
    report(0.0, "Organisatie en catalogus aanmaken")
    # Insertion order does not matter for the contents; not keeping it saves memory.
    con.execute("SET preserve_insertion_order = false")
    reference.insert_organisation(con)
    reference.insert_catalogue(con, period)
    usage = reference.product_usage(rng)
    reference.insert_agreements(con, period, usage, params.tickets_per_year, rng)
    reference.insert_cost(con, period, rng)
    # The generator places tickets in business time, so the calendar comes first.
    report(0.03, "Werkkalender opbouwen")
    ensure_calendar(con, settings)
    as_of = tickets.data_as_of(con, period)
    tickets.create_macros(con, params.seed)
    plans = tickets.setup(con, period, usage, params.tickets_per_year, settings, as_of, rng)
    tickets.generate_tickets(con, plans, settings, as_of, lambda f, msg: report(0.05 + 0.85 * f, msg))
    report(0.9, "Klachten, escalaties, offertes en verrekening")
    followups.insert_followups(con, period.start, period.end, as_of, settings.working_minutes_per_day)
    con.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [
            ("demo_seed", str(params.seed)),
            ("demo_tickets_per_year", str(params.tickets_per_year)),
            ("demo_first_year", str(params.first_year)),
            ("demo_last_year", str(params.last_year)),
            ("data_as_of", as_of.isoformat(sep=" ")),
        ],
    )
    ensure_calendar(con, settings)
    # The verdicts every figure reads, so the file is complete even when opened read-only.
    report(0.93, "Serviceniveaus berekenen (norm en oordeel per melding)")
    refresh_ticket_sla(con, as_of=as_of, settings=settings)
