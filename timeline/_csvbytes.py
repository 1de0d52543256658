"""A CSV file handed to pyarrow as it is, without decoding it to text first.

Decoding a large file to a Python string, normalizing its line ends and encoding it again for
pyarrow cost more than parsing it, and held three copies in memory. Files that are plain UTF-8
(nearly all) are checked block by block through a memory map whose pages are let go as soon as
they are checked, then pyarrow reads the file itself and checks that it is UTF-8. Anything
unusual (UTF-16, bad bytes, NUL characters, a file of only whitespace) takes the decoding path,
which explains the problem.
"""

from __future__ import annotations

import contextlib
import mmap
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

_BOM = b"\xef\xbb\xbf"
_NEWLINE = ord("\n")
_FIRST_VISIBLE = re.compile(rb"[^ \t\n\r\x0b\x0c]")
_BLOCK = 1 << 24


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
    with path.open("rb") as handle:
        data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            found = _scan(data)
            normalized = data[:].replace(b"\r\n", b"\n") if found and found[2] else None
        finally:
            with contextlib.suppress(BufferError):  # a view still held by a traceback
                data.close()
    if found is None:
        yield text()
        return
    head, lines, carriage = found
    if carriage:  # as decoding does; \r never occurs inside a UTF-8 character
        yield CsvBytes(pa.py_buffer(normalized), head, None, text)
    else:
        yield CsvBytes(str(path), head, lines, text)


def _scan(data: mmap.mmap) -> tuple[str, int | None, bool] | None:
    """(first line, line count, has \\r) of plain UTF-8 data; None when it is not that."""
    start = len(_BOM) if data[: len(_BOM)] == _BOM else 0
    visible = _FIRST_VISIBLE.search(data, start)
    if visible is None or data[visible.start()] >= 0x80:
        return None
    first_end = data.find(b"\n", start, start + (1 << 20))
    head = data[start : first_end + 1 if first_end >= 0 else start + (1 << 20)]
    try:
        head_text = head.decode("utf-8", errors="strict" if first_end >= 0 else "ignore")
    except UnicodeDecodeError:
        return None
    lines, empty, carriage = 0, data[start] == _NEWLINE, False
    at, after_newline = start, False
    while at < len(data):
        end = min(at + _BLOCK, len(data))
        if data.find(b"\x00", at, end) >= 0:
            return None
        carriage = carriage or data.find(b"\r", at, end) >= 0
        block = np.frombuffer(data, dtype=np.uint8, count=end - at, offset=at)
        breaks = np.flatnonzero(block == _NEWLINE)
        del block
        lines += len(breaks)
        if len(breaks):
            empty = empty or bool((np.diff(breaks) == 1).any()) or (after_newline and not breaks[0])
        after_newline = bool(len(breaks)) and breaks[-1] == end - at - 1
        # Checked pages leave this process's memory (they stay in the page cache for pyarrow).
        aligned = end - end % mmap.PAGESIZE
        if aligned and hasattr(data, "madvise") and hasattr(mmap, "MADV_DONTNEED"):
            data.madvise(mmap.MADV_DONTNEED, 0, aligned)
        at = end
    lines += data[len(data) - 1] != _NEWLINE
    return head_text, None if empty else lines, carriage
