"""Check events given as mappings (YAML, JSON, Python dicts) and turn them into columns."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from timeline._frame.dates import date_errors
from timeline._frame.errors import Problem
from timeline._frame.fields import (
    URL,
    finite_number,
    invalid_id,
    kind_name,
    not_a_number,
    required_missing,
    url_problem,
)
from timeline._frame.model import (
    EVENT_FIELDS,
    ID_PATTERN,
    RELATION_FIELDS,
    RELATION_TYPES,
    REQUIRED_FIELDS,
    SOURCE_FIELDS,
    TEXT_FIELDS,
)
from timeline._frame.plain import is_plain


@dataclass
class Located:
    """One event as read, with where it was found (file, line of the event, line of each key)."""

    record: Any
    file: str
    line: int | None
    key_lines: dict[str, int] = field(default_factory=dict)
    resolve: Callable[[], tuple[int | None, dict[str, int]]] | None = field(
        default=None, kw_only=True
    )
    """Gives ``line`` and ``key_lines`` when first needed (for a problem), if given."""

    def where(self, key: str | None = None) -> tuple[str, int | None]:
        """File and line of the event, or of one of its keys when known."""
        lines = self.lines()
        return self.file, lines.get(key, self.line) if key else self.line

    def lines(self) -> dict[str, int]:
        """The line of each key (``key_lines``), worked out now if it was left for later."""
        if self.resolve is not None:
            self.line, self.key_lines = self.resolve()
            self.resolve = None
        return self.key_lines

    def event_id(self) -> str | None:
        """The event's id as given, if it has one."""
        if isinstance(self.record, Mapping) and self.record.get("id") not in (None, ""):
            return str(self.record["id"])
        return None


def check_records(located: Sequence[Located], vocabulary: Sequence[str] | None) -> list[Problem]:
    """Problems within each event on its own: shapes, required and unknown keys, values."""
    return check_many([item.record for item in located], located.__getitem__, vocabulary)


def check_many(
    records: Sequence[Any],
    locate: Callable[[int], Located],
    vocabulary: Sequence[str] | None,
) -> list[Problem]:
    """``check_records`` for records whose ``Located`` is made only for an event with a problem.

    One cheap pass passes the plain events (the common case); the detailed checks, which make
    the messages, run only on the others. ``locate(i)`` gives record ``i`` with where it is.
    """
    known = None if vocabulary is None else frozenset(vocabulary)
    problems: list[Problem] = []
    for position, record in enumerate(records):
        if not is_plain(record, known):
            problems += _check_one(locate(position), vocabulary)
    return problems + _published_problems(records, locate)


def _published_problems(records: Sequence[Any], locate: Callable[[int], Located]) -> list[Problem]:
    """The sources' ``published`` dates, parsed all at once (each distinct one once)."""
    where: list[tuple[int, int]] = []
    texts: list[str] = []
    for position, record in enumerate(records):
        mapping = type(record) is dict or isinstance(record, Mapping)
        sources = record.get("sources") if mapping else None
        if not isinstance(sources, list):
            continue
        for number, source in enumerate(sources, start=1):
            mapping = type(source) is dict or isinstance(source, Mapping)
            published = source.get("published") if mapping else None
            if published is not None and isinstance(published, str | int) and not _blank(published):
                where.append((position, number))
                texts.append(str(published))
    problems = []
    for position, message in sorted(date_errors(texts, "published").items()) if texts else []:
        index, number = where[position]
        item = locate(index)
        at = f"sources #{number}"
        file, line = item.where(at if at in item.lines() else "sources")
        problems.append(
            Problem(file, line, f"{at} published: {message}", item.event_id(), "sources")
        )
    return problems


def _check_one(item: Located, vocabulary: Sequence[str] | None) -> list[Problem]:
    record = item.record
    problems: list[Problem] = []
    event = item.event_id()

    def report(key: str | None, message: str, at: str | None = None) -> None:
        file, line = item.where(at) if at in item.lines() else item.where(key)
        problems.append(Problem(file, line, message, event, key))

    if not isinstance(record, Mapping):
        report(None, f"an event must be a mapping with id, title and date, not {kind_name(record)}")
        return problems
    for key in record:
        if key not in EVENT_FIELDS:
            hint = difflib.get_close_matches(str(key), EVENT_FIELDS, n=1)
            did_you_mean = f"; did you mean {hint[0]!r}?" if hint else ""
            report(str(key), f"unknown key{did_you_mean} (allowed: {', '.join(EVENT_FIELDS)})")
    for key in REQUIRED_FIELDS:
        if _blank(record.get(key)):
            report(key, required_missing(key))
    if not _blank(record.get("id")):
        value = record["id"]
        if not isinstance(value, str | int) or not re.fullmatch(ID_PATTERN, str(value)):
            report("id", invalid_id(value))
    for key in ("title", "summary", "category", "location"):
        value = record.get(key)
        if value is not None and not isinstance(value, str | int | float):
            report(key, f"'{key}' must be text, not {kind_name(value)}")
    for key in ("date", "end"):
        value = record.get(key)
        if _blank(value):
            continue
        if not isinstance(value, str | int | dt.date):
            report(key, f"'{key}' must be an EDTF date string, not {kind_name(value)}")
    for key in ("actors", "tags"):
        value = record.get(key)
        if value is None or isinstance(value, str):
            continue
        if not isinstance(value, list):
            report(key, f"'{key}' must be a list of names, not {kind_name(value)}")
            continue
        for number, name in enumerate(value, start=1):
            if not isinstance(name, str | int) or isinstance(name, bool):
                report(key, f"'{key}' must be a list of names; item #{number} is {kind_name(name)}")
    category = record.get("category")
    if vocabulary is not None and not _blank(category) and str(category) not in vocabulary:
        report(
            "category",
            f"{category!r} is not a declared category (allowed: {', '.join(vocabulary)})",
        )
    importance = record.get("importance")
    if importance is not None and not finite_number(importance):
        report("importance", not_a_number(importance))
    problems += _check_list(item, "sources", SOURCE_FIELDS, _check_source, report)
    problems += _check_list(item, "relations", RELATION_FIELDS, _check_relation, report)
    return problems


