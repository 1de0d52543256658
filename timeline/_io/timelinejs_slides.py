"""One event to one TimelineJS slide or era, and back, keeping in the block what slides cannot say.

Both directions go through :func:`natives`: what our reader makes of a slide's own fields. The
writer puts into the policy-timeline block exactly the fields where that differs from the event,
and the reader lets a block field win only while the slide's own fields still agree with it, so
an edit made in TimelineJS's own fields (a new date, another group) is never overridden.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from timeline._frame.dates import OPEN, DateError, parse_date
from timeline._frame.fields import URL
from timeline._frame.records import kind_name
from timeline._io.html_text import escape, html_to_text, parse_html, text_to_html
from timeline._io.interchange import PERIOD, is_period
from timeline._io.timelinejs_dates import (
    Parts,
    day_parts,
    display_of,
    edtf_of,
    native_parts,
    read_date,
)
from timeline._io.timelinejs_meta import block_html, read_block

DISPLAY_TAGS = {
    "display_date": "display:",
    "start_date": "display-start:",
    "end_date": "display-end:",
}
"""Tag prefixes that keep TimelineJS display dates (slide, start, end) in an events frame."""
_UNTITLED = "Untitled"
_SLIDE_KEYS = ("start_date", "end_date", "display_date", "text", "media", "group", "unique_id")

Report = Callable[[str, str], None]


@dataclass
class Natives:
    """What a slide says in TimelineJS's own fields, as event fields."""

    start: Parts
    end: Parts | None
    date: str
    end_date: str | None
    title: str
    summary: str
    actors: list[str]
    sources: list[dict[str, Any]]
    tags: list[str]
    unique_id: str | None
    caption: str = ""
    meta: str | None = None
    meta_count: int = 0


def to_slide(
    record: Mapping[str, Any],
    titles: Mapping[str, str],
    *,
    sheet: bool = False,
    open_end: Parts | None = None,
) -> dict[str, Any]:
    """The TimelineJS slide (or era, for periods) for one event record of ``to_records``.

    ``sheet`` leaves out what the spreadsheet template has no column for (``unique_id``, the
    display dates of start and end), so that it goes into the block instead. ``open_end`` is
    where an era with an open end stops (TimelineJS needs an end for eras).
    """
    era = is_period(record.get("tags"), record.get("category"))
    start, end = native_parts(record["date"], record.get("end"))
    if era and end is None:
        end = _era_end(record, start, open_end)
    slide: dict[str, Any] = {"start_date": dict(start)}
    if end is not None:
        slide["end_date"] = dict(end)
    if not era:
        _add_slide_fields(slide, record, sheet)
    text = {
        "headline": escape(record["title"], quote=False),
        "text": text_to_html(record.get("summary", "")),
    }
    slide["text"] = text

    def refuse(name: str, message: str) -> None:
        raise ValueError(
            f"event {record['id']!r} cannot be written to TimelineJS: {name} {message}"
        )

    native = natives(slide, "era" if era else "slide", refuse)
    assert native is not None  # refuse() raised otherwise
    meta: dict[str, Any] = {}
    if sheet or era:
        meta["id"] = record["id"]
    if (native.date, native.end_date) != (record["date"], record.get("end")):
        meta["date"] = record["date"]
        if record.get("end"):
            meta["end"] = record["end"]
    for key in ("actors", "tags", "sources"):
        if getattr(native, key) != list(record.get(key, [])):
            meta[key] = record.get(key, [])
    for key in ("category", "location", "relations", "importance"):
        if key in record:
            meta[key] = record[key]
    text["text"] += block_html(meta, titles)
    if not (sheet or era):
        slide["unique_id"] = record["id"]
    return {key: slide[key] for key in _SLIDE_KEYS if key in slide}


def _add_slide_fields(slide: dict[str, Any], record: Mapping[str, Any], sheet: bool) -> None:
    """Display dates, media and group: the fields eras do not have."""
    tags = list(record.get("tags", []))
    for key, prefix in DISPLAY_TAGS.items():
        shown = next((t[len(prefix) :] for t in tags if t.startswith(prefix)), None)
        if sheet and key != "display_date":
            continue
        if shown and (key != "end_date" or "end_date" in slide):
            target = slide if key == "display_date" else slide[key]
            target["display_date"] = escape(shown, quote=False)
    sources = record.get("sources", [])
    if sources and sources[0].get("url") and URL.fullmatch(sources[0]["url"]):
        first = sources[0]
        media = {"url": first["url"]}
        if first.get("publisher"):
            media["credit"] = escape(first["publisher"], quote=False)
        if first.get("title"):
            media["caption"] = escape(first["title"], quote=False)
        slide["media"] = media
    if record.get("actors"):
        slide["group"] = escape(record["actors"][0], quote=False)


