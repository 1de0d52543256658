"""Columns of CSV cells in Arrow, cleaned and cut to events without copying their text.

A million events of text is hundreds of megabytes, and every copy costs its time twice: once
to copy, once for the operating system to hand out fresh pages. So cells are trimmed only
where a first or last byte says they might need it, rows are dropped by rewriting offsets
where the dropped cells are empty, and empty cells become nulls through a validity bitmap.
"""

from __future__ import annotations

import itertools

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

NEUTRALIZED = r"^'([=+\-@\t\r'])"
"""A cell written with a leading apostrophe so spreadsheets do not run it as a formula."""
_NO_BYTES = pa.py_buffer(b"")
WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(
    map(chr, [*range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000])
)
"""What ``pyarrow.compute.utf8_trim_whitespace`` trims (and what ``str.isspace`` says)."""


def byte_table(values: bytes) -> np.ndarray:
    """A lookup table over the 256 byte values, true for those in values."""
    table = np.zeros(256, dtype=bool)
    table[np.frombuffer(values, dtype=np.uint8)] = True
    return table


_STARTS_SPACE = byte_table(bytes({c.encode()[0] for c in WHITESPACE}))
_ENDS_SPACE = byte_table(bytes({c.encode()[-1] for c in WHITESPACE}))
_CARRIAGE = byte_table(b"\r")


def clean_cells(column: pa.ChunkedArray, crlf: bool = False) -> pa.ChunkedArray:
    """Cells without surrounding whitespace and with formula-guarding apostrophes removed.

    With crlf, a ``\\r\\n`` inside a cell becomes ``\\n``.
    """
    return pa.chunked_array([_clean(chunk, crlf) for chunk in column.chunks], type=column.type)


def _clean(array: pa.Array, crlf: bool) -> pa.Array:
    if crlf and rows_with_bytes(array, _CARRIAGE).any():
        array = pc.replace_substring(array, "\r\n", "\n")
    first, last = _edge_bytes(array)
    trimmed = _trimmed(array, first, last)
    if trimmed is not array:
        array = trimmed
        first, _ = _edge_bytes(array)
    if (first == ord("'")).any():
        array = pc.replace_substring_regex(array, pattern=NEUTRALIZED, replacement=r"\1")
    return array


def trim(array: pa.Array) -> pa.Array:
    """The strings without surrounding whitespace; the same array when none has any."""
    return _trimmed(array, *_edge_bytes(array))


def _trimmed(array: pa.Array, first: np.ndarray, last: np.ndarray) -> pa.Array:
    # A cell whose first or last byte cannot be part of whitespace needs no trimming, and
    # only the others are tried, unless they are so many that trimming all costs no more.
    maybe = _STARTS_SPACE[first] | _ENDS_SPACE[last]
    tried = int(np.count_nonzero(maybe))
    if not tried:
        return array
    if tried * 4 < len(array):
        some = array.filter(pa.array(maybe))
        if (
            pc.all(
                pc.equal(pc.binary_length(pc.utf8_trim_whitespace(some)), pc.binary_length(some))
            ).as_py()
            is not False
        ):
            return array
    return pc.utf8_trim_whitespace(array)


def rows_with_bytes(array: pa.Array, table: np.ndarray) -> np.ndarray:
    """Whether each string holds a byte for which table is true."""
    offsets = _offsets(array)
    data = array.buffers()[2]
    found = np.zeros(len(array), dtype=bool)
    if data is None or not len(array) or offsets[0] == offsets[-1]:
        return found
    values = np.frombuffer(data, dtype=np.uint8)[offsets[0] : offsets[-1]]
    top = int(np.flatnonzero(table)[-1]) + 1 if table.any() else 0
    if top <= ord(" ") + 1:  # such as whitespace: a comparison finds the few candidates
        hits = np.flatnonzero(values < top)
        hits = hits[table[values[hits]]]
    else:
        hits = np.flatnonzero(table.take(values))
    hits += offsets[0]
    found[np.searchsorted(offsets, hits, side="right") - 1] = True
    return found


