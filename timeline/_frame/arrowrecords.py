"""Events given as mappings, checked and turned into Arrow columns a batch at a time.

Parsed JSON or YAML is a dict per event, and a million of them hold ten times the file's
size. Readers hand them over in batches, and each batch becomes compact Arrow columns before
the next is parsed. A batch of plain events (every value of the shape the format asks for,
which is nearly always the case) is converted by Arrow in one call and checked column by
column; a batch with anything unusual goes through ``records.check_many`` and
``records.columns_of`` event by event, which make the messages. Both give the same columns.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from timeline._frame.arrowtext import filled, trim
from timeline._frame.dates import date_errors
from timeline._frame.errors import Problem
from timeline._frame.fields import URL
from timeline._frame.model import (
    EVENT_FIELDS,
    ID_PATTERN,
    LIST_DTYPES,
    LIST_FIELDS,
    RELATION_FIELDS,
    RELATION_TYPES,
    SOURCE_FIELDS,
    TEXT_FIELDS,
)
from timeline._frame.records import Located, check_many, columns_of

_EVENT = pa.struct(
    [(name, pa.string()) for name in TEXT_FIELDS]
    + [(name, LIST_DTYPES[name].pyarrow_dtype) for name in LIST_FIELDS]
    + [("importance", pa.float64())]
)
_EVENT_KEYS = frozenset(EVENT_FIELDS)
_SOURCE_KEYS = frozenset(SOURCE_FIELDS)
_RELATION_KEYS = frozenset(RELATION_FIELDS)
_ID = f"^{ID_PATTERN}$"


def batch_columns(
    records: Sequence[Any],
    locate: Callable[[int], Located],
    vocabulary: Sequence[str] | None,
    *,
    convert: bool = True,
) -> tuple[dict[str, Any], list[Problem]]:
    """Arrow columns of a batch of records and the problems within each event.

    The columns are those of ``records.columns_of`` (text stripped, missing text "", missing
    lists empty, importance NaN where not a number) as Arrow arrays, importance as a NumPy
    array. ``locate(i)`` gives record ``i`` with where it is, for a problem. ``convert=False``
    checks event by event: for records that may hold values Arrow would take as text without
    being text (the bytes of a YAML ``!!binary`` tag).
    """
    plain = _plain_columns(records, vocabulary) if convert else None
    if plain is not None:
        return plain, []
    problems = check_many(records, locate, vocabulary)
    columns = columns_of(records)
    arrays: dict[str, Any] = {
        name: pa.array(columns[name], type=pa.string()) for name in TEXT_FIELDS
    }
    for name in LIST_FIELDS:
        arrays[name] = pa.array(columns[name], type=LIST_DTYPES[name].pyarrow_dtype)
    arrays["importance"] = np.asarray(columns["importance"], dtype="float64")
    return arrays, problems


def _plain_columns(
    records: Sequence[Any], vocabulary: Sequence[str] | None
) -> dict[str, Any] | None:
    """The columns when every record is plain (``plain.is_plain`` true) and needs no cleaning.

    None sends the batch to the checks that make messages: so this may give up on a good
    batch, never pass a bad one.
    """
    if not _shapes_plain(records):
        return None
    try:
        table = pa.array(records, type=_EVENT)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        return None  # a value of another kind (a number as a title, a mapping as a date)
    fields = {name: table.field(name) for name in _EVENT.names}
    columns: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        text = fields[name]
        columns[name] = trim(text.fill_null("") if text.null_count else text)
    for name in ("id", "title", "date"):
        if not filled(columns[name]).all():
            return None
    if not pc.all(pc.match_substring_regex(fields["id"], _ID)).as_py():
        return None
    category = fields["category"]
    if vocabulary is not None and category.null_count < len(category):
        known = pc.is_in(category, value_set=pa.array(list(vocabulary), type=pa.string()))
        if not pc.all(pc.or_kleene(known, pc.is_null(category))).as_py():
            return None
    importance = fields["importance"]
    if importance.null_count < len(importance) and not pc.all(pc.is_finite(importance)).as_py():
        return None
    for name in ("actors", "tags"):
        names = fields[name]
        if not _clean_texts(pc.list_flatten(names), required=True):
            return None
        columns[name] = _empty_if_null(names)
    sources = pc.list_flatten(fields["sources"])
    if not _sources_plain(sources):
        return None
    relations = pc.list_flatten(fields["relations"])
    kinds = relations.field("type")
    if not (
        pc.all(pc.is_in(kinds, value_set=pa.array(RELATION_TYPES))).as_py() is not False
        and kinds.null_count == 0
        and _clean_texts(kinds, required=True)
        and _clean_texts(relations.field("target"), required=True)
    ):
        return None
    columns["sources"] = _empty_if_null(fields["sources"])
    columns["relations"] = _empty_if_null(fields["relations"])
    columns["importance"] = importance.to_numpy(zero_copy_only=False)
    return columns


def _shapes_plain(records: Sequence[Any]) -> bool:
    """What Arrow's conversion lets through that the format does not: the rest it refuses.

    Arrow takes a text as a list of its characters, true as 1.0, a set as a list, and ignores
    keys it was not told of; lists of names given as one text are cleaned by ``columns_of``.
    Looked at with ``map`` over the whole batch: one Python step per event costs more than
    all of Arrow's work.
    """
    if not _kinds(records) <= {dict} or not all(map(_EVENT_KEYS.issuperset, records)):
        return False
    if not (
        _kinds(_values(records, "actors")) <= _LIST_OR_NONE
        and _kinds(_values(records, "tags")) <= _LIST_OR_NONE
        and _kinds(_values(records, "importance")) <= _NUMBER_OR_NONE
    ):
        return False
    for key, known in (("sources", _SOURCE_KEYS), ("relations", _RELATION_KEYS)):
        lists = _values(records, key)
        if not _kinds(lists) <= _LIST_OR_NONE:
            return False
        entries = list(itertools.chain.from_iterable(filter(None, lists)))
        if not _kinds(entries) <= {dict} or not all(map(known.issuperset, entries)):
            return False
    return True


_LIST_OR_NONE = frozenset([list, type(None)])
_NUMBER_OR_NONE = frozenset([int, float, type(None)])


def _kinds(values: Sequence[Any]) -> set[type]:
    return set(map(type, values))


def _values(records: Sequence[dict[str, Any]], key: str) -> list[Any]:
    return list(map(dict.get, records, itertools.repeat(key)))


def _clean_texts(values: pa.Array, required: bool = False) -> bool:
    """Whether the texts need no trimming and none is empty (missing too, when required)."""
    if required and values.null_count:
        return False
    given = values.drop_null() if values.null_count else values
    return bool(filled(given).all()) and trim(given) is given


def _sources_plain(sources: pa.Array) -> bool:
    """Each source as ``plain.is_plain`` wants it: clean texts, a good URL, something named."""
    if not len(sources):
        return True
    named = np.zeros(len(sources), dtype=bool)
    for name in SOURCE_FIELDS:
        values = sources.field(name)
        if not _clean_texts(values):
            return False
        if name in ("url", "title", "publisher"):
            named |= filled(values)
    if not named.all():
        return False
    urls = sources.field("url").drop_null()
    if len(urls) and not all(map(URL.fullmatch, urls.to_pylist())):
        return False
    published = sources.field("published").drop_null()
    return not (len(published) and date_errors(published, "published"))


def _empty_if_null(lists: pa.Array) -> pa.Array:
    """Missing lists as empty lists (``columns_of`` makes ``[]`` of a missing list)."""
    if not lists.null_count:
        return lists
    return pa.ListArray.from_arrays(lists.offsets, lists.values, type=lists.type)