def _era_end(record: Mapping[str, Any], start: Parts, open_end: Parts | None) -> Parts:
    """An end for an era that has none: its own last day, or ``open_end`` when it is ongoing."""
    first, _, second = record["date"].partition("/")
    ongoing = second == OPEN or record.get("end") == OPEN
    if ongoing and open_end is not None and open_end != start:
        return open_end
    own = day_parts(parse_date(first if first not in ("", OPEN) else second).end)
    if own == start:
        # TimelineJS drops an end equal to the start, then refuses the era: give the last second.
        own = {**own, "hour": 23, "minute": 59, "second": 59}
    return own


def natives(slide: Any, kind: str, report: Report) -> Natives | None:
    """Check a slide or era and read its own fields; None when it cannot be an event."""
    if not isinstance(slide, Mapping):
        report("", f"a {kind} must be an object with start_date and text, not {kind_name(slide)}")
        return None
    text = _mapping(slide, "text", report)
    media = _mapping(slide, "media", report)
    headline = _text(text, "headline", "text.headline", report)
    body = _text(text, "text", "text.text", report)
    # TimelineJS shows group and display dates as text, taking markup out: so do we.
    group = html_to_text(_text(slide, "group", "group", report), inline=True)
    unique_id = _text(slide, "unique_id", "unique_id", report).strip() or None
    url = _text(media, "url", "media.url", report).strip()
    credit = html_to_text(_text(media, "credit", "media.credit", report), inline=True)
    caption = html_to_text(_text(media, "caption", "media.caption", report), inline=True)
    display = html_to_text(_text(slide, "display_date", "display_date", report), inline=True)
    if "start_date" not in slide:
        report("start_date", f"is required: a {kind} needs a start_date with at least a year")
        start = None
    else:
        start = read_date(slide["start_date"], "start_date", report)
    end = None
    if slide.get("end_date") is not None:
        end = read_date(slide["end_date"], "end_date", report)
        if end is None:
            return None
    elif kind == "era":
        report(
            "end_date", "is required: an era needs an end_date (TimelineJS refuses eras without)"
        )
        return None
    if start is None:
        return None
    parsed = parse_html(body)
    sources = []
    if url and URL.fullmatch(url):
        source = {"url": url, "publisher": credit or None, "title": caption or None}
        sources.append({k: v for k, v in source.items() if v})
    tags = [PERIOD] if kind == "era" else []
    displays = {
        "display_date": display,
        "start_date": display_of(slide.get("start_date")),
        "end_date": display_of(slide.get("end_date")),
    }
    tags += [DISPLAY_TAGS[key] + value for key, value in displays.items() if value]
    return Natives(
        start=start,
        end=end,
        date=edtf_of(start),
        end_date=edtf_of(end) if end is not None and end != start else None,
        title=html_to_text(headline, inline=True),
        summary=parsed.text,
        actors=[group] if group else [],
        sources=sources,
        tags=list(dict.fromkeys(tags)),
        unique_id=unique_id,
        caption=caption,
        meta=parsed.meta,
        meta_count=parsed.meta_count,
    )


def to_record(native: Natives, kind: str, report: Report) -> tuple[dict[str, Any], dict[str, str]]:
    """The event record for a checked slide, with the block merged in, and where each field came
    from (the slide field to name in problems)."""
    block = read_block(native.meta, native.meta_count, lambda m: report("text.text", m))
    origin = {
        "id": "unique_id",
        "title": "text.headline",
        "date": "start_date",
        "end": "end_date",
        "summary": "text.text",
        "actors": "group",
        "sources": "media",
        "tags": "display_date",
    }
    record: dict[str, Any] = {
        "title": native.title or _fallback_title(native),
        "summary": native.summary,
    }
    date, end = native.date, native.end_date
    if "date" in block or "end" in block:
        date, end = _block_dates(native, block, kind, report)
    record["date"] = date
    if end:
        record["end"] = end
    record["actors"] = native.actors
    if "actors" in block:
        record["actors"] = _merge_actors(native.actors, block["actors"])
        origin["actors"] = "text.text"
    record["sources"] = native.sources
    if "sources" in block:
        record["sources"] = _merge_sources(native.sources, block["sources"])
        origin["sources"] = "text.text"
    record["tags"] = native.tags
    if "tags" in block:
        record["tags"] = _merge_tags(native.tags, block["tags"])
        origin["tags"] = "text.text"
    for key in ("category", "location", "relations", "importance"):
        if key in block:
            record[key] = block[key]
            origin[key] = "text.text"
    given = native.unique_id or block.get("id")
    if given is not None:
        record["id"] = given if isinstance(given, str) else str(given)
        if not native.unique_id:
            origin["id"] = "text.text"
    return {k: v for k, v in record.items() if v not in (None, "", [])}, origin


