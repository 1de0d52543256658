"""Tests for timeline._page.html and timeline._page.template: the standalone HTML page."""

from __future__ import annotations

import html
import os
from datetime import UTC, datetime
from html.parser import HTMLParser

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pytest
from plotly.offline import get_plotlyjs

import timeline
from timeline._figure.plot import plot
from timeline._frame.model import LIST_DTYPES
from timeline._page.plotlyjs import cartesian_bundle

GENERATED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
CHART = go.Figure(go.Scatter(x=["2024-11-19"], y=[0], customdata=[["approval", ""]]))
"""A fixed figure, for tests of the page around it that should not depend on timeline.plot."""
HOSTILE = "</script><script>alert('x')</script><img src=x onerror=alert(1)>\"' &amp; \u2028"


class Outline(HTMLParser):
    """Tags, attributes and text of a page; the chart's own markup is kept as one line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.lines: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self._depth = 0
        self._chart_depth: int | None = None
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if self._chart_depth is None:
            shown = " ".join(
                f"{k}={v!r}"
                for k, v in attrs
                if k in ("id", "class", "scope", "for", "type", "name", "role", "href")
            )
            self.lines.append("  " * self._depth + f"<{tag}{' ' + shown if shown else ''}>")
            if tag == "figure":
                self._chart_depth = self._depth
                self.lines.append("  " * (self._depth + 1) + "(chart)")
        if tag not in ("meta", "input", "br", "img", "link"):
            self._depth += 1
            self._open.append(tag)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()
            self._depth -= 1
        if tag == "figure" and self._chart_depth == self._depth:
            self._chart_depth = None

    def handle_data(self, data):
        if self._open:
            self.texts.setdefault(self._open[-1], []).append(data)


def outline(text: str) -> Outline:
    parser = Outline()
    parser.feed(text)
    parser.close()
    return parser


@pytest.fixture
def small() -> pd.DataFrame:
    return timeline.events_frame(
        [
            {
                "id": "approval",
                "title": "Landmines approved",
                "date": "2024-11-19",
                "summary": "The president approves the transfer.",
                "actors": ["United States", "Ukraine"],
                "category": "decision",
                "sources": [
                    {"url": "https://example.org/a", "publisher": "Example", "title": "Report"}
                ],
            },
            {
                "id": "confirmation",
                "title": "Decision confirmed",
                "date": "2024-11-20~",
                "actors": ["United States"],
                "category": "statement",
                "sources": [{"url": "http://example.org/b", "publisher": "Wire"}],
            },
            {
                "id": "withdrawal",
                "title": "Withdrawal takes effect",
                "date": "2025-12-27",
                "end": "2026-01-10",
                "actors": ["Finland"],
            },
        ],
        title="Small test set",
        description="Three events for tests.",
    )


def with_sources(df: pd.DataFrame, sources: list[list[dict[str, str | None]]]) -> pd.DataFrame:
    """df with its sources replaced (bypassing validation, as a hand-built frame could)."""
    kind = LIST_DTYPES["sources"]
    fields = ("url", "publisher", "title", "published", "quote")
    full = [[{f: s.get(f) for f in fields} for s in row] for row in sources]
    out = df.copy()
    out["sources"] = pd.Series(pa.array(full, type=kind.pyarrow_dtype), dtype=kind, index=df.index)
    return out


def without_chart(text: str) -> str:
    """The page without the chart's figure element and its scripts (plotly.js holds many
    strings), which come after the footer, before the events' data."""
    before, rest = text.split('<figure class="chart"', 1)
    middle, scripts = rest.split("</figure>", 1)[1].split("</footer>", 1)
    return before + middle + "</footer>" + scripts.split('<script type="application/', 1)[1]


def our_scripts(text: str) -> str:
    """The page's own scripts: those after the events' data."""
    return text.split('<script type="application/octet-stream"', 1)[1].split("</script>", 1)[1]


def page(df, tmp_path, **kwargs) -> str:
    path = timeline.write_html(df, tmp_path / "page.html", generated=GENERATED, **kwargs)
    return path.read_text(encoding="utf-8")


def test_page_is_self_contained(bundled, tmp_path):
    text = page(bundled, tmp_path)
    tags = outline(text).tags
    assert not [attrs for tag, attrs in tags if tag == "script" and "src" in attrs]
    assert not [tag for tag, _ in tags if tag in ("link", "iframe", "img", "object", "embed")]
    # plotly.js's cartesian bundle draws the timeline: plotly's whole plotly.js is not there.
    assert cartesian_bundle()[0][:2000] in text
    assert get_plotlyjs()[:2000] not in text
    policy = next(a["content"] for t, a in tags if a.get("http-equiv") == "Content-Security-Policy")
    assert policy is not None
    assert "default-src 'none'" in policy
    assert "script-src 'unsafe-inline';" in policy


