"""Every event reachable (issue 16): the page's table, its filter box and a zoom step, in Chromium.

On the page ``timeline.write_html`` wrote: how long until the table's first rows are painted (from
navigation start), how long the filter box takes to find one event by its title (typing to the
rows drawn), and how long a zoom step takes from the whole range to one day (``Plotly.relayout``
to the marks drawn, two animation frames after the page's ``timeline-zoomed``; the best of
``ZOOMS`` in a page, and the page's first), and whether the marks drawn are that day's events.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .browser import ARGS, CHROMIUM, VIEWPORT

ZOOM_MS = 250.0
"""Most milliseconds a zoom step may take at 1,000,000 events."""
TABLE_MS = 1_500.0
"""Most milliseconds until the table's first rows at 100,000 events."""
FILTER_MS = 300.0
"""Most milliseconds for the filter box to find one event by its title at 100,000 events."""
DIV = "policy-timeline"
MIDDLE_SIZES = (1_000, 10_000)
"""Sizes whose page must paint in at most px.timeline's time and Chromium memory."""

FIRST_ROWS = """
(() => {
  // The first row in the document, then painted: two animation frames later.
  let found = false;
  const seen = () => {
    if (!found && document.querySelector("tr[data-event-id]")) {
      found = true;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__tableRows = performance.now();
      }));
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
})();
"""

FILTER = """async ([id, words]) => {
  const input = document.getElementById(id + "-filter");
  const status = document.getElementById(id + "-status");
  const before = status.textContent;
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  const start = performance.now();
  input.value = words;
  input.dispatchEvent(new Event("input"));
  while (status.textContent === before) { await new Promise((done) => setTimeout(done, 5)); }
  await frame(); await frame();
  const ms = performance.now() - start;
  const rows = Array.from(document.querySelectorAll("#" + id + "-rows tr[data-event-id]"))
    .map((row) => row.getAttribute("data-event-id"));
  input.value = ""; input.dispatchEvent(new Event("input"));
  return { ms: ms, rows: rows, status: status.textContent };
}"""

LAST_ROW = """async (id) => {
  const scroll = document.getElementById(id + "-scroll");
  for (let k = 0; k < 2; k++) {  // the first scroll may open the page's list of events
    scroll.scrollTop = 1e9;
    scroll.dispatchEvent(new Event("scroll"));
    await new Promise((done) => setTimeout(done, 200));
  }
  const rows = document.querySelectorAll("#" + id + "-rows tr[data-event-id]");
  const last = rows[rows.length - 1];
  const found = {
    id: last.getAttribute("data-event-id"), title: last.querySelector("th").textContent,
  };
  scroll.scrollTop = 0;
  return found;
}"""

ZOOM = """async ([id, range, times]) => {
  const chart = document.getElementById(id);
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  const zoomed = () => new Promise((done) =>
    chart.addEventListener("timeline-zoomed", () => done(), { once: true }));
  const steps = [];
  let marks = 0;
  for (let k = 0; k < times; k++) {
    let wait = zoomed();
    await Plotly.relayout(chart, { "xaxis.autorange": true });
    await wait;
    await frame(); await frame();
    await new Promise((done) => setTimeout(done, 300));
    wait = zoomed();
    const start = performance.now();
    await Plotly.relayout(chart, { "xaxis.range": range });
    await wait;
    await frame(); await frame();
    steps.push(performance.now() - start);
    const trace = chart.data.find((t) => t.name === "events in view");
    marks = trace && trace.customdata ? trace.customdata.length : 0;
  }
  return { steps: steps, marks: marks };
}"""
ZOOMS = 3
"""Zoom steps per page, each from the whole range to one day: the first is slower (plotly.js's
code for it runs for the first time); the target is met by the best."""


def measure(
    page_path: Path, csv_path: Path, repeat: int = 3, browser: Any = None
) -> dict[str, Any]:
    """Time the table, the filter and (for density strips) a zoom step, best of ``repeat``.

    Each run opens the page in a fresh context of ``browser`` (a Playwright Chromium; by
    default one launched here).
    """
    day, expected = _middle_day(csv_path)
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=ARGS
            )
            try:
                return measure(page_path, csv_path, repeat, launched)
            finally:
                launched.close()
    found: dict[str, Any] = {
        "table_ms": [],
        "filter_ms": [],
        "zoom_ms": [],
        "zoom_first_ms": [],
        "day": day,
    }
    for _ in range(max(repeat, 1)):
        context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
        try:
            _run(context, page_path, day, expected, found)
        finally:
            context.close()
    return {
        key: min(value) if isinstance(value, list) and value else value
        for key, value in found.items()
        if not (isinstance(value, list) and not value)
    }


