"""Any event table (CSV, Parquet, Excel) into the events frame, by a mapping of its column names."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from timeline._frame.build import assemble
from timeline._frame.dates import date_errors
from timeline._frame.errors import EventDataError, Problem, ReadNotice
from timeline._frame.fields import URL, invalid_id, not_a_number, required_missing, url_problem
from timeline._frame.model import ID_PATTERN, SOURCE_FIELDS
from timeline._frame.validate import check_events
from timeline._io.summary import summarize
from timeline._io.table_dates import ambiguity_message, read_table_dates
from timeline._io.table_files import load_table
from timeline._io.table_ids import content_ids

ACLED: Mapping[str, str] = MappingProxyType(
    {
        "event_id_cnty": "id",
        "event_date": "date",
        "time_precision": "time_precision",
        "event_type": "category",
        "sub_event_type": "tags",
        "tags": "tags",
        "actor1": "actors",
        "actor2": "actors",
        "ally_actor_1": "actors",
        "ally_actor_2": "actors",
        "assoc_actor_1": "actors",
        "assoc_actor_2": "actors",
        "location": "location",
        "admin1": "location",
        "country": "location",
        "notes": "summary",
        "source": "source_publisher",
        "fatalities": "importance",
    }
)
"""Column mapping for ACLED exports: ACLED column -> events-frame field.

