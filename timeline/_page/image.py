"""Write a timeline as a PNG, SVG or PDF image through kaleido and an installed Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from timeline._io.atomic import atomic_path
from timeline._page.inputs import figure_of

IMAGE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
"""Image file extensions and the kaleido format each selects."""
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
"""Browser commands kaleido can drive, looked up on PATH when it fails."""
_HOW_TO_INSTALL = (
    "writing images needs Chromium or Chrome, and none was found; install it with "
    "`apt-get install chromium` (Debian/Ubuntu) or with `plotly_get_chrome` "
    "(downloads a copy for kaleido)"
)


class BrowserNotFoundError(RuntimeError):
    """No Chromium or Chrome for kaleido to draw images with."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(f"{_HOW_TO_INSTALL}{f' ({detail})' if detail else ''}")


def write_image(
    fig_or_df: go.Figure | pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    width: int = 1400,
    height: int | None = None,
    scale: float = 1,
    force: bool = False,
    **plot_kwargs: Any,
) -> Path:
    """Write the timeline as a PNG, SVG or PDF image, chosen by extension.

    Parameters
    ----------
    fig_or_df
        An events frame (drawn with ``timeline.plot(df, **plot_kwargs)``) or a figure.
    path
        A ``.png``, ``.svg`` or ``.pdf`` file; it is replaced atomically.
    width, height
        Image size in CSS pixels; ``height`` defaults to the figure's own height.
    scale
        Multiplies the resolution of a PNG (2 for a sharp image on high-density screens).
    force
        Replace ``path`` even when it is a read-only file (a symbolic link is written through,
        a folder, FIFO or device refused, in any case).
    **plot_kwargs
        Passed to ``timeline.plot`` when ``fig_or_df`` is a frame.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    BrowserNotFoundError
        When kaleido finds no Chromium; the message says how to install one.

    Examples
    --------
    >>> timeline.write_image(df, "build/landmines.png", scale=2)  # doctest: +SKIP
    """
    target = Path(path)
    fmt = IMAGE_FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise ValueError(
            f"cannot write '{target.suffix}' images; use one of {', '.join(IMAGE_FORMATS)}"
        )
    fig = figure_of(
        fig_or_df,
        plot_kwargs,
        caller="write_image",
        # An image cannot scroll through lanes: it is as tall as they need (within reason).
        defaults={"max_height": 4000},
    )
    opts: dict[str, Any] = {"format": fmt, "width": width, "scale": scale}
    height = height or fig.layout.height
    if height:
        opts["height"] = height
    data = _draw(fig, opts)
    with atomic_path(target, force=force) as temporary:
        temporary.write_bytes(data)
    return target


def _draw(fig: go.Figure, opts: dict[str, Any]) -> bytes:
    """The image bytes kaleido draws; a missing browser becomes a BrowserNotFoundError."""
    import kaleido
    from kaleido.errors import ChromeNotFoundError

    try:
        data = kaleido.calc_fig_sync(fig, opts=opts)
    except ChromeNotFoundError:
        raise BrowserNotFoundError() from None
    except Exception as error:
        # Kaleido reports some missing browsers only as a failed start.
        if not any(shutil.which(name) for name in BROWSERS):
            raise BrowserNotFoundError(f"{type(error).__name__}: {error}") from error
        raise
    if not isinstance(data, bytes | bytearray) or not data:
        raise RuntimeError(f"kaleido returned no {opts['format']} image")
    return bytes(data)
