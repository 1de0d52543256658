"""What the page's writers take: an events frame (drawn with ``plot``) or a figure made already."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go


def figure_of(
    fig_or_df: go.Figure | pd.DataFrame,
    plot_kwargs: Mapping[str, Any],
    *,
    caller: str,
    defaults: Mapping[str, Any] | None = None,
) -> go.Figure:
    """The figure to write: ``plot(df, **defaults, **plot_kwargs)`` for a frame, else the figure.

    Plot options given with a figure, or anything else than a frame or a figure, are a
    TypeError that names ``caller``.
    """
    if isinstance(fig_or_df, pd.DataFrame):
        from timeline._figure.plot import plot

        return plot(fig_or_df, **{**(defaults or {}), **plot_kwargs})
    if not isinstance(fig_or_df, go.Figure):
        kind = type(fig_or_df).__name__
        raise TypeError(f"{caller} needs an events DataFrame or a plotly Figure, not {kind}")
    if plot_kwargs:
        raise TypeError(
            f"plot options ({', '.join(sorted(plot_kwargs))}) need an events frame, not a figure"
        )
    return fig_or_df
