"""Select events from the frame: by date window, actor, category, tag, text, and relation chains."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from timeline._frame.validate import flatten_relations


def window(
    df: pd.DataFrame, start: str | pd.Timestamp | None = None, end: str | pd.Timestamp | None = None
) -> pd.DataFrame:
    """Events whose time overlaps the window from start to end (either may be None).

    An event overlaps when its latest instant is not before ``start`` and its earliest is not
    after ``end``; a day given as ``end`` includes that whole day.
    """
    since_at, until_at = _instant(start, "start"), _instant(end, "end")
    if since_at is not None and until_at is not None and since_at > until_at:
        raise ValueError(f"the window starts ({start}) after it ends ({end}); swap them")
    keep = np.ones(len(df), dtype=bool)
    first = df["start"].to_numpy()
    last = df["end"].fillna(df["start"]).to_numpy()
    open_end = (
        df["end"].isna().to_numpy() & df.get("span", pd.Series(False, index=df.index)).to_numpy()
    )
    if start is not None:
        since = pd.Timestamp(start).as_unit("s").to_datetime64()
        keep &= open_end | (last >= since) | np.isnat(last)
    if end is not None:
        stamp = pd.Timestamp(end)
        until = stamp.as_unit("s").to_datetime64()
        if stamp == stamp.normalize() and len(str(end)) <= 10:
            until = until + np.timedelta64(86399, "s")
        keep &= np.isnat(first) | (first <= until)
    return df[keep]


def _instant(value: object, side: str) -> pd.Timestamp | None:
    """A window side as a timestamp; TypeError or ValueError that say what is accepted."""
    if value is None:
        return None
    if not isinstance(value, str | pd.Timestamp | np.datetime64) and not hasattr(value, "year"):
        raise TypeError(
            f"the window {side} must be a date such as '2024-11-17' (text, a Timestamp or a "
            f"datetime) or None, not {type(value).__name__}"
        )
    try:
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    except (ValueError, OverflowError):
        stamp = None
    if stamp is None or pd.isna(stamp):
        raise ValueError(f"the window {side} {value!r} is not a date; write it like 2024-11-17")
    return stamp


def with_actor(df: pd.DataFrame, *actors: str) -> pd.DataFrame:
    """Events that list any of the given actors."""
    return df[_has_any(df["actors"], actors)]


def with_tag(df: pd.DataFrame, *tags: str) -> pd.DataFrame:
    """Events that carry any of the given tags."""
    return df[_has_any(df["tags"], tags)]


def with_category(df: pd.DataFrame, *categories: str) -> pd.DataFrame:
    """Events in any of the given categories."""
    return df[df["category"].isin(categories)]


def search(df: pd.DataFrame, text: str) -> pd.DataFrame:
    """Events whose title, summary, actors, location or source quotes contain text (any case)."""
    needle = text.casefold()
    parts = [df[c].astype("str").fillna("") for c in ("title", "summary", "location") if c in df]
    if "actors" in df:
        parts.append(df["actors"].map(lambda v: " ".join(v) if v is not None else ""))
    if "sources" in df:
        parts.append(
            df["sources"].map(
                lambda v: (
                    " ".join(f"{s.get('title') or ''} {s.get('quote') or ''}" for s in v)
                    if v is not None
                    else ""
                )
            )
        )
    hay = parts[0].str.cat(list[Any](parts[1:]), sep=" ").str.casefold()
    return df[hay.str.contains(needle, regex=False).to_numpy(dtype=bool)]


def related(df: pd.DataFrame, event_id: str) -> pd.DataFrame:
    """The chain of events linked to one event through relations, in either direction.

    The event itself comes first, then the others in time order.
    """
    ids = df["id"].astype("str").tolist()
    if event_id not in ids:
        raise KeyError(f"no event with id {event_id!r}")
    source, _, target = flatten_relations(df["relations"])
    position = {value: i for i, value in enumerate(ids)}
    neighbours: dict[int, set[int]] = {}
    for s, t in zip(source, target, strict=True):
        if t in position:
            neighbours.setdefault(int(s), set()).add(position[t])
            neighbours.setdefault(position[t], set()).add(int(s))
    first = position[event_id]
    seen = {first}
    queue = deque([first])
    while queue:
        for other in neighbours.get(queue.popleft(), ()):
            if other not in seen:
                seen.add(other)
                queue.append(other)
    others = df.iloc[sorted(seen - {first})].sort_values("start", kind="stable")
    return pd.concat([df.iloc[[first]], others])


def _has_any(lists: pd.Series, wanted: Iterable[str]) -> np.ndarray:
    wanted = set(wanted)
    return np.fromiter(
        (v is not None and not wanted.isdisjoint(v) for v in lists), dtype=bool, count=len(lists)
    )