def _run(context: Any, page_path: Path, day: str, expected: int, found: dict[str, Any]) -> None:
    """One run in a fresh browser context: its times appended to ``found``."""
    page = context.new_page()
    page.add_init_script(FIRST_ROWS)
    page.goto(page_path.resolve().as_uri(), wait_until="load", timeout=300_000)
    page.wait_for_function(
        "document.documentElement.getAttribute('data-timeline-ready') === 'true'",
        timeout=300_000,
    )
    found["table_ms"].append(float(page.evaluate("window.__tableRows")))
    last = page.evaluate(LAST_ROW, DIV)
    result = page.evaluate(FILTER, [DIV, last["title"]])
    found["filter_ms"].append(float(result["ms"]))
    found["filter_found"] = last["id"] in result["rows"]
    if page.evaluate(f"document.getElementById('{DIV}').data[0].type === 'heatmap'"):
        zoom = page.evaluate(ZOOM, [DIV, [f"{day} 00:00:00", f"{day} 23:59:59"], ZOOMS])
        found["zoom_ms"].append(min(zoom["steps"]))
        found["zoom_first_ms"].append(float(zoom["steps"][0]))
        found["zoom_marks"] = int(zoom["marks"])
        found["zoom_expected"] = expected


def _middle_day(csv_path: Path) -> tuple[str, int]:
    """The day the middle event (in time order) starts on, and its event-lane pairs there
    (the marks a zoom to that day must draw)."""
    import numpy as np
    import pandas as pd

    import timeline

    events = timeline.read_events(csv_path)
    start = pd.to_datetime(events["start"]).fillna(pd.to_datetime(events["end"]))
    days = start.dt.floor("D")
    day = days.sort_values().iloc[len(days) // 2]
    on_day = events[days == day]
    lanes = on_day["actors"].map(lambda a: max(len(a) if a is not None else 0, 1))
    return day.strftime("%Y-%m-%d"), int(np.sum(lanes.to_numpy()))


def rows(steps: dict[str, Any]) -> list[str]:
    """Table rows (without the size column) for the interaction times of one size."""
    reach = steps.get("reach")
    if not reach:
        return []
    found = [
        "page: table's first rows (from navigation start) | "
        f"{reach['table_ms'] / 1000:.2f} s | - |",
        f"page: filter box finds the last event by its title | {reach['filter_ms']:.0f} ms "
        f"(found: {'yes' if reach.get('filter_found') else 'NO'}) | - |",
    ]
    if "zoom_ms" in reach:
        found.append(
            f"page: zoom step, whole range to {reach['day']} | {reach['zoom_ms']:.0f} ms "
            f"(the page's first: {reach['zoom_first_ms']:.0f} ms), "
            f"{reach['zoom_marks']:,} marks drawn ({reach['zoom_expected']:,} event-lane pairs "
            "that day) | - |"
        )
    return found


def targets(sizes: dict[int, dict[str, Any]]) -> list[Any]:
    """The targets of issue 16 measured here: middle sizes, zoom step, table and filter."""
    from .report import Target, _ratio

    out = []
    for n in MIDDLE_SIZES:
        middle = sizes.get(n) or {}
        ours, theirs = middle.get("browser"), middle.get("px_browser")
        for key, what in (("painted_ms", "painted time"), ("peak_mb", "Chromium peak memory")):
            shown = (
                f"{ours[key]:,.0f} / {theirs[key]:,.0f} {'MB' if key == 'peak_mb' else 'ms'}"
                if ours and theirs
                else ""
            )
            out.append(
                Target(
                    f"page {what} / `px.timeline`'s, {n:,} events",
                    _ratio(ours, theirs, _value(key)),
                    1.0,
                    shown,
                )
            )
    big = (sizes.get(1_000_000) or {}).get("reach") or {}
    zoom_ok = big.get("zoom_marks") == big.get("zoom_expected")
    out.append(
        Target(
            "zoom step (relayout to drawn) at 1,000,000 events / 250 ms",
            big["zoom_ms"] / ZOOM_MS if "zoom_ms" in big else None,
            1.0,
            f"{big['zoom_ms']:.0f} ms (best of {ZOOMS} in a page; its first "
            f"{big['zoom_first_ms']:.0f} ms); whole range to {big['day']}: "
            f"{big['zoom_marks']:,} marks "
            f"for {big['zoom_expected']:,} event-lane pairs that day (all: "
            f"{'yes' if zoom_ok else 'NO'})"
            if "zoom_ms" in big
            else "",
            extra_ok=zoom_ok or "zoom_ms" not in big,
        )
    )
    medium = (sizes.get(100_000) or {}).get("reach") or {}
    out.append(
        Target(
            "table's first rows at 100,000 events / 1.5 s",
            medium["table_ms"] / TABLE_MS if medium else None,
            1.0,
            f"{medium['table_ms'] / 1000:.2f} s from navigation start" if medium else "",
        )
    )
    out.append(
        Target(
            "filter box finds one event by its title at 100,000 events / 300 ms",
            medium["filter_ms"] / FILTER_MS if medium else None,
            1.0,
            f"{medium['filter_ms']:.0f} ms (found: {'yes' if medium.get('filter_found') else 'NO'})"
            if medium
            else "",
            extra_ok=bool(medium.get("filter_found", True)),
        )
    )
    return out


def _value(key: str) -> Any:
    """A function reading ``key`` of a browser step."""
    return lambda step: float(step[key])
