"""Pages of 1,000 and 10,000 events in Chromium (issue 16, the middle sizes): SVG marks with
hover and source, no range slider, and a table whose rows are made as they are scrolled to.

The events are generated here (benchmarks.generate, a fixed seed).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import timeline
from benchmarks.generate import events_table
from conftest import ARTIFACTS, OfflinePage
from timeline._page.template import FIRST_ROWS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DIV = "policy-timeline"
GENERATED = datetime(2025, 1, 2, tzinfo=UTC)
READY = "() => document.documentElement.getAttribute('data-timeline-ready') === 'true'"
STATUS = "(id) => document.getElementById(id + '-status').textContent"
ROWS = """(id) => Array.from(document.querySelectorAll("#" + id + "-rows tr[data-event-id]"))
  .map((row) => row.getAttribute("data-event-id"))"""
# Twice: the first scroll of a page without density strips opens its list of events.
SCROLL_TO_END = """async (id) => {
  const scroll = document.getElementById(id + "-scroll");
  for (let k = 0; k < 2; k++) {
    scroll.scrollTop = 1e9;
    scroll.dispatchEvent(new Event("scroll"));
    await new Promise((done) => setTimeout(done, 200));
  }
}"""
HOVER_HAS = """([id, text]) => {
  const layer = document.querySelector("#" + id + " .hoverlayer");
  return !!layer && layer.textContent.replace(/\\s+/g, "").includes(text);
}"""
# Marks in view that answer the mouse: event id, source and centre on screen.
MARKS = """(id) => {
  const chart = document.getElementById(id);
  const size = chart._fullLayout._size, svg = chart.querySelector(".main-svg").getBoundingClientRect();
  const area = { left: svg.left + size.l, right: svg.left + size.l + size.w,
    top: svg.top + size.t, bottom: Math.min(svg.top + size.t + size.h, window.innerHeight) };
  const found = [];
  chart.querySelectorAll(".cartesianlayer .scatterlayer .trace, .cartesianlayer .barlayer .trace")
    .forEach((group) => {
    const trace = group.__data__ && group.__data__[0] && group.__data__[0].trace;
    if (!trace || !trace.customdata || trace.hoverinfo === "skip") { return; }
    group.querySelectorAll(".point").forEach((point) => {
      const row = point.__data__ && trace.customdata[point.__data__.i];
      const r = point.getBoundingClientRect();
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (row && r.width > 0 && x > area.left + 5 && x < area.right - 5 && y > area.top + 5
          && y < area.bottom - 5) {
        found.push({ id: String(row[0]), url: String(row[1]), x: x, y: y, bar: trace.type === "bar" });
      }
    });
  });
  return found;
}"""
COUNTS = """(id) => {
  const chart = document.getElementById(id);
  return {
    points: chart.querySelectorAll(".cartesianlayer .subplot.xy .scatterlayer .point").length,
    bars: chart.querySelectorAll(".cartesianlayer .subplot.xy .barlayer .point").length,
    canvases: chart.querySelectorAll("canvas").length,
    sliders: chart.querySelectorAll(".rangeslider-container").length,
    buttons: chart.querySelectorAll(".updatemenu-button").length,
  };
}"""


def generated(folder: Path, n: int) -> pd.DataFrame:
    events_table(n).to_csv(folder / "events.csv", index=False)
    return timeline.read_events(folder / "events.csv")


def open_page(offline: OfflinePage, path: Path) -> Any:
    page = offline.open(path)
    page.wait_for_function(READY, timeout=60_000)
    return page


def in_date_order(df: pd.DataFrame) -> pd.DataFrame:
    start = pd.to_datetime(df["start"]).fillna(pd.to_datetime(df["end"]))
    return df.iloc[start.reset_index(drop=True).sort_values(kind="stable").index]


def test_a_thousand_events_page_writes_few_rows_and_lists_every_event(offline_page, tmp_path):
    df = generated(tmp_path, 1_000)
    path = timeline.write_html(df, tmp_path / "thousand.html", generated=GENERATED)
    text = path.read_text(encoding="utf-8")
    # Only the first rows are in the page itself: 1,000 rows took 0.4 s of layout.
    assert text.count("<tr data-event-id=") == FIRST_ROWS
    assert f"the table below lists the first {FIRST_ROWS} events, and all 1,000" in text
    page = open_page(offline_page, path)
    assert page.evaluate(STATUS, DIV) == "1,000 of 1,000 events shown"
    ordered = in_date_order(df)
    rows = page.evaluate(ROWS, DIV)
    assert rows[0] == ordered["id"].iloc[0] and len(rows) < 1_000  # only rows near the view
    page.evaluate(SCROLL_TO_END, DIV)
    assert page.evaluate(ROWS, DIV)[-1] == ordered["id"].iloc[-1]
    assert page.locator(f"#{DIV}-events caption").text_content() == (
        "The 1,000 events of the timeline, in date order"
    )
    counts = page.evaluate(COUNTS, DIV)
    assert counts["sliders"] == 0 and counts["buttons"] > 2
    assert offline_page.errors == [] and offline_page.requests == []


def test_ten_thousand_events_are_svg_marks_that_hover_and_open_their_source(offline_page, tmp_path):
    df = generated(tmp_path, 10_000)
    fig = timeline.plot(df)
    path = timeline.write_html(fig, tmp_path / "ten-thousand.html", events=df)
    assert "unsafe-eval" not in path.read_text(encoding="utf-8")  # no WebGL, no eval
    offline_page.page.set_default_timeout(30_000)
    page = open_page(offline_page, path)
    counts = page.evaluate(COUNTS, DIV)
    assert counts["canvases"] == 0 and counts["sliders"] == 0
    # Every mark: a marker, or a bar that draws its event alone (and the other bars).
    assert counts["points"] + counts["bars"] >= fig.layout.meta["marks"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ten-thousand-page.png"))
    titles = df.set_index("id")["title"]
    marks = page.evaluate(MARKS, DIV)
    mark = next(m for m in marks if not m["bar"] and m["url"].startswith("https://"))
    page.mouse.move(mark["x"], mark["y"])
    page.wait_for_function(HOVER_HAS, arg=[DIV, "".join(titles[mark["id"]].split())])
    page.mouse.click(mark["x"], mark["y"])
    page.wait_for_function("() => window.__openedUrls.length > 0")
    assert offline_page.opened()[0][0] == mark["url"]
    # A bar that draws its event alone hovers and opens its source as a marker does.
    # (one clear of every marker: the mouse goes to the nearest mark)
    bar = next(
        b for b in marks
        if b["bar"] and b["url"].startswith("https://")
        and all(abs(m["x"] - b["x"]) + abs(m["y"] - b["y"]) > 20 for m in marks if not m["bar"])
    )  # fmt: skip
    page.mouse.move(bar["x"], bar["y"])
    page.wait_for_function(HOVER_HAS, arg=[DIV, "".join(titles[bar["id"]].split())])
    page.mouse.click(bar["x"], bar["y"])
    page.wait_for_function("() => window.__openedUrls.length > 1")
    assert offline_page.opened()[1][0] == bar["url"]
    assert page.evaluate(STATUS, DIV) == "10,000 of 10,000 events shown"
    assert offline_page.errors == [] and offline_page.requests == []
