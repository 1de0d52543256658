"""Event tables from CSV, Parquet and Excel files, as cells of text with the line of each row."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._errors import EventDataError, Problem

READERS = (".csv", ".tsv", ".parquet", ".xlsx", ".xlsm")
"""File extensions read_table understands."""


def load_table(path: Path) -> tuple[pd.DataFrame, Callable[[int], int | None]]:
    """The table, with blank rows dropped, and a function from row position to file line."""
    from ._read import _decode, _Unreadable

    suffix = path.suffix.lower()
    file = str(path)
    if not path.is_file():
        raise EventDataError([Problem(file, None, "no such file")])
    if suffix in (".csv", ".tsv"):
        try:
            text = _decode(path.read_bytes(), file)
        except _Unreadable as error:
            raise EventDataError(error.problems) from None
        try:
            table = pd.read_csv(
                io.StringIO(text),
                sep="\t" if suffix == ".tsv" else ",",
                dtype=str,
                keep_default_na=False,
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            detail = " ".join(str(error).split())
            at = re.search(r"line (\d+)", detail)
            raise EventDataError(
                [Problem(file, int(at[1]) if at else None, f"the table cannot be read: {detail}")]
            ) from None
        starts = _CsvLines(text, "\t" if suffix == ".tsv" else ",")
        raw_line: Any = starts.line_of
    elif suffix == ".parquet":
        table = _parsed(lambda: pd.read_parquet(path), file, "Parquet file")
        raw_line = lambda i: i + 1  # noqa: E731  (a Parquet file has rows, not lines)
    elif suffix in (".xlsx", ".xlsm"):
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            raise ImportError(
                "reading Excel files needs openpyxl; install it with "
                "pip install 'policy-timeline[excel]'"
            ) from None
        table = _parsed(
            lambda: pd.read_excel(path, engine="openpyxl", sheet_name=0), file, "Excel workbook"
        )
        raw_line = lambda i: i + 2  # noqa: E731  (row 1 is the header)
    else:
        raise ValueError(f"cannot read '{suffix}' tables; use one of {', '.join(READERS)}")
    table.columns = [str(c).strip() for c in table.columns]
    blank = table.isna() | table.astype(str).apply(lambda c: c.str.strip()).eq("")
    kept = np.flatnonzero(~blank.all(axis=1).to_numpy())
    table = table.iloc[kept].reset_index(drop=True)
    return table, lambda i: raw_line(int(kept[i]))


def _parsed(read: Callable[[], pd.DataFrame], file: str, kind: str) -> pd.DataFrame:
    """The table read, or one problem saying the file is not a readable ``kind``."""
    try:
        return read()
    except ImportError:
        raise
    except Exception as error:  # pyarrow and openpyxl raise many types on a damaged file
        detail = " ".join(str(error).split())[:200] or type(error).__name__
        raise EventDataError([Problem(file, None, f"not a readable {kind}: {detail}")]) from None


class _CsvLines:
    """The line where each data row of a CSV starts, worked out only when a problem needs it."""

    def __init__(self, text: str, separator: str) -> None:
        self._text = text
        self._separator = separator
        self._starts: list[int] | None = None

    def line_of(self, row: int) -> int | None:
        if self._starts is None:
            reader = csv.reader(io.StringIO(self._text, newline=""), delimiter=self._separator)
            starts, line = [], 1
            for number, cells in enumerate(reader):
                if number > 0 and cells:
                    starts.append(line)
                line = reader.line_num + 1
            self._starts = starts
        return self._starts[row] if row < len(self._starts) else None


def texts(column: pd.Series) -> pd.Series:
    """Cells as trimmed text ('' when empty); dates as ISO, whole numbers without '.0'."""
    if pd.api.types.is_string_dtype(column) and not pd.api.types.is_object_dtype(column):
        return column.fillna("").str.strip().astype(object)
    return column.map(_cell).astype(object)


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | pd.Timestamp):
        stamp = pd.Timestamp(value)
        return stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()
