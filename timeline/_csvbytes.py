"""A CSV file handed to pyarrow as it is, without decoding it to text first.

Decoding a large file to a Python string, normalizing its line ends and encoding it again for
pyarrow cost more than parsing it, and held three copies in memory. Files that are plain UTF-8
(nearly all) are checked block by block, then pyarrow reads the file itself and checks that it
is UTF-8. Anything unusual (UTF-16, bad bytes, NUL characters, a file of only whitespace)
takes the decoding path, which explains the problem.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa

_BOM = b"\xef\xbb\xbf"
_NEWLINE = ord("\n")
_FIRST_VISIBLE = re.compile(rb"[^ \t\n\r\x0b\x0c]")
_BLOCK = 1 << 20
"""Bytes checked at a time: small enough to stay in the processor's cache."""


@dataclass
class CsvBytes:
    """A CSV file for pyarrow, and its text only when a problem needs lines.

    The bytes hold no NUL characters (pyarrow checks that they are UTF-8). ``source`` is what
    pyarrow reads (the file's path, or its bytes with ``\\r\\n`` made ``\\n``); ``lines`` counts
    the lines, or is None when one of them is empty or a line end is not ``\\n``.
    """

    source: Any
    head: str
    lines: int | None
    text: Callable[[], str]

    def header_text(self) -> str:
        """The file's first line, or all of its text when a quoted header cell holds a break."""
        return self.text() if self.head.count('"') % 2 else self.head

    def lines_if_none_empty(self) -> int | None:
        """How many lines the file has, or None when one is empty (pyarrow skips those)."""
        return self.lines


@contextlib.contextmanager
def open_csv(path: Path, decode: Callable[[bytes], str]) -> Iterator[str | CsvBytes]:
    """The file as CsvBytes while the block runs, or as text from ``decode`` when unusual."""
    text = lambda: decode(path.read_bytes())  # noqa: E731
    if path.stat().st_size == 0:
        yield decode(b"")
        return
    with path.open("rb", buffering=0) as handle:
        found = _scan(handle)
    if found is None:
        yield text()
        return
    head, lines, carriage = found
    if carriage:  # as decoding does; \r never occurs inside a UTF-8 character
        yield CsvBytes(pa.py_buffer(path.read_bytes().replace(b"\r\n", b"\n")), head, None, text)
    else:
        yield CsvBytes(str(path), head, lines, text)


def _scan(handle: BinaryIO) -> tuple[str, int | None, bool] | None:
    """(first line, line count, has \\r) of plain UTF-8 data; None when it is not that.

    The file is read block by block into one buffer that stays in the processor's cache:
    mapping it instead cost a page fault for every 4 KiB, more than the checks themselves.
    """
    buffer = bytearray(_BLOCK)
    view, data = memoryview(buffer), np.frombuffer(buffer, dtype=np.uint8)
    size = handle.readinto(view)
    start = len(_BOM) if buffer[: len(_BOM)] == _BOM else 0
    first_end = buffer.find(b"\n", start, size)
    head = buffer[start : first_end + 1 if first_end >= 0 else size]
    try:
        head_text = head.decode("utf-8", errors="strict" if first_end >= 0 else "ignore")
    except UnicodeDecodeError:
        return None
    lines, empty, carriage, visible = 0, size > start and buffer[start] == _NEWLINE, False, False
    after_newline = False
    while size:
        if not visible:
            found = _FIRST_VISIBLE.search(buffer, start, size)
            if found is not None and buffer[found.start()] >= 0x80:
                return None
            visible = found is not None
        if buffer.find(b"\x00", 0, size) >= 0:
            return None
        carriage = carriage or buffer.find(b"\r", 0, size) >= 0
        newline = data[:size] == _NEWLINE
        count = int(np.count_nonzero(newline))
        lines += count
        if count and not empty:
            empty = (after_newline and bool(newline[0])) or bool((newline[1:] & newline[:-1]).any())
        after_newline = bool(newline[size - 1])
        start, size = 0, handle.readinto(view)
    if not visible:
        return None
    lines += not after_newline
    return head_text, None if empty else lines, carriage
