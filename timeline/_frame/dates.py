"""EDTF dates to start/end instants, precision and qualifiers; vectorized for plain dates."""

from __future__ import annotations

import calendar
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline._frame.arrowtext import filled, trim
from timeline._frame.isodates import parse_common

PRECISIONS = ["time", "day", "month", "season", "year", "decade", "century"]
"""Precision levels of a date, finest first (the categories of the ``precision`` column)."""
_PRECISION_DTYPE = pd.CategoricalDtype(PRECISIONS, ordered=True)

OPEN = ".."
_LONGEST = 80  # characters; the longest EDTF interval with times and qualifiers is shorter
_TIME = re.compile(r"-?\d+-\d+-\d+T")
_DEEP = re.compile(r"Y(-?\d{5,})([~?%]?)")
DEEP_LIMIT = 100_000_000_000
"""Years from year 0 a date can reach (EDTF ``Y`` years; datetime64[s] holds ±292 billion)."""
_NOT_EDTF = re.compile(r"[^0-9XYESTZ:+\-~?%/.\[\]{},]")  # told at once, not by edtf (slow)
_OFFSET = re.compile(r"T[^+]*[+]|T.*\d-\d\d(?::?\d\d)?$")
_ONE_SECOND = np.timedelta64(1, "s")
_ONE_DAY = np.timedelta64(86400, "s")
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_HELP = (
    "write YYYY-MM-DD, or EDTF such as 2024-11 (month), 2024-11-20~ (approximate), "
    "2024-11? (uncertain), 2024-11-19/2024-12-01 (span)"
)


Texts: TypeAlias = pd.Series | pd.Index | pa.Array | pa.ChunkedArray | Sequence[object]
"""A column of date strings: pandas, Arrow, or a plain sequence (missing values allowed)."""


class DateError(ValueError):
    """A date string that is not EDTF; the message says why and what to write."""


@dataclass(frozen=True)
class ParsedDate:
    """What one EDTF string says: its bounds, precision and qualifiers."""

    start: np.datetime64  # NaT for an open start
    end: np.datetime64  # NaT for an open end
    precision: str
    approximate: bool
    uncertain: bool
    span: bool


@dataclass
class DateColumns:
    """Parsed dates for many events, as arrays aligned with the input."""

    start: np.ndarray
    end: np.ndarray
    precision: pd.Categorical  # of PRECISIONS, ordered
    approximate: np.ndarray
    uncertain: np.ndarray
    span: np.ndarray
    errors: dict[int, tuple[str, str]]  # position -> (field, message)
    also: list[tuple[int, str, str]] = field(default_factory=list)
    """Further problems of events that already have one in ``errors`` (a bad date and end)."""


def parse_date(text: str) -> ParsedDate:
    """Parse one EDTF date or interval; raise DateError with a hint when it is not one."""
    text = text.strip()
    if len(text) > _LONGEST:  # say so briefly rather than echo a pasted paragraph
        raise DateError(f"{text[:40]!r}... ({len(text):,} characters) is not a date; {_HELP}")
    return _parse_cached(text)


@lru_cache(maxsize=65536)
def _parse_cached(text: str) -> ParsedDate:
    if _NOT_EDTF.search(text) or re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
        raise DateError(_explain(text))
    if "/" in text:
        first, _, second = text.partition("/")
        if "/" in second:
            raise DateError(f"{text!r} has more than one '/'; an interval is START/END")
        lo = _single(first) if first not in ("", OPEN) else None
        hi = _single(second) if second not in ("", OPEN) else None
        if lo is None and hi is None:
            raise DateError(f"{text!r} has no date on either side of '/'; {_HELP}")
        if lo is not None and hi is not None and hi.end < lo.start:
            raise DateError(f"{text!r} ends before it starts")
        return ParsedDate(
            start=lo.start if lo else np.datetime64("NaT", "s"),
            end=hi.end if hi else np.datetime64("NaT", "s"),
            precision=(lo or hi).precision,  # type: ignore[union-attr]
            approximate=any(p.approximate for p in (lo, hi) if p),
            uncertain=any(p.uncertain for p in (lo, hi) if p),
            span=True,
        )
    return _single(text)


def _single(text: str) -> ParsedDate:
    if not text:
        raise DateError(f"the date is empty; {_HELP}")
    if deep := _DEEP.fullmatch(text):
        return _deep_year(text, int(deep[1]), deep[2])
    if _TIME.match(text):
        return _with_time(text)
    # The common forms take microseconds this way; edtf takes milliseconds for any value.
    common = parse_common(pa.array([text], type=pa.string()))
    if common.ok[0] and not common.span[0]:
        return ParsedDate(
            start=common.start[0],
            end=common.end[0],
            precision=PRECISIONS[int(common.precision[0])],
            approximate=bool(common.approximate[0]),
            uncertain=bool(common.uncertain[0]),
            span=False,
        )
    return edtf_single(text)


