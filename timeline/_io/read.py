"""Read events from YAML, JSON and CSV files or folders into the events frame."""

from __future__ import annotations

import bisect
import contextlib
import difflib
import functools
import gc
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from timeline._frame.build import assemble
from timeline._frame.errors import EventDataError, Problem, Unreadable
from timeline._frame.model import LIST_DTYPES
from timeline._frame.pool import WORKERS, ready, settled
from timeline._frame.records import Located, check_many, columns_of, kind_name
from timeline._frame.validate import check_events
from timeline._io.csvbytes import open_csv
from timeline._io.csvfile import read_csv_columns
from timeline._io.decode import decode_text

READERS = (".yaml", ".yml", ".json", ".csv")
"""File extensions read_events understands."""
_DOCUMENT_KEYS = ("title", "description", "focus", "categories", "events")
_TEXT_COLUMNS = ("id", "title", "date", "end", "summary", "category", "location")
_LIST_COLUMNS = ("actors", "tags", "sources", "relations")

Locate = Callable[[int, "str | None"], "tuple[str, int | None]"]


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
    parts: list[tuple[dict[str, Any], Locate]] = []
    attrs: dict[str, Any] = {}
    with _no_cycle_collection(), ThreadPoolExecutor(WORKERS) as pool:
        for file, suffix in files:
            try:
                columns, locate, found, file_attrs = _read_file(file, suffix, pool)
            except Unreadable as error:
                problems += error.problems
                continue
            except (PermissionError, IsADirectoryError) as error:  # a problem, not a stop
                reason = error.strerror or str(error)
                problems.append(Problem(str(file), None, f"cannot read this file ({reason})"))
                continue
            problems += found
            parts.append((columns, locate))
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
) -> tuple[dict[str, Any], Locate, list[Any], dict[str, Any]]:
    file = str(path)
    if suffix == ".csv":
        try:
            with open_csv(path, lambda data: decode_text(data, file)) as source:
                columns, locate, problems = read_csv_columns(source, file, pool)
        except Unreadable as error:
            raise Unreadable(error.problems) from error
        return columns, locate, problems, {}
    text = decode_text(path.read_bytes(), file)
    repeated: list[Problem] = []
    if suffix == ".json":
        from timeline._io.jsonfile import load_json

        try:
            document, lines = load_json(text, file, repeated)
        except Unreadable as error:
            raise Unreadable(error.problems) from error
    else:
        from timeline._io.yamlfile import load_yaml

        try:
            document, lines = load_yaml(text, file, repeated)
        except Unreadable as error:
            raise Unreadable(error.problems) from error
    columns, locate, problems, attrs = _from_document(document, lines, file)
    return columns, locate, repeated + problems, attrs


def _from_document(
    document: Any, lines: Mapping[int, tuple[int, dict[str, int]]], file: str
) -> tuple[dict[str, Any], Locate, list[Problem], dict[str, Any]]:
    problems: list[Problem] = []
    attrs: dict[str, Any] = {}
    vocabulary: list[str] | None = None
    if isinstance(document, Mapping):

        def at(key: str | None = None) -> int:  # looked up for a problem only: JSON lines wait
            line, key_lines = lines.get(id(document), (1, {}))
            return key_lines.get(key, line) if key else line

        for key in document:
            if key not in _DOCUMENT_KEYS:
                hint = difflib.get_close_matches(str(key), _DOCUMENT_KEYS, n=1)
                did_you_mean = f"; did you mean {hint[0]!r}?" if hint else ""
                problems.append(
                    Problem(
                        file,
                        at(str(key)),
                        f"unknown top-level key {key!r}{did_you_mean} "
                        f"(allowed: {', '.join(_DOCUMENT_KEYS)})",
                        field=str(key),
                    )
                )
        for key in ("title", "description"):
            value = document.get(key)
            if value is not None:
                if isinstance(value, str | int | float):
                    attrs[key] = str(value)
                else:
                    problems.append(Problem(file, at(key), f"'{key}' must be text", field=key))
        problems += _focus(document.get("focus"), attrs, file, lambda: at("focus"))
        categories = document.get("categories")
        if categories is not None:
            if isinstance(categories, list) and all(isinstance(c, str) for c in categories):
                vocabulary = attrs["categories"] = list(categories)
            else:
                problems.append(
                    Problem(
                        file,
                        at("categories"),
                        "'categories' must be a list of names",
                        field="categories",
                    )
                )
        events = document.get("events")
        if events is None:
            problems.append(Problem(file, at(), "the file has no 'events' list", field="events"))
            events = []
        elif not isinstance(events, list):
            problems.append(
                Problem(
                    file,
                    at("events"),
                    "'events' must be a list of events, not a mapping or text",
                    field="events",
                )
            )
            events = []
    elif isinstance(document, list):
        events = document
    else:
        raise Unreadable(
            [
                Problem(
                    file,
                    1,
                    "expected a mapping with 'events' or a list of events, "
                    f"not {kind_name(document)}",
                )
            ]
        )
    made: dict[int, Located] = {}

    def located(number: int) -> Located:  # made only for an event with a problem
        if number not in made:
            event = events[number]
            where = functools.partial(_where, lines, events, number, event)
            made[number] = Located(event, file, None, resolve=where)
        return made[number]

    problems += check_many(events, located, vocabulary)
    columns = columns_of(events)
    return columns, lambda i, key: located(i).where(key), problems, attrs


