"""Fixtures of the counts tests: a generated ACLED-shaped table and one local Spark session."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

COUNTRIES = ("Ukraine", "Russia", "Belarus", "Moldova", "Poland")
TYPES = ("Battles", "Explosions/Remote violence", "Protests", "Strategic developments")


def acled_like(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` ACLED-shaped events over 2024 (ISO dates, a few countries, blank actors)."""
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
