"""Our YAML and JSON formats: a document's top-level keys checked, its events made columns.

Files are streamed a batch of events at a time (``yamlstream``, ``jsonstream``) and read
whole only when their layout asks for it; both ways end here, as a ``Stream``.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from timeline._frame.arrowrecords import batch_columns
from timeline._frame.errors import Problem, Unreadable
from timeline._frame.records import Located, kind_name
from timeline._io.batches import Batch, Lines, NotStreamable, Stream, where
from timeline._io.decode import decode_text

DOCUMENT_KEYS = ("title", "description", "focus", "categories", "events")
"""The top-level keys of an events file."""

Locate = Callable[[int, "str | None"], "tuple[str, int | None]"]
Part = tuple[dict[str, Any], Locate]
"""Columns of some events, and where event ``i`` (or one of its keys) is in its file."""


def read_document(
    text: str, file: str, suffix: str
) -> tuple[list[Part], list[Problem], dict[str, Any]]:
    """The events of a YAML or JSON document as parts, its problems and its attributes.

    Streamed, the parts keep no reference to the text: a problem's line is found in the text
    read again from the file (once).
    """
    again = functools.cache(lambda: decode_text(Path(file).read_bytes(), file))
    if suffix == ".json":
        from timeline._io.jsonfile import check_surrogates, load_json
        from timeline._io.jsonstream import json_stream

        try:
            check_surrogates(text, file)  # before Arrow meets one; said after syntax errors
            return from_stream(json_stream(text, again=again), file)
        except (NotStreamable, Unreadable):
            pass
        repeated: list[Problem] = []
        document, lines = load_json(text, file, repeated)
    else:
        from timeline._io.yamlfile import load_yaml
        from timeline._io.yamlstream import yaml_stream

        try:
            return from_stream(yaml_stream(text, file, again=again), file)
        except NotStreamable:
            pass
        repeated = []
        document, lines = load_yaml(text, file, repeated)
    parts, problems, attrs = from_stream(whole(document, lines, file), file)
    return parts, repeated + problems, attrs


def whole(document: Any, lines: Lines, file: str) -> Stream:
    """A document read whole, as a stream of one batch."""
    if isinstance(document, Mapping):
        line, key_lines = lines.get(id(document), (1, {}))
        header: dict[str, Any] | None = dict(document)
        events = document.get("events")
    elif isinstance(document, list):
        line, key_lines, header, events = 1, {}, None, document
    else:
        raise Unreadable(
            [
                Problem(
                    file,
                    1,
                    "expected a mapping with 'events' or a list of events, "
                    f"not {kind_name(document)}",
                )
            ]
        )

    def key_line(key: str | None) -> int:  # looked up for a problem only: JSON lines wait
        return key_lines.get(key, line) if key else line

    batches = [Batch(events, lambda: (events, lines))] if isinstance(events, list) else []
    return Stream(header, key_line, iter(batches))


def from_stream(stream: Stream, file: str) -> tuple[list[Part], list[Problem], dict[str, Any]]:
    """Columns of each batch of events, then the top-level keys checked."""
    vocabulary = None
    if stream.header is not None:
        categories = stream.header.get("categories")
        if isinstance(categories, list) and all(isinstance(c, str) for c in categories):
            vocabulary = categories
    parts: list[Part] = []
    problems: list[Problem] = []
    for batch in stream.batches:
        located = functools.partial(_located, batch, file)
        columns, found = batch_columns(
            batch.records or [], located, vocabulary, convert=batch.convert
        )
        batch.records = None
        problems += found
        parts.append((columns, functools.partial(_where_in, located)))
    attrs: dict[str, Any] = {}
    if stream.header is None:
        return parts, problems, attrs
    return parts, _header_problems(stream, attrs, file) + problems, attrs


def _located(batch: Batch, file: str, number: int) -> Located:
    """Event ``number`` of a batch with where it is (its batch is read again for its lines)."""
    events, lines = batch.lines()
    return Located(
        events[number], file, None, resolve=functools.partial(where, lines, events, number)
    )


def _where_in(
    located: Callable[[int], Located], number: int, key: str | None
) -> tuple[str, int | None]:
    return located(number).where(key)


def _header_problems(stream: Stream, attrs: dict[str, Any], file: str) -> list[Problem]:
    """Problems with the top-level keys; the good ones kept in attrs."""
    document = stream.header or {}
    at = stream.key_line
    problems: list[Problem] = []
    for key in document:
        if key not in DOCUMENT_KEYS:
            hint = difflib.get_close_matches(str(key), DOCUMENT_KEYS, n=1)
            did_you_mean = f"; did you mean {hint[0]!r}?" if hint else ""
            problems.append(
                Problem(
                    file,
                    at(str(key)),
                    f"unknown top-level key {key!r}{did_you_mean} "
                    f"(allowed: {', '.join(DOCUMENT_KEYS)})",
                    field=str(key),
                )
            )
    for key in ("title", "description"):
        value = document.get(key)
        if value is not None:
            if isinstance(value, str | int | float):
                attrs[key] = str(value)
            else:
                problems.append(Problem(file, at(key), f"'{key}' must be text", field=key))
    problems += _focus(document.get("focus"), attrs, file, lambda: at("focus"))
    categories = document.get("categories")
    if categories is not None:
        if isinstance(categories, list) and all(isinstance(c, str) for c in categories):
            attrs["categories"] = list(categories)
        else:
            problems.append(
                Problem(
                    file,
                    at("categories"),
                    "'categories' must be a list of names",
                    field="categories",
                )
            )
    events = document.get("events")
    if events is None:
        problems.append(Problem(file, at(None), "the file has no 'events' list", field="events"))
    elif not isinstance(events, list):
        problems.append(
            Problem(
                file,
                at("events"),
                "'events' must be a list of events, not a mapping or text",
                field="events",
            )
        )
    return problems


def _focus(
    value: Any, attrs: dict[str, Any], file: str, line_of: Callable[[], int]
) -> list[Problem]:
    """Keep the header's ``focus`` (where the figure opens) in attrs, or say what is wrong.

    ``line_of`` gives the line of the key, asked only for a problem (JSON lines wait).
    """
    if value is None:
        return []
    from timeline._frame.select import focus_bounds

    if not isinstance(value, str):
        return [Problem(file, line_of(), "'focus' must be text: START/END", field="focus")]
    try:
        focus_bounds(value)
    except ValueError as error:
        return [Problem(file, line_of(), f"focus: {error}", field="focus")]
    attrs["focus"] = value.strip()
    return []