def _policy_of(text: str) -> str:
    tags = outline(text).tags
    policy = next(a["content"] for t, a in tags if a.get("http-equiv") == "Content-Security-Policy")
    return policy or ""


def test_only_a_webgl_chart_may_evaluate_code(small, tmp_path):
    # plotly.js compiles its WebGL drawing code at run time; without this, the browser
    # shows "WebGL is not supported" (tests/test_browser.py opens such a page).
    assert "'unsafe-eval'" not in _policy_of(page(small, tmp_path))
    webgl = _policy_of(page(small, tmp_path, webgl_threshold=1))
    assert "script-src 'unsafe-inline' 'unsafe-eval';" in webgl
    assert "default-src 'none'" in webgl
    cdn = _policy_of(page(small, tmp_path, webgl_threshold=1, include_plotlyjs="cdn"))
    assert "'unsafe-eval'" in cdn and "script-src 'unsafe-inline' https://" in cdn


def test_cdn_option_links_plotly_js(bundled, tmp_path):
    text = page(bundled, tmp_path, include_plotlyjs="cdn")
    tags = outline(text).tags
    sources = [attrs["src"] for tag, attrs in tags if tag == "script" and attrs.get("src")]
    assert len(sources) == 1
    assert sources[0].startswith("https://")
    assert get_plotlyjs()[:2000] not in text
    assert len(text) < 500_000
    policy = next(a["content"] for t, a in tags if a.get("http-equiv") == "Content-Security-Policy")
    assert f"script-src 'unsafe-inline' {sources[0]};" in (policy or "")


def test_include_plotlyjs_takes_true_or_cdn(small, tmp_path):
    with pytest.raises(ValueError, match="include_plotlyjs"):
        timeline.write_html(small, tmp_path / "x.html", include_plotlyjs=False)
    assert not (tmp_path / "x.html").exists()


def test_table_has_one_row_per_event(bundled, tmp_path):
    tags = outline(page(bundled, tmp_path)).tags
    rows = [
        attrs["data-event-id"] for tag, attrs in tags if tag == "tr" and "data-event-id" in attrs
    ]
    assert sorted(rows) == sorted(bundled["id"])
    assert [a.get("scope") for t, a in tags if t == "th"][:6] == ["col"] * 6
    assert sum(1 for t, a in tags if t == "th" and a.get("scope") == "row") == len(bundled)


def test_table_rows_are_in_date_order_with_dates_as_written(small, tmp_path):
    parsed = outline(page(small.iloc[::-1], tmp_path))
    rows = [a["data-event-id"] for t, a in parsed.tags if t == "tr" and "data-event-id" in a]
    assert rows == ["approval", "confirmation", "withdrawal"]
    assert parsed.texts["td"][0] == "2024-11-19"
    assert "2024-11-20~" in parsed.texts["td"]
    assert "2025-12-27 – 2026-01-10" in parsed.texts["td"]


def test_sources_are_links_that_open_safely(small, tmp_path):
    tags = outline(page(small, tmp_path)).tags
    links = [attrs for tag, attrs in tags if tag == "a"]
    assert [a["href"] for a in links] == ["https://example.org/a", "http://example.org/b"]
    for attrs in links:
        assert attrs["rel"] == "noopener noreferrer"
        assert attrs["target"] == "_blank"


def test_only_web_addresses_become_links(small, tmp_path):
    hostile = with_sources(
        small,
        [
            [
                {"url": "javascript:alert(1)", "title": "script"},
                {"url": "data:text/html,<b>x</b>", "title": "data"},
            ],
            [
                {"url": " https://example.org/space ", "title": "spaced"},
                {"url": "https://[broken", "title": "broken"},
                {"url": "https:///no-host", "title": "no host"},
                {"url": "https://example.org/a b", "title": "inner space"},
            ],
            [{"url": "HTTPS://EXAMPLE.ORG/upper", "title": "upper"}],
        ],
    )
    text = page(CHART, tmp_path, events=hostile)
    parsed = outline(text)
    hrefs = [a["href"] for t, a in parsed.tags if t == "a"]
    assert hrefs == ["https://example.org/space", "HTTPS://EXAMPLE.ORG/upper"]
    cells = " ".join(parsed.texts["li"])
    assert "javascript:alert(1)" in cells  # shown as text, so a reader sees what it was
    assert "data:text/html,<b>x</b>" in cells
    page_only = without_chart(text)
    assert 'href="javascript' not in page_only
    assert 'href="data' not in page_only


