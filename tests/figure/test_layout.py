"""The figure around the marks: axes, window, height and title."""

from __future__ import annotations

import numpy as np
import pytest

from timeline._figure.lanes import stack
from timeline._figure.layout import default_subtitle, height, lane_axis, title_block, window_bounds
from timeline._figure.times import seconds


def _s(text):
    return float(seconds([np.datetime64(text, "s")])[0])


def test_window_bounds_include_a_whole_end_day():
    assert window_bounds(("2024-11-10", "2024-11-30")) == (_s("2024-11-10"), _s("2024-12-01"))
    assert window_bounds(("2024-11-10", "2024-11-30T12:00")) == (
        _s("2024-11-10"),
        _s("2024-11-30T12:00"),
    )
    lo, hi = window_bounds(("2024-11-10T06:00", "2024-11-10T06:00"))
    assert hi - lo == 86400
    with pytest.raises(ValueError, match="ends before it starts"):
        window_bounds(("2024-11-30", "2024-11-01"))
    with pytest.raises(ValueError, match=r"window must be \(start, end\)"):
        window_bounds("2024-11-30")


def test_height_grows_with_rows_and_legend():
    small = stack(np.array([0]), np.array([0]), 1)
    big = stack(np.arange(30), np.zeros(30, dtype=int), 30)
    assert height(big, 26, 3) > height(small, 26, 3)
    assert height(small, 26, 40) > height(small, 26, 3)


def test_lane_axis_names_lanes_top_down():
    layout = stack(np.array([0, 1]), np.array([1, 0]), 2)
    axis = lane_axis(["<A>", "B" * 40], layout)
    assert axis["ticktext"] == ["&lt;A&gt;", "B" * 27 + "…"]
    assert axis["tickvals"] == layout.centre.tolist()
    assert axis["range"][0] > axis["range"][1]  # top lane first


def test_title_and_subtitle():
    block = title_block("A <b>", "sub")
    assert block["text"] == "<b>A &lt;b&gt;</b>"
    assert block["subtitle"]["text"] == "sub"
    assert "subtitle" not in title_block(None, "")
    assert default_subtitle(2, _s("1997-09-18"), _s("2026-01-10")) == (
        "2 events, Sep 1997 to Jan 2026"
    )
    assert default_subtitle(0, np.nan, np.nan) == "no events"
