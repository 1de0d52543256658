"""The source check a journalist runs: who is cited, what rests on one outlet, what is missing.

Pure functions over the events frame's ``sources`` column (a list of mappings with ``url``,
``publisher``, ``title``, ``published`` and ``quote`` per event); they read nothing else and
change nothing. Each first lays the sources out long, one row per source, so that a table of
a million events is checked with column operations rather than a loop over its rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_FIELDS = ("url", "publisher", "title", "published")


@dataclass(frozen=True)
class SourceWarning:
    """Something a reader of the sources should check; not an error in the data."""

    event: str
    source: int  # 1 for the event's first source
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.event}: source {self.source}, {self.field}: {self.message}"


def publisher_counts(df: pd.DataFrame) -> Counter[str]:
    """How many events cite each publisher (an event counts a publisher once).

    A source without a publisher counts under its address's host, as ``(example.org)``, so an
    unnamed outlet still shows how much rests on it.
    """
    counts = _event_outlets(df)["outlet"].value_counts()
    return Counter({str(outlet): int(n) for outlet, n in counts.items()})


def single_outlet_events(df: pd.DataFrame) -> list[tuple[str, str]]:
    """The events whose sources all come from one outlet, as (event id, outlet) pairs.

    Events without sources are not listed here: they rest on nothing.
    """
    per_event = _event_outlets(df).groupby("row", sort=True)["outlet"]
    lone = per_event.first()[per_event.size() == 1]
    ids = df["id"].to_numpy(dtype=object)
    return [
        (str(ids[row]), str(outlet))
        for row, outlet in zip(lone.index.to_numpy(dtype=np.int64), lone.to_numpy(), strict=True)
    ]


def source_warnings(df: pd.DataFrame) -> list[SourceWarning]:
    """Sources to check: no title, no publisher, or a ``published`` date that is the event's.

    A page is often published on the day of the event it reports, so the last warning asks for
    a look rather than a fix: ``published`` must be the page's own date, not a copy of the
    event's.
    """
    long = _long(df)
    published = long.fields["published"]
    event_day = np.zeros(len(long.rows), dtype=bool)
    dated = np.flatnonzero(
        _mask(pc.and_(pc.not_equal(published, ""), pc.not_equal(published, "..")))
    )
    if len(dated):
        # The event's date as written, each side of an interval, and its end.
        at_rows = long.rows[dated]
        date = _text(_column(df, "date").iloc[at_rows])
        end = _text(_column(df, "end_date").iloc[at_rows])
        first = np.array([value.split("/")[0] for value in date], dtype=object)
        last = np.array([value.split("/")[-1] for value in date], dtype=object)
        given = published.take(pa.array(dated)).to_numpy(zero_copy_only=False)
        event_day[dated] = (given == date) | (given == first) | (given == last) | (given == end)
    checks = (
        ("title", _mask(pc.equal(long.fields["title"], ""))),
        ("publisher", _mask(pc.equal(long.fields["publisher"], ""))),
        ("published", event_day),
    )
    ids = df["id"].to_numpy(dtype=object)
    found = []
    for rank, (field, flagged) in enumerate(checks):
        for at in np.flatnonzero(flagged).tolist():
            row, number = int(long.rows[at]), int(long.numbers[at])
            message = (
                f"{published[at].as_py()} is the event's date; check it is the page's own date"
                if field == "published"
                else f"no {field}"
            )
            found.append(
                ((row, number, rank), SourceWarning(str(ids[row]), number, field, message))
            )
    return [warning for _, warning in sorted(found, key=lambda item: item[0])]


@dataclass(frozen=True)
class _Long:
    """The sources laid out long: the event's row and the source's number (from 1) for each
    source, and its fields as stripped text, ``""`` where missing."""

    rows: np.ndarray
    numbers: np.ndarray
    fields: dict[str, pa.Array]


def _long(df: pd.DataFrame) -> _Long:
    sources = _column(df, "sources")
    if isinstance(sources.dtype, pd.ArrowDtype) and pa.types.is_list(sources.dtype.pyarrow_dtype):
        array = pa.array(sources)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        items = pc.list_flatten(array)
        rows = np.asarray(pc.list_parent_indices(array), dtype=np.int64)
        offsets = np.asarray(array.offsets, dtype=np.int64)
        names = {items.type.field(i).name for i in range(items.type.num_fields)}
        fields = {
            name: _clean(items.field(name) if name in names else pa.nulls(len(items)))
            for name in _FIELDS
        }
        numbers = np.arange(len(items), dtype=np.int64) - offsets[rows] + 1
    else:
        records = [
            (row, number, source)
            for row, value in enumerate(sources)
            for number, source in enumerate(_items(value), start=1)
            if isinstance(source, Mapping)
        ]
        rows = np.array([r for r, _, _ in records], dtype=np.int64)
        numbers = np.array([n for _, n, _ in records], dtype=np.int64)
        fields = {
            name: _clean(pa.array([_optional(s.get(name)) for _, _, s in records], pa.string()))
            for name in _FIELDS
        }
    return _Long(rows, numbers, fields)


def _event_outlets(df: pd.DataFrame) -> pd.DataFrame:
    """One row per event and outlet it cites: ``row`` and ``outlet``.

    The outlet is the publisher, or ``(host)`` of the address when the source names none.
    """
    long = _long(df)
    url, publisher = long.fields["url"], long.fields["publisher"]
    host = pc.replace_substring_regex(
        url, pattern=r"(?s)^(?:[^/]*?://)?([^/]*).*$", replacement=r"(\1)"
    )
    host = pc.if_else(pc.equal(host, "()"), "(no publisher or address)", host)
    outlet = pc.if_else(pc.equal(publisher, ""), host, publisher)
    pairs = pd.DataFrame({"row": long.rows, "outlet": pd.arrays.ArrowExtensionArray(outlet)})
    return pairs.drop_duplicates()


def _clean(values: pa.Array) -> pa.Array:
    return pc.fill_null(pc.utf8_trim_whitespace(values.cast(pa.string())), "")


def _mask(values: pa.Array) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=bool)


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    return df[name] if name in df else pd.Series(None, index=df.index, dtype=object)


def _items(value: object) -> list[object]:
    if value is None or isinstance(value, str | float):
        return []
    return list(value)  # type: ignore[call-overload]


def _optional(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value)


def _text(values: pd.Series) -> np.ndarray:
    """Values as stripped text, ``""`` where missing."""
    return values.astype("string[pyarrow]").fillna("").str.strip().to_numpy(dtype=object)
