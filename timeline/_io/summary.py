"""Problems that many rows share, said once with their count and first lines.

A table of 5,000 rows with its dates in a form we do not read has one problem, not 5,000: the
user fixes it with one option, and a screen of identical lines hides the other problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from timeline._frame.errors import Problem

SHOWN = 3
"""Rows named in full when many share a problem."""
ALONE = 5
"""Up to this many rows sharing a problem are each listed on their own."""
EVERY = "timeline validate --all, or every_problem=True, lists every row"
_VALUES = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|-?\d[\d,.:-]*")


def kind_of(problem: Problem) -> tuple[str, str | None, str]:
    """What makes problems alike: the file, the field, the message without its values."""
    return problem.file, problem.field, _VALUES.sub("…", problem.message)


def summarize(problems: Iterable[Problem]) -> list[Problem]:
    """Problems with the rows of each kind past :data:`ALONE` said once, in file order.

    Examples
    --------
    >>> rows = [Problem("a.csv", n, f"'x{n}' is not a date", f"e{n}", "date") for n in range(2, 9)]
    >>> print(summarize(rows)[0])  # doctest: +NORMALIZE_WHITESPACE
    a.csv: field 'date': 7 rows have this problem, e.g. line 2 (event 'e2'): 'x2' is not a
    date; line 3: 'x3' is not a date; line 4: 'x4' is not a date; and 4 more (timeline
    validate --all, or every_problem=True, lists every row)
    """
    groups: dict[tuple[str, str | None, str], list[Problem]] = {}
    for problem in problems:
        groups.setdefault(kind_of(problem), []).append(problem)
    result: list[Problem] = []
    for (file, field, _), alike in groups.items():
        if len(alike) <= ALONE:
            result += alike
            continue
        alike.sort(key=lambda p: (p.line or 0, p.message))
        first = alike[0]
        named = f" (event {first.event!r})" if first.event else ""
        shown = [f"{_where(first)}{named}: {first.message}"]
        shown += [f"{_where(p)}: {p.message}" for p in alike[1:SHOWN]]
        message = (
            f"{len(alike):,} rows have this problem, e.g. {'; '.join(shown)}; "
            f"and {len(alike) - SHOWN:,} more ({EVERY})"
        )
        result.append(Problem(file, None, message, None, field))
    return result


def _where(problem: Problem) -> str:
    return f"line {problem.line}" if problem.line else "a row"