ACLED has no titles; each event's title is made of its ``event_type`` and ``location``
("Protests in Kharkiv"). The allies of older exports (``ally_actor_1``, ``ally_actor_2``) join
``actors`` after the two main actors. Dates are read day first (``09/05/2020``).
``time_precision`` 2 (a week) makes the date approximate (``2024-11-19~``), 3 (a month) gives
the month (``2024-11``). ``fatalities`` becomes ``importance``.
"""

TARGETS = (
    "id", "title", "date", "end", "summary", "actors", "category", "location", "tags",
    "importance", "source_url", "source_publisher", "source_title", "source_published",
    "source_quote", "time_precision",
)  # fmt: skip
"""Fields a table's columns can be mapped to (``time_precision`` takes ACLED's codes 1, 2, 3)."""
SPLIT_FIELDS = ("actors", "tags")
"""Fields whose text cells hold several values separated by ``;``."""
_JOINED = {"location": ", ", "summary": "\n\n"}
_ACLED_REQUIRED = ("event_id_cnty", "event_date")


def read_table(
    path: str | os.PathLike[str],
    columns: Mapping[str, str] | str | None = None,
    *,
    na_values: Iterable[str] | None = None,
    date_format: str | None = None,
    dayfirst: bool | None = None,
    every_problem: bool = False,
) -> pd.DataFrame:
    """Read any table of events (CSV, Parquet, Excel), naming which column holds which field.

    Parameters
    ----------
    path
        A ``.csv``, ``.tsv``, ``.parquet`` or ``.xlsx`` file with a header row.
    columns
        Your column name -> our field (``id``, ``title``, ``date``, ``end``, ``summary``,
        ``actors``, ``category``, ``location``, ``tags``, ``importance``, ``source_url``,
        ``source_publisher``, ``source_title``, ``source_published``, ``source_quote``,
        ``time_precision``). Several columns may feed ``actors`` and ``tags`` (cells are
        split on ``;``), ``location`` (joined with ", ") and ``summary``. ``"acled"`` (or
        :data:`ACLED`) maps an ACLED export. ``None`` uses ACLED's mapping when the header
        has ``event_id_cnty`` and ``event_date``, and otherwise takes columns named like
        our fields. A table without an ``id`` column gets ids made from each row's date
        and content (``2020-05-09-3fa2b1c0``), with a :class:`ReadNotice`.
    na_values
        Cells that mean "missing" (as in pandas): by default ``NA``, ``N/A``, ``NaN``,
        ``null``, ``None``, ``#N/A`` and ``-``, and empty cells. Give your own list to
        replace them, or ``[]`` to read every cell as a value.
    date_format
        The form of the dates that are not EDTF, in ``strftime`` codes (``"%d/%m/%Y"``),
        or ``"edtf"`` for EDTF only. By default each date column's form is found from its
        values: ``9-May-20``, ``09 May 2020``, ``May 9, 2020``, ``2020/05/09``,
        ``20200509``, ``1/2/2020``, ``55 BC``, ``43 AD``, a bare year.
    dayfirst
        For dates that read both ways (``1/2/2020``): ``True`` day first, ``False`` month
        first. By default such a column is refused, except in an ACLED export (day first).
    every_problem
        List every row's problem; by default the rows that share a problem are said once,
        with their count and first lines.

    Returns
    -------
    pandas.DataFrame
        The events frame, then the table's columns that map to no field, under their own
        names (a name the frame already has gets `` (table)``), named in a
        :class:`ReadNotice`. Without a ``title`` column, titles are made of category and
        location ("Protests in Kharkiv"). ``df.attrs["date_reading"]`` says how each date
        column was read (``{"event_date": "%d-%b-%y (DD-Mon-YY)"}``).

    Raises
    ------
    EventDataError
        Listing every problem: file, row (the spreadsheet row number; the line in a CSV),
        event and the column as you named it. A file that cannot be read as a table
        (damaged, text that is not UTF-8, larger unpacked than 1 GiB or than an Excel sheet
        can be) is one problem naming it, and the sheet, row and column where known.
    ImportError
        For an Excel file when openpyxl is not installed (``policy-timeline[excel]``).

    Examples
    --------
    >>> read_table("acled.csv", columns="acled")  # doctest: +SKIP
    >>> mapping = {"event_date": "date", "notes": "summary"}
    >>> read_table("events.xlsx", columns=mapping)  # doctest: +SKIP
    """
    target = Path(path)
    file = str(target)
    table, line_of = load_table(target, na_values)
    mapping, acled = _mapping(columns, list(table.columns), file)
    if acled and dayfirst is None:
        dayfirst = True  # ACLED writes 09/05/2020 for 9 May
    cells = {name: table[name] for name in mapping}  # trimmed text already
    n = len(table)
    empty = pd.Series([""] * n, dtype=object)
    problems: list[Problem] = []

    def sources_of(field: str) -> list[str]:
        return [name for name, target in mapping.items() if target == field]

    def text(field: str) -> pd.Series:
        names = sources_of(field)
        if len(names) > 1 and field not in _JOINED:
            raise ValueError(f"only one column can be mapped to {field!r}, not {names}")
        return _join([cells[name] for name in names], _JOINED.get(field, "")) if names else empty

    values = {field: text(field) for field in TARGETS if field not in SPLIT_FIELDS}
    date_column = (sources_of("date") or ["date"])[0]
    reading: dict[str, str] = {}
    for field in ("date", "end"):
        if sources_of(field):
            read = read_table_dates(values[field], date_format=date_format, dayfirst=dayfirst)
            if read.ambiguous is not None:
                message = ambiguity_message(read.ambiguous)
                raise EventDataError([Problem(file, None, message, None, sources_of(field)[0])])
            values[field] = read.dates
            reading[sources_of(field)[0]] = read.describe()
    precision = sources_of("time_precision")
    if precision:
        values["date"] = _apply_precision(
            values["date"], values["time_precision"], precision[0], line_of, file, problems
        )
    if not sources_of("title"):
        first_place = cells[sources_of("location")[0]] if sources_of("location") else empty
        values["title"] = _made_titles(values["category"], first_place)
    if not sources_of("id"):
        values["id"] = pd.Series(content_ids(table, values["date"]), dtype=object)
        notice(
            f"{file}: no column is mapped to 'id'; each row's id is made from its date and "
            "content (map an id column, e.g. columns={'your column': 'id'}, to keep your own)"
        )
    ids = values["id"].to_numpy(dtype=object)
    label = [value or f"row {line_of(i)}" for i, value in enumerate(ids)]
    named = {field: (sources_of(field) or [field])[0] for field in TARGETS}
    named["date"] = date_column

    def report(mask: Any, field: str, message: Any) -> None:
        for i in np.flatnonzero(np.asarray(mask, dtype=bool)):
            text_ = message(int(i)) if callable(message) else message
            problems.append(Problem(file, line_of(int(i)), text_, label[i], named[field]))

    for field in ("id", "title", "date"):
        if not sources_of(field) and field == "date":
            raise EventDataError(
                [Problem(file, 1, f"no column is mapped to {field!r}, which is required", None)]
            )
        report(values[field].eq(""), field, required_missing(named[field]))
    bad_id = ~values["id"].str.fullmatch(ID_PATTERN) & values["id"].ne("")
    report(
        bad_id,
        "id",
        lambda i: invalid_id(ids[i]),
    )
    urls = values["source_url"]
    bad_url = urls.ne("") & ~urls.str.fullmatch(URL.pattern, case=False)
    report(bad_url, "source_url", lambda i: url_problem(str(urls.iat[i])))
    published = date_errors(values["source_published"], "source_published")
    bad_published = np.zeros(n, dtype=bool)
    bad_published[list(published)] = True  # one pass, not a mask per bad date
    report(bad_published, "source_published", published.__getitem__)
    importance = pd.to_numeric(values["importance"].replace("", np.nan), errors="coerce")
    report(
        importance.isna() & values["importance"].ne(""),
        "importance",
        lambda i: not_a_number(values["importance"].iat[i], named.get("importance", "importance")),
    )
    columns_ = {
        "id": values["id"].tolist(),
        "title": values["title"].tolist(),
        "date": values["date"].tolist(),
        "end": values["end"].tolist(),
        "summary": values["summary"].tolist(),
        "category": values["category"].tolist(),
        "location": values["location"].tolist(),
        "actors": _lists([cells[name] for name in sources_of("actors")], n),
        "tags": _lists([cells[name] for name in sources_of("tags")], n),
        "sources": _sources(values, n),
        "relations": [[] for _ in range(n)],
        "importance": importance.to_numpy(dtype=float),
    }
    found, dates = check_events(columns_, lambda i, key: (file, line_of(i)))
    for problem in found:
        field = {"end": "end"}.get(problem.field or "", problem.field or "")
        problems.append(
            Problem(
                problem.file, problem.line, problem.message, problem.event, named.get(field, field)
            )
        )
    if problems:
        raise EventDataError(problems if every_problem else summarize(problems))
    frame = assemble(columns_, dates)
    frame.attrs["date_reading"] = reading
    unmapped = [name for name in table.columns if name not in mapping]
    return _with_unmapped(frame, table, unmapped, file)


def _with_unmapped(
    frame: pd.DataFrame, table: pd.DataFrame, names: list[str], file: str
) -> pd.DataFrame:
    """The frame with the table's columns that feed no field, as text ("" missing)."""
    if not names:
        return frame
    kept = {}
    for name in names:
        key = name if name not in frame.columns else f"{name} (table)"
        kept[key] = pd.Series(table[name].to_numpy(dtype=object), dtype="str").replace("", None)
    shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
    several = len(names) != 1
    notice(
        f"{file}: {len(names)} column{'s' if several else ''} "
        f"{'map' if several else 'maps'} to no event field and "
        f"{'are' if several else 'is'} kept in the frame as {'they are' if several else 'it is'}: "
        f"{shown}",
        depth=2,
    )
    result = pd.concat([frame, pd.DataFrame(kept, index=frame.index)], axis=1)
    result.attrs = dict(frame.attrs)
    return result