def first_bytes(array: pa.Array, skip: int = 0) -> np.ndarray:
    """Byte number skip of each string, or 0 where the string is not that long."""
    offsets = _offsets(array)
    data = array.buffers()[2]
    if data is None or not data.size:
        return np.zeros(len(array), dtype=np.uint8)
    values = np.frombuffer(data, dtype=np.uint8)
    at = offsets[:-1] + skip
    return np.where(at < offsets[1:], values[np.minimum(at, len(values) - 1)], 0).astype(np.uint8)


def _offsets(array: pa.Array) -> np.ndarray:
    kind = np.int64 if pa.types.is_large_string(array.type) else np.int32
    buffer = array.buffers()[1]
    if buffer is None:
        return np.zeros(len(array) + 1, dtype=kind)
    return np.frombuffer(buffer, dtype=kind)[array.offset : array.offset + len(array) + 1]


def _edge_bytes(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The first and last byte of every string in array.

    For an empty string these are bytes of a neighbouring string, which is checked anyway: so
    "any first byte is X" is still exact, without the cost of skipping the empty ones.
    """
    offsets = _offsets(array)
    data = array.buffers()[2]
    if data is None or not data.size:
        return np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.uint8)
    values = np.frombuffer(data, dtype=np.uint8)
    # "clip" keeps the positions of trailing (and leading) empty strings inside the buffer.
    return values.take(offsets[:-1], mode="clip"), values.take(offsets[1:] - 1, mode="clip")


def drop_rows(column: pa.ChunkedArray | pa.Array, keep: np.ndarray) -> pa.ChunkedArray:
    """The rows of a string column where keep is true."""
    if isinstance(column, pa.Array):
        column = pa.chunked_array([column])
    if keep.all():
        return column
    chunks, at = [], 0
    for chunk in column.chunks:
        chunks.append(_drop(chunk, keep[at : at + len(chunk)]))
        at += len(chunk)
    return pa.chunked_array(chunks, type=column.type)


def _drop(array: pa.Array, keep: np.ndarray) -> pa.Array:
    if keep.all():
        return array
    if array.null_count == 0 and (
        pa.types.is_string(array.type) or pa.types.is_large_string(array.type)
    ):
        offsets = _offsets(array)
        if not (offsets[1:] != offsets[:-1])[~keep].any():
            # Only empty cells go: the kept cells' bytes are where they were, so new offsets
            # over the same data buffer are the whole new array.
            kept = np.concatenate([offsets[:1], offsets[1:][keep]])
            return pa.Array.from_buffers(
                array.type, len(kept) - 1, [None, pa.py_buffer(kept), _data(array)]
            )
    return array.filter(pa.array(keep))


def filled(strings: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Whether each string is neither empty nor missing, read from the offsets."""
    if isinstance(strings, pa.ChunkedArray):
        parts = [filled(chunk) for chunk in strings.chunks]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
    offsets = _offsets(strings)
    given = offsets[1:] != offsets[:-1]
    if strings.null_count:
        given &= np.asarray(strings.is_valid(), dtype=bool)
    return given


def empty_as_null(strings: pa.Array) -> pa.Array:
    """The same strings with "" as null, sharing their offsets and bytes (no copy)."""
    given = filled(strings)
    if given.all():
        return strings
    if strings.null_count:
        strings = strings.fill_null("")
    # The bitmap counts from the start of the buffers, like the offsets: a slice's rows
    # start ``offset`` bits in.
    bits = np.concatenate([np.ones(strings.offset, dtype=bool), given])
    validity = pa.py_buffer(np.packbits(bits, bitorder="little"))
    return pa.Array.from_buffers(
        strings.type,
        len(strings),
        [validity, strings.buffers()[1], _data(strings)],
        offset=strings.offset,
    )


def empty_strings(n: int) -> pa.ChunkedArray:
    """A column of n empty strings, for a CSV column that is not there."""
    offsets = pa.py_buffer(np.zeros(n + 1, dtype=np.int32))
    return pa.chunked_array([pa.Array.from_buffers(pa.string(), n, [None, offsets, _NO_BYTES])])


def _data(array: pa.Array) -> pa.Buffer:
    return array.buffers()[2] or _NO_BYTES


def struct_lists(
    offsets: np.ndarray, columns: list[pa.ChunkedArray], fields: list[pa.Field]
) -> pa.ChunkedArray:
    """Lists of structs: list i holds rows ``offsets[i]:offsets[i+1]`` of the columns ("" as null).

    The columns' chunks are used where they are, each list array over a run of chunks that no
    list crosses; only such runs are copied into one, never the whole column.
    """
    kind = pa.list_(pa.struct(fields))
    chunk_lists = _aligned(columns) if offsets[-1] else [[col.combine_chunks()] for col in columns]
    lengths = [len(chunk) for chunk in chunk_lists[0]]
    bounds = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
    # A run of chunks may end at a boundary where a list starts.
    inner = bounds[1:-1]
    at = np.minimum(np.searchsorted(offsets, inner), len(offsets) - 1)  # offsets are sorted
    ends = np.flatnonzero(offsets[at] == inner) + 1
    cuts = np.concatenate([[0], ends, [len(lengths)]])
    lists = []
    for first, last in itertools.pairwise(cuts.tolist()):
        lo, hi = bounds[first], bounds[last]
        e0 = int(np.searchsorted(offsets, lo)) if first else 0
        e1 = int(np.searchsorted(offsets, hi)) if last < len(lengths) else len(offsets) - 1
        parts = [empty_as_null(_joined(chunks[first:last])) for chunks in chunk_lists]
        values = pa.StructArray.from_arrays(parts, fields=fields)
        here = pa.array((offsets[e0 : e1 + 1] - lo).astype(np.int32))
        lists.append(pa.ListArray.from_arrays(here, values))
    return pa.chunked_array(lists, type=kind)


def _aligned(columns: list[pa.ChunkedArray]) -> list[list[pa.Array]]:
    """The columns' chunks, all cut where the most finely chunked column's are (no copies).

    A column chunked another way is made one chunk first, then sliced.
    """
    finest = max(columns, key=lambda column: column.num_chunks)
    lengths = [len(chunk) for chunk in finest.chunks]
    starts = np.concatenate([[0], np.cumsum(lengths)])[:-1].tolist()
    aligned = []
    for column in columns:
        chunks = column.chunks
        if [len(chunk) for chunk in chunks] != lengths:
            whole = column.combine_chunks()
            chunks = [whole.slice(at, n) for at, n in zip(starts, lengths, strict=True)]
        aligned.append(chunks)
    return aligned


def _joined(chunks: list[pa.Array]) -> pa.Array:
    """The chunks as one array, copied only when there are several."""
    return chunks[0] if len(chunks) == 1 else pa.concat_arrays(chunks)


_MIX = np.uint64(0x9E3779B97F4A7C15)
_LOW_BYTES = np.array([(1 << (8 * i)) - 1 for i in range(8)] + [(1 << 64) - 1], dtype=np.uint64)


def hash_strings(array: pa.Array) -> np.ndarray:
    """A 64-bit hash of each string, equal for equal strings, read eight bytes at a time."""
    offsets = _offsets(array)
    lo, hi = int(offsets[0]), int(offsets[-1])
    padded = np.zeros(hi - lo + 8, dtype=np.uint8)
    if hi > lo:
        padded[: hi - lo] = np.frombuffer(_data(array), dtype=np.uint8)[lo:hi]
    # Every byte position as the start of a little-endian 64-bit word (unaligned reads).
    words = np.ndarray(shape=(hi - lo + 1,), dtype="<u8", buffer=padded, strides=(1,))
    starts = (offsets[:-1] - lo).astype(np.intp)
    lengths = np.diff(offsets).astype(np.intp)
    hashes = lengths.astype(np.uint64) * _MIX
    rows: slice | np.ndarray = slice(None)  # all of them, until most strings are done
    for k in range(0, int(lengths.max(initial=0)), 8):
        left = lengths[rows] - k
        word = words[np.minimum(starts[rows] + k, hi - lo)] & _LOW_BYTES[np.clip(left, 0, 8)]
        mixed = (hashes[rows] ^ word) * _MIX
        hashes[rows] = mixed ^ (mixed >> np.uint64(29))
        going_on = left > 8
        if not isinstance(rows, slice):
            rows = rows[going_on]
        elif np.count_nonzero(going_on) * 2 < len(going_on):
            rows = np.flatnonzero(going_on)
    return hashes
