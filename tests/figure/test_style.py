"""Colours, templates and marker symbols."""

from __future__ import annotations

import numpy as np
import pytest

from timeline._figure.style import OKABE_ITO, colour_map, marker_symbols, rgba, theme


def test_theme_maps_light_and_dark_and_accepts_plotly_names():
    assert theme("light").template == "plotly_white"
    assert not theme("light").dark
    assert theme("dark").template == "plotly_dark"
    assert theme("dark").dark
    assert theme("ggplot2").template == "ggplot2"
    with pytest.raises(ValueError, match="unknown template 'nope'"):
        theme("nope")


def test_colours_follow_the_declared_vocabulary():
    declared = ["decision", "reaction", "treaty"]
    colours = colour_map(["treaty", "(none)"], declared)
    assert colours == {"treaty": OKABE_ITO[2], "(none)": "#999999"}
    assert colour_map(["reaction", "decision"], declared)["reaction"] == OKABE_ITO[1]


def test_palette_list_or_mapping():
    assert colour_map(["a", "b", "c"], palette=["red", "blue"]) == {
        "a": "red",
        "b": "blue",
        "c": "red",
    }
    assert colour_map(["a", "b"], palette={"b": "green"}) == {"a": OKABE_ITO[0], "b": "green"}


def test_dark_palette_has_no_black():
    colours = colour_map([str(i) for i in range(8)], dark=True)
    assert "#000000" not in colours.values()


def test_rgba():
    assert rgba("#0072B2", 0.5) == "rgba(0,114,178,0.5)"
    assert rgba("red", 0.5) == "red"


def test_marker_symbols():
    symbols = marker_symbols(
        np.array([False, True, False, True]),
        np.array([False, False, True, True]),
        np.array([False, False, False, True]),
    )
    assert symbols.tolist() == ["circle", "diamond", "circle-open", "diamond-x-open"]
