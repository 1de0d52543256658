"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import timeline
from benchmarks.browser import ARGS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def bundled() -> pd.DataFrame:
    """The bundled landmine/ATACMS events, read once per session (do not modify; copy first)."""
    return timeline.read_events(DATA)


@pytest.fixture
def events(bundled: pd.DataFrame) -> pd.DataFrame:
    """A fresh copy of the bundled events that a test may change."""
    return bundled.copy()


# --- A real browser (Debian's Chromium through Playwright) -------------------------------------

CHROMIUM_ARGS = ARGS
"""Chromium's flags, shared with the benchmarks: no sandbox (root), no background networking."""
ARTIFACTS = ROOT / "test-artifacts"
"""Screenshots and other test artifacts (ignored by git)."""

# Replaces window.open so that a test sees what the page asked to open and nothing opens.
_RECORD_WINDOW_OPEN = """
window.__openedUrls = [];
window.open = function (url, target, features) {
  window.__openedUrls.push([String(url), String(target), String(features)]);
  return null;
};
"""


def find_chromium() -> str | None:
    """Debian's Chromium, or any ``chromium`` on PATH."""
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the Chromium to test with; skipped when missing, failed under ``CI=true``."""
    path = find_chromium()
    if path is None:
        message = "Chromium not found; install it with `apt-get install chromium` (Debian/Ubuntu)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    """A headless Chromium driven by Playwright's sync API, shared by the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@dataclass
class OfflinePage:
    """A browser page that may load only its own file: every other request is blocked and kept."""

    page: Any
    url: str = ""
    requests: list[str] = field(default_factory=list)
    """Every request other than the page itself (all blocked), in order."""
    errors: list[str] = field(default_factory=list)
    """Console errors and uncaught exceptions, in order."""

    def open(self, path: Path) -> Any:
        """Load a local file over file:// and wait until it has loaded."""
        self.url = path.resolve().as_uri()
        self.page.goto(self.url, wait_until="load")
        return self.page

    def opened(self) -> list[list[str]]:
        """The ``window.open(url, target, features)`` calls the page made (none really opens)."""
        return list(self.page.evaluate("window.__openedUrls || []"))

    def _route(self, route: Any) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _request(self, request: Any) -> None:
        if request.url != self.url and not request.url.startswith(("data:", "blob:")):
            self.requests.append(request.url)


@pytest.fixture
def offline_page(browser: Any) -> Iterator[OfflinePage]:
    """A fresh page with the network blocked and recorded, console errors and window.open kept."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(10_000)
    offline = OfflinePage(page)
    context.route("**/*", offline._route)
    context.on("request", offline._request)
    page.on("console", offline._console)
    page.on("pageerror", lambda error: offline.errors.append(str(error)))
    page.add_init_script(_RECORD_WINDOW_OPEN)
    try:
        yield offline
    finally:
        context.close()