def notice(message: str, depth: int = 1) -> None:
    """Tell the user what the reader did that the table did not say.

    ``depth`` is how many calls down from the caller of ``read_table`` the notice is given.
    """
    warnings.warn(message, ReadNotice, stacklevel=depth + 2)


def _mapping(
    columns: Mapping[str, str] | str | None, header: list[str], file: str
) -> tuple[dict[str, str], bool]:
    """Header column -> field, with the header's own spelling of each column."""
    folded = {name.casefold(): name for name in header}
    if columns is None:
        acled = all(name in folded for name in _ACLED_REQUIRED)
        columns = ACLED if acled else {name: name for name in header if name in TARGETS}
    elif isinstance(columns, str):
        if columns.lower() != "acled":
            raise ValueError(f"columns must be a mapping or 'acled', not {columns!r}")
        columns = ACLED
    acled = dict(columns) == dict(ACLED)
    unknown = sorted(set(columns.values()) - set(TARGETS))
    if unknown:
        raise ValueError(f"cannot map columns to {unknown}; the fields are {', '.join(TARGETS)}")
    mapping: dict[str, str] = {}
    problems = []
    for name, field in columns.items():
        actual = name if name in header else folded.get(name.casefold())
        if actual is not None:
            mapping[actual] = field
        elif not acled or name in _ACLED_REQUIRED:
            kind = "an ACLED export" if acled else "this table"
            problems.append(
                Problem(
                    file,
                    1,
                    f"{kind} needs a column {name!r} (mapped to {field!r}); "
                    f"the header has {', '.join(header)}",
                    field=name,
                )
            )
    if problems:
        raise EventDataError(problems)
    return mapping, acled


