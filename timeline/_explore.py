"""Pick actors, categories and a date window in Jupyter; the timeline redraws in place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline._figure.zoom import follow_zoom
from timeline._frame.select import window

if TYPE_CHECKING:
    import ipywidgets

NONE = "(none)"
"""The option that stands for events with no actor, or no category."""
EMPTY = "No events match the selection"


def explore(
    df: pd.DataFrame,
    *,
    actors: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    **plot_kwargs: Any,
) -> ipywidgets.VBox:
    """Show the events as a timeline with controls that filter it in place (Jupyter).

    Three controls sit above the timeline: the actors to show, the categories to show
    (hold Ctrl or Shift to pick several) and a date window. Each change redraws the same
    plotly ``FigureWidget`` in place with ``timeline.plot``, so zoom and hover keep
    working as in a plain figure; a figure of density strips (more events than
    ``density_threshold``) re-counts them on each zoom and draws the events in view, as
    ``timeline.to_widget`` does. Needs ``ipywidgets`` and ``anywidget``:
    ``pip install 'policy-timeline[widgets]'``.

    Parameters
    ----------
    df
        An events frame, as made by ``read_events`` or ``events_frame``.
    actors, categories
        Selected at the start; all of them when not given. ``"(none)"`` stands for events
        that have no actor, or no category. An event is shown when any of its actors is
        selected, and then in the lanes of all its actors.
    start, end
        The date window at the start, days included (dates or ``"YYYY-MM-DD"``); the whole
        data range when not given. Events that do not overlap the window are left out.
    **plot_kwargs
        Passed to ``timeline.plot`` on every redraw (``lane``, ``color``, ``title``...);
        ``window=(start, end)`` is taken as ``start`` and ``end``.

    Returns
    -------
    ipywidgets.VBox
        The controls and the figure. Its attributes give code the same handles a reader
        has: ``figure`` (the ``plotly.graph_objects.FigureWidget``), ``actors`` and
        ``categories`` (``SelectMultiple``), ``start`` and ``end`` (``DatePicker``),
        ``status`` (a ``Label`` counting the events shown) and ``selected()``, the
        events frame currently drawn.

    Examples
    --------
    >>> df = timeline.read_events("data")  # doctest: +SKIP
    >>> box = timeline.explore(df, actors=["United States", "ICBL"])  # doctest: +SKIP
    >>> box.start.value = datetime.date(2024, 11, 17)  # doctest: +SKIP
    """
    widgets = _import_widgets()
    from timeline._figure.plot import plot

    if "window" in plot_kwargs:
        window_start, window_end = plot_kwargs.pop("window")
        start = window_start if start is None else start
        end = window_end if end is None else end

    # Actors in order of their first event, as the plot orders its lanes by default.
    in_time = df["actors"].iloc[np.argsort(df["start"].to_numpy(), kind="stable")]
    actor_options = _options(_names(value) for value in in_time)
    category_options = _options(
        ([] if pd.isna(c) else [str(c)] for c in df["category"].astype("object")),
        order=df.attrs.get("categories"),
    )
    first, last = _extent(df)
    pick_actors = widgets.SelectMultiple(
        options=actor_options,
        value=_chosen(actors, actor_options, "actor"),
        description="Actors",
        rows=min(8, max(2, len(actor_options))),
    )
    pick_categories = widgets.SelectMultiple(
        options=category_options,
        value=_chosen(categories, category_options, "category"),
        description="Categories",
        rows=min(8, max(2, len(category_options))),
    )
    pick_start = widgets.DatePicker(description="From", value=_day(start) or first)
    pick_end = widgets.DatePicker(description="To", value=_day(end) or last)
    status = widgets.Label()
    figure = go.FigureWidget()

    def selected() -> pd.DataFrame:
        """The events that match the controls' current values."""
        return _filter(
            df,
            pick_actors.value,
            pick_categories.value,
            pick_start.value,
            pick_end.value,
        )

    drawn: dict[str, pd.DataFrame] = {}

    def redraw(_change: object = None) -> None:
        shown = drawn["events"] = selected()
        status.value = f"{len(shown)} of {len(df)} events"
        # The view is the chosen window even where it holds no events; an empty picker
        # stands for the data's first or last day.
        view = ((pick_start.value or first).isoformat(), (pick_end.value or last).isoformat())
        new = plot(shown, **plot_kwargs, window=view)
        if not len(shown):
            new.add_annotation(
                text=EMPTY, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5
            )
        _replace(figure, new)
        # Past density_threshold the figure holds counts: a zoom re-counts them and, once
        # few enough events are in view, draws each (timeline.to_widget). The new layout
        # came without the old one's callbacks.
        follow_zoom(figure, lambda: drawn["events"], plot_kwargs.get("lane", "actors"))

    for control in (pick_actors, pick_categories, pick_start, pick_end):
        control.observe(redraw, names="value")
    redraw()
    box = widgets.VBox(
        [
            widgets.HBox(
                [pick_actors, pick_categories, widgets.VBox([pick_start, pick_end, status])]
            ),
            figure,
        ]
    )
    box.figure = figure
    box.actors = pick_actors
    box.categories = pick_categories
    box.start = pick_start
    box.end = pick_end
    box.status = status
    box.selected = selected
    return box


