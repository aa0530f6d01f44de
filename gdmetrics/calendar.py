"""The business-time calendar: working minutes per day, Dutch holidays, and the clock in SQL.

Business time is arithmetic on one table, `work_calendar`, one row per day with the working
minutes of that day and the working minutes of all days before it (`cum_before`). The
business-minute stamp of a moment `ts` is

    cum_before(ts::date) + clamp(minutes since work_start of that day, 0, work_minutes)

so the business time between two moments is the difference of their stamps: two joins on a
date, no loop. A moment outside working hours gets the stamp of the next working moment (the
clock starts there). Products marked 24/7 use calendar time instead: minutes since the epoch of
the moment read as Europe/Amsterdam wall time, so a DST change shortens or lengthens the night.

`term_end_day` serves legal terms (a complaint's Awb term): the day on which a term that would
end on that day ends under the Algemene termijnenwet, i.e. that day or the next that is not a
Saturday, Sunday or algemeen erkende feestdag (`legal_term_days_off`). Those are legal days, not
the GD's working days: a closure day of the GD does not lengthen a legal term.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import holidays
import pandas as pd

from gdmetrics.settings import Settings

TIMEZONE = "Europe/Amsterdam"

# The Rijksoverheid (CAO Rijk) does not give Good Friday off; every other national holiday of
# the `holidays` package for NL is a day off, Liberation Day only in the lustrum years the
# package already lists.
NOT_OBSERVED_BY_RIJKSOVERHEID = ("Good Friday",)


def public_holidays(first_year: int, last_year: int) -> dict[dt.date, str]:
    """Dutch public holidays as observed by the Rijksoverheid, by date, with their Dutch name."""
    en = holidays.country_holidays("NL", years=range(first_year, last_year + 1), language="en_US")
    nl = holidays.country_holidays("NL", years=range(first_year, last_year + 1), language="nl")
    return {
        day: nl.get(day, name)
        for day, name in sorted(en.items())
        if not any(skip in name for skip in NOT_OBSERVED_BY_RIJKSOVERHEID)
    }


def legal_term_days_off(first_year: int, last_year: int, extra: tuple[dt.date, ...] = ()) -> set[dt.date]:
    """Days on which a legal term cannot end (Algemene termijnenwet art. 3), besides Saturdays and
    Sundays: every Dutch public holiday of the `holidays` package, Good Friday included (art. 3
    lid 2), Liberation Day (5 May) every year (art. 3 lid 1, where the package lists it only in
    lustrum years), and the days set equal by royal decree that the organisation configures
    (art. 3 lid 3, `Settings.legal_term_extra_days`). The GD's own closure days do not count."""
    years = range(first_year, last_year + 1)
    days = set(holidays.country_holidays("NL", years=years))
    days |= {dt.date(y, 5, 5) for y in years}
    return days | set(extra)


def calendar_frame(settings: Settings) -> pd.DataFrame:
    """One row per day of the configured range: working minutes and cumulative minutes before it."""
    days = pd.date_range(settings.calendar_from, settings.calendar_to, freq="D")
    off = public_holidays(settings.calendar_from.year, settings.calendar_to.year)
    for day in settings.open_holidays:
        off.pop(day, None)
    closures = set(settings.closure_days)
    start_min = settings.workday_start.hour * 60 + settings.workday_start.minute
    per_day = settings.working_minutes_per_day
    dates = days.date
    holiday_name = [off.get(d) for d in dates]
    closed = [d in closures for d in dates]
    weekday_ok = days.day_of_week.isin(settings.working_weekdays)
    is_working = (
        weekday_ok
        & ~pd.Series([h is not None for h in holiday_name]).to_numpy()
        & ~pd.Series(closed).to_numpy()
    )
    work_minutes = pd.Series(is_working.astype("int64") * per_day)
    frame = pd.DataFrame(
        {
            "day": dates,
            "is_working": is_working,
            "work_start": days + pd.Timedelta(minutes=start_min),
            "work_minutes": work_minutes,
            "cum_before": work_minutes.cumsum() - work_minutes,
            # n-th working day (0-based): every working day has the same minutes, so the day on
            # which a business stamp falls is a division away (an equality join, not ASOF).
            "work_day_no": pd.Series(is_working.cumsum() - 1).where(is_working),
            "holiday_name": holiday_name,
            "is_closure_day": closed,
        }
    )
    frame["work_end"] = frame["work_start"] + pd.Timedelta(minutes=per_day)
    # The day a legal term that would end on this day ends (Algemene termijnenwet art. 1): the
    # first day from it that is no Saturday, Sunday or algemeen erkende feestdag.
    no_term_end = legal_term_days_off(
        settings.calendar_from.year, settings.calendar_to.year, settings.legal_term_extra_days
    )
    ends = pd.Series(
        [d if (d.weekday() < 5 and d not in no_term_end) else pd.NaT for d in dates], dtype="object"
    )
    frame["term_end_day"] = pd.to_datetime(ends).bfill().fillna(pd.Timestamp(settings.calendar_to)).dt.date
    return frame


