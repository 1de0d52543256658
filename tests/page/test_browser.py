"""The exported page in a real browser (Debian's Chromium through Playwright), fully offline."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import pytest

import timeline
from conftest import ARTIFACTS, OfflinePage

pytestmark = pytest.mark.browser

DIV = "policy-timeline"
GENERATED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)

READY = """(id) => {
  const chart = document.getElementById(id);
  return !!(chart && chart._fullLayout && chart.querySelector(".cartesianlayer .point"));
}"""

# Every drawn point of the main plot (the range slider draws its own copies) that carries
# an event: its event id, first source URL, centre on screen, whether it is in view and
# whether it answers the mouse (end markers of bars do not).
MARKS = """(id) => {
  const chart = document.getElementById(id);
  const size = chart._fullLayout._size;
  const box = chart.querySelector(".cartesianlayer .subplot.xy .bg") || chart;
  const area = box.getBoundingClientRect();
  const marks = [];
  chart.querySelectorAll(".cartesianlayer .scatterlayer .trace").forEach((group) => {
    const calc = group.__data__;
    const trace = calc && calc[0] && calc[0].trace;
    if (!trace || !trace.customdata) { return; }
    group.querySelectorAll(".point").forEach((point) => {
      const datum = point.__data__;
      const row = datum && trace.customdata[datum.i];
      if (!row) { return; }
      const r = point.getBoundingClientRect();
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      const inside = r.width > 0 && x > area.left + 2 && x < area.right - 2
        && y > area.top + 2 && y < area.bottom - 2 && y < window.innerHeight;
      marks.push({
        id: String(row[0]), url: String(row[1]), x: x, y: y, inside: inside,
        hover: trace.hoverinfo !== "skip",
      });
    });
  });
  return {marks: marks, plotWidth: size.w};
}"""

EVENT_IDS = """(id) => {
  const ids = new Set();
  document.getElementById(id).data.forEach((trace) => {
    (trace.customdata || []).forEach((row) => { if (row && row[0] != null) ids.add(String(row[0])); });
  });
  return Array.from(ids);
}"""

X_RANGE = "(id) => document.getElementById(id)._fullLayout.xaxis.range.slice()"


@pytest.fixture(scope="module")
def bundled_page(bundled: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    return timeline.write_html(bundled, folder / "bundled.html", generated=GENERATED)


def load(offline: OfflinePage, path: Path) -> Any:
    page = offline.open(path)
    page.wait_for_function(READY, arg=DIV)
    return page


def marks(page: Any) -> list[dict[str, Any]]:
    return list(page.evaluate(MARKS, DIV)["marks"])


def visible_with_source(page: Any, bundled: pd.DataFrame) -> dict[str, Any]:
    """A hoverable mark in view whose event has an http(s) source."""
    for mark in marks(page):
        if mark["inside"] and mark["hover"] and mark["url"].startswith(("http://", "https://")):
            return mark
    raise AssertionError("no event with a source is in view")


def x_range_ms(page: Any) -> tuple[float, float]:
    low, high = page.evaluate(X_RANGE, DIV)
    return pd.Timestamp(low).value / 1e6, pd.Timestamp(high).value / 1e6


def squeeze(text: str) -> str:
    """Text without whitespace: plotly breaks hover lines into separate SVG elements."""
    return "".join(text.split())


def assert_clean(offline: OfflinePage) -> None:
    assert offline.requests == [], "the page tried to reach the network"
    assert offline.errors == [], "the browser console shows errors"


def test_chart_draws_one_mark_per_event_offline(offline_page, bundled_page, bundled):
    page = load(offline_page, bundled_page)
    assert sorted(page.evaluate(EVENT_IDS, DIV)) == sorted(bundled["id"])
    drawn = marks(page)
    assert {m["id"] for m in drawn} == set(bundled["id"])
    assert len(drawn) >= len(bundled)
    assert page.locator(f"#{DIV}-events tbody tr").count() == len(bundled)
    assert page.title() == bundled.attrs["title"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "bundled-page.png"))
    page.screenshot(path=str(ARTIFACTS / "bundled-page-full.png"), full_page=True)
    assert_clean(offline_page)


def test_hover_shows_title_and_source(offline_page, bundled_page, bundled):
    page = load(offline_page, bundled_page)
    mark = visible_with_source(page, bundled)
    event = bundled.set_index("id").loc[mark["id"]]
    page.mouse.move(mark["x"], mark["y"])
    label = page.locator(f"#{DIV} .hoverlayer .hovertext").first
    label.wait_for(state="visible")
    text = squeeze(label.text_content() or "")
    assert squeeze(event["title"]) in text
    source = event["sources"][0]
    # The source is named by its publisher, its title or its web address's host.
    names = [source["publisher"], source["title"], urlsplit(source["url"]).netloc]
    assert any(squeeze(name) in text for name in names if name), (names, text)
    assert_clean(offline_page)


def test_preset_button_changes_the_visible_range(offline_page, bundled_page):
    page = load(offline_page, bundled_page)
    before = x_range_ms(page)
    page.locator(f"#{DIV} .updatemenu-button").filter(has_text="1w").click()
    page.wait_for_function(
        f"(id) => String({X_RANGE}(id)) !== {str(list(page.evaluate(X_RANGE, DIV)))!r}", arg=DIV
    )
    after = x_range_ms(page)
    assert after != before
    assert after[1] - after[0] == pytest.approx(7 * 86_400_000, rel=0.01)
    assert_clean(offline_page)


def test_range_slider_handle_drag_changes_the_visible_range(offline_page, bundled_page):
    page = load(offline_page, bundled_page)
    page.locator(f"#{DIV} .updatemenu-button").filter(has_text="all").click()
    page.wait_for_timeout(100)
    before = x_range_ms(page)
    grab = page.locator(f"#{DIV} .rangeslider-grabarea-min")
    grab.scroll_into_view_if_needed()
    handle = grab.bounding_box()
    assert handle is not None
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 200, y, steps=10)
    page.mouse.up()
    after = x_range_ms(page)
    assert after[0] > before[0] + 86_400_000  # the start moved later by more than a day
    assert after[1] == pytest.approx(before[1])
    assert_clean(offline_page)


def test_clicking_an_event_opens_its_first_source(offline_page, bundled_page, bundled):
    page = load(offline_page, bundled_page)
    mark = visible_with_source(page, bundled)
    sources = bundled.set_index("id").loc[mark["id"], "sources"]
    expected = next(s["url"] for s in sources if s["url"].startswith(("http://", "https://")))
    page.mouse.click(mark["x"], mark["y"])
    page.wait_for_function("() => window.__openedUrls.length > 0")
    assert offline_page.opened() == [[expected, "_blank", "noopener"]]
    assert_clean(offline_page)


def test_filter_box_hides_rows_that_do_not_match(offline_page, bundled_page, bundled):
    page = load(offline_page, bundled_page)
    rows = page.locator(f"#{DIV}-events tbody tr")
    assert rows.count() == len(bundled)
    page.get_by_label("Filter events").fill("Finland")
    page.wait_for_function(STATUS_CHANGED, arg=[DIV, len(bundled)])  # the list opens first
    shown = [rows.nth(i) for i in range(rows.count()) if rows.nth(i).is_visible()]
    hidden = [rows.nth(i) for i in range(rows.count()) if not rows.nth(i).is_visible()]
    assert 0 < len(shown) < len(bundled)
    assert all("finland" in (row.text_content() or "").lower() for row in shown)
    assert not any("finland" in (row.text_content() or "").lower() for row in hidden)
    status = page.locator(f"#{DIV}-status").text_content()
    assert status == f"{len(shown)} of {len(bundled)} events shown"
    page.get_by_label("Filter events").fill("")
    assert sum(rows.nth(i).is_visible() for i in range(rows.count())) == len(bundled)
    assert_clean(offline_page)


OPENED = "(id) => document.querySelector('#' + id + '-rows tr[data-row]') !== null"
"""Whether the page's list of events is open: its table's rows are then made from it."""
STATUS_CHANGED = """([id, n]) => document.getElementById(id + "-status").textContent
  !== `${n} of ${n} events shown`"""


def test_a_page_only_looked_at_leaves_its_events_closed_until_the_table_is_used(
    offline_page, bundled_page
):
    page = load(offline_page, bundled_page)
    page.wait_for_timeout(300)
    assert not page.evaluate(OPENED, DIV)  # the first rows are written in the page
    page.locator(f"#{DIV}-scroll").hover()
    page.mouse.wheel(0, 40)
    page.wait_for_function(OPENED, arg=DIV)
    assert_clean(offline_page)


def test_a_sort_click_before_the_events_are_open_is_kept(offline_page, bundled_page, bundled):
    page = load(offline_page, bundled_page)
    heading = page.locator(f"#{DIV}-events thead th[data-sort=title]")
    heading.locator("button").click()  # the table's first use: it opens the events, then sorts
    page.wait_for_function(OPENED, arg=DIV)
    assert heading.get_attribute("aria-sort") == "ascending"
    titles = page.locator(f"#{DIV}-rows tr th").all_text_contents()
    assert titles == sorted(bundled["title"], key=str.lower)
    assert_clean(offline_page)


def test_a_row_click_before_the_events_are_open_zooms_to_its_event(
    offline_page, bundled_page, bundled
):
    page = load(offline_page, bundled_page)
    row = page.locator(f"#{DIV}-rows tr[data-event-id]").nth(5)
    event_id = row.get_attribute("data-event-id")
    before = page.evaluate(f"document.getElementById('{DIV}').layout.xaxis.range.slice()")
    row.locator("td.date").click()
    selected = page.locator(f"#{DIV}-rows tr[aria-selected=true]")
    selected.wait_for()
    assert selected.get_attribute("data-event-id") == event_id
    page.wait_for_function(
        "([id, range]) => String(document.getElementById(id).layout.xaxis.range) !== range",
        arg=[DIV, ",".join(before)],
    )
    low, high = (
        pd.Timestamp(x)
        for x in page.evaluate(f"document.getElementById('{DIV}').layout.xaxis.range")
    )
    start = bundled.set_index("id").loc[event_id, "start"]
    assert low <= start <= high and high - low < pd.Timedelta(days=60)
    assert_clean(offline_page)


def test_event_without_web_source_opens_nothing(offline_page, tmp_path):
    df = timeline.events_frame(
        [
            {"id": "quiet", "title": "No source", "date": "2024-11-19"},
            {
                "id": "sourced",
                "title": "Sourced",
                "date": "2024-11-25",
                "sources": [{"url": "https://example.org/", "publisher": "Example"}],
            },
        ]
    )
    page = load(offline_page, timeline.write_html(df, tmp_path / "quiet.html"))
    quiet = next(m for m in marks(page) if m["id"] == "quiet")
    assert quiet["url"] == ""
    page.mouse.click(quiet["x"], quiet["y"])
    page.wait_for_timeout(200)
    assert offline_page.opened() == []
    assert_clean(offline_page)


def test_network_recorder_sees_what_a_page_asks_for(offline_page, bundled, tmp_path):
    # The CDN page fetches plotly.js: the request is blocked and recorded, the chart stays empty.
    path = timeline.write_html(bundled, tmp_path / "cdn.html", include_plotlyjs="cdn")
    page = offline_page.open(path)
    page.wait_for_timeout(200)
    assert len(offline_page.requests) == 1
    assert offline_page.requests[0].startswith("https://")
    assert page.locator(f"#{DIV}-events tbody tr").count() == len(bundled)
    assert page.evaluate("typeof window.Plotly") == "undefined"


# --- many events: WebGL marks -------------------------------------------------------------

GL_READY = """(id) => {
  const chart = document.getElementById(id);
  return !!(chart && chart._fullLayout && chart._fullLayout._glcanvas
    && chart.querySelector(".gl-container canvas"));
}"""

# Where each WebGL marker point is on screen, with its trace and point numbers.
GL_MARKS = """(id) => {
  const chart = document.getElementById(id);
  const box = chart.getBoundingClientRect();
  const xa = chart._fullLayout.xaxis, ya = chart._fullLayout.yaxis;
  const marks = [];
  chart._fullData.forEach((trace, curve) => {
    if (trace.type !== "scattergl" || trace.mode !== "markers" || !trace.customdata) { return; }
    for (let i = 0; i < trace.customdata.length; i++) {
      const x = box.left + xa._offset + xa.d2p(trace.x[i]);
      const y = box.top + ya._offset + ya.d2p(trace.y[i]);
      marks.push({curve: curve, point: i, id: String(trace.customdata[i][0]),
                  url: String(trace.customdata[i][1]), x: x, y: y,
                  inside: x > box.left + xa._offset + 5 && x < box.left + xa._offset + xa._length - 5
                    && y > box.top + ya._offset + 5 && y < box.top + ya._offset + ya._length - 5});
    }
  });
  return marks;
}"""


HOVER_HAS = """([id, text]) => {
  const layer = document.querySelector("#" + id + " .hoverlayer");
  return !!layer && layer.textContent.replace(/\\s+/g, "").includes(text);
}"""


@pytest.fixture(scope="module")
def gl_events() -> pd.DataFrame:
    dates = ["2024-11-{:02d}", "2024-11-{:02d}~", "2024-11-{:02d}?"]
    records = [
        {
            "id": f"e{i}",
            "title": f"Event number {i}",
            "date": dates[i % 3].format(1 + i % 28),
            "actors": [["Ukraine"], ["Russia"], ["Ukraine", "Poland"]][i % 3],
            "category": ["decision", "statement"][i % 2],
            "sources": [{"url": f"https://example.org/{i}", "publisher": "Example"}],
        }
        for i in range(24)
    ]
    records[7]["date"] = "2024-10"  # month precision: a diamond over a band
    records[9]["relations"] = [{"type": "responds_to", "target": "e3"}]
    return timeline.events_frame(records)


def test_webgl_marks_hover_with_title_and_date_and_open_their_source(
    offline_page, gl_events, tmp_path
):
    path = timeline.write_html(gl_events, tmp_path / "gl.html", webgl_threshold=10)
    page = offline_page.open(path)
    page.wait_for_function(GL_READY, arg=DIV)
    drawn = page.evaluate(GL_MARKS, DIV)
    assert {m["id"] for m in drawn} == set(gl_events["id"])  # circles and other shapes
    words = dict(zip(gl_events["id"], _date_words(gl_events), strict=True))
    titles = gl_events.set_index("id")["title"]
    checked = set()
    for mark in drawn:
        written = gl_events.set_index("id").loc[mark["id"], "date"]
        kind = written[-1] if written[-1] in "~?" else "plain"
        if not mark["inside"] or kind in checked:
            continue
        checked.add(kind)  # one plain, one approximate, one uncertain date
        page.mouse.move(mark["x"], mark["y"])
        page.wait_for_function(
            HOVER_HAS, arg=[DIV, squeeze(titles[mark["id"]])], timeout=5_000
        )  # the mark under the pointer, not a neighbour
        text = squeeze(page.locator(f"#{DIV} .hoverlayer").text_content() or "")
        assert squeeze(words[mark["id"]]) in text, (words[mark["id"]], text)
    assert checked == {"plain", "~", "?"}
    mark = next(m for m in drawn if m["inside"])
    page.mouse.move(mark["x"], mark["y"])
    page.wait_for_function(HOVER_HAS, arg=[DIV, squeeze(titles[mark["id"]])], timeout=5_000)
    page.mouse.click(mark["x"], mark["y"])
    page.wait_for_function("() => window.__openedUrls.length > 0")
    assert offline_page.opened() == [[mark["url"], "_blank", "noopener"]]
    assert_clean(offline_page)


def _date_words(df: pd.DataFrame) -> list[str]:
    from timeline._figure.text import date_words
    from timeline._frame.columns import plot_columns, with_text

    return list(date_words(with_text(plot_columns(df))))


PLOTLY_DEFINED = """
Object.defineProperty(window, "Plotly", {
  configurable: true,
  get() { return window.__plotly; },
  set(value) {
    if (window.__rowsBeforePlotly === undefined) {
      window.__rowsBeforePlotly = document.querySelectorAll("tr[data-event-id]").length;
      window.__stateBeforePlotly = document.readyState;
    }
    window.__plotly = value;
  },
});
"""


def test_plotly_js_runs_once_the_page_is_read(offline_page, bundled_page):
    # plotly.js and the figure are module scripts: the browser can paint the table's first
    # rows before them (at 100,000 events 0.15 s after navigation, not 0.9 s).
    offline_page.page.add_init_script(PLOTLY_DEFINED)
    page = load(offline_page, bundled_page)
    assert page.evaluate("window.__stateBeforePlotly") == "interactive"  # all of it parsed
    assert page.evaluate("window.__rowsBeforePlotly") > 0
    assert_clean(offline_page)
