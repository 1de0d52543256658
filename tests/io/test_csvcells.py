"""Event columns and checks built from CSV cells, against what the plain rules say."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from timeline._frame.model import ID_PATTERN
from timeline._io.csvcells import (
    _URL,
    bad_ids,
    bad_urls,
    importance_numbers,
    relation_lists,
    split_list,
)


def chunked(values: list[str], size: int = 3) -> pa.ChunkedArray:
    return pa.chunked_array(
        [pa.array(values[at : at + size], type=pa.string()) for at in range(0, len(values), size)]
    )


IDS = ["us-apl-approval", "UKR12345", "a.b_c-d", "", "-lead", "bad id", "ok/no", "ünï", "x", "é1"]
URLS = [
    "https://example.org/a",
    "http://example.org",
    "HTTPS://EXAMPLE.ORG/x",
    "https://",
    "https:// space.org",
    "https://example.org/a b",
    "ftp://example.org",
    "example.org",
    "",
    "https://.example.org",
    "https://ex\tample.org",
    "http://x",
    "https://example.org/\u00a0nbsp",
]


def test_bad_ids_match_the_id_pattern():
    expected = [bool(text) and not re.fullmatch(ID_PATTERN, text) for text in IDS]
    assert bad_ids(chunked(IDS)).tolist() == expected


def test_bad_urls_match_the_url_rule():
    # _URL for RE2, whose \\s is [\\t\\n\\f\\r ], in Python's terms.
    rule = re.compile(r"(?i)https?://[^\t\n\f\r /$.?#][^\t\n\f\r ]*\Z")
    expected = [bool(text) and not rule.match(text) for text in URLS]
    assert bad_urls(chunked(URLS)).tolist() == expected
    re2 = pc.match_substring_regex(pa.array(URLS), _URL).to_pylist()
    assert expected == [bool(text) and not matched for text, matched in zip(URLS, re2, strict=True)]


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("NATO; United States", ["NATO", "United States"]),
        ("a;;b; ", ["a", "b"]),
        ("", []),
        ("\u3000x\u3000;y", ["x", "y"]),
        ("one", ["one"]),
    ],
)
def test_lists_are_split_and_trimmed(cell, names):
    column = chunked(["first", cell, "last"], size=2)
    assert split_list(column).to_pylist() == [["first"], names, ["last"]]


def test_relations_become_type_and_target():
    column = chunked(["responds_to:a; follows : b", "", "broken"])
    assert relation_lists(column).to_pylist() == [
        [{"type": "responds_to", "target": "a"}, {"type": "follows", "target": "b"}],
        [],
        [{"type": "broken", "target": ""}],
    ]


def test_importance_numbers_and_the_cells_that_are_not():
    column = chunked(["3", "", "2.5", "lots", "1_000"])
    ids = chunked(["a", "b", "c", "d", "e"])
    numbers, problems = importance_numbers(column, lambda row, key: ("f.csv", row + 2), ids)
    assert np.array_equal(numbers, [3, np.nan, 2.5, np.nan, 1000], equal_nan=True)
    assert [(p.line, p.event, p.field) for p in problems] == [(5, "d", "importance")]
    assert "'lots' is not a number" in problems[0].message
