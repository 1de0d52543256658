"""The figure of three events, pinned whole: any change to what plot draws shows up in review."""

from __future__ import annotations

import json

import timeline


def test_small_figure_is_pinned(snapshot):
    df = timeline.events_frame(
        [
            {"id": "adopted", "title": "Treaty adopted", "date": "1997-09-18", "actors": ["UN"]},
            {
                "id": "approval",
                "title": "Landmines approved",
                "date": "2024-11-19~",
                "actors": ["United States"],
                "category": "decision",
                "relations": [{"type": "follows", "target": "adopted"}],
            },
            {
                "id": "policy",
                "title": "2022 policy",
                "date": "2022-06/2024-11",
                "actors": ["United States"],
            },
        ]
    )
    fig = timeline.plot(df)
    # Through JSON, as the page carries it: numbers and dates as plotly writes them.
    assert json.loads(fig.to_json()) == snapshot
