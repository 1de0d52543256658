"""The drawn marks: one per event and lane, with their extents, texts and traces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline._figure import text as _hover
from timeline._figure.marks import (
    COARSE,
    COMPACT,
    Geometry,
    MarkTraces,
    Size,
    labels,
    marker_traces,
    segment_traces,
)
from timeline._figure.style import PLAIN_SYMBOLS, Theme, marker_symbols
from timeline._frame.columns import with_text

ASSUMED_WIDTH = 1100
"""Figure width assumed when estimating how much time a label covers, if none is given."""
LABEL_MIN = 30
"""Characters a label keeps however crowded its lane (it then moves to another sub-row)."""
LABEL_MAX = 60
"""Longest label drawn next to a mark, in characters, when its lane has room."""
_NOT_PLOT = 300  # lane names, legend and margins take this many pixels of the width
PLOT_PX = ASSUMED_WIDTH - _NOT_PLOT
"""Width of the plot area assumed when none is given, in pixels."""
_CHAR = 0.6  # average character width, in font sizes
FULL = "%{hovertext}<extra></extra>"


@dataclass
class Scene:
    """Marks (event-lane pairs) with where they go; texts are per drawn event."""

    events: pd.DataFrame
    positions: np.ndarray  # event row of each mark
    lanes: np.ndarray  # lane number of each mark
    where: Geometry  # of every event
    view: tuple[float, float]
    lo: np.ndarray  # extent of mark and label, for packing
    hi: np.ndarray
    mark_lo: np.ndarray  # extent of the mark alone
    mark_hi: np.ndarray
    right: np.ndarray  # label to the right of the marker (else left, near the right edge)
    labels: bool
    gl: bool  # drawn with WebGL
    texts: pd.DataFrame  # per event row: label, id, url, hover or compact text
    y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    labelled: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    label_text: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    label_x: np.ndarray = field(default_factory=lambda: np.zeros(0))  # where each label sits
    compact: bool = False  # many marks: small, with the shared hover template
    per_px: float = 0.0  # seconds a pixel of the plot covers at the first view

    @classmethod
    def build(
        cls,
        events: pd.DataFrame,
        where: Geometry,
        chosen: np.ndarray,
        positions: np.ndarray,
        lanes: np.ndarray,
        full: tuple[float, float],
        view: tuple[float, float],
        *,
        labels: bool,
        gl: bool,
        width: int | None,
        compact: bool | None = None,
    ) -> Scene:
        """Marks of the ``chosen`` events with their extents at the first view.

        ``compact`` (by default as ``gl``): small marks whose hover is one template over
        ``customdata``, for many marks."""
        compact = gl if compact is None else compact
        size = Size.for_count(compact)
        plot_px = max((width or ASSUMED_WIDTH) - _NOT_PLOT, 200)
        per_px = (view[1] - view[0]) / plot_px
        texts = _texts(events, chosen, compact, labels)
        x = where.x[positions]
        radius = (size.marker / 2 + 3) * per_px
        mark_lo, mark_hi = where.lo[positions] - radius, where.hi[positions] + radius
        if not labels:
            return cls(
                events, positions, lanes, where, view, mark_lo, mark_hi, mark_lo, mark_hi,
                np.ones(len(x), dtype=bool), labels, gl, texts, compact=compact, per_px=per_px,
            )  # fmt: skip
        row = np.searchsorted(chosen, positions)
        # A span that starts before the first view is labelled where its bar comes into view.
        late = ~np.isnan(where.bar_lo[positions]) & (x < view[0]) & (where.hi[positions] > view[0])
        label_x = np.where(late, view[0] + radius, x)
        room = _room(lanes, label_x, per_px * size.font * _CHAR)
        uncertain = texts["uncertain"].to_numpy(dtype=bool)[row]
        titles = texts["title_text"].to_numpy(dtype=object)[row]
        text = _hover.labels(titles, uncertain, room)
        lengths = np.fromiter((len(t) for t in titles), dtype=np.int64, count=len(titles))
        chars = np.minimum(lengths, room) + 4 * uncertain
        label = (chars * size.font * _CHAR + 6) * per_px
        # A label that would run past the right edge goes to the left of its marker.
        edge = np.where(label_x <= view[1], view[1], full[1])
        right = (label_x + radius + label <= edge) | (label_x - radius - label < full[0])
        left_end = np.minimum(mark_lo, label_x - radius - label)
        lo = np.where(right, np.minimum(mark_lo, label_x), left_end)
        hi = np.where(right, np.maximum(mark_hi, label_x + radius + label), mark_hi)
        scene = cls(
            events, positions, lanes, where, view, lo, hi, mark_lo, mark_hi, right, labels, gl,
            texts, compact=compact, per_px=per_px,
        )  # fmt: skip
        scene.label_text, scene.label_x = text, label_x
        return scene

    def place(self, y: np.ndarray, labelled: np.ndarray) -> None:
        """Record each mark's y and whether its label is drawn."""
        self.y = np.asarray(y, dtype=float)
        self.labelled = labelled & self.labels

    @property
    def x(self) -> np.ndarray:
        """Marker position of each mark, float seconds."""
        return self.where.x[self.positions]

    def alone_on_bars(self, size: Size) -> np.ndarray:
        """Marks whose span bar or band is at least a marker wide at the first view.

        With many marks such a bar draws its event alone, with the hover, and it gets no
        marker: each SVG mark costs headless Chromium about 6 KB, and at 10,000 events
        1,400 of them were markers at the start of a bar.
        """
        pos, w = self.positions, self.where
        lo = np.where(np.isnan(w.bar_lo[pos]), w.band_lo[pos], w.bar_lo[pos])
        hi = np.where(np.isnan(w.bar_hi[pos]), w.band_hi[pos], w.bar_hi[pos])
        wide: np.ndarray = np.nan_to_num(hi - lo) >= size.marker * self.per_px
        return wide


