"""The monthly rollup gives the same figures as a scan of ticket_sla, exactly, and stays current.

On the session's demo (read-only): for each figure made of rollup measures, random splits, filters,
client scopes and month-aligned periods, the figure read from the rollup equals the same figure
with the rollup switched off (`from_rollup` patched to say no), frame for frame, no tolerance.
That an incremental refresh (an import, a norm change) leaves the rollup equal to one rebuilt
from scratch is checked beside ticket_sla's own check, in tests/test_sla_incremental.py.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gdmetrics.figures.sql as figure_sql
from gdmetrics import rollup
from gdmetrics.figures import REGISTRY, FigureRequest, compute

YEAR = FigureRequest(date_from=dt.date(2006, 1, 1), date_to=dt.date(2006, 12, 31))


def _reads_rollup(figure_id: str, req: FigureRequest) -> bool:
    figure = REGISTRY[figure_id]
    return figure.build is not None and rollup.TABLE in figure.build(req)[0]


# Every figure that reads the rollup for some request (a period of whole months).
ROLLUP_FIGURES = sorted(f for f in REGISTRY if _reads_rollup(f, YEAR))


@pytest.fixture(scope="module")
def con(demo_db_path):
    with duckdb.connect(str(demo_db_path), read_only=True) as c:
        yield c


@pytest.fixture(scope="module")
def values(con) -> dict[str, list[str]]:
    """A few values of each rollup dimension that occur in the demo, for filters."""
    return {
        dim: [
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT CAST({col} AS VARCHAR) AS v FROM ticket_sla WHERE {col} IS NOT NULL "
                "ORDER BY v LIMIT 6"
            ).fetchall()
        ]
        for dim, col in rollup.DIMENSIONS.items()
    }


def test_the_ratio_count_and_mix_figures_over_tickets_read_the_rollup():
    assert ROLLUP_FIGURES == sorted(
        [
            "channel_mix",
            "complaints_per_1000",
            "demand_level_mix",
            "escalations_per_1000",
            "reassignment_rate",
            "reopen_rate",
            "reopened_within_five_days",
            "resolution_within_norm",
            "response_within_norm",
            "service_level_index",
            "service_level_vs_target",
            "ticket_volume",
        ]
    )


def test_a_period_of_part_of_a_month_a_day_split_or_a_priority_reads_the_tickets():
    for req in (
        YEAR.with_(date_to=dt.date(2006, 12, 30)),
        YEAR.with_(date_from=dt.date(2006, 1, 2)),
        YEAR.with_(by=("week",)),
        YEAR.with_(by=("priority",)),
        YEAR.with_(where=(("priority", ("1",)),)),
    ):
        assert not _reads_rollup("resolution_within_norm", req)
    assert _reads_rollup("resolution_within_norm", YEAR.with_(by=("quarter", "dva"), client_scope=("SG",)))


@st.composite
def requests(draw, values: dict[str, list[str]], figure_id: str) -> FigureRequest:
    allowed = sorted(set(rollup.DIMENSIONS) & REGISTRY[figure_id].dimensions)
    first = draw(st.integers(0, 35))  # months since January 2004
    months = draw(st.integers(1, 37 - first))
    start = dt.date(2004 + first // 12, first % 12 + 1, 1)
    end_month = first + months
    end = dt.date(2004 + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
    grain = draw(st.sampled_from([(), ("month",), ("quarter",), ("year",)]))
    split = tuple(draw(st.lists(st.sampled_from(allowed), max_size=2, unique=True)))
    where = ()
    if draw(st.booleans()):
        dim = draw(st.sampled_from(allowed))
        picked = draw(st.lists(st.sampled_from(values[dim]), min_size=1, max_size=2, unique=True))
        where = ((dim, tuple(picked)),)
    scope = draw(st.sampled_from([None, ("DGOB", "SG-AD", "JUS")]))
    return FigureRequest(date_from=start, date_to=end, by=(*grain, *split), where=where, client_scope=scope)


@pytest.mark.parametrize("figure_id", ROLLUP_FIGURES)
@settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_figure_from_the_rollup_equals_the_figure_from_the_tickets_exactly(con, values, figure_id, data):
    req = data.draw(requests(values, figure_id))
    assert _reads_rollup(figure_id, req)
    from_rollup = compute(con, figure_id, req).frame
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(figure_sql, "from_rollup", lambda *args, **kwargs: False)
        assert not _reads_rollup(figure_id, req)
        from_tickets = compute(con, figure_id, req).frame
    pd.testing.assert_frame_equal(from_rollup, from_tickets, check_exact=True)


MEDIAN = "median_resolution_hours"


def _reads_minutes(req: FigureRequest) -> bool:
    return rollup.MINUTES in REGISTRY[MEDIAN].build(req)[0]


def test_the_resolution_median_reads_the_minute_counts_where_a_level_keeps_its_dimensions():
    for req in (
        YEAR,
        YEAR.with_(by=("month",)),
        YEAR.with_(by=("quarter", "directorate")),
        YEAR.with_(by=("client",), where=(("dg", ("DGKR",)),)),
        YEAR.with_(by=("dg",), client_scope=("SG",)),
    ):
        assert _reads_minutes(req), req
    for req in (
        YEAR.with_(date_to=dt.date(2006, 12, 30)),  # part of a month
        YEAR.with_(by=("week",)),
        YEAR.with_(by=("product",)),  # no level keeps it
        YEAR.with_(by=("directorate",), client_scope=("SG",)),  # directorate and client: no level
        YEAR.with_(by=("client",), where=(("directorate", ("FB",)),)),
    ):
        assert not _reads_minutes(req), req


@st.composite
def median_requests(draw, values: dict[str, list[str]]) -> FigureRequest:
    """Month-aligned requests a level of the minute counts serves: split and filtered within one
    level's dimensions (the client level also under a client scope)."""
    first = draw(st.integers(0, 35))
    months = draw(st.integers(1, 37 - first))
    start = dt.date(2004 + first // 12, first % 12 + 1, 1)
    end_month = first + months
    end = dt.date(2004 + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
    grain = draw(st.sampled_from([(), ("month",), ("quarter",), ("year",)]))
    level = draw(st.sampled_from(sorted(rollup.MINUTES_LEVELS)))
    kept = list(rollup.MINUTES_LEVELS[level])
    split = tuple(draw(st.lists(st.sampled_from(kept), max_size=2, unique=True))) if kept else ()
    where = ()
    if kept and draw(st.booleans()):
        dim = draw(st.sampled_from(kept))
        where = (
            (dim, tuple(draw(st.lists(st.sampled_from(values[dim]), min_size=1, max_size=2, unique=True)))),
        )
    scope = draw(st.sampled_from([None, ("DGOB", "SG-AD", "JUS")])) if level == "client" else None
    return FigureRequest(date_from=start, date_to=end, by=(*grain, *split), where=where, client_scope=scope)


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_median_from_the_minute_counts_equals_the_median_over_the_tickets_exactly(con, values, data):
    req = data.draw(median_requests(values))
    assert _reads_minutes(req)
    from_counts = compute(con, MEDIAN, req).frame
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(figure_sql, "minutes_level", lambda *args, **kwargs: None)
        assert not _reads_minutes(req)
        from_tickets = compute(con, MEDIAN, req).frame
    pd.testing.assert_frame_equal(from_counts, from_tickets, check_exact=True)


def test_a_rollup_built_by_other_code_is_made_anew_with_its_columns(tmp_path):
    """A database whose verdicts and rollup older code made (another SLA_VERSION, a rollup without
    the last measure's column) is brought to this code's rollup by opening it (`prepare`)."""
    from gdmetrics.db import prepare
    from gdmetrics.settings import Settings
    from tests.figure_fixture import build_figure_fixture

    con = build_figure_fixture(tmp_path / "old.duckdb")
    fresh = con.execute(f"SELECT * FROM {rollup.TABLE} ORDER BY ALL").fetchall()
    con.execute(f"ALTER TABLE {rollup.TABLE} DROP COLUMN {rollup.MEASURES[-1].name}")
    con.execute("UPDATE meta SET value = 'old' WHERE key IN ('sla_version', 'rollup_version')")
    prepare(con, Settings())
    assert con.execute(f"SELECT * FROM {rollup.TABLE} ORDER BY ALL").fetchall() == fresh
    con.close()
