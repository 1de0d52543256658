"""The common EDTF forms, parsed for a whole column at once.

``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD``, each optionally followed by ``~``, ``?`` or ``%``,
the same with unspecified digits (``199X``, ``19XX``, ``2024-XX``, ``2024-11-XX``), and
intervals of them (with ``..`` or nothing for an open side) are nearly every date in real data.
The ``edtf`` package parses about 150 values a second, so a million distinct dates would take
hours; here the digits are read straight from the Arrow string buffer with numpy instead. What
this module does not resolve (other EDTF, times, and every invalid value, which deserves the
slow path's explanation) is left to ``timeline._frame.dates``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

DAY, MONTH, YEAR, DECADE, CENTURY = 1, 2, 4, 5, 6
"""Precision codes (positions in ``timeline._frame.dates.PRECISIONS``) of the forms handled here."""

_FORM = r"^(?:\d{4}(?:-(?:\d{2}(?:-(?:\d{2}|XX))?|XX(?:-XX)?))?|\d{3}X|\d{2}XX)[~?%]?$"
_X = ord("X")
_OPEN = ("", "..")
_ZERO = ord("0")


@dataclass
class Parsed:
    """Values resolved here (``ok``) with their bounds, precision code and qualifiers."""

    ok: np.ndarray
    start: np.ndarray  # datetime64[s]; NaT where not ok or open
    end: np.ndarray
    precision: np.ndarray  # int8 codes
    approximate: np.ndarray
    uncertain: np.ndarray
    span: np.ndarray


def parse_common(texts: pa.Array) -> Parsed:
    """Parse trimmed, non-null date strings in the common forms; mark the others not ``ok``."""
    texts = _plain_array(texts)
    out = _singles(texts)
    slashed = np.flatnonzero(
        ~out.ok & np.asarray(pc.match_substring(texts, "/").fill_null(False), dtype=bool)
    )
    if len(slashed):
        _intervals(texts.take(pa.array(slashed)), slashed, out)
    return out


def _plain_array(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if texts.type not in (pa.string(), pa.large_string()):
        texts = texts.cast(pa.string())
    return texts.fill_null("")


def _empty(n: int) -> Parsed:
    nat = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    flags = [np.zeros(n, dtype=bool) for _ in range(4)]
    return Parsed(flags[0], nat, nat.copy(), np.full(n, DAY, dtype=np.int8), *flags[1:])


def _singles(texts: pa.Array) -> Parsed:
    """``YYYY[-MM[-DD]][~?%]`` (X for unspecified digits) read from the string bytes."""
    n = len(texts)
    out = _empty(n)
    matched = np.asarray(pc.match_substring_regex(texts, _FORM).fill_null(False), dtype=bool)
    rows = np.flatnonzero(matched)
    if not len(rows):
        return out
    offsets, data = _buffers(texts)
    at = offsets[rows]
    length = offsets[rows + 1] - at
    last = len(data) - 1

    def char(k: int) -> np.ndarray:
        return data[np.minimum(at + k, last)]

    def digits(first: int, count: int) -> np.ndarray:
        value = np.zeros(len(rows), dtype=np.int64)
        for k in range(first, first + count):
            digit = char(k).astype(np.int64) - _ZERO
            value = value * 10 + np.where(digit == _X - _ZERO, 0, digit)  # X counts as 0
        return value

    qualifier = data[at + length - 1]
    qualified = np.isin(qualifier, np.frombuffer(b"~?%", dtype=np.uint8))
    core = length - qualified  # 4, 7 or 10 characters
    century, decade = char(2) == _X, char(3) == _X
    any_month = (core >= 7) & (char(5) == _X)
    any_day = (core == 10) & (char(8) == _X)
    year = digits(0, 4)
    month = np.where((core >= 7) & ~any_month, digits(5, 2), 1)
    day = np.where((core == 10) & ~any_day, digits(8, 2), 1)
    first_month = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    start = first_month.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")
    next_month = (first_month + 1).astype("datetime64[D]")
    precision = np.select(
        [century, decade, (core == 4) | any_month, (core == 7) | any_day],
        [CENTURY, DECADE, YEAR, MONTH],
        DAY,
    )
    months = np.select(
        [precision == CENTURY, precision == DECADE, precision == YEAR], [1200, 120, 12], 1
    )
    following = np.where(
        precision == DAY, start + 1, (first_month + months).astype("datetime64[D]")
    )
    good = (month >= 1) & (month <= 12) & (day >= 1) & (start < next_month)
    rows, start, following = rows[good], start[good], following[good]
    qualifier = np.where(qualified, qualifier, 0)[good]
    out.ok[rows] = True
    out.start[rows] = start.astype("datetime64[s]")
    out.end[rows] = following.astype("datetime64[s]") - np.timedelta64(1, "s")
    out.precision[rows] = precision[good]
    out.approximate[rows] = (qualifier == ord("~")) | (qualifier == ord("%"))
    out.uncertain[rows] = (qualifier == ord("?")) | (qualifier == ord("%"))
    return out


def _buffers(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Offsets (one per string, plus the end) and the bytes of a string array."""
    kind = np.int64 if texts.type == pa.large_string() else np.int32
    buffers = texts.buffers()
    offsets = np.frombuffer(buffers[1], dtype=kind)[texts.offset : texts.offset + len(texts) + 1]
    data = (
        np.frombuffer(buffers[2], dtype=np.uint8)
        if buffers[2] is not None and buffers[2].size
        else np.zeros(1, dtype=np.uint8)
    )
    return offsets.astype(np.int64), data


def _intervals(texts: pa.Array, rows: np.ndarray, out: Parsed) -> None:
    """``START/END`` where each side is a common form or open, the end not before the start."""
    sides = pc.split_pattern(texts, "/", max_splits=1)
    lo_text, hi_text = pc.list_element(sides, 0), pc.list_element(sides, 1)
    lo, hi = _singles(lo_text), _singles(hi_text)
    lo_open = np.asarray(pc.is_in(lo_text, pa.array(_OPEN)), dtype=bool)
    hi_open = np.asarray(pc.is_in(hi_text, pa.array(_OPEN)), dtype=bool)
    ordered = ~(lo.ok & hi.ok) | (hi.end >= lo.start)
    good = (lo.ok | lo_open) & (hi.ok | hi_open) & ~(lo_open & hi_open) & ordered
    at = rows[good]
    out.ok[at] = True
    out.start[at] = lo.start[good]  # NaT where the start is open
    out.end[at] = hi.end[good]
    out.precision[at] = np.where(lo.ok, lo.precision, hi.precision)[good]
    out.approximate[at] = (lo.approximate | hi.approximate)[good]
    out.uncertain[at] = (lo.uncertain | hi.uncertain)[good]
    out.span[at] = True
