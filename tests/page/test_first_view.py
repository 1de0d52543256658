"""The figure on data shaped like public exports, in Chromium: lanes, first view, presets."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import timeline
from conftest import ARTIFACTS, OfflinePage

pytestmark = pytest.mark.browser

DIV = "policy-timeline"
PROBE = "#FF00FF"
CATEGORIES = ["battles", "protests", "riots", "explosions", "violence against civilians", "probe"]

READY = """(id) => {
  const chart = document.getElementById(id);
  return !!(chart && chart._fullLayout && chart._fullLayout._size);
}"""

# Where a point of the figure lands on screen, in CSS pixels from the viewport's top left.
SCREEN = """([id, points]) => {
  const chart = document.getElementById(id);
  const box = chart.getBoundingClientRect();
  const xa = chart._fullLayout.xaxis, ya = chart._fullLayout.yaxis;
  return points.map(([x, y]) => [box.left + xa._offset + xa.l2p(x), box.top + ya._offset + ya.l2p(y)]);
}"""

# The visible y range of the lanes and the plot area on screen.
AREA = """(id) => {
  const chart = document.getElementById(id);
  const box = chart.getBoundingClientRect(), size = chart._fullLayout._size;
  return {left: box.left + size.l, top: box.top + size.t, right: box.left + size.l + size.w,
          bottom: box.top + size.t + size.h, y: chart._fullLayout.yaxis.range.slice(),
          x: chart._fullLayout.xaxis.range.slice()};
}"""

# Pixels of the probe colour in a PNG, decoded by the browser itself.
PROBE_PIXELS = """async (src) => {
  const img = new Image();
  img.src = src;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.width; canvas.height = img.height;
  const context = canvas.getContext("2d");
  context.drawImage(img, 0, 0);
  const data = context.getImageData(0, 0, img.width, img.height).data;
  const found = [];
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] > 225 && data[i + 1] < 60 && data[i + 2] > 225) {
      found.push([(i / 4) % img.width, Math.floor(i / 4 / img.width)]);
    }
  }
  return found;
}"""

# Screen rectangles of the tick labels of the date axis and the lane names.
TICKS = """(id) => {
  const chart = document.getElementById(id);
  const rects = (selector) => Array.from(chart.querySelectorAll(selector))
    .map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0)
    .map((r) => ({top: r.top, bottom: r.bottom, left: r.left}));
  return {x: rects(".xaxislayer-above .xtick text"), y: rects(".yaxislayer-above .ytick text")};
}"""

X_RANGE = "(id) => document.getElementById(id)._fullLayout.xaxis.range.slice()"


def exported(n: int, actors: int, seed: int = 7) -> pd.DataFrame:
    """Events shaped like an ACLED export: a year of days, a few busy actors and many rare
    ones, one or two actors per event; a few events of the category ``probe`` stand out."""
    rng = np.random.default_rng(seed)
    names = [f"Armed group {i:03d}" for i in range(actors)]
    weights = 1 / np.arange(1, actors + 1) ** 0.9
    days = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    rows = [
        {
            "id": f"event-{i}",
            "title": f"Clash {i} near town {i % 97}",
            "date": day.strftime("%Y-%m-%d"),
            "actors": list(
                rng.choice(names, rng.integers(1, 3), replace=False, p=weights / weights.sum())
            ),
            "category": CATEGORIES[i % 5],
        }
        for i, day in enumerate(days)
    ]
    # Probes: busy lanes (kept), rare ones (folded into "Other"), spread over the year.
    for k, actor in enumerate([0, 1, 2, 3, 5, 8, actors - 1, actors - 2]):
        rows.append(
            {"id": f"probe-{k}", "title": f"Probe {k}", "actors": [names[actor]],
             "date": (pd.Timestamp("2023-01-20") + pd.Timedelta(days=40 * k)).strftime("%Y-%m-%d"),
             "category": "probe"}
        )  # fmt: skip
    return timeline.events_frame(rows, title="Generated export", categories=CATEGORIES)


def probe_points(fig: go.Figure) -> list[list[float]]:
    """(x in ms, y) of every probe mark of the figure."""
    points = []
    for trace in fig.data:
        if trace.name == "probe" and trace.mode == "markers" and trace.customdata is not None:
            x = np.asarray(trace.x)
            ms = x if x.dtype.kind == "f" else x.astype("datetime64[ms]").astype(np.int64)
            points += [[float(a), float(b)] for a, b in zip(ms, trace.y, strict=True)]
    return points


def load(offline: OfflinePage, path: Path) -> Any:
    page = offline.open(path)
    page.wait_for_function(READY, arg=DIV)
    page.wait_for_timeout(300)  # WebGL draws on the next frames
    return page


def assert_marks_in_their_lanes(page: Any, fig: go.Figure, name: str) -> None:
    """Every probe pixel on screen belongs to a probe mark where the figure puts it, and
    every probe mark in view shows."""
    points = probe_points(fig)
    assert len(points) == 8
    screen = np.array(page.evaluate(SCREEN, [DIV, points]))
    area = page.evaluate(AREA, DIV)
    shot = page.screenshot()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.png").write_bytes(shot)
    blank = page.context.new_page()
    pixels = np.array(
        blank.evaluate(PROBE_PIXELS, "data:image/png;base64," + base64.b64encode(shot).decode())
    )
    blank.close()
    # Not the legend's probe nor the range slider's miniature.
    inside = (pixels[:, 0] < area["right"]) & (pixels[:, 1] > area["top"])
    pixels = pixels[inside & (pixels[:, 1] < area["bottom"])]
    assert len(pixels), "no probe mark drawn"
    distance = np.hypot(
        pixels[:, None, 0] - screen[None, :, 0], pixels[:, None, 1] - screen[None, :, 1]
    ).min(axis=1)
    assert distance.max() <= 8, "a mark is drawn away from its place (outside its lane?)"
    low, high = sorted(area["y"])
    separators = sorted(s.y0 for s in fig.layout.shapes if s.type == "line")
    for (x_px, y_px), (_, y) in zip(screen, np.array(points), strict=True):
        if not (low < y < high) or not (area["top"] < y_px < min(area["bottom"], 1000)):
            continue
        near = np.hypot(pixels[:, 0] - x_px, pixels[:, 1] - y_px)
        assert (near <= 3).any(), f"no probe pixel at the mark at y={y}"
        band = np.searchsorted(separators, y)  # its lane: between two separators
        lane_px = page.evaluate(SCREEN, [DIV, [[0, s] for s in separators]])
        edges = [area["top"], *[p[1] for p in lane_px], area["bottom"]]
        assert edges[band] < y_px < edges[band + 1]


@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    return exported(3000, 300)


@pytest.mark.parametrize("mode", ["webgl", "svg"])
def test_hundreds_of_actors_open_readable_with_every_mark_in_its_lane(
    offline_page, export, tmp_path, mode
):
    frame = export if mode == "webgl" else export.iloc[1500:].copy()
    options = {"palette": {"probe": PROBE}, "webgl_threshold": 2000 if mode == "webgl" else 10**6}
    fig = timeline.plot(frame, **options)
    assert fig.layout.meta["mode"] == mode
    assert fig.layout.meta["lanes"] <= 25 and len(fig.layout.meta["folded"]) > 200
    path = timeline.write_html(frame, tmp_path / f"{mode}.html", **options)
    page = load(offline_page, path)
    assert_marks_in_their_lanes(page, fig, f"export-{mode}")
    ticks = page.evaluate(TICKS, DIV)
    assert ticks["x"] and max(t["bottom"] for t in ticks["x"]) < 900, "no dates on the first screen"
    assert len([t for t in ticks["y"] if t["bottom"] < 900]) >= 8, "few lane names in view"
    assert offline_page.errors == []


def test_a_huge_webgl_figure_keeps_its_marks_in_their_lanes(offline_page, export, tmp_path):
    options = {
        "palette": {"probe": PROBE},
        "max_lanes": None,
        "height": 12_000,
        "webgl_threshold": 2000,
    }
    fig = timeline.plot(export, **options)
    assert fig.layout.meta["mode"] == "webgl" and fig.layout.height <= 4096
    path = timeline.write_html(export, tmp_path / "huge.html", **options)
    offline_page.page.set_default_timeout(60_000)  # 300 lanes take a while to lay out
    page = load(offline_page, path)
    assert_marks_in_their_lanes(page, fig, "export-huge-webgl")


def in_view(page: Any, ids: pd.Series, starts: pd.Series) -> int:
    low, high = (pd.Timestamp(v) for v in page.evaluate(X_RANGE, DIV))
    return int(((starts >= low) & (starts <= high)).sum())


def test_every_preset_button_shows_events(offline_page, bundled, tmp_path):
    path = timeline.write_html(bundled, tmp_path / "bundled.html")
    page = load(offline_page, path)
    buttons = page.locator(f"#{DIV} .updatemenu-button")
    labels = [buttons.nth(i).text_content() for i in range(buttons.count())]
    assert labels[:2] == ["1w", "1m"] and labels[-1] == "all"
    starts = bundled["start"].fillna(bundled["end"])
    for label in labels:
        before = page.evaluate(X_RANGE, DIV)
        buttons.filter(has_text=label).first.click()
        page.wait_for_function(f"(id) => String({X_RANGE}(id)) !== {str(before)!r}", arg=DIV)
        assert in_view(page, bundled["id"], starts) >= 1, f"preset {label} shows no event"


def test_the_bundled_page_opens_on_november_2024(offline_page, bundled, tmp_path):
    path = timeline.write_html(bundled, tmp_path / "bundled.html")
    page = load(offline_page, path)
    low, high = (pd.Timestamp(v) for v in page.evaluate(X_RANGE, DIV))
    assert pd.Timestamp("2024-11-09") < low < pd.Timestamp("2024-11-10")
    assert pd.Timestamp("2024-12-01") < high < pd.Timestamp("2024-12-02")
    ticks = page.evaluate(TICKS, DIV)
    assert max(t["bottom"] for t in ticks["x"]) < 900


def test_a_windowed_frame_opens_on_its_window(offline_page, bundled, tmp_path):
    week = bundled.timeline.window("2024-11-17", "2024-11-24")
    assert week["span"].any()  # it keeps long spans, which must not widen the view
    page = load(offline_page, timeline.write_html(week, tmp_path / "week.html"))
    low, high = (pd.Timestamp(v) for v in page.evaluate(X_RANGE, DIV))
    assert pd.Timestamp("2024-11-16") < low < pd.Timestamp("2024-11-17")
    assert pd.Timestamp("2024-11-25") < high < pd.Timestamp("2024-11-26")


def test_hovering_the_other_lane_names_the_folded_actors(offline_page, tmp_path):
    frame = exported(80, 40, seed=11)
    fig = timeline.plot(frame, max_lanes=6)
    folded = fig.layout.meta["folded"]
    page = load(offline_page, timeline.write_html(frame, tmp_path / "other.html", max_lanes=6))
    label = page.locator(f"#{DIV} .annotation").filter(has_text=f"Other ({len(folded)} actors)")
    label.hover()
    hover = page.locator(f"#{DIV} .hoverlayer").first
    hover.wait_for(state="attached")
    page.wait_for_function(
        "(id) => document.querySelector('#' + id + ' .hoverlayer').textContent.length > 0", arg=DIV
    )
    assert folded[0] in (hover.text_content() or "")
