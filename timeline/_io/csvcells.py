"""Event columns and checks made from cleaned CSV cells, each column on its own."""

from __future__ import annotations

import difflib
import math
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from timeline._frame.arrowtext import (
    byte_table,
    drop_rows,
    empty_as_null,
    filled,
    first_bytes,
    rows_with_bytes,
    struct_lists,
)
from timeline._frame.dates import date_errors
from timeline._frame.errors import Problem
from timeline._frame.fields import URL, invalid_id, not_a_number, required_missing, url_problem
from timeline._frame.model import RELATION, RELATION_TYPES, SOURCE, SOURCE_FIELDS, STRING_LIST

REQUIRED_COLUMNS = ("id", "title", "date")
LIST_SEPARATOR = ";"
Locate = Callable[[int, "str | None"], "tuple[str, int | None]"]
"""Where row i of a column (and one of its fields) was read: (file, line)."""


def filtered(get: Callable[[str], pa.Array], mask: np.ndarray) -> Callable[[str], pa.Array]:
    """``get`` restricted to the rows in mask, each column filtered once (or not at all)."""
    if mask.all():
        return get
    done: dict[str, pa.Array] = {}
    lock = threading.Lock()  # tasks on several threads ask for the same columns

    def get_kept(name: str) -> pa.Array:
        with lock:
            if name not in done:
                done[name] = drop_rows(get(name), mask)
            return done[name]

    return get_kept


def continuation_rows(get: Callable[[str], pa.Array]) -> np.ndarray:
    """Rows that only add another source to the event of the row above (same id, no title/date)."""
    ids = get("id")
    blank = ~filled(get("title")) & ~filled(get("date"))
    same = np.zeros(len(ids), dtype=bool)
    if len(ids) > 1:
        repeated = pc.and_(pc.equal(ids[1:], ids[:-1]), pc.not_equal(ids[1:], ""))
        same[1:] = np.asarray(repeated, dtype=bool)
    return same & blank


EVENT_ONLY_COLUMNS = (
    "end", "summary", "actors", "category", "location", "tags", "relations", "importance",
)  # fmt: skip
"""Columns read from an event's first row only; a continuation row adds just a source."""


def continuation_problems(
    cells: Callable[[str], pa.Array], more: np.ndarray, locate_row: Locate, names: list[str]
) -> list[Problem]:
    """A problem for each continuation row with cells that only an event's first row holds."""
    if not more.any():
        return []
    extra = {
        name: np.asarray(filled(cells(name)), dtype=bool) & more
        for name in EVENT_ONLY_COLUMNS
        if name in names
    }
    ids = cells("id")
    problems = []
    for row in np.flatnonzero(np.logical_or.reduce(list(extra.values()), initial=False)):
        found = [name for name, mask in extra.items() if mask[row]]
        file, line = locate_row(int(row), None)
        problems.append(
            Problem(
                file,
                line,
                f"this row adds a source to the event above (same id, no title or date), which "
                f"takes only source_* cells, but it also has {', '.join(found)}; move them to "
                "the event's first row, or give this row a title and date of its own",
                ids[int(row)].as_py() or None,
                found[0],
            )
        )
    return problems


def _fixed(message: str) -> Callable[[int], str]:
    return lambda _: message


