"""Text on the figure: escaping, dates in words, source URLs and hover text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import timeline
from timeline._figure.text import (
    date_words,
    escape,
    first_urls,
    hover_text,
    labels,
    side_words,
    truncate,
    written,
)


def test_escape_makes_markup_literal_and_keeps_quotes():
    assert escape("<script>alert('x')</script> & \"y\"") == (
        "&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"y\""
    )
    assert escape("&lt;") == "&amp;lt;"
    assert escape(None) == ""
    assert escape(float("nan")) == ""
    assert escape(pd.NA) == ""


def test_truncate_adds_an_ellipsis_only_when_cut():
    assert truncate("short title") == "short title"
    cut = truncate("a" * 40)
    assert len(cut) == 30
    assert cut.endswith("…")
    assert truncate("  spaced \n out  ") == "spaced out"


def test_labels_escape_and_mark_uncertain_dates():
    out = labels(["<b>x</b>", "plain"], np.array([False, True]))
    assert out.tolist() == ["&lt;b&gt;x&lt;/b&gt;", "plain (?)"]


@pytest.mark.parametrize(
    ("date", "end", "words"),
    [
        ("2024-11-20", None, "20 Nov 2024"),
        ("2024-11~", None, "Nov 2024, approximate"),
        ("2024-11-12?", None, "12 Nov 2024, uncertain"),
        ("2024-11-20%", None, "20 Nov 2024, approximate and uncertain"),
        ("2024", None, "2024"),
        ("199X", None, "1990s"),
        ("2024-21", None, "Mar–May 2024"),
        ("2024-11-20T14:30:00", None, "20 Nov 2024, 14:30"),
        ("2006-06-01/..", None, "from 1 Jun 2006, ongoing"),
        ("2022-06-21", "2024-11-19", "from 21 Jun 2022 to 19 Nov 2024"),
        ("2024-11/2025-02-03", None, "from Nov 2024 to 3 Feb 2025"),
        ("../2024", None, "until 2024"),
        ("-0043-03-15", None, "15 Mar 44 BCE"),
    ],
)
def test_date_words(date, end, words):
    record = {"id": "e", "title": "t", "date": date}
    if end:
        record["end"] = end
    df = timeline.events_frame([record])
    assert date_words(df).tolist() == [words]


def test_date_words_without_text_falls_back_to_the_instants():
    df = pd.DataFrame(
        {
            "date": ["", ""],
            "end_date": [np.nan, np.nan],
            "start": pd.to_datetime(["2024-11-01", "2024-01-01"]),
            "end": pd.to_datetime(["2024-11-30 23:59:59", "2024-03-31 23:59:59"]),
            "precision": ["month", "day"],
            "approximate": [False, False],
            "uncertain": [False, False],
            "span": [False, True],
        }
    )
    assert date_words(df).tolist() == ["Nov 2024", "from 1 Jan 2024 to 31 Mar 2024"]


def test_side_words_of_a_century():
    start, end = np.datetime64("1900-01-01", "s"), np.datetime64("1999-12-31", "s")
    assert side_words(start, end, "century") == "1900–1999"


def test_written_joins_the_end():
    df = timeline.events_frame(
        [
            {"id": "a", "title": "t", "date": "2022-06-21", "end": "2024-11"},
            {"id": "b", "title": "t", "date": "2024-11-20~"},
        ]
    )
    assert written(df).tolist() == ["2022-06-21/2024-11", "2024-11-20~"]


def test_first_urls_keep_only_web_addresses():
    sources = [
        [{"url": "https://example.org/a"}, {"url": "https://example.org/b"}],
        [{"url": "javascript:alert(1)"}],
        [{"url": "HTTP://Example.org"}],
        [{"url": None, "publisher": "P"}],
        [],
        None,
        [{"url": "ftp://example.org/f"}],
        [{"url": "https://"}],
    ]
    expected = ["https://example.org/a", "", "HTTP://Example.org", "", "", "", "", ""]
    assert first_urls(pd.Series(sources, dtype=object)).tolist() == expected


def test_first_urls_of_an_arrow_column(bundled):
    urls = first_urls(bundled["sources"])
    assert len(urls) == len(bundled)
    assert urls[0] == bundled["sources"].iloc[0][0]["url"]
    assert all(url.startswith(("https://", "http://")) for url in urls)


def test_hover_text_tells_the_whole_story_escaped():
    event = {
        "title": "Council <b>meets</b>",
        "actors": ["Council", "Court & Co"],
        "category": "decision",
        "location": "Geneva",
        "summary": "word " * 40,
        "sources": [
            {"url": "https://e.org/1", "publisher": "Pub <1>", "title": "Story", "quote": "a <q>"},
            {"url": "https://news.example/2", "publisher": None, "title": None, "quote": None},
        ],
    }
    text = hover_text(event, "Nov 2024, approximate", "2024-11~")
    assert text.startswith("<b>Council &lt;b&gt;meets&lt;/b&gt;</b>")
    assert "Nov 2024, approximate" in text
    assert "(2024-11~)" in text
    assert "Council, Court &amp; Co" in text
    assert "<i>Category:</i> decision" in text
    assert "<i>Location:</i> Geneva" in text
    assert text.count("word") == 40
    assert "<br>word" in text  # the summary is wrapped onto several lines
    assert "• Pub &lt;1&gt;: Story" in text
    assert "“a &lt;q&gt;”" in text
    assert "• news.example" in text  # no publisher: the site's name
    assert "<q>" not in text


def test_hover_text_leaves_out_what_is_missing():
    text = hover_text({"title": "Alone", "category": np.nan}, "20 Nov 2024", "2024-11-20")
    assert text == "<b>Alone</b><br>20 Nov 2024  <i>(2024-11-20)</i>"
