"""The standalone page around a chart: head, event table, filter box, provenance, and its scripts.

Everything that comes from the data passes through ``html.escape`` (attributes quoted); the
inline scripts hold no data, only element ids, which are checked and JSON-escaped.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any, cast
from urllib.parse import urlsplit

import pandas as pd

from timeline._figure.text import isolate

DIV_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
"""Allowed chart element ids: safe in an attribute, a CSS selector and a script string."""

OFFLINE_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; base-uri 'none'; form-action 'none'"
)
"""Content-Security-Policy of a page with plotly.js inlined: nothing may be fetched."""

_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", flags=re.DOTALL | re.IGNORECASE)
_INLINE = re.compile(r"\A<script(?: type=\"text/javascript\")?>")
_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", flags=re.IGNORECASE)
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028"}
_SCRIPT_ESCAPES["\u2029"] = "\\u2029"


def asset(name: str) -> str:
    """The text of one of the page's files in ``timeline/_page/assets`` (CSS or JavaScript)."""
    return resources.files("timeline._page").joinpath("assets", name).read_text(encoding="utf-8")


def page_script(names: Iterable[str], function: str, ids: Mapping[str, str]) -> str:
    """An inline script: the assets ``names``, one defining ``function``, called with ``ids``.

    The ids are checked element ids, passed as JSON-escaped string literals: no data. It is a
    module script, run once the whole page has been read (see ``render_page``).
    """
    values = ", ".join(f"{js_string(key)}: {js_string(value)}" for key, value in ids.items())
    code = "".join(asset(name) for name in names)
    return f'<script type="module">\n{code}{function}({{{values}}});\n</script>'


@dataclass(frozen=True)
class PageText:
    """The words of a page: its title, description and provenance facts."""

    title: str
    description: str
    dataset: str | None
    count: int
    first: str | None
    last: str | None
    generated: datetime
    version: str


def page_text(
    events: pd.DataFrame,
    *,
    title: str | None,
    description: str | None,
    chart_title: str | None,
    generated: datetime,
    version: str,
) -> PageText:
    """Choose the page's title and description, and gather its provenance facts."""
    dataset = _text(events.attrs.get("title")) or None
    first, last = date_range(events)
    page_title = title or chart_title or dataset or "Timeline"
    if description is None:
        description = _text(events.attrs.get("description"))
    if not description:
        span = f" from {first} to {last}" if first and last else ""
        description = f"A timeline of {len(events)} event{_s(len(events))}{span}."
    return PageText(page_title, description, dataset, len(events), first, last, generated, version)


def render_page(
    chart: str,
    events: pd.DataFrame,
    text: PageText,
    *,
    div_id: str,
    policy: str,
    payload: str,
) -> str:
    """The whole page: ``chart`` (plotly's div and scripts) above the event table.

    ``payload`` is every event in the compact form of ``timeline._page.payload``: the table
    lists them all from it, and the chart zooms into them.
    """
    check_div_id(div_id)
    ids = page_ids(div_id)
    count = len(events)
    # The chart's scripts (plotly.js, then the figure) come after the table and, as module
    # scripts, run once the whole page is read: the browser paints the header and the table's
    # first rows first (0.15 s after navigation at 100,000 events, against 0.9 s when plotly.js
    # ran as the page was read; the chart itself waits 0.05 s more). A plotly.js linked with
    # "cdn" stays a classic script: it runs as it is read, before the modules.
    scripts = [_deferred(script) for script in _SCRIPT.findall(chart)]
    skeleton = _SCRIPT.sub("", chart)
    e = _escape
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{e(policy)}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="policy-timeline {e(text.version)}">',
            f"<title>{e(text.title)}</title>",
            f'<meta name="description" content="{e(text.description)}">',
            f"<style>\n{asset('page.css')}</style>",
            "</head>",
            "<body>",
            "<header>",
            f"<h1>{e(text.title)}</h1>",
            f'<p class="description">{e(text.description)}</p>',
            "</header>",
            "<main>",
            f'<figure class="chart" aria-label="{e(f"Timeline chart of {count} events")}">',
            "<noscript>The chart needs JavaScript; "
            + (
                "every event is listed in the table below."
                if count <= TABLE_LIMIT
                else f"the table below lists the first {FIRST_ROWS} events, and all "
                f"{count:,} with JavaScript."
            )
            + "</noscript>",
            skeleton,
            "</figure>",
            f'<section class="events" aria-labelledby="{ids["table"]}-heading">',
            f'<h2 id="{ids["table"]}-heading">Events</h2>',
            '<p class="filter">',
            f'<label for="{ids["filter"]}">Filter events</label>',
            f'<input type="search" id="{ids["filter"]}" autocomplete="off"'
            f' aria-controls="{ids["table"]}" placeholder="words in any column">',
            f'<input type="checkbox" id="{ids["inview"]}" aria-controls="{ids["table"]}">',
            f'<label for="{ids["inview"]}">Only the events in the chart\'s view</label>',
            f'<span id="{ids["status"]}" role="status" aria-live="polite">'
            f"{count:,} of {count:,} events shown</span>",
            "</p>",
            f'<div class="events-scroll" id="{ids["scroll"]}">',
            event_table(events, table_id=ids["table"], rows_id=ids["rows"]),
            "</div>",
            "</section>",
            "</main>",
            "<footer>",
            f'<p class="provenance">{provenance(text)}</p>',
            "</footer>",
            *scripts,
            f'<script type="application/octet-stream" id="{ids["data"]}">{payload}</script>',
            f"<script>\n{asset('vendor/clusterize/clusterize.min.js')}\n</script>",
            page_script(("data.js", "table.js", "zoom.js", "page.js"), "timelinePage", ids),
            page_script(("click.js",), "timelineClick", ids),
            "</body>",
            "</html>",
            "",
        ]
    )


