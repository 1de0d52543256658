"""Density strips: importance, the top events, time bins and counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

import timeline
from timeline._figure.density import BINS, bin_width, counts, importance, strips, top
from timeline._figure.lanes import stack
from timeline._figure.style import theme

DAY = 86400.0


def test_importance_given_first_then_connectedness():
    df = timeline.events_frame(
        [
            {"id": "a", "title": "a", "date": "2024-01-01"},
            {"id": "b", "title": "b", "date": "2024-01-02", "importance": 1},
            {"id": "c", "title": "c", "date": "2024-01-03", "relations": [
                {"type": "follows", "target": "a"}]},
            {"id": "d", "title": "d", "date": "2024-01-04", "importance": 1,
             "sources": [{"url": "https://e.org", "publisher": "P"}]},
            {"id": "e", "title": "e", "date": "2024-01-05", "importance": 5},
        ]
    )  # fmt: skip
    score = importance(df)
    ranked = df["id"].to_numpy()[np.argsort(-score, kind="stable")].tolist()
    # Given importance outranks any count; d's source breaks its tie with b; a is pointed at.
    assert ranked == ["e", "d", "b", "a", "c"]


def test_importance_of_plain_object_lists():
    df = pd.DataFrame(
        {
            "id": ["x", "y"],
            "relations": [[{"type": "responds_to", "target": "y"}], []],
            "sources": [[], [{"url": "https://e.org"}, {"url": "https://f.org"}]],
            "importance": [np.nan, np.nan],
        }
    )
    assert importance(df).tolist() == [-1e9 + 1, -1e9 + 3]


def test_top_keeps_the_highest_in_row_order():
    assert top(np.array([1.0, 5.0, 3.0, 5.0]), 2).tolist() == [1, 3]
    assert top(np.array([1.0]), 0).tolist() == []


def test_bin_width_is_the_finest_that_fits():
    assert bin_width(0, 20 * DAY) == (BINS[0][0], "hour")
    assert bin_width(0, 30 * DAY)[1] == "6 hours"
    assert bin_width(0, 10 * 365 * DAY)[1] == "week"
    assert bin_width(0, 1e13)[1] == "century"


def test_counts_per_lane_and_bin_sum_to_the_rows():
    lanes = np.array([0, 0, 1, 1, 1])
    times = np.array([0.0, 0.5, 1.5, 2.9, 3.0]) * DAY
    grid, edges = counts(lanes, times, 2, 0.0, DAY)
    assert grid.tolist() == [[2, 0, 0, 0], [0, 1, 1, 1]]
    assert grid.sum() == len(lanes)
    assert edges.tolist() == [0.0, DAY, 2 * DAY, 3 * DAY, 4 * DAY]


def test_strips_fill_row_zero_of_each_lane_only():
    layout = stack(np.array([0, 0, 1]), np.array([0, 2, 1]), 2)
    grid = np.array([[1, 0], [0, 4]])
    heatmap = strips(grid, np.array([0.0, DAY, 2 * DAY]), layout, "day", theme("light"))
    z = np.asarray(heatmap.z, dtype=float)
    assert z.shape == (3, 2)
    assert np.isnan(z[1]).all()  # the gap between the lanes' strips
    assert np.nansum(z) == 5
    y = np.asarray(heatmap.y)
    assert y[0] < layout.top[0] < y[1] < y[2] < layout.top[1] < y[3]
    assert heatmap.name == "events per day"
