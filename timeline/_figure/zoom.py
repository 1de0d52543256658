"""Semantic zoom: the density strips re-binned to the view, and the events in it drawn as marks.

A figure of very many events (``mode == "density"``) holds counts and the most important
events only. Here every event is kept beside the figure as event-lane pairs with their times,
so that a zoomed view can be re-counted in bins of the view's width and, once few enough
events are in it, drawn one mark per event-lane pair with hover and source. The offline page
does the same in JavaScript (``timeline/_page/assets/zoom.js``) from the same pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline._figure.density import bin_width
from timeline._figure.lanes import explode
from timeline._figure.text import escape, first_urls, truncate
from timeline._figure.times import seconds, stamps
from timeline._frame.columns import plot_columns

MARKS_LIMIT = 2_000
"""Most events in view drawn as individual marks; with more, only the strips are re-binned."""
LABELS_LIMIT = 300
"""Most events in view that also get a label beside their mark."""
VIEW_TRACE = "events in view"
"""Name of the trace that holds the individual marks of a zoomed view."""
VIEW_HOVER = (
    "<b>%{customdata[2]}</b><br>%{customdata[3]}<br>%{customdata[4]}"
    "<br><i>%{customdata[5]}</i><extra></extra>"
)
"""The view trace's shared hover: title, date as written, lane, first source (customdata)."""
VIEW_COLOUR = "#d55e00"
"""The view's marks of an event whose category has no colour in the legend."""
_UNPLACED = -1


@dataclass(frozen=True)
class Pairs:
    """Every event-lane pair of a figure: event row, lane number and time, in seconds."""

    event: np.ndarray
    lane: np.ndarray
    start: np.ndarray
    end: np.ndarray
    lanes: list[str]

    @classmethod
    def of(cls, fig: go.Figure, events: pd.DataFrame, lane: str = "actors") -> Pairs:
        """The pairs of ``events`` in the lanes of ``fig`` (matched by the lane names shown).

        Events without a date, or in a lane the figure does not show, are left out.
        """
        ticks = [str(text) for text in (fig.layout.yaxis.ticktext or ())]
        where = {text: i for i, text in reversed(list(enumerate(ticks)))}
        positions, codes, names = explode(events[lane])
        number = np.array([where.get(escape(truncate(n, 28)), _UNPLACED) for n in names], int)
        lanes = number[codes] if len(codes) else np.zeros(0, dtype=int)
        start, end = event_times(events)
        keep = (lanes != _UNPLACED) & ~np.isnan(start[positions])
        positions, lanes = positions[keep], lanes[keep]
        return cls(positions, lanes, start[positions], end[positions], ticks)


