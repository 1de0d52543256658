"""Arrows between related events."""

from __future__ import annotations

import numpy as np
import pandas as pd

import timeline
from timeline._figure.relations import HEAD_OFFSET, MAX_ARROWS, arrows, traces
from timeline._figure.style import theme


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
    arrow, heads, legend = out
    assert arrow.legendgroup == heads.legendgroup == legend.legendgroup == "relation reverses"
    assert not arrow.showlegend and not heads.showlegend and legend.name == "reverses"
    assert legend.legendgrouptitle.text == "Relations"
    assert arrow.line.dash == legend.line.dash == "dash"
    assert arrow.type == heads.type == "scatter" and arrow.mode == "lines"
    x = pd.to_datetime(np.asarray(arrow.x)).tolist()
    k = len(x) // 2 - 1  # points per arrow, before its gap
    assert x[0] == pd.Timestamp("1970-01-01") and x[k - 1] == pd.Timestamp("1970-01-02")
    assert arrow.y[0] == 0.0 and arrow.y[k - 1] == 1.0
    # One head per arrow, at its head's time, just above the event (the lanes run downwards)
    # and pointing down at it, because the curve comes down into it vertically.
    assert pd.to_datetime(np.asarray(heads.x)).tolist() == [pd.Timestamp("1970-01-02")] * 2
    assert heads.y.tolist() == [1.0 - HEAD_OFFSET] * 2
    assert list(heads.marker.symbol) == ["triangle-down"] * 2
    assert x[k - 2] == x[k - 1] or abs((x[k - 1] - x[k - 2]).total_seconds()) < 86400 * 0.01
    assert heads.meta == {"relation": "reverses", "heads": True}


def test_an_arrow_from_below_points_up():
    table = _table(1)
    table["y0"], table["y1"] = 3.0, 1.0
    _, heads, _ = traces(table, theme("light"))
    assert list(heads.marker.symbol) == ["triangle-up"]
    assert heads.y.tolist() == [1.0 + HEAD_OFFSET]


def test_curves_end_vertically_at_any_zoom():
    table = _table(3)
    table["y1"] = [1.0, 0.0, -2.0]
    arrow = traces(table, theme("light"))[0]
    x = np.asarray(arrow.x, dtype="datetime64[ms]").astype(float).reshape(3, -1)[:, :-1]
    y = np.asarray(arrow.y, dtype=float).reshape(3, -1)[:, :-1]
    # The last step is almost straight up or down: its x changes far less than its y.
    dx = (x[:, -1] - x[:, -2]) / (x[:, -1] - x[:, 0])
    dy = (y[:, -1] - y[:, -2]) / np.maximum(np.abs(y[:, -1] - y[:, 0]), 1.0)
    assert (np.abs(dx) < 0.01).all() and (np.abs(dy) > 0.05).all()


def test_flat_arrows_bow_upwards():
    table = _table(1)
    table["y1"] = 0.0
    arrow, heads, _ = traces(table, theme("light"))
    assert min(v for v in arrow.y if v is not None and not np.isnan(v)) < -0.4
    assert list(heads.marker.symbol) == ["triangle-down"]  # it comes down into its head


def test_with_webgl_marks_lines_are_svg_on_the_hidden_axis_and_heads_webgl():
    arrow, heads, legend = traces(_table(2), theme("light"), gl=True)
    assert arrow.type == "scatter" and arrow.xaxis == "x2"
    assert heads.type == "scattergl" and heads.xaxis in (None, "x")
    assert legend.type == "scatter"
    assert np.asarray(arrow.x).dtype.kind == "f"  # milliseconds, a compact binary array


def test_too_many_arrows_become_webgl_lines_with_webgl_marks():
    arrow, heads, _ = traces(_table(MAX_ARROWS + 1), theme("light"), gl=True)
    assert arrow.type == "scattergl"
    assert arrow.mode == "lines"
    assert len(heads.x) == MAX_ARROWS + 1


def test_a_chart_without_webgl_keeps_its_arrows_svg_however_many():
    # WebGL's first canvas costs more than many SVG arrows (benchmarks/webgl_cost.py).
    traces_ = traces(_table(MAX_ARROWS + 1), theme("light"), compact=True)
    assert {trace.type for trace in traces_} == {"scatter"}
    assert traces_[1].marker.size == 9  # compact heads
