"""Every event of a page in a compact form: columns of JSON, gzip-compressed, in base64.

The page's table lists every event from it, and a zoomed chart of density strips is
re-counted and drawn from it (``assets/table.js``, ``assets/zoom.js``); the browser opens it
with ``DecompressionStream``, so the page needs no network and no server.
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline._figure.text import isolate, list_items
from timeline._figure.zoom import (
    LABELS_LIMIT,
    MARKS_LIMIT,
    Pairs,
    event_times,
    has_strips,
    strip_rows,
)
from timeline._frame.columns import plot_columns
from timeline._frame.fields import WEB_LINK


def payload(fig: go.Figure, events: pd.DataFrame, lane: str = "actors") -> str:
    """The events as base64 text of gzip-compressed JSON columns, in date order.

    Columns: ``id``, ``title``, ``date`` (as written, with the end of a span), ``summary``,
    ``actors``, ``category``, ``url`` (the first http(s) source, else ``""``) and
    ``source`` (its publisher, else title), ``start`` (seconds since 1970, each after the
    first as the step from the one before; null when unknown) and ``length`` (seconds);
    ``actors``, ``category`` and ``source`` coded as ``{"values": [...], "codes": [...]}``.
    Then the event-lane pairs of the chart, by event (``pairCount`` per event, ``pairLane``
    per pair), the y of each lane's first row (``laneY``: the strip's for density strips)
    and its rows (``laneRows``), and the chart's ``mode``.
    """
    data = columns(fig, events, lane)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    packed = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: a gzip stream
    body = packed.compress(text.encode("utf-8")) + packed.flush()
    return base64.b64encode(body).decode("ascii")


def columns(fig: go.Figure, events: pd.DataFrame, lane: str = "actors") -> dict[str, Any]:
    """The columns ``payload`` compresses (see there), as plain lists."""
    events = plot_columns(events)  # any frame of the documented columns, as plot reads it
    start, end = event_times(events)
    order = np.argsort(np.where(np.isnan(start), np.inf, start), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    ordered = events.iloc[order]
    mode = (fig.layout.meta or {}).get("mode", "svg")
    lanes = _lanes(fig, events, lane)
    if lanes is None:
        pair_event, pair_lane = np.zeros(0, int), np.zeros(0, int)
        lane_y, lane_rows = np.zeros(0), np.zeros(0, int)
    else:
        pairs, lane_y, lane_rows = lanes
        pair_event, pair_lane = rank[pairs.event], pairs.lane
        by_event = np.argsort(pair_event, kind="stable")
        pair_event, pair_lane = pair_event[by_event], pair_lane[by_event]
    urls, labels = _first_web_sources(ordered.get("sources"), len(ordered))
    return {
        "mode": mode,
        "marksLimit": MARKS_LIMIT,
        "labelsLimit": LABELS_LIMIT,
        "id": _texts(ordered["id"]),
        "title": _texts(ordered["title"]),
        "date": _written(ordered),
        "summary": _texts(ordered.get("summary")),
        "actors": _coded(_joined(ordered.get("actors"))),
        "category": _coded(_texts(ordered.get("category"))),
        "url": urls,
        "source": _coded(labels),
        "start": _steps(start[order]),
        "length": _seconds(end[order] - start[order]),
        "pairCount": np.bincount(pair_event, minlength=len(order)).tolist(),
        "pairLane": pair_lane.tolist(),
        "laneY": [float(y) for y in lane_y],
        "laneRows": [int(r) for r in lane_rows],
    }


def _lanes(
    fig: go.Figure, events: pd.DataFrame, lane: str
) -> tuple[Pairs, np.ndarray, np.ndarray] | None:
    """The pairs, the y of each lane's first row and how many rows each lane has."""
    if lane not in events or not fig.layout.yaxis.ticktext:
        return None
    pairs = Pairs.of(fig, events, lane)
    centre = np.asarray(fig.layout.yaxis.tickvals, dtype=float)
    top = strip_rows(fig) if has_strips(fig) else centre
    return pairs, top, np.round(2 * (centre - top) + 1).astype(int)


def _texts(values: pd.Series | None) -> list[str]:
    if values is None:
        return []
    return _isolated(values.astype(object).where(values.notna(), "").astype(str))


