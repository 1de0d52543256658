"""Event marks: where each event is drawn, and the plotly traces that draw it."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
import plotly.graph_objects as go

from timeline._figure.style import Theme, rgba
from timeline._figure.times import when

COARSE = ("month", "season", "year", "decade", "century")
"""Precisions drawn with a band over the whole period rather than a point."""

COMPACT = "<b>%{customdata[2]}</b><br>%{customdata[3]}"  # plotly adds the trace name
"""The hover of compact marks: title and date as written, from ``customdata``."""
BAR_HOVER = COMPACT + "<extra>%{customdata[4]}</extra>"
"""The hover of a bar that draws its event alone: as a marker's, with its colour's name."""


@dataclass(frozen=True)
class Size:
    """Pixel sizes of the marks; smaller when there are many of them."""

    marker: float
    bar: float
    band: float
    font: float

    @staticmethod
    def for_count(compact: bool) -> Size:
        """Sizes for a few marks, or for many (``compact``: past ``COMPACT_THRESHOLD``)."""
        return Size(7, 5, 8, 10) if compact else Size(11, 9, 15, 11)


@dataclass(frozen=True)
class Geometry:
    """Where each event sits in time, as float seconds (NaN where a part is absent)."""

    x: np.ndarray  # the marker
    band_lo: np.ndarray  # the band of a coarse date
    band_hi: np.ndarray
    bar_lo: np.ndarray  # the bar of a span
    bar_hi: np.ndarray
    open_end: np.ndarray  # a span without an end: its bar runs to the right edge
    open_start: np.ndarray  # a span without a start: from the left edge

    @property
    def lo(self) -> np.ndarray:
        """Earliest drawn instant of each event."""
        return np.fmin(self.x, np.fmin(self.band_lo, self.bar_lo))

    @property
    def hi(self) -> np.ndarray:
        """Latest drawn instant of each event."""
        return np.fmax(self.x, np.fmax(self.band_hi, self.bar_hi))


def geometry(
    start: np.ndarray,
    end: np.ndarray,
    coarse: np.ndarray,
    span: np.ndarray,
    left: float,
    right: float,
) -> Geometry:
    """Place each event (``start``/``end`` in float seconds) between the edges of the figure.

    A day- or time-precise point is drawn at its start; a coarser point at the middle of a
    band over its whole period; a span as a bar from its start (marker there) to its end, or
    to the figure's edge when it has no end.
    """
    span = np.asarray(span, dtype=bool)
    open_end = span & np.isnan(end) & ~np.isnan(start)
    open_start = span & np.isnan(start) & ~np.isnan(end)
    band = ~span & np.asarray(coarse, dtype=bool) & ~np.isnan(end)
    x = np.where(band, (start + end) / 2, start)
    x = np.where(open_start, end, x)
    x = np.where(np.isnan(x), end, x)
    nan = np.full(len(x), np.nan)
    return Geometry(
        x=x,
        band_lo=np.where(band, start, nan),
        band_hi=np.where(band, end, nan),
        bar_lo=np.where(span, np.where(open_start, left, start), nan),
        bar_hi=np.where(span, np.where(open_end, right, end), nan),
        open_end=open_end,
        open_start=open_start,
    )


def segments(lo: np.ndarray, hi: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x and y of horizontal line segments, separated by gaps, for one line trace."""
    n = len(lo)
    xs = np.full(3 * n, np.nan)
    ys = np.full(3 * n, np.nan)
    xs[0::3], xs[1::3] = lo, hi
    ys[0::3], ys[1::3] = y, y
    return xs, ys


def _segment_rows(customdata: np.ndarray, compact: bool) -> np.ndarray | None:
    """customdata for the three points (two ends and a gap) of each segment, or None when
    ``compact``.

    Segment traces take no hover and so no click: with many marks, where pages are big,
    their points carry no customdata (it was a third of the figure at 10,000 events).
    """
    return None if compact else np.repeat(customdata, 3, axis=0)


@dataclass
class MarkTraces:
    """Inputs for drawing the marks of one colour."""

    name: str
    colour: str
    x: np.ndarray  # per mark, float seconds
    y: np.ndarray
    band_lo: np.ndarray
    band_hi: np.ndarray
    bar_lo: np.ndarray
    bar_hi: np.ndarray
    open_end: np.ndarray
    open_start: np.ndarray
    symbols: np.ndarray
    customdata: np.ndarray  # per mark: [id, url, ...]
    text: np.ndarray | None  # labels, or None
    textposition: np.ndarray
    hovertext: np.ndarray | None  # full hover, or None for the compact template
    hovertemplate: str
    group_title: str | None = None  # legend heading over the first colour
    rank: int = 100  # place in the legend
    label_x: np.ndarray | None = None  # where labels sit, when not at the marks
    colours: np.ndarray | None = None  # per mark, for bars of several colours
    names: np.ndarray | None = None  # per mark, its colour's legend name (for hover on bars)
    alone: np.ndarray | None = None  # per mark: its bar or band draws it, with the hover

    def subset(self, keep: np.ndarray) -> MarkTraces:
        """The same marks but only those ``keep`` (a boolean per mark)."""
        n = len(self.x)
        return replace(
            self,
            **{
                f.name: value[keep]
                for f in fields(self)
                if isinstance(value := getattr(self, f.name), np.ndarray) and len(value) == n
            },
        )


