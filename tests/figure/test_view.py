"""The figure on real-sized data: lane budget, height, first view, presets and colours."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import timeline
from timeline._figure.lanes import fold_lanes
from timeline._figure.layout import GL_MAX_PX, MAX_HEIGHT
from timeline._figure.style import OKABE_ITO, colour_map
from timeline._figure.view import crowded, first_view, presets

DAY = 86400.0


def exported(n: int = 2500, actors: int = 300, seed: int = 3) -> pd.DataFrame:
    """An ACLED-shaped frame: a year of days, few busy actors and many rare ones."""
    rng = np.random.default_rng(seed)
    names = [f"Group {i:03d}" for i in range(actors)]
    weights = 1 / np.arange(1, actors + 1) ** 0.9
    days = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    records = [
        {
            "id": f"e{i}",
            "title": f"Clash {i}",
            "date": day.strftime("%Y-%m-%d"),
            "actors": list(
                rng.choice(names, rng.integers(1, 3), replace=False, p=weights / weights.sum())
            ),
            "category": ["battles", "protests", "riots"][i % 3],
        }
        for i, day in enumerate(days)
    ]
    return timeline.events_frame(records)


def lane_of_marks(fig) -> pd.DataFrame:
    """Each drawn mark's event id and the name of the lane its y falls in."""
    separators = sorted(s.y0 for s in fig.layout.shapes if s.type == "line")
    names = list(fig.layout.yaxis.ticktext)
    rows = []
    for trace in fig.data:
        if trace.mode == "markers" and trace.customdata is not None and trace.xaxis in (None, "x"):
            for row, y in zip(trace.customdata, trace.y, strict=True):
                rows.append((row[0], names[int(np.searchsorted(separators, y))]))
    return pd.DataFrame(rows, columns=["id", "lane"])


@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    return exported()


# --- the lane budget -------------------------------------------------------------------------


def test_fold_lanes_keeps_the_named_then_the_busiest_in_their_order():
    names = ["a", "b", "c", "d", "e"]
    lanes = np.array([0, 1, 1, 1, 2, 3, 3, 4, 4, 4, 4])
    kept, new, folded = fold_lanes(names, lanes, 3, keep=["a"], label="Other")
    assert kept == ["a", "e", "Other"]
    assert folded == ["b", "c", "d"]
    assert new.tolist() == [0, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1]
    assert fold_lanes(names, lanes, 5)[0] == names  # within the budget: unchanged


def test_hundreds_of_actors_fold_into_one_other_lane(export):
    fig = timeline.plot(export)
    meta = fig.layout.meta
    assert meta["lanes"] == 25 and meta["mode"] == "svg"  # compact SVG marks
    ticks = list(fig.layout.yaxis.ticktext)
    assert ticks[-1] == f"Other ({len(meta['folded'])} actors)"
    (note,) = fig.layout.annotations
    assert note.text == ticks[-1] and meta["folded"][0] in note.hovertext
    # Every mark sits in the lane of one of its actors, or in Other when all are folded.
    actors = export.set_index("id")["actors"]
    folded = set(meta["folded"])
    for event, lane in lane_of_marks(fig).itertuples(index=False):
        if lane.startswith("Other ("):
            assert folded & set(actors[event])
        else:
            assert lane in actors[event]
    # Each event is drawn at most once in Other, and every event is drawn.
    drawn = lane_of_marks(fig)
    assert not drawn.duplicated().any()
    assert set(drawn["id"]) == set(export["id"])


def test_lane_order_and_filters_still_reach_a_folded_actor(export):
    rare = timeline.plot(export).layout.meta["folded"][-1]
    fig = timeline.plot(export, lane_order=[rare])
    assert fig.layout.yaxis.ticktext[0] == rare
    alone = timeline.plot(timeline.with_actor(export, rare))
    assert rare in fig.layout.yaxis.ticktext and "folded" not in alone.layout.meta
    everything = timeline.plot(export, max_lanes=None, webgl_threshold=10**6, labels=False)
    assert everything.layout.meta["lanes"] == export["actors"].explode().nunique()


