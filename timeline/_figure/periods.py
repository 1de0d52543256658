"""Periods: events drawn as shaded bands behind all lanes, such as "2022 policy in force"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from timeline._figure.marks import iso, seconds
from timeline._figure.style import Theme
from timeline._figure.text import escape, truncate


def periods_of(
    periods: Any, df: pd.DataFrame, events: pd.DataFrame, full: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Start, end (float seconds) and title of each period.

    ``periods`` is ``"spans"`` (every span), a list of event ids (drawn in that order), or a
    boolean mask: a Series aligned with ``df`` by index, or an array by position. An open side
    reaches the edge of the figure.
    """
    ids = events["id"].to_numpy(dtype=object)
    if isinstance(periods, str):
        if periods != "spans":
            raise ValueError(f"periods={periods!r}: use 'spans', a list of ids or a mask")
        chosen = np.flatnonzero(events["span"].to_numpy(dtype=bool))
    elif isinstance(periods, pd.Series) and periods.dtype == bool:
        mask = periods.reindex(df.index, fill_value=False).to_numpy(dtype=bool)
        chosen = np.flatnonzero(mask)
    elif isinstance(periods, np.ndarray) and periods.dtype == bool:
        if len(periods) != len(events):
            raise ValueError(f"periods mask has {len(periods)} values for {len(events)} events")
        chosen = np.flatnonzero(periods)
    else:
        wanted = [str(value) for value in periods]
        position = pd.Series(np.arange(len(ids)), index=ids)
        position = position[~position.index.duplicated()]
        unknown = [value for value in wanted if value not in position.index]
        if unknown:
            raise ValueError(f"periods name ids that are not events: {', '.join(unknown)}")
        chosen = position.loc[wanted].to_numpy(dtype=np.int64)
    start = seconds(events["start"].to_numpy()[chosen])
    end = seconds(events["end"].to_numpy()[chosen])
    span = events["span"].to_numpy(dtype=bool)[chosen]
    lo = np.where(np.isnan(start), full[0], start)
    hi = np.where(np.isnan(end), np.where(span, full[1], lo), end)
    keep = ~(np.isnan(start) & np.isnan(end))
    titles = events["title"].to_numpy(dtype=object)[chosen]
    return lo[keep], hi[keep], [str(t) for t in titles[keep]]


def period_shapes(
    lo: np.ndarray, hi: np.ndarray, titles: Sequence[str], theme: Theme
) -> list[dict[str, Any]]:
    """Shaded bands from ``lo`` to ``hi`` (float seconds) behind all lanes, each labelled."""
    shapes = []
    for start, end, title in zip(iso(lo), iso(hi), titles, strict=True):
        shapes.append(
            {"type": "rect", "xref": "x", "yref": "paper", "x0": start, "x1": end, "y0": 0,
             "y1": 1, "fillcolor": theme.period, "line": {"width": 0}, "layer": "below",
             "name": f"period: {title}",
             "label": {"text": escape(truncate(title, 40)), "textposition": "top left",
                       "font": {"size": 10, "color": theme.muted}}}
        )  # fmt: skip
    return shapes
