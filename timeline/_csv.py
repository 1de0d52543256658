"""The flat CSV form of events: read with pyarrow and checked column by column."""

from __future__ import annotations

import contextlib
import csv
import difflib
import io
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from ._arrowtext import (
    byte_table,
    clean_cells,
    drop_rows,
    empty_as_null,
    empty_strings,
    first_bytes,
    rows_with_bytes,
    struct_lists,
)
from ._csvbytes import CsvBytes
from ._dates import parse_columns
from ._errors import Problem
from ._model import RELATION, RELATION_TYPES, SOURCE, SOURCE_FIELDS, STRING_LIST
from ._records import url_problem

CSV_COLUMNS = (
    "id", "title", "date", "end", "summary", "actors", "category", "location", "tags",
    "source_url", "source_publisher", "source_title", "source_published", "source_quote",
    "relations",
)  # fmt: skip
"""Columns of the CSV form, in the order written; ``importance`` may follow."""
OPTIONAL_COLUMNS = ("importance",)
REQUIRED_COLUMNS = ("id", "title", "date")
LIST_SEPARATOR = ";"
_BLOCK = 1 << 22
"""Bytes pyarrow parses at a time: large blocks keep the per-chunk work after parsing small."""
_WORKERS = min(8, max(2, os.cpu_count() or 2))
"""Threads for independent columns: Arrow and numpy let go of the GIL while they work."""


def _full_text(text: str | CsvBytes) -> str:
    return text if isinstance(text, str) else text.text()