def test_height_is_bounded_and_lanes_scroll(export):
    fig = timeline.plot(export)
    assert fig.layout.height == MAX_HEIGHT
    low = fig.layout.yaxis.range[0]
    assert fig.layout.yaxis.fixedrange is False  # the lanes scroll by dragging their names
    assert low < max(fig.layout.yaxis.tickvals)  # not every lane shows at first
    small = timeline.plot(export.head(20), lane="category")
    assert small.layout.height < MAX_HEIGHT and small.layout.yaxis.fixedrange


def test_webgl_figures_stay_within_the_canvas_browsers_allow(export):
    fig = timeline.plot(export, max_lanes=None, height=20_000, width=9_000, webgl_threshold=2000)
    assert fig.layout.meta["mode"] == "webgl"
    assert fig.layout.height <= GL_MAX_PX and fig.layout.width <= GL_MAX_PX
    svg = timeline.plot(export.head(40), height=5_000)
    assert svg.layout.height == 5_000  # SVG has no such limit


# --- the first view --------------------------------------------------------------------------


def test_first_view_is_the_whole_range_unless_events_crowd():
    spread = np.linspace(0, 1000 * DAY, 50)
    assert crowded(spread, (0, 1000 * DAY)) is None
    crowd = np.concatenate([np.linspace(500 * DAY, 510 * DAY, 45), [0, 1000 * DAY]])
    lo, hi = crowded(crowd, (0, 1000 * DAY))
    assert 500 * DAY <= lo < hi <= 510 * DAY and hi - lo >= 0.8 * 10 * DAY
    full = (-30 * DAY, 1030 * DAY)
    assert first_view(None, spread, (0, 1000 * DAY), full) == full
    lo, hi = first_view(None, crowd, (0, 1000 * DAY), full)
    assert 499 * DAY < lo < 502 * DAY and 508 * DAY < hi < 511 * DAY


def test_first_view_follows_window_then_focus_then_data(bundled):
    def view(fig):
        return [pd.Timestamp(v) for v in fig.layout.xaxis.range]

    assert bundled.attrs["focus"] == "2024-11-10/2024-11-30"
    lo, hi = view(timeline.plot(bundled))
    assert pd.Timestamp("2024-11-09") < lo < pd.Timestamp("2024-11-10")
    assert pd.Timestamp("2024-12-01") < hi < pd.Timestamp("2024-12-02")
    lo, hi = view(timeline.plot(bundled, window="2025-01-01/.."))
    assert lo.year == 2024 and hi.year == 2026  # open: to the last event, 10 Jan 2026
    week = bundled.timeline.window("2024-11-17", "2024-11-24")
    assert week.attrs["focus"] == "2024-11-17/2024-11-24"
    lo, hi = view(timeline.plot(week))
    assert pd.Timestamp("2024-11-16") < lo and hi < pd.Timestamp("2024-11-26")
    unfocused = bundled.copy()
    unfocused.attrs = {k: v for k, v in bundled.attrs.items() if k != "focus"}
    assert view(timeline.plot(unfocused))[0].year == 1996


def test_focus_is_read_checked_and_written_back(tmp_path, bundled):
    path = tmp_path / "week.yaml"
    focused = bundled.copy()
    focused.attrs["focus"] = bundled.timeline.window("2024-11-17", None).attrs["focus"]
    timeline.write_events(focused, path)
    assert "focus: 2024-11-17/..\n" in path.read_text()
    assert timeline.read_events(path).attrs["focus"] == "2024-11-17/.."
    bad = tmp_path / "bad.yaml"
    bad.write_text(path.read_text().replace("focus: 2024-11-17/..", "focus: 2024-11-31/.."))
    with pytest.raises(timeline.EventDataError, match=r"bad\.yaml:\d+.*focus.*2024-11-31"):
        timeline.read_events(bad)


# --- presets ---------------------------------------------------------------------------------


def test_presets_end_at_an_event_and_fit_the_data(bundled):
    fig = timeline.plot(bundled)
    (menu,) = fig.layout.updatemenus
    starts = bundled["start"].fillna(bundled["end"])
    for button in menu.buttons:
        lo, hi = (pd.Timestamp(v) for v in button.args[0]["xaxis.range"])
        assert ((starts >= lo) & (starts <= hi)).any(), button.label
    assert [b.label for b in menu.buttons][-1] == "all"


