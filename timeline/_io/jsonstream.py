"""Our JSON format read a batch of events at a time (see ``batches``).

The top level is walked by hand, and the events are parsed one by one by the json module's
scanner (in C), ``BATCH_EVENTS`` to a batch. Anything unexpected (a syntax error, a repeated
key, ``categories`` after the events) is left to the whole-file reading, whose messages are
the ones users see.
"""

from __future__ import annotations

import json
import json.scanner
from collections.abc import Callable, Generator, Iterator
from typing import Any, cast

from timeline._io.batches import Batch, NotStreamable, Stream
from timeline._io.jsonfile import SPACE, Objects, walk_items

BATCH_EVENTS = 5_000
"""Events parsed before they are made columns."""


class _Reader:
    def __init__(self, text: str, batch_events: int, again: Callable[[], str]) -> None:
        self.text = text
        self.again = again
        self.batch_events = batch_events
        self.objects = Objects()
        self.decoder = json.JSONDecoder(object_pairs_hook=self.objects.make)
        self.scan = json.scanner.make_scanner(self.decoder)  # type: ignore[arg-type]
        self.key_positions: dict[str, int] = {}
        self.root = self.skip(0)
        first = self.expect(self.root, "[", "{")
        self.header: dict[str, Any] | None = {} if first == "{" else None

    def skip(self, position: int) -> int:
        return SPACE.match(self.text, position).end()  # type: ignore[union-attr]

    def decode(self, position: int) -> tuple[Any, int]:
        try:
            value, position = self.decoder.raw_decode(self.text, position)
        except (json.JSONDecodeError, RecursionError):
            raise NotStreamable from None
        if self.objects.repeated:
            raise NotStreamable
        return value, position

    def expect(self, position: int, *characters: str) -> str:
        if position >= len(self.text) or self.text[position] not in characters:
            raise NotStreamable
        return self.text[position]

    def document(self) -> Iterator[Batch]:
        if self.header is None:
            position = yield from self.events(self.root)
        else:
            position = yield from self.mapping(self.root, self.header)
        if self.skip(position) != len(self.text):
            raise NotStreamable
        self.text = ""  # read: what a problem needs is read again

    def mapping(self, position: int, header: dict[str, Any]) -> Generator[Batch, None, int]:
        position = self.skip(position + 1)
        if self.text.startswith("}", position):
            return position + 1
        while True:
            self.expect(position, '"')
            key, position = self.decode(position)
            if key in self.key_positions:
                raise NotStreamable  # a repeated top-level key: said by the whole reading
            self.key_positions[key] = position
            position = self.skip(position)
            self.expect(position, ":")
            position = self.skip(position + 1)
            if key == "events" and self.text.startswith("[", position):
                position = yield from self.events(position)
                header[key] = []
            else:
                if key == "categories" and "events" in header:
                    raise NotStreamable  # events were checked without the vocabulary
                header[key], position = self.decode(position)
            position = self.skip(position)
            if self.expect(position, ",", "}") == "}":
                return position + 1
            position = self.skip(position + 1)

    def events(self, position: int) -> Generator[Batch, None, int]:
        """Batches of the list at position; returns the position after it.

        Events are parsed one by one by the json module's scanner, in C, straight from the
        text (no copies of it); the text between two events is learnt from the first two and
        then only compared (``,`` and a line break with the same indentation, as a rule).
        """
        text = self.text
        scan = self.scan
        position = self.skip(position + 1)
        if text.startswith("]", position):
            return position + 1
        between = None
        while True:
            start, records = position, cast(list[Any], [])
            append = records.append
            while True:
                try:
                    record, end = scan(text, position)
                except (StopIteration, json.JSONDecodeError, RecursionError):
                    raise NotStreamable from None
                append(record)
                if between is not None and text.startswith(between, end):
                    position = end + len(between)
                    if len(records) < self.batch_events:
                        continue
                    break
                after = self.skip(end)
                if self.expect(after, ",", "]") == "]":
                    yield self.batch(records, start, end)
                    return after + 1  # ('batch' has looked for repeated keys)
                position = self.skip(after + 1)
                between = text[end:position]
                if len(records) >= self.batch_events:
                    break
            yield self.batch(records, start, end)

    def batch(self, records: list[Any], start: int, end: int) -> Batch:
        if self.objects.repeated:
            raise NotStreamable
        again = self.again
        return Batch(records, lambda: walk_items(again(), start, end))

    def key_line(self, key: str | None) -> int:
        position = self.key_positions.get(key, self.root) if key else self.root
        return self.again().count("\n", 0, position) + 1


def json_stream(
    text: str, batch_events: int = BATCH_EVENTS, again: Callable[[], str] | None = None
) -> Stream:
    """The events of a JSON document in our format, ``batch_events`` at a time.

    ``again`` gives the text again, for the lines of a problem: the stream keeps no
    reference to the text once read (it may be a gigabyte), and with ``again`` neither
    does anything it hands over.

    Raises NotStreamable, now or while the batches are read, for a document to read whole.
    The header fills in as the batches are read (keys may follow the events).
    """
    reader = _Reader(text, batch_events, again or (lambda: text))
    return Stream(reader.header, reader.key_line, reader.document())
