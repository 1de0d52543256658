"""Events files read a batch of events at a time: what the YAML and JSON streams hand over.

A parsed event is a dict, and a million of them hold ten times the file's size; so the
readers split the events list into batches, and each batch becomes Arrow columns
(``_frame.arrowrecords``) before the next is parsed. The lines of a batch's events are
worked out only for a problem, by reading that batch again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Lines = Mapping[int, tuple[int, dict[str, int]]]
"""``id()`` of each mapping or list to its line and the lines of its keys or items."""


class NotStreamable(Exception):
    """The file is not laid out as the stream splits it: it is read whole instead.

    Also raised for anything the whole reading says better (a syntax error, a repeated key),
    so that every message is the same whichever way a file is read.
    """


@dataclass
class Batch:
    """Some consecutive events of a file, as parsed."""

    records: list[Any] | None
    """The parsed events; dropped (None) once they are columns."""
    reread: Callable[[], tuple[list[Any], Lines]] = field(repr=False)
    """The same events parsed again with their line table, for a problem's line."""
    convert: bool = True
    """False when values may not be what they look like to Arrow (YAML's binary tag)."""
    _again: tuple[list[Any], Lines] | None = field(default=None, repr=False)

    def lines(self) -> tuple[list[Any], Lines]:
        """The events with their line table (parsed again, once, when first asked)."""
        if self._again is None:
            self._again = self.reread()
        return self._again


@dataclass
class Stream:
    """A file's top-level keys and its events, a batch at a time."""

    header: dict[str, Any] | None
    """Top-level keys (``events`` is ``[]`` once streamed); None when the file is a list.
    A JSON header is complete only once every batch has been read."""
    key_line: Callable[[str | None], int]
    """The line of a top-level key, or of the document for None; asked only for a problem."""
    batches: Iterator[Batch]


def where(lines: Lines, events: list[Any], number: int) -> tuple[int | None, dict[str, int]]:
    """The line of event number ``number`` and of its keys, sources and relations."""
    event = events[number]
    _, item_lines = lines.get(id(events), (0, {}))
    event_line, key_lines = lines.get(id(event), (0, {}))
    found: dict[str, int] = {}
    if isinstance(event, Mapping):
        for key in ("sources", "relations"):
            entries = event.get(key)
            if isinstance(entries, list):
                for entry_number, entry in enumerate(entries, start=1):
                    if id(entry) in lines:
                        found[f"{key} #{entry_number}"] = lines[id(entry)][0]
    return event_line or item_lines.get(str(number)), {**key_lines, **found} if found else key_lines


class Shifted(Mapping[int, tuple[int, dict[str, int]]]):
    """A line table of a piece of a file, its lines counted from the file's first line."""

    def __init__(self, lines: Lines, by: int) -> None:
        self._lines = lines
        self._by = by

    def __getitem__(self, key: int) -> tuple[int, dict[str, int]]:
        line, inner = self._lines[key]
        return line + self._by, {name: at + self._by for name, at in inner.items()}

    def __iter__(self) -> Iterator[int]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)
