"""Events read from another format into the events frame, problems named in that format's terms."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from timeline._frame.build import assemble
from timeline._frame.errors import EventDataError, Problem
from timeline._frame.records import Located, check_records, records_to_columns
from timeline._frame.validate import check_events


@dataclass
class Item:
    """One event as read from a foreign file, and how to point at it and its fields there."""

    record: dict[str, Any]
    label: str
    line: int | None
    fields: dict[str, str] = field(default_factory=dict)  # our field -> the format's field
    lines: dict[str, int] = field(default_factory=dict)  # our field -> line


@dataclass
class _Located(Located):
    label: str = ""

    def event_id(self) -> str | None:
        return self.label or super().event_id()


def build_frame(
    items: Sequence[Item],
    file: str,
    problems: list[Problem],
    attrs: Mapping[str, Any] | None = None,
    vocabulary: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Validate the records as our own reader does and make the events frame.

    Raises
    ------
    EventDataError
        With ``problems`` and every problem validation finds, each naming the event by its
        label and the field by the format's name for it.
    """
    located = [_Located(item.record, file, item.line, item.lines, item.label) for item in items]
    found = check_records(located, vocabulary)
    columns = records_to_columns(located)
    more, dates = check_events(columns, located)
    by_label = {item.label: item for item in items}
    by_id = {str(item.record.get("id")): item for item in items}
    for problem in found:
        problems.append(_rename(problem, by_label.get(problem.event or "")))
    for problem in more:
        item = by_id.get(problem.event or "")
        label = item.label if item else problem.event
        problems.append(_rename(dataclasses.replace(problem, event=label), item))
    if problems:
        raise EventDataError(problems)
    return assemble(columns, dates, attrs or {})


def _rename(problem: Problem, item: Item | None) -> Problem:
    if item is None or problem.field is None:
        return problem
    return dataclasses.replace(problem, field=item.fields.get(problem.field, problem.field))
