"""The flat CSV form of events: read with pyarrow and checked column by column."""

from __future__ import annotations

import csv
import difflib
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from timeline._frame.arrowtext import clean_cells, empty_strings, filled
from timeline._frame.errors import Problem, Unreadable
from timeline._frame.limits import limit, over_limit
from timeline._frame.pool import item
from timeline._io.csvbytes import CsvBytes
from timeline._io.csvcells import (
    LIST_SEPARATOR,
    REQUIRED_COLUMNS,
    continuation_problems,
    continuation_rows,
    filtered,
    importance_numbers,
    relation_lists,
    row_problems,
    source_lists,
    source_problems,
    split_list,
)
from timeline._io.csvlines import Lines, diagnose, first_lines, full_text, long_cells

__all__ = ["CSV_COLUMNS", "LIST_SEPARATOR", "OPTIONAL_COLUMNS", "read_csv_columns"]

CSV_COLUMNS = (
    "id", "title", "date", "end", "summary", "actors", "category", "location", "tags",
    "source_url", "source_publisher", "source_title", "source_published", "source_quote",
    "relations",
)  # fmt: skip
"""Columns of the CSV form, in the order written; ``importance`` may follow."""
OPTIONAL_COLUMNS = ("importance",)
_NAMED = 20
"""Unknown or repeated columns named one by one; past that, counted."""
PARSE_BLOCK = 1 << 22
"""Bytes pyarrow parses at a time: large blocks keep the per-chunk work after parsing small."""
_ONE_CHUNK_BYTES = 24 << 20
"""Columns smaller than this are copied into one chunk before they are worked on."""


def read_csv_columns(
    text: str | CsvBytes, file: str, pool: Executor
) -> tuple[dict[str, Any], Callable[[int, str | None], tuple[str, int | None]], list[Any]]:
    """Columns of raw values from CSV text, a locator for rows, and problems within rows.

    Columns and problems are worked out on pool: a column may be a future, and problems
    hold futures of lists of problems (``pool.ready`` and ``settled`` wait for them).
    """
    header = _header(text if isinstance(text, str) else text.header_text(), file)
    problems: list[Any] = _header_problems(header, file)
    if any(name not in header for name in REQUIRED_COLUMNS) or len(set(header)) < len(header):
        raise Unreadable(problems)
    known = [name for name in header if name in (*CSV_COLUMNS, *OPTIONAL_COLUMNS)]
    invalid: list[Any] = []

    def read(newlines_in_values: bool) -> pa.Table:
        return pcsv.read_csv(
            _buffer(text),
            read_options=pcsv.ReadOptions(column_names=header, skip_rows=1, block_size=PARSE_BLOCK),
            parse_options=pcsv.ParseOptions(
                newlines_in_values=newlines_in_values,
                # Only the careful way collects bad rows; without a handler the fast way
                # parses faster, and stops at the first bad row.
                invalid_row_handler=_collect(invalid) if newlines_in_values else None,
            ),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                include_columns=known,
                check_utf8=not isinstance(text, str),  # str was valid UTF-8 already
            ),
        )

    table = _without_newlines_in_values(text, read, invalid)
    if isinstance(text, CsvBytes) and not text.checked().plain:
        return read_csv_columns(text.text(), file, pool)  # decoding says what is wrong with it
    if table is None:
        try:
            table = read(True)
        except pa.ArrowInvalid:
            invalid.append(None)
    if invalid or table is None:
        raise Unreadable(problems + diagnose(full_text(text), file, len(header)))
    lines = Lines(text)
    empty = empty_strings(table.num_rows)
    # Every column is cleaned on the pool before any task that uses one is handed out, so a
    # task waiting for a clean column never waits for work queued behind it.
    # Line ends are \n, as when decoding: pyarrow took \r\n as a line end, but not in a cell.
    crlf = isinstance(text, CsvBytes) and text.checked().carriage
    cleaning = {name: pool.submit(_cleaned, table.column(name), crlf) for name in known}
    del table  # each column's raw chunks go once it is cleaned

    def cells(name: str) -> pa.ChunkedArray:
        return cleaning[name].result() if name in cleaning else empty

    drop, stray = _not_events(cells, cleaning)
    more = continuation_rows(cells)
    more[1:] &= ~drop[:-1]
    more &= ~drop
    events = ~more & ~drop
    event_rows, kept_rows = np.flatnonzero(events), np.flatnonzero(~drop)
    problems += [
        Problem(file, lines.line_of(int(row)), "a second header row in the data; delete it")
        for row in np.flatnonzero(stray)
    ]
    problems += continuation_problems(
        cells, more, lambda row, key: (file, lines.line_of(row)), known
    )

    def locate(row: int, key: str | None = None) -> tuple[str, int | None]:
        return file, lines.line_of(int(event_rows[row]))

    def locate_kept(row: int, key: str | None = None) -> tuple[str, int | None]:
        return file, lines.line_of(int(kept_rows[row]))

    get = filtered(cells, events)
    relations = pool.submit(lambda: relation_lists(get("relations")))
    columns: dict[str, Any] = {
        name: pool.submit(get, name) for name in ("id", "title", "date", "end", "summary")
    }
    for name in ("category", "location"):  # as the frame keeps them: a few names, often
        columns[name] = pool.submit(_encoded, get, name)
    columns["relations"] = relations
    problems.append(pool.submit(row_problems, get, locate, relations.result))
    problems.append(pool.submit(source_problems, filtered(cells, ~drop), locate_kept))
    columns["actors"] = pool.submit(lambda: split_list(get("actors")))
    columns["tags"] = pool.submit(lambda: split_list(get("tags")))
    columns["sources"] = pool.submit(source_lists, cells, more, drop)
    importance = pool.submit(lambda: importance_numbers(get("importance"), locate, get("id")))
    columns["importance"] = item(importance, 0)
    problems.append(item(importance, 1))
    return columns, locate, problems


