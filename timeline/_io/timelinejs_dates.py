"""TimelineJS date objects (year, month, day, hour, minute, second) to EDTF dates and back."""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from timeline._frame.dates import DEEP_LIMIT, OPEN, parse_date
from timeline._frame.records import kind_name

PARTS = ("year", "month", "day", "hour", "minute", "second")
"""Date parts in the order they refine each other."""
OTHER_KEYS = ("millisecond", "display_date", "format")
_RANGES = {"month": (1, 12), "hour": (0, 23), "minute": (0, 59), "second": (0, 59)}
_BY_PRECISION = {
    "time": PARTS,
    "day": PARTS[:3],
    "month": PARTS[:2],
    "season": PARTS[:2],
    "year": PARTS[:1],
    "decade": PARTS[:1],
    "century": PARTS[:1],
}
YEARS = (-DEEP_LIMIT, DEEP_LIMIT)
"""Years an EDTF date of this package can hold; past ±9999 a year only (``Y-13800000000``)."""
_FOUR_DIGITS = 9999


class Ignored(str):
    """A message for something TimelineJS ignores: a notice for the user, not a problem.

    Readers pass it to ``report`` like a problem and give it to :func:`notices`.
    """


def notices(problems: list[Any], file: str) -> list[Any]:
    """The problems that are not :class:`Ignored`; those are said in one ReadNotice."""
    ignored = [p for p in problems if isinstance(p.message, Ignored)]
    if ignored:
        import warnings

        from timeline._frame.errors import ReadNotice

        shown = "; ".join(
            f"line {p.line} ({p.event}): {p.field}" if p.line else f"{p.event}: {p.field}"
            for p in ignored[:5]
        )
        more = f" and {len(ignored) - 5} more" if len(ignored) > 5 else ""
        warnings.warn(
            f"{file}: left out {len(ignored)} key{'s' if len(ignored) != 1 else ''} TimelineJS "
            f"ignores too: {shown}{more}",
            ReadNotice,
            stacklevel=4,
        )
    return [p for p in problems if not isinstance(p.message, Ignored)]


Parts = dict[str, int]
Report = Callable[[str, str], None]
"""report(field, message), field a dotted path such as ``start_date.month``."""


def parts_of(text: str) -> Parts:
    """The TimelineJS parts that say as much of one EDTF date as TimelineJS can.

    Qualifiers, seasons and unspecified digits have no parts: ``2024-11-20~`` gives the day,
    ``2024-21`` (spring) its first month, ``199X`` its first year.
    """
    parsed = parse_date(text)
    return _stamp_parts(parsed.start, _BY_PRECISION[parsed.precision])


def day_parts(stamp: np.datetime64) -> Parts:
    """Year, month and day of an instant."""
    return _stamp_parts(stamp, PARTS[:3])


def _stamp_parts(stamp: np.datetime64, keys: tuple[str, ...]) -> Parts:
    day_start = stamp.astype("datetime64[D]")
    month_start = stamp.astype("datetime64[M]")
    seconds = int((stamp - day_start.astype("datetime64[s]")).astype(np.int64))
    values = {
        "year": int(stamp.astype("datetime64[Y]").astype(np.int64)) + 1970,
        "month": int(month_start.astype(np.int64)) % 12 + 1,
        "day": int((day_start - month_start.astype("datetime64[D]")).astype(np.int64)) + 1,
        "hour": seconds // 3600,
        "minute": seconds // 60 % 60,
        "second": seconds % 60,
    }
    return {key: values[key] for key in keys}


def native_parts(date: str, end: str | None) -> tuple[Parts, Parts | None]:
    """Start and end parts for an event's ``date`` (maybe an interval) and ``end``.

    An open end gives no end parts; an open start takes the parts of the end, since
    TimelineJS needs a start.
    """
    first, slash, second = date.partition("/")
    if slash:
        end = second
        date = first
    start = None if date in ("", OPEN) else parts_of(date)
    finish = None if end in (None, "", OPEN) else parts_of(end)
    if start is None:
        if finish is None:
            raise ValueError(f"{date!r} has neither a start nor an end")
        return finish, None
    return start, finish


