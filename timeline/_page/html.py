"""Write a timeline as one standalone HTML page that works offline."""

from __future__ import annotations

import html
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline._figure.zoom import Pairs, has_strips, view_trace
from timeline._frame.columns import complete_columns, plot_columns
from timeline._io.atomic import write_text_atomic
from timeline._page.inputs import figure_of
from timeline._page.payload import payload
from timeline._page.plotlyjs import cartesian_script
from timeline._page.template import OFFLINE_POLICY, check_div_id, page_text, render_page

_CONFIG = {"displaylogo": False, "responsive": True}
_SCRIPT_SRC = re.compile(r'<script[^>]*\ssrc="(https://[^"]+)"')
_TAG = re.compile(r"<[^<>]*>")


def write_html(
    fig_or_df: go.Figure | pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    include_plotlyjs: Literal[True, "cdn"] = True,
    title: str | None = None,
    description: str | None = None,
    div_id: str = "policy-timeline",
    events: pd.DataFrame | None = None,
    generated: datetime | None = None,
    force: bool = False,
    **plot_kwargs: Any,
) -> Path:
    """Write the timeline as one self-contained HTML page, with its events listed under the chart.

    The page carries every event, compressed: the table under the chart lists them all
    (sortable, with a filter box; a click on a row zooms the chart to its event), and a
    chart of density strips re-counts them on each zoom and draws the events in view as
    marks with hover and source once there are at most 2,000.

    Parameters
    ----------
    fig_or_df
        An events frame (drawn with ``timeline.plot(df, **plot_kwargs)``) or a figure that
        ``timeline.plot`` made, perhaps customized since.
    path
        The ``.html`` file to write; it is replaced atomically, so a failure never leaves a
        half-written page.
    include_plotlyjs
        ``True`` (default) inlines plotly.js so the page needs no network: its cartesian
        bundle (1.5 MB), or the whole of plotly.js (4.8 MB) for a figure with WebGL marks or
        another trace the bundle lacks; ``"cdn"`` links plotly.js from its CDN instead, for a
        small file that needs a connection.
    title, description
        The page's title and description; by default the dataset's (``df.attrs``). ``title``
        is also the chart title when drawing a frame.
    div_id
        The id of the chart's element: a letter, then letters, digits, ``-`` or ``_``.
    events
        The events listed under a given figure (required with a figure: the figure itself
        keeps only counts). Not used with a frame.
    generated
        The generation time shown in the provenance line (default: now), for reproducible pages.
    force
        Replace ``path`` even when it is a read-only file (a symbolic link is written through,
        a folder, FIFO or device refused, in any case).
    **plot_kwargs
        Passed to ``timeline.plot`` when ``fig_or_df`` is a frame (``lane``, ``window``…).

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> df = timeline.read_events("data")  # doctest: +SKIP
    >>> timeline.write_html(df, "build/landmines.html", lane="actors")  # doctest: +SKIP
    >>> fig = timeline.plot(df)  # doctest: +SKIP
    >>> timeline.write_html(fig, "build/custom.html", events=df)  # doctest: +SKIP
    """
    text = to_page(
        fig_or_df,
        include_plotlyjs=include_plotlyjs,
        title=title,
        description=description,
        div_id=div_id,
        events=events,
        generated=generated,
        **plot_kwargs,
    )
    target = Path(path)
    write_text_atomic(target, text, force=force)
    return target


