"""Lines of a CSV file, worked out only when a problem needs them.

Where each row starts, and why rows could not be split, are read with the csv module, which
follows a file line by line: slow for a large file, so never on the way of one without problems.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator

from timeline._frame.errors import Problem
from timeline._frame.fields import cells_past_header
from timeline._io.csvbytes import CsvBytes


def full_text(text: str | CsvBytes) -> str:
    """The whole text of the file (decoded when it was handed to pyarrow as bytes)."""
    return text if isinstance(text, str) else text.text()


@contextlib.contextmanager
def long_cells() -> Iterator[None]:
    """Let the csv module read cells as long as pyarrow reads (its own limit is 128 KiB)."""
    limit = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(limit)


def diagnose(text: str, file: str, width: int) -> list[Problem]:
    """Line-accurate problems for a CSV that pyarrow could not split into rows."""
    problems = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        with long_cells():
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


def overflow(text: str, file: str, delimiter: str, header: list[str]) -> list[Problem]:
    """A problem for each row with filled cells past the header, which would be lost."""
    problems = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    with long_cells():
        next(reader, None)
        line = reader.line_num + 1
        for row in reader:
            extra = [cell for cell in row[len(header) :] if cell.strip()]
            if extra:
                problems.append(
                    Problem(file, line, cells_past_header(len(row), len(header), header[-1]))
                )
            line = reader.line_num + 1
    return problems


def _quote_problem(error: str) -> str:
    if "expected after" in error:
        return (
            "a quoted cell goes on after its closing quote; quote the whole cell and "
            'double every quote inside it ("")'
        )
    return f"a quoted cell that starts here is never closed (unbalanced '\"'): {error}"


def first_lines(text: str) -> Iterator[str]:
    """The lines of text one by one, without copying the rest (the header needs only one)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


class Lines:
    """The line where each data row starts, worked out only when a problem needs it.

    By default as pyarrow reads rows, which skips lines of only spaces; with
    ``spaces_are_rows`` as pandas does, which keeps them.
    """

    def __init__(
        self, text: str | CsvBytes, delimiter: str = ",", spaces_are_rows: bool = False
    ) -> None:
        self._text = text
        self._delimiter = delimiter
        self._spaces_are_rows = spaces_are_rows
        self._starts: list[int] | None = None

    def line_of(self, row: int) -> int | None:
        if self._starts is None:
            text = io.StringIO(full_text(self._text), newline="")
            reader = csv.reader(text, delimiter=self._delimiter)
            starts = []
            line = 1
            with long_cells():
                for number, cells in enumerate(reader):
                    if number > 0 and cells and (self._spaces_are_rows or _visible(cells)):
                        starts.append(line)
                    line = reader.line_num + 1
            self._starts = starts
        return self._starts[row] if row < len(self._starts) else None


def _visible(cells: list[str]) -> bool:
    return len(cells) > 1 or bool(cells[0].strip())
