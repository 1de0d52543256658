"""Event tables from CSV, Parquet and Excel files, as cells of text with the line of each row."""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa

from timeline._frame.errors import EventDataError, Problem
from timeline._frame.limits import limit
from timeline._io.csvlines import Lines, overflow
from timeline._io.summary import summarize

READERS = (".csv", ".tsv", ".parquet", ".xlsx", ".xlsm")
"""File extensions read_table understands."""
EXCEL_ROWS = 1_048_576
"""The last row an Excel sheet can have."""
NA_VALUES = ("NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "#N/A", "-")
"""Cells that mean "missing" in tables (R writes ``NA``, Excel ``#N/A``), read as empty."""
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_OLE = b"\xd0\xcf\x11\xe0"  # the start of an old .xls file, and of a password-protected .xlsx


def load_table(
    path: Path, na_values: Iterable[str] | None = None
) -> tuple[pd.DataFrame, Callable[[int], int | None]]:
    """The table as trimmed text cells, blank rows dropped, and a function from row to file line.

    Cells that ``na_values`` holds (by default :data:`NA_VALUES`) are empty. Column names are
    trimmed and made unique (a repeated name gets ``.1``, ``.2``, ...). A file that cannot be
    read as a table raises EventDataError naming it, whatever the damage.
    """
    from timeline._frame.errors import Unreadable
    from timeline._io.decode import decode_text

    suffix = path.suffix.lower()
    file = str(path)
    if not path.is_file():
        raise EventDataError([Problem(file, None, "no such file")])
    if suffix in (".csv", ".tsv"):
        try:
            text = decode_text(path.read_bytes(), file)
        except Unreadable as error:
            raise EventDataError(error.problems) from None
        delimiter = "\t" if suffix == ".tsv" else ","
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", pd.errors.ParserWarning)
                # Not index_col=None: rows one cell longer than the header would shift every
                # cell one column left, and the ids become titles without a word.
                table = pd.read_csv(
                    io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                    index_col=False,
                )  # fmt: skip
            if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
                lost = overflow(text, file, delimiter, [str(c) for c in table.columns])
                if lost:
                    raise EventDataError(summarize(lost))
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            detail = " ".join(str(error).split())
            at = re.search(r"line (\d+)", detail)
            raise EventDataError(
                [Problem(file, int(at[1]) if at else None, f"the table cannot be read: {detail}")]
            ) from None
        starts = Lines(text, "\t" if suffix == ".tsv" else ",", spaces_are_rows=True)
        raw_line: Any = starts.line_of
    elif suffix == ".parquet":
        table = _parsed(lambda: _parquet(path, file), file, "Parquet file")
        raw_line = lambda i: i + 1  # noqa: E731  (a Parquet file has rows, not lines)
    elif suffix in (".xlsx", ".xlsm"):
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            raise ImportError(
                "reading Excel files needs openpyxl; install it with "
                "pip install 'policy-timeline[excel]'"
            ) from None
        table = _parsed(lambda: _excel(path, file), file, "Excel workbook")
        raw_line = lambda i: i + 2  # noqa: E731  (row 1 is the header)
    else:
        raise ValueError(f"cannot read '{suffix}' tables; use one of {', '.join(READERS)}")
    # By position: the names may repeat until they are made unique.
    cells = pd.DataFrame(
        {number: texts(table.iloc[:, number]).to_numpy() for number in range(table.shape[1])},
        index=pd.RangeIndex(len(table)),
    )
    names = list(_unique([str(name).strip() for name in table.columns]))
    cells.columns = pd.Index(names, dtype=object)
    given = [na_values] if isinstance(na_values, str) else na_values
    missing = [str(value).strip() for value in (NA_VALUES if given is None else given)]
    if missing:
        cells = cells.mask(cells.isin(missing), "")
    kept = np.flatnonzero(~(cells == "").all(axis=1).to_numpy())
    cells = cells.iloc[kept].reset_index(drop=True)
    return cells, lambda i: raw_line(int(kept[i]))


def _parsed(read: Callable[[], pd.DataFrame], file: str, kind: str) -> pd.DataFrame:
    """The table read, or one problem saying the file is not a readable ``kind``."""
    try:
        return read()
    except (ImportError, EventDataError):
        raise
    except Exception as error:  # pyarrow, zipfile and openpyxl raise many types on a damaged file
        message = f"not a readable {kind}: {_detail(error)}"
        raise EventDataError([Problem(file, None, message)]) from None


def _detail(error: BaseException) -> str:
    text = error.args[0] if isinstance(error, KeyError) and error.args else error
    return " ".join(str(text).split())[:200] or type(error).__name__


def _unique(names: list[str]) -> Iterator[str]:
    """Names with repeats numbered as pandas numbers them: ``a``, ``a.1``, ``a.2``."""
    seen: set[str] = set()
    for name in names:
        unique, number = name, 0
        while unique in seen:
            number += 1
            unique = f"{name}.{number}"
        seen.add(unique)
        yield unique


def _parquet(path: Path, file: str) -> pd.DataFrame:
    """The Parquet table, binary columns as text, refusing bombs and text that is not UTF-8."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as parquet:
        meta = parquet.metadata
        unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        if unpacked > limit("TIMELINE_MAX_UNPACKED_BYTES"):
            raise _too_large(file, "Parquet file", unpacked)
        table = parquet.read()
    problems: list[Problem] = []
    for number, field in enumerate(table.schema):
        column = table.column(number)
        try:
            if _text_kind(field.type) == "bytes":
                table = table.set_column(number, field.name, column.cast(pa.string()))
            else:
                column.validate(full=True)  # pyarrow reads text without checking its UTF-8
        except pa.ArrowInvalid as error:
            problems += _not_utf8(column, field.name, file, error)
    if problems:
        raise EventDataError(problems)
    return table.to_pandas()


def _not_utf8(column: pa.ChunkedArray, name: str, file: str, error: Exception) -> list[Problem]:
    """A problem for each cell of a text column that is not UTF-8 (the column's, if nested)."""
    problems = []
    if _text_kind(column.type):
        for row, value in enumerate(column.cast(pa.large_binary()).to_pylist()):
            try:
                if value is not None:
                    value.decode("utf-8")
            except UnicodeDecodeError as bad:
                message = f"not UTF-8 text (byte 0x{value[bad.start]:02x} at {bad.start})"
                problems.append(Problem(file, row + 1, message, None, name))
    message = f"the column cannot be read: {_detail(error)}"
    return problems or [Problem(file, None, message, None, name)]


def _text_kind(kind: pa.DataType) -> str:
    """'string', 'bytes' (read as text: an events table holds no other binary data) or ''."""
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return "string"
    binary = (pa.types.is_binary, pa.types.is_large_binary, pa.types.is_fixed_size_binary)
    return "bytes" if any(test(kind) for test in binary) else ""


def _excel(path: Path, file: str) -> pd.DataFrame:
    """The first sheet's cells, with its first row as the column names."""
    import openpyxl

    # openpyxl leaves a file it failed on open: we open it, and close it whatever happens.
    with path.open("rb") as handle, warnings.catch_warnings():
        # openpyxl warns that it drops parts (data validation, ...) it would not write back.
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        _check_archive(handle, file)
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
        try:
            if not book.worksheets:
                raise EventDataError([Problem(file, None, "the workbook has no worksheet")])
            rows, used = _sheet_rows(book.worksheets[0], file)
        finally:
            book.close()
        unsaved = _unsaved_formulas(handle, file, rows)
    if unsaved:
        raise EventDataError(unsaved)
    if not rows:
        return pd.DataFrame()
    header, *body = rows
    names = [_cell(header[i]) if i < len(header) else "" for i in used]
    return pd.DataFrame(
        {i: [row[i] if i < len(row) else None for row in body] for i in used}, dtype=object
    ).set_axis([name or f"Unnamed: {i}" for i, name in zip(used, names, strict=True)], axis=1)


def _unsaved_formulas(handle: BinaryIO, file: str, rows: list[tuple[Any, ...]]) -> list[Problem]:
    """A problem for each formula cell of the first sheet that has no value saved with it.

    A program that writes formulas without computing them (openpyxl, many exporters) leaves
    the value empty until Excel or LibreOffice saves the file: read as empty, the event would
    lose the cell in silence. Only a workbook with formulas is read a second time.
    """
    import openpyxl

    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        if not any(_has_formula(archive, name) for name in sheets):
            return []
    handle.seek(0)
    book = openpyxl.load_workbook(handle, read_only=True, data_only=False, keep_links=False)
    problems = []
    header = rows[0] if rows else ()
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if number > len(rows):
                break
            saved = rows[number - 1]
            for i, cell in enumerate(row):
                if cell.data_type == "f" and (i >= len(saved) or saved[i] is None):
                    column = _cell(header[i]) if i < len(header) else ""
                    message = (
                        f"cell {cell.coordinate} holds the formula {str(cell.value)[:60]!r} "
                        "but no value saved with it (or an error value); open and save the "
                        "file in Excel or LibreOffice, or write the value instead"
                    )
                    problems.append(Problem(file, number, message, None, column or None))
    finally:
        book.close()
    return problems


def _has_formula(archive: zipfile.ZipFile, name: str) -> bool:
    """Whether a sheet's XML has a formula element, read in pieces (sheets can be large)."""
    with archive.open(name) as part:
        tail = b""
        while chunk := part.read(1 << 20):
            if _FORMULA.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _sheet_rows(sheet: Any, file: str) -> tuple[list[tuple[Any, ...]], list[int]]:
    """Each row's values up to its last filled cell (error cells empty), and the filled columns.

    A column that is empty all the way down, header included, is no part of the table (a
    stray cell far to the right must not make thousands of columns).
    """
    rows: list[tuple[Any, ...]] = []
    used: set[int] = set()
    cells = 0
    too_large = ""
    sheet.reset_dimensions()  # the size a sheet states may be wrong: read the rows it has
    try:
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if number > EXCEL_ROWS:
                too_large = f"rows past row {EXCEL_ROWS:,}, the last a sheet can have"
                break
            values = [None if cell.data_type == "e" else cell.value for cell in row]
            while values and values[-1] is None:
                values.pop()
            used.update(i for i, value in enumerate(values) if value is not None)
            cells += len(values)
            if cells > (most := limit("TIMELINE_MAX_SHEET_CELLS")):
                too_large = (
                    f"more than {most:,} cells, more than read_table reads; set the "
                    "environment variable TIMELINE_MAX_SHEET_CELLS to raise it"
                )
                break
            rows.append(tuple(values))
    except Exception as error:
        after = f" after row {len(rows)}" if rows else ""
        message = f"not a readable Excel workbook: sheet {sheet.title!r}{after}: {_detail(error)}"
        raise EventDataError([Problem(file, None, message)]) from None
    if too_large:
        raise EventDataError([Problem(file, None, f"sheet {sheet.title!r} has {too_large}")])
    return rows, sorted(used)


def _check_archive(handle: BinaryIO, file: str) -> None:
    """Refuse, before openpyxl opens it, a file that is no .xlsx or would unpack without end."""
    if handle.read(len(_OLE)) == _OLE:
        message = "an old .xls workbook or a password-protected one; save it as .xlsx, unprotected"
        raise EventDataError([Problem(file, None, message)])
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        message = "not an Excel workbook: an .xlsx file is a zip archive, and this is none"
        raise EventDataError([Problem(file, None, message)]) from None
    if not any(entry.filename == "[Content_Types].xml" for entry in entries):
        message = "a zip archive, but not an Excel workbook (it has no [Content_Types].xml)"
        raise EventDataError([Problem(file, None, message)])
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limit("TIMELINE_MAX_UNPACKED_BYTES"):
        raise _too_large(file, "Excel workbook", unpacked)
    handle.seek(0)


def _too_large(file: str, kind: str, unpacked: int) -> EventDataError:
    most = limit("TIMELINE_MAX_UNPACKED_BYTES")
    message = (
        f"the {kind} unpacks to {unpacked / 2**20:,.0f} MB, more than the "
        f"{most / 2**20:,.0f} MB read_table reads; set the environment variable "
        "TIMELINE_MAX_UNPACKED_BYTES to raise it"
    )
    return EventDataError([Problem(file, None, message)])


def texts(column: pd.Series) -> pd.Series:
    """Cells as trimmed text ('' when empty); dates as ISO, whole numbers without '.0'.

    A list (a Parquet list column) becomes its items joined with '; ', as actors and tags are.
    """
    if pd.api.types.is_string_dtype(column) and not pd.api.types.is_object_dtype(column):
        return column.fillna("").str.strip().astype(object)
    return column.map(_cell).astype(object)


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple | np.ndarray):
        return "; ".join(text for text in map(_cell, value) if text)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bytes):  # already checked to be UTF-8 where a column holds bytes
        return value.decode("utf-8", errors="replace").strip()
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
