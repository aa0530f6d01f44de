"""The period vocabulary (gdmetrics.periods): parse, name, previous, trend."""

from __future__ import annotations

import datetime as dt

import pytest

from gdmetrics.periods import Period, parse_period, period_text

D = dt.date


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"),
    [
        ("2006-12", "month", D(2006, 12, 1), D(2006, 12, 31)),
        ("2006-Q3", "quarter", D(2006, 7, 1), D(2006, 9, 30)),
        ("2006Q3", "quarter", D(2006, 7, 1), D(2006, 9, 30)),
        ("2006", "year", D(2006, 1, 1), D(2006, 12, 31)),
        ("2006-01-10_2006-02-08", "custom", D(2006, 1, 10), D(2006, 2, 8)),
    ],
)
def test_parse_and_text_round_trip(text, kind, first, last):
    assert parse_period(text) == (kind, first, last)
    assert parse_period(period_text(kind, first, last)) == (kind, first, last)


@pytest.mark.parametrize("bad", ["2006-13", "2006-Q5", "06", "2006-02-01_2006-01-01", ""])
def test_bad_periods_say_why(bad):
    with pytest.raises(ValueError, match="period|month|ends before"):
        parse_period(bad)


def test_one_name_for_a_quarter_on_the_web_and_on_paper():
    q3 = Period.parse("2006-Q3")
    assert q3.short_name("nl") == "K3 2006" and q3.short_name("en") == "Q3 2006"
    assert q3.name("nl") == "3e kwartaal 2006" and q3.name("en") == "Q3 2006"
    assert q3.phrase("nl", start=True) == "In het 3e kwartaal 2006"
    assert Period.parse("2006-12").name("nl") == "december 2006"
    assert Period.parse("2006-12").short_name("nl") == "dec 2006"
    assert Period.parse("2006").short_name("en") == "2006"


def test_previous_and_trend():
    assert Period.parse("2006-Q1").previous() == Period.parse("2005-Q4")
    assert Period.parse("2006-03").previous() == Period.parse("2006-02")
    assert Period.parse("2006").previous() == Period.parse("2005")
    custom = Period.parse("2006-01-11_2006-01-20")
    assert custom.previous() == Period("custom", D(2006, 1, 1), D(2006, 1, 10))
    assert [p.text for p in Period.parse("2006-Q2").trend(4)] == ["2005-Q3", "2005-Q4", "2006-Q1", "2006-Q2"]
    assert Period.of("quarter", D(2006, 11, 15)) == Period.parse("2006-Q4")
    assert Period.parse("2006-Q4").months == 3
