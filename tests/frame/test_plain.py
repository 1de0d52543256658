"""The cheap pass over plain events never passes an event that the detailed checks refuse."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

import timeline
from timeline._frame.plain import is_plain
from timeline._frame.records import Located, check_records

GOOD = {
    "id": "a-1",
    "title": "Treaty adopted",
    "date": "1997-09-18",
    "end": "1997-12",
    "summary": "Text",
    "category": "law",
    "location": "Kyoto",
    "actors": ["UN", "EU"],
    "tags": "climate",
    "importance": 3,
    "sources": [{"url": "https://e.org/a", "publisher": "P", "published": "1997"}],
    "relations": [{"type": "follows", "target": "b"}],
}
ODD_VALUES: list[Any] = [
    None, "", "  ", "x", "bad id!", "ftp://e.org", "https://e.org", 0, 7, -1.5, True,
    float("nan"), float("inf"), dt.date(2024, 1, 2), [], ["x"], ["x", 3], [None], [{}],
    [{"url": "nope"}], [{"title": " "}], [{"type": "follows"}], [{"type": "x", "target": "b"}],
    [{"type": "follows", "target": "b", "extra": 1}], [{"quote": 3, "title": "t"}], {}, {"a": 1},
    "follows", "law",
]  # fmt: skip


def _variants():
    yield dict(GOOD)
    for key, value in itertools.product([*GOOD, "unknown", "Title"], ODD_VALUES):
        record = dict(GOOD)
        record[key] = value
        yield record
    for key in GOOD:
        yield {k: v for k, v in GOOD.items() if k != key}
    yield ["not", "a", "mapping"]
    yield "text"


@pytest.mark.parametrize("vocabulary", [None, ["law", "policy"], ["policy"]])
def test_a_record_passed_as_plain_has_no_problem(vocabulary):
    known = None if vocabulary is None else frozenset(vocabulary)
    passed = 0
    for record in _variants():
        if is_plain(record, known):
            passed += 1
            found = check_records([Located(record, "<records>", 1)], vocabulary)
            assert found == [], (record, found)
    assert passed > (1 if vocabulary == ["policy"] else 20)  # the common case is cheap


def test_messages_are_the_same_whichever_pass_an_event_takes():
    records = [dict(GOOD, id=f"e{i}", relations=[]) for i in range(3)]
    records[1]["importance"] = "high"
    records[2]["sources"] = [{"url": "https://e.org", "published": "1997-13"}]
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.events_frame(records, categories=["law"])
    assert [(p.line, p.event, p.field) for p in caught.value.problems] == [
        (2, "e1", "importance"),
        (3, "e2", "sources"),
    ]
