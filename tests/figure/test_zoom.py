"""The semantic zoom's pieces: event-lane pairs matched to the figure's lanes, re-binned counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

import timeline
from timeline._figure.zoom import Pairs, in_view, rebin, strip_rows, view_marks


def _events() -> pd.DataFrame:
    return timeline.events_frame(
        [
            {
                "id": f"e{i}",
                "title": f"Event <{i}>",
                "date": f"2024-05-{1 + i % 10:02d}",
                "actors": [["Ukraine"], ["Russia", "Ukraine"], []][i % 3],
                "sources": [{"url": f"https://example.org/{i}", "publisher": "Example"}],
            }
            for i in range(30)
        ]
    )


def test_pairs_follow_the_lanes_of_the_figure():
    df = _events()
    fig = timeline.plot(df, density_threshold=10, lane_order=["Russia"])
    pairs = Pairs.of(fig, df, "actors")
    assert pairs.lanes[:2] == ["Russia", "Ukraine"]
    assert len(pairs.event) == 10 + 2 * 10 + 10  # an event with no actor is in (none)
    russia = df["id"].to_numpy()[pairs.event[pairs.lane == 0]]
    assert set(russia) == {f"e{i}" for i in range(1, 30, 3)}
    assert len(strip_rows(fig)) == len(fig.layout.yaxis.ticktext)


def test_rebin_counts_every_pair_in_the_view_once():
    df = _events()
    fig = timeline.plot(df, density_threshold=10)
    pairs = Pairs.of(fig, df, "actors")
    lo = pd.Timestamp("2024-05-01").timestamp()
    hi = pd.Timestamp("2024-05-11").timestamp()
    grid, edges, name = rebin(pairs, lo, hi, len(pairs.lanes))
    assert name == "hour" and grid.sum() == len(pairs.event)
    assert edges[0] <= lo and edges[-1] >= hi
    day = in_view(pairs, lo, lo + 86399)  # 1 May: events 0, 10 and 20
    marks = view_marks(df, pairs, day, strip_rows(fig))
    assert sorted(set(marks["customdata"][:, 0])) == ["e0", "e10", "e20"]
    assert "Event &lt;0&gt;" in marks["customdata"][:, 2]  # escaped for plotly's hover
    assert np.all(marks["customdata"][:, 1] != "")
