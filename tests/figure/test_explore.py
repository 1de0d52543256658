"""timeline.explore: the controls filter the events and redraw one FigureWidget in place."""

from __future__ import annotations

import datetime as dt
import sys

import pandas as pd
import plotly.graph_objects as go
import pytest

import timeline

pytest.importorskip("ipywidgets")


def _ids(fig):
    """The ids of the events drawn: every event mark's customdata[0] is its event id."""
    return {
        str(row[0])
        for trace in fig.data
        if trace.customdata is not None
        for row in trace.customdata
        if row is not None and len(row)
    }


def _ids_of(df):
    return set(df["id"])


def test_explore_starts_with_every_event_in_a_figure_widget(bundled):
    box = timeline.explore(bundled)
    assert isinstance(box.figure, go.FigureWidget)
    assert box.figure in box.children
    assert _ids(box.figure) == _ids_of(bundled)
    assert box.status.value == f"{len(bundled)} of {len(bundled)} events"
    assert set(box.actors.value) == set(box.actors.options)
    assert "United States" in box.actors.options
    # The categories come in the dataset's declared order.
    assert list(box.categories.options) == [
        c for c in bundled.attrs["categories"] if c in set(bundled["category"].dropna())
    ]


def test_picking_actors_redraws_the_same_widget_with_their_events_only(bundled):
    box = timeline.explore(bundled)
    figure = box.figure
    box.actors.value = ("ICBL", "Finland")
    assert box.figure is figure
    assert box.children[-1] is figure
    assert _ids(figure) == _ids_of(timeline.with_actor(bundled, "ICBL", "Finland"))
    assert _ids(figure) == {
        "icbl-condemnation",
        "finland-announces-withdrawal",
        "finland-withdrawal-effective",
    }
    assert box.status.value == f"3 of {len(bundled)} events"


def test_picking_categories_keeps_the_actor_choice(bundled):
    box = timeline.explore(bundled, actors=["United States"])
    box.categories.value = ("decision",)
    assert _ids(box.figure) == {"us-atacms-permission", "us-apl-approval"}
    box.actors.value = tuple(box.actors.options)
    assert _ids(box.figure) == _ids_of(timeline.with_category(bundled, "decision"))


def test_the_date_window_filters_the_events_and_sets_the_x_range(bundled):
    box = timeline.explore(bundled)
    figure = box.figure
    box.start.value = dt.date(2024, 11, 17)
    box.end.value = dt.date(2024, 11, 24)
    assert box.figure is figure
    assert _ids(figure) == _ids_of(timeline.window(bundled, "2024-11-17", "2024-11-24"))
    assert "mbt-fifth-review-conference" not in _ids(figure)  # 25 November, just outside
    assert "us-2022-policy-in-force" in _ids(figure)  # a span that ends on 19 November
    # The last day is shown whole: the range runs to the start of the next day, with a margin.
    lo, hi = (pd.Timestamp(x) for x in figure.layout.xaxis.range)
    assert pd.Timestamp("2024-11-16") < lo < pd.Timestamp("2024-11-17")
    assert pd.Timestamp("2024-11-25") < hi < pd.Timestamp("2024-11-26")


def test_the_initial_window_and_plot_options_are_used(bundled):
    box = timeline.explore(bundled, start="2025-01-01", title="Withdrawals")
    assert box.start.value == dt.date(2025, 1, 1)
    assert box.end.value == dt.date(2026, 1, 10)
    assert _ids(box.figure) == _ids_of(timeline.window(bundled, "2025-01-01"))
    assert "Withdrawals" in box.figure.layout.title.text


def test_a_window_given_as_a_plot_option_sets_the_date_pickers(bundled):
    box = timeline.explore(bundled, window=("2024-11-17", "2024-11-24"))
    assert (box.start.value, box.end.value) == (dt.date(2024, 11, 17), dt.date(2024, 11, 24))
    assert _ids(box.figure) == _ids_of(timeline.window(bundled, "2024-11-17", "2024-11-24"))


def test_an_empty_selection_says_so_and_the_message_goes_away_again(bundled):
    box = timeline.explore(bundled)
    box.actors.value = ()
    assert _ids(box.figure) == set()
    assert box.status.value == f"0 of {len(bundled)} events"
    assert [a.text for a in box.figure.layout.annotations] == ["No events match the selection"]
    box.actors.value = ("Russia",)
    assert _ids(box.figure) == {"ukraine-first-atacms-strike"}
    assert "No events match the selection" not in [a.text for a in box.figure.layout.annotations]


