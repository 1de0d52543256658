"""Lanes: exploding list columns, lane order, sub-row packing and the y layout."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from timeline._figure.lanes import LANE_GAP, explode, order_lanes, pack, pack_lanes, stack
from timeline._frame.model import LIST_DTYPES


def _named(positions, codes, names):
    return [(int(p), names[c]) for p, c in zip(positions, codes, strict=True)]


def test_explode_arrow_list_puts_an_event_in_each_of_its_lanes():
    values = pd.Series(
        pa.array([["Ukraine", "Russia"], [], ["Ukraine"], None], type=pa.list_(pa.string())),
        dtype=LIST_DTYPES["actors"],
    )
    assert _named(*explode(values)) == [
        (0, "Ukraine"),
        (0, "Russia"),
        (1, "(none)"),
        (2, "Ukraine"),
        (3, "(none)"),
    ]


def test_explode_object_lists_tuples_arrays_strings_and_missing():
    values = pd.Series([["a", "b"], ("c",), np.array(["a"]), "d", None, [], float("nan")])
    assert _named(*explode(values)) == [
        (0, "a"),
        (0, "b"),
        (1, "c"),
        (2, "a"),
        (3, "d"),
        (4, "(none)"),
        (5, "(none)"),
        (6, "(none)"),
    ]


def test_explode_scalar_column_trims_and_merges_names():
    values = pd.Series(pd.Categorical(["treaty", None, " treaty", ""]))
    positions, codes, names = explode(values)
    assert positions.tolist() == [0, 1, 2, 3]
    assert [names[c] for c in codes] == ["treaty", "(none)", "treaty", "(none)"]
    assert codes[0] == codes[2]


def test_order_lanes_by_first_event_with_none_last():
    names = ["late", "(none)", "early"]
    codes = np.array([0, 1, 2, 0])
    times = np.array([30.0, 1.0, 10.0, 5.0])
    order, lane = order_lanes(codes, names, times)
    assert order == ["late", "early", "(none)"]  # late's first event (5) is before early's
    assert lane.tolist() == [0, 2, 1]


def test_order_lanes_named_then_declared_then_time():
    names = ["a", "b", "c", "d"]
    codes = np.arange(4)
    times = np.array([4.0, 3.0, 2.0, 1.0])
    order, _ = order_lanes(codes, names, times, lane_order=["c", "zzz"], declared=["b", "c"])
    assert order == ["c", "b", "d", "a"]


def test_order_lanes_keeps_none_where_it_is_named():
    order, _ = order_lanes(np.array([0, 1]), ["(none)", "x"], np.array([1.0, 2.0]), ["(none)"])
    assert order == ["(none)", "x"]


def test_pack_separate_items_share_one_row():
    rows, labelled = pack(np.array([0.0, 10.0, 20.0]), np.array([5.0, 15.0, 25.0]))
    assert rows.tolist() == [0, 0, 0]
    assert labelled.all()


def test_pack_overlapping_items_take_new_rows_and_reuse_free_ones():
    lo = np.array([0.0, 1.0, 2.0, 6.0])
    hi = np.array([5.0, 3.0, 8.0, 7.0])
    rows, _ = pack(lo, hi)
    # 1 overlaps 0; 2 overlaps both; 3 starts after row 1 ends at 3 (first fit: row 0 ends at 5).
    assert rows.tolist() == [0, 1, 2, 0]


def test_pack_is_order_independent_of_input_order():
    lo = np.array([6.0, 0.0, 1.0])
    hi = np.array([7.0, 5.0, 3.0])
    rows, _ = pack(lo, hi)
    assert rows.tolist() == [0, 0, 1]


def test_pack_drops_labels_when_rows_are_full():
    # Marks are points at 0, 1 and 2; each label runs 10 to the right.
    x = np.array([0.0, 1.0, 2.0])
    rows, labelled = pack(x, x + 10, x - 0.1, x + 0.1, max_rows=2)
    assert rows.tolist() == [0, 1, 0]
    # c lands on a's label, so neither keeps one: no label ever covers a mark.
    assert labelled.tolist() == [False, True, False]


def test_pack_overlaps_when_even_marks_do_not_fit():
    lo = np.array([0.0, 0.0, 0.0])
    hi = np.array([10.0, 12.0, 11.0])
    rows, labelled = pack(lo, hi, max_rows=2)
    assert rows.tolist() == [0, 1, 0]  # row 0 frees up first (10 < 12)
    assert labelled.tolist() == [False, True, False]


def test_pack_lanes_packs_each_lane_on_its_own():
    lanes = np.array([0, 1, 0, 1])
    lo = np.array([0.0, 0.0, 1.0, 10.0])
    hi = np.array([5.0, 5.0, 6.0, 15.0])
    rows, _ = pack_lanes(lanes, lo, hi, lo, hi)
    assert rows.tolist() == [0, 0, 1, 0]


def test_stack_lays_lanes_top_down_with_gaps():
    layout = stack(np.array([0, 0, 1, 2]), np.array([0, 2, 0, 1]), 3)
    assert layout.rows.tolist() == [3, 1, 2]
    assert layout.top.tolist() == pytest.approx([0, 3 + LANE_GAP, 4 + 2 * LANE_GAP])
    assert layout.centre.tolist() == pytest.approx([1, 3 + LANE_GAP, 4.5 + 2 * LANE_GAP])
    assert layout.bottom == pytest.approx(5 + 2 * LANE_GAP)
    assert len(layout.separators()) == 2
    assert layout.top[0] + 2 < layout.separators()[0] < layout.top[1]


def test_pack_drops_a_label_that_a_squeezed_in_mark_would_cover():
    # Row 0: a at 0 labelled to 10; row 1: b at 1 labelled to 11. c (mark 5 to 6) fits
    # nowhere with or without its label, so it lands in row 0 and a loses its label.
    lo = np.array([0.0, 1.0, 5.0])
    hi = np.array([10.0, 11.0, 15.0])
    mark_lo = np.array([0.0, 1.0, 5.0])
    mark_hi = np.array([0.5, 1.5, 6.0])
    rows, labelled = pack(lo, hi, mark_lo, mark_hi, max_rows=2)
    assert rows.tolist() == [0, 1, 0]
    assert labelled.tolist() == [False, True, False]
