"""Instants for plotly: float seconds since 1970, datetime64 and ISO text, BCE years included."""

from __future__ import annotations

from typing import Any

import numpy as np


def seconds(values: Any) -> np.ndarray:
    """datetime64 values as float seconds since 1970, NaN for NaT."""
    stamps = np.asarray(values, dtype="datetime64[s]")
    out = stamps.astype(np.int64).astype(float)
    out[np.isnat(stamps)] = np.nan
    return out


def stamps(values: np.ndarray) -> np.ndarray:
    """Float seconds back to datetime64 for plotly (NaN becomes NaT, a gap in a line)."""
    out = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[s]")
    ok = ~np.isnan(values)
    out[ok] = values[ok].astype(np.int64).astype("datetime64[s]")
    return out


YEAR_ONE = -62135596800.0
"""1 January of year 1, in float seconds: plotly reads no date text before it (BCE)."""


def when(values: np.ndarray, compact: bool) -> np.ndarray:
    """x values for a trace on the date axis: datetime64, or float milliseconds since 1970
    when ``compact`` or when a value is BCE (plotly reads both; numbers travel as a small
    binary array, and datetime64 text of a BCE year is not a date to plotly)."""
    values = np.asarray(values, dtype=float)
    bce = bool(len(values)) and bool(np.nanmin(values, initial=np.inf) < YEAR_ONE)
    return values * 1000.0 if compact or bce else stamps(values)


def iso(values: np.ndarray) -> list[str]:
    """Float seconds as ISO date-times, the form plotly reads in layout ranges and shapes;
    a year always has four digits (``0600``, ``-0599``: 600 BCE), as plotly needs."""
    texts = np.datetime_as_string(stamps(np.asarray(values, dtype=float)), "s")
    return [_four_digit_year(str(text)) for text in texts]


def _four_digit_year(text: str) -> str:
    sign, rest = ("-", text[1:]) if text.startswith("-") else ("", text)
    year, dash, tail = rest.partition("-")
    return f"{sign}{year.zfill(4)}{dash}{tail}" if dash else text