def test_coarse_or_short_data_gets_fitting_presets():
    x = np.array([600.0, 640, 700, 810, 900]) * 365.2425 * DAY
    years = presets(x, ["year"] * 5, (x[0], x[-1]), (x[0], x[-1]))
    assert [p.label for p in years] == ["5y", "10y", "50y", "100y"]
    centuries = presets(x, ["century"] * 5, (x[0], x[-1]), (x[0], x[-1]))
    assert [p.label for p in centuries] == ["100y"]
    week = np.array([0.0, 2, 5]) * DAY
    assert [p.label for p in presets(week, ["day"] * 3, (0, 5 * DAY), (0, 5 * DAY))] == []
    month = np.arange(40.0) * DAY
    assert [p.label for p in presets(month, ["day"] * 40, (0, 39 * DAY), (0, 39 * DAY))] == [
        "1w",
        "1m",
    ]


# --- colours ---------------------------------------------------------------------------------


def test_a_category_keeps_its_colour_in_every_figure(export):
    def colours(fig):
        return {
            t.name: t.marker.color
            for t in fig.data
            if t.showlegend and t.name in {"battles", "protests", "riots"}
        }

    whole = colours(timeline.plot(export))
    riots = colours(timeline.plot(export[export["category"] == "riots"]))
    assert riots["riots"] == whole["riots"]
    assert whole == {"battles": OKABE_ITO[0], "protests": OKABE_ITO[1], "riots": OKABE_ITO[2]}
    plain = pd.DataFrame(
        {"title": ["a", "b"], "date": ["2024-01-02", "2024-01-01"], "kind": ["z", "y"]}
    )
    assert colours(timeline.plot(plain, color="kind")) == {}
    by_kind = {
        t.name: t.marker.color for t in timeline.plot(plain, color="kind").data if t.showlegend
    }
    assert by_kind["y"] == OKABE_ITO[0] and by_kind["z"] == OKABE_ITO[1]  # sorted, not by time
    assert colour_map(["b", "a"]) == colour_map(["a", "b"])


# --- periods from the data and early years ---------------------------------------------------


def _history(*, bce: bool) -> pd.DataFrame:
    dates = [("-0752", "Founding of Rome"), ("-0043", "Caesar dies")] if bce else []
    dates += [("0476", "Fall of the western empire"), ("0622", "Hijra"), ("0800", "Charlemagne")]
    records = [
        {"id": f"e{i}", "title": title, "date": date, "actors": ["Rome"]}
        for i, (date, title) in enumerate(dates)
    ]
    records.append({"id": "late", "title": "Late Antiquity", "date": "0300/0700", "tags": ["era"]})
    records.append(
        {"id": "mid", "title": "Early Middle Ages", "date": "0476/0800", "category": "period"}
    )
    return timeline.events_frame(records)


def test_eras_and_periods_are_labelled_bands_by_default():
    df = _history(bce=False)
    fig = timeline.plot(df)
    bands = [s for s in fig.layout.shapes if (s.name or "").startswith("period:")]
    assert [b.label.text for b in bands] == ["Late Antiquity", "Early Middle Ages"]
    drawn = {row[0] for t in fig.data if t.customdata is not None for row in t.customdata}
    assert drawn == {"e0", "e1", "e2"}  # the eras are bands, not marks
    assert "(none)" not in fig.layout.yaxis.ticktext
    assert not timeline.plot(df, periods=False).layout.shapes[0].name
    chosen = timeline.plot(df, periods=["late"])
    assert [s.name for s in chosen.layout.shapes if s.name] == ["period: Late Antiquity"]


def test_period_labels_use_the_room_their_band_has():
    long = "A period with a long name that a fixed cut at forty characters would lose"
    df = timeline.events_frame(
        [
            {"id": "wide", "title": long, "date": "2000-01-01/2020-01-01", "tags": ["era"]},
            {"id": "narrow", "title": long, "date": "2020-01-01/2020-02-01", "tags": ["era"]},
            {"id": "point", "title": "An event", "date": "2010-05-05"},
        ]
    )
    fig = timeline.plot(df)
    labels = [s.label.text for s in fig.layout.shapes if (s.name or "").startswith("period:")]
    assert labels == [long, long[:39].rstrip() + "…"]


