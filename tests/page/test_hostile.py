"""Hostile text in every field shows literally in the exported page; nothing in it runs."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

import timeline
from conftest import OfflinePage

GENERATED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
DIV = "policy-timeline"
RLO = "\u202e"

PAYLOADS = {
    "script": "<script>window.__pwned=1</script>",
    "close": "</script><script>window.__pwned=2</script>",
    "img": '<img src=x onerror="window.__pwned=3;alert(3)">',
    "attr": '"><svg onload=window.__pwned=4>',
    "single": "'><iframe src=javascript:window.__pwned=5>",
    "entity": "&lt;b&gt;x&lt;/b&gt; &amp; &#x3C;i&#x3E; &quot;",
    "rtl": f"{RLO}fdp.exe",
    "js": "javascript:window.__pwned=6",
    "link": '<a href="javascript:window.__pwned=7">click</a>',
    "template": "%{customdata[0]} %{meta} {{7*7}} ${7*7}",
    "bold": "<b>not bold</b><br>",
}
"""Hostile texts, each put into every text field of one event (and the dataset's title)."""

BAD_URLS = [
    "javascript:window.__pwned=8",
    "JaVaScRiPt:alert(8)",
    "data:text/html,<script>window.__pwned=9</script>",
    " javascript:window.__pwned=10",
    'https://example.org/a" onmouseover="window.__pwned=11',
    "file:///etc/passwd",
]
"""Source URLs validation refuses; the frame is built around it to test the exporter alone."""

DATASET = "<script>window.__pwned=12</script> Landmines & \u202e %{meta}"
DESCRIPTION = "<img src=x onerror=window.__pwned=13> described"


def hostile_frame() -> pd.DataFrame:
    """One event per payload, the payload in every text field; bad URLs added afterwards."""
    records = []
    for day, (key, text) in enumerate(PAYLOADS.items(), start=1):
        records.append(
            {
                "id": f"e-{key}",
                "title": f"T {text}",
                "date": f"2024-11-{day:02d}",
                "summary": f"S {text}",
                "actors": [f"A {text}", "Ukraine"],
                "category": f"C {text}",
                "location": f"L {text}",
                "tags": [f"G {text}"],
                "sources": [
                    {
                        "url": "https://example.org/ok",
                        "publisher": f"P {text}",
                        "title": f"ST {text}",
                        "quote": f"Q {text}",
                    }
                ],
            }
        )
    df = timeline.events_frame(records, title=DATASET, description=DESCRIPTION)
    with pytest.raises(timeline.EventDataError):  # validation refuses every one of them
        timeline.events_frame(
            [{"id": "x", "title": "x", "date": "2024", "sources": [{"url": u}]} for u in BAD_URLS]
        )
    empty = dict.fromkeys(("url", "publisher", "title", "published", "quote"))
    df["sources"] = pd.Series(
        [
            [{**empty, "url": BAD_URLS[i % len(BAD_URLS)], "title": f"bad {i}"}, *sources]
            for i, sources in enumerate(df["sources"])
        ],
        dtype=df["sources"].dtype,
    )
    return df


@pytest.fixture(scope="module")
def hostile() -> pd.DataFrame:
    return hostile_frame()


@pytest.fixture(scope="module")
def hostile_page(hostile: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    return timeline.write_html(hostile, folder / "hostile.html", generated=GENERATED)


class Markup(HTMLParser):
    """Elements, attributes and text of a page, with the contents of scripts kept apart."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.texts: list[str] = []
        self.within: dict[str, list[str]] = {}
        """Text by the element that holds it directly: ``within["title"]``."""
        self.scripts: list[str] = []
        self._in: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] in ("script", "style"):
            if self._in[-1] == "script":
                self.scripts.append(data)
        else:
            self.texts.append(data)
            self.within.setdefault(self._in[-1] if self._in else "", []).append(data)


def squeeze(text: str) -> str:
    """Text without whitespace or direction isolates, for comparing text that was wrapped."""
    return re.sub(r"[\s\u2068\u2069]+", "", text)


# --- the page as text -----------------------------------------------------------------------


def test_no_element_or_attribute_comes_from_the_data(hostile_page, hostile, tmp_path):
    plain = timeline.events_frame(
        [{"id": f"e{i}", "title": "x", "date": "2024-11-01"} for i in range(len(hostile))],
        title="plain",
    )
    plain["sources"] = hostile["sources"].map(lambda s: s[1:])  # the https source only
    baseline = Markup(timeline.write_html(plain, tmp_path / "p.html").read_text("utf-8"))
    page = Markup(hostile_page.read_text("utf-8"))
    assert sorted(set(page.tags)) == sorted(set(baseline.tags))
    assert len(page.scripts) == len(baseline.scripts)
    assert [name for _, name, _ in page.attributes if name.startswith("on")] == []
    links = [(tag, name, value) for tag, name, value in page.attributes if name in ("href", "src")]
    assert links and all(value == "https://example.org/ok" for _, _, value in links), links


def test_every_hostile_text_shows_literally_in_the_page(hostile_page):
    page = Markup(hostile_page.read_text("utf-8"))
    text = squeeze("".join(page.texts))
    for payload in PAYLOADS.values():
        for prefix in ("T", "S", "A", "C", "ST", "P"):
            assert squeeze(f"{prefix} {payload}") in text, (prefix, payload)
    for url in BAD_URLS:  # shown as text beside the source, never as a link
        assert squeeze(f"[{url.strip()}]") in text
    for element in ("title", "h1", "cite"):  # and the provenance line
        assert page.within[element] == [f"\u2068{DATASET}\u2069"]
    assert squeeze(DESCRIPTION) in text


def test_direction_overrides_end_with_their_text(hostile_page):
    page = Markup(hostile_page.read_text("utf-8"))
    shown = "".join(page.texts)
    for match in re.finditer(RLO, shown):
        before, after = shown[: match.start()], shown[match.end() :]
        assert before.rfind("\u2068") > before.rfind("\u2069"), "the override is not isolated"
        assert "\u2069" in after
    for _, _, value in page.attributes:
        if value and RLO in value:
            assert value.startswith("\u2068") and value.endswith("\u2069")


def test_scripts_hold_the_data_only_as_escaped_json(hostile_page):
    page = Markup(hostile_page.read_text("utf-8"))
    for script in page.scripts:
        assert "</script" not in script.lower()
        assert "<!--" not in script
    figure = next(s for s in page.scripts if "Plotly.newPlot" in s)
    assert "window.__pwned" in figure  # the data is there, but only inside JSON strings


def figure_strings(fig: go.Figure) -> list[str]:
    """Every string in the figure's JSON that plotly renders as text."""
    found: list[str] = []

    def walk(value: Any, key: str) -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                walk(item, name)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and key in ("text", "hovertext", "name", "ticktext"):
            found.append(value)

    walk(json.loads(fig.to_json()), "")
    return found


def test_the_figure_escapes_every_text_plotly_renders_as_html(hostile):
    from timeline._figure.plot import plot
    from timeline._figure.text import legend_name

    strings = figure_strings(plot(hostile, labels=True))
    assert strings
    for value in strings:
        assert "<script" not in value and "<img" not in value and "<svg" not in value, value
        assert "<a " not in value and "<iframe" not in value and "%{" not in value, value
        tags = set(re.findall(r"</?([a-z]+)", value))
        assert tags <= {"b", "i", "br", "extra"}, value
    names = {re.sub("[\u2068\u2069]", "", value) for value in strings}
    for payload in PAYLOADS.values():  # each category is a legend entry, escaped
        escaped = html.escape(f"C {payload}", quote=False).replace("%{", "&#37;{")
        shortened = re.sub("[\u2068\u2069]", "", legend_name(f"C {payload}"))  # 40 characters
        assert escaped in names or shortened in names, payload


def test_customdata_links_only_web_addresses(hostile):
    from timeline._figure.plot import plot

    fig = plot(hostile)
    urls = {
        str(row[1])
        for trace in fig.data
        if trace.customdata is not None
        for row in trace.customdata
    }
    assert urls <= {"", "https://example.org/ok"}
    assert "" in urls  # events whose first source is javascript: or data: open nothing


def test_a_hostile_title_passed_to_write_html_is_escaped(hostile, tmp_path):
    from timeline._figure.plot import plot

    title = '</title><script>window.__pwned=14</script><meta http-equiv="refresh" content="0">'
    path = timeline.write_html(plot(hostile), tmp_path / "t.html", events=hostile, title=title)
    page = Markup(path.read_text("utf-8"))
    assert page.within["title"] == [title]
    assert ("meta", "http-equiv", "refresh") not in page.attributes
    assert [(t, n) for t, n, _ in page.attributes if t == "meta" and n == "http-equiv"] == [
        ("meta", "http-equiv")
    ]  # only the Content-Security-Policy


# --- the page in a real browser --------------------------------------------------------------

READY = """(id) => {
  const chart = document.getElementById(id);
  return !!(chart && chart._fullLayout && chart.querySelector(".cartesianlayer .point"));
}"""

HOVER_ALL = """async (id) => {
  const chart = document.getElementById(id);
  const pause = () => new Promise((done) => setTimeout(done, 80));  // plotly throttles hover
  const texts = [];
  for (const [i, trace] of chart.data.entries()) {
    if (!trace.hovertext || trace.hoverinfo === "skip") { continue; }
    for (let j = 0; j < trace.hovertext.length; j++) {
      await pause();
      Plotly.Fx.hover(chart, [{curveNumber: i, pointNumber: j}]);
      const layer = chart.querySelector(".hoverlayer");
      texts.push(layer ? layer.textContent : "");
    }
  }
  Plotly.Fx.unhover(chart);
  return texts;
}"""

CLICK_ALL = """(id) => {
  const chart = document.getElementById(id);
  chart.data.forEach((trace) => {
    (trace.customdata || []).forEach((row) => {
      chart.emit("plotly_click", {points: [{customdata: row}]});
    });
  });
}"""

LINKS = """() => Array.from(document.querySelectorAll("[href], a")).map(
  (e) => e.getAttribute("href") || e.getAttribute("xlink:href") || ""
)"""


@pytest.mark.browser
def test_the_hostile_page_in_chromium(offline_page: OfflinePage, hostile_page: Path):
    dialogs: list[str] = []
    page = offline_page.page

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    offline_page.open(hostile_page)
    page.wait_for_function(READY, arg=DIV)

    hovers = page.evaluate(HOVER_ALL, DIV)
    page.evaluate(CLICK_ALL, DIV)
    box = page.locator(f"#{DIV}-filter")
    for payload in PAYLOADS.values():
        box.fill(payload)
    box.fill("")
    for mark in page.locator(".cartesianlayer .scatterlayer .point").all()[:20]:
        mark.hover(force=True)

    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert offline_page.requests == []
    assert offline_page.errors == []
    assert all(url in ("https://example.org/ok", "") for url, _, _ in offline_page.opened())

    links = page.evaluate(LINKS)
    assert links and all(link == "https://example.org/ok" for link in links), links

    rows = page.locator(f"#{DIV}-events tbody tr").all_text_contents()
    assert len(rows) == len(PAYLOADS)
    table = squeeze("".join(rows))
    hover = squeeze("".join(hovers))
    assert len(hovers) == 2 * len(PAYLOADS)  # each event is in two lanes
    assert len(set(hovers)) == len(PAYLOADS)
    for payload in PAYLOADS.values():
        # The table names each event's first web source by its publisher (the hover has all).
        for prefix in ("T", "S", "A", "C", "P"):
            assert squeeze(f"{prefix} {payload}") in table, (prefix, payload)
        for prefix in ("T", "S", "A", "C", "L", "P", "ST", "Q"):
            assert squeeze(f"{prefix} {payload}") in hover, (prefix, payload)

    legend = squeeze("".join(page.locator(".legendtext").all_text_contents()))
    ticks = squeeze("".join(page.locator(".ytick text").all_text_contents()))
    for payload in PAYLOADS.values():
        assert squeeze(f"C {payload}")[:20] in legend, payload  # legend entries are shortened
        assert squeeze(f"A {payload}")[:12] in ticks, payload  # lane names are shortened
    chart_title = page.locator(".gtitle").first.text_content() or ""
    assert squeeze(DATASET) in squeeze(chart_title)
    assert squeeze(page.title()) == squeeze(DATASET)
    provenance = page.locator(".provenance").text_content() or ""
    assert squeeze(DATASET) in squeeze(provenance)
    assert page.evaluate("window.__pwned") is None


@pytest.mark.browser
def test_an_svg_image_holds_the_hostile_text_only_as_text(hostile, tmp_path, chromium):
    import xml.etree.ElementTree as ET

    path = timeline.write_image(hostile, tmp_path / "hostile.svg")
    root = ET.parse(path).getroot()
    elements = list(root.iter())
    tags = {element.tag.rsplit("}", 1)[-1] for element in elements}
    assert tags <= {"svg", "defs", "clipPath", "g", "rect", "path", "text", "tspan", "style"}, tags
    for element in elements:
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            assert not local.lower().startswith("on"), (name, value)
            assert local != "href", (name, value)
    text = squeeze("".join(root.itertext()))
    for payload in PAYLOADS.values():
        assert squeeze(f"C {payload}")[:20] in text, payload  # the legend, entries shortened
