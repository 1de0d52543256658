"""The cheap test that passes a plain event without the detailed, message-making checks."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeGuard

from timeline._frame.fields import URL, finite_number
from timeline._frame.model import (
    EVENT_FIELDS,
    ID_PATTERN,
    RELATION_FIELDS,
    RELATION_TYPES,
    SOURCE_FIELDS,
)

_EVENT_KEYS = frozenset(EVENT_FIELDS)
_SOURCE_KEYS = frozenset(SOURCE_FIELDS)
_RELATION_KEYS = frozenset(RELATION_FIELDS)
_RELATION_KINDS = frozenset(RELATION_TYPES)
_ID = re.compile(ID_PATTERN)
_URL_MATCH = URL.fullmatch


def _filled(value: Any) -> TypeGuard[str]:
    """Text that is not blank (the required fields, in the common case)."""
    return type(value) is str and bool(value) and not value.isspace()


def is_plain(record: Any, vocabulary: frozenset[str] | None) -> bool:
    """Whether the detailed checks of ``records.check_many`` surely find nothing here.

    False sends the event to the detailed checks, which decide; so this may say False for a
    good event, never True for a bad one.
    """
    if type(record) is not dict or not _EVENT_KEYS.issuperset(record):
        return False
    get = record.get
    event_id = get("id")
    if not (_filled(event_id) and _ID.fullmatch(event_id) and _filled(get("title"))):
        return False
    if not _filled(get("date")):
        return False
    for key in ("summary", "location", "end"):
        value = get(key)
        if value is not None and type(value) is not str:
            return False
    category = get("category")
    if category is not None and (
        type(category) is not str or (vocabulary is not None and category not in vocabulary)
    ):
        return False
    for key in ("actors", "tags"):
        value = get(key)
        if value is None or type(value) is str:
            continue
        if type(value) is not list or not all(type(name) is str for name in value):
            return False
    importance = get("importance")
    if importance is not None and not (
        (type(importance) is int or type(importance) is float) and finite_number(importance)
    ):
        return False
    return _entries_plain(get("sources"), _SOURCE_KEYS, _source_plain) and _entries_plain(
        get("relations"), _RELATION_KEYS, _relation_plain
    )


def _entries_plain(
    entries: Any, known: frozenset[str], plain: Callable[[dict[str, Any]], bool]
) -> bool:
    """Missing, or a list of mappings with known keys, each plain."""
    if entries is None:
        return True
    if type(entries) is not list:
        return False
    return all(type(e) is dict and known.issuperset(e) and plain(e) for e in entries)


def _source_plain(source: dict[str, Any]) -> bool:
    if not all(value is None or type(value) is str for value in source.values()):
        return False
    url = source.get("url")
    if url and not _URL_MATCH(url.strip()):
        return False
    return _filled(url) or _filled(source.get("title")) or _filled(source.get("publisher"))


def _relation_plain(relation: dict[str, Any]) -> bool:
    kind = relation.get("type")
    return type(kind) is str and kind in _RELATION_KINDS and _filled(relation.get("target"))