def event_times(events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each event's first and last instant in float seconds (one filling in for the other)."""
    start = seconds(pd.to_datetime(events["start"]))
    end = seconds(pd.to_datetime(events["end"])) if "end" in events else start.copy()
    start = np.where(np.isnan(start), end, start)
    return start, np.where(np.isnan(end), start, np.maximum(end, start))


def in_view(pairs: Pairs, lo: float, hi: float) -> np.ndarray:
    """Positions of the pairs that start in ``[lo, hi]`` (marks are drawn at the start)."""
    return np.flatnonzero((pairs.start >= lo) & (pairs.start <= hi))


def rebin(pairs: Pairs, lo: float, hi: float, n_lanes: int) -> tuple[np.ndarray, np.ndarray, str]:
    """Counts per lane and bin of the view (by each pair's start), bin edges and bin name."""
    width, name = bin_width(lo, hi)
    left = np.floor(lo / width) * width
    n_bins = max(int(np.ceil((hi - left) / width)), 1)
    inside = (pairs.start >= left) & (pairs.start < left + n_bins * width)
    index = ((pairs.start[inside] - left) // width).astype(np.int64)
    flat = np.bincount(pairs.lane[inside] * n_bins + index, minlength=n_lanes * n_bins)
    return flat.reshape(n_lanes, n_bins), left + width * np.arange(n_bins + 1), name


def has_strips(fig: go.Figure) -> bool:
    """Whether the figure is drawn as density strips (its first trace their heatmap)."""
    meta = fig.layout.meta or {}
    return meta.get("mode") == "density" and bool(fig.data) and fig.data[0].type == "heatmap"


def strip_rows(fig: go.Figure) -> np.ndarray:
    """The y of each lane's density strip (the heatmap's rows), top lane first."""
    edges = np.asarray(fig.data[0].y, dtype=float)
    return (edges[0::2] + edges[1::2]) / 2


def view_marks(
    events: pd.DataFrame, pairs: Pairs, chosen: np.ndarray, rows: np.ndarray
) -> dict[str, Any]:
    """The properties of the view trace for the pairs ``chosen``: one mark each, with hover."""
    rows_of = pairs.event[chosen]
    picked = events.iloc[rows_of]
    titles = [escape(t) for t in picked["title"].astype(object).fillna("")]
    written = picked["date"].astype(object).fillna("").astype(str).to_numpy()
    if "end_date" in picked:
        ends = picked["end_date"].astype(object).fillna("").astype(str).to_numpy()
        written = np.where(ends != "", written + " – " + ends, written)
    urls = first_urls(picked["sources"]) if "sources" in picked else np.full(len(rows_of), "")
    lanes = [pairs.lanes[i] for i in pairs.lane[chosen]]
    custom = np.empty((len(chosen), 6), dtype=object)
    custom[:, 0] = picked["id"].astype(str).to_numpy()
    custom[:, 1] = urls
    custom[:, 2] = titles
    custom[:, 3] = [escape(w) for w in written]
    custom[:, 4] = lanes
    custom[:, 5] = [escape(u) for u in urls]
    labelled = len(chosen) <= LABELS_LIMIT
    return {
        "x": stamps(pairs.start[chosen]),
        "y": rows[pairs.lane[chosen]] + 0.0,
        "customdata": custom,
        "text": [truncate(t) for t in titles] if labelled else None,
        "mode": "markers+text" if labelled else "markers",
    }


def view_trace(marks: dict[str, Any]) -> go.Scatter:
    """The trace of a zoomed view's individual marks (empty when ``marks`` is empty)."""
    props = dict(marks)
    colour = props.pop("marker", {}).get("color", VIEW_COLOUR)
    return go.Scatter(
        name=VIEW_TRACE, showlegend=False, textposition="middle right", cliponaxis=True,
        marker={"size": 9, "color": colour, "line": {"width": 1, "color": "white"}},
        hovertemplate=VIEW_HOVER, meta={"view": True}, **props,
    )  # fmt: skip


def to_widget(
    fig_or_df: go.Figure | pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    lane: str = "actors",
    **plot_kwargs: Any,
) -> go.FigureWidget:
    """Show the timeline in Jupyter with a zoom that reaches every event (a ``FigureWidget``).

    For a figure of density strips (more events than ``density_threshold``), every zoom or
    pan re-counts the strips in bins that fit the view, and once at most 2,000 events are
    in view draws each of them as a mark with its title, date, lane and source in the hover.
    Smaller figures already draw every event and are returned as widgets unchanged.
    Needs ``ipywidgets`` and ``anywidget``: ``pip install 'policy-timeline[widgets]'``.

    Parameters
    ----------
    fig_or_df
        An events frame (drawn with ``timeline.plot(df, lane=lane, **plot_kwargs)``) or a
        figure ``timeline.plot`` made from ``events``.
    events
        The events of a given figure (the figure keeps only counts); not used with a frame.
    lane
        The column the figure's lanes come from (``timeline.plot``'s ``lane``).
    **plot_kwargs
        Passed to ``timeline.plot`` with a frame.

    Returns
    -------
    plotly.graph_objects.FigureWidget
        The widget; setting ``widget.layout.xaxis.range`` zooms it as a reader would.

    Examples
    --------
    >>> widget = timeline.to_widget(big, lane="actors")  # doctest: +SKIP
    >>> widget.layout.xaxis.range = ["2024-11-19", "2024-11-20"]  # doctest: +SKIP
    """
    if isinstance(fig_or_df, pd.DataFrame):
        if events is not None:
            raise TypeError("events= is for a figure; a frame is its own list of events")
        from timeline._figure.plot import plot

        events, fig = fig_or_df, plot(fig_or_df, lane=lane, **plot_kwargs)
    else:
        fig = fig_or_df
        if events is None:
            raise TypeError("to_widget(fig) needs the events drawn: to_widget(fig, events=df)")
    widget = go.FigureWidget(fig)
    follow_zoom(widget, lambda: events, lane)
    return widget


def follow_zoom(widget: go.FigureWidget, current: Any, lane: str) -> None:
    """Re-aggregate ``widget`` on every change of its x range from ``current()``'s events.

    ``current`` is called on each change, so a widget redrawn with other events (as
    ``timeline.explore`` does) zooms over those.
    """
    state: dict[str, Any] = {}

    def changed(layout: Any, x_range: Any) -> None:
        if not has_strips(widget):
            return
        events = current()
        key = (id(events), len(widget.data), tuple(widget.layout.yaxis.ticktext or ()))
        if state.get("key") != key:
            frame = plot_columns(events)  # the columns as plot reads them, rows kept
            state.update(key=key, frame=frame, pairs=Pairs.of(widget, frame, lane))
        zoom(widget, state["frame"], state["pairs"], x_range)

    widget.layout.on_change(changed, "xaxis.range")


def zoom(widget: go.FigureWidget, events: pd.DataFrame, pairs: Pairs, x_range: Any) -> None:
    """Re-bin the strips of ``widget`` to ``x_range`` and draw the events in it as marks."""
    if not x_range or len(x_range) != 2:
        return
    lo, hi = (float(seconds(pd.to_datetime([x]))[0]) for x in x_range)
    if np.isnan(lo) or np.isnan(hi) or hi <= lo:
        return
    rows = strip_rows(widget)
    grid, edges, name = rebin(pairs, lo, hi, len(rows))
    chosen = in_view(pairs, lo, hi)
    marks = view_marks(events, pairs, chosen, rows) if len(chosen) <= MARKS_LIMIT else {}
    if marks:
        marks["marker"] = {"color": _colours(widget, events, pairs, chosen)}
    view = [i for i, trace in enumerate(widget.data) if trace.name == VIEW_TRACE]
    z = np.full((2 * len(rows) - 1, grid.shape[1]), np.nan)
    z[0::2] = grid
    with widget.batch_update():
        strip = widget.data[0]
        strip.x, strip.z = stamps(edges), z
        strip.name = f"events per {name}"
        strip.hovertemplate = f"%{{z:,}} events in the {name} of %{{x}}<extra></extra>"
        for i, trace in enumerate(widget.data[1:], start=1):
            if trace.customdata is not None and i not in view:
                # The view's marks replace the important ones; legend entries stay, greyed.
                legend = trace.showlegend is not False and trace.type.startswith("scatter")
                trace.visible = True if not marks else "legendonly" if legend else False
        if view:
            target = widget.data[view[0]]
            empty: dict[str, Any] = {"x": [], "y": [], "customdata": None, "text": None}
            target.marker.color = None
            target.update(marks or empty)
        elif marks:
            widget.add_trace(view_trace(marks))


def _colours(
    widget: go.FigureWidget, events: pd.DataFrame, pairs: Pairs, chosen: np.ndarray
) -> list[str]:
    """Each chosen pair's colour: its category's in the legend, else the view's own."""
    legend = {
        trace.name: trace.marker.color
        for trace in widget.data[1:]
        if trace.showlegend is not False
        and trace.customdata is not None
        and isinstance(getattr(getattr(trace, "marker", None), "color", None), str)
    }
    names = events["category"].astype(object).iloc[pairs.event[chosen]].fillna("(none)")
    return [legend.get(str(name), VIEW_COLOUR) for name in names]
