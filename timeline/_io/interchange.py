"""What the interchange formats share: which events are periods, and ids for events without."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from timeline._frame.model import ID_PATTERN

PERIOD = "era"
"""The tag (or category) that marks an event as a period: a TimelineJS era, a vis background."""

_ID = re.compile(ID_PATTERN)
_SLUG_LENGTH = 60


def is_period(tags: Iterable[str] | None, category: Any) -> bool:
    """Whether an event with these tags and category is a period rather than an event."""
    return category == PERIOD or PERIOD in (tags or ())


def is_valid_id(value: str) -> bool:
    """Whether value is usable as an event id as it stands."""
    return bool(_ID.fullmatch(value))


def slug(text: str) -> str:
    """Lowercase ASCII words joined by '-', for building ids out of titles ('' when none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    joined = "-".join(words)
    if len(joined) > _SLUG_LENGTH:
        joined = joined[:_SLUG_LENGTH].rsplit("-", 1)[0] or joined[:_SLUG_LENGTH]
    return joined


def date_slug(date: str) -> str:
    """A date as id words, keeping a BCE year's sign as ``bce-``: ``-0044-03-15`` gives
    ``bce-0044-03-15``, so 44 BCE and AD 44 do not share ids."""
    text = date.strip()
    if text.startswith("-"):
        return "-".join(p for p in ("bce", slug(text[1:])) if p)
    return slug(text)


def assign_ids(
    given: Sequence[str | None], titles: Sequence[str], dates: Sequence[str]
) -> list[str]:
    """Ids for events in file order: valid ones kept, others made from title and date.

    An id that is given but not valid is turned into a slug of itself. Made ids never take
    an id that is given elsewhere in the file, and repeats get ``-2``, ``-3``, ... in file
    order, so reading the same file twice gives the same ids. Given ids that repeat are left
    as they are, for validation to report.
    """
    taken = {value for value in given if value and is_valid_id(value)}
    made: set[str] = set()
    ids = []
    for value, title, date in zip(given, titles, dates, strict=True):
        if value and is_valid_id(value):
            ids.append(value)
            continue
        base = slug(value) if value else "-".join(p for p in (slug(title), date_slug(date)) if p)
        base = base or "event"
        candidate, number = base, 1
        while candidate in taken or candidate in made:
            number += 1
            candidate = f"{base}-{number}"
        made.add(candidate)
        ids.append(candidate)
    return ids


def give_ids(records: Sequence[dict[str, Any]]) -> None:
    """Set every record's ``id`` in place, as ``assign_ids`` decides from id, title and date."""
    ids = assign_ids(
        [r.get("id") for r in records],
        [r.get("title", "") for r in records],
        [r.get("date", "") for r in records],
    )
    for record, value in zip(records, ids, strict=True):
        record["id"] = value