BAR_ROWS = {"band": 0.45, "span": 0.28}
"""Thickness of bands and of span bars drawn as ``go.Bar``, in sub-rows (18 pixels each)."""


def segment_traces(
    m: MarkTraces,
    theme: Theme,
    size: Size,
    gl: bool,
    fade: float,
    compact: bool,
    bars: bool = False,
) -> list[Any]:
    """Bands of coarse dates, bars of spans and the dotted tails of their open sides.

    Bands and span bars are each one line trace with a gap between segments or, with
    ``bars``, one horizontal ``go.Bar`` trace (the figure's ``barmode`` must be
    ``"overlay"``). Headless Chromium paints a long path of thousands of pieces over every
    tile it crosses: at 10,000 events the two line traces took about 15 MB and a tenth of
    the time to the first picture, as many small bars do not. Bars of marks that they draw
    alone (``m.alone``) are a trace of their own that answers the mouse.
    """
    scatter = go.Scattergl if gl else go.Scatter
    common: dict[str, Any] = {"legendgroup": m.name, "showlegend": False, "hoverinfo": "skip"}
    out: list[Any] = []
    band = ~np.isnan(m.band_lo)
    if band.any() and bars:
        out.extend(_bar_traces(m.band_lo[band], m.band_hi[band], band, "band", m, theme, compact))
    elif band.any():
        line = {"color": rgba(m.colour, 0.22), "width": size.band}
        lines = (m.band_lo[band], m.band_hi[band], band, "date range", line)
        out.append(_lines(*lines, m, scatter, common, compact))
    bar = ~np.isnan(m.bar_lo)
    if bar.any():
        lo, hi = m.bar_lo[bar].copy(), m.bar_hi[bar].copy()
        length = hi - lo
        # An open side fades out: the solid bar stops short and a dotted tail reaches the edge.
        cut = np.minimum(fade, 0.4 * length)
        hi = np.where(m.open_end[bar], hi - cut, hi)
        lo = np.where(m.open_start[bar], lo + cut, lo)
        if bars:
            out.extend(_bar_traces(lo, hi, bar, "span", m, theme, compact))
        else:
            line = {"color": rgba(m.colour, 0.45), "width": size.bar}
            out.append(_lines(lo, hi, bar, "span", line, m, scatter, common, compact))
        out.extend(_tails(m, bar, cut, scatter, size, common, compact))
    return out


def _lines(
    lo: np.ndarray,
    hi: np.ndarray,
    which: np.ndarray,
    kind: str,
    line: dict[str, Any],
    m: MarkTraces,
    scatter: Any,
    common: dict[str, Any],
    compact: bool,
) -> Any:
    """Segments from lo to hi on the rows of the marks ``which``, as one line trace."""
    xs, ys = segments(lo, hi, m.y[which])
    return scatter(
        x=when(xs, compact), y=ys, mode="lines", name=f"{m.name} ({kind})", line=line,
        customdata=_segment_rows(m.customdata[which], compact), **common,
    )  # fmt: skip


def _bar_traces(
    lo: np.ndarray,
    hi: np.ndarray,
    which: np.ndarray,
    kind: str,
    m: MarkTraces,
    theme: Theme,
    compact: bool,
) -> list[go.Bar]:
    """Horizontal bars from ``lo`` to ``hi`` (float seconds, as milliseconds) of the marks
    ``which``, in their colours, with their customdata unless ``compact``: those under a
    marker, then those that draw their mark alone (``m.alone``), stronger and answering the
    mouse as markers do."""
    name, faint = ("date range", 0.22) if kind == "band" else ("span", 0.45)
    alone = m.alone[which] if m.alone is not None else np.zeros(len(lo), dtype=bool)
    out = []
    for own in (False, True):
        part = alone == own
        if not part.any():
            continue
        marks = which.copy()
        marks[which] = part
        alpha = 0.45 if own else faint
        colours = m.colours[marks] if m.colours is not None else None
        colour: Any = rgba(m.colour, alpha)
        if colours is not None:
            colour = np.array([rgba(c, alpha) for c in colours], dtype=object)
        hover: dict[str, Any] = {"hoverinfo": "skip"}
        customdata = None if compact else m.customdata[marks]
        if own:
            names = m.names[marks] if m.names is not None else np.full(part.sum(), m.name)
            customdata = np.column_stack([m.customdata[marks], names])
            border = colours if colours is not None else m.colour
            hover = {"hovertemplate": BAR_HOVER, "hoverlabel": _hoverlabel(theme, border)}
        out.append(
            go.Bar(
                base=lo[part] * 1000.0, x=(hi - lo)[part] * 1000.0, y=m.y[marks],
                orientation="h", width=BAR_ROWS[kind],
                name=f"{m.name} ({name}{', alone' if own else ''})",
                marker={"color": colour, "line": {"width": 0}}, customdata=customdata,
                legendgroup=m.name, showlegend=False, **hover,
            )
        )  # fmt: skip
    return out