def _deep_year(text: str, year: int, qualifier: str) -> ParsedDate:
    """A year past ±9999 (EDTF ``Y-13800000000``): the whole year, as datetime64 holds it."""
    if abs(year) > DEEP_LIMIT:
        raise DateError(f"{text!r} is further than the {DEEP_LIMIT:,} years a date can reach")
    start = np.datetime64(f"{year}-01-01", "s")
    end = np.datetime64(f"{year + 1}-01-01", "s") - _ONE_SECOND
    approximate, uncertain = qualifier in ("~", "%"), qualifier in ("?", "%")
    return ParsedDate(start, end, "year", approximate, uncertain, False)


def edtf_single(text: str) -> ParsedDate:
    """One date parsed by the edtf package (the reference for the fast forms, too)."""
    import edtf  # imported here: it is slow to import and only needed for other EDTF

    try:
        parsed = edtf.parse_edtf(text)
    except Exception as error:  # edtf raises its own exception types, and TypeErrors on odd input
        raise DateError(_explain(text)) from error
    if type(parsed).__name__.endswith("Interval"):
        raise DateError(f"{text!r} is an interval where a single date belongs")
    try:
        lower = _from_struct(parsed.lower_strict())
        upper = _from_struct(parsed.upper_strict()) + _ONE_DAY - _ONE_SECOND
    except DateError as error:
        raise DateError(f"{text!r}: {error}") from None
    except Exception as error:
        raise DateError(_explain(text)) from error
    qualifiers = set(text) & {"~", "?", "%"}
    return ParsedDate(
        start=lower,
        end=upper,
        precision=_precision(lower, upper),
        approximate=bool(qualifiers & {"~", "%"}),
        uncertain=bool(qualifiers & {"?", "%"}),
        span=False,
    )


