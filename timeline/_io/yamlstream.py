"""Our YAML format read a batch of events at a time (see ``batches``).

The events list of a block-style file is cut into pieces of about ``BATCH_CHARACTERS`` at
lines where an event begins: ``- `` at the indentation of the list's first item. Each piece
is a YAML document of its own (a list), read by the same loader as a whole file; the rest of
the file, with the events replaced by ``[]`` and their lines left blank so that every line
keeps its number, is read first. A cut can only fall between events: a line at the list's
indentation ends any plain or block text above it, and one inside quotes leaves the quotes
open, which the parser refuses. Anything unexpected (a flow-style list, an alias to an
anchor in another piece, any error or repeated key) is left to the whole-file reading, whose
messages are the ones users see.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from timeline._frame.errors import Problem, Unreadable
from timeline._io.batches import Batch, NotStreamable, Shifted, Stream
from timeline._io.yamlfile import AliasAllowance, load_yaml

BATCH_CHARACTERS = 1_000_000
"""About how much text of events is parsed at once (its nodes take a hundred times that)."""
_EVENTS_KEY = re.compile(r"events:[ \t]*(?:#[^\n]*)?(?=\n)")
_BLANK_LINES = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*")
_ITEM = re.compile(r"( *)-(?=[ \t\n])")


def yaml_stream(
    text: str,
    file: str,
    batch_characters: int = BATCH_CHARACTERS,
    again: Callable[[], str] | None = None,
) -> Stream:
    """The events of a YAML document in our format, about ``batch_characters`` at a time.

    ``again`` gives the text again, for the lines of a problem: with it, nothing the stream
    hands over keeps a reference to the text (it may be a gigabyte).

    Raises NotStreamable, now or while the batches are read, for a document to read whole.
    """
    allowance = AliasAllowance()
    key_end = _events_key(text)
    first = _BLANK_LINES.match(text, 0 if key_end is None else key_end + 1).end()  # type: ignore[union-attr]
    item = _ITEM.match(text, first)
    if item is None or (key_end is None and item.group(1)):
        raise NotStreamable
    indent = len(item.group(1))
    end = _end_of_list(text, first, indent)
    if key_end is None:
        if text[end:].strip():
            raise NotStreamable
        header, key_line = None, lambda key: 1
    else:
        header, key_line = _header(text, key_end, end, file, allowance)
    batches = _batches(
        text, (first, end), indent, (file, again or (lambda: text)), allowance, batch_characters
    )
    return Stream(header, key_line, batches)


def _events_key(text: str) -> int | None:
    """Where ``events:`` ends, written at the start of a line with nothing after it."""
    at = 0 if text.startswith("events:") else text.find("\nevents:") + 1
    if at == 0 and not text.startswith("events:"):  # found nowhere
        return None
    found = _EVENTS_KEY.match(text, at)
    if found is None:
        raise NotStreamable  # such as 'events: [...]', a list written in flow style
    return at + len("events:")


def _end_of_list(text: str, first: int, indent: int) -> int:
    """Where the events list ends: the first line less indented, or as indented but no item."""
    ends = [re.compile(rf"\n {{{indent}}}(?:[^ \t\n#-]|-[^ \t\n])")]
    if indent:
        ends.append(re.compile(rf"\n {{0,{indent - 1}}}[^ \t\n#]"))
    found = [match.start() for pattern in ends if (match := pattern.search(text, first))]
    return min(found, default=len(text))


def _header(
    text: str, key_end: int, end: int, file: str, allowance: AliasAllowance
) -> tuple[dict[str, Any], Any]:
    """The document without its events (``events: []``, every line where it was)."""
    blank = "\n" * text.count("\n", key_end, end)
    document, lines = _load(f"{text[:key_end]} []{blank}{text[end:]}", file, allowance)
    if not isinstance(document, dict) or document.get("events") != []:
        raise NotStreamable
    line, key_lines = lines.get(id(document), (1, {}))

    def key_line(key: str | None) -> int:
        return key_lines.get(key, line) if key else line

    return document, key_line


def _batches(
    text: str,
    events: tuple[int, int],
    indent: int,
    source: tuple[str, Callable[[], str]],
    allowance: AliasAllowance,
    size: int,
) -> Iterator[Batch]:
    first, end = events
    file, again = source
    item = re.compile(rf"\n {{{indent}}}-(?=[ \t\n])")
    start, line = first, text.count("\n", 0, first)
    while start < end:
        found = item.search(text, min(start + size, end), end)
        stop = found.start() + 1 if found else end
        piece = text[start:stop]
        records, _ = _load(piece, file, allowance)
        if not isinstance(records, list):
            raise NotStreamable
        yield Batch(
            records,
            functools.partial(_again, again, (start, stop), file, line),
            convert="binary" not in piece,  # a !!binary tag makes bytes, which Arrow takes as text
        )
        line += piece.count("\n")
        start = stop


def _again(
    again: Callable[[], str], piece: tuple[int, int], file: str, line: int
) -> tuple[list[Any], Shifted]:
    records, lines = load_yaml(again()[piece[0] : piece[1]], file)
    return records, Shifted(lines, line)


def _load(text: str, file: str, allowance: AliasAllowance) -> tuple[Any, Any]:
    repeated: list[Problem] = []
    try:
        document, lines = load_yaml(text, file, repeated, allowance)
    except Unreadable:
        raise NotStreamable from None
    if repeated:
        raise NotStreamable
    return document, lines