def _block_dates(
    native: Natives, block: Mapping[str, Any], kind: str, report: Report
) -> tuple[str, str | None]:
    date = block.get("date", native.date)
    end = block.get("end", native.end_date if "date" not in block else None)
    if not isinstance(date, str) or not (end is None or isinstance(end, str)):
        report("text.text", "the policy-timeline block's date and end must be EDTF text")
        return native.date, native.end_date
    try:
        start, finish = native_parts(date, end)
    except (DateError, ValueError) as error:
        report("text.text", f"the policy-timeline block's date: {error}")
        return native.date, native.end_date
    open_era = kind == "era" and finish is None
    if start == native.start and (finish == native.end or open_era):
        return date, end
    return native.date, native.end_date  # the slide's dates were edited after writing: they win


def _merge_actors(native: list[str], block: Any) -> Any:
    if not isinstance(block, list) or not all(isinstance(a, str) for a in block):
        return block  # left for validation to report
    if native and (not block or " ".join(block[0].split()) != native[0]):
        return [native[0], *(a for a in block[1:] if a != native[0])]  # a new group wins
    return block


def _merge_sources(native: list[dict[str, Any]], block: Any) -> Any:
    if not isinstance(block, list) or not all(isinstance(s, Mapping) for s in block):
        return block
    if native and native[0]["url"] not in [s.get("url") for s in block]:
        return [native[0], *block]  # media added or changed in TimelineJS: keep both
    return block


def _merge_tags(native: list[str], block: Any) -> Any:
    if not isinstance(block, list) or not all(isinstance(t, str) for t in block):
        return block
    # A display date the slide has in its own fields wins over the block's; one it has no
    # field for (the spreadsheet has no start or end display date) comes from the block.
    shown = tuple(p for p in DISPLAY_TAGS.values() if any(t.startswith(p) for t in native))
    kept = [t for t in block if not (shown and t.startswith(shown)) or t in native]
    return kept + [t for t in native if shown and t.startswith(shown) and t not in kept]


def _fallback_title(native: Natives) -> str:
    """A title for a slide without a headline: its caption, or the start of its text."""
    if native.caption:
        return native.caption
    first = native.summary.split("\n", 1)[0]
    if not first:
        return _UNTITLED
    return first if len(first) <= 80 else first[:79].rsplit(" ", 1)[0] + "…"


def _mapping(slide: Mapping[str, Any], key: str, report: Report) -> Mapping[str, Any]:
    value = slide.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        report(key, f"must be an object, not {kind_name(value)}")
        return {}
    return value


def _text(container: Mapping[str, Any], key: str, name: str, report: Report) -> str:
    value = container.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        report(name, f"must be text, not {kind_name(value)}")
        return ""
    return str(value)


def slide_titles(records: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Event titles by id, to name relation targets in the block."""
    return {r["id"]: r["title"] for r in records}


def title_slide(attrs: Mapping[str, Any]) -> dict[str, Any] | None:
    """The title slide for a frame's ``attrs`` (title, description, categories), if any."""
    if not any(attrs.get(key) for key in ("title", "description", "categories")):
        return None
    meta = {"categories": list(attrs["categories"])} if attrs.get("categories") else {}
    text = text_to_html(str(attrs.get("description") or "")) + block_html(meta, {})
    return {"text": {"headline": escape(str(attrs.get("title") or ""), quote=False), "text": text}}


def read_title(slide: Any, report: Report) -> dict[str, Any]:
    """``attrs`` from a title slide: its headline, text and the categories in its block."""
    if not isinstance(slide, Mapping):
        report("", f"the title must be a slide object, not {kind_name(slide)}")
        return {}
    text = _mapping(slide, "text", report)
    parsed = parse_html(_text(text, "text", "text.text", report))
    attrs: dict[str, Any] = {}
    title = html_to_text(_text(text, "headline", "text.headline", report), inline=True)
    if title:
        attrs["title"] = title
    if parsed.text:
        attrs["description"] = parsed.text
    block = read_block(parsed.meta, parsed.meta_count, lambda m: report("text.text", m))
    categories = block.get("categories")
    if categories is not None:
        if isinstance(categories, list) and all(isinstance(c, str) for c in categories):
            attrs["categories"] = categories
        else:
            report("text.text", "the policy-timeline block's categories must be a list of names")
    return attrs
