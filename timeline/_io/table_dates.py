"""Dates in event tables, in the forms real exports write them, read once per column as EDTF.

A spreadsheet or an R script writes ``9-May-20``, ``09 May 2020``, ``May 9, 2020``,
``2020/05/09``, ``20200509``, ``1/2/2020``, ``55 BC`` or a bare year rather than EDTF. The form
is found once for the column, from its distinct values, and each form is parsed for all of them
at once; values that are EDTF already stay as written. A numeric column that reads both day
first and month first (``1/2/2020``) is refused, since guessing would shift dates silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from timeline._frame.isodates import parse_common

NAMED_MONTHS = (
    "%d-%b-%y", "%d-%b-%Y", "%d-%B-%Y", "%d-%B-%y", "%d %b %Y", "%d %B %Y", "%d %b %y",
    "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B, %Y", "%d. %B %Y",
)  # fmt: skip
"""Forms with a month name, which read only one way."""
NUMERIC = (
    "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
)  # fmt: skip
"""All-digit forms that read only one way (``20200509``, ``2020/05/09``, ``09.05.2020``, a
date and time as pandas writes it)."""
DAY_OR_MONTH = (
    ("%d/%m/%Y", "%m/%d/%Y"), ("%d-%m-%Y", "%m-%d-%Y"), ("%d/%m/%y", "%m/%d/%y"),
)  # fmt: skip
"""Forms that read day first or month first: (day first, month first)."""
_NAMES = {
    "%d": "DD", "%m": "MM", "%b": "Mon", "%B": "Month", "%Y": "YYYY", "%y": "YY", "%H": "hh",
    "%M": "mm", "%S": "ss",
}  # fmt: skip
_BCE = r"(?P<n>\d{1,12})\s*B\.?\s?C\.?(?:E\.?)?"
_CE = r"(?:(?P<n>\d{1,12})\s*(?:A\.?\s?D\.?|C\.?E\.?)|A\.?\s?D\.?\s*(?P<m>\d{1,12}))"
_YEAR = r"-?\d{1,4}"


@dataclass
class Reading:
    """How a column of table dates was read, and what could not be settled."""

    dates: pd.Series
    """The values as EDTF, where a form was found; others as written (validation names them)."""
    forms: list[str] = field(default_factory=list)
    """The forms used (``EDTF``, ``%d-%b-%y``, ``55 BC``, ...), most used first."""
    ambiguous: str | None = None
    """A value that reads both day first and month first, when no option settles it."""

    def describe(self) -> str:
        """The reading in words, for ``timeline info``: ``EDTF`` or ``%d-%b-%y (day-...)``."""
        return ", ".join(
            form if form in ("EDTF", "years") else _spelled(form) for form in self.forms
        )


def read_table_dates(
    values: pd.Series, *, date_format: str | None = None, dayfirst: bool | None = None
) -> Reading:
    """The column's dates as EDTF, in the form ``date_format`` gives or the one found.

    Parameters
    ----------
    values
        Trimmed text cells, ``""`` when empty.
    date_format
        A ``strftime`` form such as ``"%d/%m/%Y"`` for every value that is not EDTF already,
        or ``"edtf"`` to read EDTF only.
    dayfirst
        For a column that reads both ways (``1/2/2020``), ``True`` day first, ``False``
        month first; ``None`` refuses such a column.
    """
    result = values.astype(object).copy()
    distinct = pd.Series(pd.unique(result[result.ne("")].to_numpy(dtype=object)), dtype=object)
    counts: dict[str, int] = {}
    if distinct.empty:
        return Reading(result, ["EDTF"])
    # The common EDTF forms are found for the whole column at once; other EDTF (times,
    # seasons) is left to the full check after the other forms, which is slow per value.
    todo = ~parse_common(pa.array(distinct.to_numpy(dtype=object), type=pa.string())).ok
    if (~todo).any():
        counts["EDTF"] = int((~todo).sum())
    found = distinct.copy()
    ambiguous = None
    if date_format is not None and date_format.strip().lower() == "edtf":
        todo[:] = False
    elif date_format is not None:
        _apply(distinct, found, todo, [date_format], counts)
    else:
        _years(distinct, found, todo, counts)
        _apply(distinct, found, todo, [*NAMED_MONTHS, *NUMERIC], counts)
        for day_first, month_first in DAY_OR_MONTH:
            if not todo.any():
                break
            rest = distinct[todo]
            by_day = pd.to_datetime(rest, format=day_first, errors="coerce").notna()
            by_month = pd.to_datetime(rest, format=month_first, errors="coerce").notna()
            if not (by_day | by_month).any():
                continue
            if dayfirst is None and by_day.all() and by_month.all():
                ambiguous = str(rest.iloc[0])
                break
            if dayfirst is None:
                # The form that reads every value is the one; values only one reads tell.
                use = day_first if by_day.sum() >= by_month.sum() else month_first
            else:
                use = day_first if dayfirst else month_first
            _apply(distinct, found, todo, [use], counts)
    if todo.any() and ambiguous is None:
        counts["EDTF"] = counts.get("EDTF", 0) + int(todo.sum())  # or not dates: checked later
    mapping = dict(zip(distinct.tolist(), found.tolist(), strict=True))
    filled = result.ne("")
    result[filled] = result[filled].map(mapping)
    forms = sorted(counts, key=lambda form: -counts[form])
    return Reading(result, forms, ambiguous)


def ambiguity_message(value: str) -> str:
    """The one message for a column that reads both day first and month first."""
    parts = re.split(r"([/-])", value)
    separator = parts[1] if len(parts) > 1 else "/"
    year = "%Y" if len(parts[-1]) == 4 else "%y"
    day_first = f"%d{separator}%m{separator}{year}"
    month_first = f"%m{separator}%d{separator}{year}"
    return (
        f"dates such as {value!r} read both day first and month first; say which with "
        f"dayfirst=True or dayfirst=False, or date_format={day_first!r} or {month_first!r} "
        f"(command line: --dayfirst, --no-dayfirst or --date-format '{day_first}')"
    )


def _apply(
    distinct: pd.Series,
    found: pd.Series,
    todo: np.ndarray,
    forms: list[str],
    counts: dict[str, int],
) -> None:
    """Read the values still to do in each form in turn, as ISO days."""
    for form in forms:
        if not todo.any():
            return
        at = np.flatnonzero(todo)
        parsed = pd.to_datetime(distinct.iloc[at], format=form, errors="coerce")
        good = parsed.notna().to_numpy(dtype=bool)
        if good.any():
            stamps = parsed[good]
            midnight = stamps.eq(stamps.dt.normalize())
            days = stamps.dt.strftime("%Y-%m-%d")
            iso = days.where(midnight, stamps.dt.strftime("%Y-%m-%dT%H:%M:%S"))
            found.iloc[at[good]] = iso.to_numpy(dtype=object)
            todo[at[good]] = False
            counts[form] = counts.get(form, 0) + int(good.sum())


def _years(distinct: pd.Series, found: pd.Series, todo: np.ndarray, counts: dict[str, int]) -> None:
    """Years written ``55 BC``, ``43 AD``, ``AD 43`` or bare (``43``, ``-44``), as EDTF years.

    As elsewhere in this package (and in TimelineJS), year -55 is 55 BCE: no year 0 is counted.
    """
    if not todo.any():
        return
    at = np.flatnonzero(todo)
    texts = distinct.iloc[at].astype(str)
    bce = texts.str.extract(f"^{_BCE}$", flags=re.IGNORECASE)["n"]
    ce = texts.str.extract(f"^{_CE}$", flags=re.IGNORECASE)
    ce_year = ce["n"].fillna(ce["m"])
    bare = texts.where(texts.str.fullmatch(_YEAR))
    for numbers, sign in ((bce, -1), (ce_year, 1), (bare, 1)):
        given = numbers.notna().to_numpy(dtype=bool)
        if not given.any():
            continue
        years = numbers[given].astype(np.int64).to_numpy() * sign
        usable = years != 0
        where = at[given][usable]
        found.iloc[where] = [_edtf_year(int(y)) for y in years[usable]]
        todo[where] = False
        counts["years"] = counts.get("years", 0) + len(where)


def _edtf_year(year: int) -> str:
    """An EDTF year: four digits with a sign, or ``Y`` and the digits past 9999."""
    if abs(year) > 9999:
        return f"Y{year}"
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def _spelled(form: str) -> str:
    words = re.sub(r"%[a-zA-Z]", lambda m: _NAMES.get(m[0], m[0]), form)
    return f"{form} ({words})"
