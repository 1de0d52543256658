"""Read and write events in every format the package knows, chosen by name, extension or content."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from timeline._frame.errors import EventDataError, Problem
from timeline._io.read import read_events, read_events_as
from timeline._io.write import write_events

FORMATS = {
    "yaml": (".yaml", ".yml"),
    "json": (".json",),
    "csv": (".csv",),
    "timelinejs": (".timelinejs.json",),
    "timelinejs-csv": (".timelinejs.csv",),
    "vis": (".vis.json",),
    "table": (".parquet", ".xlsx", ".xlsm", ".tsv"),
}
"""Format names and the extensions that select them (the longest matching extension wins).

On reading, a ``.json`` file in TimelineJS's format and a ``.csv`` file with the header of
TimelineJS's spreadsheet template (or of an ACLED export) are recognized by their content.
``vis`` is written only; ``table`` (see :func:`timeline.read_table`) is read only.
"""
READ_ONLY = ("table",)
READ_AS = ("ours", "timelinejs", "timelinejs-csv", "table", "acled", "yaml", "json", "csv")
"""Format names a file can be read as: ``ours`` is our YAML, JSON or CSV by extension (or a
folder of them), ``acled`` an event table with ACLED's columns."""
WRITE_ONLY = ("vis",)
_SNIFF = 65536  # bytes looked at to recognize a file by its content


def format_of(path: str | os.PathLike[str]) -> str:
    """The format name a file's extension selects (``.timelinejs.json`` before ``.json``)."""
    name = Path(path).name.lower()
    matches = [
        (len(suffix), format_name)
        for format_name, suffixes in FORMATS.items()
        for suffix in suffixes
        if name.endswith(suffix)
    ]
    if not matches:
        raise ValueError(
            f"cannot tell the format of {str(path)!r} from its extension; use one of "
            f"{', '.join(s for group in FORMATS.values() for s in group)}, or name the format "
            f"({', '.join(FORMATS)})"
        )
    return max(matches)[1]


def read_any(
    path: str | os.PathLike[str], fmt: str | None = None, **table_options: Any
) -> pd.DataFrame:
    """Read events from a file in any format the package reads.

    Parameters
    ----------
    path
        A file (or, for our own formats, a folder).
    fmt
        One of :data:`READ_AS`; by default the extension decides, and for ``.json`` and
        ``.csv`` the content (TimelineJS JSON, TimelineJS spreadsheet, ACLED).
    **table_options
        For an event table: ``na_values``, ``date_format``, ``dayfirst``,
        ``every_problem`` (see :func:`timeline.read_table`); other formats need none.

    Returns
    -------
    pandas.DataFrame
        The events frame.
    """
    source = Path(path)
    name = _checked(fmt, "read") if fmt else _sniff(source)
    if name not in ("table", "acled"):
        _no_table_options(name, table_options)
    if name == "ours":
        return read_events(source)
    if name in ("yaml", "json", "csv"):
        if fmt and source.is_file() and source.suffix.lower() not in FORMATS[name]:
            return read_events_as(source, FORMATS[name][0])  # the format given wins
        return read_events(source)
    if name in ("timelinejs", "timelinejs-csv"):
        from timeline._io.timelinejs import read_timelinejs

        return read_timelinejs(source)
    from timeline._io.table import read_table

    options = {key: value for key, value in table_options.items() if value is not None}
    return read_table(source, columns="acled" if name == "acled" else None, **options)


