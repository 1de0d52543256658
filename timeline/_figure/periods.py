"""Periods: events drawn as shaded bands behind all lanes, such as "2022 policy in force"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from timeline._figure.lanes import explode
from timeline._figure.scene import PLOT_PX
from timeline._figure.style import Theme
from timeline._figure.text import escape, truncate
from timeline._figure.times import iso, seconds

_FONT = 10
PERIOD_NAMES = ("era", "period")
"""A tag or category that makes an event a period: TimelineJS eras are read with the tag era."""


def period_mask(events: pd.DataFrame) -> np.ndarray:
    """Which events are periods by their data: tagged, or of the category, ``era``/``period``."""
    category = events["category"].astype(object).map(lambda v: str(v).strip().lower())
    mask = category.isin(PERIOD_NAMES).to_numpy(dtype=bool, copy=True)
    positions, codes, names = explode(events["tags"])
    named = [i for i, name in enumerate(names) if name.strip().lower() in PERIOD_NAMES]
    if named:
        mask[positions[np.isin(codes, named)]] = True
    return mask


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
    lo: np.ndarray,
    hi: np.ndarray,
    titles: Sequence[str],
    theme: Theme,
    view: tuple[float, float] | None = None,
    plot_px: float = PLOT_PX,
) -> list[dict[str, Any]]:
    """Shaded bands from ``lo`` to ``hi`` (float seconds) behind all lanes, each labelled.

    A label takes the room its band has at the first view (``view``, ``plot_px`` wide),
    from 40 to 80 characters: a long title over a wide band is whole.
    """
    shapes = []
    if view is None:
        view = (float(np.nanmin(lo)), float(np.nanmax(hi))) if len(lo) else (0.0, 1.0)
    per_px = max(view[1] - view[0], 1.0) / plot_px
    shown = np.clip(np.minimum(hi, view[1]) - np.maximum(lo, view[0]), 0, None) / per_px
    room = np.clip(shown / (_FONT * 0.6), 40, 80).astype(int)  # 40: what a label always had
    for i, (start, end, title) in enumerate(zip(iso(lo), iso(hi), titles, strict=True)):
        shapes.append(
            {"type": "rect", "xref": "x", "yref": "paper", "x0": start, "x1": end, "y0": 0,
             "y1": 1, "fillcolor": theme.period, "layer": "below", "name": f"period: {title}",
             # A faint edge tells two periods that touch apart.
             "line": {"width": 0.5 if i else 0, "color": theme.zebra},
             "label": {"text": escape(truncate(title, int(room[i]))), "textposition": "top left",
                       "font": {"size": _FONT, "color": theme.muted}}}
        )  # fmt: skip
    return shapes
