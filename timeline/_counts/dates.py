"""Text dates read by the engine: ISO, month names (``19 November 2024``) and ACLED's day-first.

The same forms ``read_table`` reads, written as ibis expressions (regular expressions and a
month lookup) so that DuckDB and Spark read them alike, row by row, without pandas.
"""

from __future__ import annotations

import calendar

import ibis
import ibis.expr.types as ir

_MONTHS = {
    name.lower(): f"{number:02d}"
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_DAY_MONTH_YEAR = r"^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})$"  # 19 November 2024, 19-Nov-2024
_MONTH_DAY_YEAR = r"^([A-Za-z]+) (\d{1,2}), (\d{4})$"  # November 19, 2024
_DAY_FIRST = r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$"  # 19/11/2024, ACLED's only


def text_date(text: ir.StringValue, *, day_first: bool) -> ir.DateValue:
    """The date ``text`` holds (already trimmed), or null when it holds none of the forms."""
    forms = [
        text.try_cast("date"),
        _iso(text, _DAY_MONTH_YEAR, day=1, month=2, year=3, named=True),
        _iso(text, _MONTH_DAY_YEAR, day=2, month=1, year=3, named=True),
    ]
    if day_first:
        forms.append(_iso(text, _DAY_FIRST, day=1, month=2, year=3, named=False))
    return ibis.coalesce(*forms)


def _iso(
    text: ir.StringValue, pattern: str, *, day: int, month: int, year: int, named: bool
) -> ir.DateValue:
    """The date matched by ``pattern``'s groups, as ISO text cast to a date (null if no match)."""
    matched = text.re_search(pattern)
    month_text = text.re_extract(pattern, month)
    number = month_text.lower().substitute(_MONTHS, else_=ibis.null()) if named else month_text
    iso = (
        text.re_extract(pattern, year)
        + "-"
        + number.lpad(2, "0")
        + "-"
        + text.re_extract(pattern, day).lpad(2, "0")
    )
    return ibis.ifelse(matched, iso, ibis.null("string")).try_cast("date")
