"""EDTF parsing: bounds, precision, qualifiers, and messages for what is not a date."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timeline._frame.dates import DateError, parse_columns, parse_date


def day(text: str) -> np.datetime64:
    return np.datetime64(text, "s")


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2024-11-19", "2024-11-19T00:00:00", "2024-11-19T23:59:59", "day"),
        ("2024-11", "2024-11-01T00:00:00", "2024-11-30T23:59:59", "month"),
        ("2024", "2024-01-01T00:00:00", "2024-12-31T23:59:59", "year"),
        ("199X", "1990-01-01T00:00:00", "1999-12-31T23:59:59", "decade"),
        ("19XX", "1900-01-01T00:00:00", "1999-12-31T23:59:59", "century"),
        ("2024-11-XX", "2024-11-01T00:00:00", "2024-11-30T23:59:59", "month"),
        ("2024-21", "2024-03-01T00:00:00", "2024-05-31T23:59:59", "season"),
        ("1997-09-18", "1997-09-18T00:00:00", "1997-09-18T23:59:59", "day"),
        ("-0500", "-0500-01-01T00:00:00", "-0500-12-31T23:59:59", "year"),
        ("2024-11-19T10:30:00", "2024-11-19T10:30:00", "2024-11-19T10:30:00", "time"),
    ],
)
def test_single_dates_give_bounds_and_precision(text, start, end, precision):
    parsed = parse_date(text)
    assert parsed.start == day(start)
    assert parsed.end == day(end)
    assert parsed.precision == precision
    assert not parsed.span


@pytest.mark.parametrize(
    ("text", "approximate", "uncertain"),
    [
        ("2024-11-20~", True, False),
        ("2024-11?", False, True),
        ("2024%", True, True),
        ("2024-11-20", False, False),
    ],
)
def test_qualifiers(text, approximate, uncertain):
    parsed = parse_date(text)
    assert (parsed.approximate, parsed.uncertain) == (approximate, uncertain)


def test_intervals_and_open_ends():
    closed = parse_date("2024-11-19/2024-12-01")
    assert (closed.start, closed.end, closed.span) == (
        day("2024-11-19"),
        day("2024-12-01T23:59:59"),
        True,
    )
    open_end = parse_date("2022-06-21/..")
    assert open_end.start == day("2022-06-21") and np.isnat(open_end.end) and open_end.span
    open_start = parse_date("../2024")
    assert np.isnat(open_start.start) and open_start.end == day("2024-12-31T23:59:59")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-13-01", "month 13"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("11/19/2024", "write it as 2024-11-19"),
        ("19/11/2024", "write it as 2024-11-19"),
        ("19.11.2024", "write it as 2024-11-19"),
        ("45615", "Excel serial day number; write it as 2024-11-19"),
        ("yesterday", "is not an EDTF date"),
        ("2024-12-01/2024-11-19", "ends before it starts"),
        ("../..", "no date on either side"),
    ],
)
def test_bad_dates_say_what_to_write(text, expected):
    with pytest.raises(DateError, match=expected):
        parse_date(text)


def test_columns_take_the_fast_path_and_the_slow_path_alike():
    texts = ["2024-11-19", "2024-11", "2024-11-20~", "2024-02-30", "", "2024-11-19"]
    ends = ["", "", "", "", "", "2024-11-25"]
    parsed = parse_columns(pd.Series(texts), pd.Series(ends))
    assert parsed.start[0] == parse_date("2024-11-19").start
    assert parsed.end[1] == parse_date("2024-11").end
    assert parsed.precision.tolist()[:3] == ["day", "month", "day"]
    assert parsed.approximate.tolist() == [False, False, True, False, False, False]
    assert parsed.span.tolist() == [False, False, False, False, False, True]
    assert parsed.end[5] == day("2024-11-25T23:59:59")
    assert set(parsed.errors) == {3}
    assert parsed.errors[3][0] == "date"
    assert np.isnat(parsed.start[4])


def test_end_checks():
    parsed = parse_columns(
        pd.Series(["2024-11-19", "2024-11-19/2024-11-20", "2024-11-19", "2024-11-19"]),
        pd.Series(["2024-11-01", "2024-11-30", "..", "2024-11/2024-12"]),
    )
    assert "must not be before" in parsed.errors[0][1]
    assert "already an interval" in parsed.errors[1][1]
    assert 2 not in parsed.errors and np.isnat(parsed.end[2]) and parsed.span[2]
    assert "takes a single date" in parsed.errors[3][1]
