"""Counts drawn under the policy lanes: a strip (or bars, for one lane) per lane of counts."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline._figure.lanes import LANE_GAP
from timeline._figure.style import Theme
from timeline._figure.text import escape, truncate
from timeline._figure.times import iso, seconds

COLUMNS = ("lane", "start", "end", "count")
"""The columns an overlay needs, as ``timeline.counts`` returns them."""
MAX_LANES = 12
"""Overlay lanes drawn at most: the busiest; the others are summed in one last lane."""
OTHERS = "(other lanes)"
BAR_ROWS = 3.0
"""Sub-rows of height the bars take when the overlay has one lane."""
_PX = 26  # pixels a sub-row gets when the figure sizes itself (layout.ROW_PX)


def draw(fig: go.Figure, counts: pd.DataFrame, theme: Theme, *, grow: bool) -> None:
    """Add the overlay under the lanes of ``fig``, on the same time axis (``grow``: taller)."""
    table = _checked(counts)
    every = str(counts.attrs.get("every", "bin"))
    source = str(counts.attrs.get("lane") or "")
    grid, names, edges = _grid(table)
    if not names:
        return
    axis = fig.layout.yaxis
    first = float(axis.range[0]) + 0.5  # below the last lane and its gap
    rows = BAR_ROWS if len(names) == 1 else 1.0
    centres = first + rows / 2 - 0.5 + np.arange(len(names)) * (rows + LANE_GAP)
    hover = _hover_text(names, edges, every)
    if len(names) == 1:
        trace = _bars(grid[0], edges, centres[0] + rows / 2 - 0.08, rows - 0.16, hover[0], every)
    else:
        trace = _strips(grid, edges, centres, hover, every, theme)
    fig.add_trace(trace)
    bottom = float(centres[-1] + rows / 2)
    label = f"{source}: " if source and source != "events" else ""
    fig.update_layout(
        yaxis_range=[bottom + LANE_GAP / 2, axis.range[1]],
        yaxis_tickvals=[*axis.tickvals, *centres.tolist()],
        yaxis_ticktext=[*axis.ticktext, *(escape(truncate(f"{label}{n}", 28)) for n in names)],
    )
    edge = first - 0.5  # a firmer line between the policy lanes and the counts
    fig.add_shape(
        type="line", xref="paper", yref="y", x0=0, x1=1, y0=edge, y1=edge,
        line={"color": theme.muted, "width": 1.2},
    )  # fmt: skip
    slider = fig.layout.xaxis.rangeslider.range
    if slider:  # widen the slider's whole range to the counts
        lo = min(pd.Timestamp(slider[0]), pd.Timestamp(edges[0]))
        hi = max(pd.Timestamp(slider[1]), pd.Timestamp(edges[-1]))
        # Only xaxis: update_xaxes would give the hidden label axis a slider of its own.
        fig.update_layout(xaxis_rangeslider_range=[lo.isoformat(), hi.isoformat()])
    if grow and fig.layout.height:
        fig.update_layout(height=int(fig.layout.height + (bottom - first + 1.5) * _PX))
    meta = dict(fig.layout.meta or {})
    meta["overlay"] = {"lanes": len(names), "bins": len(edges) - 1, "every": every}
    fig.update_layout(meta=meta)


def _checked(counts: Any) -> pd.DataFrame:
    if not isinstance(counts, pd.DataFrame):
        raise TypeError(
            f"overlay must be a DataFrame from timeline.counts, not {type(counts).__name__}"
        )
    missing = [name for name in COLUMNS if name not in counts]
    if missing:
        raise ValueError(
            f"overlay needs the columns {', '.join(COLUMNS)} (as timeline.counts returns); "
            f"missing: {', '.join(missing)}"
        )
    table = counts[list(COLUMNS)].copy()
    table["start"] = pd.to_datetime(table["start"])
    table["end"] = pd.to_datetime(table["end"])
    table["lane"] = table["lane"].astype(str)
    return table


def _grid(table: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Counts as lanes x bins (NaN where a lane has no row), lane names busiest first, edges."""
    totals = (
        table.groupby("lane", sort=True)["count"].sum().sort_values(ascending=False, kind="stable")
    )
    names = [str(name) for name in totals.index[:MAX_LANES]]
    if len(totals) > MAX_LANES:
        table = table.assign(lane=table["lane"].where(table["lane"].isin(names), OTHERS))
        table = table.groupby(["lane", "start", "end"])["count"].sum().reset_index()
        names.append(OTHERS)
    edges = np.unique(np.concatenate([table["start"].to_numpy(), table["end"].to_numpy()]))
    column = np.searchsorted(edges, table["start"].to_numpy())
    row = pd.Index(names).get_indexer(pd.Index(table["lane"]))
    grid = np.full((len(names), max(len(edges) - 1, 0)), np.nan)
    grid[row, column] = table["count"].to_numpy(dtype=float)
    return grid, names, edges


