"""Lanes of the timeline: one per value of a column, in order, with events packed into sub-rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline._figure.style import NONE_LABEL

LANE_GAP = 0.6
"""Space between two lanes, in sub-row heights."""


def explode(values: pd.Series) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(row position, value code) for every value of a column, and the names of the codes.

    A list column gives one pair per element, so an event with two actors is in two lanes;
    a missing value, an empty list or an empty name gives the lane ``(none)``.
    """
    if isinstance(values.dtype, pd.ArrowDtype) and pa.types.is_list(values.dtype.pyarrow_dtype):
        positions, flat = _explode_arrow(values)
    elif values.dtype == object:
        # explode() opens lists, tuples and arrays and keeps strings whole.
        exploded = pd.Series(values.to_numpy(), dtype=object).explode()
        positions, flat = exploded.index.to_numpy(dtype=np.int64), exploded
    else:
        positions, flat = np.arange(len(values), dtype=np.int64), values
    codes, names = _codes(flat)
    return positions, codes, names


def _explode_arrow(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    array = pa.array(values)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    parents = np.asarray(pc.list_parent_indices(array), dtype=np.int64)
    flat = pc.list_flatten(array)
    lengths = np.asarray(pc.list_value_length(array).fill_null(0), dtype=np.int64)
    empty = np.flatnonzero(lengths == 0)
    if len(empty):  # an event without values still gets a mark, in (none)
        parents = np.concatenate([parents, empty])
        flat = pa.concat_arrays([flat, pa.nulls(len(empty), flat.type)])
        order = np.argsort(parents, kind="stable")
        parents, flat = parents[order], flat.take(pa.array(order))
    return parents, pd.Series(pd.arrays.ArrowExtensionArray(flat))


def _codes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer code of each value and the cleaned name of each code (blank or NA: (none))."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    cleaned = [str(u).strip() or NONE_LABEL for u in uniques]
    if (codes < 0).any():
        cleaned.append(NONE_LABEL)
        codes = np.where(codes < 0, len(cleaned) - 1, codes)
    merged, names = pd.factorize(pd.Series(cleaned, dtype=object))  # " A" and "A" are one lane
    return merged[codes].astype(np.int64), [str(n) for n in names]


def order_lanes(
    codes: np.ndarray,
    names: Sequence[str],
    times: np.ndarray,
    lane_order: Sequence[str] | None = None,
    declared: Sequence[str] | None = None,
) -> tuple[list[str], np.ndarray]:
    """Lane names in drawing order, top first, and the lane number of each code.

    Lanes named in ``lane_order`` come first, in that order; then those in ``declared`` (a
    declared vocabulary such as ``df.attrs["categories"]``); then the rest by the time of
    their first event (``times``: float seconds per coded value, NaN when unknown).
    ``(none)`` comes last unless it is named.
    """
    first = pd.Series(times).groupby(codes).min().reindex(range(len(names)))
    used = first.index[np.isin(first.index, np.unique(codes))]
    present = pd.Series(first[used].to_numpy(), index=[names[i] for i in used])
    by_time = present.sort_values(kind="stable", na_position="last").index.tolist()
    ordered = [name for name in lane_order or [] if name in present.index]
    ordered += [name for name in declared or [] if name in present.index and name not in ordered]
    ordered += [name for name in by_time if name not in ordered and name != NONE_LABEL]
    if NONE_LABEL in present.index and NONE_LABEL not in ordered:
        ordered.append(NONE_LABEL)
    lane = {name: i for i, name in enumerate(ordered)}
    return ordered, np.array([lane.get(name, -1) for name in names], dtype=np.int64)


def pack(
    lo: np.ndarray,
    hi: np.ndarray,
    mark_lo: np.ndarray | None = None,
    mark_hi: np.ndarray | None = None,
    max_rows: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Sub-row of each item and whether its label fits, by greedy first-fit interval packing.

    Items are intervals ``[lo, hi]`` (mark and label together); an item goes to the first
    sub-row whose last interval ends before it starts. When ``max_rows`` are full, the item
    tries again with its mark alone (``[mark_lo, mark_hi]``) and loses its label; when even
    that does not fit, it goes to the sub-row that frees up first and may overlap.

    Returns
    -------
    rows : numpy.ndarray of int
        Sub-row of each item, 0 first.
    labelled : numpy.ndarray of bool
        Whether the item's label has room.
    """
    lo = np.asarray(lo, dtype=float)
    hi = np.asarray(hi, dtype=float)
    mark_lo = lo if mark_lo is None else np.asarray(mark_lo, dtype=float)
    mark_hi = hi if mark_hi is None else np.asarray(mark_hi, dtype=float)
    rows = np.zeros(len(lo), dtype=np.int64)
    labelled = np.ones(len(lo), dtype=bool)
    ends: list[float] = []
    limit = max_rows if max_rows is not None else len(lo) + 1
    for i in np.argsort(lo, kind="stable").tolist():
        row = _first_free(ends, lo[i])
        if row is None and len(ends) < limit:
            row = len(ends)
            ends.append(-np.inf)
        if row is not None:
            ends[row] = max(ends[row], hi[i])
        else:
            labelled[i] = False
            row = _first_free(ends, mark_lo[i])
            if row is None:
                row = min(range(len(ends)), key=ends.__getitem__)
            ends[row] = max(ends[row], mark_hi[i])
        rows[i] = row
    if not labelled.all():
        _unlabel_crowded(rows, lo, hi, mark_lo, mark_hi, labelled)
    return rows, labelled


def _unlabel_crowded(
    rows: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    mark_lo: np.ndarray,
    mark_hi: np.ndarray,
    labelled: np.ndarray,
) -> None:
    """Drop each label that an unlabelled mark squeezed into its sub-row now overlaps."""
    for row in np.unique(rows[~labelled]).tolist():
        members = np.flatnonzero(rows == row)
        inside = members[labelled[members]]
        others = members[~labelled[members]]
        if not len(inside) or not len(others):
            continue
        hits = (mark_lo[others][None, :] < hi[inside][:, None]) & (
            mark_hi[others][None, :] > lo[inside][:, None]
        )
        labelled[inside[hits.any(axis=1)]] = False


def _first_free(ends: list[float], start: float) -> int | None:
    for row, end in enumerate(ends):
        if end < start:
            return row
    return None


def pack_lanes(
    lanes: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    mark_lo: np.ndarray,
    mark_hi: np.ndarray,
    max_rows: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``pack`` within each lane (``lanes``: lane number of each item)."""
    rows = np.zeros(len(lanes), dtype=np.int64)
    labelled = np.ones(len(lanes), dtype=bool)
    order = np.argsort(lanes, kind="stable")
    bounds = np.flatnonzero(np.diff(lanes[order])) + 1
    for group in np.split(order, bounds):
        if len(group):
            rows[group], labelled[group] = pack(
                lo[group], hi[group], mark_lo[group], mark_hi[group], max_rows
            )
    return rows, labelled


@dataclass(frozen=True)
class Stack:
    """Where lanes sit on the numeric y axis (y grows downwards; one unit per sub-row)."""

    top: np.ndarray  # y of each lane's first sub-row
    rows: np.ndarray  # number of sub-rows of each lane

    @property
    def centre(self) -> np.ndarray:
        """y of each lane's tick label."""
        return self.top + (self.rows - 1) / 2

    @property
    def bottom(self) -> float:
        """y of the last sub-row of the last lane."""
        return float(self.top[-1] + self.rows[-1] - 1) if len(self.top) else 0.0

    def separators(self) -> np.ndarray:
        """y of the lines between lanes."""
        return self.top[1:] - (1 + LANE_GAP) / 2


def stack(lanes: np.ndarray, rows: np.ndarray, n_lanes: int) -> Stack:
    """Lay the lanes out top to bottom, each as tall as its number of sub-rows."""
    counts = np.ones(n_lanes, dtype=np.int64)
    if len(lanes):
        np.maximum.at(counts, lanes, rows + 1)
    top = np.concatenate([[0.0], np.cumsum(counts[:-1] + LANE_GAP)]) if n_lanes else np.zeros(0)
    return Stack(top.astype(float), counts)


def other_label(n: int, lane: str) -> str:
    """Name of the lane that holds the folded lanes: 'Other (212 actors)'."""
    noun = {"actors": "actors", "category": "categories", "tags": "tags"}.get(lane, "values")
    return f"Other ({n:,} {noun})"


def fold_lanes(
    names: Sequence[str],
    lanes: np.ndarray,
    max_lanes: int,
    keep: Sequence[str] | None = None,
    label: str = "Other",
) -> tuple[list[str], np.ndarray, list[str]]:
    """At most ``max_lanes`` lanes: the busiest stay, the rest fold into one last lane.

    ``lanes`` holds the lane number of each mark (an index into ``names``). Lanes named in
    ``keep`` stay first, then those with most marks (ties: the earlier lane) until
    ``max_lanes - 1`` lanes are kept; kept lanes keep their order. The others become the
    lane ``label``, drawn last.

    Returns
    -------
    names : list of str
        The kept lanes' names, then ``label`` when some were folded.
    lanes : numpy.ndarray of int
        New lane number of each mark.
    folded : list of str
        Names of the folded lanes, in their former order.
    """
    if len(names) <= max(max_lanes, 1):
        return list(names), lanes, []
    budget = max(max_lanes - 1, 0)
    marks = np.bincount(lanes, minlength=len(names))
    named = [i for i, name in enumerate(names) if name in set(keep or [])][:budget]
    busiest = [i for i in np.argsort(-marks, kind="stable").tolist() if i not in named]
    kept = sorted(named + busiest[: budget - len(named)])
    folded = [names[i] for i in range(len(names)) if i not in set(kept)]
    new = np.full(len(names), len(kept), dtype=np.int64)
    new[kept] = np.arange(len(kept))
    return [names[i] for i in kept] + [label], new[lanes], folded
