"""The shared filters: periods, URL parameters, fallbacks."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from gdmetrics.figures import REGISTRY, FigureRequest
from gdmetrics.filters import DashboardFilters, applicable, filter_options, filters_from_query, period_choices
from gdmetrics.periods import parse_period, previous_period
from tests.figure_fixture import build_figure_fixture

D = dt.date


@pytest.fixture(scope="module")
def options(tmp_path_factory):
    path = tmp_path_factory.mktemp("filters") / "golden.duckdb"
    build_figure_fixture(path).close()
    with duckdb.connect(str(path), read_only=True) as con:
        return filter_options(con)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2006-12", ("month", D(2006, 12, 1), D(2006, 12, 31))),
        ("2004-02", ("month", D(2004, 2, 1), D(2004, 2, 29))),
        ("2006-Q4", ("quarter", D(2006, 10, 1), D(2006, 12, 31))),
        ("2006Q1", ("quarter", D(2006, 1, 1), D(2006, 3, 31))),
        ("2005", ("year", D(2005, 1, 1), D(2005, 12, 31))),
        ("2005-03-01_2005-04-15", ("custom", D(2005, 3, 1), D(2005, 4, 15))),
    ],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["2006-13", "2006-Q5", "gisteren", "2005-04-15_2005-03-01", ""])
def test_bad_periods_are_refused(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_previous_period():
    assert previous_period("month", D(2006, 1, 1), D(2006, 1, 31)) == (D(2005, 12, 1), D(2005, 12, 31))
    assert previous_period("quarter", D(2006, 1, 1), D(2006, 3, 31)) == (D(2005, 10, 1), D(2005, 12, 31))
    assert previous_period("year", D(2006, 1, 1), D(2006, 12, 31)) == (D(2005, 1, 1), D(2005, 12, 31))


def test_default_is_last_complete_month(options):
    filters, notices = filters_from_query({}, options)
    assert (filters.period, filters.date_from, filters.date_to, notices) == (
        "2004-06",
        D(2004, 6, 1),
        D(2004, 6, 30),
        [],
    )


def test_valid_link_is_taken_whole(options):
    filters, notices = filters_from_query(
        {"period": "2004-Q1", "directorate": "FAZ", "client": "D1", "lang": "en"}, options
    )
    assert notices == []
    assert filters.query_params() == {"period": "2004-Q1", "lang": "en", "directorate": "FAZ", "client": "D1"}
    assert filters.request() == FigureRequest(
        date_from=D(2004, 1, 1),
        date_to=D(2004, 3, 31),
        where=(("directorate", ("FAZ",)), ("client", ("D1",))),
    )


def test_invalid_link_values_fall_back_with_notices(options):
    filters, notices = filters_from_query(
        {
            "period": "2004-99",
            "directorate": "XYZ",
            "channel": "duif",
            "lang": "fr",
            "dg": "DG1",
            "client": "JUS",
        },
        options,
    )
    assert notices == ["lang='fr'", "period='2004-99'", "directorate='XYZ'", "channel='duif'", "client='JUS'"]
    assert filters.query_params() == {"period": "2004-06", "lang": "nl", "dg": "DG1"}


def test_applicable_drops_filters_a_figure_cannot_take():
    req = FigureRequest(
        date_from=D(2004, 1, 1),
        date_to=D(2004, 1, 31),
        where=(("client", ("D1",)), ("directorate", ("FAZ",))),
    )
    narrowed, dropped = applicable(req, REGISTRY["efficiency_index"])
    assert (narrowed.where, dropped) == ((("directorate", ("FAZ",)),), ("client",))


def test_a_link_passes_one_model_and_other_parameters_are_ignored(options):
    filters, notices = filters_from_query(
        {"period": " 2004q1 ", "directorate": "FAZ", "utm_source": "mail", "embed": "true"}, options
    )
    assert notices == []
    assert filters.query_params() == {"period": "2004-Q1", "lang": "nl", "directorate": "FAZ"}


def test_the_sidebar_offers_every_period_the_data_covers_newest_first(options):
    # The fixture's tickets run from March 2004 to February 2005.
    assert list(period_choices("quarter", options)) == [
        "2005-Q1",
        "2004-Q4",
        "2004-Q3",
        "2004-Q2",
        "2004-Q1",
    ]
    assert list(period_choices("year", options)) == ["2005", "2004"]
    months = period_choices("month", options)
    assert (len(months), next(iter(months))) == (12, "2005-02")
    assert months["2004-03"].last == D(2004, 3, 31)


def test_choices_become_filters_without_reading_a_link_again(options):
    period = period_choices("month", options)["2004-03"]
    filters = DashboardFilters.chosen(period, {"directorate": "ICT", "client": ""}, "en", ("D1",))
    assert filters.request() == FigureRequest(
        date_from=D(2004, 3, 1),
        date_to=D(2004, 3, 31),
        where=(("directorate", ("ICT",)),),
        client_scope=("D1",),
    )
    assert filters.query_params() == {"period": "2004-03", "lang": "en", "directorate": "ICT"}


def test_a_link_period_outside_the_data_or_a_huge_value_falls_back_with_a_short_notice(options):
    """Issue 12, item 9: a well-formed custom range reaching past the data's last day (the date
    picker raised StreamlitValueAboveMaxError on it), a quarter or month the data does not cover
    (replaced without a notice), and a 10,000-character value (echoed whole) each give a notice
    of at most NOTICE_CHARS characters and the default."""
    from gdmetrics.filters import NOTICE_CHARS

    after = options.last_day + dt.timedelta(days=1)
    before = options.first_day - dt.timedelta(days=1)
    for period in (
        f"{options.last_day.replace(day=1)}_{after}",
        f"{before}_{options.first_day}",
        "2010-Q1",
        "2003-01",
        "1999",
    ):
        filters, notices = filters_from_query({"period": period}, options)
        assert filters.period == options.default_period and notices == [f"period={period!r}"], period
    filters, notices = filters_from_query({"period": "2004-Q1", "product": "x" * 10_000}, options)
    assert filters.period == "2004-Q1" and filters.product is None
    assert len(notices) == 1 and len(notices[0]) <= NOTICE_CHARS and notices[0].startswith("product='xxx")
    inside = f"{options.first_day}_{options.last_day}"
    assert filters_from_query({"period": inside}, options)[1] == []
