"""Building the events frame from plain Python records."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import timeline


def test_records_become_the_documented_frame():
    df = timeline.events_frame(
        [
            {
                "id": "a",
                "title": "Treaty adopted",
                "date": "1997-09-18",
                "actors": ["UN"],
                "importance": 2,
            },
            {
                "id": "b",
                "title": "Policy",
                "date": dt.date(2022, 6, 21),
                "end": "..",
                "actors": "United States",
                "category": "policy",
            },
        ],
        title="Demo",
        categories=["policy", "treaty"],
    )
    assert df["date"].tolist() == ["1997-09-18", "2022-06-21"]
    assert df.loc[1, "actors"] == ["United States"]  # a single name is a one-item list
    assert df.loc[1, "span"] and pd.isna(df.loc[1, "end"])
    assert df.loc[0, "importance"] == 2.0 and np.isnan(df.loc[1, "importance"])
    assert df.attrs == {"title": "Demo", "categories": ["policy", "treaty"]}
    assert df["precision"].cat.ordered


def test_the_1997_treaty_and_older_history_fit():
    df = timeline.events_frame(
        [
            {"id": "a", "title": "Old", "date": "-0500"},
            {"id": "b", "title": "Older", "date": "0001-01-01"},
        ]
    )
    assert df.loc[0, "start"].year == -500
    assert df.loc[1, "start"] == pd.Timestamp("0001-01-01")


def test_bad_records_list_every_problem():
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.events_frame(
            [
                {"id": "a b", "title": "x", "date": "2024"},
                {"title": "no id", "date": "2024", "sources": {"url": "https://x.org"}},
                {
                    "id": "c",
                    "title": "x",
                    "date": "2024",
                    "sources": [{"url": "file:///etc/passwd"}],
                },
                "not a mapping",
            ]
        )
    text = str(caught.value)
    assert "5 problems" in text
    assert "<records>:1: event 'a b', field 'id': 'a b' is not a valid id" in text
    assert "<records>:2: field 'id': 'id' is required and missing" in text
    assert "'sources' must be a list of mappings" in text
    assert "uses 'file:'; only http:// and https:// links are allowed" in text
