"""Where the figure opens, and the preset windows that its buttons show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from timeline._figure.layout import window_bounds
from timeline._figure.style import Theme
from timeline._figure.times import iso

DAY = 86400.0
YEAR = 365.2425 * DAY
CROWD = 0.8
"""Share of the events that, packed into a small part of the time range, opens the view there."""
SMALL = 0.25
"""Largest part of the time range that counts as small, for ``CROWD``."""
EDGE = 0.02
"""Margin on each side of the first view, as a share of it, so marks at its edges show whole."""

PRESETS = (
    ("1w", 7 * DAY), ("1m", YEAR / 12), ("6m", YEAR / 2), ("1y", YEAR), ("5y", 5 * YEAR),
    ("10y", 10 * YEAR), ("50y", 50 * YEAR), ("100y", 100 * YEAR), ("500y", 500 * YEAR),
    ("1000y", 1000 * YEAR),
)  # fmt: skip
"""Candidate preset windows, shortest first, with their lengths in seconds."""
MOST_PRESETS = 6
SLIVER = 60
"""A preset shorter than the first view (or the whole range) divided by this is left out."""

_PRECISION_SECONDS = {
    "time": 0.0, "day": 0.0, "month": YEAR / 12, "season": YEAR / 4, "year": YEAR,
    "decade": 10 * YEAR, "century": 100 * YEAR,
}  # fmt: skip


def first_view(
    focus: Any, x: np.ndarray, data: tuple[float, float], full: tuple[float, float]
) -> tuple[float, float]:
    """The time range the figure opens on, in float seconds.

    ``focus`` (``plot(window=...)``, else ``df.attrs["focus"]``) wins: ``(start, end)`` or
    ``"START/END"``, an open side reaching the first or last event. Without one, the view is
    the whole range (``full``), unless ``CROWD`` (80%) of the marks (``x``) fall within
    ``SMALL`` (a quarter) of the data's range (``data``): then it is the shortest stretch
    holding them. Either way a margin of ``EDGE`` keeps marks at the edges whole.
    """
    if focus is None:
        crowd = crowded(x, data)
        if crowd is None:
            return full
        lo, hi = crowd
    else:
        lo, hi = window_bounds(focus)
        lo = data[0] if np.isnan(lo) else lo
        hi = data[1] if np.isnan(hi) else hi
        if hi <= lo:  # an open side beyond every event: a day from the given side
            lo, hi = min(lo, hi), min(lo, hi) + DAY
    margin = max(EDGE * (hi - lo), 1.0)
    return lo - margin, hi + margin


def crowded(x: np.ndarray, data: tuple[float, float]) -> tuple[float, float] | None:
    """The shortest stretch holding ``CROWD`` of the marks, when it is ``SMALL``; else None."""
    x = np.sort(x[~np.isnan(x)])
    extent = data[1] - data[0]
    k = int(np.ceil(CROWD * len(x)))
    if len(x) < 5 or k < 2 or not extent > 0:
        return None
    widths = x[k - 1 :] - x[: len(x) - k + 1]
    best = int(np.argmin(widths))
    if widths[best] > SMALL * extent:
        return None
    lo, hi = float(x[best]), float(x[best + k - 1])
    return (lo, hi) if hi > lo else (lo - DAY / 2, hi + DAY / 2)


@dataclass(frozen=True)
class Preset:
    """A button that shows the window from ``lo`` to ``hi`` (float seconds)."""

    label: str
    lo: float
    hi: float


def presets(
    x: np.ndarray, precision: Any, view: tuple[float, float], data: tuple[float, float]
) -> list[Preset]:
    """Preset windows that each end just after one event, so each shows events.

    They end at the last mark in the first view (or the last mark), with a small margin.
    Presets as long as the data's whole range or longer are left out, and so are those
    shorter than the dates' usual precision (no week on a timeline of years) or than a
    sixtieth of the first view: data over centuries gets decades or centuries.
    """
    x = x[~np.isnan(x)]
    if not len(x):
        return []
    inside = x[(x >= view[0]) & (x <= view[1])]
    anchor = float((inside if len(inside) else x).max())
    extent = data[1] - data[0]
    # Shorter than the dates' usual precision, or than a sliver of the first view: left out.
    shortest = max(_usual_precision(precision), min(view[1] - view[0], extent) / SLIVER)
    chosen = []
    for label, length in PRESETS:
        if length >= extent or length < shortest:
            continue
        hi = anchor + EDGE * length
        chosen.append(Preset(label, hi - length, hi))
    return chosen[:MOST_PRESETS]


def _usual_precision(precision: Any) -> float:
    """Length of the median date's precision, in seconds (0 for days and times)."""
    lengths = np.array([_PRECISION_SECONDS.get(str(p), 0.0) for p in precision])
    return float(np.median(lengths)) if len(lengths) else 0.0


def preset_menu(
    chosen: Sequence[Preset], full: tuple[float, float], theme: Theme
) -> dict[str, Any]:
    """The row of preset buttons above the plot, then "all" for the whole range."""
    buttons = [
        {
            "label": p.label,
            "method": "relayout",
            "args": [{"xaxis.range": iso(np.array([p.lo, p.hi]))}],
        }
        for p in chosen
    ]
    buttons.append(
        {"label": "all", "method": "relayout", "args": [{"xaxis.range": iso(np.array(full))}]}
    )
    return {
        "type": "buttons", "direction": "right", "showactive": True, "active": -1,
        # Above the plot's right end, clear of the title and subtitle on the left.
        "buttons": buttons, "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom",
        "pad": {"t": 0, "b": 4, "l": 0, "r": 0},
        "bgcolor": "#3A3A3A" if theme.dark else "#EEEEEE",
        "bordercolor": "#5E5E5E" if theme.dark else "#CCCCCC",
        "font": {"color": theme.text, "size": 10}, "name": "presets",
    }  # fmt: skip
