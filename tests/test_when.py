"""Partial dates keep their precision and still sort among exact dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.model import (
    Precision,
    interval,
    parse_value,
    readable,
    readable_bounds,
    readable_span,
    when_for_value,
)


@pytest.mark.parametrize(
    ("value", "start", "end", "precision"),
    [
        ("2023-09-15", date(2023, 9, 15), date(2023, 9, 15), Precision.DAY),
        ("2023-01", date(2023, 1, 1), date(2023, 1, 31), Precision.MONTH),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), Precision.MONTH),
        ("2023", date(2023, 1, 1), date(2023, 12, 31), Precision.YEAR),
        ("199", date(1990, 1, 1), date(1999, 12, 31), Precision.DECADE),
        ("19", date(1900, 1, 1), date(1999, 12, 31), Precision.CENTURY),
        ("2023-W38", date(2023, 9, 18), date(2023, 9, 24), Precision.WEEK),
        ("2023-W38-WE", date(2023, 9, 23), date(2023, 9, 24), Precision.WEEK),
        ("2023-Q1", date(2023, 1, 1), date(2023, 3, 31), Precision.QUARTER),
        ("2023-H2", date(2023, 7, 1), date(2023, 12, 31), Precision.HALF),
        ("2023-SU", date(2023, 6, 1), date(2023, 8, 31), Precision.SEASON),
        ("2023-WI", date(2023, 12, 1), date(2024, 2, 29), Precision.SEASON),
        ("2023-09-15T15:00", date(2023, 9, 15), date(2023, 9, 15), Precision.TIME),
    ],
)
def test_values_cover_their_range(value: str, start: date, end: date, precision: Precision) -> None:
    assert parse_value(value) == (start, end, precision)


@pytest.mark.parametrize("value", ["PRESENT_REF", "P3Y", "XXXX-09-15", "2023-13", "nonsense"])
def test_values_without_a_calendar_range(value: str) -> None:
    assert parse_value(value) == (None, None, Precision.UNKNOWN)


def test_reference_values_are_anchored_to_the_article_date() -> None:
    dct = date(2023, 9, 15)
    now = when_for_value("PRESENT_REF", dct=dct)
    assert (now.start, now.end, now.precision) == (dct, dct, Precision.DAY)
    past = when_for_value("PAST_REF", dct=dct)
    assert past.start is None and past.end == dct


def test_month_sorts_among_days() -> None:
    year = when_for_value("2023")
    month = when_for_value("2023-01")
    day_before = when_for_value("2022-12-31")
    day_inside = when_for_value("2023-01-15")
    ordered = sorted([day_inside, month, year, day_before], key=lambda w: w.sort_key())
    assert [w.value for w in ordered] == ["2022-12-31", "2023", "2023-01", "2023-01-15"]


def test_interval_from_partial_ends() -> None:
    span = interval(when_for_value("1998"), when_for_value("2006"))
    assert (span.start_value, span.end_value) == ("1998", "2006")
    assert (span.start, span.end) == (date(1998, 1, 1), date(2006, 12, 31))
    open_end = interval(when_for_value("2012"), None)
    assert open_end.end is None and open_end.start == date(2012, 1, 1)


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)))
def test_day_month_year_nest(day: date) -> None:
    for value in (day.isoformat(), day.isoformat()[:7], day.isoformat()[:4]):
        start, end, _ = parse_value(value)
        assert start is not None and end is not None and start <= day <= end


def test_references_to_the_article_date_read_as_dates() -> None:
    """Tables showed "PAST_REF" and "FUTURE_REF", TimeML's words, to people."""
    dct = date(2024, 3, 5)
    assert readable_bounds(when_for_value("PAST_REF", dct=dct)) == ("before 2024-03-05",) * 2
    planned = when_for_value("FUTURE_REF", dct=dct)
    assert readable_bounds(planned) == ("after 2024-03-05", "later")
    assert readable_span(planned) == "after 2024-03-05"
    assert readable_span(interval(planned, None)) == "after 2024-03-05"  # no "→ …"
    assert readable_span(interval(when_for_value("2012"), None), open_end="now") == "2012 → now"
    assert readable_bounds(when_for_value("PRESENT_REF", dct=dct)) == ("2024-03-05",) * 2
    held = interval(when_for_value("2012"), when_for_value("FUTURE_REF", dct=dct))
    assert readable_bounds(held) == ("2012", "later")
    ended = interval(None, when_for_value("PAST_REF", dct=dct))
    assert readable_bounds(ended) == (None, "before 2024-03-05")
    assert readable("2023-01") == "2023-01" and readable(None) is None
    assert readable("PAST_REF") == "earlier"
