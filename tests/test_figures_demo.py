"""Figures on the small demo organisation, checked against plain independent queries."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from gdmetrics.figures import FigureRequest, compute

YEARS = FigureRequest(date_from=dt.date(2004, 1, 1), date_to=dt.date(2006, 12, 31))


@pytest.fixture(scope="module")
def con(demo_db_path):
    with duckdb.connect(str(demo_db_path), read_only=True) as c:
        yield c


def test_median_resolution_hours_equals_a_plain_median_of_the_minutes(con):
    frame = compute(con, "median_resolution_hours", YEARS.with_(by=("year", "directorate"))).frame
    ours = [
        (p.year, d, round(v, 6))
        for p, d, v in frame[["period", "directorate", "value"]].itertuples(index=False)
    ]
    plain = con.execute(
        """SELECT year(resolved_at), directorate_code, round(median(resolution_used_min) / 60, 6)
           FROM ticket_sla WHERE resolved_at >= DATE '2004-01-01' AND resolved_at < DATE '2007-01-01'
             AND resolution_used_min IS NOT NULL
           GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    assert ours == [tuple(r) for r in plain]


def test_resolution_within_norm_per_month_and_directorate_matches_a_plain_query(con):
    frame = compute(con, "resolution_within_norm", YEARS.with_(by=("month", "directorate"))).frame
    ours = [
        (p.date(), d, int(n), int(m))
        for p, d, m, n in frame[["period", "directorate", "numerator", "denominator"]].itertuples(index=False)
    ]
    plain = con.execute(
        """SELECT CAST(date_trunc('month', s.resolution_verdict_at) AS DATE), t.directorate_code,
                  count(*), count(*) FILTER (WHERE s.resolution_met)
           FROM ticket t JOIN ticket_sla s ON s.ticket_id = t.id
           WHERE s.resolution_met IS NOT NULL
             AND s.resolution_verdict_at >= DATE '2004-01-01' AND s.resolution_verdict_at < DATE '2007-01-01'
           GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    assert ours == [tuple(r) for r in plain]


def test_some_directorate_misses_its_target_in_some_month(con):
    frame = compute(con, "service_level_vs_target", YEARS.with_(by=("month", "directorate"))).frame
    assert (frame["rag"] == "red").sum() >= 3
    assert (frame["rag"] == "green").mean() > 0.7


def test_efficiency_gd_wide_close_to_the_goal_but_not_every_directorate(con):
    dec = FigureRequest(date_from=dt.date(2006, 12, 1), date_to=dt.date(2006, 12, 31))
    assert 78 <= compute(con, "efficiency_index", dec).value <= 86
    per_directorate = compute(con, "efficiency_index", dec.with_(by=("directorate",))).frame
    assert (per_directorate["value"] > 85).any()


@pytest.mark.parametrize("split", [(), ("directorate",)])
def test_efficiency_forecast_from_the_requests_own_months_is_the_one_of_its_own_statement(con, split):
    """A request by month across the baseline year's end holds the forecast's monthly series in its
    own rows (add_forecast reads it there); one that starts later has it queried. Same fit."""
    whole = compute(con, "efficiency_index", YEARS.with_(by=("month", *split)))
    later = compute(con, "efficiency_index", YEARS.with_(date_from=dt.date(2005, 3, 1), by=("month", *split)))
    fits = whole.meta["forecast_at_target_date"]
    assert len(fits) == (7 if split else 1)
    assert fits == pytest.approx(later.meta["forecast_at_target_date"], rel=1e-12)
    tail = whole.frame[whole.frame["period"] >= dt.datetime(2005, 3, 1)]
    assert tail["forecast"].tolist() == pytest.approx(later.frame["forecast"].tolist(), rel=1e-12)
    assert whole.frame["forecast"].notna().all()


@pytest.mark.parametrize(
    "req",
    [
        YEARS,
        YEARS.with_(by=("month",)),
        YEARS.with_(by=("quarter",)),
        # not whole months: every figure reads ticket_sla, not the monthly rollup
        FigureRequest(date_from=dt.date(2005, 2, 10), date_to=dt.date(2005, 8, 20), by=("month",)),
    ],
)
def test_mantel_standards_are_their_own_figures(con, req):
    """Each standard's rows in the scorecard are its figure's own; resolution within norm's are
    summed from its rows per DVA (and of the tickets under none)."""
    frame = compute(con, "mantel_performance", req).frame
    standards = frame[frame["subject_kind"] == "mantel_standard"]
    keys = ["period"] if req.grain else []
    columns = [*keys, "value", "numerator", "denominator"]
    assert set(standards["figure_id"]) >= {"resolution_within_norm", "response_within_norm"}
    for figure_id, rows in standards.groupby("figure_id"):
        own = compute(con, figure_id, req).frame.reindex(columns=columns).astype({"numerator": float})
        pd.testing.assert_frame_equal(
            rows[columns].reset_index(drop=True), own.reset_index(drop=True), check_dtype=False
        )