_WHEN = {"day": "%-d %b %Y", "week": "week of %-d %b %Y", "month": "%B %Y", "year": "%Y"}


def _hover_text(names: list[str], edges: np.ndarray, every: str) -> list[list[str]]:
    """'lane<br>week of 18 Nov 2024' for every cell."""
    bins = [_when(pd.Timestamp(lo), pd.Timestamp(hi), every) for lo, hi in pairwise(edges)]
    return [[f"{escape(name)}<br>{when}" for when in bins] for name in names]


def _when(lo: pd.Timestamp, hi: pd.Timestamp, every: str) -> str:
    if every == "quarter":
        return f"Q{lo.quarter} {lo.year}"
    if every in _WHEN:
        return lo.strftime(_WHEN[every])
    return f"{lo:%-d %b %Y} – {hi - pd.Timedelta(days=1):%-d %b %Y}"


def _strips(
    grid: np.ndarray, edges: np.ndarray, centres: np.ndarray, hover: list[list[str]],
    every: str, theme: Theme,
) -> go.Heatmap:  # fmt: skip
    """One heatmap holding a strip per lane, blank between the strips."""
    n = len(grid)
    z = np.full((2 * n - 1, grid.shape[1]), np.nan)
    z[0::2] = grid
    text = [row if i % 2 == 0 else [""] * grid.shape[1] for i, row in enumerate(_interleave(hover))]
    y = np.empty(2 * n)
    y[0::2], y[1::2] = centres - 0.42, centres + 0.42
    peak = max(float(np.nanmax(grid)) if np.isfinite(grid).any() else 1.0, 1.0)
    base = "86,180,233" if theme.dark else "213,94,0"  # Okabe–Ito vermillion: not the events' blue
    scale = [
        [0.0, f"rgba({base},0.04)"],
        [min(1 / peak, 1.0), f"rgba({base},0.25)"],
        [1.0, f"rgba({base},0.95)"],
    ]
    return go.Heatmap(
        x=edges, y=y, z=z, text=text, zmin=0, zmax=peak, colorscale=scale, showscale=False,
        name=f"counts per {every}", showlegend=True, hoverongaps=False,
        hovertemplate="%{text}<br>%{z:,} events<extra></extra>", meta={"overlay": "strips"},
    )  # fmt: skip


def _interleave(hover: list[list[str]]) -> list[list[str]]:
    out: list[list[str]] = []
    for i, row in enumerate(hover):
        if i:
            out.append([])
        out.append(row)
    return out


def _bars(
    counts: np.ndarray, edges: np.ndarray, base: float, tall: float, hover: list[str], every: str
) -> go.Bar:
    """One lane's counts as bars rising from ``base`` (y grows downwards), the peak ``tall``."""
    peak = max(float(np.nanmax(counts)) if np.isfinite(counts).any() else 1.0, 1.0)
    shown = np.nan_to_num(counts)
    widths = np.diff(seconds(edges)) * 1000.0
    return go.Bar(
        x=iso(seconds(edges[:-1])), y=-shown / peak * tall, base=base, width=widths, offset=0,
        customdata=shown.astype(np.int64), text=hover, textposition="none",
        marker={"color": "rgba(213,94,0,0.75)", "line": {"width": 0}},
        name=f"counts per {every}", showlegend=True,
        hovertemplate="%{text}<br>%{customdata:,} events<extra></extra>", meta={"overlay": "bars"},
    )  # fmt: skip
