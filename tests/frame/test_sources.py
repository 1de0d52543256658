"""The source check: events per publisher, events on a single outlet, sources to look at."""

from __future__ import annotations

import timeline
from timeline._frame.sources import (
    SourceWarning,
    publisher_counts,
    single_outlet_events,
    source_warnings,
)


def _frame():
    return timeline.events_frame(
        [
            {
                "id": "two-outlets",
                "title": "Reported twice",
                "date": "2024-11-19",
                "sources": [
                    {"url": "https://a.example/1", "publisher": "A", "title": "One"},
                    {"url": "https://b.example/1", "publisher": "B", "title": "Two"},
                    {"url": "https://a.example/2", "publisher": "A", "title": "Three"},
                ],
            },
            {
                "id": "one-outlet",
                "title": "Reported by A only, twice",
                "date": "2024-11-20",
                "sources": [
                    {"url": "https://a.example/3", "publisher": "A", "title": "Four"},
                    {
                        "url": "https://a.example/4",
                        "publisher": "A",
                        "title": "Five",
                        "published": "2024-11-20",
                    },
                ],
            },
            {
                "id": "unnamed",
                "title": "An outlet with no name",
                "date": "2024-11-21/2024-11-23",
                "sources": [{"url": "https://c.example/x", "published": "2024-11-23"}],
            },
            {"id": "unsourced", "title": "No source", "date": "2024-11-22"},
        ]
    )


def test_publishers_count_each_event_once():
    assert publisher_counts(_frame()) == {"A": 2, "B": 1, "(c.example)": 1}


def test_events_resting_on_a_single_outlet():
    assert single_outlet_events(_frame()) == [("one-outlet", "A"), ("unnamed", "(c.example)")]


def test_warnings_name_the_event_the_source_and_the_field():
    warnings = source_warnings(_frame())
    assert [str(w) for w in warnings] == [
        "one-outlet: source 2, published: 2024-11-20 is the event's date; "
        "check it is the page's own date",
        "unnamed: source 1, title: no title",
        "unnamed: source 1, publisher: no publisher",
        "unnamed: source 1, published: 2024-11-23 is the event's date; "
        "check it is the page's own date",
    ]
    assert warnings[1] == SourceWarning("unnamed", 1, "title", "no title")


def test_a_clean_frame_and_a_frame_without_sources_have_no_warnings():
    clean = timeline.events_frame(
        [
            {
                "id": "a",
                "title": "A",
                "date": "2024-11-19",
                "sources": [
                    {
                        "url": "https://x.example",
                        "publisher": "X",
                        "title": "T",
                        "published": "2024-11-20",
                    }
                ],
            }
        ]
    )
    assert source_warnings(clean) == []
    bare = timeline.events_frame([{"id": "a", "title": "A", "date": "2024"}])
    assert (source_warnings(bare), single_outlet_events(bare), publisher_counts(bare)) == (
        [],
        [],
        {},
    )


def test_the_bundled_data_leans_on_no_single_publisher(bundled):
    counts = publisher_counts(bundled)
    top = counts.most_common(1)[0][1]
    assert len(counts) >= 20
    assert sum(n == top for n in counts.values()) >= 3  # several publishers share the top
    assert not [w for w in source_warnings(bundled) if w.field == "publisher"]


def test_plain_python_lists_give_the_same_answers(bundled):
    plain = bundled.copy()
    plain["sources"] = [list(value) for value in bundled["sources"]]
    assert plain["sources"].dtype == object
    assert publisher_counts(plain) == publisher_counts(bundled)
    assert single_outlet_events(plain) == single_outlet_events(bundled)
    assert source_warnings(plain) == source_warnings(bundled)
