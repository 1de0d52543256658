"""The figure around the marks: lanes on the y axis, periods, navigation, title and size."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._hover import escape, truncate
from ._lanes import LANE_GAP, Stack
from ._marks import stamps
from ._style import Theme

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


def period_shapes(
    lo: np.ndarray, hi: np.ndarray, titles: Sequence[str], theme: Theme
) -> list[dict[str, Any]]:
    """Shaded bands from ``lo`` to ``hi`` (float seconds) behind all lanes, each labelled."""
    shapes = []
    for start, end, title in zip(stamps(lo), stamps(hi), titles, strict=True):
        shapes.append(
            {"type": "rect", "xref": "x", "yref": "paper", "x0": start, "x1": end, "y0": 0,
             "y1": 1, "fillcolor": theme.period, "line": {"width": 0}, "layer": "below",
             "name": f"period: {title}",
             "label": {"text": escape(truncate(title, 40)), "textposition": "top left",
                       "font": {"size": 10, "color": theme.muted}}}
        )  # fmt: skip
    return shapes


def time_axis(full: tuple[float, float], view: tuple[float, float]) -> dict[str, Any]:
    """A date axis showing ``view`` with a range slider over ``full`` and preset windows."""
    buttons = [
        {"count": count, "label": label, "step": step, "stepmode": "backward"}
        for label, count, step in PRESETS
    ]
    buttons.append({"label": "all", "step": "all"})
    return {
        "type": "date",
        "range": list(stamps(np.asarray(view, dtype=float))),
        "autorange": False,
        "rangeslider": {
            "visible": True,
            "range": list(stamps(np.asarray(full, dtype=float))),
            "autorange": False,
            "thickness": 0.07,
        },
        "rangeselector": {"buttons": buttons, "x": 0, "y": 1.0, "yanchor": "bottom"},
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
    if hi <= lo:
        raise ValueError(f"window ends before it starts: {window!r}")
    return float(lo.as_unit("s").value), float(hi.as_unit("s").value)


def height(layout: Stack, row_px: float) -> int:
    """A figure height that gives every sub-row ``row_px`` pixels, plus room for the rest."""
    units = layout.bottom + 1 + LANE_GAP
    return int(max(360, 200 + units * row_px))


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
    first, last = pd.Timestamp(stamps(np.array([lo, hi]))[0]), stamps(np.array([hi]))[0]
    words = "event" if n == 1 else "events"
    return f"{n:,} {words}, {first:%b %Y} to {pd.Timestamp(last):%b %Y}"