def write_any(
    df: pd.DataFrame,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    force: bool = False,
) -> Path:
    """Write events in any format the package writes, atomically.

    Parameters
    ----------
    df
        An events frame.
    path
        Target file.
    fmt
        One of :data:`FORMATS` except ``table``; by default the extension decides:
        ``.json`` is our own JSON unless the name ends with ``.timelinejs.json`` (or
        ``.vis.json``), and ``.csv`` our own CSV unless it ends with ``.timelinejs.csv``.
    force
        Replace ``path`` even when it is a read-only file (a symbolic link is written through,
        a folder, FIFO or device refused, in any case).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    target = Path(path)
    name = _checked(fmt, "write") if fmt else format_of(target)
    if name in READ_ONLY:
        raise ValueError(f"the {name!r} format is read only; write one of {_names('write')}")
    if name in ("yaml", "json", "csv"):
        return _write_ours(df, target, name, force=force)
    if name == "vis":
        from timeline._io.vis import write_vis

        return write_vis(df, target, force=force)
    from timeline._io.atomic import write_text_atomic

    if name == "timelinejs-csv":
        from timeline._frame.columns import complete_columns
        from timeline._io.timelinejs_sheet import sheet_text

        write_text_atomic(target, sheet_text(complete_columns(df)), force=force)
    else:
        from timeline._io.timelinejs import timelinejs_document

        document = timelinejs_document(df)
        text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
        write_text_atomic(target, text, force=force)
    return target


def read_inputs(
    paths: Sequence[str | os.PathLike[str]], fmt: str | None = None, **table_options: Any
) -> pd.DataFrame:
    """Read a command's inputs: our event files and folders together, or one file of any format.

    Our own files are read with :func:`timeline.read_events`, so ids are checked across all of
    them; a TimelineJS file or an event table is read on its own. ``fmt`` and
    ``table_options`` are as for :func:`read_any`.
    """
    if fmt is not None:
        name = _checked(fmt, "read")
        if name == "ours":
            _no_table_options(name, table_options)
            return read_events(*paths)
        if len(paths) != 1 or Path(paths[0]).is_dir():
            raise ValueError(f"the {name} format is read from one file; give one file")
        return read_any(paths[0], name, **table_options)
    one = Path(paths[0]) if len(paths) == 1 else None
    if one is not None and one.is_file() and _sniff(one) not in _OURS:
        return read_any(one, **table_options)
    foreign = [
        Problem(
            str(path),
            None,
            f"a {name} file is read on its own, not with other inputs; give it alone, or "
            "convert it to our format first (timeline convert)",
        )
        for path in map(Path, paths)
        if path.is_file() and (name := _sniff(path)) not in _OURS
    ]
    if foreign:
        raise EventDataError(foreign)
    _no_table_options("ours", table_options)
    return read_events(*paths)


def _no_table_options(name: str, options: dict[str, Any]) -> None:
    """Refuse the options of event tables for another format, rather than ignore them."""
    given = [key for key in _TABLE_OPTIONS if options.get(key) is not None]
    if given:
        verb = "apply" if len(given) > 1 else "applies"
        raise ValueError(
            f"{' and '.join(given)} {verb} to event tables, not to {name} files; to read the "
            "file as a table, give the format 'table' (--format table)"
        )


_OURS = ("yaml", "json", "csv")
_TABLE_OPTIONS = ("date_format", "dayfirst", "na_values")


def _write_ours(df: pd.DataFrame, target: Path, name: str, *, force: bool) -> Path:
    """Our own format ``name`` whatever the extension (write_events goes by extension)."""
    if target.suffix.lower() in FORMATS[name]:
        return write_events(df, target, force=force)
    from timeline._io.atomic import write_text_atomic
    from timeline._io.write import events_text

    write_text_atomic(target, events_text(df, FORMATS[name][0]), force=force)
    return target


def _checked(fmt: str, direction: str) -> str:
    name = fmt.strip().lower()
    if direction == "read" and name in READ_AS:
        return name
    if name not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known formats: {_names(direction)}")
    if direction == "read" and name in WRITE_ONLY:
        raise ValueError(f"the {name!r} format is written only; read one of {_names('read')}")
    if direction == "write" and name in READ_ONLY:
        raise ValueError(f"the {name!r} format is read only; write one of {_names('write')}")
    return name


def _names(direction: str) -> str:
    if direction == "read":
        return ", ".join(READ_AS)
    skip = WRITE_ONLY if direction == "read" else READ_ONLY
    return ", ".join(name for name in FORMATS if name not in skip)


def _sniff(path: Path) -> str:
    """The format of a file to read: by extension, then for .json and .csv by content."""
    if path.is_dir():
        return "yaml"
    name = format_of(path)
    if name == "vis":
        raise ValueError(
            f"{str(path)!r} is a vis-timeline file, which is only written; "
            f"read one of {_names('read')}"
        )
    if name not in ("json", "csv") or not path.is_file():
        return name
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF).decode("utf-8-sig", errors="replace")
    if name == "json":
        return "timelinejs" if _is_timelinejs(path, head) else "json"
    try:
        header = next(csv.reader(io.StringIO(head)), [])
    except csv.Error:
        return "csv"
    names = {cell.strip().casefold() for cell in header}
    if {"year", "headline"} <= names:
        return "timelinejs-csv"
    if {"event_id_cnty", "event_date"} <= names:
        return "table"
    return "csv"


def _is_timelinejs(path: Path, head: str) -> bool:
    """A JSON object whose events are slides (they have ``start_date``), not our events."""
    if '"start_date"' not in head and len(head) < _SNIFF:
        return False
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, OSError, RecursionError):
        return False  # left for the reader of our format to explain
    if not isinstance(document, dict) or not isinstance(document.get("events"), list):
        return False
    return any(isinstance(e, dict) and "start_date" in e for e in document["events"])
