"""``timeline.counts``: events per lane and time bin from a table of any size."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from typing import Any

import pandas as pd

from timeline._counts import aggregate, engines
from timeline._counts.columns import Columns, resolve
from timeline._counts.dates import text_date

COLUMNS = ("lane", "start", "end", "count")
"""The columns of the frame ``counts`` returns."""
_STEP = {
    "day": pd.DateOffset(days=1),
    "week": pd.DateOffset(weeks=1),
    "month": pd.DateOffset(months=1),
    "quarter": pd.DateOffset(months=3),
    "year": pd.DateOffset(years=1),
}


def counts(
    source: Any,
    lane: str | None = None,
    every: str = "week",
    start: Any = None,
    end: Any = None,
    where: Any = None,
    engine: Any = None,
    *,
    columns: Mapping[str, str] | str | None = None,
    empty: bool = True,
) -> pd.DataFrame:
    """Count events per lane and time bin where the table lives, without loading it.

    The count is one ibis query, run unchanged by DuckDB (embedded, the default) or Apache
    Spark, so a Parquet table of a hundred million events is counted in seconds, in little
    memory, and a table on a Spark cluster is counted by the cluster.

    Parameters
    ----------
    source
        A path or glob of ``.parquet``, ``.csv`` or ``.tsv`` files (a folder means its
        Parquet files; URLs the engine reads work too), a pandas DataFrame (an events frame,
        or any table), or an ibis table (counted on its own connection by default).
    lane
        The column, or the field it maps to, that gives each event its lane: ``"country"``,
        ``"category"`` (ACLED's ``event_type``), ``"actors"`` (an event counts once in the lane
        of each of its actors, from every column mapped to ``actors``, cells split on ``;``).
        An event without a value counts in ``(none)``. None: one lane, ``events``.
    every
        The bin: ``"day"``, ``"week"`` (weeks start on Monday), ``"month"``, ``"quarter"``
        or ``"year"``, on the calendar.
    start, end
        Count only events dated from ``start`` to ``end``, both days included (anything
        ``pandas.Timestamp`` reads). The first and last bins still start and end on the
        calendar's bounds.
    where
        Which rows to count: a mapping from column to a value or a list of values
        (``{"country": ["Ukraine", "Russia"]}``), an ibis expression or deferred
        (``ibis._.fatalities > 0``) or a function from the ibis table to one.
    engine
        ``"duckdb"`` (the default for files and frames), ``"spark"`` (the active Spark
        session, or a local one; needs ``policy-timeline[spark]``) or any ibis connection,
        such as ``ibis.pyspark.connect(session)`` for a session on a cluster.
    columns
        The table's column -> our field, as for ``timeline.read_table``: ``"acled"`` (or
        ``timeline.ACLED``) for an ACLED export; by default ACLED's mapping when the table has
        an ``event_date`` column, else the columns as named. The date is the
        column mapped to ``date`` (a date, a timestamp, or text as ``read_table`` reads it:
        ``2024-11-19``, ``19 November 2024``, ``Nov 19, 2024`` and, in an ACLED export,
        ``19/11/2024``), or an events frame's ``start``. Rows with an empty date are not
        counted.
    empty
        Include the bins without events, with a count of 0, from the first bin to the last
        (of ``start`` and ``end`` where given) in every lane. False leaves them out.

    Returns
    -------
    pandas.DataFrame
        One row per lane and bin: ``lane`` (text), ``start`` and ``end`` of the bin
        (``datetime64``, ``end`` excluded) and ``count``, sorted by lane then start.
        ``attrs`` holds ``lane``, ``every`` and ``engine``.

    Raises
    ------
    ValueError
        For a date that is not empty and cannot be read, naming the column and a few of the
        values; for a lane or date column the table does not have, naming its columns.
    FileNotFoundError
        When no file matches ``source``.

    Examples
    --------
    >>> weekly = timeline.counts("acled/*.parquet", lane="country", every="week")  # doctest: +SKIP
    >>> timeline.plot(timeline.read_events("data"), overlay=weekly)  # doctest: +SKIP
    """
    if every not in aggregate.UNITS:
        raise ValueError(f"every must be one of {', '.join(map(repr, aggregate.UNITS))}")
    first, last = _day(start, "start"), _day(end, "end")
    with warnings.catch_warnings():
        # ibis 12 warns about its own use of DuckDB 2 and pandas 3: nothing a caller can change.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"ibis(\.|$)")
        con = engines.connect(engine, source)
        table = engines.table(source, con)
        where_from = _described(source)
        names = resolve(list(table.columns), lane, columns, where_from)
        query = aggregate.per_bin(table, names, every, first, last, where)
        found = con.execute(query)
        if found["bin"].isna().any():
            _unreadable(con, table, names, where_from)
    tidy = _tidy(aggregate.tidy_lanes(found), every, first, last, empty)
    tidy.attrs.update(lane=lane or aggregate.ALL, every=every, engine=con.name)
    return tidy


def _tidy(
    found: pd.DataFrame, every: str, first: pd.Timestamp | None, last: pd.Timestamp | None,
    empty: bool,
) -> pd.DataFrame:  # fmt: skip
    """The engine's rows as the frame ``counts`` returns, with the empty bins if asked."""
    bins = pd.to_datetime(found["bin"]).astype("datetime64[s]")
    frame = pd.DataFrame(
        {"lane": found["lane"].astype(str), "start": bins, "count": found["count"].astype("int64")}
    )
    if empty and len(frame):
        step = _STEP[every]
        lo = _bin_of(first, every) if first is not None else frame["start"].min()
        hi = _bin_of(last, every) if last is not None else frame["start"].max()
        starts = pd.date_range(lo, hi, freq=step).astype("datetime64[s]")
        lanes = sorted(frame["lane"].unique())
        grid = pd.MultiIndex.from_product([lanes, starts], names=["lane", "start"])
        filled = frame.set_index(["lane", "start"])["count"].reindex(grid, fill_value=0)
        frame = filled.reset_index()
    frame = frame.sort_values(["lane", "start"], kind="stable", ignore_index=True)
    frame["end"] = (frame["start"] + _STEP[every]).astype("datetime64[s]")
    return frame[list(COLUMNS)]


def _bin_of(day: pd.Timestamp, every: str) -> pd.Timestamp:
    """The start of the calendar bin holding ``day``, as the engines truncate it."""
    if every == "week":
        return day - pd.Timedelta(days=day.weekday())
    if every == "month":
        return day.replace(day=1)
    if every == "quarter":
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    if every == "year":
        return day.replace(month=1, day=1)
    return day


def _day(value: Any, name: str) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        return pd.Timestamp(value).normalize().tz_localize(None)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name} must be a date, not {value!r}: {error}") from None


def _unreadable(con: Any, table: Any, names: Columns, where_from: str) -> None:
    """Raise for the dates the engine could not read, naming a few."""
    raw = table[names.date]
    text = raw.strip()
    bad = table.filter(text_date(text, day_first=names.day_first).isnull() & (text != ""))
    examples = con.execute(bad.select(raw).limit(3))[names.date].tolist()
    total = int(con.execute(bad.count()))
    shown = ", ".join(map(repr, examples))
    forms = "2024-11-19, 19 November 2024" + (", 19/11/2024" if names.day_first else "")
    raise ValueError(
        f"{where_from}: {total:,} value(s) of the date column {names.date!r} are not dates "
        f"({forms}): {shown}"
    )


def _described(source: Any) -> str:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return f"the {type(source).__name__}"