def calendar_fingerprint(settings: Settings) -> str:
    """A short hash of every setting the calendar depends on, stored beside the table."""
    parts = (
        settings.workday_start,
        settings.workday_end,
        settings.working_weekdays,
        settings.closure_days,
        settings.open_holidays,
        settings.calendar_from,
        settings.calendar_to,
        settings.legal_term_extra_days,
        holidays.__version__,
        "work_day_no,term_end_day",  # table layout
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def ensure_calendar(con: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    """(Re)build `work_calendar` when it is missing or was built from other settings.

    Returns True when it was rebuilt (callers then refresh what depends on it). The calendar
    it replaced stays on `con` as the temp table `_sla_was_work_calendar`, so that
    `sla.refresh_ticket_sla(con, only_touched=True)` recomputes only the verdicts it can change.
    """
    fingerprint = calendar_fingerprint(settings)
    row = con.execute("SELECT value FROM meta WHERE key = 'calendar_fingerprint'").fetchone()
    if row and row[0] == fingerprint:
        return False
    frame = calendar_frame(settings)  # noqa: F841 - read by DuckDB's replacement scan below
    if con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'work_calendar'").fetchone()[0]:
        # The calendar the verdicts were computed with, for the refresh that follows on this
        # connection (gdmetrics.sla: only tickets whose clock spans a changed day).
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _sla_was_work_calendar AS "
            "SELECT day, work_start, work_minutes, cum_before FROM work_calendar"
        )
    con.execute("BEGIN")
    con.execute("DROP TABLE IF EXISTS work_calendar")
    con.execute(
        """
        CREATE TABLE work_calendar AS
        SELECT CAST(day AS DATE) AS day, is_working, CAST(work_start AS TIMESTAMP) AS work_start,
               CAST(work_end AS TIMESTAMP) AS work_end, CAST(work_minutes AS INTEGER) AS work_minutes,
               CAST(cum_before AS BIGINT) AS cum_before, CAST(work_day_no AS BIGINT) AS work_day_no,
               holiday_name, is_closure_day, CAST(term_end_day AS DATE) AS term_end_day
        FROM frame ORDER BY day
        """
    )
    con.execute("INSERT OR REPLACE INTO meta VALUES ('calendar_fingerprint', $f)", {"f": fingerprint})
    con.execute("COMMIT")
    return True


def business_stamp_sql(ts: str, cal: str) -> str:
    """SQL expression: the business-minute stamp of timestamp expression `ts`, given the
    `work_calendar` row `cal` joined on `cal.day = CAST(ts AS DATE)`.

    Both arguments are identifiers written by our own code, never user text.
    """
    return (
        f"({cal}.cum_before + least(greatest(date_diff('minute', {cal}.work_start, {ts}), 0), "
        f"{cal}.work_minutes))"
    )


def calendar_stamp_sql(ts: str) -> str:
    """SQL expression: minutes since the epoch of `ts` read as Europe/Amsterdam wall time."""
    return f"(epoch(timezone('{TIMEZONE}', {ts})) / 60.0)"


def business_minutes_between(con: duckdb.DuckDBPyConnection, start: dt.datetime, end: dt.datetime) -> float:
    """Business minutes from `start` to `end` (for explaining one ticket and for tests)."""
    return con.execute(
        f"""
        SELECT {business_stamp_sql("$end", "b")} - {business_stamp_sql("$start", "a")}
        FROM work_calendar a, work_calendar b
        WHERE a.day = CAST($start AS DATE) AND b.day = CAST($end AS DATE)
        """,
        {"start": start, "end": end},
    ).fetchone()[0]


def work_day_no_sql(stamp: str, minutes_per_day: str) -> str:
    """SQL expression: the number of the working day on which business stamp `stamp` falls.
    Join `work_calendar w ON w.work_day_no = <this>`; a stamp exactly at a day's end belongs to
    that day (its closing time), not to the next morning."""
    return f"(CAST(ceil({stamp} / {minutes_per_day}) AS BIGINT) - 1)"


def add_business_minutes_sql(stamp: str, cal: str = "w") -> str:
    """SQL expression: the moment at business stamp `stamp`, given the `work_calendar` row `cal`
    joined on `work_day_no` (see work_day_no_sql)."""
    return f"({cal}.work_start + to_minutes(CAST({stamp} - {cal}.cum_before AS BIGINT)))"


def moment_at_business_stamp(con: duckdb.DuckDBPyConnection, stamp: int, per_day: int) -> dt.datetime:
    """The wall-clock moment at which the business-minute stamp `stamp` is reached."""
    return con.execute(
        f"""
        SELECT {add_business_minutes_sql("$s")}
        FROM work_calendar w WHERE w.work_day_no = {work_day_no_sql("$s", "$per_day")}
        """,
        {"s": stamp, "per_day": per_day},
    ).fetchone()[0]