def _deferred(script: str) -> str:
    """An inline script of the chart as a module script; plotly's one line that sets
    ``window.PlotlyConfig`` stays a classic script, which runs before any plotly.js."""
    if "window.PlotlyConfig" in script[:100]:
        return script
    return _INLINE.sub('<script type="module">', script, count=1)


def page_ids(div_id: str) -> dict[str, str]:
    """The ids of the page's elements, all made from the chart's ``div_id``."""
    names = ("filter", "inview", "status", "scroll", "rows", "data")
    return {"chart": div_id, "table": f"{div_id}-events"} | {n: f"{div_id}-{n}" for n in names}


FIRST_ROWS = 20
"""Rows written into the page itself, shown before any script has run and until the table is
first used; the script then lists every event from the page's data (only the rows near the
scroll position are in the page). About as many as the table's box shows at once: every row
written costs layout before the chart is drawn (1,000 of them took 0.4 s), and 60 of them
took headless Chromium 6 MB more than 20 at 10,000 events."""
TABLE_LIMIT = 60
"""Most events whose rows are all written into the page itself (past it, ``FIRST_ROWS``)."""

_COLUMNS = (
    ("date", "Date"), ("title", "Event"), ("summary", "Summary"), ("actors", "Actors"),
    ("category", "Category"), ("source", "Sources"),
)  # fmt: skip


def event_table(
    events: pd.DataFrame,
    *,
    table_id: str,
    rows_id: str | None = None,
    limit: int = TABLE_LIMIT,
    first: int = FIRST_ROWS,
) -> str:
    """The events as an accessible HTML table, one row per event in time order.

    Its caption counts every event. Up to ``limit`` events every row is written here; past
    it the ``first`` ones, and the page's script lists them all.
    """
    count = len(events)
    head = "".join(
        f'<th scope="col" data-sort="{key}"'
        + (' aria-sort="ascending"' if key == "date" else "")
        + f'><button type="button">{name}</button></th>'
        for key, name in _COLUMNS
    )
    rows = [_row(record) for record in _in_time_order(events, None if count <= limit else first)]
    caption = f"The {count:,} event{_s(count)} of the timeline, in date order"
    body = f'<tbody id="{_escape(rows_id)}">' if rows_id else "<tbody>"
    return "\n".join(
        [
            f'<table id="{_escape(table_id)}">',
            f"<caption>{caption}</caption>",
            f"<thead><tr>{head}</tr></thead>",
            body,
            *rows,
            "</tbody>",
            "</table>",
        ]
    )


def provenance(text: PageText) -> str:
    """The provenance line as escaped HTML: dataset, count, date range, time, version."""
    e = _escape
    parts = []
    if text.dataset:
        parts.append(f"Dataset: <cite>{e(text.dataset)}</cite>")
    parts.append(f"{text.count} event{_s(text.count)}")
    if text.first and text.last:
        parts.append(f"{e(text.first)} to {e(text.last)}")
    stamp = text.generated
    parts.append(
        f'generated <time datetime="{stamp:%Y-%m-%dT%H:%M:%SZ}">{stamp:%Y-%m-%d %H:%M} UTC</time>'
    )
    parts.append(f"policy-timeline {e(text.version)}")
    return " · ".join(parts)


