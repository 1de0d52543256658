"""Read events from YAML, JSON and CSV files or folders into the events frame."""

from __future__ import annotations

import bisect
import contextlib
import gc
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from timeline._frame.build import assemble
from timeline._frame.errors import EventDataError, Problem, Unreadable
from timeline._frame.model import LIST_DTYPES, LIST_FIELDS, TEXT_FIELDS
from timeline._frame.pool import WORKERS, ready, settled
from timeline._frame.validate import check_events
from timeline._io.csvbytes import open_csv
from timeline._io.csvfile import read_csv_columns
from timeline._io.decode import decode_text
from timeline._io.documents import Locate, Part, read_document

READERS = (".yaml", ".yml", ".json", ".csv")
"""File extensions read_events understands."""


def read_events(*paths: str | os.PathLike[str]) -> pd.DataFrame:
    """Read events from files or folders (YAML, JSON, CSV) into one events frame.

    Parameters
    ----------
    *paths
        Files, or folders whose ``.yaml``, ``.yml``, ``.json`` and ``.csv`` files are read
        in name order. Ids must be unique across everything read together. Any path you
        name is read, ``../data`` and dot-folders included; inside a folder, dot-files and
        dot-folders (``.git``, ``.ipynb_checkpoints``) are skipped.

    Returns
    -------
    pandas.DataFrame
        One row per event with the columns described in ``docs/format.md``; ``df.attrs``
        holds the dataset ``title``, ``description`` and ``categories`` when given.

    Raises
    ------
    EventDataError
        Listing every problem in every file, each with file, line, event and field.

    Examples
    --------
    >>> df = read_events("data")
    >>> list(df.columns[:4])
    ['id', 'title', 'date', 'end_date']
    >>> df.set_index("id").loc["mbt-adopted", ["date", "precision"]].tolist()
    ['1997-09-18', 'day']
    """
    files, problems = _expand(paths)
    return _read_files([(file, file.suffix.lower()) for file in files], problems)


def read_events_as(path: str | os.PathLike[str], suffix: str) -> pd.DataFrame:
    """Read one file as the format ``suffix`` (one of READERS) names, whatever its own."""
    file = Path(path)
    if not file.is_file():
        raise EventDataError([Problem(str(file), None, "no such file")])
    return _read_files([(file, suffix)], [])


def _read_files(files: list[tuple[Path, str]], problems: list[Any]) -> pd.DataFrame:
    """The events of each file, read as the format its suffix names."""
    parts: list[Part] = []
    attrs: dict[str, Any] = {}
    with _no_cycle_collection(), ThreadPoolExecutor(WORKERS) as pool:
        for file, suffix in files:
            try:
                file_parts, found, file_attrs = _read_file(file, suffix, pool)
            except Unreadable as error:
                problems += error.problems
                continue
            except (PermissionError, IsADirectoryError) as error:  # a problem, not a stop
                reason = error.strerror or str(error)
                problems.append(Problem(str(file), None, f"cannot read this file ({reason})"))
                continue
            problems += found
            parts += file_parts
            _merge_attrs(attrs, file_attrs)
        columns, locate = _concat(parts)
        found, dates = check_events(columns, locate, pool)
        problems = settled(problems) + found
        if problems:
            raise EventDataError(problems)
        return assemble(columns, dates, attrs)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused while files are read, as it was before after.

    Parsing a large file makes millions of dicts, lists and texts, and each collection that
    their number sets off walks all of them again: half the time of reading 100,000 events.
    Reading makes no reference cycles, so there is nothing for it to find; memory freed by
    reference counting is freed as always.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _expand(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    if not paths:
        raise TypeError("read_events() needs at least one file or folder")
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        if not isinstance(raw, str | os.PathLike):
            raise TypeError(
                "read_events takes paths of files or folders (str or pathlib.Path), "
                f"not {type(raw).__name__}"
            )
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in _walk(path, problems)
                if p.suffix.lower() in READERS and p.is_file() and not _hidden(p.relative_to(path))
            )
            if not found:
                problems.append(
                    Problem(
                        str(path), None, f"the folder holds no event files ({', '.join(READERS)})"
                    )
                )
            files += found
        elif path.is_file():
            if path.suffix.lower() not in READERS:
                problems.append(
                    Problem(
                        str(path),
                        None,
                        f"cannot read '{path.suffix}' files; use one of {', '.join(READERS)}",
                    )
                )
            else:
                files.append(path)
        else:
            problems.append(Problem(str(path), None, "no such file or folder"))
    return files, problems