def _room(lanes: np.ndarray, x: np.ndarray, char_seconds: float) -> np.ndarray:
    """Characters each label may take: the room to the next mark in its lane, between
    ``LABEL_MIN`` and ``LABEL_MAX`` (the last mark of a lane has the most)."""
    order = np.lexsort((x, lanes))
    gap = np.full(len(x), np.inf)
    same = lanes[order][1:] == lanes[order][:-1]
    gap[order[:-1]] = np.where(same, np.diff(x[order]), np.inf)
    chars = np.floor(gap / max(char_seconds, 1e-9)) - 3
    return np.clip(np.nan_to_num(chars, posinf=LABEL_MAX), LABEL_MIN, LABEL_MAX).astype(np.int64)


def _texts(events: pd.DataFrame, chosen: np.ndarray, compact: bool, labels: bool) -> pd.DataFrame:
    """Label, id, URL and hover text of the drawn events, indexed by event row."""
    drawn = with_text(events.iloc[chosen])
    uncertain = drawn["uncertain"].to_numpy(dtype=bool)
    words = _hover.date_words(drawn)
    when = _hover.written(drawn)
    texts = pd.DataFrame(
        {
            "id": drawn["id"].to_numpy(dtype=object),
            "url": _hover.first_urls(drawn["sources"]),
            "symbol": marker_symbols(
                drawn["precision"].isin(COARSE).to_numpy(),
                drawn["approximate"].to_numpy(dtype=bool),
                uncertain,
            ),
        },
        index=chosen,
    )
    if labels:
        texts["title_text"] = [" ".join(str(t).split()) for t in drawn["title"]]
        texts["uncertain"] = uncertain
    if compact:
        texts["title"] = drawn["title"].map(_hover.escape).to_numpy()
        # Short: a plain day as written says no more than its words.
        plain = pd.Series(when, dtype=object).str.fullmatch(r"\d{4}-\d{2}-\d{2}").to_numpy(bool)
        texts["when"] = [
            _hover.escape(w if p else f"{w} ({s})")
            for w, s, p in zip(words, when, plain, strict=True)
        ]
    else:
        records: list[dict[str, Any]] = drawn.to_dict("records")  # type: ignore[assignment]
        texts["hover"] = [
            _hover.hover_text(r, w, s) for r, w, s in zip(records, words, when, strict=True)
        ]
    return texts


