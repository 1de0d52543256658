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


# --- Counts: a generated ACLED-shaped table and one local Spark session ----------------------

COUNTRIES = ("Ukraine", "Russia", "Belarus", "Moldova", "Poland")
TYPES = ("Battles", "Explosions/Remote violence", "Protests", "Strategic developments")


def acled_like(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` ACLED-shaped events over 2024 (ISO dates, a few countries, blank actors)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, n), unit="D")
    actors = np.array(["Military Forces of Russia", "Military Forces of Ukraine", "Protesters", ""])
    return pd.DataFrame(
        {
            "event_id_cnty": [f"EV{i}" for i in range(n)],
            "event_date": days.strftime("%Y-%m-%d"),
            "event_type": rng.choice(TYPES, n),
            "country": rng.choice(COUNTRIES, n),
            "actor1": rng.choice(actors[:3], n),
            "actor2": rng.choice(actors, n),
            "assoc_actor_1": rng.choice(np.array(["", "Civilians; Journalists", "Police"]), n),
            "fatalities": rng.poisson(0.7, n),
        }
    )


@pytest.fixture(scope="session")
def make_acled() -> Any:
    """The generator of ACLED-shaped tables, ``make_acled(n, seed=7)``."""
    return acled_like


@pytest.fixture(scope="session")
def acled(make_acled, tmp_path_factory) -> tuple[pd.DataFrame, str]:
    """5,000 generated ACLED-shaped events, as a frame and as a Parquet file."""
    frame = make_acled(5_000)
    path = tmp_path_factory.mktemp("acled") / "acled.parquet"
    frame.to_parquet(path)
    return frame, str(path)


def pandas_counts(frame: pd.DataFrame, lane: str, every: str = "week") -> pd.DataFrame:
    """The count done by hand in pandas (no empty bins): the reference the engines must equal."""
    day = pd.to_datetime(frame["event_date"])
    if every == "week":
        start = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    else:
        start = day.dt.to_period({"month": "M", "year": "Y"}[every]).dt.start_time
    counted = (
        pd.DataFrame({"lane": frame[lane], "start": start.astype("datetime64[s]")})
        .groupby(["lane", "start"])
        .size()
        .rename("count")
        .reset_index()
    )
    return counted.sort_values(["lane", "start"], ignore_index=True)


@pytest.fixture(scope="session")
def by_hand() -> Any:
    """``by_hand(frame, lane, every="week")``: the count done in pandas, for comparison."""
    return pandas_counts


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session (2 cores) for the session; skipped without pyspark, failed in CI."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        message = "pyspark is not installed: pip install 'policy-timeline[spark]'"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    import tempfile

    with tempfile.TemporaryDirectory() as warehouse:
        session = (
            SparkSession.builder.master("local[2]")
            .appName("policy-timeline-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.warehouse.dir", warehouse)
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()
