"""Where each event is drawn, and the traces of one colour's marks."""

from __future__ import annotations

import numpy as np
import pytest

from timeline._figure.marks import (
    BAR_HOVER,
    Geometry,
    MarkTraces,
    Size,
    geometry,
    labels,
    marker_traces,
    segment_traces,
    segments,
)
from timeline._figure.style import theme
from timeline._figure.times import seconds, stamps

DAY = 86400.0


def _s(text):
    return float(seconds([np.datetime64(text, "s")])[0])


def _geometry() -> Geometry:
    start = np.array(
        [_s("2024-11-20"), _s("2024-11-01"), _s("2022-06-21"), _s("2006-06-01"), np.nan]
    )
    end = np.array(
        [
            _s("2024-11-20") + DAY - 1,
            _s("2024-12-01") - 1,
            _s("2024-11-20") - 1,
            np.nan,
            _s("2024-10-16") - 1,
        ]
    )
    coarse = np.array([False, True, False, False, False])
    span = np.array([False, False, True, True, True])
    return geometry(start, end, coarse, span, left=_s("2000-01-01"), right=_s("2030-01-01"))


def test_day_point_sits_at_its_start_without_band_or_bar():
    where = _geometry()
    assert where.x[0] == _s("2024-11-20")
    assert np.isnan(where.band_lo[0]) and np.isnan(where.bar_lo[0])


def test_month_point_has_a_band_over_the_month_and_a_marker_in_the_middle():
    where = _geometry()
    assert where.band_lo[1] == _s("2024-11-01")
    assert where.band_hi[1] == _s("2024-12-01") - 1
    assert where.band_lo[1] < where.x[1] < where.band_hi[1]


def test_span_is_a_bar_from_start_to_end_with_the_marker_at_its_start():
    where = _geometry()
    assert (where.bar_lo[2], where.bar_hi[2]) == (_s("2022-06-21"), _s("2024-11-20") - 1)
    assert where.x[2] == _s("2022-06-21")
    assert not where.open_end[2]


def test_open_end_runs_to_the_right_edge_and_open_start_from_the_left():
    where = _geometry()
    assert where.open_end[3] and where.bar_hi[3] == _s("2030-01-01")
    assert where.open_start[4] and where.bar_lo[4] == _s("2000-01-01")
    assert where.x[4] == _s("2024-10-16") - 1  # its marker is at its end
    assert where.lo[4] == _s("2000-01-01")
    assert where.hi[3] == _s("2030-01-01")


def test_segments_are_separated_by_gaps():
    xs, ys = segments(np.array([1.0, 5.0]), np.array([2.0, 6.0]), np.array([0.0, 1.0]))
    assert xs[[0, 1, 3, 4]].tolist() == [1, 2, 5, 6]
    assert np.isnan(xs[2]) and np.isnan(ys[5])


def _group(**changes):
    n = 2
    base = dict(
        name="policy",
        colour="#0072B2",
        x=np.array([_s("2024-01-01"), _s("2024-06-01")]),
        y=np.array([0.0, 1.0]),
        band_lo=np.full(n, np.nan),
        band_hi=np.full(n, np.nan),
        bar_lo=np.array([np.nan, _s("2024-06-01")]),
        bar_hi=np.array([np.nan, _s("2025-01-01")]),
        open_end=np.array([False, True]),
        open_start=np.zeros(n, dtype=bool),
        symbols=np.array(["circle", "circle-open"], dtype=object),
        customdata=np.array([["a", "https://e.org"], ["b", ""]], dtype=object),
        text=np.array(["A", ""], dtype=object),
        textposition=np.array(["middle right", "middle left"]),
        hovertext=np.array(["<b>A</b>", "<b>B</b>"], dtype=object),
        hovertemplate="%{hovertext}<extra></extra>",
    )
    base.update(changes)
    return MarkTraces(**base)


def traces(group, look, size, gl, fade):
    """Bands, bars and tails, then markers, of one colour, as ``scene.mark_traces`` draws them
    (compact with WebGL)."""
    return (
        segment_traces(group, look, size, gl, fade, gl),
        marker_traces(group, look, size, gl, gl),
    )