class CsvRefused(Exception):
    """The CSV cannot be read at all; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def read_csv_columns(
    text: str | CsvBytes, file: str
) -> tuple[dict[str, Any], Callable[[int, str | None], tuple[str, int | None]], list[Problem]]:
    """Columns of raw values from CSV text, a locator for rows, and problems within rows."""
    header = _header(text if isinstance(text, str) else text.header_text(), file)
    problems = _header_problems(header, file)
    if any(name not in header for name in REQUIRED_COLUMNS) or len(set(header)) < len(header):
        raise CsvRefused(problems)
    known = [name for name in header if name in (*CSV_COLUMNS, *OPTIONAL_COLUMNS)]
    invalid: list[Any] = []

    def read(newlines_in_values: bool) -> pa.Table:
        return pcsv.read_csv(
            _buffer(text, newlines_in_values),
            read_options=pcsv.ReadOptions(column_names=header, skip_rows=1, block_size=_BLOCK),
            parse_options=pcsv.ParseOptions(
                newlines_in_values=newlines_in_values,
                invalid_row_handler=_collect(invalid),
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
        return read_csv_columns(text.text(), file)  # decoding says what is wrong with it
    if table is None:
        try:
            table = read(True)
        except pa.ArrowInvalid:
            invalid.append(None)
    if invalid or table is None:
        raise CsvRefused(problems + _diagnose(_full_text(text), file, len(header)))
    lines = _Lines(text)
    n = table.num_rows
    # Column by column, so that each column's raw chunks are freed once it is cleaned.
    raw = dict(zip(table.column_names, table.columns, strict=True))
    del table
    # Arrow and numpy let go of the GIL: independent columns are worked on side by side.
    with ThreadPoolExecutor(_WORKERS) as pool:
        cleaned = pool.map(lambda name: clean_cells(raw.pop(name)), known)
        cells = dict(zip(known, cleaned, strict=True))
    empty = empty_strings(n)
    get_all = lambda name: cells.get(name, empty)  # noqa: E731
    # Rows that are no events: header rows pasted into the data (reported), and rows whose
    # cells are all empty (spreadsheets export them below the data; skipped).
    stray = np.asarray(
        pc.and_(pc.equal(get_all("id"), "id"), pc.equal(get_all("title"), "title")), dtype=bool
    )
    blank = np.asarray(pc.equal(get_all("id"), ""), dtype=bool)
    for column in cells.values():
        if not blank.any():
            break  # rows with an id are not blank: most files are settled by one column
        blank[blank] = np.asarray(pc.equal(column.filter(pa.array(blank)), ""), dtype=bool)
    drop = stray | blank
    more = _continuation(get_all)
    more[1:] &= ~drop[:-1]
    more &= ~drop
    event_rows = np.flatnonzero(~more & ~drop)
    keep = pa.array(~more & ~drop)
    problems += [
        Problem(file, lines.line_of(int(row)), "a second header row in the data; delete it")
        for row in np.flatnonzero(stray)
    ]

    def locate(row: int, key: str | None = None) -> tuple[str, int | None]:
        return file, lines.line_of(int(event_rows[row]))

    get = _filtered(get_all, ~more & ~drop)
    rows = np.flatnonzero(~drop)
    with ThreadPoolExecutor(_WORKERS) as pool:
        relations = pool.submit(lambda: _relations(get("relations")))
        found = [
            pool.submit(_row_problems, get, locate, relations.result),
            pool.submit(
                _source_problems,
                _filtered(get_all, ~drop),
                lambda row, key: (file, lines.line_of(int(rows[row]))),
            ),
        ]
        work = {
            name: pool.submit(get, name) for name in ("id", "title", "date", "end", "summary",
                                                      "category", "location")
        }  # fmt: skip
        work["actors"] = pool.submit(lambda: _split_list(get("actors")))
        work["tags"] = pool.submit(lambda: _split_list(get("tags")))
        work["sources"] = pool.submit(_sources, get_all, more, drop)
        work["relations"] = relations
    for part in found:
        problems += part.result()
    columns: dict[str, Any] = {name: future.result() for name, future in work.items()}
    columns["importance"] = _importance(cells.get("importance"), keep, locate, problems, get("id"))
    return columns, locate, problems


def _filtered(get: Callable[[str], pa.Array], mask: np.ndarray) -> Callable[[str], pa.Array]:
    """``get`` restricted to the rows in mask, each column filtered once (or not at all)."""
    if mask.all():
        return get
    done: dict[str, pa.Array] = {}

    def filtered(name: str) -> pa.Array:
        if name not in done:
            done[name] = drop_rows(get(name), mask)
        return done[name]

    return filtered


def _continuation(get: Callable[[str], pa.Array]) -> np.ndarray:
    """Rows that only add another source to the event of the row above (same id, no title/date)."""
    ids = get("id")
    blank = np.asarray(pc.and_(pc.equal(get("title"), ""), pc.equal(get("date"), "")), dtype=bool)
    same = np.zeros(len(ids), dtype=bool)
    if len(ids) > 1:
        repeated = pc.and_(pc.equal(ids[1:], ids[:-1]), pc.not_equal(ids[1:], ""))
        same[1:] = np.asarray(repeated, dtype=bool)
    return same & blank


def _collect(into: list[Any]) -> Callable[[Any], str]:
    """An invalid-row handler for pyarrow that keeps the row and skips it."""

    def handle(row: Any) -> str:
        if row.text.strip():  # a line of only spaces is no row at all
            into.append(row)
        return "skip"

    return handle


def _fixed(message: str) -> Callable[[int], str]:
    return lambda _: message


@contextlib.contextmanager
def _long_cells() -> Iterator[None]:
    """Let the csv module read cells as long as pyarrow reads (its own limit is 128 KiB)."""
    limit = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(limit)


def _without_newlines_in_values(
    text: str | CsvBytes, read: Callable[[bool], pa.Table], invalid: list[Any]
) -> pa.Table | None:
    """The table read the fast way, which is right only if no cell holds a line break.

    pyarrow splits the file into blocks at line ends to parse them in parallel, which is much
    faster but goes wrong where a quoted cell holds a line break. That is known after the fact:
    when every line of the file became a row, no line break was inside a cell. Otherwise (or
    for any problem) None, and the caller reads the file the careful way.
    """
    if isinstance(text, str) or text.header_text().count("\n") != 1:
        return None
    try:
        table = read(False)
    except pa.ArrowInvalid:
        table = None
    lines = text.lines_if_none_empty()  # counted beside the parse
    if table is None or invalid or lines is None or table.num_rows + 1 != lines:
        invalid.clear()
        return None
    return table


def _buffer(text: str | CsvBytes, careful: bool) -> Any:
    if isinstance(text, str):
        return pa.py_buffer(text.encode("utf-8"))
    return text.careful_source() if careful else text.path


def _header(text: str, file: str) -> list[str]:
    try:
        with _long_cells():
            first = next(csv.reader(_first_lines(text)), None)
    except csv.Error as error:  # such as a carriage return alone, an old Mac line end
        message = f"the header row cannot be read ({error}); save the file with usual line ends"
        raise CsvRefused([Problem(file, 1, message)]) from None
    if not first or not any(cell.strip() for cell in first):
        raise CsvRefused(
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
        raise CsvRefused(
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
    problems = []
    allowed = (*CSV_COLUMNS, *OPTIONAL_COLUMNS)
    for name in header:
        if name not in allowed:
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
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(
                Problem(
                    file, 1, f"the header has no {name!r} column, which is required", field=name
                )
            )
    duplicates = {name for name in header if header.count(name) > 1}
    problems += [
        Problem(file, 1, f"column {name!r} appears more than once", field=name)
        for name in sorted(duplicates)
    ]
    return problems


def _diagnose(text: str, file: str, width: int) -> list[Problem]:
    """Line-accurate problems for a CSV that pyarrow could not split into rows."""
    problems = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        with _long_cells():
            next(reader)
            line = reader.line_num + 1
            for row in reader:
                if row and len(row) != width and any(cell.strip() for cell in row):
                    fewer = len(row) < width
                    problems.append(
                        Problem(
                            file,
                            line,
                            f"row has {len(row)} cells but the header has {width}; "
                            + (
                                "a cell is missing (or a quote is unbalanced)"
                                if fewer
                                else "there is an extra cell (quote cells that contain commas)"
                            ),
                        )
                    )
                line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(file, line, _quote_problem(str(error))))
    if not problems:
        problems.append(Problem(file, None, "the CSV could not be split into rows"))
    return problems


def _quote_problem(error: str) -> str:
    if "expected after" in error:
        return (
            "a quoted cell goes on after its closing quote; quote the whole cell and "
            'double every quote inside it ("")'
        )
    return f"a quoted cell that starts here is never closed (unbalanced '\"'): {error}"


def _first_lines(text: str) -> Iterator[str]:
    """The lines of text one by one, without copying the rest (the header needs only one)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


