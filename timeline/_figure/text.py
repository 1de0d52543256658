"""Text shown on the figure: escaping, dates in words, labels and hover text."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline._frame.dates import parse_columns
from timeline._frame.fields import WEB_LINK

LABEL_CHARS = 30
"""Longest label drawn next to a mark, in characters (longer titles end in an ellipsis)."""
LEGEND_CHARS = 40
"""Characters of a legend entry: a long category must not squeeze the plot away."""

_WRAP = 72
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_PLAIN_DAY = re.compile(r"-?\d{4}-\d{2}-\d{2}")
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")


def escape(value: object) -> str:
    """User text made safe for plotly's text and hover HTML: ``<b>`` shows as written.

    Only ``&``, ``<`` and ``>`` are escaped: plotly decodes those entities but not ``&quot;``.
    ``%{`` becomes ``&#37;{``: plotly fills ``%{...}`` in names and titles from ``layout.meta``.
    Missing values give an empty string.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return html.escape(isolate(str(value)), quote=False).replace("%{", "&#37;{")


def isolate(text: str) -> str:
    """Text with direction controls (U+202E...) kept inside it: wrapped in an isolate.

    Without this, a right-to-left override in one title would reverse the text after it.
    """
    done = text.startswith("\u2068") and text.endswith("\u2069")
    return f"\u2068{text}\u2069" if not done and _DIRECTION.search(text) else text


def _plain(value: object) -> str:
    """A value as text, "" when missing (escape what this returns before showing it)."""
    return html.unescape(escape(value))


def truncate(text: str, limit: int = LABEL_CHARS) -> str:
    """Text cut to ``limit`` characters, ending in an ellipsis when it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def legend_name(value: object) -> str:
    """A legend entry: the escaped value, cut to ``LEGEND_CHARS`` characters."""
    return escape(truncate(str(value), LEGEND_CHARS))


def wrap(text: str, width: int = _WRAP) -> str:
    """Escaped text broken into hover lines of about ``width`` characters.

    Words longer than a line are cut into pieces first: textwrap cuts them itself, but by
    copying the rest of the word for every line, which takes time quadratic in its length.
    """
    words: list[str] = []
    for word in text.split():
        if len(word) > width:
            words += [word[at : at + width] for at in range(0, len(word), width)]
        else:
            words.append(word)
    return "<br>".join(escape(line) for line in textwrap.wrap(" ".join(words), width))


def labels(
    titles: Iterable[object], uncertain: np.ndarray, limits: Iterable[int] | None = None
) -> np.ndarray:
    """Short escaped label of each mark (at most ``limits`` characters each, by default
    ``LABEL_CHARS``); an uncertain date adds a question mark."""
    texts = [str(t) if t is not None else "" for t in titles]
    most = list(limits) if limits is not None else [LABEL_CHARS] * len(texts)
    short = [escape(truncate(t, int(n))) for t, n in zip(texts, most, strict=True)]
    marks = np.where(np.asarray(uncertain, dtype=bool), " (?)", "")
    return np.asarray(short, dtype=object) + marks


def first_urls(sources: pd.Series) -> np.ndarray:
    """Each event's first source URL when it is http or https, else ``""`` (never a script)."""
    if isinstance(sources.dtype, pd.ArrowDtype):
        array = pa.array(sources)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        first = pc.list_slice(array, 0, 1)
        urls = pc.list_flatten(first).field("url")
        where = np.asarray(pc.list_parent_indices(first), dtype=np.int64)
        found = np.full(len(sources), "", dtype=object)
        found[where] = urls.fill_null("").to_numpy(zero_copy_only=False)
    else:
        found = np.array(
            [str((next(iter(list_items(v)), None) or {}).get("url") or "") for v in sources],
            dtype=object,
        )
    text = pd.Series(found, dtype=object).str.strip()
    web = text.str.fullmatch(WEB_LINK).to_numpy(dtype=bool)
    return np.where(web, text.to_numpy(dtype=object), "")


def list_items(value: object) -> list[Any]:
    """The items of a list cell (a list or an Arrow/NumPy array); none for a missing one."""
    if value is None or isinstance(value, str | float):
        return []
    return list(value)  # type: ignore[call-overload]


# --- dates in words ------------------------------------------------------------------------


def _parts(stamp: np.datetime64) -> tuple[int, int, int, int, int]:
    """(year, month, day, hour, minute) of a datetime64, for any year numpy can hold."""
    text = str(np.asarray(stamp).astype("datetime64[m]"))
    m = re.fullmatch(r"(-?\d+)-(\d{2})-(\d{2})T(\d{2}):(\d{2})", text)
    if m is None:  # pragma: no cover - numpy always prints minutes like this
        raise ValueError(text)
    year, month, day, hour, minute = (int(g) for g in m.groups())
    return year, month, day, hour, minute


def _year(year: int) -> str:
    return f"{-year + 1} BCE" if year <= 0 else str(year)


def side_words(lo: np.datetime64, hi: np.datetime64, precision: str) -> str:
    """One date in words at its precision: '20 Nov 2024', 'Nov 2024', '1990s'."""
    if np.isnat(lo):
        return "unknown date"
    y, mo, d, h, mi = _parts(lo)
    if np.isnat(hi):
        hi = lo
    y2, mo2, _, _, _ = _parts(hi)
    if precision == "time":
        return f"{d} {_MONTHS[mo - 1]} {_year(y)}, {h:02d}:{mi:02d}"
    if precision == "month":
        return f"{_MONTHS[mo - 1]} {_year(y)}"
    if precision == "season":
        if y == y2:
            return f"{_MONTHS[mo - 1]}–{_MONTHS[mo2 - 1]} {_year(y)}"
        return f"{_MONTHS[mo - 1]} {_year(y)}–{_MONTHS[mo2 - 1]} {_year(y2)}"
    if precision == "year":
        return _year(y)
    if precision == "decade" and y % 10 == 0 and y > 0:
        return f"{y}s"
    if precision in ("decade", "century"):
        return f"{_year(y)}–{_year(y2)}"
    return f"{d} {_MONTHS[mo - 1]} {_year(y)}"


Sides = Mapping[str, tuple[np.datetime64, np.datetime64, str]]
"""Each side of a span as written, read by the events frame: its first and last instant and
its precision (the figure reads no dates itself)."""


def _sides(texts: Iterable[str]) -> Sides:
    """The sides of spans that are not plain days, read at once by the frame's date parser;
    sides that are not dates are left out."""
    wanted = sorted({t for t in texts if t and t != ".." and not _PLAIN_DAY.fullmatch(t)})
    if not wanted:
        return {}
    read = parse_columns(wanted)
    return {
        text: (read.start[i], read.end[i], str(read.precision[i]))
        for i, text in enumerate(wanted)
        if i not in read.errors
    }


def _side(text: str, stamp: np.datetime64, precision: str, sides: Sides) -> str | None:
    """Words for one side of a span (None when open): from its text when that is a date,
    else from the instant."""
    if text == "..":
        return None
    if text and _PLAIN_DAY.fullmatch(text):
        day = np.datetime64(text, "s")
        return side_words(day, day, "day")
    if text in sides:
        return side_words(*sides[text])
    return None if np.isnat(stamp) else side_words(stamp, stamp, precision)


def _qualifiers(approximate: bool, uncertain: bool) -> str:
    if approximate and uncertain:
        return ", approximate and uncertain"
    return ", approximate" if approximate else ", uncertain" if uncertain else ""


def date_words(events: pd.DataFrame) -> np.ndarray:
    """Each event's date in words: '20 Nov 2024', 'Nov 2024, approximate', 'from 1 Jun 2006,
    ongoing'. Computed once per distinct date, so repeated dates cost nothing."""
    keys = ["date", "end_date", "start", "end", "precision", "approximate", "uncertain", "span"]
    table = events[keys].astype({"date": object, "end_date": object, "precision": object})
    table = table.fillna({"date": "", "end_date": "", "precision": "day"})
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(table))
    spans = [_split(str(row[0]).strip(), str(row[1]).strip()) for row in uniques if row[7]]
    sides = _sides(side for pair in spans for side in pair)
    words = [_words(tuple(row), sides) for row in uniques]
    return np.asarray(words, dtype=object)[codes] if len(codes) else np.zeros(0, dtype=object)