def test_early_years_read_without_padding_and_bce_in_words():
    early = timeline.plot(_history(bce=False)).layout.xaxis
    formats = {stop.value for stop in early.tickformatstops}
    assert "%-Y" in formats and not any("%Y" in f for f in formats)
    bce = timeline.plot(_history(bce=True)).layout.xaxis
    assert bce.tickmode == "array"
    assert "750 BCE" in bce.ticktext and "500" in bce.ticktext
    assert "0600" not in bce.ticktext and "0" not in bce.ticktext
    # 750 BCE is the astronomical year -749, and plotly reads four-digit years only.
    assert bce.tickvals[list(bce.ticktext).index("750 BCE")] == "-0749-01-01"
    assert all(v.lstrip("-")[4] == "-" for v in bce.range)
    modern = timeline.plot(
        timeline.events_frame(
            [{"id": "a", "title": "A", "date": "2001"}, {"id": "b", "title": "B", "date": "2003"}]
        )
    )
    assert not modern.layout.xaxis.tickformatstops and modern.layout.xaxis.tickmode is None


def test_labels_take_their_room_and_spans_show_theirs_in_view():
    long = "A long title that runs well past thirty characters before it ends"
    df = timeline.events_frame(
        [
            {
                "id": "span",
                "title": "A span that began long before",
                "date": "2000-01-01/2030-01-01",
            },
            {"id": "lone", "title": long, "date": "2024-06-01", "actors": ["B"]},
            {"id": "near1", "title": long, "date": "2024-06-01", "actors": ["C"]},
            {"id": "near2", "title": "Next", "date": "2024-06-03", "actors": ["C"]},
        ]
    )
    fig = timeline.plot(df, window=("2024-01-01", "2024-12-31"))
    placed = {
        row[0]: (pd.Timestamp(x), text)
        for t in fig.data
        if t.xaxis == "x2"
        for row, x, text in zip(t.customdata, t.x, t.text, strict=True)
    }
    lo = pd.Timestamp(fig.layout.xaxis.range[0])
    assert placed["span"][0] > lo and placed["span"][1] == "A span that began long before"
    assert len(placed["lone"][1]) == 60  # alone in its lane: the longest label
    assert len(placed["near1"][1]) == 30  # a mark close by: the shortest


def test_the_figure_reads_no_dates_itself():
    """Dates are read by the events frame (issue 12): the figure uses its columns."""
    from pathlib import Path

    figure = Path(timeline.__file__).parent / "_figure"
    for module in figure.glob("*.py"):
        text = module.read_text()
        assert "parse_date" not in text and "DateError" not in text, module.name


def test_deep_time_is_drawn_on_a_scale_of_years():
    records = [
        {"id": "bang", "title": "Big Bang", "date": "Y-13800000000", "actors": ["Universe"]},
        {"id": "earth", "title": "Earth forms", "date": "Y-4500000000", "actors": ["Earth"]},
        {"id": "now", "title": "Now", "date": "2024", "actors": ["Earth"]},
        {"id": "pre", "title": "Precambrian", "date": "Y-4500000000/Y-539000000", "tags": ["era"]},
    ]
    try:
        df = timeline.events_frame(records)
    except timeline.EventDataError:
        pytest.skip("this reader does not read deep-time years yet")
    fig = timeline.plot(df)
    xaxis = fig.layout.xaxis
    assert xaxis.type == "linear" and fig.layout.xaxis2.type == "linear"
    low, high = xaxis.range
    assert low < -13.8e9 < -4.5e9 < 2024 < high
    x = {row[0]: float(v) for t in marks_of(fig) for row, v in zip(t.customdata, t.x, strict=True)}
    assert x["bang"] == pytest.approx(-13.8e9, rel=1e-3) and x["now"] == pytest.approx(
        2024.5, abs=1
    )
    (band,) = [s for s in fig.layout.shapes if (s.name or "").startswith("period:")]
    assert band.x0 == pytest.approx(-4.5e9, rel=1e-3)
    for button in fig.layout.updatemenus[0].buttons:
        assert all(isinstance(v, float) for v in button.args[0]["xaxis.range"])


def marks_of(fig):
    return [
        t
        for t in fig.data
        if t.mode == "markers" and t.customdata is not None and t.xaxis in (None, "x")
    ]
