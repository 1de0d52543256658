"""Work shared out to threads, and values that may still be on their way from one.

Arrow and numpy let go of the GIL while they work, so independent columns are built side by
side, and the checks across events start while the last columns are still being built.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")

WORKERS = min(8, max(2, os.cpu_count() or 2))
"""Threads for independent columns."""


def ready(value: T | Future[T]) -> T:
    """The value, once worked out when it is a future."""
    return value.result() if isinstance(value, Future) else value


def settled(parts: Iterable[T | Future[list[T]]]) -> list[T]:
    """Items and lists of items still on their way, as one list, in order."""
    out: list[T] = []
    for part in parts:
        if isinstance(part, Future):
            out += part.result()
        else:
            out.append(part)
    return out


def item(future: Future[tuple[Any, ...]], index: int) -> Future[Any]:
    """A future of one item of the tuple that future will hold, without a thread to wait."""
    out: Future[Any] = Future()

    def done(whole: Future[tuple[Any, ...]]) -> None:
        try:
            out.set_result(whole.result()[index])
        except BaseException as error:  # handed on to whoever waits for the item
            out.set_exception(error)

    future.add_done_callback(done)
    return out
