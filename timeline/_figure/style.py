"""Colours, templates and mark styles of the timeline figure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.io as pio

OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
"""The Okabe–Ito palette, ordered so that the first colours read well on white."""

NONE_LABEL = "(none)"
"""Lane and legend name for events without a value."""

TEMPLATES = {"light": "plotly_white", "dark": "plotly_dark"}


@dataclass(frozen=True)
class Theme:
    """Colours that depend on a light or dark background."""

    template: str
    dark: bool
    text: str  # labels next to marks
    muted: str  # lane separators, the (none) colour
    zebra: str  # shading of every other lane
    period: str  # background bands of periods
    outline: str  # edge of filled markers: the background colour
    relations: Mapping[str, str]


RELATION_LINES = {
    # type: (legend name, dash, width); the arrow head sits at the event carrying the relation
    "responds_to": ("responds to", "solid", 1.6),
    "reverses": ("reverses", "dash", 2.0),
    "follows": ("follows", "dot", 1.3),
    "confirms": ("confirms", "dashdot", 1.6),
    "enables": ("enables", "longdash", 1.6),
}
"""Line style of each relation drawn as an arrow (``part_of`` is not drawn)."""

_RELATION_COLOURS_LIGHT = {
    "responds_to": "#4D4D4D",
    "reverses": "#B2182B",
    "follows": "#9A9A9A",
    "confirms": "#1B7837",
    "enables": "#2166AC",
}
_RELATION_COLOURS_DARK = {
    "responds_to": "#D9D9D9",
    "reverses": "#F4A582",
    "follows": "#8C8C8C",
    "confirms": "#A6DBA0",
    "enables": "#92C5DE",
}


def theme(template: str) -> Theme:
    """The theme for ``"light"``, ``"dark"`` or any plotly template name."""
    name = TEMPLATES.get(template, template)
    if name not in pio.templates:
        known = ", ".join(sorted([*TEMPLATES, *pio.templates]))
        raise ValueError(f"unknown template {template!r}; use one of {known}")
    if template == "dark" or "dark" in name:
        return Theme(
            template=name, dark=True, text="#E8E8E8", muted="#7A7A7A",
            zebra="rgba(255,255,255,0.035)", period="rgba(255,255,255,0.07)",
            outline="rgb(17,17,17)", relations=_RELATION_COLOURS_DARK,
        )  # fmt: skip
    return Theme(
        template=name, dark=False, text="#333333", muted="#A0A0A0",
        zebra="rgba(0,0,0,0.025)", period="rgba(0,0,0,0.055)",
        outline="white", relations=_RELATION_COLOURS_LIGHT,
    )  # fmt: skip


def colour_map(
    values: Sequence[str],
    declared: Sequence[str] | None = None,
    palette: Sequence[str] | Mapping[str, str] | None = None,
    dark: bool = False,
) -> dict[str, str]:
    """A colour for each value, the same in every figure of the data.

    Colours follow the position of a value in the declared vocabulary when there is one (so
    ``decision`` is the same colour in every plot of one dataset), then the sorted names of
    the other values, never the order they happen to appear in. ``(none)`` is grey.
    """
    _check_palette(palette)
    if isinstance(palette, Mapping):
        fixed = dict(palette)
        cycle: Sequence[str] = OKABE_ITO
    else:
        fixed = {}
        cycle = palette if palette is not None else _default_cycle(dark)
    order = list(declared or [])
    order += sorted(value for value in set(values) if value not in order)
    colours: dict[str, str] = {}
    for value in values:
        if value in fixed:
            colours[value] = fixed[value]
        elif value == NONE_LABEL:
            colours[value] = "#999999"
        else:
            colours[value] = cycle[order.index(value) % len(cycle)]
    return colours


def _check_palette(palette: object) -> None:
    """TypeError or ValueError for a palette that is no list of colours nor a mapping to them."""
    if palette is None:
        return
    what = "a list of colours such as ['#0072B2', 'orange'], or a mapping of value to colour"
    if isinstance(palette, str) or not isinstance(palette, Sequence | Mapping):
        raise TypeError(f"palette must be {what}, not {type(palette).__name__}")
    colours = list(palette.values() if isinstance(palette, Mapping) else palette)
    if not all(isinstance(colour, str) for colour in colours):
        raise TypeError(f"palette must be {what}; every colour is text")
    if not isinstance(palette, Mapping) and not palette:
        raise ValueError(f"palette is empty; give {what}, or None for the default colours")


def _default_cycle(dark: bool) -> tuple[str, ...]:
    # Black vanishes on a dark background; yellow is the faintest on white, so it comes last.
    if dark:
        return (*OKABE_ITO[:7], "#BBBBBB")
    return OKABE_ITO


def rgba(colour: str, alpha: float) -> str:
    """A ``#rrggbb`` colour with transparency, as plotly's ``rgba(...)`` text."""
    value = colour.lstrip("#")
    if len(value) != 6:
        return colour  # a named or rgb() colour: keep it opaque rather than guess
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


PLAIN_SYMBOLS = ("circle", "diamond")
"""Marker symbols of dates neither approximate nor uncertain: a day or finer, and coarser."""


def marker_symbols(
    coarse: np.ndarray, approximate: np.ndarray, uncertain: np.ndarray
) -> np.ndarray:
    """Marker symbol per event: a diamond when coarser than a day, hollow when approximate,
    with an x inside when uncertain."""
    coarse_a = np.asarray(coarse, dtype=bool)
    approx_a = np.asarray(approximate, dtype=bool)
    unsure_a = np.asarray(uncertain, dtype=bool)
    day, coarser = PLAIN_SYMBOLS
    base = np.where(coarse_a, coarser, day).astype(object)
    base = base + np.where(unsure_a, "-x", "")
    return base + np.where(approx_a, "-open", "")
