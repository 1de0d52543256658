"""Events as vis-timeline items and groups (JSON), to drop into a vis-timeline page."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from timeline._frame.columns import complete_columns
from timeline._io.atomic import write_text_atomic
from timeline._io.html_text import escape
from timeline._io.interchange import is_period

NO_ACTOR = "(no actor)"
"""The group of events that name no actor, when other events do."""
_ONE_SECOND = np.timedelta64(1, "s")
_ONE_DAY = np.timedelta64(86400, "s")
_SUMMARY_LENGTH = 300


def write_vis(df: pd.DataFrame, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write events as vis-timeline items and groups (JSON), atomically.

    Parameters
    ----------
    df
        An events frame.
    path
        Target file, conventionally ``NAME.vis.json``.
    force
        Replace ``path`` even when it is a read-only file (a symbolic link is written through,
        a folder, FIFO or device refused, in any case).

    Returns
    -------
    pathlib.Path
        The path written.

    Notes
    -----
    The file is ``{"items": [...], "groups": [...]}``: load it and pass
    ``new vis.DataSet(data.items)`` and ``new vis.DataSet(data.groups)`` to
    ``new vis.Timeline(container, items, groups)``. Each event gives one item per actor (its
    ``group`` is the actor, so an event of two actors shows in both lanes); periods (events
    tagged ``era``) give one ``background`` item across all lanes. ``start`` and ``end`` are
    ISO 8601 local times; ``content`` and ``title`` (the tooltip) are HTML-escaped.

    Examples
    --------
    >>> write_vis(read_events("data"), "build/events.vis.json")  # doctest: +SKIP
    """
    target = Path(path)
    write_text_atomic(
        target,
        json.dumps(vis_document(df), ensure_ascii=False, indent=1, allow_nan=False) + "\n",
        force=force,
    )
    return target


def vis_document(df: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """The vis-timeline items and groups for an events frame."""
    df = complete_columns(df)
    starts = df["start"].to_numpy(dtype="datetime64[s]")
    ends = df["end"].to_numpy(dtype="datetime64[s]")
    known = np.concatenate([starts[~np.isnat(starts)], ends[~np.isnat(ends)]])
    first = known.min() if len(known) else np.datetime64("1970-01-01T00:00:00", "s")
    last = known.max() + _ONE_SECOND if len(known) else first + _ONE_DAY
    lanes = [list(actors) if actors is not None else [] for actors in df["actors"].tolist()]
    grouped = any(lanes)
    items: list[dict[str, Any]] = []
    groups: dict[str, int] = {}
    rows = zip(
        df["id"].tolist(),
        df["title"].tolist(),
        df["date"].tolist(),
        df["end_date"].tolist(),
        df["summary"].tolist(),
        starts,
        ends,
        df["span"].tolist(),
        df["approximate"].tolist(),
        df["uncertain"].tolist(),
        df["tags"].tolist(),
        df["category"].tolist(),
        lanes,
        strict=True,
    )
    for (ident, title, date, end_date, summary, start, end, span, approx, unsure, tags, category,
         actors) in rows:  # fmt: skip
        base: dict[str, Any] = {"content": escape(str(title), quote=False)}
        classes = [c for c, on in (("approximate", approx), ("uncertain", unsure)) if on]
        if np.isnat(start):
            classes.append("open-start")
        if bool(span) and np.isnat(end):
            classes.append("open-end")
        lo = start if not np.isnat(start) else first
        if is_period(list(tags) if tags is not None else [], category):
            kind = "background"
        else:
            kind = "range" if span else "point"
        base["start"] = _iso(lo)
        if kind != "point":
            hi = end + _ONE_SECOND if not np.isnat(end) else max(last, lo + _ONE_DAY)
            base["end"] = _iso(hi)
        base["type"] = kind
        base["title"] = _tooltip(str(title), str(date), end_date, summary)
        if classes:
            base["className"] = " ".join(classes)
        if kind == "background" or not grouped:
            items.append({"id": ident, **base})
            continue
        for actor in actors or [NO_ACTOR]:
            groups.setdefault(actor, len(groups))
            item_id = ident if len(actors) <= 1 else f"{ident}|{actor}"
            items.append({"id": item_id, "group": actor, **base})
    return {
        "items": items,
        "groups": [
            {"id": name, "content": escape(name, quote=False), "order": order}
            for name, order in groups.items()
        ],
    }


def _tooltip(title: str, date: str, end_date: Any, summary: Any) -> str:
    when = date if not isinstance(end_date, str) or not end_date else f"{date} to {end_date}"
    lines = [escape(title), escape(when)]
    text = summary if isinstance(summary, str) else ""
    if text:
        short = text if len(text) <= _SUMMARY_LENGTH else text[: _SUMMARY_LENGTH - 1] + "…"
        lines.append(escape(short))
    return "<br>".join(lines)


def _iso(stamp: np.datetime64) -> str:
    """ISO 8601 without a zone; years outside 0000-9999 in the expanded form vis accepts."""
    text = str(np.datetime_as_string(stamp, unit="s"))
    year = int(stamp.astype("datetime64[Y]").astype(np.int64)) + 1970
    if 0 <= year <= 9999:
        return text
    rest = text[text.index("-", 1) :]
    return f"{'-' if year < 0 else '+'}{abs(year):06d}{rest}"