def edtf_of(parts: Parts) -> str:
    """The EDTF date that names exactly the period the parts give."""
    year = parts["year"]
    if abs(year) > _FOUR_DIGITS:
        return f"Y{year}"  # EDTF writes a year past 9999 alone, after a Y
    text = f"-{-year:04d}" if year < 0 else f"{year:04d}"
    if "month" in parts:
        text += f"-{parts['month']:02d}"
        if "day" in parts:
            text += f"-{parts['day']:02d}"
            if "hour" in parts:
                minute, second = parts.get("minute", 0), parts.get("second", 0)
                text += f"T{parts['hour']:02d}:{minute:02d}:{second:02d}"
    return text


def read_date(value: Any, name: str, report: Report) -> Parts | None:
    """Check one TimelineJS date object and return its parts, or None after reporting."""
    if not isinstance(value, Mapping):
        report(name, f"must be an object with at least a year, not {kind_name(value)}")
        return None
    parts: Parts = {}
    for key in PARTS:
        number = _number(value.get(key), f"{name}.{key}", report)
        if number is not None:
            parts[key] = number
    for key in value:
        if key not in PARTS and key not in OTHER_KEYS:
            allowed = ", ".join((*PARTS, *OTHER_KEYS))
            report(f"{name}.{key}", Ignored(f"a date key TimelineJS ignores (it reads {allowed})"))
    display = value.get("display_date")
    if display is not None and not isinstance(display, str):
        report(f"{name}.display_date", f"must be text, not {kind_name(display)}")
    if "year" not in parts:
        if _blank(value.get("year")):
            report(f"{name}.year", "is required: every TimelineJS date needs a year")
        return None
    if not _check_ranges(parts, name, report):
        return None
    if "hour" in parts:  # 14:30 is 14:30:00
        parts.setdefault("minute", 0)
        parts.setdefault("second", 0)
    return parts


def display_of(value: Any) -> str:
    """The ``display_date`` of a date object, or ''."""
    if isinstance(value, Mapping) and isinstance(value.get("display_date"), str):
        from timeline._io.html_text import html_to_text

        return html_to_text(value["display_date"], inline=True)
    return ""


def _number(value: Any, name: str, report: Report) -> int | None:
    """A date part given as a number or numeric text (TimelineJS accepts both)."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        report(name, f"must be a whole number, not {kind_name(value)}")
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        # As TimelineJS does, drop spaces and thousands separators; a spreadsheet may add '.0'.
        cleaned = re.sub(r"[\s,]", "", value)
        if re.fullmatch(r"-?\d+(\.0*)?", cleaned):
            return int(cleaned.split(".")[0])
    report(name, f"{value!r} is not a whole number; write digits only, e.g. 2024 or -44 for 44 BCE")
    return None


def _check_ranges(parts: Parts, name: str, report: Report) -> bool:
    good = True
    low, high = YEARS
    if not low <= parts["year"] <= high:
        report(f"{name}.year", f"{parts['year']} is outside the years supported ({low} to {high})")
        good = False
    elif abs(parts["year"]) > _FOUR_DIGITS and len(parts) > 1:
        finer = next(key for key in PARTS[1:] if key in parts)
        message = f"a year past ±9999 is given alone in EDTF; leave out the {finer}"
        report(f"{name}.{finer}", message)
        good = False
    for key, (lo, hi) in _RANGES.items():
        if key in parts and not lo <= parts[key] <= hi:
            report(f"{name}.{key}", f"{parts[key]} is not a valid {key}; allowed: {lo} to {hi}")
            good = False
    if "day" in parts and good and "month" in parts:
        last = _days_in(parts["year"], parts["month"])
        if not 1 <= parts["day"] <= last:
            month = calendar.month_name[parts["month"]]
            report(
                f"{name}.day",
                f"{parts['day']} is not a day of {month} {parts['year']}; allowed: 1 to {last}",
            )
            good = False
    for finer, coarser in zip(PARTS[2:], PARTS[1:], strict=False):
        if finer in parts and coarser not in parts:
            report(f"{name}.{finer}", f"a {finer} needs a {coarser} too")
            good = False
    return good


def _days_in(year: int, month: int) -> int:
    # calendar.monthrange refuses years before 1; the proleptic rule is the same for all years.
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def latest_day(df: pd.DataFrame) -> Parts | None:
    """The last day any event reaches, where ongoing eras are drawn to."""
    stamps = np.concatenate(
        [df["start"].to_numpy(dtype="datetime64[s]"), df["end"].to_numpy(dtype="datetime64[s]")]
    )
    stamps = stamps[~np.isnat(stamps)]
    return day_parts(stamps.max()) if len(stamps) else None
