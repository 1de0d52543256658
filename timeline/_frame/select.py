"""Select events from the frame: by date window, actor, category, tag, text, and relation chains."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from timeline._frame.dates import OPEN, DateError, parse_date
from timeline._frame.validate import flatten_relations


def window(
    df: pd.DataFrame, start: str | pd.Timestamp | None = None, end: str | pd.Timestamp | None = None
) -> pd.DataFrame:
    """Events whose time overlaps the window from start to end (either may be None).

    An event overlaps when its latest instant is not before ``start`` and its earliest is not
    after ``end``; a day given as ``end`` includes that whole day. The result remembers the
    window as ``df.attrs["focus"]`` (``"START/END"``, ``..`` for an open side), so a plot or
    page of it opens on the window, whatever long spans it keeps.
    """
    since_at, until_at = _window_side(start, "start"), _window_side(end, "end")
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
    out = df[keep]
    if start is not None or end is not None:
        out.attrs = {**df.attrs, "focus": f"{_side(start)}/{_side(end)}"}
    return out


def _side(value: str | pd.Timestamp | None) -> str:
    if value is None:
        return OPEN
    if isinstance(value, str):
        return value.strip()
    return pd.Timestamp(value).isoformat()


def focus_bounds(focus: Any) -> tuple[np.datetime64, np.datetime64]:
    """First and last instant of a first view: ``"START/END"`` or ``(start, end)``.

    Either side may be open (``..``, ``""`` or None: NaT). A side written as a date covers
    it whole (``2024-11-30`` ends where 1 December starts; ``1990s`` spans the decade), so any
    year works, BCE too (``-0599``); a ``Timestamp`` or ``datetime`` is that instant.

    Raises
    ------
    ValueError
        When a side is not a date (the message says why) or the end comes before the start.
    """
    wrong = f"window must be (start, end) or START/END (2024-11-10/2024-11-30), got {focus!r}"
    if isinstance(focus, str):
        first, slash, second = focus.strip().partition("/")
        if not slash:
            raise ValueError(wrong)
    else:
        try:
            first, second = focus
        except (TypeError, ValueError) as error:
            raise ValueError(wrong) from error
    lo = _instant(first, 0)
    hi = _instant(second, 1)
    if not np.isnat(lo) and not np.isnat(hi) and hi < lo:
        raise ValueError(f"the window {focus!r} ends before it starts")
    return lo, hi


def _instant(value: Any, side: int) -> np.datetime64:
    """One side of a window: where a date starts (``side`` 0) or ends (1), or a given instant."""
    if value is None or (isinstance(value, str) and value.strip() in ("", OPEN)):
        return np.datetime64("NaT", "s")
    if isinstance(value, str):
        try:
            parsed = parse_date(value)
        except DateError as error:
            raise ValueError(f"window side {value!r}: {error}") from error
        if not side:
            return parsed.start
        # A date's end is its last second: the view runs to the next one. A time is exact.
        return parsed.end + np.timedelta64(1, "s") if parsed.end > parsed.start else parsed.end
    return pd.Timestamp(value).as_unit("s").to_datetime64()


def _window_side(value: object, side: str) -> pd.Timestamp | None:
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