def _hidden(inside: Path) -> bool:
    """Whether a file found inside a scanned folder is, or lies in, a dot-file or dot-folder.

    Only the part below the folder the user named counts: ``../data`` or ``.cache/events``
    named on purpose are read.
    """
    return any(part.startswith(".") for part in inside.parts)


def _walk(folder: Path, problems: list[Problem]) -> Iterator[Path]:
    """Every file under folder, and a problem for each folder that cannot be read.

    ``Path.rglob`` skips such a folder without a word, and its events with it.
    """

    def unreadable(error: OSError) -> None:
        reason = error.strerror or str(error)
        problems.append(Problem(str(error.filename), None, f"cannot read this folder ({reason})"))

    for top, folders, files in os.walk(folder, onerror=unreadable):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        yield from (Path(top, name) for name in files)


def _read_file(
    path: Path, suffix: str, pool: Executor
) -> tuple[list[Part], list[Any], dict[str, Any]]:
    file = str(path)
    if suffix == ".csv":
        with open_csv(path, lambda data: decode_text(data, file)) as source:
            columns, locate, problems = read_csv_columns(source, file, pool)
        return [(columns, locate)], problems, {}
    return read_document(decode_text(path.read_bytes(), file), file, suffix)


def _merge_attrs(into: dict[str, Any], new: Mapping[str, Any]) -> None:
    for key in ("title", "description", "focus"):
        if key in new and key not in into:
            into[key] = new[key]
    if "categories" in new:
        known = into.setdefault("categories", [])
        known += [c for c in new["categories"] if c not in known]


def _concat(parts: list[Part]) -> tuple[dict[str, Any], Locate]:
    """Join the columns read from several files or batches, with a locator over all of them.

    Text and lists stay in their pieces (chunked arrays): joining them would copy every byte.
    """
    if len(parts) == 1:
        return parts[0][0], parts[0][1]
    parts = [({name: ready(values) for name, values in part.items()}, at) for part, at in parts]
    starts = np.cumsum([0] + [len(part["id"]) for part, _ in parts]).tolist()
    columns: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        columns[name] = pa.chunked_array(
            [chunk for part, _ in parts for chunk in _chunks(part[name], pa.string())],
            type=pa.string(),
        )
    for name in LIST_FIELDS:
        kind = LIST_DTYPES[name].pyarrow_dtype
        columns[name] = pa.chunked_array(
            [chunk for part, _ in parts for chunk in _chunks(part[name], kind)], type=kind
        )
    columns["importance"] = np.concatenate(
        [np.asarray(part["importance"], dtype=float) for part, _ in parts] or [np.empty(0)]
    )

    def locate(i: int, key: str | None) -> tuple[str, int | None]:
        which = bisect.bisect_right(starts, i) - 1
        return parts[which][1](i - starts[which], key)

    return columns, locate


def _chunks(values: Any, kind: pa.DataType) -> list[pa.Array]:
    """The values as Arrow arrays of type kind (one, or a chunked array's chunks)."""
    if isinstance(values, pa.ChunkedArray):
        return (values.cast(kind) if values.type != kind else values).chunks
    if isinstance(values, pa.Array):
        return [values.cast(kind) if values.type != kind else values]
    return [pa.array(list(values), type=kind)]