def to_page(
    fig_or_df: go.Figure | pd.DataFrame,
    *,
    include_plotlyjs: Literal[True, "cdn"] = True,
    title: str | None = None,
    description: str | None = None,
    div_id: str = "policy-timeline",
    events: pd.DataFrame | None = None,
    generated: datetime | None = None,
    **plot_kwargs: Any,
) -> str:
    """The standalone page ``write_html`` writes, as text; see ``write_html``."""
    if include_plotlyjs is not True and include_plotlyjs != "cdn":
        raise ValueError(f"include_plotlyjs must be True or 'cdn', not {include_plotlyjs!r}")
    check_div_id(div_id)
    lanes = [plot_kwargs.get("lane", "actors")] if isinstance(fig_or_df, pd.DataFrame) else None
    fig, events = _figure_and_events(fig_or_df, events, title, plot_kwargs)  # columns complete
    from timeline import __version__

    if has_strips(fig):
        fig = go.Figure(fig).add_trace(view_trace({}))  # filled in by the page's zoom
    # plotly.js's cartesian bundle where it draws every trace (a third of the size and of
    # the time to read), else plotly's own plotly.js, or its address with "cdn".
    bundle = cartesian_script(t.type for t in fig.data) if include_plotlyjs is True else None
    chart = (bundle or "") + fig.to_html(
        full_html=False,
        include_plotlyjs=False if bundle else include_plotlyjs,
        div_id=div_id,
        config=_CONFIG,
        default_height="80vh",
    )
    text = page_text(
        events,
        title=title,
        description=description,
        chart_title=_chart_title(fig),
        generated=_utc(generated),
        version=__version__,
    )
    policy = _policy(chart, include_plotlyjs, webgl=uses_webgl(fig))
    data = payload(fig, events, lane_column(fig, events, lanes))
    return render_page(chart, events, text, div_id=div_id, policy=policy, payload=data)


def lane_column(fig: go.Figure, events: pd.DataFrame, candidates: list[str] | None) -> str:
    """The column the figure's lanes come from: the candidate whose values name most lanes.

    A frame is drawn with a known ``lane``; a given figure is matched against ``actors``
    and ``category``, the columns lanes are usually drawn from.
    """
    options = [c for c in candidates or ["actors", "category"] if c in events]
    if len(options) <= 1:
        return options[0] if options else "actors"
    frame = plot_columns(events)
    return max(options, key=lambda name: len(np.unique(Pairs.of(fig, frame, name).lane)))


def _figure_and_events(
    fig_or_df: go.Figure | pd.DataFrame,
    events: pd.DataFrame | None,
    title: str | None,
    plot_kwargs: dict[str, Any],
) -> tuple[go.Figure, pd.DataFrame]:
    if isinstance(fig_or_df, pd.DataFrame):
        if events is not None:
            raise TypeError("events= is for a figure; a frame is its own list of events")
        options = {**plot_kwargs, "title": title} if title is not None else plot_kwargs
        return figure_of(fig_or_df, options, caller="write_html"), complete_columns(fig_or_df)
    fig = figure_of(fig_or_df, plot_kwargs, caller="write_html")
    return fig, complete_columns(_stored_events(fig) if events is None else events)


def _stored_events(fig: go.Figure) -> pd.DataFrame:
    # A figure keeps only counts in layout.meta, not the events the page lists.
    raise TypeError(
        "write_html(fig, path) needs the events listed under the chart: "
        "write_html(fig, path, events=df)"
    )


def _chart_title(fig: go.Figure) -> str | None:
    """The figure's title as plain text (plotly titles hold tags like <b> and entities)."""
    text = fig.layout.title.text
    if not text:
        return None
    plain = html.unescape(_TAG.sub("", str(text)))
    return plain if plain.strip() else None


WEBGL_TYPES = frozenset(
    ("scattergl", "scatterpolargl", "splom", "parcoords", "scatter3d", "surface", "mesh3d",
     "cone", "streamtube", "volume", "isosurface")
)  # fmt: skip
"""Trace types plotly.js draws with WebGL."""


def uses_webgl(fig: go.Figure) -> bool:
    """Whether any trace of the figure is drawn with WebGL (``timeline.plot`` past 2,000 marks)."""
    return any(trace.type in WEBGL_TYPES for trace in fig.data)


def _policy(chart: str, include_plotlyjs: Literal[True, "cdn"], *, webgl: bool = False) -> str:
    policy = OFFLINE_POLICY
    if webgl:
        # plotly.js draws WebGL through regl, which compiles its drawing code at run time
        # (new Function): without 'unsafe-eval' the chart shows "WebGL is not supported".
        # The page's own scripts hold no data and evaluate none.
        policy = policy.replace(
            "script-src 'unsafe-inline'", "script-src 'unsafe-inline' 'unsafe-eval'"
        )
    if include_plotlyjs is True:
        return policy
    # Allow exactly the plotly.js address plotly wrote (its integrity hash pins the content).
    sources = " ".join(sorted(set(_SCRIPT_SRC.findall(chart))))
    return policy.replace("script-src 'unsafe-inline'", f"script-src 'unsafe-inline' {sources}")


def _utc(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
