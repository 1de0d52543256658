"""The counts overlay in a real browser: drawn under the lanes, its hover naming lane, bin, count."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

import timeline
from conftest import ARTIFACTS

pytestmark = pytest.mark.browser

DIV = "policy-timeline"

# Where a date in a lane (named by its tick label) is on the screen.
ON_SCREEN = """([id, x, lane]) => {
  const chart = document.getElementById(id);
  const layout = chart._fullLayout;
  const y = layout.yaxis.tickvals[layout.yaxis.ticktext.indexOf(lane)];
  const box = chart.querySelector(".main-svg").getBoundingClientRect();
  const [xaxis, yaxis] = [layout.xaxis, layout.yaxis];
  return [box.left + xaxis._offset + xaxis.d2p(x), box.top + yaxis._offset + yaxis.d2p(y)];
}"""


def test_hovering_a_strip_names_its_lane_week_and_count(offline_page, bundled, tmp_path):
    days = pd.date_range("2024-11-11", "2024-11-30", freq="6h").strftime("%Y-%m-%d")
    table = pd.DataFrame(
        {
            "event_date": days,
            "country": ["Ukraine", "Ukraine", "Russia"] * (len(days) // 3)
            + ["Ukraine"] * (len(days) % 3),
        }
    )
    weekly = timeline.counts(table, lane="country", every="week")
    path = timeline.write_html(
        bundled, tmp_path / "overlay.html", overlay=weekly, window=("2024-11-10", "2024-12-01"),
        generated=datetime(2025, 1, 2, tzinfo=UTC),
    )  # fmt: skip
    page = offline_page.open(path)
    page.wait_for_function("(id) => !!document.getElementById(id)._fullLayout", arg=DIV)
    where = [DIV, "2024-11-21", "country: Ukraine"]
    _, y = page.evaluate(ON_SCREEN, where)
    page.evaluate("(y) => window.scrollBy(0, y - 300)", y)  # the overlay is under the fold
    x, y = page.evaluate(ON_SCREEN, where)
    page.mouse.move(x, y)
    label = page.locator(f"#{DIV} .hoverlayer .hovertext").first
    label.wait_for(state="visible")
    text = "".join((label.text_content() or "").split())
    expected = weekly[(weekly["lane"] == "Ukraine") & (weekly["start"] == "2024-11-18")][
        "count"
    ].item()
    assert text == f"Ukraine weekof18Nov2024{expected}events".replace(" ", ""), text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overlay-hover.png"))
    assert offline_page.requests == [] and offline_page.errors == []
