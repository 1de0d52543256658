"""Checks across events: dates, unique ids, relation targets, and cycles in time order."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline._frame.arrowtext import filled, hash_strings
from timeline._frame.dates import DateColumns, as_texts, parse_columns
from timeline._frame.errors import Problem
from timeline._frame.limits import limit, over_limit
from timeline._frame.model import ORDERING_RELATIONS, RELATION_TYPES
from timeline._frame.pool import ready

Locate = Callable[[int, "str | None"], "tuple[str, int | None]"]
"""Where event number i (and one of its fields) was read: (file, line)."""


def check_events(
    columns: Mapping[str, Any], locate: Locate | Sequence[Any], pool: Executor | None = None
) -> tuple[list[Problem], DateColumns]:
    """Problems that need all events together, and the parsed dates.

    Columns may be futures (``timeline._frame.pool.ready``); with a pool, the dates are parsed on it
    while this thread looks at ids and relations.
    """
    if not callable(locate):
        located = locate
        locate = lambda i, key: located[i].where(key)  # noqa: E731
    dates_later = pool.submit(_dates, columns) if pool is not None else None
    # Ids stay in Arrow: a million of them as Python strings cost more than all the checks.
    ids = as_texts(ready(columns["id"]))
    problems: list[Problem] = []

    def report(i: int, key: str | None, message: str, at: str | None = None) -> None:
        file, line = locate(i, at or key)
        problems.append(Problem(file, line, message, ids[i].as_py() or None, key))

    for key in _TEXT_FIELDS:
        for i, length in _too_long(columns.get(key)):
            report(i, key, "a value of " + over_limit("characters", length, _VALUE_LIMIT))
    source, kinds, targets = _relation_arrays(ready(columns["relations"]))
    first, named = id_positions(ids, targets)
    dates = dates_later.result() if dates_later is not None else _dates(columns)
    for i, (key, message) in sorted(dates.errors.items()):
        report(i, key, message)
    for i, key, message in dates.also:
        report(i, key, message)

    present, no_target = filled(ids), ~filled(targets)
    named[no_target] = -1
    for at in np.flatnonzero(present & (first != np.arange(len(first)))):
        i = int(at)
        file, line = locate(int(first[i]), "id")
        report(
            i,
            "id",
            f"id {ids[i].as_py()!r} is used again (first at {file}:{line}); "
            "ids must be unique across all files read together",
        )

    known = (named >= 0) | no_target
    # Number of each relation within its event (sources are sorted), for its line.
    number = np.arange(len(source)) - np.searchsorted(source, source) + 1
    unknown = pa.array(~known)
    kind, target = kinds.filter(unknown).to_pylist(), targets.filter(unknown).to_pylist()
    for i, k, t, n in zip(source[~known], kind, target, number[~known], strict=True):
        report(
            int(i),
            "relations",
            f"{k if k in RELATION_TYPES else repr(k)} target {t!r} is not the id of any event read",
            f"relations #{n}",
        )
    for cycle in _cycles(source, kinds, named):
        path = " -> ".join(f"{ids[i].as_py()}" for i in cycle)
        report(
            cycle[0],
            "relations",
            f"follows/responds_to relations form a cycle ({path}); "
            "an event cannot come after itself",
        )
    return problems, dates


_TEXT_FIELDS = ("title", "summary", "category", "location")
_VALUE_LIMIT = "TIMELINE_MAX_VALUE_BYTES"


def _too_long(column: Any) -> list[tuple[int, int]]:
    """(position, length) of the values longer than the value limit, at most ten of them.

    A value's bytes bound its characters, so Arrow columns are first measured by their offsets
    alone (no copy of the text); only a column with a value past the limit in bytes is looked
    at closely.
    """
    if column is None:
        return []
    values = ready(column)
    longest = limit(_VALUE_LIMIT)
    if _bytes_within(values, longest):
        return []
    texts = as_texts(values)
    lengths = pc.utf8_length(texts)
    if len(texts) == 0 or (pc.max(lengths).as_py() or 0) <= longest:
        return []
    over = np.flatnonzero(np.asarray(pc.greater(lengths, longest), dtype=bool))[:10]
    return [(int(i), int(lengths[int(i)].as_py())) for i in over]


def _bytes_within(values: Any, longest: int) -> bool:
    """Whether every value of an Arrow text column (or a pandas one on Arrow) has at most
    ``longest`` bytes; False when that cannot be told cheaply."""
    if isinstance(values, pd.Series | pd.Index):
        values = values.array
    if isinstance(values, pd.arrays.ArrowStringArray | pd.arrays.ArrowExtensionArray):
        values = pa.array(values)
    if not isinstance(values, pa.Array | pa.ChunkedArray):
        return False
    if pa.types.is_dictionary(values.type):
        chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
        return all(_bytes_within(chunk.dictionary, longest) for chunk in chunks)
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        return False
    if len(values) == 0:
        return True
    return (pc.max(pc.binary_length(values)).as_py() or 0) <= longest


def _dates(columns: Mapping[str, Any]) -> DateColumns:
    return parse_columns(ready(columns["date"]), ready(columns["end"]))


def id_positions(
    ids: pa.Array,
    targets: pa.Array,
    *,
    hash: Callable[[pa.Array], np.ndarray] = hash_strings,
) -> tuple[np.ndarray, np.ndarray]:
    """Where each id is first used, and which event each target names (-1: none).

    ``hash`` only decides whether the quick path (every id distinct) may be taken; colliding
    hashes send the ids the exact way, so any hash gives the same answer.
    """
    if targets.type != ids.type:
        targets = targets.cast(ids.type)
    hashes = np.sort(hash(ids))
    if len(hashes) > 1 and (hashes[1:] == hashes[:-1]).any():
        return _positions_of_repeated(ids, targets)
    # Every id is distinct: only the few ids that are targets need looking up.
    named = np.full(len(targets), -1, dtype=np.int64)
    if len(targets):
        hit = np.flatnonzero(np.asarray(pc.is_in(ids, value_set=targets), dtype=bool))
        found = np.asarray(pc.index_in(targets, value_set=ids.take(pa.array(hit))).fill_null(-1))
        named[found >= 0] = hit[found[found >= 0]]
    return np.arange(len(ids)), named


def _positions_of_repeated(ids: pa.Array, targets: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """id_positions where some ids repeat (or two hashes meet): one hash pass over ids and targets.

    A million ids as Python strings (or three Arrow lookups, one per question) took longer than
    everything else the checks do.
    """
    codes = np.asarray(pc.dictionary_encode(pa.concat_arrays([ids, targets])).indices)
    id_codes, target_codes = codes[: len(ids)], codes[len(ids) :]
    # Arrow numbers values in order of first appearance, so the event that first uses each
    # code is where the running maximum of codes goes up; checked, with a sort to fall back on.
    rising = np.empty(len(id_codes), dtype=bool)
    rising[:1] = True
    np.greater(id_codes[1:], np.maximum.accumulate(id_codes)[:-1], out=rising[1:])
    firsts = np.flatnonzero(rising)
    if not np.array_equal(id_codes[firsts], np.arange(len(firsts))):
        _, firsts = np.unique(id_codes, return_index=True)
    where = np.full(int(codes.max(initial=-1)) + 1, -1, dtype=np.int64)
    where[id_codes[firsts]] = firsts
    named = where[target_codes] if len(target_codes) else np.zeros(0, dtype=np.int64)
    return where[id_codes], named


def _relation_arrays(relations: Any) -> tuple[np.ndarray, pa.Array, pa.Array]:
    """(event position, type, target) for every relation, types and targets left in Arrow."""
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
    return source, flat.field("type").fill_null(""), flat.field("target").fill_null("")


def flatten_relations(relations: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(event position, type, target) for every relation of every event."""
    source, kind, target = _relation_arrays(relations)
    return (
        source,
        np.asarray(kind.to_numpy(zero_copy_only=False), dtype=object),
        np.asarray(target.to_numpy(zero_copy_only=False), dtype=object),
    )


def _cycles(source: np.ndarray, kind: pa.Array, named: np.ndarray) -> list[list[int]]:
    """Each cycle among ordering relations once, as event positions ending where it began."""
    ordering = np.asarray(pc.is_in(kind, value_set=pa.array(ORDERING_RELATIONS)), dtype=bool)
    if not ordering.any():
        return []
    position = named[ordering]
    linked = position >= 0
    tails, heads = source[ordering][linked], position[linked]
    if (tails > heads).all() or (tails < heads).all():
        return []  # every relation points the same way in file order: no way round to a cycle
    edges: dict[int, list[int]] = {}
    for s, t in zip(tails.tolist(), heads.tolist(), strict=True):
        edges.setdefault(s, []).append(t)
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