def marker_traces(m: MarkTraces, theme: Theme, size: Size, gl: bool, compact: bool) -> list[Any]:
    """The markers of one colour; the first trace holds the colour's legend entry."""
    scatter = go.Scattergl if gl else go.Scatter
    markers: list[Any] = []
    for part in _marker_parts(m.symbols, gl):
        symbols = m.symbols[part]
        marker: dict[str, Any] = {
            "color": m.colour,
            "size": size.marker,
            "symbol": symbols[0] if len(set(symbols.tolist())) == 1 else symbols,
        }
        if not compact:
            # Filled markers get an outline in the background colour to stand apart where
            # they touch (plotly draws hollow ones in the marker colour whatever the
            # outline). Not for many small marks: at 10,000 the outline took a fifth of the
            # chart's drawing time.
            marker["line"] = {"color": theme.outline, "width": 1.5}
        first = not markers
        markers.append(
            scatter(
                x=when(m.x[part], compact), y=m.y[part], mode="markers", name=m.name,
                legendgroup=m.name, legendgrouptitle_text=m.group_title if first else None,
                showlegend=first, legendrank=m.rank, marker=marker,
                customdata=m.customdata[part],
                hovertext=m.hovertext[part] if m.hovertext is not None else None,
                hovertemplate=m.hovertemplate,
                hoverlabel=_hoverlabel(theme, m.colour),
            )
        )  # fmt: skip
    return markers


def _hoverlabel(theme: Theme, border: Any) -> dict[str, Any]:
    """A quiet hover box in the background colour, edged in the category's colour (one, or
    one per mark)."""
    return {"bgcolor": theme.outline, "bordercolor": border,
            "font": {"color": theme.text, "size": 12}}  # fmt: skip


def _marker_parts(symbols: np.ndarray, gl: bool) -> list[np.ndarray]:
    """The marks of one colour (as positions) split into the traces that draw them: one, the
    plain circles first, or with WebGL the plain circles, then the other shapes.

    The legend shows the shape of a trace's first point: a circle, whatever the dates.
    WebGL draws a circle with a simple shader but any other shape from a distance field,
    and one such shape in a trace puts all its points through that path: most marks are
    circles, so apart they draw faster.
    """
    circles = symbols == "circle"
    if circles.all() or not circles.any():
        return [np.arange(len(symbols))]
    first, rest = np.flatnonzero(circles), np.flatnonzero(~circles)
    return [first, rest] if gl else [np.concatenate([first, rest])]


def labels(m: MarkTraces, theme: Theme, size: Size) -> Any:
    """The labels of one colour's marks, as text beside each marker.

    They sit on the hidden axis ``x2``, which always shows the same range as ``x``: the
    range slider draws the traces of ``x`` only, so its miniature stays free of text.
    """
    keep = m.text != "" if m.text is not None else np.zeros(0, dtype=bool)
    x = m.label_x if m.label_x is not None else m.x
    return go.Scatter(
        x=when(x[keep], False), y=m.y[keep], xaxis="x2", mode="markers+text",
        name=f"{m.name} (labels)",
        legendgroup=m.name, showlegend=False, hoverinfo="skip",
        text=m.text[keep] if m.text is not None else None,
        textposition=m.textposition[keep], customdata=m.customdata[keep],
        # Invisible markers as big as the real ones keep the text clear of them.
        marker={"size": size.marker + 2, "color": "rgba(0,0,0,0)"},
        textfont={"size": size.font, "color": theme.text},
    )  # fmt: skip


def _tails(
    m: MarkTraces,
    bar: np.ndarray,
    cut: np.ndarray,
    scatter: Any,
    size: Size,
    common: Any,
    compact: bool,
) -> list[Any]:
    out = []
    for open_side, direction in ((m.open_end[bar], 1), (m.open_start[bar], -1)):
        if not open_side.any():
            continue
        edge = (m.bar_hi if direction == 1 else m.bar_lo)[bar][open_side]
        inner = edge - direction * cut[open_side]
        xs, ys = segments(inner, edge, m.y[bar][open_side])
        sizes = np.zeros(len(xs))
        sizes[1::3] = size.marker * 0.9
        symbol = "triangle-right" if direction == 1 else "triangle-left"
        out.append(
            scatter(
                x=when(xs, compact), y=ys, mode="lines+markers",
                name=f"{m.name} (ongoing)" if direction == 1 else f"{m.name} (open start)",
                line={"color": rgba(m.colour, 0.6), "width": max(size.bar / 3, 1.5),
                      "dash": "dot"},
                marker={"color": rgba(m.colour, 0.8), "size": sizes, "symbol": symbol},
                customdata=_segment_rows(m.customdata[bar][open_side], compact),
                **common,
            )
        )  # fmt: skip
    return out
