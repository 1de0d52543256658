"""Checks across events: ids used twice and relation targets, whichever way ids are matched."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

import timeline._frame.validate as validate
from timeline._frame.validate import _positions

IDS = ["a", "b", "c", "b", "d", "a"]
TARGETS = ["b", "x", "a", "", "d"]


def test_positions_of_repeated_ids():
    first, named = _positions(pa.array(IDS), pa.array(TARGETS))
    assert first.tolist() == [0, 1, 2, 1, 4, 0]
    assert named.tolist() == [1, -1, 0, -1, 4]


def test_positions_of_distinct_ids():
    first, named = _positions(pa.array([*IDS[:3], "d"]), pa.array(TARGETS))
    assert first.tolist() == [0, 1, 2, 3]
    assert named.tolist() == [1, -1, 0, -1, 3]


@pytest.mark.parametrize("ids", [IDS, ["a", "b", "c", "d"]])
def test_colliding_hashes_still_give_exact_answers(monkeypatch, ids):
    expected = _positions(pa.array(ids), pa.array(TARGETS))
    monkeypatch.setattr(validate, "hash_strings", lambda array: np.zeros(len(array), np.uint64))
    got = _positions(pa.array(ids), pa.array(TARGETS))
    assert [part.tolist() for part in got] == [part.tolist() for part in expected]
