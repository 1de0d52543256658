"""Build the events frame from validated columns, and from plain Python records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline._frame.arrowtext import empty_as_null
from timeline._frame.dates import DateColumns
from timeline._frame.errors import EventDataError
from timeline._frame.model import COLUMNS, LIST_DTYPES, PRECISION_DTYPE
from timeline._frame.pool import ready
from timeline._frame.records import Located, check_records, records_to_columns
from timeline._frame.validate import check_events


def assemble(
    columns: Mapping[str, Any], dates: DateColumns, attrs: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Make the events frame from checked raw columns (or futures of them) and parsed dates."""
    columns = {name: ready(values) for name, values in columns.items()}
    n = len(dates.start)
    frame = pd.DataFrame(
        {
            "id": pd.Series(columns["id"], dtype="str"),
            "title": pd.Series(columns["title"], dtype="str"),
            "date": pd.Series(columns["date"], dtype="str"),
            "end_date": _missing_if_empty(columns["end"]),
            "start": dates.start,
            "end": dates.end,
            "precision": pd.Categorical(dates.precision, dtype=PRECISION_DTYPE),
            "approximate": dates.approximate,
            "uncertain": dates.uncertain,
            "span": dates.span,
            "summary": pd.Series(columns["summary"], dtype="str"),
            "actors": _arrow(columns["actors"], "actors"),
            "category": _categorical(columns["category"]),
            "location": _categorical(columns["location"]),
            "tags": _arrow(columns["tags"], "tags"),
            "sources": _arrow(columns["sources"], "sources"),
            "relations": _arrow(columns["relations"], "relations"),
            "importance": np.asarray(columns["importance"], dtype="float64"),
        },
        index=pd.RangeIndex(n),
        columns=list(COLUMNS),
    )
    frame.attrs.update(attrs or {})
    return frame


def _missing_if_empty(values: Any) -> pd.Series:
    """Text with "" as missing."""
    if isinstance(values, pa.ChunkedArray):  # the bytes stay where they are
        return pd.Series(pa.chunked_array(map(empty_as_null, values.chunks)), dtype="str")
    texts = pd.Series(values, dtype="str")
    return texts.where(texts.ne(""), np.nan)


def _arrow(values: Any, column: str) -> pd.Series:
    dtype = LIST_DTYPES[column]
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return pd.Series(pd.arrays.ArrowExtensionArray(values.cast(dtype.pyarrow_dtype)))
    return pd.Series(pa.array(list(values), type=dtype.pyarrow_dtype), dtype=dtype)


def _categorical(values: Any) -> pd.Categorical:
    """Values as a categorical with sorted categories; "" is missing."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    elif not isinstance(values, pa.Array):
        values = pa.array(list(values), type=pa.string(), from_pandas=True)
    # Encoded in Arrow (unless the reader did that already), only the few distinct names are
    # sorted: hashing a million Python strings in pandas took longer than the rest of
    # assembling the frame.
    encoded = values if isinstance(values, pa.DictionaryArray) else pc.dictionary_encode(values)
    names = encoded.dictionary.to_pylist()
    named = [i for i, name in enumerate(names) if name]
    order = sorted(named, key=names.__getitem__)
    rank = np.full(len(names) + 1, -1, dtype=np.int64)  # the last entry: null cells
    rank[order] = np.arange(len(order))
    codes = np.asarray(encoded.indices.fill_null(len(names)), dtype=np.int64)
    return pd.Categorical.from_codes(rank[codes], categories=pd.Index([names[i] for i in order]))


def events_frame(
    records: Iterable[Mapping[str, Any]],
    *,
    title: str | None = None,
    description: str | None = None,
    categories: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Make an events frame from plain Python dicts with the keys of the event format.

    Parameters
    ----------
    records
        Events as mappings with ``id``, ``title``, ``date`` and optionally ``end``,
        ``summary``, ``actors``, ``category``, ``location``, ``tags``, ``sources``,
        ``relations`` and ``importance``.
    title, description, categories
        Kept in ``df.attrs``; ``categories`` is a vocabulary every event's category must be in.

    Returns
    -------
    pandas.DataFrame
        One row per event, with the columns described in ``docs/format.md``.

    Raises
    ------
    EventDataError
        Listing every problem found, each naming the record, event and field.

    Examples
    --------
    >>> df = events_frame([{"id": "a", "title": "Treaty adopted", "date": "1997-09-18"}])
    >>> df.loc[0, "precision"]
    'day'
    """
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise TypeError(
            "events_frame takes a list of events, each a mapping (dict) with id, title and "
            f"date, not {type(records).__name__}"
        )
    located = [Located(record, "<records>", i + 1) for i, record in enumerate(records)]
    vocabulary = list(categories) if categories is not None else None
    problems = check_records(located, vocabulary)
    columns = records_to_columns(located)
    found, dates = check_events(columns, located)
    if problems or found:
        raise EventDataError(problems + found)
    attrs = {"title": title, "description": description, "categories": vocabulary}
    return assemble(columns, dates, {k: v for k, v in attrs.items() if v is not None})
