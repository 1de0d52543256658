"""What the command prints while it works: progress, counts in words, one-line errors."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from timeline._frame.errors import shown

LARGE_INPUT = 1_000_000  # bytes of event files that take a noticeable while to read and draw


def progress_reporter(
    args: argparse.Namespace, paths: Sequence[str], *, slow: bool = False
) -> Callable[[str], None]:
    """A function that reports a step on stderr, when someone is watching or the work is long."""
    watched = args.progress or sys.stderr.isatty()
    show = not args.quiet and (watched or slow or input_size(paths) > LARGE_INPUT)

    def report(message: str) -> None:
        if show:
            print(shown(message), file=sys.stderr, flush=True)

    return report


def input_size(paths: Sequence[str]) -> int:
    from timeline._io.read import READERS

    total = 0
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = (p for p in path.rglob("*") if p.suffix.lower() in READERS and p.is_file())
            total += sum(f.stat().st_size for f in files)
        elif path.is_file():
            total += path.stat().st_size
    return total


def describe_paths(paths: Sequence[str]) -> str:
    return paths[0] if len(paths) == 1 else f"{len(paths)} paths"


def count_lines(heading: str, counts: Counter[str]) -> list[str]:
    if not counts:
        return [f"{heading}: none"]
    width = len(str(max(counts.values())))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    return [f"{heading}:", *(f"  {n:>{width}}  {name}" for name, n in rows)]


def events_text(n: int) -> str:
    return f"{n} event{'' if n == 1 else 's'}"


def one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
