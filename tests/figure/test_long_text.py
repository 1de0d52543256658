"""Long text in the figure: hover lines wrap a long word in pieces, legend entries are cut."""

from __future__ import annotations

import timeline
from timeline._figure.text import LEGEND_CHARS, wrap


def test_a_long_word_is_cut_into_lines_of_the_width():
    lines = wrap("start " + "x" * 1000 + " end", 72).split("<br>")
    assert lines[0] == "start"
    assert all(len(line) <= 72 for line in lines)
    assert "".join(lines[1:-1]) + lines[-1].removesuffix(" end") == "x" * 1000


def test_ordinary_text_wraps_as_before():
    text = "The United States approved antipersonnel landmines for Ukraine, a reversal."
    assert wrap(text, 30).split("<br>") == [
        "The United States approved",
        "antipersonnel landmines for",
        "Ukraine, a reversal.",
    ]


def test_a_long_category_is_cut_in_the_legend():
    category = "a very long category name " * 12
    df = timeline.events_frame(
        [
            {"id": "a", "title": "A", "date": "2024-11-19", "category": category},
            {"id": "b", "title": "B", "date": "2024-11-20", "category": "short"},
        ]
    )
    fig = timeline.plot(df, color="category")
    names = {trace.name for trace in fig.data if trace.showlegend}
    assert "short" in names
    (long,) = (name for name in names if name.startswith("a very long"))
    assert len(long) <= LEGEND_CHARS and long.endswith("…")
