"""Which columns of a table hold the date and the lane, named the way ``read_table`` names them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from timeline._io.table import ACLED, SPLIT_FIELDS

_ACLED_DATE = "event_date"  # counts need no ids: ACLED's date column is enough to know it


@dataclass(frozen=True)
class Columns:
    """The table's date column and the columns that give the lane (several feed one lane)."""

    date: str
    lane: tuple[str, ...]
    split: bool  # text cells hold ;-separated values
    day_first: bool = False  # 1/2/2024 is 1 February (ACLED's exports)


def resolve(
    header: Sequence[str],
    lane: str | None,
    columns: Mapping[str, str] | str | None,
    where: str,
) -> Columns:
    """The columns to count by, from the table's ``header`` and a ``read_table`` mapping.

    ``lane`` is a column of the table or a field it maps to (``"category"`` is ACLED's
    ``event_type``; ``"actors"`` its four actor columns). The date is the column mapped to
    ``date``, or an events frame's ``start``.
    """
    mapping, acled = _mapping(header, columns, where)
    if columns is None and {"start", "id", "date"} <= set(header):
        date = "start"  # an events frame: its parsed start, not the EDTF text of ``date``
    else:
        dates = [name for name, target in mapping.items() if target == "date"]
        if not dates:
            raise ValueError(f"{where}: {_known('no date column', header)}")
        date = dates[0]
    if lane is None:
        return Columns(date, (), False, acled)
    if lane in header:
        return Columns(
            date, (lane,), lane in SPLIT_FIELDS or mapping.get(lane) in SPLIT_FIELDS, acled
        )
    sources = tuple(name for name, target in mapping.items() if target == lane)
    if not sources:
        raise ValueError(f"{where}: {_known(f'no column {lane!r} to count lanes by', header)}")
    return Columns(date, sources, lane in SPLIT_FIELDS, acled)


def _mapping(
    header: Sequence[str], columns: Mapping[str, str] | str | None, where: str
) -> tuple[dict[str, str], bool]:
    """Table column -> field (as given, ACLED's for an ACLED header, else the names as they are),
    and whether it is ACLED's mapping (whose dates may be day-first: 19/11/2024)."""
    if isinstance(columns, str):
        if columns.lower() != "acled":
            raise ValueError(f"columns must be a mapping or 'acled', not {columns!r}")
        columns = ACLED
    if columns is None:
        columns = ACLED if _ACLED_DATE in header else {}
    mapping = {name: target for name, target in columns.items() if name in header}
    if "date" in header and "date" not in mapping.values():
        mapping["date"] = "date"
    missing = [name for name in columns if name not in header and columns[name] == "date"]
    if missing and "date" not in mapping.values():
        raise ValueError(f"{where}: {_known(f'no column {missing[0]!r} (the date)', header)}")
    return mapping, dict(columns) == dict(ACLED)


def _known(message: str, header: Sequence[str]) -> str:
    return f"{message}; columns: {', '.join(header)}"
