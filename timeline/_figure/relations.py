"""Arrows between related events, one legend entry per relation type."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline._figure.style import RELATION_LINES, Theme, rgba
from timeline._figure.times import when
from timeline._frame.validate import flatten_relations

MAX_ARROWS = 1_000
"""Above this many arrows their lines are drawn with WebGL when the marks are (SVG paths get
slow, but a chart without WebGL stays without it: WebGL's first canvas costs more)."""

HEAD_OFFSET = 0.5
"""Distance from an arrow head's centre to its event's marker, in sub-rows."""

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


def traces(
    table: pd.DataFrame,
    theme: Theme,
    gl: bool = False,
    compact: bool | None = None,
    few: bool = True,
) -> list[Any]:
    """Arrow traces: per relation type present, its lines, its heads and its legend entry.

    The arrow head is at the event that carries the relation (usually the later one), so
    "A → B" reads "B responds to A". Each arrow is a curve that bends from its tail to come
    down (or up) into its head vertically; arrows within one sub-row bow upwards so they do
    not run through the labels of that row.

    Because the curves end vertically, a head is a plain triangle just above (or below) the
    event's marker, right at any zoom, and the heads of one type are one marker trace
    (``meta["heads"]``), WebGL with ``gl``: SVG heads turned along each curve took a third
    of a second to draw at 900 arrows. The lines are SVG, which a browser without a GPU
    draws much faster than long WebGL lines, up to ``MAX_ARROWS`` (and always without
    ``gl``); with ``gl`` they sit on the hidden axis ``x2``, out of the range slider's
    miniature, else on ``x`` under the marks. Heads are smaller when ``compact`` (by default
    as ``gl``); compact SVG arrows start hidden (``visible="legendonly"``): a click on their
    legend entry draws them. Without ``few`` marks, or with compact ones, SVG lines are their
    own legend entries. Heads assume the lane axis runs downwards, as ``timeline.plot``
    draws it.
    """
    out: list[Any] = []
    compact = gl if compact is None else compact
    svg_lines = not gl or len(table) <= MAX_ARROWS
    head_trace = go.Scattergl if gl else go.Scatter
    first = True
    for rank, (kind, (name, dash, width)) in enumerate(RELATION_LINES.items()):
        rows = table[table["type"] == kind]
        if rows.empty:
            continue
        xs, ys = _paths(rows, _CURVE)
        # Compact SVG arrows are see-through by their colour, not by their traces' opacity,
        # which made the browser paint each trace into a layer of its own (10 MB and more at
        # 10,000 events).
        own_legend = not gl and (compact or not few)
        colour = rgba(theme.relations[kind], 0.75) if own_legend else theme.relations[kind]
        line = {"color": colour, "width": width, "dash": dash}
        group = f"relation {kind}"
        common: dict[str, Any] = {
            "legendgroup": group, "showlegend": False, "hoverinfo": "skip",
            # Many arrows start hidden, their legend entries shown: a click on one draws
            # that type (hundreds of arrows over thousands of marks hide more than they
            # show, and cost the first picture a tenth of its time and memory).
            **({"visible": "legendonly"} if compact and own_legend else {}),
            **({} if own_legend else {"opacity": 0.75}),
        }  # fmt: skip
        lines = go.Scatter if svg_lines else go.Scattergl
        legend = {
            "legendrank": 800 + rank, "legendgrouptitle_text": "Relations" if first else None,
        }  # fmt: skip
        # Compact SVG lines are their own legend entry: each SVG trace costs time to draw.
        out.append(
            lines(
                x=when(xs, compact or not svg_lines), y=ys, mode="lines", name=name, line=line,
                meta={"relation": kind, **({"legend": True} if own_legend else {})},
                **({"xaxis": "x2"} if gl and svg_lines else {}),
                **(common | legend | {"showlegend": True} if own_legend else common),
            )
        )  # fmt: skip
        x1, y1 = rows["x1"].to_numpy(), rows["y1"].to_numpy()
        down = _comes_down(rows)
        out.append(
            head_trace(
                x=when(x1, compact), y=y1 + np.where(down, -HEAD_OFFSET, HEAD_OFFSET),
                mode="markers",
                name=f"{name} (heads)", meta={"relation": kind, "heads": True},
                marker={"color": colour, "size": 9 if compact else 11,
                        "symbol": np.where(down, "triangle-down", "triangle-up").astype(object)},
                **common,
            )
        )  # fmt: skip
        if not own_legend:
            # The legend entry is an empty SVG trace of its own: a plain line, whatever
            # draws them.
            out.append(
                go.Scatter(
                    x=[None], y=[None], mode="lines", name=name, legendgroup=group,
                    line=line, hoverinfo="skip", meta={"relation": kind, "legend": True},
                    **legend,
                )
            )  # fmt: skip
        first = False
    return out


def _comes_down(rows: pd.DataFrame) -> np.ndarray:
    """Whether each arrow reaches its head from above (a smaller y, higher in the lanes)."""
    return _control_y(rows["y0"].to_numpy(), rows["y1"].to_numpy()) < rows["y1"].to_numpy()


def _control_y(y0: np.ndarray, y1: np.ndarray) -> np.ndarray:
    """y of each curve's control point: halfway, or one sub-row up for a flat arrow."""
    return (y0 + y1) / 2 - np.where(y0 == y1, 1.0, 0.0)


def _paths(rows: pd.DataFrame, steps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points of every arrow of one type: a curve through ``steps`` (0 to 1), then a gap.

    Each curve is a quadratic Bezier whose control point lies straight above or below the
    head, so that it ends vertically whatever the zoom.
    """
    t = steps[None, :]
    x0, x1 = rows["x0"].to_numpy()[:, None], rows["x1"].to_numpy()[:, None]
    y0, y1 = rows["y0"].to_numpy()[:, None], rows["y1"].to_numpy()[:, None]
    cy = _control_y(y0, y1)
    xs = (1 - t) ** 2 * x0 + (1 - (1 - t) ** 2) * x1  # control point at x1
    ys = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1
    gap = np.full((len(xs), 1), np.nan)
    return np.hstack([xs, gap]).ravel(), np.hstack([ys, gap]).ravel()
