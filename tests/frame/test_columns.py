"""The columns the plot reads, from frames of any making."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timeline._frame.columns import plot_columns, with_text


def test_a_frame_of_plain_dates_is_parsed():
    df = pd.DataFrame({"title": ["a", "b"], "date": ["2024-11~", "2024-11-20/.."]})
    out = plot_columns(df)
    assert out["id"].tolist() == ["0", "1"]
    assert out["precision"].tolist() == ["month", "day"]
    assert out["approximate"].tolist() == [True, False]
    assert out["span"].tolist() == [False, True]
    assert pd.isna(out["end"].iloc[1])
    assert out["actors"].tolist() == [[], []]
    assert np.isnan(out["importance"]).all()


def test_a_frame_with_instants_and_missing_values():
    df = pd.DataFrame(
        {
            "id": ["a", "b"],
            "title": ["x", None],
            "start": ["2024-11-20", "2024-11-21"],
            "actors": [["A"], None],
            "extra": [1, 2],
        },
        index=[10, 20],
    )
    out = plot_columns(df)
    assert out.index.tolist() == [0, 1]
    assert out["start"].dtype == "datetime64[s]"
    assert out["date"].tolist() == ["2024-11-20", "2024-11-21"]
    assert out["span"].tolist() == [False, False]
    assert out["actors"].tolist() == [["A"], []]
    assert out["extra"].tolist() == [1, 2]
    assert with_text(out)["title"].tolist() == ["x", ""]


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match=r"lacks the column\(s\) title, date \(or start\)"):
        plot_columns(pd.DataFrame({"id": ["a"]}))
