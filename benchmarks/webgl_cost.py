"""What WebGL itself costs headless Chromium, next to the 10,000-event chart drawn other ways.

``python -m benchmarks.webgl_cost [--events 10000] [--repeat 2]`` writes the chart that
``timeline.plot`` draws for the generated events, variants of the same figure (every trace
SVG; SVG without the range slider and with a fixed left margin) and a three-point chart drawn
with WebGL and with SVG, opens each with :func:`benchmarks.browser.draw_times` and prints its
painted time and Chromium's peak PSS. The three-point pair shows the fixed price of a WebGL
context in a browser without a GPU (the benchmarks run Chromium with ``--disable-gpu``).
This probe is why ``timeline.plot`` draws SVG marks up to ``WEBGL_THRESHOLD`` (20,000) and,
past ``SLIDER_LIMIT`` (500), has no range slider and a fixed left margin; with ``--events
10000`` the "as drawn" chart is now SVG already.
"""

from __future__ import annotations

import argparse
import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import browser, generate

Variant = Callable[[dict[str, Any]], None]


def _as_drawn(figure: dict[str, Any]) -> None:
    """The figure as ``timeline.plot`` returns it."""


def _svg(figure: dict[str, Any]) -> None:
    for trace in figure["data"]:
        if trace["type"] == "scattergl":
            trace["type"] = "scatter"


def _svg_no_slider(figure: dict[str, Any]) -> None:
    _svg(figure)
    figure["layout"]["xaxis"]["rangeslider"]["visible"] = False
    # An automatic margin makes plotly.js draw every trace a second time once it is known.
    figure["layout"]["yaxis"]["automargin"] = False
    figure["layout"]["margin"]["l"] = 110


def _tiny(kind: str) -> Variant:
    def variant(figure: dict[str, Any]) -> None:
        figure["data"] = [{"type": kind, "x": [1, 2, 3], "y": [1, 2, 3], "mode": "markers"}]

    return variant


VARIANTS: dict[str, Variant] = {
    "as drawn": _as_drawn,
    "every trace SVG": _svg,
    "SVG, no range slider, fixed margin": _svg_no_slider,
    "3 points, WebGL": _tiny("scattergl"),
    "3 points, SVG": _tiny("scatter"),
}


def main(argv: list[str] | None = None) -> int:
    """Command line: print painted time and peak PSS of each variant."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.webgl_cost")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--data", default=str(Path(__file__).parent / "data"))
    parser.add_argument("--pages", default=str(Path(__file__).parent / "out" / "webgl_cost"))
    args = parser.parse_args(argv)
    import plotly.graph_objects as go

    import timeline

    events = timeline.read_events(generate.ensure(Path(args.data), args.events))
    drawn = timeline.plot(events).to_dict()
    pages = Path(args.pages)
    pages.mkdir(parents=True, exist_ok=True)
    for number, (name, change) in enumerate(VARIANTS.items()):
        figure = copy.deepcopy(drawn)
        change(figure)
        page = pages / f"variant-{number}.html"
        go.Figure(figure).write_html(page, include_plotlyjs=True)
        draws, _ = browser.draw_times(page, args.repeat)
        painted = min(draw.painted_ms for draw in draws)
        peak = min(draw.peak_mb for draw in draws)
        print(f"{name:<40} painted {painted:7,.0f} ms   peak PSS {peak:7,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
