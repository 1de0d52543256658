"""Limits on what one input may cost, each named, documented and raised by an environment variable.

A file that would take unbounded memory or time is refused quickly with a message naming the
limit and how to raise it (docs/format.md, "Limits").
"""

from __future__ import annotations

import os

LIMITS = {
    "TIMELINE_MAX_ALIAS_BYTES": 10_000_000,
    "TIMELINE_MAX_VALUE_BYTES": 1_000_000,
    "TIMELINE_MAX_COLUMNS": 1_000,
    "TIMELINE_MAX_UNPACKED_BYTES": 1 << 30,
    "TIMELINE_MAX_SHEET_CELLS": 50_000_000,
}
"""Each limit's environment variable and its default.

- ``TIMELINE_MAX_ALIAS_BYTES``: characters that YAML aliases may add to a document.
- ``TIMELINE_MAX_VALUE_BYTES``: characters in one value (a title, a summary, a cell).
- ``TIMELINE_MAX_COLUMNS``: columns in the header of a CSV file or table.
- ``TIMELINE_MAX_UNPACKED_BYTES``: bytes a spreadsheet (``.xlsx``) or Parquet table unpacks to.
- ``TIMELINE_MAX_SHEET_CELLS``: cells read from one spreadsheet sheet.
"""


def limit(name: str) -> int:
    """The limit ``name`` (one of :data:`LIMITS`): its environment variable, else its default.

    Examples
    --------
    >>> limit("TIMELINE_MAX_COLUMNS")
    1000
    """
    default = LIMITS[name]
    given = os.environ.get(name, "").strip().replace("_", "").replace(",", "")
    if not given:
        return default
    try:
        value = int(given)
    except ValueError:
        raise ValueError(f"{name}={os.environ[name]!r} is not a whole number") from None
    if value < 0:
        raise ValueError(f"{name}={os.environ[name]!r} must not be negative")
    return value


def over_limit(what: str, amount: int, name: str) -> str:
    """The message for ``amount`` of ``what`` over the limit ``name``.

    Examples
    --------
    >>> over_limit("columns", 5000, "TIMELINE_MAX_COLUMNS")
    '5,000 columns, over the limit of 1,000; set the environment variable TIMELINE_MAX_COLUMNS to raise it'
    """  # noqa: E501
    return (
        f"{amount:,} {what}, over the limit of {limit(name):,}; "
        f"set the environment variable {name} to raise it"
    )
