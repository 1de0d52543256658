"""Read and write TimelineJS3 timelines: its JSON format, and (in _timelinejs_sheet) its sheet."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from timeline._frame.columns import complete_columns
from timeline._frame.errors import EventDataError, Problem
from timeline._io.atomic import write_text_atomic
from timeline._io.ingest import Item, build_frame
from timeline._io.interchange import give_ids, is_period
from timeline._io.timelinejs_dates import latest_day, notices
from timeline._io.timelinejs_slides import (
    natives,
    read_title,
    slide_titles,
    title_slide,
    to_record,
    to_slide,
)
from timeline._io.write import to_records


def read_timelinejs(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a TimelineJS3 timeline (JSON, or the spreadsheet template saved as CSV).

    Parameters
    ----------
    path
        A ``.json`` file in TimelineJS's JSON format, or a ``.csv`` file with the columns of
        TimelineJS's Google Sheets template (Year, Month, Day, Time, ..., Headline, Text, ...).

    Returns
    -------
    pandas.DataFrame
        The events frame. Slides become events, eras become events tagged ``era``, the title
        slide becomes ``df.attrs["title"]`` and ``["description"]``. Files written by
        :func:`write_timelinejs` read back with everything they held; see
        ``docs/interchange.md`` for what survives.

    Raises
    ------
    EventDataError
        Listing every problem, each with file, line, slide (its ``unique_id`` or
        ``slide N``) and field (such as ``start_date.month``).

    Examples
    --------
    >>> df = read_timelinejs("timeline.json")  # doctest: +SKIP
    """
    from timeline._frame.errors import Unreadable
    from timeline._io.decode import decode_text

    target = Path(path)
    if not target.is_file():
        raise EventDataError([Problem(str(target), None, "no such file")])
    try:
        text = decode_text(target.read_bytes(), str(target))
    except Unreadable as error:
        raise EventDataError(error.problems) from None
    suffix = target.suffix.lower()
    if suffix == ".csv" or (suffix != ".json" and not text.lstrip().startswith(("{", "["))):
        from timeline._io.timelinejs_sheet import read_sheet_text

        return read_sheet_text(text, str(target))
    return read_json_text(text, str(target))


