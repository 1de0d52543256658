"""The count written once in ibis: events per lane and time bin, the same SQL on every engine."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

import ibis
import ibis.expr.types as ir
import pandas as pd

from timeline._counts.columns import Columns
from timeline._counts.dates import text_date

UNITS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}
"""Bins ``counts`` makes, with their ibis truncation units (weeks start on Monday)."""
NONE = "(none)"
"""The lane of events without a value in the lane's columns, as in ``timeline.plot``."""
ALL = "events"
"""The one lane when no lane column is given."""

Where: TypeAlias = ir.BooleanValue | Callable[[ir.Table], Any] | Mapping[str, Any]
"""What ``where`` takes: an expression (or a deferred), a function of the table, or a mapping."""


def per_bin(
    table: ir.Table,
    columns: Columns,
    every: str,
    start: Any = None,
    end: Any = None,
    where: Where | None = None,
) -> ir.Table:
    """Rows of (lane, bin, count); the rows whose date could not be read have a null bin.

    Bins are the calendar's (``every`` of ``UNITS``); ``start`` and ``end`` are dates, both
    included. The undated rows (an empty date) are not counted; a date that is not empty but
    cannot be read as one has a null bin and is reported by the caller.
    """
    if where is not None:
        table = table.filter(_condition(table, where))
    raw = table[columns.date]
    if raw.type().is_string():
        table = table.filter(raw.notnull() & (raw.strip() != ""))
        day = text_date(raw.strip(), day_first=columns.day_first)
    else:
        table = table.filter(raw.notnull())
        day = raw.cast("date")
    if start is not None:
        table = table.filter(day >= ibis.date(start))
    if end is not None:
        table = table.filter(day <= ibis.date(end))
    table = table.mutate(bin=day.truncate(UNITS[every]))
    lanes = _lanes(table, columns)
    return lanes.group_by(["lane", "bin"]).aggregate(count=ibis._.count())


def _lanes(table: ir.Table, columns: Columns) -> ir.Table:
    """One row per (lane value, bin) an event has: several columns and ;-lists give several."""
    if not columns.lane:
        return table.select(lane=ibis.literal(ALL), bin=table.bin)
    first = table[columns.lane[0]]
    if len(columns.lane) == 1 and not columns.split and not first.type().is_array():
        # Grouped as stored: the few lane names are trimmed, and blanks named, after counting
        # (``tidy_lanes``), not in every one of a hundred million rows.
        lane = first if first.type().is_string() else first.cast("string")
        return table.select(lane=lane, bin=table.bin)
    parts = [_values(table, name, columns.split) for name in columns.lane]
    # An event with no value in any of the lane's columns counts once, in (none).
    blank = ibis.and_(*(none for _, none in parts))
    rows = [
        table.select(lane=values, bin=table.bin)
        .unnest("lane")
        .mutate(lane=ibis._.lane.strip())
        .filter(ibis._.lane != "")
        for values, _ in parts
    ]
    rows.append(table.filter(blank).select(lane=ibis.literal(NONE), bin=table.bin))
    return ibis.union(*rows)  # all rows, not distinct ones


def _values(table: ir.Table, name: str, split: bool) -> tuple[ir.ArrayValue, ir.BooleanValue]:
    """A column's values in a row as an array, and whether none of them is filled in."""
    column = table[name]
    if column.type().is_array():
        values = column.cast("array<string>")
        return values, values.isnull() | (values.length() == 0)
    # No lambdas (array filters): DuckDB 2 refuses the arrow syntax ibis writes for them.
    text = column.cast("string").fill_null("")
    blank = (text.replace(";", "") if split else text).strip() == ""
    return (text.split(";") if split else ibis.array([text])), blank


def tidy_lanes(found: pd.DataFrame) -> pd.DataFrame:
    """The engine's (lane, bin, count) rows with lanes trimmed, blanks in (none), and summed."""
    lanes = found["lane"].astype(object).where(found["lane"].notna(), "").astype(str).str.strip()
    found = found.assign(lane=lanes.where(lanes != "", NONE))
    summed = found.groupby(["lane", "bin"], dropna=False, sort=False)["count"].sum()
    return summed.reset_index()


def _condition(table: ir.Table, where: Where) -> Any:
    """``where`` as a filter: an ibis expression, a function of the table, or column -> values."""
    if isinstance(where, Mapping):
        tests = []
        for name, wanted in where.items():
            if name not in table.columns:
                raise ValueError(f"where: no column {name!r}; columns: {', '.join(table.columns)}")
            values = [wanted] if isinstance(wanted, str) or not _many(wanted) else list(wanted)
            tests.append(table[name].isin(values))
        return ibis.and_(*tests)
    return where  # an expression, a deferred (ibis._.country == "Ukraine") or a function


def _many(value: Any) -> bool:
    return isinstance(value, list | tuple | set | frozenset)