def _join(parts: list[pd.Series], separator: str) -> pd.Series:
    """Non-empty cells of several columns joined, leaving out repeats within the row."""
    result = parts[0]
    for number, part in enumerate(parts[1:], start=1):
        repeated = np.zeros(len(part), dtype=bool)
        for earlier in parts[:number]:
            repeated |= (part == earlier).to_numpy(dtype=bool)
        add = part.ne("").to_numpy(dtype=bool) & ~repeated
        both = add & result.ne("").to_numpy(dtype=bool)
        result = result.where(~both, result + separator + part).where(~add | both, part)
    return result


def _apply_precision(
    dates: pd.Series,
    codes: pd.Series,
    column: str,
    line_of: Any,
    file: str,
    problems: list[Problem],
) -> pd.Series:
    """ACLED's time_precision on plain days: 2 (a week) approximate, 3 (a month) the month."""
    plain = dates.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    result = dates.where(~(plain & codes.eq("2")), dates + "~")
    result = result.where(~(plain & codes.eq("3")), dates.str[:7])
    for i in np.flatnonzero(~codes.isin(["", "1", "2", "3"]).to_numpy(dtype=bool)):
        problems.append(
            Problem(
                file,
                line_of(int(i)),
                f"{codes.iat[int(i)]!r} is not a time precision; "
                "allowed: 1 (the day), 2 (a week: the day is approximate), 3 (the month)",
                None,
                column,
            )
        )
    return result


def _made_titles(category: pd.Series, place: pd.Series) -> pd.Series:
    """'Category in place' for tables without titles (ACLED: 'Protests in Kharkiv')."""
    both = category.ne("") & place.ne("")
    joined = category + " in " + place
    return joined.where(both, category.where(category.ne(""), place))


def _lists(parts: list[pd.Series], n: int) -> list[list[str]]:
    if not parts:
        return [[] for _ in range(n)]
    cells = parts[0] if len(parts) == 1 else parts[0].str.cat(list(parts[1:]), sep=";")  # type: ignore[arg-type]
    return [
        list(dict.fromkeys(p.strip() for p in cell.split(";") if p.strip())) if cell else []
        for cell in cells.tolist()
    ]


def _sources(values: Mapping[str, pd.Series], n: int) -> list[list[dict[str, str | None]]]:
    columns = [values[f"source_{name}"].tolist() for name in SOURCE_FIELDS]
    return [
        [{name: (cell or None) for name, cell in zip(SOURCE_FIELDS, row, strict=True)}]
        if any(row)
        else []
        for row in zip(*columns, strict=True)
    ]
