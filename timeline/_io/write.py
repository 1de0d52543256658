"""Write an events frame back to YAML, JSON or CSV, so that reading it gives an equal frame."""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from timeline._frame.errors import EventDataError, Problem
from timeline._frame.fields import not_a_number
from timeline._frame.model import SOURCE_FIELDS
from timeline._io.atomic import write_text_atomic
from timeline._io.csvfile import CSV_COLUMNS, LIST_SEPARATOR

WRITERS = (".yaml", ".yml", ".json", ".csv")
"""File extensions write_events understands."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def write_events(df: pd.DataFrame, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write events to a YAML, JSON or CSV file, chosen by extension, atomically.

    Parameters
    ----------
    df
        An events frame (from ``read_events`` or ``events_frame``, or any frame with the
        documented columns).
    path
        Target file; ``.yaml``/``.yml`` and ``.json`` keep everything, ``.csv`` keeps
        everything too, writing extra sources as continuation rows.
    force
        Replace ``path`` even when it is a read-only file (a symbolic link is written through,
        a folder, FIFO or device refused, in any case).

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> write_events(read_events("data"), "build/events.csv")  # doctest: +SKIP
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"write_events needs an events DataFrame, not {type(df).__name__}")
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in WRITERS:
        raise ValueError(f"cannot write '{suffix}' files; use one of {', '.join(WRITERS)}")
    write_text_atomic(target, events_text(df, suffix), force=force)
    return target


def events_text(df: pd.DataFrame, suffix: str) -> str:
    """The events as the text of a ``.yaml``/``.yml``, ``.json`` or ``.csv`` file."""
    if suffix == ".csv":
        return to_csv_text(df)
    if suffix == ".json":
        return json.dumps(to_document(df), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    return to_yaml_text(df)


def to_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Events as plain dicts with the keys of the event format, empty values left out."""
    records = []
    unwritable: list[Problem] = []
    for row in _rows(df):
        record: dict[str, Any] = {"id": row["id"], "title": row["title"], "date": row["date"]}
        if _given(row.get("end_date")):
            record["end"] = row["end_date"]
        for key in ("summary", "actors", "category", "location", "tags"):
            value = row.get(key)
            if _given(value):
                record[key] = list(value or []) if key in ("actors", "tags") else str(value)
        sources = [{k: v for k, v in dict(s).items() if _given(v)} for s in _list(row, "sources")]
        if sources:
            record["sources"] = sources
        relations = [dict(r) for r in _list(row, "relations")]
        if relations:
            record["relations"] = relations
        importance = row.get("importance")
        if importance is not None and not (
            isinstance(importance, float) and math.isnan(importance)
        ):
            record["importance"] = float(importance)
            if not math.isfinite(record["importance"]):  # JSON has no Infinity; readers refuse it
                unwritable.append(
                    Problem(
                        "<events>", None, not_a_number(importance), str(row["id"]), "importance"
                    )
                )
        records.append(record)
    if unwritable:
        raise EventDataError(unwritable)
    return records


def to_document(df: pd.DataFrame) -> dict[str, Any]:
    """The YAML/JSON document for df: dataset attributes from ``df.attrs`` and the events."""
    document: dict[str, Any] = {
        key: df.attrs[key]
        for key in ("title", "description", "focus", "categories")
        if df.attrs.get(key)
    }
    document["events"] = to_records(df)
    return document


def to_yaml_text(df: pd.DataFrame) -> str:
    """The events as YAML text in the canonical form."""
    import yaml

    return yaml.dump(
        to_document(df), Dumper=_yaml_dumper(), sort_keys=False, allow_unicode=True, width=100
    )


@functools.cache
def _yaml_dumper() -> type:
    """PyYAML's safe dumper, double-quoting text with line breaks it would write raw.

    PyYAML writes U+0085, U+2028 and U+2029 unescaped in plain and single-quoted text, where
    reading takes them for line breaks; double quotes escape them as \\N, \\L and \\P.
    """
    import yaml

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    # libyaml's emitter where PyYAML has it: the same text, three to four times as fast.
    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
        pass

    Dumper.add_representer(str, text)
    return Dumper


def to_csv_text(df: pd.DataFrame) -> str:
    """The events as CSV text, with spreadsheet formulas neutralized."""
    records = to_records(df)
    _check_csv_representable(records)
    with_importance = any("importance" in r for r in records)
    header = [*CSV_COLUMNS, *(["importance"] if with_importance else [])]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # The csv module quotes only line ends it writes itself, so a row with a carriage return
    # in a cell is quoted whole; unquoted, readers would end the row there.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for record in records:
        sources = record.get("sources") or [{}]
        for number, source in enumerate(sources):
            cells = dict.fromkeys(header, "")
            cells["id"] = record["id"]
            if number == 0:
                cells.update(
                    {
                        k: str(record.get(k, ""))
                        for k in ("title", "date", "end", "summary", "category", "location")
                    }
                )
                cells["actors"] = f"{LIST_SEPARATOR} ".join(record.get("actors", []))
                cells["tags"] = f"{LIST_SEPARATOR} ".join(record.get("tags", []))
                cells["relations"] = f"{LIST_SEPARATOR} ".join(
                    f"{r.get('type', '')}:{r.get('target', '')}"
                    for r in record.get("relations", [])
                )
                if "importance" in record:
                    cells["importance"] = repr(record["importance"])
            for name in SOURCE_FIELDS:
                cells[f"source_{name}"] = source.get(name, "")
            row = [neutralize(cells[name]) for name in header]
            (quoted if any("\r" in cell for cell in row) else writer).writerow(row)
    return buffer.getvalue()


def neutralize(cell: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula (OWASP)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _check_csv_representable(records: list[dict[str, Any]]) -> None:
    problems = []
    for record in records:
        for key in ("actors", "tags"):
            for name in record.get(key, []):
                if LIST_SEPARATOR in name:
                    problems.append(
                        Problem(
                            "<csv>",
                            None,
                            f"{name!r} contains "
                            f"'{LIST_SEPARATOR}', which separates names in CSV; "
                            "write YAML or JSON instead",
                            record["id"],
                            key,
                        )
                    )
        for key, value in record.items():
            # Readers take a NUL for a binary file; YAML and JSON escape it, CSV cannot.
            if _has_nul(value):
                problems.append(
                    Problem(
                        "<csv>",
                        None,
                        "contains a NUL character, which CSV cannot hold; write YAML or JSON",
                        record["id"],
                        key,
                    )
                )
    if problems:
        raise EventDataError(problems)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _rows(df: pd.DataFrame) -> Iterator[dict[str, Any]]:
    columns = list(df.columns)
    for values in zip(*(df[c].tolist() for c in columns), strict=True):
        yield dict(zip(columns, values, strict=True))


def _list(row: dict[str, Any], key: str) -> list[Any]:
    value = row.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return list(value)


def _given(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return bool(value)
    return not pd.isna(value) if not hasattr(value, "__len__") else True
