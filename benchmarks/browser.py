"""How long headless Chromium takes to draw a page, and how much memory it needs meanwhile.

The clock is the page's own: ``performance.now()`` counts from navigation start. A script
injected before the page's own scripts catches ``window.Plotly`` as plotly.js defines it and
wraps ``Plotly.newPlot``, so that the first ``plotly_afterplot`` of the chart is recorded, and
then the end of the second animation frame after it, by when the browser has laid out and
painted what plotly drew ("painted"). Memory is the proportional set size (PSS) of all Chromium
processes, sampled every 50 ms; PSS counts shared pages once.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
VIEWPORT = {"width": 1400, "height": 900}

TIMING_SCRIPT = """
(() => {
  const mark = (name) => { if (window[name] === undefined) window[name] = performance.now(); };
  const watch = (gd) => {
    const element = typeof gd === "string" ? document.getElementById(gd) : gd;
    if (!element || !element.on || element.__benchmarkWatched) return;
    element.__benchmarkWatched = true;
    element.on("plotly_afterplot", () => {
      mark("__afterplot");
      requestAnimationFrame(() => requestAnimationFrame(() => mark("__painted")));
    });
  };
  const hook = (plotly) => {
    for (const method of ["newPlot", "react"]) {
      const original = plotly[method];
      if (typeof original !== "function" || original.__benchmarkWrapped) continue;
      const wrapped = function (gd, ...rest) {
        const result = original.call(this, gd, ...rest);
        watch(gd);  // afterplot is emitted asynchronously, after newPlot has returned
        return result;
      };
      wrapped.__benchmarkWrapped = true;
      plotly[method] = wrapped;
    }
  };
  let current;
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get() { return current; },
    set(value) { current = value; if (value) hook(value); },
  });
})();
"""


def available() -> str | None:
    """Why the browser step cannot run here, or None when it can."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"no Chromium at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install playwright)"
    return None


@dataclass
class Draw:
    """One page drawn: milliseconds from navigation start, and the browser's peak PSS."""

    afterplot_ms: float
    painted_ms: float
    loaded_ms: float  # the page's load event has run: all of it parsed, scripts done
    peak_mb: float


def draw_times(
    page_path: Path, repeat: int, timeout_s: float = 300.0, slow_s: float = 60.0
) -> tuple[list[Draw], str]:
    """Open the page up to ``repeat`` times, each in a fresh browser: the draws and the version.

    A draw that takes longer than ``slow_s`` is not repeated (its time is what it is); one that
    does not finish within ``timeout_s`` ends the measurement with ``TimeoutError``.
    """
    from playwright.sync_api import Error, sync_playwright

    draws: list[Draw] = []
    with sync_playwright() as playwright:
        version = ""
        while len(draws) < repeat and not (draws and draws[-1].loaded_ms > slow_s * 1000):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            version = browser.version
            sampler = _PssSampler()
            sampler.start()
            try:
                draws.append(_draw(browser, page_path, timeout_s, sampler))
            except Error as error:
                if "Timeout" not in str(error):
                    raise
                raise TimeoutError(
                    f"{page_path.name} was not drawn within {timeout_s:.0f} s"
                ) from None
            finally:
                sampler.stop()
                browser.close()
    return draws, version


def _draw(browser: Any, page_path: Path, timeout_s: float, sampler: _PssSampler) -> Draw:
    # The exported page forbids eval in its CSP; Playwright's waiting needs it.
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    page = context.new_page()
    page.add_init_script(TIMING_SCRIPT)
    page.goto(page_path.resolve().as_uri(), wait_until="commit", timeout=timeout_s * 1000)
    page.wait_for_function("window.__painted !== undefined", timeout=timeout_s * 1000, polling=100)
    afterplot, painted = page.evaluate("[window.__afterplot, window.__painted]")
    page.wait_for_load_state("load", timeout=timeout_s * 1000)
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    return Draw(float(afterplot), float(painted), float(loaded), sampler.peak / 2**20)


class _PssSampler(threading.Thread):
    """Samples the summed PSS of this process's Chromium descendants until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self._stop_event = threading.Event()
        self.peak = 0

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, sum(_pss(pid) for pid in _chromium_descendants()))
            time.sleep(0.05)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


def _chromium_descendants() -> list[int]:
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        parents[int(entry)] = int(text[text.rindex(")") + 2 :].split()[1])
        names[int(entry)] = name
    mine = {os.getpid()}
    found = []
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in mine and pid not in mine:
                mine.add(pid)
                changed = True
                if "chrom" in names[pid]:
                    found.append(pid)
    return found


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def describe(draws: list[Draw]) -> dict[str, Any]:
    """The best (fastest painted) draw and the largest peak over all runs."""
    best = min(draws, key=lambda draw: draw.painted_ms)
    return {
        "afterplot_ms": best.afterplot_ms,
        "painted_ms": best.painted_ms,
        "loaded_ms": best.loaded_ms,
        "peak_mb": max(draw.peak_mb for draw in draws),
        "runs": len(draws),
    }