class _Lines:
    """The line where each data row starts, worked out only when a problem needs it."""

    def __init__(self, text: str | CsvBytes) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def line_of(self, row: int) -> int | None:
        if self._starts is None:
            reader = csv.reader(io.StringIO(_full_text(self._text), newline=""))
            starts = []
            line = 1
            with _long_cells():
                for number, cells in enumerate(reader):
                    # pyarrow skips empty lines and (through _collect) lines of only spaces.
                    if number > 0 and cells and (len(cells) > 1 or cells[0].strip()):
                        starts.append(line)
                    line = reader.line_num + 1
            self._starts = starts
        return self._starts[row] if row < len(self._starts) else None


def _row_problems(
    get: Callable[[str], pa.Array],
    locate: Callable[[int, str | None], tuple[str, int | None]],
    get_relations: Callable[[], pa.Array],
) -> list[Problem]:
    problems: list[Problem] = []
    ids = get("id")

    def report(mask: Any, key: str, message: Callable[[int], str]) -> None:
        for row in np.flatnonzero(np.asarray(mask, dtype=bool)):
            file, line = locate(int(row), key)
            event = ids[int(row)].as_py() or None
            problems.append(Problem(file, line, message(int(row)), event, key))

    for key in REQUIRED_COLUMNS:
        report(pc.equal(get(key), ""), key, _fixed(f"'{key}' is required and missing"))
    bad_id = _bad_ids(ids)
    report(
        bad_id,
        "id",
        lambda r: (
            f"{ids[r].as_py()!r} is not a valid id; use letters, digits, '-', '_' or "
            "'.', starting with a letter or digit (for example us-apl-approval)"
        ),
    )
    relations = get_relations()  # split by another task, which was handed out first
    parent = np.asarray(pc.list_parent_indices(relations))
    flat = pc.list_flatten(relations)
    kinds = flat.field("type")
    targets = flat.field("target")
    no_target = np.asarray(pc.equal(targets, ""), dtype=bool)
    bad_kind = ~np.asarray(pc.is_in(kinds, pa.array(RELATION_TYPES)), dtype=bool) & ~no_target
    for at in np.flatnonzero(no_target | bad_kind):
        row, kind = int(parent[at]), kinds[int(at)].as_py()
        if no_target[at]:
            message = f"{kind!r} is not type:target (for example responds_to:us-apl-approval)"
        else:
            hint = difflib.get_close_matches(kind, RELATION_TYPES, n=1)
            did_you_mean = f"did you mean {hint[0]!r}? " if hint else ""
            message = (
                f"{kind!r} is not a relation type; {did_you_mean}"
                f"allowed: {', '.join(RELATION_TYPES)}"
            )
        file, line = locate(row, "relations")
        problems.append(Problem(file, line, message, ids[row].as_py() or None, "relations"))
    return problems


