"""The miniature in the range slider: every mark as a dot, or counts over time when many."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from ._density import bin_width, counts
from ._marks import segments, stamps

OFFSET = -1_000_000.0
"""The miniature's traces sit this far up the y axis: outside the main view, which has a
fixed range, but inside the range slider's, so only they show in the slider."""


def slider_axis(bottom: float) -> dict[str, Any]:
    """The range slider's y axis, showing the miniature only."""
    return {"rangemode": "fixed", "range": [OFFSET + bottom + 1, OFFSET - 1]}


def dots(
    x: np.ndarray, y: np.ndarray, colours: np.ndarray, bar_lo: np.ndarray, bar_hi: np.ndarray
) -> list[Any]:
    """Small dots (and span bars) at the marks' places, without labels."""
    out: list[Any] = []
    bar = ~np.isnan(bar_lo)
    common: dict[str, Any] = {"hoverinfo": "skip", "showlegend": False, "name": "overview"}
    if bar.any():
        xs, ys = segments(bar_lo[bar], bar_hi[bar], y[bar] + OFFSET)
        out.append(
            go.Scatter(x=stamps(xs), y=ys, mode="lines", line={"color": "#999999", "width": 2},
                       **common)
        )  # fmt: skip
    out.append(
        go.Scatter(x=stamps(x), y=y + OFFSET, mode="markers",
                   marker={"color": colours, "size": 4}, **common)
    )  # fmt: skip
    return out


def strip(times: np.ndarray, full: tuple[float, float], bottom: float, dark: bool) -> Any:
    """One heatmap row of all events counted per time bin, filling the slider."""
    width, _ = bin_width(*full, target=300)
    times = times[~np.isnan(times)]
    grid, edges = counts(np.zeros(len(times), dtype=np.int64), times, 1, full[0], width)
    colour = "86,180,233" if dark else "0,114,178"
    return go.Heatmap(
        x=stamps(edges), y=[OFFSET - 1, OFFSET + bottom + 1], z=np.sqrt(grid),
        colorscale=[[0, f"rgba({colour},0)"], [1, f"rgba({colour},0.9)"]], showscale=False,
        hoverinfo="skip", name="overview", showlegend=False,
    )  # fmt: skip
