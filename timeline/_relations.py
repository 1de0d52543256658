"""Arrows between related events, one legend entry per relation type."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ._marks import when
from ._style import RELATION_LINES, Theme
from ._validate import flatten_relations

MAX_ARROWS = 1_000
"""Above this many arrows only their lines are drawn (WebGL cannot orient arrow heads)."""

_CURVE = np.linspace(0.0, 1.0, 13)


def arrows(
    relations: pd.Series,
    ids: pd.Series,
    drawn: np.ndarray,
    mark_pos: np.ndarray,
    mark_x: np.ndarray,
    mark_y: np.ndarray,
) -> pd.DataFrame:
    """One row per drawn arrow: type, tail (the target) and head (the event carrying it).

    ``relations`` and ``ids`` are columns of the whole frame and ``drawn`` the rows drawn as
    marks; ``mark_*`` say where each mark is (an event in several lanes has several marks).
    Each arrow joins the pair of marks of its two events that are closest on the y axis.
    ``part_of`` is not drawn, nor relations whose events are not drawn.
    """
    columns = ["type", "source", "target", "x0", "y0", "x1", "y1"]
    source, kind, target = flatten_relations(relations.iloc[drawn])
    keep = np.isin(kind, list(RELATION_LINES))
    if not keep.any() or not len(mark_pos):
        return pd.DataFrame(columns=columns)
    drawn_ids = ids.iloc[drawn].astype(object).to_numpy()
    first = pd.Series(drawn, index=drawn_ids)
    first = first[~first.index.duplicated()]
    target_pos = first.reindex(target[keep]).to_numpy()
    pairs = pd.DataFrame({"type": kind[keep], "source": drawn[source[keep]], "target": target_pos})
    pairs = pairs.dropna().astype({"target": np.int64})
    marks = pd.DataFrame({"pos": mark_pos, "x": mark_x, "y": mark_y})
    joined = pairs.reset_index(names="relation")
    joined = joined.merge(marks.add_suffix("1"), left_on="source", right_on="pos1")
    joined = joined.merge(marks.add_suffix("0"), left_on="target", right_on="pos0")
    joined["dy"] = (joined["y1"] - joined["y0"]).abs()
    best = joined.sort_values(["relation", "dy"], kind="stable").drop_duplicates("relation")
    return best[columns].reset_index(drop=True)


def traces(table: pd.DataFrame, theme: Theme) -> list[Any]:
    """Arrow traces, one per relation type present, each named in the legend.

    The arrow head is at the event that carries the relation (usually the later one), so
    "A → B" reads "B responds to A". Arrows within one sub-row bow upwards so they do not run
    through the labels of that row.
    """
    out: list[Any] = []
    heads = len(table) <= MAX_ARROWS
    scatter = go.Scatter if heads else go.Scattergl
    first = True
    for rank, (kind, (name, dash, width)) in enumerate(RELATION_LINES.items()):
        rows = table[table["type"] == kind]
        if rows.empty:
            continue
        xs, ys, sizes = _paths(rows, _CURVE if heads else _CURVE[[0, -1]])
        colour = theme.relations[kind]
        marker: dict[str, Any] = {"color": colour, "size": sizes}
        if heads:
            marker.update(symbol="arrow", angleref="previous", standoff=6)
        line = {"color": colour, "width": width, "dash": dash}
        group = f"relation {kind}"
        out.append(
            scatter(
                x=when(xs, not heads), y=ys, mode="lines+markers" if heads else "lines", name=name,
                legendgroup=group, showlegend=False, line=line, marker=marker, opacity=0.75,
                hoverinfo="skip", meta={"relation": kind},
            )
        )  # fmt: skip
        # The legend entry is a plain line: the arrow trace's heads would clutter its icon.
        out.append(
            go.Scatter(
                x=[None], y=[None], mode="lines", name=name, legendgroup=group,
                legendrank=800 + rank, legendgrouptitle_text="Relations" if first else None,
                line=line, hoverinfo="skip", meta={"relation": kind, "legend": True},
            )
        )  # fmt: skip
        first = False
    return out


def _paths(rows: pd.DataFrame, steps: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points of every arrow of one type: a curve through ``steps`` (0 to 1), then a gap."""
    t = steps[None, :]
    x0, x1 = rows["x0"].to_numpy()[:, None], rows["x1"].to_numpy()[:, None]
    y0, y1 = rows["y0"].to_numpy()[:, None], rows["y1"].to_numpy()[:, None]
    # A quadratic Bezier whose control point sits one sub-row above the middle of a flat arrow.
    lift = np.where(y0 == y1, 1.0, 0.0)
    cy = (y0 + y1) / 2 - lift
    xs = x0 + (x1 - x0) * t
    ys = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1
    n, k = xs.shape
    gap = np.full((n, 1), np.nan)
    sizes = np.zeros((n, k + 1))
    sizes[:, k - 1] = 11
    return (
        np.hstack([xs, gap]).ravel(),
        np.hstack([ys, gap]).ravel(),
        sizes.ravel(),
    )
