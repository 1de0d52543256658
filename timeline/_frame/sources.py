"""The source check a journalist runs: who is cited, what rests on one outlet, what is missing.

Pure functions over the events frame's ``sources`` column (a list of mappings with ``url``,
``publisher``, ``title``, ``published`` and ``quote`` per event); they read nothing else and
change nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd


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
    counts: Counter[str] = Counter()
    for sources in _source_lists(df):
        counts.update({_outlet(source) for source in sources})
    return counts


def single_outlet_events(df: pd.DataFrame) -> list[tuple[str, str]]:
    """The events whose sources all come from one outlet, as (event id, outlet) pairs.

    Events without sources are not listed here: they rest on nothing.
    """
    found = []
    for event_id, sources in zip(_ids(df), _source_lists(df), strict=True):
        outlets = {_outlet(source) for source in sources}
        if len(outlets) == 1:
            found.append((event_id, outlets.pop()))
    return found


def source_warnings(df: pd.DataFrame) -> list[SourceWarning]:
    """Sources to check: no title, no publisher, or a ``published`` date that is the event's.

    A page is often published on the day of the event it reports, so the last warning asks for
    a look rather than a fix: ``published`` must be the page's own date, not a copy of the
    event's.
    """
    warnings = []
    dates = df["date"] if "date" in df else pd.Series(None, index=df.index, dtype=object)
    ends = df["end_date"] if "end_date" in df else pd.Series(None, index=df.index, dtype=object)
    for event_id, sources, date, end in zip(_ids(df), _source_lists(df), dates, ends, strict=True):
        event_dates = _event_dates(date, end)
        for number, source in enumerate(sources, start=1):
            for field in ("title", "publisher"):
                if not _text(source.get(field)):
                    warnings.append(SourceWarning(event_id, number, field, f"no {field}"))
            published = _text(source.get("published"))
            if published and published in event_dates:
                warnings.append(
                    SourceWarning(
                        event_id,
                        number,
                        "published",
                        f"{published} is the event's date; check it is the page's own date",
                    )
                )
    return warnings


def _ids(df: pd.DataFrame) -> list[str]:
    return [str(value) for value in df["id"]]


def _source_lists(df: pd.DataFrame) -> Iterator[list[Mapping[str, Any]]]:
    """Each event's sources as a list (empty when the event has none)."""
    column = df["sources"] if "sources" in df else pd.Series(None, index=df.index, dtype=object)
    for value in column:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            yield []
        else:
            yield [source for source in value if isinstance(source, Mapping)]


def _outlet(source: Mapping[str, Any]) -> str:
    publisher = _text(source.get("publisher"))
    if publisher:
        return publisher
    host = _text(source.get("url")).split("://", 1)[-1].split("/", 1)[0]
    return f"({host or 'no publisher or address'})"


def _event_dates(date: object, end: object) -> set[str]:
    """The event's date as written, and each side of it when it is an interval or has an end."""
    written = {_text(date), _text(end)}
    written |= {side for value in list(written) for side in value.split("/")}
    return {value for value in written if value and value != ".."}


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()