def _import_widgets() -> Any:
    try:
        import anywidget  # noqa: F401  (plotly's FigureWidget needs it)
        import ipywidgets
    except ImportError as error:
        raise ImportError(
            "timeline.explore needs ipywidgets and anywidget: "
            "pip install 'policy-timeline[widgets]'"
        ) from error
    return ipywidgets


def _names(value: Any) -> list[str]:
    """The names in one list cell; frames built by hand may hold a bare name or NaN there."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Iterable):
        return []
    return [str(v) for v in value]


def _options(lists: Iterable[list[str]], order: Sequence[str] | None = None) -> list[str]:
    """Every name in the lists once, in the given order or else in order of appearance."""
    seen: dict[str, None] = {}
    missing = False
    for names in lists:
        missing |= not names
        seen.update(dict.fromkeys(names))
    found = [name for name in (order or []) if name in seen]
    found += [name for name in seen if name not in found]
    return [*found, NONE] if missing else found


def _chosen(wanted: Sequence[str] | None, options: list[str], what: str) -> tuple[str, ...]:
    if wanted is None:
        return tuple(options)
    if isinstance(wanted, str):
        wanted = [wanted]
    unknown = [name for name in wanted if name not in options]
    if unknown:
        raise ValueError(f"no {what} {unknown[0]!r} in the events; choose from {options}")
    return tuple(wanted)


def _day(value: str | dt.date | None) -> dt.date | None:
    return None if value is None else pd.Timestamp(value).date()


def _extent(df: pd.DataFrame) -> tuple[dt.date, dt.date]:
    """The first and last day the events cover (today for a frame without dates)."""
    first = df["start"].min()
    last = pd.concat([df["end"], df["start"]]).max()
    today = dt.date.today()
    return (
        today if pd.isna(first) else first.date(),
        today if pd.isna(last) else last.date(),
    )


def _filter(
    df: pd.DataFrame,
    actors: Sequence[str],
    categories: Sequence[str],
    start: dt.date | None,
    end: dt.date | None,
) -> pd.DataFrame:
    chosen_actors = set(actors)
    has_actor = np.fromiter(
        (
            (not names and NONE in chosen_actors) or not chosen_actors.isdisjoint(names)
            for names in (_names(value) for value in df["actors"])
        ),
        dtype=bool,
        count=len(df),
    )
    category = df["category"].astype("object")
    has_category = category.isin(list(categories)).to_numpy() | (
        category.isna().to_numpy() & (NONE in categories)
    )
    return window(
        df[has_actor & has_category],
        None if start is None else start.isoformat(),
        None if end is None else end.isoformat(),
    )


def _replace(widget: go.FigureWidget, new: go.Figure) -> None:
    """Give the widget the new figure's traces and layout, keeping the widget itself."""
    layout = new.layout.to_plotly_json()
    # The front end merges a new layout into the old one, so keys the new figure lacks
    # (its annotations or shapes, say) must be removed explicitly, or old ones linger.
    stale = {key: None for key in widget.layout.to_plotly_json() if key not in layout}
    with widget.batch_update():
        widget.data = ()
        widget.add_traces(list(new.data))
        if stale:
            widget.plotly_relayout(stale)
        widget.layout = new.layout
