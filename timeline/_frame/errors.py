"""The package's one error type and the problems it carries."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

LONGEST_MESSAGE = 1000
"""Characters of one message shown; longer ones lose their middle (a pasted value, mostly)."""
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    file: str
    line: int | None
    message: str
    event: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = []
        if self.event:
            parts.append(f"event {self.event!r}")
        if self.field:
            parts.append(f"field {self.field!r}")
        prefix = ", ".join(parts)
        text = f"{where}: {prefix}: {self.message}" if prefix else f"{where}: {self.message}"
        return shown(text)


def shown(text: str, longest: int = LONGEST_MESSAGE) -> str:
    r"""Text safe to print on a terminal: control characters escaped, a long middle cut.

    Terminal escape codes in data (a window title, a screen clear, a clipboard write) are shown
    as ``\x1b``; bidirectional overrides and line separators as ``\u202e``.

    Examples
    --------
    >>> print(shown("a\x1b]0;title\x07b"))
    a\x1b]0;title\x07b
    >>> shown("x" * 30 + "end", longest=20)
    'xxxxxxxxxxx … (17 characters cut) … xxend'
    """
    if len(text) > longest:
        keep_end = max(longest // 4, 1)
        keep_start = max(longest - keep_end - 4, 1)
        cut = len(text) - keep_start - keep_end
        if cut > 0:
            text = f"{text[:keep_start]} … ({cut:,} characters cut) … {text[-keep_end:]}"
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class EventDataError(ValueError):
    """Events that cannot be read or used as given; ``problems`` lists every one found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems, key=_sort_key)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the events:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class Unreadable(Exception):
    """A file that cannot be read at all; ``problems`` says why (readers raise EventDataError)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _sort_key(problem: Problem) -> tuple[str, int, str]:
    return (problem.file, problem.line or 0, problem.message)


def repeated_key_problems(
    file: str, repeated: Iterable[tuple[Mapping[str, Any], str, int, int]]
) -> list[Problem]:
    """Problems for keys given twice in one mapping: (mapping, key, first line, line) each."""
    problems = []
    for mapping, key, first, line in repeated:
        event = mapping.get("id")
        problems.append(
            Problem(
                file,
                line,
                f"{key!r} is given twice (first at line {first}); "
                "give each key once, or the first value would be lost",
                str(event) if isinstance(event, str | int) else None,
                key,
            )
        )
    return problems


class ReadNotice(UserWarning):
    """Something a reader did that the data did not say: columns kept as they are, ids made.

    Issued with :func:`warnings.warn`; the command line prints it as ``timeline: note: ...``.
    Turn it into an error with ``warnings.simplefilter("error", timeline.ReadNotice)``.
    """
