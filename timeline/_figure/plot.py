"""``timeline.plot``: an events frame drawn as an interactive plotly timeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline._figure import deep as _deep
from timeline._figure import density as _density
from timeline._figure import layout as _layout
from timeline._figure import marks as _marks
from timeline._figure import overlay as _overlay
from timeline._figure import relations as _relations
from timeline._figure import view as _view
from timeline._figure.lanes import explode, fold_lanes, order_lanes, other_label, pack_lanes, stack
from timeline._figure.layout import MAX_HEIGHT
from timeline._figure.options import check_counts
from timeline._figure.periods import period_mask, period_shapes, periods_of
from timeline._figure.scene import Scene, date_key, mark_traces
from timeline._figure.style import colour_map, theme
from timeline._figure.times import seconds
from timeline._frame.columns import check_grouping, plot_columns

SLIDER_LIMIT = 500
"""Marks (event-lane pairs) above which the chart has no range slider and a fixed left margin:
either makes plotly.js draw the whole chart a second time once its first picture tells it the
margins it needs, and the slider draws every trace again in miniature (at 1,000 events the
two took a third of the time to the first picture)."""
COMPACT_THRESHOLD = 2_000
"""Marks above which they are small, share one hover template over ``customdata`` and have
no labels."""
WEBGL_THRESHOLD = 20_000
"""Marks above which they are drawn with WebGL (``go.Scattergl``). Headless Chromium without
a GPU pays for a WebGL context before its first point: a chart of three WebGL points painted
in about 2.3 s with 800 MB, a small SVG chart in 1.4 s with 480 MB (``python -m
benchmarks.webgl_cost``), and 10,000 events as SVG marks cost less than that."""
DENSITY_THRESHOLD = 50_000
"""Events above which each lane becomes a strip of counts per time bin."""
TOP_N = 200
"""Events still drawn as marks over the density strips: the most important ones."""
MAX_LANES = 25
"""Lanes drawn at most by default; the others fold into one lane "Other (N actors)"."""


def plot(
    df: pd.DataFrame,
    lane: str = "actors",
    color: str | None = "category",
    *,
    lane_order: Sequence[str] | None = None,
    labels: bool | None = None,
    relations: bool = True,
    periods: Sequence[str] | pd.Series | np.ndarray | Literal["spans", False] | None = None,
    window: tuple[Any, Any] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    template: str = "light",
    palette: Sequence[str] | Mapping[str, str] | None = None,
    max_lanes: int | None = MAX_LANES,
    height: int | None = None,
    max_height: int = MAX_HEIGHT,
    width: int | None = None,
    max_subrows: int | None = None,
    webgl_threshold: int = WEBGL_THRESHOLD,
    compact_threshold: int = COMPACT_THRESHOLD,
    density_threshold: int = DENSITY_THRESHOLD,
    top_n: int = TOP_N,
    overlay: pd.DataFrame | None = None,
) -> go.Figure:
    """Draw events as an interactive timeline with one lane per actor (or other column).

    Point events are markers; spans are bars from start to end, and a span without an end runs
    to the right edge and fades out in a dotted arrow. A date coarser than a day (``2024-11``,
    ``1990s``) is a diamond over a faint band covering the whole period; an approximate date
    has a hollow marker, an uncertain one a marker with an x and a "(?)" after its label.
    Hovering a mark shows the event's title, its date as written and in words, its actors,
    category, summary and each source's publisher, title and quote. Arrows link related
    events. Events close in time in one lane are stacked in sub-rows so that neither marks
    nor labels overlap at the first view.

    Parameters
    ----------
    df
        An events frame (``timeline.read_events``, ``timeline.events_frame``, or any frame
        with the columns of ``docs/format.md``; list columns may hold plain Python lists).
    lane
        Column giving each event's lane. In a list column such as ``actors`` an event is
        drawn once in the lane of each of its values, so an event with two actors appears in
        both lanes. Events without a value go to the lane ``(none)``.
    color
        Column giving the marks' colour (the first value of a list), or None for one colour.
    lane_order
        Lanes to draw first, top to bottom; the others follow. By default lanes follow the
        declared ``df.attrs["categories"]`` (when ``lane="category"``), then the time of
        their first event; ``(none)`` comes last.
    labels
        Draw a short title (at most 30 characters) next to each mark where it fits at the
        first view; a label never covers another mark. By default, only up to
        ``compact_threshold`` marks. Labels are traces on a hidden axis ``xaxis2`` that mirrors
        ``xaxis``, which keeps them out of the range slider's miniature.
    relations
        Draw arrows for ``responds_to``, ``reverses``, ``follows``, ``confirms`` and
        ``enables`` (``part_of`` is not drawn). The head of an arrow is at the event that
        carries the relation, its tail at the target: "A → B" reads "B responds to A".
        With compact marks (SVG) the arrows start hidden: a click on a relation's legend
        entry draws that type.
    periods
        Events to draw as shaded bands behind all lanes, each labelled with its title: a list
        of ids, a boolean mask or Series aligned with ``df``, or ``"spans"`` for every span
        (these events stay marks in their lanes too); False for none. By default the events
        tagged ``era`` (as TimelineJS eras are read) or of category ``period`` or ``era``,
        which are then drawn as bands only.
    window
        ``(start, end)`` or ``"START/END"`` to show first, e.g. ``("2024-11-10",
        "2024-11-30")``; a date-only end includes that day, None or ``..`` leaves a side
        open (it reaches the first or last event). By default ``df.attrs["focus"]``: the
        ``focus:`` of a YAML file, or the window of ``df.timeline.window(a, b)``. Without
        either, the whole time range; but when 80% of the marks crowd into a quarter of it
        or less, the shortest stretch holding them. The view has a margin of 2% each side.
        Years before 1000 read ``600``, ``600 BCE``; data beyond the years ±9999 is drawn
        on a linear axis of years (``fig.layout.xaxis.type == "linear"``, x in years).
        The preset buttons above the plot show windows (1w, 1m, ... 1000y) that end just
        after the last event of the first view: those shorter than the usual precision of
        the dates or as long as the whole range are left out; "all" shows everything.
    title, subtitle
        Default to ``df.attrs["title"]`` and a count of events with their time range;
        ``""`` leaves them out.
    template
        ``"light"``, ``"dark"`` or any plotly template name.
    palette
        Colours for the values of ``color``: a list (cycled) or a mapping from value to
        colour. Default: the colour-blind-safe Okabe–Ito palette.
    max_lanes
        Most lanes drawn (default 25; None for one lane per value). With more, the lanes
        named in ``lane_order`` and then those with most marks are kept, in their order, and
        the others fold into a last lane "Other (N actors)" whose name, hovered, lists them;
        ``fig.layout.meta["folded"]`` names them too (only when lanes were folded). Filter
        the frame (``with_actor``) or name lanes in ``lane_order`` to draw any of them in a
        lane of its own.
    height, width
        Figure size in pixels. By default the height grows with the lanes and sub-rows up to
        ``max_height``, and the width follows the page; ``width`` also sets how wide labels
        are assumed to be. With WebGL marks both are at most 4,096 pixels: plotly draws them
        on a canvas twice that size, the most browsers allow.
    max_height
        Tallest figure that sizes itself (default 720 pixels: a laptop screen with the range
        slider and date axis). Past it rows get thinner, then the first lanes show and the
        others scroll into view when the lane names are dragged up or down.
    max_subrows
        Most sub-rows per lane (default 8, or 4 for compact marks and density strips, or 3
        past 12 lanes, and fewer, down to 2, while the lanes do not fit ``max_height``); when
        they are full, marks lose their labels and then may overlap.
    webgl_threshold
        Above this many marks (event-lane pairs; default 20,000) marks are
        ``go.Scattergl``, and compact whatever ``compact_threshold``.
    compact_threshold
        Above this many marks (default 2,000) marks are compact: smaller, without labels
        or outline, their bands and span bars one ``go.Bar`` trace each (grey lines with
        WebGL; a bar at least a marker wide draws a plain date alone, with the hover), and
        with a shorter hover (title, date in words and as written, and
        category; the lane names the actor and a click still opens the first source). Past 500 marks
        (``SLIDER_LIMIT``) the chart has no range slider, which would draw it a second time
        (``fig.update_xaxes(rangeslider_visible=True)`` brings it back): move through time
        with the preset buttons, by dragging a window on the plot (double-click shows the
        first view again) and with the pan tool; and its left margin is fixed to the lane
        names.
    density_threshold
        Above this many events (default 50,000) each lane becomes a heatmap strip of counts
        per time bin (counting every event in the lane by the bin of its start) and only the
        ``top_n`` most important events are drawn as marks.
    top_n
        Marks drawn over the density strips (default 200): the highest ``importance``, then
        the events with most relations, sources and incoming relations.
    overlay
        Counts per lane and time bin (``timeline.counts``) drawn under the lanes on the same
        time axis: a strip per lane (the 12 busiest; the rest summed in ``(other lanes)``),
        or bars when there is one lane; the hover gives the lane, the bin and the count.

    Returns
    -------
    plotly.graph_objects.Figure
        Keep customizing it with ``fig.update_layout(...)`` and friends. Every marker and
        label trace carries ``customdata`` with one row per point whose first two entries
        are ``[event id, first source URL]`` (the URL only when it is http or https, else
        ``""``); exported pages open that URL on click. Band, bar and open-end traces carry
        the same rows for their points, none for compact marks (they take no hover or
        click). For compact marks, rows continue with the escaped title and date that the
        hover shows; with WebGL each colour's circles and other marker shapes are separate
        traces. Arrow traces carry ``meta={"relation": type}``, their heads
        ``meta={"relation": type, "heads": True}``. ``fig.layout.meta`` holds ``events``
        (rows of ``df``), ``drawn`` (events drawn as marks), ``marks`` (event-lane pairs
        drawn), ``undated`` (events without a start or end, not drawn), ``lanes``, ``mode``
        (``"svg"``, ``"webgl"`` or ``"density"``) and ``customdata`` (``["id", "url"]``).

    Examples
    --------
    >>> import timeline
    >>> fig = timeline.plot(timeline.read_events("data"), window=("2024-11-15", "2024-11-26"))
    >>> fig.update_layout(title_text="One week in November")  # doctest: +SKIP
    """
    check_counts(
        {"max_lanes": max_lanes, "height": height, "width": width, "max_subrows": max_subrows},
        dict(max_height=max_height, top_n=top_n, webgl_threshold=webgl_threshold)
        | dict(compact_threshold=compact_threshold, density_threshold=density_threshold),
    )
    events = plot_columns(df)
    for name, role in ((lane, "lane"), (color, "color")):
        if name is not None or role == "lane":
            check_grouping(events, name, role)
    look = theme(template)
    start, end = seconds(events["start"]), seconds(events["end"])
    data_lo, data_hi, full = _time_range(start, end)
    coarse = events["precision"].isin(_marks.COARSE).to_numpy()
    where = _marks.geometry(start, end, coarse, events["span"].to_numpy(), *full)
    dated = ~np.isnan(where.x)
    bands = period_mask(events) & dated if periods is None else np.zeros(len(events), bool)
    if periods is None and bands.any():
        periods = bands  # the data's eras: drawn as bands, not as marks
    marked = dated & ~bands

    positions, codes, names = explode(_column(events, lane))
    on_time = marked[positions]
    positions, codes = positions[on_time], codes[on_time]
    declared = df.attrs.get("categories") if lane == "category" else None
    lane_names, lane_of = order_lanes(codes, names, where.lo[positions], lane_order, declared)
    lanes = lane_of[codes]
    lane_names, lanes, folded = fold_lanes(
        lane_names, lanes, max_lanes or len(lane_names), lane_order, other_label(0, lane)
    )
    if folded:
        lane_names[-1] = other_label(len(folded), lane)
        # An event of several folded lanes is drawn once in the lane that holds them.
        pairs = np.unique(np.stack([positions, lanes]), axis=1)
        positions, lanes = pairs[0], pairs[1]

    density = len(events) > density_threshold
    chosen = np.flatnonzero(marked)
    if density:
        score = _density.importance(events)
        score[~marked] = -np.inf
        chosen = _density.top(score, min(top_n, int(marked.sum())))
    shown = np.isin(positions, chosen)
    gl = int(shown.sum()) > webgl_threshold
    compact = gl or int(shown.sum()) > compact_threshold
    overview = int(shown.sum()) > SLIDER_LIMIT  # no range slider, a fixed margin
    mode = "density" if density else "webgl" if gl else "svg"
    focus = window if window is not None else df.attrs.get("focus")
    view = _view.first_view(focus, where.x[marked], (data_lo, data_hi), full)
    scene = Scene.build(
        events, where, chosen, positions[shown], lanes[shown], full, view,
        labels=not compact if labels is None else labels, gl=gl, width=width, compact=compact,
    )  # fmt: skip
    most = max_subrows or _default_subrows(compact or density, len(lane_names))
    while True:
        rows, labelled = pack_lanes(
            scene.lanes, scene.lo, scene.hi, scene.mark_lo, scene.mark_hi, most
        )  # fmt: skip
        rows = rows + int(density)  # row 0 of every lane holds its density strip
        layout = stack(scene.lanes, rows, len(lane_names))
        # Fewer sub-rows (and labels) rather than lanes out of sight, down to two.
        if max_subrows or height or most <= 2 or _layout.fits(layout, max_height, compact, gl):
            break
        most -= 1
    scene.place(layout.top[scene.lanes] + rows, labelled)

    colour_codes, colour_order = _colour_codes(
        events, color, where.lo, df.attrs.get("categories") if color == "category" else None
    )
    colours = colour_map(colour_order, _vocabulary(df, color), palette, look.dark)
    colour_names = np.asarray(colour_order, dtype=object)[colour_codes]

    fig = go.Figure()
    if density and len(positions):
        width_s, bin_name = _density.bin_width(*full)
        times = np.where(np.isnan(start), end, start)[positions]
        grid, edges = _density.counts(lanes, times, len(lane_names), full[0], width_s)
        fig.add_trace(_density.strips(grid, edges, layout, bin_name, look))
    under, over = mark_traces(
        scene, colour_names, colour_order, colours, color, look, full, bars=overview and not gl
    )
    fig.add_traces(under)
    if relations:
        table = _relations.arrows(
            events["relations"], events["id"], chosen, scene.positions, scene.x, scene.y
        )
        fig.add_traces(_relations.traces(table, look, gl=gl, compact=compact, few=not overview))
    fig.add_traces(over)
    fig.add_traces(date_key(events.iloc[chosen], where, chosen, look))

    shapes = _layout.lane_shapes(layout, look)
    if periods is not None and periods is not False:
        lo, hi, titles = periods_of(periods, df, events, full)
        shapes = period_shapes(lo, hi, titles, look, view) + shapes
    n_events = int(dated.sum())
    tall, shown_units = _layout.fit_height(
        layout, 18 if compact or density else _layout.ROW_PX, _legend_items(fig), max_height,
        compact, gl,
    )  # fmt: skip
    if height:
        tall, shown_units = min(height, _layout.GL_MAX_PX) if gl else height, None
    if gl and width:
        width = min(width, _layout.GL_MAX_PX)
    buttons = _view.presets(
        where.x[chosen], events["precision"].to_numpy()[chosen], view, (data_lo, data_hi)
    )
    notes = []
    if folded:
        notes.append(_layout.folded_note(lane_names[-1], folded, float(layout.centre[-1])))
    xaxis = _layout.time_axis(full, scene.view, look, tall, slider=not overview)
    menus = [_view.preset_menu(buttons, full, look)]
    if _deep.is_deep(*full):
        _deep.to_years(fig, xaxis, shapes, menus)
    fig.update_layout(
        template=look.template,
        title=_layout.title_block(
            df.attrs.get("title") if title is None else title,
            _layout.default_subtitle(n_events, data_lo, data_hi) if subtitle is None else subtitle,
        ),
        xaxis=xaxis,
        updatemenus=menus,
        xaxis2={"matches": "x", "overlaying": "x", "visible": False, "type": xaxis["type"]},
        yaxis=_layout.lane_axis(lane_names, layout, shown_units, automargin=not overview),
        annotations=notes,
        shapes=shapes,
        height=tall,
        width=width,
        hovermode="closest",
        hoverlabel={"align": "left"},
        legend={"tracegroupgap": 2, "itemsizing": "constant"},
        margin={"t": 110, "l": _layout.lane_margin(lane_names) if overview else 10,
                "r": 10, "b": 30},
        meta={
            "events": len(events), "drawn": len(chosen), "marks": len(scene.positions),
            "undated": int((~dated).sum()), "lanes": len(lane_names), "mode": mode,
            "customdata": ["id", "url"],
            **({"folded": folded} if folded else {}),
        },
    )  # fmt: skip
    if overview and not gl:
        fig.update_layout(barmode="overlay")  # bands and span bars on their sub-rows
    if overlay is not None:
        _overlay.draw(fig, overlay, look, grow=height is None)
    return fig


def _time_range(start: np.ndarray, end: np.ndarray) -> tuple[float, float, tuple[float, float]]:
    """First and last instant of the data, and the whole x range: those with a small margin."""
    known = np.concatenate([start, end])
    known = known[~np.isnan(known)]
    lo, hi = (float(known.min()), float(known.max())) if len(known) else (0.0, 86400.0)
    margin = max(0.03 * (hi - lo), 86400.0)
    return lo, hi, (lo - margin, hi + margin)


def _vocabulary(df: pd.DataFrame, color: str | None) -> list[str] | None:
    """The values ``color`` can take, in a fixed order: the declared categories, or the
    categories of a categorical column (kept when the frame is filtered)."""
    if color == "category" and df.attrs.get("categories"):
        return list(df.attrs["categories"])
    if color in df.columns and isinstance(df[color].dtype, pd.CategoricalDtype):
        return [str(value) for value in df[color].cat.categories]
    return None


def _default_subrows(dense: bool, lanes: int) -> int:
    """Sub-rows per lane: fewer for WebGL and density marks, and when lanes are many."""
    if lanes > 12:
        return 3
    return 4 if dense else 8


def _legend_items(fig: go.Figure) -> int:
    """Lines the legend takes: its entries and the headings of its groups."""
    shown = [t for t in fig.data if t.showlegend is not False]
    return len(shown) + sum(1 for t in shown if t.legendgrouptitle.text)


def _column(events: pd.DataFrame, name: str) -> pd.Series:
    if name not in events:
        known = ", ".join(map(str, events.columns))
        raise KeyError(f"no column {name!r} to draw lanes or colours from; columns: {known}")
    return events[name]


def _colour_codes(
    events: pd.DataFrame, color: str | None, times: np.ndarray, declared: Sequence[str] | None
) -> tuple[np.ndarray, list[str]]:
    """Colour group number of each event (the first value of a list) and the groups' names,
    in legend order."""
    if color is None:
        return np.zeros(len(events), dtype=np.int64), ["events"]
    positions, codes, names = explode(_column(events, color))
    first = np.unique(positions, return_index=True)[1]  # positions come sorted
    codes = codes[first]
    order, group = order_lanes(codes, names, times, None, declared)
    return group[codes], order