def date_range(events: pd.DataFrame) -> tuple[str | None, str | None]:
    """The first and last day the events cover, as ISO dates (None when no date is known)."""
    if events.empty:
        return None, None
    start = pd.to_datetime(events["start"])
    end = pd.to_datetime(events["end"]).fillna(start)
    first, last = start.fillna(end).min(), end.max()
    if pd.isna(first) or pd.isna(last):
        return None, None
    # numpy, not strftime: strftime cannot format years before 1 (BCE history)
    return _iso_day(first), _iso_day(last)


def _iso_day(stamp: pd.Timestamp) -> str:
    sign = "-" if stamp.year < 0 else ""
    return f"{sign}{abs(stamp.year):04d}-{stamp.month:02d}-{stamp.day:02d}"


def web_url(url: object) -> str | None:
    """url without surrounding spaces when it is an http or https address, else None.

    These are the only addresses the page links to, as ``timeline.plot`` opens on click.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        host = urlsplit(url).netloc if _WEB_URL.fullmatch(url) else ""
    except ValueError:  # such as an unclosed "[" of an IPv6 address
        host = ""
    return url if host else None


def check_div_id(div_id: str) -> None:
    """Refuse element ids that are not plain names (they go into scripts and selectors)."""
    if not isinstance(div_id, str) or not DIV_ID.fullmatch(div_id):
        raise ValueError(
            f"div_id must be a letter then up to 63 letters, digits, '-' or '_', not {div_id!r}"
        )


def js_string(value: str) -> str:
    """A JavaScript string literal for value that is safe inside an HTML script element."""
    literal = json.dumps(value, ensure_ascii=False)
    return "".join(_SCRIPT_ESCAPES.get(char, char) for char in literal)


def _row(record: Mapping[str, Any]) -> str:
    e = _escape
    date = _text(record.get("date"))
    end = _text(record.get("end_date"))
    shown = f"{date} – {end}" if end else date
    actors = ", ".join(_texts(record.get("actors")))
    sources = _sources(record.get("sources"))
    return (
        f'<tr data-event-id="{e(_text(record.get("id")))}">'
        f'<td class="date">{e(shown)}</td>'
        f'<th scope="row">{e(_text(record.get("title")))}</th>'
        f"<td>{e(_text(record.get('summary')))}</td>"
        f"<td>{e(actors)}</td>"
        f"<td>{e(_text(record.get('category')))}</td>"
        f"<td>{sources}</td>"
        "</tr>"
    )


def _sources(value: Any) -> str:
    items = []
    for source in value if _is_list(value) else []:
        source = dict(source) if isinstance(source, Mapping) else {}
        url = _text(source.get("url"))
        title = _text(source.get("title"))
        publisher = _text(source.get("publisher"))
        label = title or publisher or url
        extra = f" ({_escape(publisher)})" if title and publisher else ""
        link = web_url(url)
        if link:
            item = (
                f'<a href="{_escape(link)}" rel="noopener noreferrer" target="_blank">'
                f"{_escape(label)}</a>{extra}"
            )
        else:
            # Not a web address (javascript:, data:, a file path…): shown, never followed.
            shown = f" [{_escape(url)}]" if url and url != label else ""
            item = f"{_escape(label)}{extra}{shown}"
        items.append(f"<li>{item}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _in_time_order(events: pd.DataFrame, first: int | None = None) -> Iterable[Mapping[str, Any]]:
    """The events as records in date order (only the ``first`` ones when given)."""
    start = pd.to_datetime(events["start"]).fillna(pd.to_datetime(events["end"]))
    order = start.reset_index(drop=True).sort_values(kind="stable", na_position="last").index
    return cast(list[Mapping[str, Any]], events.iloc[order[:first]].to_dict("records"))


def _escape(value: str) -> str:
    return html.escape(isolate(value), quote=True)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def _texts(value: Any) -> list[str]:
    return [_text(item) for item in value] if _is_list(value) else []


def _is_list(value: Any) -> bool:
    return value is not None and not isinstance(value, str | bytes) and hasattr(value, "__iter__")


def _s(count: int) -> str:
    return "" if count == 1 else "s"