def _with_time(text: str) -> ParsedDate:
    if _OFFSET.search(text):
        raise DateError(
            f"{text!r} has a time-zone offset, which the events frame does not keep; write "
            "the local time without it (2024-11-19T14:30:00), or the time in UTC ending in Z"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # numpy warns, then parses, text it does not expect
            stamp = np.datetime64(text.removesuffix("Z"), "s")
    except (ValueError, Warning) as error:
        raise DateError(f"{text!r} is not a date and time; write 2024-11-19T14:30:00") from error
    return ParsedDate(stamp, stamp, "time", False, False, False)


def _from_struct(value: object) -> np.datetime64:
    year, month, day = value[0], value[1], value[2]  # type: ignore[index]
    if abs(year) > DEEP_LIMIT:  # the same limit as Y years; datetime64 wraps past ±292 billion
        raise DateError(
            f"the year {year:,} is further than the {DEEP_LIMIT:,} years a date can reach"
        )
    sign = "-" if year < 0 else ""
    return np.datetime64(f"{sign}{abs(year):04d}-{month:02d}-{day:02d}", "s")


def _precision(lower: np.datetime64, upper: np.datetime64) -> str:
    days = int((upper - lower + _ONE_SECOND) / _ONE_DAY)
    if days <= 1:
        return "day"
    if days <= 31:
        return "month"
    if days <= 92:
        return "season"
    if days <= 366:
        return "year"
    if days <= 3653:
        return "decade"
    return "century"


def _explain(text: str) -> str:
    """Say why text is not a date, with the intended ISO date when a spreadsheet mangled it."""
    if m := re.fullmatch(r"(-?\d{4})-(\d{2})(?:-(\d{2}))?([~?%]?)", text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12 and not 21 <= month <= 41:
            return f"{text!r} is not a date (month {month}); {_HELP}"
        if m[3] and 1 <= month <= 12:
            last = calendar.monthrange(year, month)[1] if year > 0 else 31
            name = calendar.month_name[month]
            return f"{text!r} is not a date ({name} {year} has {last} days); {_HELP}"
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        month, day, order = (
            (second, first, "day/month/year") if first > 12 else (first, second, "month/day/year")
        )
        return (
            f"{text!r} looks like a spreadsheet date ({order}); "
            f"write it as {year:04d}-{month:02d}-{day:02d} (YYYY-MM-DD)"
        )
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        return (
            f"{text!r} looks like a day.month.year date; "
            f"write it as {int(m[3]):04d}-{int(m[2]):02d}-{int(m[1]):02d} (YYYY-MM-DD)"
        )
    if re.fullmatch(r"\d{5}(\.0)?", text) and 1 <= float(text) <= 80000:
        serial = _EXCEL_EPOCH + np.timedelta64(int(float(text)), "D")
        return f"{text!r} looks like an Excel serial day number; write it as {serial} (YYYY-MM-DD)"
    return f"{text!r} is not an EDTF date; {_HELP}"


def parse_columns(dates: Texts, ends: Texts | None = None) -> DateColumns:
    """Parse a column of dates (and optional ends) into aligned arrays, collecting errors."""
    columns = _parse_texts(dates, "date")
    if ends is not None:
        texts = as_texts(ends)
        given = np.flatnonzero(filled(texts))
        if len(given):  # most events have no end: only those that do are parsed
            given_texts = texts.take(pa.array(given))
            _apply_ends(columns, given, _parse_texts(given_texts, "end"), given_texts)
    return columns


def as_texts(values: Texts) -> pa.Array:
    """Values as one Arrow string array, trimmed, with missing values as ""."""
    if isinstance(values, pd.Series | pd.Index):
        values = values.array if values.dtype == "str" else values.to_numpy()
    if isinstance(values, pd.api.extensions.ExtensionArray):
        values = pa.array(values)
    if not isinstance(values, pa.Array | pa.ChunkedArray):
        try:
            values = pa.array(values, type=pa.string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # numbers or dates among the values
            values = pa.array(pd.Series(list(values), dtype="object").fillna("").astype("str"))
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
        values = values.cast(pa.string())
    return trim(values.fill_null("") if values.null_count else values)


def date_errors(values: Texts, field: str) -> dict[int, str]:
    """Why each value that is not an EDTF date (nor empty) is not one, by position."""
    index, once = _parse_once(values, field)
    return {row: message for row, (_, message) in _spread_errors(index, once).items()}


def _parse_once(values: Texts, field: str) -> tuple[np.ndarray, DateColumns]:
    """Each distinct value parsed once, and the position of each value among them.

    Dates repeat: a million events fall on a few thousand days.
    """
    encoded = pc.dictionary_encode(as_texts(values))
    return np.asarray(encoded.indices, dtype=np.intp), _parse_distinct(encoded.dictionary, field)


def _spread_errors(index: np.ndarray, once: DateColumns) -> dict[int, tuple[str, str]]:
    errors: dict[int, tuple[str, str]] = {}
    if once.errors:
        bad = np.fromiter(once.errors, dtype=np.intp, count=len(once.errors))
        for row in np.flatnonzero(np.isin(index, bad)):
            errors[int(row)] = once.errors[int(index[row])]
    return errors


def _parse_texts(values: Texts, field: str) -> DateColumns:
    index, once = _parse_once(values, field)
    errors = _spread_errors(index, once)
    return DateColumns(
        once.start[index], once.end[index], once.precision[index], once.approximate[index],
        once.uncertain[index], once.span[index], errors,
    )  # fmt: skip


def _parse_distinct(texts: pa.Array, field: str) -> DateColumns:
    # Nearly every date is in a common form, resolved for the whole column at once; each
    # distinct other value goes through parse_date (and edtf) once.
    common = parse_common(texts)
    start, end, approximate, uncertain, span = (
        common.start, common.end, common.approximate, common.uncertain, common.span
    )  # fmt: skip
    codes = common.precision
    errors: dict[int, tuple[str, str]] = {}
    rest = np.flatnonzero(~common.ok & filled(texts))
    if len(rest):
        codes_of_rest, uniques = pd.factorize(
            np.asarray(texts.take(pa.array(rest)).to_numpy(zero_copy_only=False), dtype=object)
        )
        order = np.argsort(codes_of_rest, kind="stable")
        groups = np.split(rest[order], np.cumsum(np.bincount(codes_of_rest))[:-1])
        for text, at in zip(uniques, groups, strict=True):
            try:
                one = parse_date(text)
            except DateError as error:
                errors.update((int(position), (field, str(error))) for position in at)
                continue
            start[at], end[at], codes[at] = one.start, one.end, PRECISIONS.index(one.precision)
            approximate[at], uncertain[at], span[at] = one.approximate, one.uncertain, one.span
    precision = pd.Categorical.from_codes(codes, dtype=_PRECISION_DTYPE)
    return DateColumns(start, end, precision, approximate, uncertain, span, errors)


def _apply_ends(columns: DateColumns, rows: np.ndarray, ends: DateColumns, texts: pa.Array) -> None:
    """Merge the parsed ``end`` values of the given rows into the parsed dates."""
    is_open = np.asarray(pc.equal(texts, OPEN), dtype=bool)
    for at, (_, message) in ends.errors.items():
        if is_open[at]:
            continue
        position = int(rows[at])
        if position in columns.errors:
            columns.also.append((position, "end", message))
        else:
            columns.errors[position] = ("end", message)
    both = columns.span[rows]
    for row in rows[both].tolist():
        columns.errors.setdefault(
            row,
            ("end", "the date is already an interval; give 'end' or write START/END, not both"),
        )
    for at in np.flatnonzero(ends.span & ~is_open).tolist():
        columns.errors.setdefault(
            int(rows[at]),
            ("end", f"{texts[at].as_py()!r} is an interval; 'end' takes a single date"),
        )
    use, open_end = rows[~both], rows[~both & is_open]
    columns.span[use] = True
    columns.end[use] = ends.end[~both]
    columns.end[open_end] = np.datetime64("NaT", "s")
    columns.approximate[use] |= ends.approximate[~both]
    columns.uncertain[use] |= ends.uncertain[~both]
    before = ~both & ~is_open & (ends.end < columns.start[rows])
    for at in np.flatnonzero(before).tolist():
        position = int(rows[at])
        columns.errors.setdefault(
            position,
            (
                "end",
                f"{texts[int(at)].as_py()!r} is before the start "
                f"{columns.start[position].astype('datetime64[D]')}; "
                "the end must not be before the date",
            ),
        )
