"""The page skeleton pinned whole (plotly.js left out): structure, table, scripts and provenance."""

from __future__ import annotations

import datetime as dt
import re

import timeline


def test_page_skeleton_is_pinned(tmp_path, snapshot):
    df = timeline.events_frame(
        [
            {
                "id": "adopted",
                "title": "Treaty adopted",
                "date": "1997-09-18",
                "sources": [{"url": "https://www.un.org/disarmament/geneva/aplc/"}],
            },
            {"id": "approval", "title": "Landmines approved", "date": "2024-11-19~"},
        ]
    )
    path = timeline.write_html(
        df,
        tmp_path / "page.html",
        include_plotlyjs="cdn",
        generated=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
    )
    page = path.read_text()
    # The figure's JSON is pinned by the figure's own snapshot; here only where it goes.
    page = re.sub(r"Plotly\.newPlot\(.*?\)\s*};", "Plotly.newPlot(...) };", page, flags=re.S)
    assert page == snapshot
