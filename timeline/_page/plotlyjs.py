"""The plotly.js a page inlines: plotly.js's cartesian bundle when it draws every trace.

plotly's own ``to_html`` inlines the whole of plotly.js (4.8 MB: maps, 3D, WebGL). A timeline
draws scatter, bar and heatmap traces, which plotly.js's cartesian bundle holds in 1.5 MB (MIT,
``assets/vendor/plotly``, the npm package ``plotly.js-cartesian-dist-min``): Chromium reads it
in a third of the time and the page is a third of the size. A figure with any other trace
(WebGL marks past ``webgl_threshold``, or a trace a user added), or a plotly whose plotly.js is
another version than the bundle's, gets plotly's own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from importlib import resources

from plotly.offline import get_plotlyjs_version

CARTESIAN_BUNDLE = ("assets", "vendor", "plotly", "plotly-cartesian.min.js")
"""The bundle's file in ``timeline._page``."""

CARTESIAN_TRACES = frozenset(
    ("bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
     "image", "pie", "scatter", "scatterternary", "violin")
)  # fmt: skip
"""The trace types the cartesian bundle draws (its ``Plotly.PlotSchema`` lists them)."""

_VERSION = re.compile(r"plotly\.js \(cartesian - minified\) v(\d+\.\d+\.\d+)")
_CONFIG = "<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>"  # as plotly writes


@functools.cache
def cartesian_bundle() -> tuple[str, str]:
    """The cartesian bundle's text and its plotly.js version (from its header)."""
    text = resources.files("timeline._page").joinpath(*CARTESIAN_BUNDLE).read_text("utf-8")
    found = _VERSION.search(text[:500])
    return text, found.group(1) if found else ""


def cartesian_script(trace_types: Iterable[str], plotly_version: str | None = None) -> str | None:
    """The script elements that define ``Plotly`` with the cartesian bundle, or None when
    the page needs plotly's full plotly.js: a trace type outside the bundle, or plotly's
    plotly.js (``plotly_version``, by default the installed one's) not the bundle's version.
    """
    text, version = cartesian_bundle()
    wanted = get_plotlyjs_version() if plotly_version is None else plotly_version
    if version != wanted or not set(trace_types) <= CARTESIAN_TRACES:
        return None
    return f"{_CONFIG}\n<script>{text}</script>\n"
