"""The figure around the marks: lanes on the y axis, periods, navigation, title and size."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from timeline._figure.lanes import LANE_GAP, Stack
from timeline._figure.style import Theme
from timeline._figure.text import escape, side_words, truncate
from timeline._figure.times import YEAR_ONE, iso, seconds, stamps
from timeline._frame.select import focus_bounds

ROW_PX = 26
"""Height of one sub-row in pixels when the figure sizes itself."""

MAX_HEIGHT = 720
"""Tallest figure that sizes itself: a laptop screen with the range slider and the date axis."""
GL_MAX_PX = 4096
"""Largest WebGL figure side in pixels: plotly draws WebGL on a canvas twice the figure's size
(``plotGlPixelRatio``) and browsers refuse canvases over 8,192 pixels, drawing marks elsewhere."""
_MIN_ROW_PX = {False: 14, True: 9}  # smallest sub-row before the lanes scroll (few, many marks)
_FRAME_PX = 200  # title, buttons, range slider and margins


def fits(layout: Stack, max_height: int, compact: bool, gl: bool = False) -> bool:
    """Whether every lane shows within ``max_height`` with rows at their thinnest (thinner
    for ``compact`` marks; a WebGL figure, ``gl``, is at most ``GL_MAX_PX`` high)."""
    limit = min(max_height, GL_MAX_PX) if gl else max_height
    return (layout.bottom + 1 + LANE_GAP) * _MIN_ROW_PX[compact] <= limit - _FRAME_PX


def fit_height(
    layout: Stack,
    row_px: float,
    legend_items: int,
    max_height: int,
    compact: bool,
    gl: bool = False,
) -> tuple[int, float | None]:
    """The figure's height, and how many y units show at first when not all lanes fit.

    Rows get ``row_px`` pixels while the figure stays under ``max_height``; past it they
    shrink down to a floor, and past that the first lanes show and the rest scroll
    (``None`` when everything shows).
    """
    natural = height(layout, row_px, legend_items)
    limit = min(max_height, GL_MAX_PX) if gl else max_height
    if natural <= limit:
        return natural, None
    units = layout.bottom + 1 + LANE_GAP
    room = limit - _FRAME_PX
    if room / units >= _MIN_ROW_PX[compact]:
        return limit, None
    return limit, max(room / _MIN_ROW_PX[compact], 1.0)


def lane_axis(
    names: Sequence[str], layout: Stack, shown: float | None = None, automargin: bool = True
) -> dict[str, Any]:
    """A numeric y axis labelled with lane names, top lane first.

    With ``shown`` (y units), only the top of the lanes shows and the axis can be dragged to
    scroll through the others. Without ``automargin`` the left margin must hold the names
    (``lane_margin``).
    """
    pad = 0.5 + LANE_GAP / 2
    bottom = layout.bottom + pad if shown is None else shown - pad
    return {
        "tickmode": "array",
        "tickvals": layout.centre.tolist(),
        "ticktext": [escape(truncate(name, 28)) for name in names],
        "range": [bottom, -pad],
        "showgrid": False,
        "zeroline": False,
        "fixedrange": shown is None,
        "ticks": "",
        "title": None,
        "automargin": automargin,
    }


LANE_FONT_PX = 12
"""Size of the lane names (plotly's default tick font)."""


def lane_margin(names: Sequence[str]) -> int:
    """A left margin in pixels wide enough for the longest lane name as ``lane_axis`` writes it.

    plotly.js measures the names itself with ``automargin``, but then draws the whole chart
    a second time once it knows the margin: with thousands of marks that doubles the time
    to the first picture.
    """
    longest = max((len(truncate(name, 28)) for name in names), default=0)
    # Average width of a character of plotly's default font, capitals and all: 0.62 em.
    return int(max(40, 0.62 * LANE_FONT_PX * longest + 16))


def lane_shapes(layout: Stack, theme: Theme) -> list[dict[str, Any]]:
    """Lines between lanes and a faint shade on every other lane, behind the marks."""
    shapes: list[dict[str, Any]] = []
    half = LANE_GAP / 2 + 0.5
    for i, (top, rows) in enumerate(zip(layout.top, layout.rows, strict=True)):
        if i % 2:
            shapes.append(
                {"type": "rect", "xref": "paper", "yref": "y", "x0": 0, "x1": 1,
                 "y0": top - half, "y1": top + rows - 1 + half, "fillcolor": theme.zebra,
                 "line": {"width": 0}, "layer": "below"}
            )  # fmt: skip
    for y in layout.separators():
        shapes.append(
            {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": y, "y1": y,
             "line": {"color": theme.muted, "width": 0.6}, "layer": "below"}
        )  # fmt: skip
    return shapes


def time_axis(
    full: tuple[float, float],
    view: tuple[float, float],
    theme: Theme,
    height: int,
    slider: bool = True,
) -> dict[str, Any]:
    """A date axis showing ``view`` with a range slider over ``full`` (and ``view``).

    Without ``slider`` the range slider is hidden (its settings stay): it draws every trace
    a second time, in miniature.
    """
    whole = np.array([min(full[0], view[0]), max(full[1], view[1])])
    return {
        "type": "date",
        "range": iso(np.asarray(view)),
        "autorange": False,
        "rangeslider": {
            "visible": slider,
            "range": iso(whole),
            "autorange": False,
            # About 45 pixels high whatever the figure's height (thickness is a fraction).
            "thickness": min(0.15, max(0.02, 45 / max(height - 180, 100))),
            "yaxis": {"rangemode": "match"},  # else the slider greys out lanes not in view
        },
        "showgrid": True,
        "title": None,
        **year_ticks(whole, view),
    }


_YEAR_1000 = -30610224000.0  # 1 January 1000, float seconds
_STEPS = tuple(sorted({m * 10**k for k in range(13) for m in (1, 2, 5)} | {25, 250, 2500}))
# plotly's own labels, with years unpadded: it would write 600 as "0600"
_EARLY_FORMATS = (
    (None, 86400000, "%H:%M<br>%-d %b %-Y"),
    (86400000, "M1", "%-d %b<br>%-Y"),
    ("M1", "M12", "%b<br>%-Y"),
    ("M12", None, "%-Y"),
)


def year_ticks(whole: np.ndarray, view: tuple[float, float]) -> dict[str, Any]:
    """Date axis labels that read right for early years: ``600``, ``600 BCE``, never ``0600``.

    Years from 1000 on keep plotly's labels. Earlier years (from 1 CE) get plotly's labels
    without the padding; a range reaching BCE gets labels every few years, decades or
    centuries, chosen for the first view (plotly has no BCE labels of its own).
    """
    if whole[0] >= _YEAR_1000:
        return {}
    if whole[0] >= YEAR_ONE:
        return {
            "tickformatstops": [
                {"dtickrange": [low, high], "value": value} for low, high, value in _EARLY_FORMATS
            ]
        }
    first, last = (_year_of(float(v)) for v in whole)
    shown = _year_of(view[0]), _year_of(view[1])
    span = max(shown[1] - shown[0], 1)
    step = next((s for s in _STEPS if span / s <= 8), _STEPS[-1])
    # At most a few hundred steps either side of the first view, however long the data.
    low = max(first, shown[0] - 300 * step) // step * step
    high = min(last, shown[1] + 300 * step)
    # Labels count BCE years historically (there is no year 0): 600 BCE is year -599.
    labels = [v for v in range(low, high + step, step) if v != 0]
    labels = [v for v in labels if first <= (v + 1 if v < 0 else v) <= last]
    years = np.array([v + 1 if v < 0 else v for v in labels])
    return {
        "tickmode": "array",
        "tickvals": [f"{'-' if y < 0 else ''}{abs(y):04d}-01-01" for y in years],
        "ticktext": [f"{-v} BCE" if v < 0 else str(v) for v in labels],
    }


def _year_of(value: float) -> int:
    """The astronomical year (1 BCE is 0) of an instant in float seconds."""
    return int(stamps(np.array([value])).astype("datetime64[Y]").astype(np.int64)[0]) + 1970


def window_bounds(window: Any) -> tuple[float, float]:
    """A window (``(start, end)`` or ``"START/END"``) in float seconds, NaN for an open side.

    A side written as a date covers that date whole: a date-only end includes its day.
    """
    lo, hi = (float(v) for v in seconds(np.array(focus_bounds(window), dtype="datetime64[s]")))
    if lo == hi:  # a single instant: show the day around it
        lo, hi = lo - 43200.0, hi + 43200.0
    return lo, hi


def height(layout: Stack, row_px: float, legend_items: int) -> int:
    """A figure height that gives every sub-row ``row_px`` pixels and fits the legend."""
    units = layout.bottom + 1 + LANE_GAP
    return int(max(360, 200 + units * row_px, 250 + 20 * legend_items))


def title_block(title: str | None, subtitle: str | None) -> dict[str, Any]:
    """``layout.title`` with a subtitle (plotly 6+), both escaped."""
    block: dict[str, Any] = {"text": f"<b>{escape(title)}</b>" if title else "", "x": 0.01}
    if subtitle:
        block["subtitle"] = {"text": escape(subtitle)}
    return block


def default_subtitle(n: int, lo: float, hi: float) -> str:
    """'23 events, Sep 1997 to Jan 2026'."""
    if n == 0 or np.isnan(lo):
        return "no events"
    first, last = stamps(np.array([lo, hi]))
    words = "event" if n == 1 else "events"
    return (
        f"{n:,} {words}, {side_words(first, first, 'month')} to {side_words(last, last, 'month')}"
    )


def folded_note(label: str, folded: Sequence[str], y: float, limit: int = 60) -> dict[str, Any]:
    """An annotation over the folded lane's name whose hover names the lanes it holds."""
    names = [escape(name) for name in folded[:limit]]
    if len(folded) > limit:
        names.append(f"and {len(folded) - limit:,} more")
    lines = [", ".join(names[i : i + 6]) for i in range(0, len(names), 6)]
    return {
        "xref": "paper", "yref": "y", "x": 0, "y": y, "xanchor": "right", "xshift": -2,
        "text": escape(label), "showarrow": False, "font": {"color": "rgba(0,0,0,0)"},
        "hovertext": "<br>".join(lines), "name": "folded lanes",
    }  # fmt: skip