def mark_traces(
    scene: Scene,
    colour_names: np.ndarray,
    colour_order: list[str],
    colours: dict[str, str],
    color: str | None,
    look: Theme,
    full: tuple[float, float],
    bars: bool = False,
) -> tuple[list[Any], list[Any]]:
    """Traces under the arrows (bands, bars) and over them (markers, then labels), one group
    per colour.

    With ``bars`` (SVG only) the bands and span bars of every colour are one ``go.Bar``
    trace each, in their colours, and the dotted tails of open spans one trace in the muted
    colour; compact marks with WebGL have them as one line trace each in the muted colour.
    Each SVG trace costs plotly.js about 5 ms to draw: 24 of them took a tenth of the
    chart's time at 10,000 events.
    """
    size = Size.for_count(scene.compact)
    fade = 0.04 * (full[1] - full[0])
    rows = scene.texts.loc[scene.positions]
    names = colour_names[scene.positions]
    under: list[Any] = []
    over: list[Any] = []
    texts: list[Any] = []
    merged = bars or scene.compact  # one trace of bands, one of bars, for every colour
    alone = np.zeros(len(names), dtype=bool)
    if bars and scene.compact and not scene.gl:
        # Only plain dates: a hollow or crossed marker says the date is approximate or
        # uncertain, which the bar alone would not show.
        plain = np.isin(rows["symbol"].to_numpy(), PLAIN_SYMBOLS)
        alone = scene.alone_on_bars(size) & plain
    columns = ["id", "url", "title", "when"] if scene.compact else ["id", "url"]
    for rank, value in enumerate(colour_order):
        mask = names == value
        if not mask.any():
            continue
        pos = scene.positions[mask]
        text = None
        if scene.labels:
            text = scene.label_text[mask].copy()
            text[~scene.labelled[mask]] = ""
        data = rows[columns].to_numpy(dtype=object)[mask]
        group = MarkTraces(
            name=_hover.legend_name(value), colour=colours[value],
            x=scene.where.x[pos], y=scene.y[mask],
            band_lo=scene.where.band_lo[pos], band_hi=scene.where.band_hi[pos],
            bar_lo=scene.where.bar_lo[pos], bar_hi=scene.where.bar_hi[pos],
            open_end=scene.where.open_end[pos], open_start=scene.where.open_start[pos],
            symbols=rows["symbol"].to_numpy()[mask], customdata=data,
            text=text, label_x=scene.label_x[mask] if scene.labels else None,
            textposition=np.where(scene.right[mask], "middle right", "middle left"),
            hovertext=None if scene.compact else rows["hover"].to_numpy()[mask],
            hovertemplate=COMPACT if scene.compact else FULL,
            group_title=(color or "").replace("_", " ").capitalize() if not over else None,
            rank=100 + rank,
        )  # fmt: skip
        if not merged:
            under.extend(segment_traces(group, look, size, scene.gl, fade, scene.compact))
        markers = group.subset(~alone[mask]) if alone.any() else group
        over.extend(marker_traces(markers, look, size, scene.gl, scene.compact))
        if scene.labels:
            texts.append(labels(group, look, size))
    if merged:
        every = _every_mark(scene, look, rows[columns].to_numpy(dtype=object))
        if bars and not scene.gl:
            every.colours = np.array([colours[name] for name in names], dtype=object)
            every.names = np.array([_hover.legend_name(name) for name in names], dtype=object)
            every.alone = alone
        under = segment_traces(
            every, look, size, scene.gl, fade, scene.compact, bars=bars and not scene.gl
        )
    return under, over + texts


def _every_mark(scene: Scene, look: Theme, customdata: np.ndarray) -> MarkTraces:
    """All marks as one group in the muted colour, for their bands, bars and tails."""
    pos, none = scene.positions, np.zeros(0)
    return MarkTraces(
        name="events", colour=look.muted, x=scene.where.x[pos], y=scene.y,
        band_lo=scene.where.band_lo[pos], band_hi=scene.where.band_hi[pos],
        bar_lo=scene.where.bar_lo[pos], bar_hi=scene.where.bar_hi[pos],
        open_end=scene.where.open_end[pos], open_start=scene.where.open_start[pos],
        symbols=none, customdata=customdata, text=None, textposition=none,
        hovertext=None, hovertemplate="",
    )  # fmt: skip


def date_key(
    drawn: pd.DataFrame, where: Geometry, chosen: np.ndarray, look: Theme
) -> list[go.Scatter]:
    """Legend entries explaining the marker shapes that appear: coarse, approximate, ..."""
    kinds = [
        ("day or time", "circle", True),
        ("month or coarser (band)", "diamond", drawn["precision"].isin(COARSE).any()),
        ("approximate (~)", "circle-open", drawn["approximate"].any()),
        ("uncertain (?)", "circle-x", drawn["uncertain"].any()),
        ("ongoing (no end)", "triangle-right", where.open_end[chosen].any()),
    ]
    present = [kind for kind in kinds[1:] if kind[2]]
    if not present:
        return []
    out = []
    for i, (name, symbol, _) in enumerate([kinds[0], *present]):
        out.append(
            go.Scatter(
                x=[None], y=[None], mode="markers", name=name, legendgroup=f"date {name}",
                legendgrouptitle_text="Dates" if i == 0 else None, hoverinfo="skip",
                legendrank=600 + i,
                marker={"color": look.muted, "size": 10, "symbol": symbol,
                        "line": {"color": look.muted if "open" in symbol else look.outline,
                                 "width": 2 if "open" in symbol else 1}},
            )
        )  # fmt: skip
    return out