def write_timelinejs(
    df: pd.DataFrame, path: str | os.PathLike[str], *, force: bool = False
) -> Path:
    """Write events as a TimelineJS3 timeline, JSON or spreadsheet CSV by extension, atomically.

    Parameters
    ----------
    df
        An events frame. Events tagged ``era`` (or of category ``era``) become eras.
    path
        A ``.json`` file (TimelineJS's JSON format) or a ``.csv`` file (the columns of its
        Google Sheets template, to import into a sheet).
    force
        Replace ``path`` even when it is a read-only file (a symbolic link is written through,
        a folder, FIFO or device refused, in any case).

    Returns
    -------
    pathlib.Path
        The path written.

    Notes
    -----
    What TimelineJS has no field for (further actors and sources, quotes, relations,
    qualifiers, category, location, tags) goes into a block at the end of each slide's text
    that TimelineJS shows as a short list and :func:`read_timelinejs` reads back.

    Examples
    --------
    >>> write_timelinejs(read_events("data"), "build/timeline.json")  # doctest: +SKIP
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        from timeline._io.timelinejs_sheet import sheet_text

        write_text_atomic(target, sheet_text(complete_columns(df)), force=force)
    elif suffix == ".json":
        text = (
            json.dumps(timelinejs_document(df), ensure_ascii=False, indent=2, allow_nan=False)
            + "\n"
        )
        write_text_atomic(target, text, force=force)
    else:
        raise ValueError(f"cannot write TimelineJS as '{suffix}'; use .json or .csv")
    return target


def timelinejs_document(df: pd.DataFrame) -> dict[str, Any]:
    """The TimelineJS3 JSON document for an events frame."""
    df = complete_columns(df)
    records = to_records(df)
    titles = slide_titles(records)
    open_end = latest_day(df)
    document: dict[str, Any] = {}
    title = title_slide({str(k): v for k, v in df.attrs.items()})
    if title:
        document["title"] = title
    slides = [to_slide(r, titles, open_end=open_end) for r in records]
    document["events"] = [
        s
        for s, r in zip(slides, records, strict=True)
        if not is_period(r.get("tags"), r.get("category"))
    ]
    eras = [
        s
        for s, r in zip(slides, records, strict=True)
        if is_period(r.get("tags"), r.get("category"))
    ]
    if eras:
        document["eras"] = eras
    return document


def read_json_text(text: str, file: str) -> pd.DataFrame:
    """The events frame from the text of a TimelineJS JSON file."""
    from timeline._frame.errors import Unreadable
    from timeline._io.jsonfile import load_json

    problems: list[Problem] = []
    try:
        document, lines = load_json(text, file, problems)
    except Unreadable as error:
        raise EventDataError(error.problems) from None

    def at(path: tuple[str | int, ...]) -> int | None:
        """The line of the deepest part of path whose line is known."""
        node, line = document, lines.get(id(document), (1, {}))[0]
        for step in path:
            found = lines.get(id(node), (0, {}))[1].get(str(step))
            if found is None:
                break
            line = found
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
        return line

    if not isinstance(document, Mapping) or not isinstance(document.get("events"), list):
        what = "has no 'events' list" if isinstance(document, Mapping) else "is not a JSON object"
        where = ("events",) if isinstance(document, Mapping) else ()
        raise EventDataError(
            [
                Problem(
                    file,
                    at(where),
                    f"the file {what}; a TimelineJS file is an object "
                    '{"title": {...}, "events": [slides], "eras": [eras]}',
                    field="events",
                )
            ]
        )
    items: list[Item] = []
    for key, kind in (("events", "slide"), ("eras", "era")):
        slides = document.get(key) or []
        if not isinstance(slides, list):
            problems.append(Problem(file, at((key,)), f"'{key}' must be a list", field=key))
            continue
        for number, slide in enumerate(slides):
            label = _label(slide, kind, number)
            item = _read_slide(slide, kind, label, (key, number), at, file, problems)
            if item is not None:
                items.append(item)
    attrs: dict[str, Any] = {}
    if document.get("title") is not None:
        attrs = read_title(document["title"], _reporter(file, "title", ("title",), at, problems))
    give_ids([item.record for item in items])
    problems = notices(problems, file)
    return build_frame(items, file, problems, attrs, attrs.get("categories"))


def _read_slide(
    slide: Any,
    kind: str,
    label: str,
    path: tuple[str | int, ...],
    at: Callable[[tuple[str | int, ...]], int | None],
    file: str,
    problems: list[Problem],
) -> Item | None:
    report = _reporter(file, label, path, at, problems)
    native = natives(slide, kind, report)
    if native is None:
        return None
    record, origin = to_record(native, kind, report)
    lines = {key: at((*path, *_split(name))) or 0 for key, name in origin.items()}
    return Item(record, label, at(path), origin, {k: v for k, v in lines.items() if v})


def _reporter(
    file: str,
    label: str,
    path: tuple[str | int, ...],
    at: Callable[[tuple[str | int, ...]], int | None],
    problems: list[Problem],
) -> Callable[[str, str], None]:
    def report(name: str, message: str) -> None:
        problems.append(Problem(file, at((*path, *_split(name))), message, label, name or None))

    return report


def _split(name: str) -> tuple[str, ...]:
    return tuple(name.split(".")) if name else ()


def _label(slide: Any, kind: str, number: int) -> str:
    if kind == "slide" and isinstance(slide, Mapping):
        given = slide.get("unique_id")
        if isinstance(given, str | int) and not isinstance(given, bool) and str(given).strip():
            return str(given).strip()
    return f"{kind} {number + 1}"
