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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

_BOM = b"\xef\xbb\xbf"
_FIRST_VISIBLE = re.compile(rb"[^ \t\n\r\x0b\x0c]")
SCAN_BLOCK = 1 << 20
"""Bytes checked at a time: small enough to stay in the processor's cache."""


@dataclass
class Scan:
    """What a pass over the bytes found."""

    plain: bool
    """No NUL characters, and text to see whose first character is ASCII."""
    carriage: bool
    """Whether a carriage return occurs (in ``\\r\\n`` line ends, most likely)."""


@dataclass
class CsvBytes:
    """A CSV file for pyarrow, checked beside the parse, and its text only when needed.

    pyarrow reads the file at ``path`` and checks that it is UTF-8, while another thread scans
    the bytes for what pyarrow does not check (``checked``): NUL characters and carriage
    returns.
    """

    path: str
    head: str
    text: Callable[[], str]
    scan: Future[Scan]

    def header_text(self) -> str:
        """The file's first line, or all of its text when a quoted header cell holds a break."""
        return self.text() if self.head.count('"') % 2 else self.head

    def checked(self) -> Scan:
        """The scan's findings, once it has finished."""
        return self.scan.result()


@contextlib.contextmanager
def open_csv(path: Path, decode: Callable[[bytes], str]) -> Iterator[str | CsvBytes]:
    """The file as CsvBytes while the block runs, or as text from ``decode`` when unusual."""
    text = lambda: decode(path.read_bytes())  # noqa: E731
    with path.open("rb", buffering=0) as handle:
        head = _head(handle.read(SCAN_BLOCK))
    if head is None:
        yield text()
        return
    with ThreadPoolExecutor(1) as pool:
        yield CsvBytes(str(path), head, text, pool.submit(scan_bytes, path))


def _head(first: bytes) -> str | None:
    """The first line of a file from its first block; None when the file is not plain UTF-8."""
    start = _after_bom(first)
    visible = _visible(first, start, len(first))
    if visible is None or (not visible and len(first) < SCAN_BLOCK):  # or only whitespace in all
        return None
    end = first.find(b"\n", start)
    if first.find(b"\x00", start, end if end >= 0 else len(first)) >= 0:
        return None  # UTF-16 without a byte order mark, or no text: decoding says which
    try:
        return first[start : end + 1 if end >= 0 else len(first)].decode(
            "utf-8", errors="strict" if end >= 0 else "ignore"
        )
    except UnicodeDecodeError:
        return None


def scan_bytes(path: Path) -> Scan:
    """Check the bytes block by block, in one buffer that stays in the processor's cache.

    Mapping the file instead cost a page fault for every 4 KiB, more than the checks themselves.
    """
    buffer = bytearray(SCAN_BLOCK)
    view = memoryview(buffer)
    carriage, visible = False, False
    with path.open("rb", buffering=0) as handle:
        size = handle.readinto(view)
        start = _after_bom(buffer)
        while size:
            if not visible:
                found = _visible(buffer, start, size)
                if found is None:
                    return Scan(False, carriage)
                visible = found
            if buffer.find(b"\x00", 0, size) >= 0:
                return Scan(False, carriage)
            carriage = carriage or buffer.find(b"\r", 0, size) >= 0
            start, size = 0, handle.readinto(view)
    return Scan(visible, carriage)


def _after_bom(data: bytes | bytearray) -> int:
    """Where the text starts: after a UTF-8 byte order mark, if there is one."""
    return len(_BOM) if data[: len(_BOM)] == _BOM else 0


def _visible(data: bytes | bytearray, start: int, end: int) -> bool | None:
    """Whether data[start:end] shows a character; None when the first one shown is not ASCII."""
    found = _FIRST_VISIBLE.search(data, start, end)
    if found is None:
        return False
    return None if data[found.start()] >= 0x80 else True