def row_problems(
    get: Callable[[str], pa.Array],
    locate: Locate,
    get_relations: Callable[[], pa.Array],
) -> list[Problem]:
    """Problems within each event's row: required cells, ids and relations."""
    problems: list[Problem] = []
    ids = get("id")

    def report(mask: Any, key: str, message: Callable[[int], str]) -> None:
        for row in np.flatnonzero(np.asarray(mask, dtype=bool)):
            file, line = locate(int(row), key)
            event = ids[int(row)].as_py() or None
            problems.append(Problem(file, line, message(int(row)), event, key))

    for key in REQUIRED_COLUMNS:
        report(~filled(get(key)), key, _fixed(required_missing(key)))
    bad_id = bad_ids(ids)
    report(
        bad_id,
        "id",
        lambda r: invalid_id(ids[r].as_py()),
    )
    relations = get_relations()  # split by another task, which was handed out first
    parent = np.asarray(pc.list_parent_indices(relations))
    flat = pc.list_flatten(relations)
    kinds = flat.field("type")
    targets = flat.field("target")
    no_target = np.asarray(pc.equal(targets, ""), dtype=bool)
    bad_kind = ~np.asarray(pc.is_in(kinds, pa.array(RELATION_TYPES)), dtype=bool) & ~no_target
    for at in np.flatnonzero(no_target | bad_kind):
        row, kind = int(parent[at]), kinds[int(at)].as_py()
        if no_target[at]:
            message = f"{kind!r} is not type:target (for example responds_to:us-apl-approval)"
        else:
            hint = difflib.get_close_matches(kind, RELATION_TYPES, n=1)
            did_you_mean = f"did you mean {hint[0]!r}? " if hint else ""
            message = (
                f"{kind!r} is not a relation type; {did_you_mean}"
                f"allowed: {', '.join(RELATION_TYPES)}"
            )
        file, line = locate(row, "relations")
        problems.append(Problem(file, line, message, ids[row].as_py() or None, "relations"))
    return problems


def source_problems(get: Callable[[str], pa.Array], locate: Locate) -> list[Problem]:
    """Problems in the source cells of every row, continuation rows included."""
    problems: list[Problem] = []
    ids = get("id")
    urls = get("source_url")
    for row in np.flatnonzero(bad_urls(urls)):
        file, line = locate(int(row), "source_url")
        message = url_problem(urls[int(row)].as_py())
        problems.append(Problem(file, line, message, ids[int(row)].as_py() or None, "source_url"))
    for at, message in sorted(date_errors(get("source_published"), "source_published").items()):
        file, line = locate(at, "source_published")
        problems.append(Problem(file, line, message, ids[at].as_py() or None, "source_published"))
    return problems


