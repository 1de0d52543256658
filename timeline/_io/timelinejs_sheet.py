"""TimelineJS's Google Sheets template as CSV: rows to slides and back, mapped as the JSON is."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from timeline._frame.errors import EventDataError, Problem
from timeline._frame.fields import cells_past_header
from timeline._io.ingest import Item, build_frame
from timeline._io.interchange import give_ids, is_period
from timeline._io.timelinejs_dates import PARTS, latest_day, notices
from timeline._io.timelinejs_slides import (
    natives,
    read_title,
    slide_titles,
    title_slide,
    to_record,
    to_slide,
)
from timeline._io.write import neutralize, to_records

COLUMNS = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
    "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
    "Media Thumbnail", "Type", "Group", "Background",
)  # fmt: skip
"""The columns of TimelineJS's spreadsheet template, in order."""
ALIASES = {"Tag": "Group"}  # older templates
IGNORED = ("Media Thumbnail", "Background", "Alt Text")
"""Template columns read but not kept (the events frame has no place for them)."""

_TEXT_COLUMNS = ("Display Date", "Headline", "Text", "Media Credit", "Media Caption", "Group")
_NEUTRALIZED = re.compile(r"^'([=+\-@\t\r'])")
_TIME = re.compile(
    r"(?P<h>\d{1,2})(?::(?P<m>\d{1,2})(?::(?P<s>\d{1,2})(?:[.,]\d+)?)?)?\s*(?P<p>[ap]\.?m\.?)?",
    re.IGNORECASE,
)
_COMPACT_TIME = re.compile(r"(?P<h>\d{1,2})(?P<m>\d{2})")
_FIELDS = {
    "start_date": "Year",
    "start_date.year": "Year",
    "start_date.month": "Month",
    "start_date.day": "Day",
    "end_date": "End Year",
    "end_date.year": "End Year",
    "end_date.month": "End Month",
    "end_date.day": "End Day",
    "display_date": "Display Date",
    "text.headline": "Headline",
    "text.text": "Text",
    "media": "Media",
    "media.url": "Media",
    "media.credit": "Media Credit",
    "media.caption": "Media Caption",
    "group": "Group",
    "unique_id": "Text",
}


def sheet_text(df: pd.DataFrame) -> str:
    """The events as CSV text with the columns of TimelineJS's spreadsheet template."""
    records = to_records(df)
    titles = slide_titles(records)
    open_end = latest_day(df)
    rows: list[dict[str, str]] = []
    title = title_slide({str(k): v for k, v in df.attrs.items()})
    if title:
        rows.append({**_text_cells(title), "Type": "title"})
    for record in records:
        slide = to_slide(record, titles, sheet=True, open_end=open_end)
        row = {
            **_date_cells(slide.get("start_date"), ""),
            **_date_cells(slide.get("end_date"), "End "),
        }
        row.update(_text_cells(slide))
        if is_period(record.get("tags"), record.get("category")):
            row["Type"] = "era"
        rows.append(row)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [neutralize(row.get(c, "")) if c in _TEXT_COLUMNS else row.get(c, "") for c in COLUMNS]
        )
    return buffer.getvalue()


def _date_cells(parts: Mapping[str, Any] | None, prefix: str) -> dict[str, str]:
    if not parts:
        return {}
    cells = {f"{prefix}{k.title()}": str(parts[k]) for k in PARTS[:3] if k in parts}
    if "hour" in parts:
        time = f"{parts['hour']:02d}:{parts.get('minute', 0):02d}"
        seconds = parts.get("second", 0)
        cells[f"{prefix}Time"] = f"{time}:{seconds:02d}" if seconds else time
    return cells


def _text_cells(slide: Mapping[str, Any]) -> dict[str, str]:
    media = slide.get("media", {})
    return {
        "Display Date": slide.get("display_date", ""),
        "Headline": slide["text"]["headline"],
        "Text": slide["text"]["text"],
        "Media": media.get("url", ""),
        "Media Credit": media.get("credit", ""),
        "Media Caption": media.get("caption", ""),
        "Group": slide.get("group", ""),
    }


