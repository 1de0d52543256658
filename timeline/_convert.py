"""Read and write events in every format the package knows, chosen by extension or by name."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ._read import read_events
from ._write import write_events

FORMATS = {"yaml": (".yaml", ".yml"), "json": (".json",), "csv": (".csv",)}
"""Format names and the extensions that select them."""


def format_of(path: str | os.PathLike[str]) -> str:
    """The format name a file's extension selects."""
    suffix = Path(path).suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return name
    raise ValueError(
        f"cannot tell the format of {str(path)!r}; use one of "
        f"{', '.join(s for group in FORMATS.values() for s in group)}"
    )


def read_any(path: str | os.PathLike[str], fmt: str | None = None) -> pd.DataFrame:
    """Read events from any supported format."""
    return read_events(path)


def write_any(df: pd.DataFrame, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
    """Write events in any supported format."""
    return write_events(df, path)
