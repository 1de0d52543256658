"""The middle sizes (issue 16): 1,000 and 10,000 events drawn without WebGL, without the range
slider's second drawing, with every event still a mark with its hover and source.

The events are generated here (benchmarks.generate, a fixed seed).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import timeline
from benchmarks.generate import events_table
from timeline._figure.layout import lane_margin
from timeline._figure.marks import BAR_HOVER, COARSE, Size
from timeline._figure.plot import COMPACT_THRESHOLD, SLIDER_LIMIT, WEBGL_THRESHOLD
from timeline._figure.scene import PLOT_PX
from timeline._page.html import WEBGL_TYPES


def generated(folder: Path, n: int) -> pd.DataFrame:
    events_table(n).to_csv(folder / "events.csv", index=False)
    return timeline.read_events(folder / "events.csv")


@pytest.fixture(scope="module")
def ten_thousand(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return generated(tmp_path_factory.mktemp("ten-thousand"), 10_000)


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return generated(tmp_path_factory.mktemp("thousand"), 1_000)


def marker_traces(fig) -> list:
    return [
        t for t in fig.data
        if t.type in ("scatter", "scattergl") and t.customdata is not None and t.mode == "markers"
    ]  # fmt: skip


def alone_bars(fig) -> list:
    """Bars that draw their events alone (no marker), with the hover."""
    return [t for t in fig.data if t.type == "bar" and t.hoverinfo != "skip"]


def drawn_ids(fig) -> set[str]:
    return {str(row[0]) for t in marker_traces(fig) + alone_bars(fig) for row in t.customdata}


def test_ten_thousand_events_are_svg_marks_without_slider_or_automatic_margin(ten_thousand):
    fig = timeline.plot(ten_thousand)
    meta = fig.layout.meta
    assert COMPACT_THRESHOLD < meta["marks"] <= WEBGL_THRESHOLD
    assert meta["mode"] == "svg"
    assert not {trace.type for trace in fig.data} & WEBGL_TYPES
    assert fig.layout.xaxis.rangeslider.visible is False
    assert fig.layout.yaxis.automargin is False
    assert fig.layout.margin.l == lane_margin(list(fig.layout.yaxis.ticktext))
    # Every event is still a mark, with the shared hover over its customdata and a source:
    # a marker, or a bar or band at least a marker wide, which then answers the mouse alone.
    assert drawn_ids(fig) == set(ten_thousand["id"])
    on_bars = {str(row[0]) for t in alone_bars(fig) for row in t.customdata}
    assert len(on_bars) > 500 and not on_bars & {
        str(row[0]) for t in marker_traces(fig) for row in t.customdata
    }
    # Exactly the plain dates (approximate and uncertain ones keep their hollow or crossed
    # marker) whose bar or band is at least a marker wide at the first view.
    df = ten_thousand
    low, high = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    marker = (high - low) * Size.for_count(True).marker / PLOT_PX
    length = (df["end"] - df["start"]).fillna(pd.Timedelta(0))
    open_span = df["span"] & (df["start"].isna() | df["end"].isna())
    band = ~df["span"] & df["precision"].isin(COARSE) & df["end"].notna()
    wide = ((df["span"] | band) & (length >= marker)) | open_span
    plain = ~(df["approximate"].astype(bool) | df["uncertain"].astype(bool))
    assert set(df["id"][wide & plain]) == on_bars
    assert (wide & ~plain).sum() > 0  # some wide bars keep their marker
    for trace in marker_traces(fig):
        assert trace.hovertemplate.startswith("<b>%{customdata[2]}</b>")
        assert trace.hovertext is None
        assert trace.marker.line.width is None  # no outline: many small marks
    urls = [row[1] for t in marker_traces(fig) for row in t.customdata]
    assert sum(url.startswith("https://") for url in urls) > 0.8 * len(urls)


def test_many_marks_share_their_bands_and_bars_in_few_traces(ten_thousand):
    fig = timeline.plot(ten_thousand)
    segments = [t for t in fig.data if t.name and t.name.startswith("events (")]
    assert [t.name for t in segments] == [
        "events (date range)", "events (date range, alone)", "events (span)",
        "events (span, alone)", "events (ongoing)",
    ]  # fmt: skip
    under = [segments[0], segments[2], segments[4]]
    assert all(t.customdata is None and t.hoverinfo == "skip" for t in under)
    # Bands and spans are many small bars, not one long path of thousands of pieces.
    assert [t.type for t in segments] == ["bar", "bar", "bar", "bar", "scatter"]
    assert fig.layout.barmode == "overlay"
    spans = ten_thousand["span"].to_numpy(bool)
    lanes = np.maximum(ten_thousand["actors"].list.len().fillna(0).to_numpy(int), 1)
    span_bars = np.concatenate([np.asarray(segments[k].x, dtype=float) for k in (2, 3)])
    assert len(span_bars) == int(lanes[spans].sum())  # one bar per span and lane
    assert (span_bars > 0).all() and segments[3].orientation == "h"
    # A bar draws its event alone when it is at least a marker wide at the first view (and
    # its date plain: see above); narrower ones stay under their markers.
    low, high = (pd.Timestamp(x).value / 1e6 for x in fig.layout.xaxis.range)
    marker_ms = Size.for_count(True).marker * (high - low) / PLOT_PX
    for plain, alone in ((segments[0], segments[1]), (segments[2], segments[3])):
        assert (np.asarray(alone.x, dtype=float) >= marker_ms * 0.999).all()
        assert (np.asarray(plain.x, dtype=float) < marker_ms * 1.001).any()
        assert alone.hovertemplate == BAR_HOVER and np.shape(alone.customdata)[1] == 5
        categories = ten_thousand.set_index("id")["category"].astype(object).fillna("(none)")
        assert all(categories[row[0]] == row[4] for row in alone.customdata[:200])
    # Each relation type is one line trace that is its own legend entry, and its heads.
    relations = [t for t in fig.data if t.meta and "relation" in t.meta]
    lines = [t for t in relations if not t.meta.get("heads")]
    assert all(t.showlegend and t.meta.get("legend") and len(t.x) > 1 for t in lines)
    assert len(fig.data) <= 30


def test_webgl_only_past_its_threshold(ten_thousand):
    fig = timeline.plot(ten_thousand, webgl_threshold=5_000)
    assert fig.layout.meta["mode"] == "webgl"
    assert {trace.type for trace in fig.data} & WEBGL_TYPES


def test_a_thousand_events_keep_labels_and_full_hover_but_lose_the_slider(thousand):
    fig = timeline.plot(thousand)
    meta = fig.layout.meta
    assert SLIDER_LIMIT < meta["marks"] <= COMPACT_THRESHOLD and meta["mode"] == "svg"
    assert fig.layout.xaxis.rangeslider.visible is False
    assert fig.layout.yaxis.automargin is False
    assert any(t.name.endswith("(labels)") for t in fig.data)
    assert all(t.hovertext is not None for t in marker_traces(fig))
    assert all(t.marker.line.width == 1.5 for t in marker_traces(fig))
    # Bands and span bars of every colour in one bar trace each, in their colours, with
    # their events' customdata.
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in bars] == ["events (date range)", "events (span)"]
    assert len(set(bars[1].marker.color)) > 3 and len(bars[1].customdata) == len(bars[1].x)
    assert drawn_ids(fig) == set(thousand["id"])
    # The preset buttons stay to move through time.
    labels = [button.label for button in fig.layout.updatemenus[0].buttons]
    assert "all" in labels and len(labels) > 2


def test_small_timelines_keep_the_range_slider(bundled):
    fig = timeline.plot(bundled)
    assert fig.layout.meta["marks"] <= SLIDER_LIMIT
    assert fig.layout.xaxis.rangeslider.visible is True
    assert fig.layout.yaxis.automargin is True


def test_the_fixed_margin_holds_the_longest_lane_name():
    assert lane_margin(["EU"]) == 40
    # 28 characters (names are cut there) of 12-pixel text, about 7.4 pixels each.
    assert lane_margin(["x" * 80]) == lane_margin(["x" * 28]) >= 28 * 7