def test_events_without_actor_or_category_are_offered_as_none():
    df = timeline.events_frame(
        [
            {"id": "a", "title": "A", "date": "2024-01-02", "actors": ["X"], "category": "c"},
            {"id": "b", "title": "B", "date": "2024-02-03"},
        ]
    )
    box = timeline.explore(df)
    assert list(box.actors.options) == ["X", "(none)"]
    assert list(box.categories.options) == ["c", "(none)"]
    box.actors.value = ("(none)",)
    assert _ids(box.figure) == {"b"}
    assert list(box.selected()["id"]) == ["b"]
    box.categories.value = ("c",)
    assert _ids(box.figure) == set()


def test_unknown_initial_actor_is_refused(bundled):
    with pytest.raises(ValueError, match="no actor 'Atlantis'"):
        timeline.explore(bundled, actors=["Atlantis"])


def test_missing_ipywidgets_says_what_to_install(bundled, monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    with pytest.raises(ImportError, match=r"pip install 'policy-timeline\[widgets\]'"):
        timeline.explore(bundled)


def _many(n: int = 3_000) -> pd.DataFrame:
    """n events over 2024, three a day in three lanes, each with its own source."""
    days = pd.date_range("2024-01-01", periods=n // 3, freq="D").strftime("%Y-%m-%d")
    return timeline.events_frame(
        [
            {
                "id": f"e{i}",
                "title": f"Event {i}",
                "date": days[i // 3],
                "actors": [["Ukraine"], ["Russia"], ["Poland", "Ukraine"]][i % 3],
                "sources": [{"url": f"https://example.org/{i}", "publisher": "Example"}],
            }
            for i in range(n)
        ]
    )


def _view(fig):
    return [trace for trace in fig.data if trace.name == "events in view"]


def test_to_widget_draws_the_events_of_one_day_when_zoomed_to_it():
    df = _many()
    widget = timeline.to_widget(df, density_threshold=1_000)
    assert isinstance(widget, go.FigureWidget)
    assert widget.layout.meta["mode"] == "density"
    assert not _view(widget)
    widget.layout.xaxis.range = ["2024-03-01", "2024-03-01 23:59:59"]
    (view,) = _view(widget)
    day = df[df["date"] == "2024-03-01"]
    ids = [str(row[0]) for row in view.customdata]
    assert sorted(ids) == sorted(["e180", "e181", "e182", "e182"])  # e182: two lanes
    assert set(ids) == set(day["id"])
    assert {str(row[2]) for row in view.customdata} == set(day["title"])
    assert {str(row[1]) for row in view.customdata} == {
        f"https://example.org/{i}" for i in (180, 181, 182)
    }
    assert "customdata[2]" in view.hovertemplate
    # The strips are re-counted in hours, and the important marks make way for the view's.
    assert widget.data[0].name == "events per hour"
    hidden = [t for t in widget.data[1:] if t.customdata is not None and t is not view]
    assert {t.visible for t in hidden} == {False, "legendonly"}  # legend entries kept, greyed
    assert set(view.marker.color) == {"#999999"}  # no category: the legend's "(none)" colour
    # Zoomed out again: counts only.
    widget.layout.xaxis.range = ["2023-12-01", "2027-01-01"]
    assert len(_view(widget)[0].x) == 0
    assert {t.visible for t in hidden} == {True}
    assert widget.data[0].name == "events per week"
    assert widget.data[0].z[0::2].sum() == 4_000  # every event-lane pair counted


def test_explore_zooms_into_the_events_it_draws():
    box = timeline.explore(_many(), density_threshold=1_000)
    box.actors.value = ("Russia", "Poland")  # 2,000 events: density strips
    box.figure.layout.xaxis.range = ["2024-03-01", "2024-03-02"]
    (view,) = _view(box.figure)
    assert {str(row[0]) for row in view.customdata} == {"e181", "e182", "e184", "e185"}


def test_to_widget_needs_the_events_of_a_figure():
    with pytest.raises(TypeError, match="events=df"):
        timeline.to_widget(go.Figure())