def _cleaned(column: pa.ChunkedArray, crlf: bool) -> pa.ChunkedArray:
    """A column's cells cleaned; short columns first copied into one chunk.

    pyarrow makes a chunk per block it parsed (about a hundred for a million events), and
    every step after this one works chunk by chunk: for the short columns, one copy costs
    less than the hundred steps it saves.
    """
    if column.num_chunks > 1 and column.nbytes < _ONE_CHUNK_BYTES:
        column = pa.chunked_array([column.combine_chunks()], type=column.type)
    return clean_cells(column, crlf)


def _encoded(get: Callable[[str], pa.ChunkedArray], name: str) -> pa.DictionaryArray:
    return pc.dictionary_encode(get(name).combine_chunks())


def _not_events(
    cells: Callable[[str], pa.ChunkedArray], names: Iterable[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Rows that are no events (to drop), and among them header rows pasted into the data.

    Rows whose cells are all empty are skipped (spreadsheets export them below the data);
    pasted header rows are reported.
    """
    ids, titles = cells("id"), cells("title")
    stray = np.asarray(pc.and_(pc.equal(ids, "id"), pc.equal(titles, "title")), dtype=bool)
    blank = ~filled(ids)
    for name in names:
        if not blank.any():
            break  # rows with an id are not blank: most files are settled by one column
        blank &= ~filled(cells(name))
    return stray | blank, stray


def _collect(into: list[Any]) -> Callable[[Any], str]:
    """An invalid-row handler for pyarrow that keeps the row and skips it."""

    def handle(row: Any) -> str:
        if row.text.strip():  # a line of only spaces is no row at all
            into.append(row)
        return "skip"

    return handle


def _without_newlines_in_values(
    text: str | CsvBytes, read: Callable[[bool], pa.Table], invalid: list[Any]
) -> pa.Table | None:
    """The table read the fast way, or None when the careful way is needed.

    pyarrow splits the file into blocks at line ends to parse them in parallel, which is much
    faster but wrong where a block boundary falls inside a quoted cell that holds a line break.
    pyarrow notices that (its parser, which knows about quotes, gets "out of sync" with the
    blocks) and refuses; then, or for any other problem, the caller reads the careful way.
    """
    if isinstance(text, str) or text.header_text().count("\n") != 1:
        return None
    try:
        table = read(False)
    except pa.ArrowInvalid:
        table = None
    if table is None or invalid:
        invalid.clear()
        return None
    return table


def _buffer(text: str | CsvBytes) -> Any:
    return pa.py_buffer(text.encode("utf-8")) if isinstance(text, str) else text.path


def _header(text: str, file: str) -> list[str]:
    try:
        with long_cells():
            first = next(csv.reader(first_lines(text)), None)
    except csv.Error as error:  # such as a carriage return alone, an old Mac line end
        message = f"the header row cannot be read ({error}); save the file with usual line ends"
        raise Unreadable([Problem(file, 1, message)]) from None
    if not first or not any(cell.strip() for cell in first):
        raise Unreadable(
            [
                Problem(
                    file,
                    1,
                    "the file is empty; expected a header row "
                    f"({','.join(CSV_COLUMNS)}) and one row per event",
                )
            ]
        )
    if len(first) == 1 and (separator := next((s for s in ";\t|" if s in first[0]), None)):
        shown = {"\t": "tabs"}.get(separator, repr(separator))
        raise Unreadable(
            [
                Problem(
                    file,
                    1,
                    f"the header is one cell, {first[0]!r}: the file is separated by {shown}, "
                    "not commas; save it as comma-separated CSV (CSV UTF-8)",
                )
            ]
        )
    return [cell.strip() for cell in first]


def _header_problems(header: list[str], file: str) -> list[Problem]:
    if len(header) > limit("TIMELINE_MAX_COLUMNS"):
        message = "the header has " + over_limit("columns", len(header), "TIMELINE_MAX_COLUMNS")
        raise Unreadable([Problem(file, 1, message)])
    problems = []
    allowed = (*CSV_COLUMNS, *OPTIONAL_COLUMNS)
    unknown = [name for name in header if name not in allowed]
    for name in unknown[:_NAMED]:
        hint = difflib.get_close_matches(name, allowed, n=1)
        did_you_mean = f"; did you mean {hint[0]!r}?" if hint else ""
        problems.append(
            Problem(
                file,
                1,
                f"unknown column {name!r}{did_you_mean} (allowed: {','.join(allowed)})",
                field=name,
            )
        )
    if len(unknown) > _NAMED:
        problems.append(
            Problem(file, 1, f"{len(unknown) - _NAMED:,} more unknown columns (not named here)")
        )
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(
                Problem(
                    file, 1, f"the header has no {name!r} column, which is required", field=name
                )
            )
    counts = Counter(header)  # once over the header: a hundred thousand columns take no time
    problems += [
        Problem(file, 1, f"column {name!r} appears more than once", field=name)
        for name in sorted(name for name, n in counts.items() if n > 1)[:_NAMED]
    ]
    return problems
