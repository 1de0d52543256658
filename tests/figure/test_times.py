"""Instants for plotly: float seconds, datetime64 and ISO text."""

from __future__ import annotations

import numpy as np

from timeline._figure.times import YEAR_ONE, iso, seconds, stamps, when


def _s(text):
    return float(seconds([np.datetime64(text, "s")])[0])


def test_seconds_and_stamps_round_trip_with_gaps():
    values = np.array(["2024-11-20T00:00:00", "NaT"], dtype="datetime64[s]")
    out = seconds(values)
    assert out[0] == _s("2024-11-20")
    assert np.isnan(out[1])
    assert stamps(out).tolist()[0] == values[0].tolist()
    assert np.isnat(stamps(out)[1])
    assert iso(np.array([_s("2024-11-20")])) == ["2024-11-20T00:00:00"]
    assert when(np.array([1.5]), True).tolist() == [1500.0]


def test_bce_instants_travel_as_milliseconds_and_four_digit_years():
    before = np.array([YEAR_ONE - 86400.0 * 366])
    assert when(before, False).tolist() == [before[0] * 1000.0]  # not datetime64 text
    assert iso(before) == ["0000-01-01T00:00:00"]  # year 0 is 1 BCE, four digits for plotly
