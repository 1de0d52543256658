"""A CSV file handed to pyarrow as mapped bytes, without decoding it to text first.

Decoding a large file to a Python string, normalizing its line ends and encoding it again for
pyarrow cost more than parsing it, and held three copies in memory. Files that are plain UTF-8
(nearly all) are memory-mapped and parsed as they are; anything unusual (UTF-16, bad bytes,
NUL characters, a file of only whitespace) takes the decoding path, which explains the problem.
"""

from __future__ import annotations

import contextlib
import mmap
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

_BOM = b"\xef\xbb\xbf"
_NEWLINE = ord("\n")
_FIRST_VISIBLE = re.compile(rb"[^ \t\n\r\x0b\x0c]")


class CsvBytes:
    """A CSV file's bytes as they go to pyarrow, and its text only when a problem needs lines.

    ``data`` is any buffer (a memory-mapped file) and ``start`` skips a byte order mark; the
    bytes are known to be UTF-8 without NUL characters, with ``\\n`` line ends.
    """

    def __init__(self, data: Any, start: int, text: Callable[[], str]) -> None:
        self.data = data
        self.start = start
        self.text = text

    def header_text(self) -> str:
        """The beginning of the file, decoded: at least its first line, unless that is huge."""
        end = self.data.find(b"\n", self.start)
        end = len(self.data) if end < 0 or end - self.start > 2**20 else end + 1
        head = bytes(self.data[self.start : end])
        if head.count(b'"') % 2:  # a quoted header cell holds a line break: read on
            return self.text()
        return head.decode("utf-8")

    def lines_if_none_empty(self) -> int | None:
        """How many lines the file has, or None when one is empty (pyarrow skips those)."""
        data = np.frombuffer(self.data, dtype=np.uint8)[self.start :]
        if not len(data) or data[0] == _NEWLINE:
            return None
        lines, step = 0, 1 << 22
        for at in range(0, len(data), step):
            ends = data[at : at + step + 1] == _NEWLINE  # one byte more: pairs across blocks
            if (ends[1:] & ends[:-1]).any():
                return None
            lines += int(np.count_nonzero(ends[:step]))
        return lines + int(data[-1] != _NEWLINE)


@contextlib.contextmanager
def open_csv(path: Path, decode: Callable[[bytes], str]) -> Iterator[str | CsvBytes]:
    """The file as CsvBytes while the block runs, or as text from ``decode`` when unusual."""
    if path.stat().st_size == 0:
        yield decode(b"")
        return
    with path.open("rb") as handle:
        data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            start = len(_BOM) if data[: len(_BOM)] == _BOM else 0
            visible = _FIRST_VISIBLE.search(data, start)
            plain: Any = data
            if visible is None or data[visible.start()] >= 0x80 or data.find(b"\x00") >= 0:
                plain = None
            elif data.find(b"\r") >= 0:
                plain = data[:].replace(b"\r\n", b"\n")  # as decoding does; never in UTF-8
            if plain is None or not _utf8(plain, start):
                yield decode(data[:])
            else:
                yield CsvBytes(plain, start, lambda: decode(path.read_bytes()))
        finally:
            # An Arrow buffer still held by a traceback would make closing fail; the map is
            # then closed when the last reference goes.
            with contextlib.suppress(BufferError):
                data.close()


def _utf8(data: Any, start: int) -> bool:
    """Whether the bytes are valid UTF-8, checked by Arrow (far faster than decoding)."""
    buffer = pa.py_buffer(data).slice(start)
    offsets = pa.py_buffer(np.array([0, buffer.size], dtype=np.int64))
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, buffer]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True
