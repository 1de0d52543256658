"""A batch of records becomes the same columns, and the same problems, whichever way it goes."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

from timeline._frame.arrowrecords import batch_columns
from timeline._frame.records import Located, check_many, columns_of

PLAIN = {
    "id": "ev-1",
    "title": "Landmines approved",
    "date": "2024-11-19",
    "end": "2024-11-20",
    "summary": "The US approves antipersonnel landmines for Ukraine.",
    "actors": ["United States", "Ukraine"],
    "category": "decision",
    "location": "Washington",
    "tags": ["landmines"],
    "sources": [
        {
            "url": "https://example.org/a",
            "publisher": "Example",
            "title": "Approved",
            "published": "2024-11-20",
        }
    ],
    "relations": [{"type": "follows", "target": "ev-0"}],
    "importance": 3,
}
SPARSE = {"id": "ev-2", "title": "Confirmed", "date": "2024-11-20"}


def _with(**changes):
    record = copy.deepcopy(PLAIN)
    for key, value in changes.items():
        if value is KeyError:
            del record[key]
        else:
            record[key] = value
    return record


# Each is a record the Arrow conversion would take, or take wrongly, and the checks must see.
UNUSUAL = {
    "names as one text": _with(actors="United States"),
    "a name with spaces around": _with(tags=[" landmines "]),
    "an empty name": _with(actors=["Ukraine", ""]),
    "a missing name": _with(actors=["Ukraine", None]),
    "a set of names": _with(actors={"Ukraine"}),
    "true as importance": _with(importance=True),
    "infinite importance": _with(importance=math.inf),
    "NaN importance": _with(importance=math.nan),
    "a huge importance": _with(importance=10**400),
    "text as importance": _with(importance="3"),
    "an unknown key": _with(status="final"),
    "an unknown source key": _with(sources=[{"url": "https://example.org/a", "page": "3"}]),
    "a source naming nothing": _with(sources=[{"quote": "a quote"}]),
    "a source as text": _with(sources=["https://example.org/a"]),
    "a bad url": _with(sources=[{"url": "example.org/a"}]),
    "an empty source field": _with(sources=[{"url": "https://example.org/a", "title": ""}]),
    "a bad published date": _with(sources=[{"url": "https://example.org/a", "published": "x"}]),
    "an unknown relation": _with(relations=[{"type": "causes", "target": "ev-0"}]),
    "a relation without target": _with(relations=[{"type": "follows"}]),
    "a number as title": _with(title=5),
    "a blank title": _with(title="  "),
    "no date": _with(date=KeyError),
    "a bad id": _with(id="not an id"),
    "an id with spaces around": _with(id=" ev-1 "),
    "title with spaces around": _with(title="  Landmines approved\u00a0"),
    "a category outside the vocabulary": _with(category="rumour"),
    "not a mapping": ["ev-1", "Landmines approved"],
}


def _as_lists(columns):
    return {
        name: (
            [None if math.isnan(x) else x for x in values.tolist()]
            if isinstance(values, np.ndarray)
            else values.to_pylist()
        )
        for name, values in columns.items()
    }


def _expected(records, vocabulary):
    located = [Located(record, "f.json", i + 1) for i, record in enumerate(records)]
    problems = check_many(records, located.__getitem__, vocabulary)
    columns = columns_of(records)
    columns["importance"] = [None if math.isnan(x) else x for x in columns["importance"]]
    return columns, problems


def _batch(records, vocabulary, convert=True):
    located = [Located(record, "f.json", i + 1) for i, record in enumerate(records)]
    columns, problems = batch_columns(records, located.__getitem__, vocabulary, convert=convert)
    return _as_lists(columns), problems


@pytest.mark.parametrize("vocabulary", [None, ["decision", "report"]])
def test_a_plain_batch_gives_the_columns_of_columns_of(vocabulary):
    records = [PLAIN, SPARSE, _with(id="ev-3", importance=2.5, relations=None, sources=None)]
    assert _batch(records, vocabulary) == _expected(records, vocabulary)


@pytest.mark.parametrize("name", list(UNUSUAL))
def test_an_unusual_record_gives_the_same_columns_and_problems(name):
    records = [PLAIN, UNUSUAL[name], SPARSE]
    vocabulary = ["decision", "report"]
    columns, problems = _batch(records, vocabulary)
    expected_columns, expected_problems = _expected(records, vocabulary)
    assert columns == expected_columns
    assert problems == expected_problems


def test_an_empty_batch_has_empty_columns():
    columns, problems = _batch([], None)
    assert problems == []
    assert all(values == [] for values in columns.values())


def test_the_problems_name_the_event_and_field():
    records = [PLAIN, _with(id="ev-9", importance="lots")]
    _, problems = _batch(records, None)
    assert [(p.line, p.event, p.field) for p in problems] == [(2, "ev-9", "importance")]


def test_values_arrow_would_take_as_text_are_checked_when_asked():
    # A YAML !!binary tag makes bytes, which Arrow takes as text: the YAML reader asks for
    # the checks event by event wherever the word 'binary' is in the batch's text.
    records = [PLAIN, _with(title=b"Landmines")]
    assert _batch(records, None, convert=False) == _expected(records, None)
    _columns, problems = _batch(records, None, convert=False)
    assert [p.field for p in problems] == ["title"]


def test_a_whole_number_too_large_for_any_float_is_not_a_number():
    _, problems = _batch([_with(importance=10**400)], None)
    assert [p.message for p in problems] == [
        "a whole number of 401 digits is too large; write importance as a number such as 3"
    ]