def _where(
    lines: Mapping[int, tuple[int, Any]], events: list[Any], number: int, event: Any
) -> tuple[int | None, dict[str, int]]:
    """The line of event number ``number`` and of its keys, sources and relations."""
    _, item_lines = lines.get(id(events), (0, {}))
    event_line, key_lines = lines.get(id(event), (0, {}))
    entry_lines = _entry_lines(event, lines)
    return (
        event_line or item_lines.get(str(number)),
        {**key_lines, **entry_lines} if entry_lines else key_lines,
    )


def _entry_lines(event: Any, lines: Mapping[int, tuple[int, Any]]) -> dict[str, int]:
    """Lines of each source and relation of an event, keyed 'sources #1', 'relations #2'."""
    found: dict[str, int] = {}
    if isinstance(event, Mapping):
        for key in ("sources", "relations"):
            entries = event.get(key)
            if isinstance(entries, list):
                for number, entry in enumerate(entries, start=1):
                    if id(entry) in lines:
                        found[f"{key} #{number}"] = lines[id(entry)][0]
    return found


def _focus(
    value: Any, attrs: dict[str, Any], file: str, line_of: Callable[[], int]
) -> list[Problem]:
    """Keep the header's ``focus`` (where the figure opens) in attrs, or say what is wrong.

    ``line_of`` gives the line of the key, asked only for a problem (JSON lines wait).
    """
    if value is None:
        return []
    from timeline._frame.select import focus_bounds

    if not isinstance(value, str):
        return [Problem(file, line_of(), "'focus' must be text: START/END", field="focus")]
    try:
        focus_bounds(value)
    except ValueError as error:
        return [Problem(file, line_of(), f"focus: {error}", field="focus")]
    attrs["focus"] = value.strip()
    return []


def _merge_attrs(into: dict[str, Any], new: Mapping[str, Any]) -> None:
    for key in ("title", "description", "focus"):
        if key in new and key not in into:
            into[key] = new[key]
    if "categories" in new:
        known = into.setdefault("categories", [])
        known += [c for c in new["categories"] if c not in known]


def _concat(parts: list[tuple[dict[str, Any], Locate]]) -> tuple[dict[str, Any], Locate]:
    """Join the columns read from several files, with a locator over all of them."""
    if len(parts) == 1:
        return parts[0][0], parts[0][1]
    parts = [({name: ready(values) for name, values in part.items()}, at) for part, at in parts]
    starts = np.cumsum([0] + [len(part["id"]) for part, _ in parts]).tolist()
    columns: dict[str, Any] = {}
    for name in _TEXT_COLUMNS:
        columns[name] = (
            pa.concat_arrays([_as_arrow(part[name], pa.string()) for part, _ in parts])
            if parts
            else pa.array([], type=pa.string())
        )
    for name in _LIST_COLUMNS:
        kind = LIST_DTYPES[name].pyarrow_dtype
        columns[name] = (
            pa.concat_arrays([_as_arrow(part[name], kind) for part, _ in parts])
            if parts
            else pa.array([], type=kind)
        )
    columns["importance"] = np.concatenate(
        [np.asarray(part["importance"], dtype=float) for part, _ in parts] or [np.empty(0)]
    )

    def locate(i: int, key: str | None) -> tuple[str, int | None]:
        which = bisect.bisect_right(starts, i) - 1
        return parts[which][1](i - starts[which], key)

    return columns, locate


def _as_arrow(values: Any, kind: pa.DataType) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values.cast(kind)
    return pa.array(list(values), type=kind)
