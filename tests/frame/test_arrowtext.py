"""Cleaning cells, dropping rows and building source lists on chunked Arrow columns."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from timeline._frame.arrowtext import (
    clean_cells,
    drop_rows,
    empty_as_null,
    empty_strings,
    hash_strings,
    struct_lists,
)


def chunked(*chunks: list[str]) -> pa.ChunkedArray:
    return pa.chunked_array([pa.array(chunk, type=pa.string()) for chunk in chunks])


def test_cells_are_trimmed_and_unguarded():
    column = chunked(["  a ", "b", "\u00a0c\u3000"], ["'=1+1", "'x", "''y", "", "d"])
    assert clean_cells(column).to_pylist() == ["a", "b", "c", "=1+1", "'x", "'y", "", "d"]


def test_clean_cells_leave_clean_chunks_as_they_are():
    chunk = pa.array(["a", "b c", "", "“quoted”"])
    cleaned = clean_cells(pa.chunked_array([chunk]))
    assert cleaned.to_pylist() == chunk.to_pylist()


@pytest.mark.parametrize("removed", [["", ""], ["x", ""]])
def test_dropping_rows_keeps_the_rest_in_order(removed):
    column = chunked(["a", removed[0], "b"], [removed[1], "c"])
    keep = np.array([True, False, True, False, True])
    kept = drop_rows(column, keep)
    assert kept.to_pylist() == ["a", "b", "c"]
    assert [len(chunk) for chunk in kept.chunks] == [2, 1]


def test_dropping_only_empty_cells_shares_the_text():
    column = chunked(["abc", "", "de"])
    kept = drop_rows(column, np.array([True, False, True]))
    assert kept.chunk(0).buffers()[2].address == column.chunk(0).buffers()[2].address


def test_struct_lists_follow_offsets_across_chunks():
    urls = chunked(["u0", "u1", "u2"], ["u3", ""], ["u5"])
    names = chunked(["n0", "", "n2"], ["n3", "n4"], [""])
    fields = [pa.field("url", pa.string()), pa.field("name", pa.string())]
    # Event 1's sources are rows 1-3: its list crosses the first chunk boundary.
    offsets = np.array([0, 1, 4, 4, 6])
    lists = struct_lists(offsets, [urls, names], fields)
    assert lists.to_pylist() == [
        [{"url": "u0", "name": "n0"}],
        [{"url": "u1", "name": None}, {"url": "u2", "name": "n2"}, {"url": "u3", "name": "n3"}],
        [],
        [{"url": None, "name": "n4"}, {"url": "u5", "name": None}],
    ]


def test_struct_lists_of_nothing():
    empty = empty_strings(0)
    lists = struct_lists(np.zeros(3, dtype=np.int64), [empty], [pa.field("url", pa.string())])
    assert lists.to_pylist() == [[], []]


def test_equal_strings_hash_equal_and_lengths_tell_apart():
    texts = ["", "a", "a\x00", "ab", "abcdefgh", "abcdefghi", "abcdefgh\x01", "x" * 17, "x" * 16]
    texts += ["ünïcødé-" * k for k in range(1, 6)]
    array = pa.array(texts + texts[::-1])
    hashes = hash_strings(array)
    assert (hashes[: len(texts)] == hashes[len(texts) :][::-1]).all()
    assert len(set(hashes[: len(texts)].tolist())) == len(texts)


def test_hashes_of_a_slice_match_the_whole():
    array = pa.array([f"id-{i}-" * (i % 5 + 1) for i in range(1000)])
    assert (hash_strings(array.slice(100, 50)) == hash_strings(array)[100:150]).all()


def test_struct_lists_of_columns_chunked_differently():
    urls = chunked(["u0", "u1", "u2"], ["u3", ""], ["u5"])
    names = pa.chunked_array([pa.array(["n0", "", "n2", "n3", "n4", ""])])
    fields = [pa.field("url", pa.string()), pa.field("name", pa.string())]
    lists = struct_lists(np.array([0, 1, 4, 4, 6]), [urls, names], fields)
    assert lists.to_pylist() == [
        [{"url": "u0", "name": "n0"}],
        [{"url": "u1", "name": None}, {"url": "u2", "name": "n2"}, {"url": "u3", "name": "n3"}],
        [],
        [{"url": None, "name": "n4"}, {"url": "u5", "name": None}],
    ]


def test_empty_as_null_of_a_slice_shares_its_buffers():
    whole = pa.array(["a", "", "b", "", "c"])
    part = whole.slice(1, 3)
    nulled = empty_as_null(part)
    assert nulled.to_pylist() == [None, "b", None]
    assert nulled.buffers()[2].address == whole.buffers()[2].address