_ID_BYTES = byte_table(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
_ID_FIRST = byte_table(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_URL = f"(?i)^{URL.pattern}$"
"""A web address as the CSV reader takes it (RE2: ``\\s`` is ASCII whitespace)."""
_URL_SPACE = byte_table(b"\t\n\x0c\r ")
_NOT_URL_HOST = byte_table(b"\x00\t\n\x0c\r /$.?#")


def _per_chunk(check: Callable[[pa.Array], np.ndarray], column: pa.ChunkedArray) -> np.ndarray:
    parts = [check(chunk) for chunk in column.chunks]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def bad_ids(ids: pa.ChunkedArray) -> np.ndarray:
    """Ids that do not match ID_PATTERN, read from their bytes (a regex took longer)."""

    def bad(chunk: pa.Array) -> np.ndarray:
        given = filled(chunk)
        wrong = rows_with_bytes(chunk, ~_ID_BYTES) | ~_ID_FIRST[first_bytes(chunk)]
        return given & wrong

    return _per_chunk(bad, ids)


def bad_urls(urls: pa.ChunkedArray) -> np.ndarray:
    """Source addresses that do not match _URL; the regex runs only where bytes leave doubt."""

    def bad(chunk: pa.Array) -> np.ndarray:
        plain = np.zeros(len(chunk), dtype=bool)
        for scheme in ("https://", "http://"):
            plain |= (
                np.asarray(pc.starts_with(chunk, scheme), dtype=bool)
                & ~_NOT_URL_HOST[first_bytes(chunk, len(scheme))]
            )
        plain &= ~rows_with_bytes(chunk, _URL_SPACE)
        doubt = np.flatnonzero(~plain & filled(chunk))
        found = np.zeros(len(chunk), dtype=bool)
        if len(doubt):
            matched = pc.match_substring_regex(chunk.take(pa.array(doubt)), _URL)
            found[doubt] = ~np.asarray(matched, dtype=bool)
        return found

    return _per_chunk(bad, urls)


def split_list(column: pa.Array) -> pa.Array:
    """'a; b;;c' cells to lists of trimmed, non-empty names."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    # Empty cells as nulls split into no names; then, unless a cell has an empty name
    # between separators, the trimmed names are the lists' values as they are.
    pieces = pc.split_pattern(empty_as_null(column), LIST_SEPARATOR)
    if not pieces.offset:
        names = pc.utf8_trim_whitespace(pieces.values)
        if not pc.any(pc.equal(names, "")).as_py():
            return pa.ListArray.from_arrays(pieces.offsets, names).cast(STRING_LIST)
    pieces = pc.split_pattern(column, LIST_SEPARATOR)
    flat = pc.utf8_trim_whitespace(pc.list_flatten(pieces))
    parent = np.asarray(pc.list_parent_indices(pieces))
    keep = np.asarray(pc.not_equal(flat, ""), dtype=bool)
    counts = np.bincount(parent[keep], minlength=len(column))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), flat.filter(pa.array(keep))).cast(
        STRING_LIST
    )


def source_lists(get: Callable[[str], pa.Array], more: np.ndarray, drop: np.ndarray) -> pa.Array:
    """One list of sources per event: its own row's source and those of continuation rows."""
    parts = [get(f"source_{name}") for name in SOURCE_FIELDS]
    given = np.zeros(len(more), dtype=bool)
    for part in parts:
        given |= filled(part)
    given &= ~drop
    starts = ~more & ~drop
    owner = np.cumsum(starts) - 1
    counts = np.bincount(owner[given], minlength=int(starts.sum()))
    offsets = np.concatenate([[0], np.cumsum(counts)])
    return struct_lists(offsets, [drop_rows(part, given) for part in parts], list(SOURCE))


def relation_lists(column: pa.Array) -> pa.Array:
    """'type:target; type:target' cells to lists of {type, target}."""
    pairs = split_list(column)
    parts = pc.split_pattern(pc.list_flatten(pairs), ":", max_splits=1)
    kind = pc.utf8_trim_whitespace(pc.list_element(parts, 0))
    structs = pa.StructArray.from_arrays([kind, _second(parts)], fields=list(RELATION))
    return pa.ListArray.from_arrays(pairs.offsets, structs)


def _second(parts: pa.Array) -> pa.Array:
    """The trimmed second element of each list, or '' where there is none."""
    has = pc.greater(pc.list_value_length(parts), 1)
    if not len(parts):
        return pa.array([], type=pa.string())
    # A second element, or "" from a stand-in list for pairs without one.
    pairs = pc.if_else(has, parts, pa.scalar(["", ""], type=parts.type))
    return pc.utf8_trim_whitespace(pc.list_element(pairs, 1))


def importance_numbers(
    column: pa.ChunkedArray, locate: Locate, ids: pa.ChunkedArray
) -> tuple[np.ndarray, list[Problem]]:
    """Importance as numbers (NaN where not given), and the cells that are not numbers."""
    given = filled(column)
    numbers = np.full(len(column), np.nan)
    try:  # every number at once; cell by cell only to say which is not one
        numbers[given] = np.asarray(pc.cast(column.filter(pa.array(given)), pa.float64()))
        bad = given & ~np.isfinite(numbers)  # "inf" and "nan" cast, but are no importance
    except pa.ArrowInvalid:
        bad = given
    problems = []
    for row in np.flatnonzero(bad).tolist():
        text = column[row].as_py()
        try:
            numbers[row] = float(text)
        except ValueError:
            numbers[row] = math.nan
        if not math.isfinite(numbers[row]):
            numbers[row] = math.nan
            file, line = locate(row, "importance")
            message = not_a_number(text)
            problems.append(Problem(file, line, message, ids[row].as_py() or None, "importance"))
    return numbers, problems