def test_hostile_text_is_escaped_everywhere(small, tmp_path):
    df = with_sources(
        small.assign(title=HOSTILE, summary=HOSTILE),
        [
            [{"url": "https://example.org/" + HOSTILE, "title": HOSTILE, "publisher": HOSTILE}],
            [],
            [],
        ],
    )
    df["actors"] = pd.Series(
        pa.array([[HOSTILE], [], []], type=LIST_DTYPES["actors"].pyarrow_dtype),
        dtype=LIST_DTYPES["actors"],
        index=df.index,
    )
    df["category"] = pd.Categorical([HOSTILE, None, None])
    df.attrs.update(title=HOSTILE, description=HOSTILE)
    fig = go.Figure(go.Scatter(x=[1], y=[1], text=[HOSTILE], customdata=[["a", ""]]))
    fig.update_layout(title=f"<b>{html.escape(HOSTILE, quote=False)}</b>")  # as plot() escapes
    for subject in (df, fig):
        extra = {"events": df} if subject is fig else {}
        text = page(subject, tmp_path, **extra)
        parsed = outline(text)
        tags = [tag for tag, _ in parsed.tags]
        # Only the scripts the page is made of: plotly.js, its config, the chart, the events'
        # data, Clusterize and our two.
        assert tags.count("script") == 7
        assert "img" not in tags
        assert not [k for _, attrs in parsed.tags for k in attrs if k.startswith("on")]
        assert text.count("<script") == 7
        assert "<img" not in text
        assert "\u2028" not in text.split("<footer>")[0].split("<main>")[1].split("</figure>")[0]
        # Read back as text, the hostile string is exactly what was written.
        assert parsed.texts["title"] == [HOSTILE]
        assert HOSTILE in parsed.texts["th"]
        assert HOSTILE in parsed.texts["cite"]
        meta = {a.get("name"): a.get("content") for t, a in parsed.tags if t == "meta"}
        assert meta["description"] == HOSTILE


def test_scripts_hold_no_data(small, tmp_path):
    text = page(small.assign(title="Unique-title-xyz"), tmp_path, div_id="chart-1")
    ours = our_scripts(text)
    assert "Unique-title-xyz" not in ours
    assert '"chart-1"' in ours
    assert 'window.open(url, "_blank", "noopener")' in ours
    assert "/^https?:\\/\\//i.test(url)" in ours


@pytest.mark.parametrize("div_id", ['x" onload="alert(1)', "1abc", "", "a b", "a</script>"])
def test_div_id_must_be_a_plain_name(small, tmp_path, div_id):
    with pytest.raises(ValueError, match="div_id"):
        timeline.write_html(small, tmp_path / "x.html", div_id=div_id)
    assert not (tmp_path / "x.html").exists()


def test_provenance_line(small, tmp_path):
    parsed = outline(page(small, tmp_path))
    footer = "".join(parsed.texts["p"][-1:]) + "".join(parsed.texts["time"])
    provenance = " ".join(
        text
        for text in parsed.texts["p"] + parsed.texts["cite"] + parsed.texts["time"]
        if text.strip()
    )
    assert "Small test set" in parsed.texts["cite"]
    assert "3 events" in provenance
    assert "2024-11-19 to 2026-01-10" in provenance
    assert parsed.texts["time"] == ["2025-01-02 03:04 UTC"]
    assert f"policy-timeline {timeline.__version__}" in footer


def test_generation_time_is_in_utc(small, tmp_path):
    from datetime import timedelta, timezone

    local = datetime(2025, 1, 2, 5, 4, 5, tzinfo=timezone(timedelta(hours=2)))
    text = timeline.write_html(small, tmp_path / "p.html", generated=local).read_text()
    assert '<time datetime="2025-01-02T03:04:05Z">2025-01-02 03:04 UTC</time>' in text


def test_title_and_description_default_to_the_dataset(small, tmp_path):
    parsed = outline(page(small, tmp_path))
    assert parsed.texts["title"] == ["Small test set"]
    meta = {a.get("name"): a.get("content") for t, a in parsed.tags if t == "meta"}
    assert meta["description"] == "Three events for tests."


