"""Periods: which events become background bands, and their shapes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timeline._figure.periods import period_shapes, periods_of
from timeline._figure.style import theme
from timeline._figure.times import seconds
from timeline._frame.columns import plot_columns

FULL = (0.0, 2e9)


def _s(text):
    return float(seconds([np.datetime64(text, "s")])[0])


def test_spans_are_periods_and_an_open_end_reaches_the_edge(bundled):
    events = plot_columns(bundled)
    lo, hi, titles = periods_of("spans", bundled, events, FULL)
    assert titles == [
        "Mine Ban Treaty in force for Ukraine",
        "Biden 2022 landmine policy in force",
        "Mine Ban Treaty Fifth Review Conference in Siem Reap",
    ]
    assert lo.tolist() == [_s("2006-06-01"), _s("2022-06-21"), _s("2024-11-25")]
    assert hi.tolist() == [FULL[1], FULL[1], _s("2024-11-30") - 1]


def test_periods_by_id_in_the_order_given(bundled):
    events = plot_columns(bundled)
    _, _, titles = periods_of(["us-2022-policy-in-force", "mbt-adopted"], bundled, events, FULL)
    assert titles == ["Biden 2022 landmine policy in force", "Mine Ban Treaty adopted in Oslo"]
    with pytest.raises(ValueError, match="not events: nope"):
        periods_of(["nope"], bundled, events, FULL)


def test_periods_by_mask(bundled):
    events = plot_columns(bundled)
    mask = bundled["id"].eq("mbt-adopted")
    _, _, titles = periods_of(mask, bundled, events, FULL)
    assert titles == ["Mine Ban Treaty adopted in Oslo"]
    _, _, titles = periods_of(mask.to_numpy(), bundled, events, FULL)
    assert titles == ["Mine Ban Treaty adopted in Oslo"]
    shuffled = bundled.set_index(pd.Index(range(100, 100 + len(bundled))))
    _, _, titles = periods_of(shuffled["id"].eq("mbt-adopted"), shuffled, events, FULL)
    assert titles == ["Mine Ban Treaty adopted in Oslo"]
    with pytest.raises(ValueError, match="periods mask has 2 values"):
        periods_of(np.array([True, False]), bundled, events, FULL)
    with pytest.raises(ValueError, match="use 'spans'"):
        periods_of("all", bundled, events, FULL)


def test_period_shapes_are_labelled_bands_behind_everything():
    (shape,) = period_shapes(np.array([0.0]), np.array([86400.0]), ["<b>War</b>"], theme("light"))
    assert shape["layer"] == "below"
    assert (shape["xref"], shape["yref"], shape["y0"], shape["y1"]) == ("x", "paper", 0, 1)
    assert (shape["x0"], shape["x1"]) == ("1970-01-01T00:00:00", "1970-01-02T00:00:00")
    assert shape["label"]["text"] == "&lt;b&gt;War&lt;/b&gt;"
