"""timeline.plot: the figure's traces, coordinates, texts, arrows and layout."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

import timeline
from timeline._figure.relations import HEAD_OFFSET
from timeline._figure.text import truncate
from timeline._frame.validate import flatten_relations

LANES = [
    "Mine Ban Treaty", "Ukraine", "United States", "Russia", "ICBL", "Ukrainian Security and Coop…",
    "Poland", "Baltic states", "Finland",
]  # fmt: skip


def _x(values) -> pd.DatetimeIndex:
    """Trace x values as timestamps, whether datetimes or WebGL's milliseconds."""
    array = np.asarray(values)
    if array.dtype.kind in "fi":
        return pd.to_datetime(array, unit="ms")
    return pd.to_datetime(array)


def _marker_traces(fig):
    return [
        t
        for t in fig.data
        if getattr(t, "mode", None) == "markers"
        and t.customdata is not None
        and t.xaxis in (None, "x")
    ]


def marks(fig) -> pd.DataFrame:
    """One row per drawn mark: id, url, x, y, symbol, trace and hover."""
    frames = []
    for t in _marker_traces(fig):
        n = len(t.customdata)
        symbol = t.marker.symbol
        frames.append(
            pd.DataFrame(
                {
                    "id": [row[0] for row in t.customdata],
                    "url": [row[1] for row in t.customdata],
                    "x": _x(t.x),
                    "y": np.asarray(t.y, dtype=float),
                    "symbol": list(symbol) if not isinstance(symbol, str) else [symbol] * n,
                    "trace": t.name,
                    "type": t.type,
                    "hover": list(t.hovertext) if t.hovertext is not None else [None] * n,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def arrows(fig) -> list[tuple[str, tuple, tuple]]:
    """(relation type, tail (x, y), head (x, y)) of every drawn arrow."""
    out = []
    for t in fig.data:
        if not (t.meta and "relation" in t.meta) or t.meta.get("legend") or t.meta.get("heads"):
            continue
        x = _x(t.x)
        y = np.asarray(t.y, dtype=float)
        gaps = np.flatnonzero(np.isnan(y))
        start = 0
        for gap in gaps.tolist():
            out.append((t.meta["relation"], (x[start], y[start]), (x[gap - 1], y[gap - 1])))
            start = gap + 1
    return out


def _frame(*records, **attrs) -> pd.DataFrame:
    return timeline.events_frame(list(records), **attrs)


def _event(id, date, actors=("A",), **more):
    return {"id": id, "title": f"Event {id}", "date": date, "actors": list(actors), **more}


@pytest.fixture(scope="module")
def fig(bundled) -> go.Figure:
    return timeline.plot(bundled)


@pytest.fixture(scope="module")
def drawn(fig) -> pd.DataFrame:
    return marks(fig)


# --- the bundled dataset ---------------------------------------------------------------------


def test_every_event_is_drawn_once_per_actor(bundled, fig, drawn):
    assert isinstance(fig, go.Figure)
    pairs = sorted(
        (e, a) for e, actors in zip(bundled["id"], bundled["actors"], strict=True) for a in actors
    )
    assert len(drawn) == len(pairs) == fig.layout.meta["marks"]
    assert sorted(drawn["id"]) == sorted(e for e, _ in pairs)
    strike = drawn[drawn["id"] == "ukraine-first-atacms-strike"]
    assert len(strike) == 2  # Ukraine and Russia
    assert fig.layout.meta == {
        "events": 24, "drawn": 24, "marks": 26, "undated": 0, "lanes": 9, "mode": "svg",
        "customdata": ["id", "url"],
    }  # fmt: skip


def test_marks_sit_at_their_dates_in_their_lanes(bundled, fig, drawn):
    separators = sorted(s.y0 for s in fig.layout.shapes if s.type == "line")
    ticks = list(fig.layout.yaxis.ticktext)
    bounds = [-np.inf, *separators, np.inf]
    for row in drawn.itertuples():
        event = bundled.set_index("id").loc[row.id]
        assert row.x == event["start"]
        lane = ticks[int(np.searchsorted(bounds, row.y)) - 1]
        assert lane in [truncate(actor, 28) for actor in event["actors"]]


def test_customdata_is_id_and_first_web_source(bundled, fig, drawn):
    first = {e: s[0]["url"] for e, s in zip(bundled["id"], bundled["sources"], strict=True)}
    assert (drawn["url"] == drawn["id"].map(first)).all()
    ids = set(bundled["id"])
    for trace in fig.data:
        if trace.customdata is None:
            continue
        for row in trace.customdata:
            assert row[0] in ids
            assert row[1] == "" or row[1].startswith(("https://", "http://"))


def test_hover_has_title_dates_actors_sources_and_quote(bundled, drawn):
    hover = drawn.set_index("id").loc["austin-confirms-apl", "hover"]
    event = bundled.set_index("id").loc["austin-confirms-apl"]
    assert f"<b>{event['title']}</b>" in hover
    assert "20 Nov 2024  <i>(2024-11-20)</i>" in hover
    assert "<i>Actors:</i> United States" in hover
    assert "<i>Category:</i> statement" in hover
    unwrapped = hover.replace("<br>   ", " ")  # long source lines wrap, indented
    for source in event["sources"]:
        assert f"• {source['publisher']}: {source['title']}" in unwrapped
    quotes = [s["quote"] for s in event["sources"] if s["quote"]]
    assert quotes and all(f"“{q[:40]}" in hover.replace("<br>", " ") for q in quotes)


def test_arrows_run_from_target_to_the_event_that_carries_the_relation(bundled, fig, drawn):
    source, kind, target = flatten_relations(bundled["relations"])
    ids = bundled["id"].to_numpy()
    expected = [
        (k, t, ids[s]) for s, k, t in zip(source, kind, target, strict=True) if k != "part_of"
    ]
    found = arrows(fig)
    assert len(found) == len(expected)
    at = {(r.x, r.y): r.id for r in drawn.itertuples()}
    got = sorted((k, at[tail], at[head]) for k, tail, head in found)
    assert got == sorted(expected)
    assert ("responds_to", "us-apl-approval", "icbl-condemnation") in got


def test_each_arrow_head_sits_next_to_the_event_that_carries_the_relation(fig, drawn):
    found = {(k, head) for k, _, head in arrows(fig)}
    heads = []
    for t in fig.data:
        if t.meta and t.meta.get("heads"):
            for x, y, symbol in zip(_x(t.x), t.y, t.marker.symbol, strict=True):
                # A head points down at a mark below it, or up at a mark above it.
                mark_y = y + HEAD_OFFSET if symbol == "triangle-down" else y - HEAD_OFFSET
                heads.append((t.meta["relation"], (x, round(mark_y, 6))))
    found = {(k, (x, round(y, 6))) for k, (x, y) in found}
    assert sorted(heads) == sorted(found)
    at = {(r.x, round(r.y, 6)) for r in drawn.itertuples()}
    assert all(where in at for _, where in heads)


def test_relations_are_named_in_the_legend(fig):
    names = [t.name for t in fig.data if t.meta and t.meta.get("legend")]
    assert names == ["responds to", "reverses", "follows", "confirms"]


def test_open_span_runs_to_the_right_edge_and_looks_unfinished(fig, drawn):
    right = pd.Timestamp(fig.layout.xaxis.rangeslider.range[1])
    assert right > pd.Timestamp(fig.layout.xaxis.range[1])  # the bundled data opens on Nov 2024
    (tail,) = [t for t in fig.data if t.name == "treaty (ongoing)"]
    assert tail.customdata[0][0] == "mbt-in-force-for-ukraine"
    assert _x(tail.x)[1] == right
    assert tail.marker.symbol == "triangle-right" and tail.line.dash == "dot"
    hover = drawn.set_index("id").loc["mbt-in-force-for-ukraine", "hover"]
    assert "from 1 Jun 2006, ongoing" in hover


def test_closed_span_is_a_bar_from_start_to_end(fig, drawn):
    (bars,) = [t for t in fig.data if t.name == "diplomacy (span)"]
    assert bars.customdata[0][0] == "mbt-fifth-review-conference"
    assert list(_x(bars.x)[:2]) == [pd.Timestamp("2024-11-25"), pd.Timestamp("2024-11-29 23:59:59")]
    y = drawn.set_index("id").loc["mbt-fifth-review-conference", "y"]
    assert bars.y[0] == bars.y[1] == y


def test_approximate_date_has_a_hollow_marker(drawn):
    symbols = drawn.set_index("id")["symbol"]
    assert symbols["khoma-comment"] == "circle-open"
    assert symbols["us-apl-approval"] == "circle"


def test_navigation_fits_the_data(bundled, fig):
    xaxis = fig.layout.xaxis
    assert xaxis.rangeslider.visible
    (menu,) = fig.layout.updatemenus
    labels = [b.label for b in menu.buttons]
    assert labels == ["1w", "1m", "6m", "1y", "5y", "10y", "all"]
    lo, hi = (pd.Timestamp(v) for v in xaxis.rangeslider.range)
    assert lo < bundled["start"].min() and hi > bundled["end"].max()
    assert hi - bundled["end"].max() < pd.Timedelta(days=366)  # a small margin
    assert [pd.Timestamp(v) for v in menu.buttons[-1].args[0]["xaxis.range"]] == [lo, hi]


def test_lanes_in_order_of_first_appearance(fig):
    assert list(fig.layout.yaxis.ticktext) == LANES


def test_title_subtitle_legend_and_height(bundled, fig):
    assert bundled.attrs["title"] in fig.layout.title.text
    assert fig.layout.title.subtitle.text == "24 events, Sep 1997 to Jan 2026"
    shown = [t for t in fig.data if t.showlegend is not False]
    legend = [t.name for t in sorted(shown, key=lambda t: t.legendrank)]
    assert legend[:7] == bundled.attrs["categories"]
    assert legend[-4:] == ["responds to", "reverses", "follows", "confirms"]
    assert "approximate (~)" in legend and "ongoing (no end)" in legend
    assert fig.layout.height >= 26 * 20
    assert (
        fig.layout.template.layout.paper_bgcolor
        == pio.templates["plotly_white"].layout.paper_bgcolor
    )


def test_labels_are_short_titles_beside_the_marks(fig):
    labels = [t for t in fig.data if t.xaxis == "x2"]
    assert labels and fig.layout.xaxis2.matches == "x"
    texts = [text for t in labels for text in t.text]
    # A label takes the room it has in its lane: 30 to 60 characters.
    assert "Solomiya Khoma: US landmines welcome but not enough" in texts
    assert all(len(text) <= 60 for text in texts) and "Reports: Biden lets Ukraine s…" in texts
    # Spans are labelled too, where their bar comes into the first view.
    assert "Biden 2022 landmine policy in force" in texts
    positions = {p for t in labels for p in t.textposition}
    assert positions <= {"middle right", "middle left"}


def test_periods_are_shaded_bands_behind_the_lanes(bundled):
    fig = timeline.plot(bundled, periods="spans")
    periods = [s for s in fig.layout.shapes if (s.name or "").startswith("period:")]
    assert [p.label.text for p in periods] == [
        "Mine Ban Treaty in force for Ukraine", "Biden 2022 landmine policy in force",
        "Mine Ban Treaty Fifth Review Conference…",
    ]  # fmt: skip
    assert all(p.layer == "below" and p.yref == "paper" for p in periods)
    assert pd.Timestamp(periods[0].x1) == pd.Timestamp(fig.layout.xaxis.rangeslider.range[1])


def test_window_lane_order_and_switches(bundled):
    fig = timeline.plot(
        bundled, window=("2024-11-10", "2024-11-30"), lane_order=["ICBL", "Finland"],
        relations=False, labels=False, template="dark",
    )  # fmt: skip
    lo, hi = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    margin = (pd.Timestamp("2024-12-01") - pd.Timestamp("2024-11-10")) * 0.02
    assert abs(lo - (pd.Timestamp("2024-11-10") - margin)) < pd.Timedelta(seconds=1)
    assert abs(hi - (pd.Timestamp("2024-12-01") + margin)) < pd.Timedelta(seconds=1)
    assert pd.Timestamp(fig.layout.xaxis.rangeslider.range[0]).year == 1996
    assert list(fig.layout.yaxis.ticktext)[:3] == ["ICBL", "Finland", "Mine Ban Treaty"]
    assert not arrows(fig)
    assert not [t for t in fig.data if t.xaxis == "x2"]
    assert (
        fig.layout.template.layout.paper_bgcolor
        == pio.templates["plotly_dark"].layout.paper_bgcolor
    )


def test_accessor_and_lanes_by_declared_category(bundled):
    fig = bundled.timeline.plot(lane="category", color=None)
    assert list(fig.layout.yaxis.ticktext) == bundled.attrs["categories"]
    assert [t.name for t in _marker_traces(fig)] == ["events"]
    fig.update_layout(title_text="Changed")  # a plain plotly figure to keep customizing
    assert fig.layout.title.text == "Changed"


def test_plain_dataframe_with_object_lists(bundled, drawn):
    plain = pd.DataFrame(
        {
            name: (
                bundled[name].tolist()
                if name in ("actors", "tags", "sources", "relations")
                else bundled[name].astype(object)
            )
            for name in bundled.columns
        }
    )
    assert plain["actors"].dtype == object
    plain.attrs = dict(bundled.attrs)
    again = marks(timeline.plot(plain))
    key = ["id", "x", "y"]
    left = drawn[[*key, "url", "hover"]].sort_values(key).reset_index(drop=True)
    right = again[[*key, "url", "hover"]].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)


# --- dates, lanes and labels on small frames -------------------------------------------------


def test_precision_bands_and_symbols():
    df = _frame(
        _event("m", "2024-11"),
        _event("y", "2023", actors=["B"]),
        _event("u", "2024-06-05?", actors=["C"]),
        _event("a", "2024-03~", actors=["D"]),
    )
    fig = timeline.plot(df)
    drawn = marks(fig).set_index("id")
    bands = [t for t in fig.data if t.name.endswith("(date range)")]
    (band,) = bands
    ends = {
        row[0]: (x0, x1)
        for row, x0, x1 in zip(
            band.customdata[0::3], _x(band.x)[0::3], _x(band.x)[1::3], strict=True
        )
    }
    assert ends["m"] == (pd.Timestamp("2024-11-01"), pd.Timestamp("2024-11-30 23:59:59"))
    assert ends["y"] == (pd.Timestamp("2023-01-01"), pd.Timestamp("2023-12-31 23:59:59"))
    assert ends["m"][0] < drawn.loc["m", "x"] < ends["m"][1]
    assert drawn.loc["m", "symbol"] == "diamond"
    assert drawn.loc["a", "symbol"] == "diamond-open"
    assert drawn.loc["u", "symbol"] == "circle-x"
    assert "Nov 2024  <i>(2024-11)</i>" in drawn.loc["m", "hover"]
    assert "Mar 2024, approximate" in drawn.loc["a", "hover"]
    assert "5 Jun 2024, uncertain" in drawn.loc["u", "hover"]
    labels = [text for t in fig.data if t.xaxis == "x2" for text in t.text]
    assert "Event u (?)" in labels
    legend = [t.name for t in fig.data if t.legendgroup and t.legendgroup.startswith("date ")]
    assert legend == ["day or time", "month or coarser (band)", "approximate (~)", "uncertain (?)"]


def test_close_events_in_a_lane_are_packed_into_sub_rows():
    df = _frame(
        _event("a", "2024-01-01"),
        _event("b", "2024-01-01"),
        _event("c", "2024-01-02"),
        _event("d", "2030-01-01"),
        _event("e", "2024-01-01", actors=["B"]),
    )
    drawn = marks(timeline.plot(df, window=("2024-01-01", "2030-01-01"))).set_index("id")["y"]
    assert len({drawn["a"], drawn["b"], drawn["c"]}) == 3
    assert drawn["d"] == drawn["a"]  # far away: back in the first sub-row
    assert drawn["e"] > max(drawn[["a", "b", "c", "d"]])  # lane B is below lane A


def test_labels_near_the_right_edge_go_left():
    df = _frame(_event("a", "2020-01-01"), _event("b", "2024-01-01", actors=["B"]))
    fig = timeline.plot(df)
    (labels,) = [t for t in fig.data if t.xaxis == "x2"]
    side = {
        row[0]: where for row, where in zip(labels.customdata, labels.textposition, strict=True)
    }
    assert side == {"a": "middle right", "b": "middle left"}


def test_events_without_a_lane_value_go_to_none_last():
    df = _frame(_event("a", "2024-01-01", actors=[]), _event("b", "2024-02-01"))
    fig = timeline.plot(df)
    assert list(fig.layout.yaxis.ticktext) == ["A", "(none)"]


def test_user_text_is_escaped_and_script_urls_dropped():
    df = pd.DataFrame(
        {
            "id": ["x"],
            "title": ["<script>alert(1)</script>"],
            "date": ["2024-11-20"],
            "actors": [["<b>A</b>"]],
            "sources": [[{"url": "javascript:alert(1)", "publisher": "<i>P</i>", "quote": "<q>"}]],
        }
    )
    fig = timeline.plot(df)
    (row,) = marks(fig).itertuples()
    assert row.url == ""
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in row.hover
    assert "<script>" not in row.hover and "<q>" not in row.hover
    assert list(fig.layout.yaxis.ticktext) == ["&lt;b&gt;A&lt;/b&gt;"]
    labels = [text for t in fig.data if t.xaxis == "x2" for text in t.text]
    assert labels == ["&lt;script&gt;alert(1)&lt;/script&gt;"]


def test_undated_rows_are_counted_not_drawn():
    df = pd.DataFrame(
        {
            "id": ["a", "b"],
            "title": ["dated", "undated"],
            "start": pd.to_datetime(["2024-01-01", None]),
            "end": pd.to_datetime(["2024-01-01 23:59:59", None]),
        }
    )
    fig = timeline.plot(df)
    assert marks(fig)["id"].tolist() == ["a"]
    assert fig.layout.meta["undated"] == 1


def test_an_empty_frame_gives_an_empty_figure(bundled):
    fig = timeline.plot(bundled.iloc[0:0])
    assert not _marker_traces(fig)
    assert fig.layout.meta["events"] == 0


def test_unknown_lane_column_is_named():
    with pytest.raises(KeyError, match="no column 'nope'"):
        timeline.plot(_frame(_event("a", "2024-01-01")), lane="nope")


# --- many events -----------------------------------------------------------------------------


def _many(n: int) -> pd.DataFrame:
    records = [
        _event(f"e{i}", f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", actors=["A", "B"][: 1 + i % 2],
               category=["x", "y"][i % 2], importance=float(i % 7))
        for i in range(n)
    ]  # fmt: skip
    records[5]["relations"] = [{"type": "responds_to", "target": "e4"}]
    return _frame(*records)


def test_webgl_above_the_marks_threshold():
    df = _many(20)  # 30 marks: every second event has two actors
    below = timeline.plot(df, webgl_threshold=30)
    assert {t.type for t in _marker_traces(below)} == {"scatter"}
    above = timeline.plot(df, webgl_threshold=29)
    traces = _marker_traces(above)
    assert {t.type for t in traces} == {"scattergl"}
    assert above.layout.meta["mode"] == "webgl"
    drawn = marks(above)
    assert len(drawn) == 30
    assert drawn["x"].min() == pd.Timestamp("2024-01-01")
    row = traces[0].customdata[0]
    assert row[0].startswith("e") and row[1] == "" and row[2].startswith("Event e")
    assert "customdata[2]" in traces[0].hovertemplate
    assert not [t for t in above.data if "text" in (t.mode or "")]  # no labels by default
    (line,) = [t for t in above.data if t.meta and t.meta.get("relation") and t.mode == "lines"
               and not t.meta.get("legend")]  # fmt: skip
    (heads,) = [t for t in above.data if t.meta and t.meta.get("heads")]
    assert line.type == "scatter" and line.xaxis == "x2"  # SVG, out of the range slider
    assert heads.type == "scattergl"
    head_id = drawn.loc[(drawn["x"] == _x(heads.x)[0]), "id"]
    assert "e5" in set(head_id)  # e5 responds to e4: the head is at e5


def test_density_strips_above_the_events_threshold():
    df = _many(20)
    assert not [t for t in timeline.plot(df, density_threshold=20).data if t.type == "heatmap"]
    fig = timeline.plot(df, density_threshold=19, top_n=5)
    (heatmap,) = [t for t in fig.data if t.type == "heatmap"]
    assert np.nansum(np.asarray(heatmap.z, dtype=float)) == 30  # every event-lane pair
    assert fig.layout.meta["mode"] == "density"
    # The five most important: importance 6 (e6, e13), then 5 (e5, e12, e19).
    assert set(marks(fig)["id"]) == {"e6", "e13", "e5", "e12", "e19"}
    assert fig.layout.meta["drawn"] == 5
