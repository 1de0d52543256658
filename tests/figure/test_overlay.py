"""timeline.plot(df, overlay=counts): counts drawn under the policy lanes on the same time axis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import timeline


def _counts(lanes: dict[str, int], every: str = "week") -> pd.DataFrame:
    """Generated counts: ``lanes`` name -> events, spread over 2024 by a fixed seed."""
    rng = np.random.default_rng(5)
    rows = []
    for name, n in lanes.items():
        days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, n), unit="D")
        rows.append(pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "country": name}))
    return timeline.counts(pd.concat(rows), lane="country", every=every)


def test_several_lanes_are_strips_under_the_policy_lanes(bundled):
    counts = _counts({"Ukraine": 600, "Russia": 300, "Moldova": 20})
    plain = timeline.plot(bundled)
    fig = timeline.plot(bundled, overlay=counts)
    strips = [t for t in fig.data if (t.meta or {}).get("overlay") == "strips"]
    assert len(strips) == 1 and strips[0].type == "heatmap"
    assert len(fig.data) == len(plain.data) + 1
    # busiest lane first, each under the last policy lane
    ticks = list(fig.layout.yaxis.ticktext)
    assert ticks[: len(plain.layout.yaxis.ticktext)] == list(plain.layout.yaxis.ticktext)
    assert ticks[-3:] == ["country: Ukraine", "country: Russia", "country: Moldova"]
    assert min(strips[0].y) > plain.layout.yaxis.range[0] - 1
    assert fig.layout.yaxis.range[0] > plain.layout.yaxis.range[0]
    assert fig.layout.height > plain.layout.height
    z = np.asarray(strips[0].z, dtype=float)
    assert np.nansum(z) == counts["count"].sum()
    assert fig.layout.meta["overlay"] == {
        "lanes": 3,
        "bins": counts["start"].nunique(),
        "every": "week",
    }
    assert fig.layout.xaxis2.rangeslider.range is None  # the hidden label axis has no slider


def test_the_hover_gives_lane_bin_and_count(bundled):
    counts = _counts({"Ukraine": 50, "Russia": 10})
    strip = timeline.plot(bundled, overlay=counts).data[-1]
    assert strip.hovertemplate == "%{text}<br>%{z:,} events<extra></extra>"
    first = counts.iloc[0]
    assert strip.text[0][0] == f"Ukraine<br>week of {first['start']:%-d %b %Y}"
    assert strip.text[1] == [""] * len(strip.text[0])  # the gap between strips


def test_one_lane_is_bars_scaled_to_its_peak(bundled):
    counts = timeline.counts(
        pd.DataFrame({"date": ["2024-11-04", "2024-11-20", "2024-11-21"]}), every="month"
    )
    fig = timeline.plot(bundled, overlay=counts)
    bars = fig.data[-1]
    assert bars.type == "bar" and bars.meta == {"overlay": "bars"}
    assert list(bars.customdata) == [3]
    assert list(bars.text) == ["events<br>November 2024"]
    assert fig.layout.yaxis.ticktext[-1] == "events"


def test_the_slider_widens_to_the_counts_and_twelve_lanes_at_most(bundled):
    many = _counts({f"C{i:02d}": 100 + i for i in range(15)})
    fig = timeline.plot(bundled, overlay=many)
    assert fig.layout.meta["overlay"]["lanes"] == 13
    assert fig.layout.yaxis.ticktext[-1] == "country: (other lanes)"
    assert fig.layout.yaxis.ticktext[-2] == "country: C03"  # the busiest twelve: C14 to C03
    early = timeline.counts(pd.DataFrame({"date": ["1990-01-01", "1990-02-01"]}), every="month")
    slider = timeline.plot(bundled, overlay=early).layout.xaxis.rangeslider.range
    assert slider[0].startswith("1990-01-01")


def test_an_overlay_without_the_count_columns_is_refused(bundled):
    with pytest.raises(
        ValueError, match=r"overlay needs the columns lane, start, end, count .*missing: end, count"
    ):
        timeline.plot(bundled, overlay=pd.DataFrame({"lane": ["a"], "start": ["2024-01-01"]}))
    with pytest.raises(
        TypeError, match=r"overlay must be a DataFrame from timeline.counts, not list"
    ):
        timeline.plot(bundled, overlay=[1, 2])


def test_write_html_and_explore_carry_the_overlay(bundled, tmp_path):
    counts = _counts({"Ukraine": 40, "Russia": 10})
    path = timeline.write_html(
        bundled, tmp_path / "page.html", overlay=counts, include_plotlyjs="cdn"
    )
    assert "country: Ukraine" in path.read_text(encoding="utf-8")
    box = timeline.explore(bundled, overlay=counts)
    figure = next(w for w in _widgets(box) if hasattr(w, "data") and hasattr(w, "layout"))
    assert "country: Russia" in figure.layout.yaxis.ticktext


def _widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _widgets(child)
