"""Fixtures shared by the whole test suite."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import timeline

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