def _source_problems(
    get: Callable[[str], pa.Array], locate: Callable[[int, str | None], tuple[str, int | None]]
) -> list[Problem]:
    """Problems in the source cells of every row, continuation rows included."""
    problems: list[Problem] = []
    ids = get("id")
    urls = get("source_url")
    bad_url = _bad_urls(urls)
    for row in np.flatnonzero(np.asarray(bad_url, dtype=bool)):
        file, line = locate(int(row), "source_url")
        message = url_problem(urls[int(row)].as_py())
        problems.append(Problem(file, line, message, ids[int(row)].as_py() or None, "source_url"))
    published = parse_columns(get("source_published"))
    for at, (_, message) in sorted(published.errors.items()):
        file, line = locate(at, "source_published")
        problems.append(Problem(file, line, message, ids[at].as_py() or None, "source_published"))
    return problems


_ID_BYTES = byte_table(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
_ID_FIRST = byte_table(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_URL = r"(?i)^https?://[^\s/$.?#]\S*$"
"""A web address as the CSV reader takes it (RE2: ``\\s`` is ASCII whitespace)."""
_URL_SPACE = byte_table(b"\t\n\x0c\r ")
_NOT_URL_HOST = byte_table(b"\x00\t\n\x0c\r /$.?#")


def _per_chunk(check: Callable[[pa.Array], np.ndarray], column: pa.ChunkedArray) -> np.ndarray:
    parts = [check(chunk) for chunk in column.chunks]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def _bad_ids(ids: pa.ChunkedArray) -> np.ndarray:
    """Ids that do not match ID_PATTERN, read from their bytes (a regex took longer)."""

    def bad(chunk: pa.Array) -> np.ndarray:
        given = np.asarray(pc.not_equal(chunk, ""), dtype=bool)
        wrong = rows_with_bytes(chunk, ~_ID_BYTES) | ~_ID_FIRST[first_bytes(chunk)]
        return given & wrong

    return _per_chunk(bad, ids)


def _bad_urls(urls: pa.ChunkedArray) -> np.ndarray:
    """Source addresses that do not match _URL; the regex runs only where bytes leave doubt."""

    def bad(chunk: pa.Array) -> np.ndarray:
        plain = np.zeros(len(chunk), dtype=bool)
        for scheme in ("https://", "http://"):
            plain |= (
                np.asarray(pc.starts_with(chunk, scheme), dtype=bool)
                & ~_NOT_URL_HOST[first_bytes(chunk, len(scheme))]
            )
        plain &= ~rows_with_bytes(chunk, _URL_SPACE)
        doubt = np.flatnonzero(~plain & np.asarray(pc.not_equal(chunk, ""), dtype=bool))
        found = np.zeros(len(chunk), dtype=bool)
        if len(doubt):
            matched = pc.match_substring_regex(chunk.take(pa.array(doubt)), _URL)
            found[doubt] = ~np.asarray(matched, dtype=bool)
        return found

    return _per_chunk(bad, urls)


def _split_list(column: pa.Array) -> pa.Array:
    """'a; b;;c' cells to lists of trimmed, non-empty names."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    # Empty cells as nulls split into no names; then, unless a cell has an empty name
    # between separators, the trimmed names are the lists' values as they are.
    pieces = pc.split_pattern(empty_as_null(column), LIST_SEPARATOR)
    if not pieces.offset:
        names = pc.utf8_trim_whitespace(pieces.values)
        if not pc.any(pc.equal(names, "")).as_py():
            return pa.ListArray.from_arrays(pieces.offsets, names).cast(STRING_LIST)
    pieces = pc.split_pattern(column, LIST_SEPARATOR)
    flat = pc.utf8_trim_whitespace(pc.list_flatten(pieces))
    parent = np.asarray(pc.list_parent_indices(pieces))
    keep = np.asarray(pc.not_equal(flat, ""), dtype=bool)
    counts = np.bincount(parent[keep], minlength=len(column))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), flat.filter(pa.array(keep))).cast(
        STRING_LIST
    )


def _sources(get: Callable[[str], pa.Array], more: np.ndarray, drop: np.ndarray) -> pa.Array:
    """One list of sources per event: its own row's source and those of continuation rows."""
    parts = [get(f"source_{name}") for name in SOURCE_FIELDS]
    given = np.zeros(len(more), dtype=bool)
    for part in parts:
        given |= np.asarray(pc.not_equal(part, ""), dtype=bool)
    given &= ~drop
    starts = ~more & ~drop
    owner = np.cumsum(starts) - 1
    counts = np.bincount(owner[given], minlength=int(starts.sum()))
    offsets = np.concatenate([[0], np.cumsum(counts)])
    return struct_lists(offsets, [drop_rows(part, given) for part in parts], list(SOURCE))


def _relations(column: pa.Array) -> pa.Array:
    """'type:target; type:target' cells to lists of {type, target}."""
    pairs = _split_list(column)
    parts = pc.split_pattern(pc.list_flatten(pairs), ":", max_splits=1)
    kind = pc.utf8_trim_whitespace(pc.list_element(parts, 0))
    structs = pa.StructArray.from_arrays([kind, _second(parts)], fields=list(RELATION))
    return pa.ListArray.from_arrays(pairs.offsets, structs)


def _second(parts: pa.Array) -> pa.Array:
    """The trimmed second element of each list, or '' where there is none."""
    has = pc.greater(pc.list_value_length(parts), 1)
    if not len(parts):
        return pa.array([], type=pa.string())
    # A second element, or "" from a stand-in list for pairs without one.
    pairs = pc.if_else(has, parts, pa.scalar(["", ""], type=parts.type))
    return pc.utf8_trim_whitespace(pc.list_element(pairs, 1))


def _importance(
    column: pa.Array | None,
    keep: pa.Array,
    locate: Callable[[int, str | None], tuple[str, int | None]],
    problems: list[Problem],
    ids: pa.Array,
) -> np.ndarray:
    n = pc.sum(keep).as_py() or 0
    if column is None:
        return np.full(n, np.nan)
    column = column.filter(keep)
    given = np.asarray(pc.not_equal(column, ""), dtype=bool)
    numbers = np.full(n, np.nan)
    try:  # every number at once; cell by cell only to say which is not one
        numbers[given] = np.asarray(pc.cast(column.filter(pa.array(given)), pa.float64()))
        return numbers
    except pa.ArrowInvalid:
        pass
    for row in np.flatnonzero(given):
        text = column[int(row)].as_py()
        try:
            numbers[row] = float(text)
        except ValueError:
            file, line = locate(int(row), "importance")
            problems.append(
                Problem(
                    file,
                    line,
                    f"{text!r} is not a number; write importance as a number such as 3",
                    ids[int(row)].as_py() or None,
                    "importance",
                )
            )
    return numbers
