"""JSON loading that remembers the line of every event and key, like the YAML loader."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from timeline._frame.errors import Problem, Unreadable, repeated_key_problems

_DECODER = json.JSONDecoder()
SPACE = re.compile(r"[ \t\n\r]*")
"""What JSON counts as space between tokens."""
_DEPTH = 5
"""Containers this deep are walked for lines: document, events, event, sources, source."""


def load_json(
    text: str, file: str, problems: list[Problem] | None = None
) -> tuple[Any, Mapping[int, tuple[int, dict[str, int]]]]:
    """Parse JSON text; return it and the same line table as ``load_yaml``.

    Keys repeated within an object are appended to ``problems`` when it is given. The lines
    are worked out only when something asks for one (to place a problem): the json module
    parses in C, and finding lines takes a second pass in Python.
    """
    objects = Objects()
    try:
        document = json.loads(text, object_pairs_hook=objects.make)
    except json.JSONDecodeError as error:
        raise Unreadable([Problem(file, error.lineno, f"not valid JSON: {error.msg}")]) from None
    except RecursionError:
        raise Unreadable([Problem(file, 1, "the JSON is nested too deeply")]) from None
    check_surrogates(text, file)
    if not objects.repeated:
        return document, LazyLines(text, document)
    walk = _Walk(text)
    try:
        document, _ = walk.value(walk.skip(0), _DEPTH)
    except RecursionError:
        raise Unreadable([Problem(file, 1, "the JSON is nested too deeply")]) from None
    if problems is not None:
        problems += repeated_key_problems(file, walk.repeated)
    return document, walk.lines


_SURROGATE = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89a-fA-F][0-9a-fA-F]{2})")


def check_surrogates(text: str, file: str) -> None:
    """Refuse an escaped half of a UTF-16 pair without its other half: it is no character."""
    if "\\" not in text or "\\u" not in text:  # one character is found much faster
        return
    expect_low_at = -1
    for match in _SURROGATE.finditer(text):
        code = int(match[2], 16)
        at = match.start(2) - 2  # the backslash of this escape
        if code >= 0xDC00 and at == expect_low_at:
            expect_low_at = -1
            continue
        if expect_low_at >= 0 or code >= 0xDC00:
            bad_at = expect_low_at - 6 if expect_low_at >= 0 else at
            _lone(text, file, bad_at)
        expect_low_at = match.end()
    if expect_low_at >= 0:
        _lone(text, file, expect_low_at - 6)


def _lone(text: str, file: str, at: int) -> None:
    escape = text[at : at + 6]
    line = text.count("\n", 0, at) + 1
    raise Unreadable(
        [
            Problem(
                file,
                line,
                f"the escape {escape} is half of a UTF-16 surrogate pair, not a character; "
                "write the character itself, or both halves of its pair",
            )
        ]
    )


class Objects:
    """The json module's ``object_pairs_hook`` that notes whether any object repeats a key.

    Parsed as a dict, an object keeps a repeated key's last value without a word.
    """

    def __init__(self) -> None:
        self.repeated = False

    def make(self, items: list[tuple[str, Any]]) -> dict[str, Any]:
        """The object as a dict."""
        mapping = dict(items)
        if len(mapping) < len(items):
            self.repeated = True
        return mapping


def walk_items(text: str, start: int, end: int) -> tuple[list[Any], dict[int, Any]]:
    """The items of a JSON list between positions start and end, with their line table.

    ``start`` is where an item begins and ``end`` where the last one ends, all within one
    list of a valid document (a batch of the events list).
    """
    walk = _Walk(text, start, text.count("\n", 0, start) + 1)
    items: list[Any] = []
    item_lines: dict[str, int] = {}
    walk.lines[id(items)] = (walk.line(start), item_lines)
    position = walk.skip(start)
    while position < end:
        item_lines[str(len(items))] = walk.line(position)
        item, position = walk.value(position, _DEPTH - 2)
        items.append(item)
        position = walk.skip(position)
        if position < end and text[position] == ",":
            position = walk.skip(position + 1)
    return items, walk.lines


class LazyLines(Mapping[int, tuple[int, dict[str, int]]]):
    """The line table of a parsed document, found by walking the text on first use."""

    def __init__(self, text: str, document: Any) -> None:
        self._text: str | None = text
        self._document = document
        self._lines: dict[int, tuple[int, dict[str, int]]] = {}

    def _table(self) -> dict[int, tuple[int, dict[str, int]]]:
        if self._text is not None:
            walk = _Walk(self._text)
            walked, _ = walk.value(walk.skip(0), _DEPTH)
            _translate(self._document, walked, walk.lines, self._lines, _DEPTH)
            self._text = None
        return self._lines

    def __getitem__(self, key: int) -> tuple[int, dict[str, int]]:
        return self._table()[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


def _translate(
    parsed: Any,
    walked: Any,
    lines: dict[int, tuple[int, dict[str, int]]],
    into: dict[int, tuple[int, dict[str, int]]],
    depth: int,
) -> None:
    """Key ``into`` by the ids of ``parsed``'s containers, from the walk's equal containers."""
    stack = [(parsed, walked, depth)]
    while stack:
        one, other, left = stack.pop()
        if id(other) in lines:
            into[id(one)] = lines[id(other)]
        if not left:
            continue
        if isinstance(one, dict) and isinstance(other, dict):
            stack.extend((one[key], other[key], left - 1) for key in one if key in other)
        elif isinstance(one, list) and isinstance(other, list):
            stack.extend((a, b, left - 1) for a, b in zip(one, other, strict=False))


class _Walk:
    """Decode valid JSON again, outer containers by hand so that their lines are known."""

    def __init__(self, text: str, at: int = 0, line: int = 1) -> None:
        self.text = text
        self.lines: dict[int, tuple[int, dict[str, int]]] = {}
        self.repeated: list[tuple[dict[str, Any], str, int, int]] = []
        self._at = at  # a position and its line: lines are counted on from there
        self._line = line

    def line(self, position: int) -> int:
        # Positions only grow while walking, so counting from the last one keeps this linear.
        self._line += self.text.count("\n", self._at, position)
        self._at = position
        return self._line

    def skip(self, position: int) -> int:
        if self.text[position] not in " \t\n\r":  # most often, and much cheaper than a match
            return position
        return SPACE.match(self.text, position).end()  # type: ignore[union-attr]

    def value(self, position: int, depth: int) -> tuple[Any, int]:
        first = self.text[position]
        if depth and first == "{":
            return self.mapping(position, depth - 1)
        if depth and first == "[":
            return self.sequence(position, depth - 1)
        return _DECODER.raw_decode(self.text, position)

    def mapping(self, position: int, depth: int) -> tuple[dict[str, Any], int]:
        data: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        self.lines[id(data)] = (self.line(position), key_lines)
        position = self.skip(position + 1)
        while self.text[position] != "}":
            key, after = _DECODER.raw_decode(self.text, position)
            line = self.line(position)
            if key in key_lines:
                self.repeated.append((data, key, key_lines[key], line))
            else:
                key_lines[key] = line
            position = self.skip(self.skip(after) + 1)  # past the ':'
            data[key], position = self.value(position, depth)
            position = self.skip(position)
            if self.text[position] == ",":
                position = self.skip(position + 1)
        return data, position + 1

    def sequence(self, position: int, depth: int) -> tuple[list[Any], int]:
        data: list[Any] = []
        item_lines: dict[str, int] = {}
        self.lines[id(data)] = (self.line(position), item_lines)
        position = self.skip(position + 1)
        while self.text[position] != "]":
            item_lines[str(len(data))] = self.line(position)
            item, position = self.value(position, depth)
            data.append(item)
            position = self.skip(position)
            if self.text[position] == ",":
                position = self.skip(position + 1)
        return data, position + 1
