"""Deep time: a figure whose dates lie beyond plotly's date axis, redrawn on a scale of years."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

YEAR = 365.2425 * 86400.0
"""An average Gregorian year, in seconds."""
_FIRST = -377705116800.0  # 1 January 9999 BCE (-9998), float seconds: plotly's earliest date
_LAST = 253402300799.0  # 31 December 9999, plotly's latest


def is_deep(lo: float, hi: float) -> bool:
    """Whether instants from ``lo`` to ``hi`` (float seconds) leave plotly's date axis."""
    return bool(lo < _FIRST or hi > _LAST)


def to_years(
    fig: go.Figure,
    xaxis: dict[str, Any],
    shapes: list[dict[str, Any]],
    menus: list[dict[str, Any]],
) -> None:
    """Put every x on a linear axis of years (2024.5 is mid-2024, -13.8e9 the Big Bang): the
    traces of ``fig``, and the axis, band and preset-button layouts about to be set."""
    for trace in fig.data:
        if getattr(trace, "x", None) is not None:
            trace.x = _years(trace.x)
    for key in ("tickformatstops", "tickmode", "tickvals", "ticktext"):
        xaxis.pop(key, None)
    xaxis.update(
        type="linear", range=_years(xaxis["range"]).tolist(), exponentformat="B",
        separatethousands=True,
    )  # fmt: skip
    slider = xaxis["rangeslider"]
    slider["range"] = _years(slider["range"]).tolist()
    for shape in shapes:
        if shape.get("xref") == "x":
            shape["x0"], shape["x1"] = _years([shape["x0"], shape["x1"]]).tolist()
    for menu in menus:
        for button in menu["buttons"]:
            change = button["args"][0]
            change["xaxis.range"] = _years(change["xaxis.range"]).tolist()


def _years(values: Any) -> np.ndarray:
    """Dates as plotly holds them (milliseconds, datetime64 or ISO text) in years."""
    array = np.asarray(values)
    if array.dtype.kind in "fiu":
        return 1970 + array.astype(float) / 1000.0 / YEAR
    if array.dtype.kind in "OU":  # ISO text, as in layout ranges and shapes
        texts = [str(v) if v is not None else "NaT" for v in array.ravel()]
        stamps = np.array([np.datetime64(t, "s") for t in texts], dtype="datetime64[s]")
    else:
        stamps = array.astype("datetime64[s]")
    seconds = stamps.astype(np.int64).astype(float)
    seconds[np.isnat(stamps)] = np.nan
    return 1970 + seconds / YEAR