def _written(events: pd.DataFrame) -> list[str]:
    dates = _texts(events["date"]) if "date" in events else [""] * len(events)
    if "end_date" not in events:
        return dates
    ends = _texts(events["end_date"])
    return [f"{d} – {e}" if e else d for d, e in zip(dates, ends, strict=True)]


def _joined(values: pd.Series | None) -> list[str]:
    """Each list of names (actors) as one text, joined by commas."""
    if values is None:
        return []
    if isinstance(values.dtype, pd.ArrowDtype):
        import pyarrow as pa
        import pyarrow.compute as pc

        text = pc.binary_join(pa.chunked_array([pa.array(values)]), ", ").to_pandas()
        return _isolated(pd.Series(text).astype(object).where(text.notna(), "").astype(str))
    joined = [
        ", ".join(str(v) for v in list_items(value)) if not isinstance(value, str) else value
        for value in values.tolist()
    ]
    return _isolated(pd.Series(joined, dtype=object).astype(str))


def _first_web_sources(values: pd.Series | None, n: int) -> tuple[list[str], list[str]]:
    """Each event's first source with an http(s) address and its publisher (else title);
    ``""`` and the first source's label when no source is a web address."""
    urls, labels = [""] * n, [""] * n
    found = _source_rows(values) if values is not None else pd.DataFrame()
    if not len(found):
        return urls, labels
    url = found["url"].astype(object).where(found["url"].notna(), "").astype(str).str.strip()
    publisher = found["publisher"].astype(object).where(found["publisher"].notna(), "")
    title = found["title"].astype(object).where(found["title"].notna(), "")
    found = found.assign(
        url=url,
        web=url.str.fullmatch(WEB_LINK),
        label=_isolated(publisher.where(publisher.astype(str) != "", title).astype(str)),
    )
    first = found.drop_duplicates("event")
    web = found[found["web"].to_numpy(dtype=bool)].drop_duplicates("event")
    url_of, label_of = np.array(urls, dtype=object), np.array(labels, dtype=object)
    label_of[first["event"].to_numpy()] = first["label"].to_numpy(dtype=object)
    label_of[web["event"].to_numpy()] = web["label"].to_numpy(dtype=object)
    url_of[web["event"].to_numpy()] = web["url"].to_numpy(dtype=object)
    return url_of.tolist(), label_of.tolist()


def _source_rows(values: pd.Series) -> pd.DataFrame:
    """One row per source: its event's position, url, publisher and title."""
    fields = ("url", "publisher", "title")
    if isinstance(values.dtype, pd.ArrowDtype):
        import pyarrow as pa
        import pyarrow.compute as pc

        array = pa.chunked_array([pa.array(values)]).combine_chunks()
        flat = pc.list_flatten(array)
        names = {flat.type.field(i).name for i in range(flat.type.num_fields)}
        return pd.DataFrame(
            {
                "event": np.asarray(pc.list_parent_indices(array), dtype=np.int64),
                **{
                    f: flat.field(f).to_pandas() if f in names else pd.Series([None] * len(flat))
                    for f in fields
                },
            }
        )
    rows = [
        {"event": i, **{f: source.get(f) for f in fields}}
        for i, value in enumerate(values.tolist())
        for source in list_items(value)
        if isinstance(source, dict)
    ]
    return pd.DataFrame(rows, columns=["event", *fields])


def _isolated(text: pd.Series) -> list[str]:
    """Texts with direction controls wrapped in an isolate (as ``isolate``), quickly."""
    values = text.tolist()
    for i in np.flatnonzero(text.str.contains("[\u202a-\u202e\u2066-\u2069]", regex=True)):
        values[i] = isolate(values[i])
    return values


def _coded(texts: list[str]) -> dict[str, list[Any]]:
    codes, values = pd.factorize(pd.Series(texts, dtype=object))
    return {"values": [str(v) for v in values], "codes": codes.tolist()}


def _steps(values: np.ndarray) -> list[int | None]:
    """Sorted seconds (NaN last) as the first value and then the step to each next one."""
    known = values[~np.isnan(values)].astype(np.int64)
    steps = np.diff(known, prepend=0).tolist() if len(known) else []
    return steps + [None] * (len(values) - len(known))


def _seconds(values: np.ndarray) -> list[int | None]:
    known = ~np.isnan(values)
    out = np.full(len(values), None, dtype=object)
    out[known] = values[known].astype(np.int64).tolist()
    return out.tolist()


def _blank(n: int) -> np.ndarray:
    return np.full(n, "", dtype=object)