def test_title_and_description_arguments_win(small, tmp_path):
    parsed = outline(page(small, tmp_path, title="Chosen", description="Said so."))
    assert parsed.texts["title"] == ["Chosen"]
    assert parsed.texts["h1"] == ["Chosen"]
    meta = {a.get("name"): a.get("content") for t, a in parsed.tags if t == "meta"}
    assert meta["description"] == "Said so."


def test_description_without_attrs_says_what_is_shown(small, tmp_path):
    small.attrs.clear()
    parsed = outline(page(small, tmp_path))
    meta = {a.get("name"): a.get("content") for t, a in parsed.tags if t == "meta"}
    assert meta["description"] == "A timeline of 3 events from 2024-11-19 to 2026-01-10."


def test_figure_with_events(small, tmp_path):
    fig = plot(small)
    fig.update_layout(title="Customized")
    parsed = outline(page(fig, tmp_path, events=small))
    assert parsed.texts["title"] == ["Customized"]
    rows = [a["data-event-id"] for t, a in parsed.tags if t == "tr" and "data-event-id" in a]
    assert len(rows) == 3


def test_plot_options_need_a_frame(small, tmp_path):
    fig = plot(small)
    with pytest.raises(TypeError, match="lane"):
        timeline.write_html(fig, tmp_path / "x.html", events=small, lane="category")
    with pytest.raises(TypeError, match="DataFrame or a plotly Figure"):
        timeline.write_html("data", tmp_path / "x.html")


def test_accessor_writes_the_page(small, tmp_path):
    path = small.timeline.write_html(tmp_path / "acc.html", generated=GENERATED)
    assert path.read_text().count('data-event-id="') == 3


@pytest.mark.parametrize("failure", ["serialise", "write"])
def test_failed_write_leaves_existing_file_alone(small, tmp_path, monkeypatch, failure):
    target = tmp_path / "page.html"
    target.write_text("the old page")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    if failure == "serialise":
        monkeypatch.setattr(go.Figure, "to_html", boom)
    else:
        monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        timeline.write_html(small, target)
    assert target.read_text() == "the old page"
    assert os.listdir(tmp_path) == ["page.html"]


SNAPSHOT = """\
<html>
  <head>
    <meta>
    <meta>
    <meta name='referrer'>
    <meta name='viewport'>
    <meta name='generator'>
    <title>
    <meta name='description'>
    <style>
  <body>
    <header>
      <h1>
      <p class='description'>
    <main>
      <figure class='chart'>
        (chart)
      <section class='events'>
        <h2 id='snap-events-heading'>
        <p class='filter'>
          <label for='snap-filter'>
          <input type='search' id='snap-filter'>
          <input type='checkbox' id='snap-inview'>
          <label for='snap-inview'>
          <span id='snap-status' role='status'>
        <div class='events-scroll' id='snap-scroll'>
          <table id='snap-events'>
            <caption>
            <thead>
              <tr>
                <th scope='col'>
                  <button type='button'>
                <th scope='col'>
                  <button type='button'>
                <th scope='col'>
                  <button type='button'>
                <th scope='col'>
                  <button type='button'>
                <th scope='col'>
                  <button type='button'>
                <th scope='col'>
                  <button type='button'>
            <tbody id='snap-rows'>
              <tr>
                <td class='date'>
                <th scope='row'>
                <td>
                <td>
                <td>
                <td>
                  <ul>
                    <li>
                      <a href='https://example.org/a'>
              <tr>
                <td class='date'>
                <th scope='row'>
                <td>
                <td>
                <td>
                <td>
                  <ul>
                    <li>
                      <a href='http://example.org/b'>
              <tr>
                <td class='date'>
                <th scope='row'>
                <td>
                <td>
                <td>
                <td>
    <footer>
      <p class='provenance'>
        <cite>
        <time>
    <script>
    <script>
    <script type='module'>
    <script type='application/octet-stream' id='snap-data'>
    <script>
    <script type='module'>
    <script type='module'>"""


def test_page_structure_snapshot(small, tmp_path):
    text = page(small, tmp_path, div_id="snap", include_plotlyjs="cdn")
    parsed = outline(text)
    assert "\n".join(parsed.lines) == SNAPSHOT
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
    assert '<div id="snap" class="plotly-graph-div"' in text
    caption = parsed.texts["caption"]
    assert caption == ["The 3 events of the timeline, in date order"]
    assert parsed.texts["span"] == ["3 of 3 events shown"]
    assert parsed.texts["label"] == ["Filter events", "Only the events in the chart's view"]