def _check_list(
    item: Located,
    key: str,
    fields: Sequence[str],
    check: Callable[[Mapping[str, Any]], list[tuple[str, str]]],
    report: Callable[[str | None, str, str | None], None],
) -> list[Problem]:
    value = item.record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        report(
            key,
            f"'{key}' must be a list of mappings ({', '.join(fields)}), not {kind_name(value)}",
            None,
        )
        return []
    for number, entry in enumerate(value, start=1):
        at = f"{key} #{number}"
        if not isinstance(entry, Mapping):
            report(
                key,
                f"{key} #{number} must be a mapping ({', '.join(fields)}), not {kind_name(entry)}",
                at,
            )
            continue
        for name in entry:
            if name not in fields:
                hint = difflib.get_close_matches(str(name), fields, n=1)
                did_you_mean = f"; did you mean {hint[0]!r}?" if hint else ""
                report(
                    key,
                    f"{key} #{number}: unknown key {name!r}{did_you_mean} "
                    f"(allowed: {', '.join(fields)})",
                    at,
                )
        for name, message in check(entry):
            report(key, f"{key} #{number} {name}: {message}", at)
    return []


def _check_source(source: Mapping[str, Any]) -> list[tuple[str, str]]:
    found = []
    for name in SOURCE_FIELDS:
        value = source.get(name)
        if value is not None and not isinstance(value, str | int | float | dt.date):
            found.append((name, f"must be text, not {kind_name(value)}"))
    url = source.get("url")
    if isinstance(url, str) and url and not URL.fullmatch(url.strip()):
        found.append(("url", url_problem(url)))
    if all(_blank(source.get(name)) for name in ("url", "title", "publisher")):
        found.append(("url", "a source needs at least a url, a title or a publisher"))
    return found  # published: by _published_problems, for all events at once


def _check_relation(relation: Mapping[str, Any]) -> list[tuple[str, str]]:
    found = []
    kind = relation.get("type")
    if _blank(kind):
        found.append(("type", f"missing; one of {', '.join(RELATION_TYPES)}"))
    elif kind not in RELATION_TYPES:
        hint = difflib.get_close_matches(str(kind), RELATION_TYPES, n=1)
        did_you_mean = f"did you mean {hint[0]!r}? " if hint else ""
        found.append(
            (
                "type",
                f"{kind!r} is not a relation type; {did_you_mean}"
                f"allowed: {', '.join(RELATION_TYPES)}",
            )
        )
    if _blank(relation.get("target")):
        found.append(("target", "missing; give the id of another event"))
    return found


def records_to_columns(located: Sequence[Located]) -> dict[str, list[Any]]:
    """Columns of raw values from records; values of the wrong shape become empty."""
    return columns_of([item.record for item in located])


def columns_of(records: Sequence[Any]) -> dict[str, list[Any]]:
    """``records_to_columns`` of the records alone, built column by column in one pass."""
    texts = [[] for _ in TEXT_FIELDS]  # type: ignore[var-annotated]
    named = list(zip(TEXT_FIELDS, texts, strict=True))
    actors: list[list[str]] = []
    tags: list[list[str]] = []
    sources: list[list[dict[str, str | None]]] = []
    relations: list[list[dict[str, str | None]]] = []
    importances: list[float] = []
    empty: dict[str, Any] = {}
    nan = math.nan
    for record in records:
        if type(record) is not dict:
            record = record if isinstance(record, Mapping) else empty
        get = record.get
        for name, column in named:
            value = get(name)
            column.append(value.strip() if type(value) is str else _text(value))
        actors.append(_names(get("actors")))
        tags.append(_names(get("tags")))
        value = get("sources")
        sources.append(_entries(value, SOURCE_FIELDS) if value else [])
        value = get("relations")
        relations.append(_entries(value, RELATION_FIELDS) if value else [])
        importance = get("importance")
        kind = type(importance)
        if kind is float or finite_number(importance):
            importances.append(float(importance))
        else:
            importances.append(nan)
    columns: dict[str, list[Any]] = dict(zip(TEXT_FIELDS, texts, strict=True))
    columns.update(
        actors=actors, tags=tags, sources=sources, relations=relations, importance=importances
    )
    return columns


def _text(value: Any) -> str:
    if type(value) is str:  # nearly always: the rest of the checks cost more than this
        return value.strip()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""  # pandas' missing value, not the text "nan"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str | int | float):
        return str(value).strip()
    return ""


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if type(value) is list and all(type(v) is str for v in value):
        return [text for text in (v.strip() for v in value) if text]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [text for text in (_text(v) for v in value) if text]


def _entries(value: Any, fields: Sequence[str]) -> list[dict[str, str | None]]:
    if not isinstance(value, list):
        return []
    found = []
    for entry in value:
        if type(entry) is not dict and not isinstance(entry, Mapping):
            continue
        get = entry.get
        found.append(
            {
                name: (text.strip() if type(text := get(name)) is str else _text(text)) or None
                for name in fields
            }
        )
    return found


def _blank(value: Any) -> bool:
    if type(value) is str:
        return not value or value.isspace()
    if isinstance(value, float) and math.isnan(value):
        return True  # pandas' missing value
    return value is None or (isinstance(value, str) and not value.strip())
