"""The policy-timeline block: what TimelineJS cannot hold, kept in a slide's text.

The block is a ``<div class="pt-meta" data-pt="{...}">`` at the end of ``text.text``. Its
``data-pt`` attribute holds the fields as JSON (HTML-escaped); its content shows the same facts
to readers of the TimelineJS page (dates with qualifiers, further actors, sources with their
quotes, relations). TimelineJS's HTML sanitizer keeps ``class`` and ``data-*`` attributes, and a
spreadsheet keeps the cell as text, so the block survives both; only ``data-pt`` is read back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from timeline._frame.dates import DateError, parse_date
from timeline._io.html_text import META_ATTRIBUTE, META_CLASS, escape

KEYS = (
    "id", "date", "end", "actors", "category", "location", "tags", "sources", "relations",
    "importance", "categories",
)  # fmt: skip
"""Keys the block may hold; ``categories`` only on the title slide."""

_RELATION_WORDS = {
    "responds_to": "Responds to",
    "reverses": "Reverses",
    "follows": "Follows",
    "confirms": "Confirms",
    "enables": "Enables",
    "part_of": "Part of",
}


def block_html(meta: Mapping[str, Any], titles: Mapping[str, str]) -> str:
    """The block for ``meta``: its data, and the same facts as text for TimelineJS readers."""
    if not meta:
        return ""
    data = escape(json.dumps(dict(meta), ensure_ascii=False, separators=(",", ":")))
    lines = [f'<div class="{META_CLASS}" {META_ATTRIBUTE}="{data}">']
    if "date" in meta or "end" in meta:
        lines.append(f"<p>Date: {escape(_describe_dates(meta))}</p>")
    facts = [
        f"{label}: {', '.join(value) if isinstance(value, list) else value}"
        for label, key in (("Actors", "actors"), ("Category", "category"), ("Location", "location"))
        if (value := meta.get(key))
    ]
    if facts:
        lines.append("<p>" + escape(" · ".join(facts)) + "</p>")
    if meta.get("tags"):
        lines.append("<p>Tags: " + escape(", ".join(meta["tags"])) + "</p>")
    if meta.get("categories"):
        lines.append("<p>Categories: " + escape(", ".join(meta["categories"])) + "</p>")
    if meta.get("sources"):
        items = "".join(f"<li>{_describe_source(s)}</li>" for s in meta["sources"])
        lines.append(f"<p>Sources:</p><ul>{items}</ul>")
    for relation in meta.get("relations") or []:
        word = _RELATION_WORDS.get(relation.get("type"), relation.get("type", ""))
        target = relation.get("target", "")
        lines.append(f"<p>{escape(word)}: {escape(titles.get(target, target))}</p>")
    lines.append("</div>")
    return "".join(lines)


def read_block(data: str | None, count: int, report: Callable[[str], None]) -> dict[str, Any]:
    """The fields of a block's ``data-pt`` text; problems go to ``report(message)``."""
    if count > 1:
        report(f"has {count} policy-timeline blocks ({META_CLASS}); keep one")
    if data is None:
        return {}
    try:
        value = json.loads(data)
    except json.JSONDecodeError as error:
        report(f"the policy-timeline block's {META_ATTRIBUTE} is not valid JSON: {error.msg}")
        return {}
    if not isinstance(value, dict):
        report(f"the policy-timeline block's {META_ATTRIBUTE} must be a JSON object")
        return {}
    for key in value:
        if key not in KEYS:
            report(
                f"the policy-timeline block has an unknown key {key!r} (allowed: {', '.join(KEYS)})"
            )
    return {key: value[key] for key in KEYS if key in value}


def _describe_dates(meta: Mapping[str, Any]) -> str:
    text = str(meta.get("date", ""))
    if meta.get("end"):
        text += f" to {meta['end']}"
    words = []
    for value in (meta.get("date"), meta.get("end")):
        try:
            parsed = parse_date(str(value)) if value else None
        except DateError:
            continue
        if parsed and parsed.approximate and "approximate" not in words:
            words.append("approximate")
        if parsed and parsed.uncertain and "uncertain" not in words:
            words.append("uncertain")
    if "/.." in text or meta.get("end") == "..":
        words.append("ongoing")
    return f"{text} ({', '.join(words)})" if words else text


def _describe_source(source: Mapping[str, Any]) -> str:
    title = escape(str(source.get("title") or source.get("url") or source.get("publisher") or ""))
    url = source.get("url")
    head = f'<a href="{escape(url)}">{title}</a>' if url else title
    details = [escape(str(source[k])) for k in ("publisher", "published") if source.get(k)]
    if source.get("title") is None and source.get("publisher") and not url:
        details = details[1:]  # the publisher is already the head
    text = ", ".join([head, *details])
    if source.get("quote"):
        text += f": “{escape(str(source['quote']))}”"
    return text
