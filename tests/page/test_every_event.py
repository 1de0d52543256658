"""Every event of a 100,000-event page is reachable: zoom draws a day's events, the table lists all.

The events are generated here (benchmarks.generate, a fixed seed) and the page opened offline
in Chromium; ``zoom.js`` signals each finished zoom with a ``timeline-zoomed`` event.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import timeline
from benchmarks.generate import events_table
from conftest import ARTIFACTS, OfflinePage

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DIV = "policy-timeline"
N = 100_000
DAY = "2024-11-19"

READY = "() => document.documentElement.getAttribute('data-timeline-ready') === 'true'"
ZOOM = """([id, range]) => new Promise((done) => {
  const chart = document.getElementById(id);
  chart.addEventListener("timeline-zoomed", () => done(true), { once: true });
  Plotly.relayout(chart, { "xaxis.range": range });
})"""
VIEW = """(id) => {
  const chart = document.getElementById(id);
  const trace = chart.data.find((t) => t.name === "events in view");
  const rows = trace ? trace.customdata || [] : [];
  return trace ? { ids: rows.map((row) => String(row[0])),
    titles: rows.map((row) => String(row[2])), x: trace.x } : null;
}"""
STATUS_IS = """([id, text]) => document.getElementById(id + "-status").textContent === text"""
ROWS = """(id) => Array.from(document.querySelectorAll("#" + id + "-rows tr[data-event-id]"))
  .map((row) => row.getAttribute("data-event-id"))"""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("big")
    events_table(N).to_csv(folder / "events.csv", index=False)
    return timeline.read_events(folder / "events.csv")


@pytest.fixture(scope="module")
def big_page(big: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big-page")
    generated = datetime(2025, 1, 2, tzinfo=UTC)
    return timeline.write_html(big, folder / "big.html", generated=generated)


def open_page(offline: OfflinePage, path: Path) -> Any:
    page = offline.open(path)
    page.wait_for_function(READY, timeout=60_000)
    return page


def day_pairs(df: pd.DataFrame, day: str) -> list[str]:
    """The ids of the events that start on ``day``, once per actor lane (as drawn)."""
    start = pd.to_datetime(df["start"]).fillna(pd.to_datetime(df["end"]))
    lo = pd.Timestamp(day)
    on_day = df[(start >= lo) & (start <= lo + pd.Timedelta(days=1) - pd.Timedelta(seconds=1))]
    lanes = on_day["actors"].map(lambda a: max(len(a) if a is not None else 0, 1))
    return sorted(np.repeat(on_day["id"].to_numpy(), lanes.to_numpy()).tolist())


def test_zooming_to_one_day_draws_exactly_that_days_events_with_their_titles(
    offline_page, big_page, big
):
    page = open_page(offline_page, big_page)
    assert page.evaluate(VIEW, DIV)["ids"] == []  # the whole range: counts only
    page.evaluate(ZOOM, [DIV, [f"{DAY} 00:00:00", f"{DAY} 23:59:59"]])
    view = page.evaluate(VIEW, DIV)
    expected = day_pairs(big, DAY)
    assert expected and sorted(view["ids"]) == expected
    titles = big.set_index("id")["title"]
    for event_id, title in zip(view["ids"], view["titles"], strict=True):
        assert title == html.escape(titles[event_id], quote=False)
    # The hover of a drawn mark shows its title.
    box = page.evaluate(
        """(id) => {
          const chart = document.getElementById(id);
          const group = Array.from(chart.querySelectorAll(".cartesianlayer .scatterlayer .trace"))
            .find((g) => g.__data__ && g.__data__[0].trace.name === "events in view");
          const point = group.querySelector(".point").getBoundingClientRect();
          return [point.left + point.width / 2, point.top + point.height / 2];
        }""",
        DIV,
    )
    page.mouse.move(*box)
    page.wait_for_selector(f"#{DIV} .hoverlayer .hovertext", timeout=5_000)
    hover = page.locator(f"#{DIV} .hoverlayer").text_content() or ""
    assert any(" ".join(t.split()) in " ".join(hover.split()) for t in view["titles"]), hover
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "every-event-one-day.png"))
    # A click on the mark opens its event's source.
    page.mouse.click(*box)
    page.wait_for_function("() => window.__openedUrls.length > 0")
    urls = big.set_index("id")["sources"].map(lambda s: s[0]["url"] if len(s) else "")
    opened = offline_page.opened()[0][0]
    assert opened in {urls[i] for i in view["ids"]} and opened.startswith("https://")
    assert offline_page.requests == [] and offline_page.errors == []


def test_the_table_lists_every_event_and_the_filter_finds_the_last(offline_page, big_page, big):
    page = open_page(offline_page, big_page)
    page.wait_for_function(STATUS_IS, arg=[DIV, f"{N:,} of {N:,} events shown"])
    caption = page.locator(f"#{DIV}-events caption").text_content() or ""
    assert f"{N:,} events" in caption
    rows = page.evaluate(ROWS, DIV)
    assert 0 < len(rows) < 1_000  # only the rows near the scroll position are in the document
    start = pd.to_datetime(big["start"]).fillna(pd.to_datetime(big["end"]))
    in_order = big["id"].to_numpy()[np.argsort(start.to_numpy(), kind="stable")]
    assert rows[0] == in_order[0]
    # Scrolled to the end, the last event in date order is a real row.
    page.evaluate(f"document.getElementById('{DIV}-scroll').scrollTop = 1e9")
    page.wait_for_function(
        "([id, last]) => !!document.querySelector('#' + id + '-rows tr[data-event-id=\"' + last"
        " + '\"]')",
        arg=[DIV, in_order[-1]],
    )
    # The filter searches every event: the title of one near the end of the list.
    wanted = big.set_index("id").loc[in_order[-3]]
    page.fill(f"#{DIV}-filter", f"{wanted['title']} {in_order[-3]}")
    page.wait_for_function(STATUS_IS, arg=[DIV, f"1 of {N:,} events shown"])
    assert page.evaluate(ROWS, DIV) == [in_order[-3]]


def test_a_row_click_moves_the_chart_to_its_event(offline_page, big_page, big):
    page = open_page(offline_page, big_page)
    start = pd.to_datetime(big["start"])
    event = big[start.dt.strftime("%Y-%m-%d") == DAY].iloc[0]
    page.fill(f"#{DIV}-filter", str(event["id"]))
    page.wait_for_function(STATUS_IS, arg=[DIV, f"1 of {N:,} events shown"])
    page.evaluate(
        """(id) => new Promise((done) => {
          document.getElementById(id).addEventListener("timeline-zoomed", () => done(true),
            { once: true });
          document.querySelector("#" + id + "-rows tr[data-event-id]").click();
        })""",
        DIV,
    )
    x_range = page.evaluate(f"document.getElementById('{DIV}').layout.xaxis.range")
    low, high = (pd.Timestamp(x) for x in x_range)
    end = event["end"] if pd.notna(event["end"]) else event["start"]
    assert low <= event["start"] and end <= high  # the whole event, closely
    assert high - low < 1.6 * (end - event["start"]) + pd.Timedelta(days=7)
    assert event["id"] in page.evaluate(VIEW, DIV)["ids"]
    ring = page.evaluate(
        f"document.getElementById('{DIV}').data.find((t) => t.name === 'chosen event').x[0]"
    )
    assert pd.Timestamp(ring) == event["start"]
    selected = page.locator(f"#{DIV}-rows tr[aria-selected=true]")
    assert selected.get_attribute("data-event-id") == event["id"]


def test_the_benchmark_of_reach_finds_the_event_and_draws_the_days_marks(tmp_path, browser):
    from benchmarks import generate, reach

    csv = generate.ensure(tmp_path, 3_000)
    page = timeline.write_html(
        timeline.read_events(csv), tmp_path / "p.html", density_threshold=500
    )
    found = reach.measure(page, csv, repeat=1, browser=browser)
    assert found["filter_found"] is True
    assert found["zoom_marks"] == found["zoom_expected"] > 0
    assert found["table_ms"] > 0 and found["filter_ms"] > 0 and found["zoom_ms"] > 0


def test_the_table_can_follow_the_chart_to_the_events_in_view(offline_page, big_page, big):
    page = open_page(offline_page, big_page)
    page.check(f"#{DIV}-inview")
    page.evaluate(ZOOM, [DIV, [f"{DAY} 00:00:00", f"{DAY} 23:59:59"]])
    day = sorted(set(day_pairs(big, DAY)))
    page.wait_for_function(STATUS_IS, arg=[DIV, f"{len(day)} of {N:,} events shown"])
    assert sorted(page.evaluate(ROWS, DIV)) == day
    page.uncheck(f"#{DIV}-inview")
    page.wait_for_function(STATUS_IS, arg=[DIV, f"{N:,} of {N:,} events shown"])
