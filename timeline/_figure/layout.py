"""The figure around the marks: lanes on the y axis, periods, navigation, title and size."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from timeline._figure.lanes import LANE_GAP, Stack
from timeline._figure.marks import iso, seconds, stamps
from timeline._figure.style import Theme
from timeline._figure.text import escape, side_words, truncate

ROW_PX = 26
"""Height of one sub-row in pixels when the figure sizes itself."""

PRESETS = (("1w", 7, "day"), ("1m", 1, "month"), ("6m", 6, "month"), ("1y", 1, "year"))


def lane_axis(names: Sequence[str], layout: Stack) -> dict[str, Any]:
    """A numeric y axis labelled with lane names, top lane first."""
    pad = 0.5 + LANE_GAP / 2
    return {
        "tickmode": "array",
        "tickvals": layout.centre.tolist(),
        "ticktext": [escape(truncate(name, 28)) for name in names],
        "range": [layout.bottom + pad, -pad],
        "showgrid": False,
        "zeroline": False,
        "fixedrange": True,
        "ticks": "",
        "title": None,
        "automargin": True,
    }


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
) -> dict[str, Any]:
    """A date axis showing ``view`` with a range slider over ``full`` and preset windows."""
    buttons = [
        {"count": count, "label": label, "step": step, "stepmode": "backward"}
        for label, count, step in PRESETS
    ]
    buttons.append({"label": "all", "step": "all"})
    return {
        "type": "date",
        "range": iso(np.asarray(view)),
        "autorange": False,
        "rangeslider": {
            "visible": True,
            "range": iso(np.asarray(full)),
            "autorange": False,
            # About 45 pixels high whatever the figure's height (thickness is a fraction).
            "thickness": min(0.15, max(0.02, 45 / max(height - 180, 100))),
            "yaxis": {"rangemode": "match"},  # else the slider greys out lanes not in view
        },
        "rangeselector": {
            "buttons": buttons,
            "x": 0,
            "y": 1.0,
            "yanchor": "bottom",
            "bgcolor": "#3A3A3A" if theme.dark else "#EEEEEE",
            "activecolor": "#5E5E5E" if theme.dark else "#CCCCCC",
            "font": {"color": theme.text},
        },
        "showgrid": True,
        "title": None,
    }


def window_bounds(window: Any) -> tuple[float, float]:
    """A user's ``(start, end)`` window in float seconds; a date-only end includes its day."""
    try:
        start, end = window
    except (TypeError, ValueError) as error:
        raise ValueError(f"window must be (start, end), got {window!r}") from error
    lo = pd.Timestamp(start)
    hi = pd.Timestamp(end)
    if hi == hi.normalize() and len(str(end)) <= 10:
        hi = hi + pd.Timedelta(days=1)
    if hi < lo:
        raise ValueError(f"window ends before it starts: {window!r}")
    if hi == lo:  # a single instant: show the day around it
        lo, hi = lo - pd.Timedelta(hours=12), hi + pd.Timedelta(hours=12)
    return float(seconds([lo.to_datetime64()])[0]), float(seconds([hi.to_datetime64()])[0])


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
