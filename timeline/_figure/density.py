"""Very many events: a strip of counts per time bin in each lane, and the most important events."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.compute as pc

from timeline._figure.lanes import Stack
from timeline._figure.style import Theme
from timeline._figure.times import when
from timeline._frame.validate import flatten_relations

_HOUR = 3600.0
_DAY = 24 * _HOUR
BINS = (
    (_HOUR, "hour"),
    (6 * _HOUR, "6 hours"),
    (_DAY, "day"),
    (7 * _DAY, "week"),
    (30.436875 * _DAY, "month"),
    (91.3125 * _DAY, "quarter"),
    (365.2425 * _DAY, "year"),
    (3652.425 * _DAY, "decade"),
    (36524.25 * _DAY, "century"),
)
"""Bin widths a density strip can use, in seconds, with their names."""


def importance(events: pd.DataFrame) -> np.ndarray:
    """How important each event is: its ``importance`` where given, else how connected it is.

    Connectedness is the number of its relations, its sources and the relations that point at
    it; it also orders events of equal given importance. Events with a given importance rank
    above those without.
    """
    given = events["importance"].to_numpy(dtype=float, na_value=np.nan)
    source, _, target = flatten_relations(events["relations"])
    # Hash the ids once in Arrow: a million ids would be slow as Python strings.
    ids = pa.array(events["id"].astype("str"), type=pa.string())
    found = pc.index_in(pa.array(target, type=pa.string()), value_set=ids)
    hit = np.asarray(found.fill_null(-1), dtype=np.int64)
    score = (
        np.bincount(source, minlength=len(events)).astype(float)
        + _lengths(events["sources"])
        + np.bincount(hit[hit >= 0], minlength=len(events))
    )
    # Scores are counts, far below 1e6: scale them under the given importance as a tiebreak.
    return np.where(np.isnan(given), -1e9, given * 1e6) + score


def _lengths(lists: pd.Series) -> np.ndarray:
    if isinstance(lists.dtype, pd.ArrowDtype):
        array = pa.array(lists)
        return np.asarray(pc.list_value_length(array).fill_null(0), dtype=float)
    return lists.str.len().fillna(0).to_numpy(dtype=float)


def top(score: np.ndarray, n: int) -> np.ndarray:
    """Positions of the ``n`` highest scores (earlier positions first among equals)."""
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(-score, kind="stable")
    return np.sort(order[:n])


def bin_width(left: float, right: float, target: int = 600) -> tuple[float, str]:
    """The finest bin from ``BINS`` that cuts the range into at most ``target`` bins."""
    extent = max(right - left, 1.0)
    for width, name in BINS:
        if extent / width <= target:
            return width, name
    return BINS[-1]


def counts(lanes: np.ndarray, times: np.ndarray, n_lanes: int, left: float, width: float):
    """Events per lane and bin (lanes x bins), and the bin edges in float seconds."""
    n_bins = max(int(np.ceil((np.nanmax(times) - left) / width + 1e-9)), 1)
    index = np.clip(((times - left) // width).astype(np.int64), 0, n_bins - 1)
    flat = np.bincount(lanes * n_bins + index, minlength=n_lanes * n_bins)
    return flat.reshape(n_lanes, n_bins), left + width * np.arange(n_bins + 1)


def strips(grid: np.ndarray, edges: np.ndarray, layout: Stack, bin_name: str, theme: Theme) -> Any:
    """One heatmap holding a strip per lane (row 0 of the lane), blank between the strips."""
    n_lanes, n_bins = grid.shape
    z = np.full((2 * n_lanes - 1, n_bins), np.nan)
    z[0::2] = grid
    centre = layout.top
    y_edges = np.empty(2 * n_lanes)
    y_edges[0::2] = centre - 0.42
    y_edges[1::2] = centre + 0.42
    peak = max(int(grid.max()), 1)
    base = "0,114,178" if not theme.dark else "86,180,233"
    # Colour stops spaced on a log scale of the count, so one event is as visible as a million.
    steps = [0.0, 1.0, *(peak**f for f in (0.25, 0.5, 0.75, 1.0))]
    alphas = [0.0, 0.18, 0.35, 0.55, 0.75, 0.95]
    scale, last = [], -1.0
    for count, alpha in zip(steps, alphas, strict=True):
        where = min(count / peak, 1.0)
        if where > last:
            scale.append([where, f"rgba({base},{alpha})"])
            last = where
    if scale[-1][0] < 1.0:
        scale.append([1.0, f"rgba({base},0.95)"])
    return go.Heatmap(
        x=when(edges, False), y=y_edges, z=z, zmin=0, zmax=peak, colorscale=scale, showscale=False,
        name=f"events per {bin_name}", showlegend=True, hoverongaps=False,
        hovertemplate=f"%{{z:,}} events in the {bin_name} of %{{x}}<extra></extra>",
    )  # fmt: skip