def test_traces_of_one_colour_share_its_legend_group():
    group = _group()
    under, (markers,) = traces(group, theme("light"), Size.for_count(False), False, fade=10 * DAY)
    assert [t.name for t in under] == ["policy (span)", "policy (ongoing)"]
    assert {t.legendgroup for t in [*under, markers]} == {"policy"}
    assert markers.showlegend and not any(t.showlegend for t in under)
    assert list(markers.marker.symbol) == ["circle", "circle-open"]
    assert markers.customdata.tolist() == group.customdata.tolist()
    bar, tail = under
    # The solid bar stops short of the edge, and the dotted tail ends there in an arrow head.
    assert stamps(np.array([_s("2025-01-01") - 10 * DAY]))[0] == bar.x[1]
    assert tail.line.dash == "dot"
    assert tail.x[1] == stamps(np.array([_s("2025-01-01")]))[0]
    assert tail.marker.symbol == "triangle-right"
    assert tail.customdata[0].tolist() == ["b", ""]


def test_webgl_traces_and_one_symbol():
    group = _group(symbols=np.array(["circle", "circle"], dtype=object))
    under, (markers,) = traces(group, theme("dark"), Size.for_count(True), True, fade=DAY)
    assert markers.type == "scattergl"
    assert all(t.type == "scattergl" for t in under)
    assert markers.marker.symbol == "circle"
    assert markers.x.tolist() == pytest.approx((group.x * 1000).tolist())


def test_webgl_segments_carry_no_customdata():
    # They take no hover and so no click; their rows were a third of a 10,000-event page.
    under, _ = traces(_group(), theme("light"), Size.for_count(True), True, fade=DAY)
    assert under and all(t.customdata is None for t in under)
    svg, _ = traces(_group(), theme("light"), Size.for_count(False), False, fade=DAY)
    assert all(t.customdata is not None for t in svg)


def test_webgl_circles_and_other_shapes_are_separate_traces():
    group = _group(hovertext=None, hovertemplate="%{customdata[0]}")
    _, markers = traces(group, theme("light"), Size.for_count(True), True, fade=DAY)
    circles, others = markers
    assert circles.marker.symbol == "circle"
    assert circles.customdata.tolist() == [["a", "https://e.org"]]
    assert others.marker.symbol == "circle-open"
    assert others.customdata.tolist() == [["b", ""]]
    assert circles.showlegend and not others.showlegend  # one legend entry per colour
    assert circles.legendgroup == others.legendgroup == "policy"
    assert circles.hovertemplate == others.hovertemplate == "%{customdata[0]}"
    assert others.x.tolist() == pytest.approx([group.x[1] * 1000])


def test_labels_sit_on_the_hidden_axis_and_skip_empty_text():
    label = labels(_group(), theme("light"), Size.for_count(False))
    assert label.xaxis == "x2"
    assert list(label.text) == ["A"]
    assert list(label.textposition) == ["middle right"]
    assert label.hoverinfo == "skip"
    assert label.customdata.tolist() == [["a", "https://e.org"]]


def test_subset_keeps_the_chosen_marks_of_every_per_mark_array():
    group = _group()
    kept = group.subset(np.array([False, True]))
    assert kept.x.tolist() == [group.x[1]] and kept.customdata.tolist() == [["b", ""]]
    assert kept.symbols.tolist() == ["circle-open"] and kept.hovertext.tolist() == ["<b>B</b>"]
    assert kept.name == "policy" and kept.hovertemplate == group.hovertemplate


def test_bars_that_draw_their_marks_alone_answer_the_mouse():
    compact = np.array(
        [["a", "https://e.org", "A", "1 Jan"], ["b", "", "B", "1 Jun"]], dtype=object
    )
    group = _group(
        bar_lo=np.array([_s("2024-01-01"), _s("2024-06-01")]),
        bar_hi=np.array([_s("2024-03-01"), _s("2025-01-01")]),
        open_end=np.zeros(2, dtype=bool), customdata=compact,
        colours=np.array(["#0072B2", "#D55E00"], dtype=object),
        names=np.array(["policy", "strike"], dtype=object), alone=np.array([False, True]),
    )  # fmt: skip
    bars = segment_traces(group, theme("light"), Size.for_count(True), False, 0.0, True, True)
    assert [t.name for t in bars] == ["policy (span)", "policy (span, alone)"]
    under, alone = bars
    assert under.hoverinfo == "skip" and under.customdata is None and len(under.x) == 1
    assert alone.hoverinfo is None and alone.hovertemplate == BAR_HOVER
    assert alone.customdata.tolist() == [["b", "", "B", "1 Jun", "strike"]]
    assert alone.marker.color.tolist() == ["rgba(213,94,0,0.45)"]  # stronger: the only mark
    assert alone.hoverlabel.bordercolor.tolist() == ["#D55E00"]
    assert under.marker.color.tolist() == ["rgba(0,114,178,0.45)"]