def _words(row: tuple[Any, ...], sides: Sides) -> str:
    """One date in words, from its row: date, end_date, start, end, precision, approximate,
    uncertain and span."""
    date, end_date, start, end, precision, approximate, uncertain, span = row
    lo = np.datetime64(start, "s") if not pd.isna(start) else np.datetime64("NaT", "s")
    hi = np.datetime64(end, "s") if not pd.isna(end) else np.datetime64("NaT", "s")
    date, end_date = str(date).strip(), str(end_date).strip()
    tail = _qualifiers(bool(approximate), bool(uncertain))
    if not span:
        return side_words(lo, hi, str(precision)) + tail
    first, second = _split(date, end_date)
    begin = _side(first, lo, str(precision), sides)
    finish = _side(second, hi, str(precision), sides)
    if begin is None:
        return "undated" if finish is None else f"until {finish}{tail}"
    if finish is None:
        return f"from {begin}, ongoing{tail}"
    return f"from {begin} to {finish}{tail}"


def _split(date: str, end_date: str) -> tuple[str, str]:
    """The two sides of a span: ``START/END`` in one text, or a date and an end."""
    return (date.split("/", 1)[0], date.split("/", 1)[1]) if "/" in date else (date, end_date)


def written(events: pd.DataFrame) -> np.ndarray:
    """Each event's date as written (EDTF), with the end joined by '/' when there is one."""
    date = events["date"].astype(object).fillna("").map(str)
    end = events["end_date"].astype(object).fillna("").map(str)
    joined = date.where(end.eq(""), date + "/" + end)
    return joined.to_numpy(dtype=object)


# --- hover text ------------------------------------------------------------------------------


def hover_text(event: Mapping[str, Any], words: str, when: str) -> str:
    """The full story of one event for its hover box, every user text escaped."""
    lines = [f"<b>{wrap(str(event.get('title') or ''))}</b>"]
    lines.append(f"{escape(words)}  <i>({escape(when)})</i>")
    facts = []
    actors = [str(a) for a in list_items(event.get("actors")) if a is not None]
    if actors:
        facts.append(f"<i>Actors:</i> {escape(', '.join(actors))}")
    for field in ("category", "location"):
        value = escape(event.get(field))
        if value:
            facts.append(f"<i>{field.title()}:</i> {value}")
    if facts:
        lines.append(" · ".join(facts))
    summary = str(event.get("summary") or "").strip()
    if summary and summary != "nan":
        lines.append(wrap(summary))
    sources = [s for s in list_items(event.get("sources")) if s]
    if sources:
        lines.append("<b>Sources</b>")
    for source in sources:
        who = _plain(source.get("publisher")) or urlsplit(_plain(source.get("url"))).netloc
        title = _plain(source.get("title"))
        cited = who + (f": {title}" if title else "")
        lines.append("• " + wrap(cited, _WRAP - 2).replace("<br>", "<br>   "))
        if source.get("quote"):
            lines.append(f"<i>“{wrap(str(source['quote']), _WRAP - 4)}”</i>")
    return "<br>".join(lines)