def test_page_title_from_a_figure_is_its_plain_title(small, tmp_path):
    fig = go.Figure(CHART)
    fig.update_layout(title="<b>Mines &amp; missiles</b> <i>2024</i>")
    small.attrs.clear()
    parsed = outline(page(fig, tmp_path, events=small))
    assert parsed.texts["title"] == ["Mines & missiles 2024"]


def test_a_figure_needs_its_events(tmp_path):
    with pytest.raises(TypeError, match=r"events=df"):
        timeline.write_html(CHART, tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()


def test_event_table_writes_rows_up_to_the_limit_and_counts_every_event():
    from timeline._page.template import event_table

    df = timeline.events_frame(
        [{"id": f"e{i}", "title": f"Event {i}", "date": f"2024-01-{i + 1:02d}"} for i in range(5)]
    )
    table = event_table(df.iloc[::-1], table_id="t", rows_id="r", limit=3, first=2)
    # Past the limit the page holds the first rows, the script lists every event from the
    # page's data; the caption counts all.
    listed = [a["data-event-id"] for t, a in outline(table).tags if "data-event-id" in a]
    assert listed == ["e0", "e1"]
    assert "The 5 events of the timeline" in table and '<tbody id="r">' in table
    full = event_table(df.iloc[::-1], table_id="t")
    rows = outline(full).tags
    listed = [a["data-event-id"] for t, a in rows if t == "tr" and "data-event-id" in a]
    assert listed == ["e0", "e1", "e2", "e3", "e4"]  # in date order
    headings = [a.get("data-sort") for t, a in rows if t == "th" and a.get("scope") == "col"]
    assert headings == ["date", "title", "summary", "actors", "category", "source"]


def test_the_page_carries_every_event_compressed(tmp_path):
    import base64
    import gzip
    import json

    records = [
        {
            "id": f"e{i}",
            "title": f"Event {i} <b>",
            "date": f"2024-01-{28 - i:02d}",
            "actors": [["Ukraine"], ["Russia", "Poland"]][i % 2],
            "category": ["decision", None][i % 2],
            "sources": [
                {"title": "In print only", "publisher": "Gazette"},
                {"url": f"https://example.org/{i}", "publisher": "Example"},
            ],
        }
        for i in range(6)
    ]
    df = timeline.events_frame(records)
    text = page(df, tmp_path, div_id="c", density_threshold=3)
    body = text.split('<script type="application/octet-stream" id="c-data">')[1]
    data = json.loads(gzip.decompress(base64.b64decode(body.split("</script>")[0])))
    assert data["mode"] == "density"
    assert data["id"] == [f"e{i}" for i in range(5, -1, -1)]  # in date order
    assert data["title"][0] == "Event 5 <b>"  # raw: the script escapes what it shows
    assert data["url"][0] == "https://example.org/5"  # the first web source
    assert data["source"]["values"][data["source"]["codes"][0]] == "Example"
    starts = pd.Series(data["start"]).cumsum()
    assert list(pd.to_datetime(starts, unit="s").dt.day) == [23, 24, 25, 26, 27, 28]
    assert data["pairCount"] == [2, 1, 2, 1, 2, 1]  # Russia and Poland; Ukraine
    assert len(data["pairLane"]) == 9 and len(data["laneY"]) == 3
    codes, values = data["category"]["codes"], data["category"]["values"]
    assert [values[c] for c in codes] == ["", "decision"] * 3


def test_a_plain_frame_of_dates_makes_a_page_of_density_strips(tmp_path):
    import base64
    import gzip
    import json

    plain = pd.DataFrame(
        {
            "id": [f"e{i}" for i in range(40)],
            "title": [f"Event {i}" for i in range(40)],
            "date": [f"2024-02-{1 + i % 28:02d}" for i in range(40)],
            "actors": [["Ukraine"] if i % 2 else ["Russia"] for i in range(40)],
        }
    )
    text = page(plain, tmp_path, div_id="c", density_threshold=10)
    body = text.split('<script type="application/octet-stream" id="c-data">')[1]
    data = json.loads(gzip.decompress(base64.b64decode(body.split("</script>")[0])))
    assert data["mode"] == "density" and len(data["id"]) == 40
    assert sum(data["pairCount"]) == 40 and set(data["pairLane"]) == {0, 1}
    assert data["url"] == [""] * 40
