"""Arrows between related events."""

from __future__ import annotations

import numpy as np
import pandas as pd

import timeline
from timeline._relations import MAX_ARROWS, arrows, traces
from timeline._style import theme


def _events():
    return timeline.events_frame(
        [
            {"id": "a", "title": "a", "date": "2024-01-01"},
            {"id": "b", "title": "b", "date": "2024-02-01", "relations": [
                {"type": "responds_to", "target": "a"}, {"type": "part_of", "target": "a"}]},
            {"id": "c", "title": "c", "date": "2024-03-01", "relations": [
                {"type": "follows", "target": "b"}]},
        ]
    )  # fmt: skip


def test_arrows_join_the_closest_marks_and_skip_part_of():
    df = _events()
    # Event a has marks in two lanes (y 0 and 5); b is at y 4, c at y 4.
    pos = np.array([0, 0, 1, 2])
    x = np.array([10.0, 10.0, 20.0, 30.0])
    y = np.array([0.0, 5.0, 4.0, 4.0])
    table = arrows(df["relations"], df["id"], np.arange(3), pos, x, y)
    assert table[["type", "source", "target"]].values.tolist() == [
        ["responds_to", 1, 0],
        ["follows", 2, 1],
    ]
    first = table.iloc[0]
    assert (first.x0, first.y0, first.x1, first.y1) == (10.0, 5.0, 20.0, 4.0)


def test_arrows_only_between_drawn_events():
    df = _events()
    table = arrows(df["relations"], df["id"], np.array([0, 2]), np.array([0, 2]),
                   np.array([1.0, 3.0]), np.array([0.0, 0.0]))  # fmt: skip
    assert table.empty


def _table(n, kind="follows"):
    return pd.DataFrame(
        {"type": [kind] * n, "source": range(n), "target": range(n), "x0": 0.0, "y0": 0.0,
         "x1": 86400.0, "y1": 1.0}
    )  # fmt: skip


def test_traces_point_from_the_target_to_the_carrying_event():
    out = traces(_table(2, "reverses"), theme("light"))
    arrow, legend = out
    assert arrow.legendgroup == legend.legendgroup == "relation reverses"
    assert not arrow.showlegend and legend.name == "reverses"
    assert legend.legendgrouptitle.text == "Relations"
    assert arrow.line.dash == legend.line.dash == "dash"
    x = pd.to_datetime(np.asarray(arrow.x)).tolist()
    k = len(x) // 2 - 1  # points per arrow, before its gap
    assert x[0] == pd.Timestamp("1970-01-01") and x[k - 1] == pd.Timestamp("1970-01-02")
    assert arrow.y[0] == 0.0 and arrow.y[k - 1] == 1.0
    sizes = np.asarray(arrow.marker.size)
    assert sizes[k - 1] > 0 and sizes[0] == 0  # the head only
    assert arrow.marker.angleref == "previous"


def test_flat_arrows_bow_upwards():
    table = _table(1)
    table["y1"] = 0.0
    arrow = traces(table, theme("light"))[0]
    assert min(v for v in arrow.y if v is not None and not np.isnan(v)) < -0.4


def test_too_many_arrows_become_webgl_lines():
    arrow = traces(_table(MAX_ARROWS + 1), theme("light"))[0]
    assert arrow.type == "scattergl"
    assert arrow.mode == "lines"
