"""Arrow's jemalloc pool while a large file is read, where the default pool is slow.

pyarrow's default pool (mimalloc) hands freed memory back to the operating system within
milliseconds, so reading a million events, which allocates and frees several hundred megabytes
of temporaries, spent more time in the kernel faulting pages back in than in reading: 3.7 s
against 2.6 s with jemalloc on the benchmark machine. The default is put back afterwards;
buffers remember their pool, so arrays made meanwhile are freed correctly whenever they go.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import pyarrow as pa

_lock = threading.Lock()
_depth = 0
_previous: pa.MemoryPool | None = None


@contextlib.contextmanager
def reading_pool() -> Iterator[None]:
    """Make jemalloc Arrow's default pool inside the block, when pyarrow has it."""
    global _depth, _previous
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without jemalloc (Windows)
        yield
        return
    with _lock:
        if _depth == 0:
            _previous = pa.default_memory_pool()
            pa.set_memory_pool(pool)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _previous is not None:
                pa.set_memory_pool(_previous)
                _previous = None
