"""Checks across events: dates, unique ids, relation targets, and cycles in time order."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._dates import DateColumns, parse_columns
from ._errors import Problem
from ._model import ORDERING_RELATIONS, RELATION_TYPES

Locate = Callable[[int, "str | None"], "tuple[str, int | None]"]
"""Where event number i (and one of its fields) was read: (file, line)."""


def check_events(
    columns: Mapping[str, Any], locate: Locate | Sequence[Any]
) -> tuple[list[Problem], DateColumns]:
    """Problems that need all events together, and the parsed dates."""
    if not callable(locate):
        located = locate
        locate = lambda i, key: located[i].where(key)  # noqa: E731
    ids = np.asarray(pd.Series(columns["id"], dtype="str").fillna(""), dtype=object)
    problems: list[Problem] = []

    def report(i: int, key: str | None, message: str, at: str | None = None) -> None:
        file, line = locate(i, at or key)
        problems.append(Problem(file, line, message, ids[i] or None, key))

    dates = parse_columns(pd.Series(columns["date"]), pd.Series(columns["end"]))
    for i, (key, message) in sorted(dates.errors.items()):
        report(i, key, message)
    for i, key, message in dates.also:
        report(i, key, message)

    present = ids != ""
    duplicated = pd.Series(ids).duplicated(keep="first").to_numpy() & present
    if duplicated.any():
        first = {value: i for i, value in reversed(list(enumerate(ids)))}
        for at in np.flatnonzero(duplicated):
            i = int(at)
            file, line = locate(first[ids[i]], "id")
            report(
                int(i),
                "id",
                f"id {ids[i]!r} is used again (first at {file}:{line}); "
                "ids must be unique across all files read together",
            )

    source, kind, target = flatten_relations(columns["relations"])
    # A hash lookup: np.isin on object arrays takes seconds for tens of thousands of events.
    known = pd.Series(target, dtype=object).isin(ids[present]).to_numpy(dtype=bool, copy=True)
    known |= target == ""
    # Number of each relation within its event (sources are sorted), for its line.
    number = np.arange(len(source)) - np.searchsorted(source, source) + 1
    for i, k, t, n in zip(
        source[~known], kind[~known], target[~known], number[~known], strict=True
    ):
        report(
            int(i),
            "relations",
            f"{k if k in RELATION_TYPES else repr(k)} target {t!r} is not the id of any event read",
            f"relations #{n}",
        )
    for cycle in _cycles(ids, source, kind, target):
        path = " -> ".join(f"{ids[i]}" for i in cycle)
        report(
            cycle[0],
            "relations",
            f"follows/responds_to relations form a cycle ({path}); "
            "an event cannot come after itself",
        )
    return problems, dates


def flatten_relations(relations: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(event position, type, target) for every relation of every event."""
    if isinstance(relations, pd.Series):
        relations = relations.array
    if isinstance(relations, pd.arrays.ArrowExtensionArray):
        relations = pa.array(relations)
    if not isinstance(relations, pa.Array | pa.ChunkedArray):
        relations = pa.array(
            list(relations),
            type=pa.list_(pa.struct([("type", pa.string()), ("target", pa.string())])),
        )
    if isinstance(relations, pa.ChunkedArray):
        relations = relations.combine_chunks()
    flat = pc.list_flatten(relations)
    source = np.asarray(pc.list_parent_indices(relations), dtype=np.int64)
    kind = np.asarray(flat.field("type").fill_null("").to_numpy(zero_copy_only=False), dtype=object)
    target = np.asarray(
        flat.field("target").fill_null("").to_numpy(zero_copy_only=False), dtype=object
    )
    return source, kind, target


def _cycles(
    ids: np.ndarray, source: np.ndarray, kind: np.ndarray, target: np.ndarray
) -> list[list[int]]:
    """Each cycle among ordering relations once, as event positions ending where it began."""
    ordering = np.isin(kind, ORDERING_RELATIONS)
    if not ordering.any():
        return []
    position = {value: i for i, value in enumerate(ids) if value}
    edges: dict[int, list[int]] = {}
    for s, t in zip(source[ordering], target[ordering], strict=True):
        if t in position:
            edges.setdefault(int(s), []).append(position[t])
    # Kahn's algorithm leaves exactly the events on or behind a cycle.
    indegree: dict[int, int] = dict.fromkeys(edges, 0)
    for targets in edges.values():
        for t in targets:
            indegree[t] = indegree.get(t, 0) + 1
    ready = [node for node, degree in indegree.items() if degree == 0]
    while ready:
        node = ready.pop()
        for t in edges.get(node, []):
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    remaining = {node for node, degree in indegree.items() if degree > 0}
    cycles: list[list[int]] = []
    seen: set[int] = set()
    for start in sorted(remaining):
        if start in seen:
            continue
        path: list[int] = []
        index: dict[int, int] = {}
        node = start
        while node not in index and node not in seen:
            index[node] = len(path)
            path.append(node)
            node = next(t for t in edges.get(node, []) if t in remaining)
        seen.update(path)
        if node in index:
            cycle = path[index[node] :]
            cycles.append([*cycle, cycle[0]])
    return cycles
