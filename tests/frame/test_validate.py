"""Checks across events: ids used twice and relation targets, whichever way ids are matched."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from timeline._frame.validate import id_positions

IDS = ["a", "b", "c", "b", "d", "a"]
TARGETS = ["b", "x", "a", "", "d"]


def test_positions_of_repeated_ids():
    first, named = id_positions(pa.array(IDS), pa.array(TARGETS))
    assert first.tolist() == [0, 1, 2, 1, 4, 0]
    assert named.tolist() == [1, -1, 0, -1, 4]


def test_positions_of_distinct_ids():
    first, named = id_positions(pa.array([*IDS[:3], "d"]), pa.array(TARGETS))
    assert first.tolist() == [0, 1, 2, 3]
    assert named.tolist() == [1, -1, 0, -1, 3]


@pytest.mark.parametrize("ids", [IDS, ["a", "b", "c", "d"]])
def test_colliding_hashes_still_give_exact_answers(ids):
    expected = id_positions(pa.array(ids), pa.array(TARGETS))
    collide = lambda array: np.zeros(len(array), np.uint64)  # noqa: E731
    got = id_positions(pa.array(ids), pa.array(TARGETS), hash=collide)
    assert [part.tolist() for part in got] == [part.tolist() for part in expected]