def read_sheet_text(text: str, file: str) -> pd.DataFrame:
    """The events frame from the text of a CSV saved from TimelineJS's spreadsheet template."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        header = []
    columns = [ALIASES.get(name.strip(), name.strip()) for name in header]
    known = {c.casefold(): c for c in (*COLUMNS, *IGNORED)}
    columns = [known.get(name.casefold(), name) for name in columns]
    if "Year" not in columns or "Headline" not in columns:
        raise EventDataError(
            [
                Problem(
                    file,
                    1,
                    "not a TimelineJS spreadsheet: the header row needs at least the columns "
                    f"Year and Headline (the template has {', '.join(COLUMNS)})",
                )
            ]
        )
    problems: list[Problem] = []
    items: list[Item] = []
    attrs: dict[str, Any] = {}
    line = reader.line_num + 1
    number = 1
    try:
        for cells in reader:
            number += 1
            row = {c: _clean(v) for c, v in zip(columns, cells, strict=False) if c in COLUMNS}
            overflow = [cell.strip() for cell in cells[len(columns) :] if cell.strip()]
            if overflow:
                problems.append(_overflow(file, line, f"row {number}", len(cells), columns))
            if any(row.values()):
                label = f"row {number}"
                kind = row.get("Type", "").strip().lower()
                report = _reporter(file, line, label, problems)
                if kind == "title" and not attrs:
                    attrs = read_title(_slide(row, report), report)
                else:
                    item = _read_row(row, "era" if kind == "era" else "slide", label, line, report)
                    if item is not None:
                        items.append(item)
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(file, line, f"the CSV cannot be read from here on: {error}"))
    give_ids([item.record for item in items])
    problems = notices(problems, file)
    return build_frame(items, file, problems, attrs, attrs.get("categories"))


def _overflow(file: str, line: int, label: str, cells: int, columns: list[str]) -> Problem:
    """The problem of a row with filled cells past the header, which would be lost."""
    return Problem(file, line, cells_past_header(cells, len(columns), columns[-1]), label)


def _read_row(
    row: Mapping[str, str], kind: str, label: str, line: int, report: Callable[[str, str], None]
) -> Item | None:
    native = natives(_slide(row, report), kind, report)
    if native is None:
        return None
    record, origin = to_record(native, kind, report)
    fields = {key: _FIELDS.get(name, name) for key, name in origin.items()}
    return Item(record, label, line, fields)


def _slide(row: Mapping[str, str], report: Callable[[str, str], None]) -> dict[str, Any]:
    """The JSON slide a template row stands for (as TimelineJS itself builds it)."""
    slide: dict[str, Any] = {}
    for key, prefix in (("start_date", ""), ("end_date", "End ")):
        parts: dict[str, Any] = {
            name: row[f"{prefix}{name.title()}"]
            for name in PARTS[:3]
            if row.get(f"{prefix}{name.title()}")
        }
        time = row.get(f"{prefix}Time", "")
        if time:
            parts.update(_time(time, f"{prefix}Time", report))
        if parts or (key == "start_date" and row.get("Type", "").strip().lower() != "title"):
            slide[key] = parts
    slide["text"] = {"headline": row.get("Headline", ""), "text": row.get("Text", "")}
    if row.get("Media"):
        slide["media"] = {
            "url": row["Media"],
            "credit": row.get("Media Credit", ""),
            "caption": row.get("Media Caption", ""),
        }
    for key, column in (("display_date", "Display Date"), ("group", "Group")):
        if row.get(column):
            slide[key] = row[column]
    return slide


def _time(text: str, column: str, report: Callable[[str, str], None]) -> dict[str, int]:
    found = _TIME.fullmatch(text) or _COMPACT_TIME.fullmatch(text)
    if found is None:
        report(column, f"{text!r} is not a time; write HH:MM or HH:MM:SS (24-hour), or 2:30 PM")
        return {}
    values = found.groupdict()
    hour = int(values["h"])
    period = (values.get("p") or "").lower()[:1]
    if period == "p" and hour != 12:
        hour += 12
    elif period == "a" and hour == 12:
        hour = 0
    parts = {"hour": hour}
    for key, group in (("minute", "m"), ("second", "s")):
        if values.get(group):
            parts[key] = int(values[group])
    return parts


def _reporter(
    file: str, line: int, label: str, problems: list[Problem]
) -> Callable[[str, str], None]:
    def report(name: str, message: str) -> None:
        column = _FIELDS.get(name) or ("Time" if name.startswith("start_date.") else None)
        column = column or ("End Time" if name.startswith("end_date.") else name or None)
        problems.append(Problem(file, line, message, label, column))

    return report


def _clean(cell: str) -> str:
    return _NEUTRALIZED.sub(r"\1", cell.strip())
