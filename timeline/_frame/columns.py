"""The columns the plot reads, from any frame that has the documented ones."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

from timeline._frame.dates import parse_columns
from timeline._frame.model import COLUMNS, LIST_FIELDS

REQUIRED = ("title",)


def plot_columns(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of the events with a RangeIndex and every column the plot reads, typed.

    Missing optional columns get their empty value; ``start``/``end``/``precision``/
    ``approximate``/``uncertain``/``span`` are parsed from ``date``/``end_date`` when absent,
    so a frame of plain dates also works. Text columns are kept as they are (they may hold
    missing values): converting a million strings would cost more than drawing them.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(
            f"expected an events DataFrame, not {type(df).__name__}; read files with "
            "timeline.read_events(path), or build one with timeline.events_frame(records)"
        )
    missing = [name for name in REQUIRED if name not in df.columns]
    if "date" not in df.columns and "start" not in df.columns:
        missing.append("date (or start)")
    if missing:
        raise ValueError(
            f"the events frame lacks the column(s) {', '.join(missing)}; "
            "see docs/format.md for the columns of an events frame"
        )
    n = len(df)
    out = pd.DataFrame(index=pd.RangeIndex(n))
    out["id"] = _kept(df["id"]) if "id" in df else pd.Series(df.index.astype(str), dtype=object)
    out["title"] = _kept(df["title"])
    if "start" in df:
        out["date"] = _kept(df["date"]) if "date" in df else _iso(df["start"])
        out["end_date"] = _kept(df["end_date"]) if "end_date" in df else np.nan
        out["start"] = _stamps(df["start"])
        out["end"] = _stamps(df["end"]) if "end" in df else out["start"]
        precision = df["precision"] if "precision" in df else pd.Series("day", index=df.index)
        out["precision"] = precision.astype(object).fillna("day").map(str).to_numpy()
        for flag in ("approximate", "uncertain"):
            values = df[flag] if flag in df else pd.Series(False, index=df.index)
            out[flag] = values.fillna(False).to_numpy(dtype=bool)
        if "span" in df:
            out["span"] = df["span"].fillna(False).to_numpy(dtype=bool)
        else:
            ends = out["end_date"].astype(object).fillna("").map(str).str.strip().ne("")
            out["span"] = ends.to_numpy() | _text(out["date"]).str.contains("/").to_numpy()
    else:
        out["date"] = _text(df["date"])
        out["end_date"] = _optional_text(df, "end_date")
        dates = parse_columns(out["date"], out["end_date"])
        out["start"], out["end"] = dates.start, dates.end
        out["precision"] = dates.precision
        out["approximate"], out["uncertain"] = dates.approximate, dates.uncertain
        out["span"] = dates.span
        out["end_date"] = out["end_date"].where(out["end_date"].ne(""), np.nan)
    out["summary"] = _kept(df["summary"]) if "summary" in df else ""
    for name in ("category", "location"):
        out[name] = df[name].reset_index(drop=True) if name in df else np.nan
    for name in LIST_FIELDS:
        out[name] = _lists(df[name]) if name in df else pd.Series([[]] * n, dtype=object)
    importance = df["importance"] if "importance" in df else pd.Series(np.nan, index=df.index)
    out["importance"] = pd.to_numeric(importance, errors="coerce").to_numpy(dtype=float)
    for name in df.columns:  # other columns stay available as lanes or colours
        if name not in out:
            out[name] = df[name].reset_index(drop=True)
    return out


class ColumnError(KeyError, ValueError):
    """A column named for lanes or colours that the frame does not have (a KeyError, too)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def check_grouping(df: pd.DataFrame, name: object, role: str) -> None:
    """Raise when column ``name`` cannot give the events their ``role`` ("lane", "color").

    TypeError for a name that is no text; ColumnError (a KeyError and a ValueError) for a
    column the frame lacks, with the nearest name; ValueError for a column of mappings
    (``sources``, ``relations``), which name nothing to group by.
    """
    if not isinstance(name, str):
        raise TypeError(f"{role} must be a column name (text), not {type(name).__name__}")
    what = "lanes" if role == "lane" else "colours"
    if name not in df.columns:
        columns = [str(c) for c in df.columns]
        hint = difflib.get_close_matches(name, columns, n=1)
        did_you_mean = f"; did you mean {hint[0]!r}?" if hint else ""
        raise ColumnError(
            f"no column {name!r} to draw {what} from{did_you_mean} (columns: {', '.join(columns)})"
        )
    if _holds_mappings(df[name]):
        raise ValueError(
            f"the column {name!r} holds mappings (such as sources or relations), which cannot "
            f"be {what}; use a column of names or text, such as actors, tags, category or location"
        )


def _holds_mappings(values: pd.Series) -> bool:
    if isinstance(values.dtype, pd.ArrowDtype):
        kind = values.dtype.pyarrow_dtype
        while pa.types.is_list(kind) or pa.types.is_large_list(kind):
            kind = kind.value_type
        return pa.types.is_struct(kind) or pa.types.is_map(kind)
    if values.dtype != object:
        return False
    for value in values.dropna().head(20):  # object columns: the first values tell
        items = value if isinstance(value, list | tuple | np.ndarray) else [value]
        if any(isinstance(item, Mapping) for item in items):
            return True
    return False


def complete_columns(df: pd.DataFrame) -> pd.DataFrame:
    """df when it has every column of an events frame; else the columns ``plot`` reads.

    So that the writers take every frame ``plot`` takes (one of only id, title and date, too).
    """
    if isinstance(df, pd.DataFrame) and all(name in df.columns for name in COLUMNS):
        return df
    out = plot_columns(df)
    out.attrs.update(df.attrs)
    return out


def with_text(events: pd.DataFrame) -> pd.DataFrame:
    """The rows given, with their text columns as Python strings ("" where missing)."""
    out = events.copy()
    for name in ("id", "title", "date", "end_date", "summary"):
        out[name] = _text(out[name]).to_numpy()
    return out


def _kept(values: pd.Series) -> pd.Series:
    return values.reset_index(drop=True)


def _text(values: pd.Series) -> pd.Series:
    text = values.astype(object).where(values.notna(), "").map(str)
    return pd.Series(text.to_numpy(), dtype=object)


def _optional_text(df: pd.DataFrame, name: str) -> pd.Series:
    if name not in df:
        return pd.Series([""] * len(df), dtype=object)
    return _text(df[name])


def _stamps(values: pd.Series) -> np.ndarray:
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = pd.to_datetime(values, errors="coerce")
    return values.to_numpy(dtype="datetime64[s]")


def _iso(values: pd.Series) -> pd.Series:
    text = pd.to_datetime(values, errors="coerce").dt.strftime("%Y-%m-%d").fillna("")
    return pd.Series(text.to_numpy(), dtype=object)


def _lists(values: pd.Series) -> pd.Series:
    """Arrow list columns as they are; in an object column, a missing value becomes []."""
    if isinstance(values.dtype, pd.ArrowDtype):
        return values.reset_index(drop=True)
    array = values.to_numpy(dtype=object).copy()
    for i in np.flatnonzero(pd.isna(values).to_numpy(dtype=bool)):
        array[i] = []
    return pd.Series(array, dtype=object)
