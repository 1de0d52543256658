"""Reading uses jemalloc where pyarrow has it, and gives the default pool back afterwards."""

from __future__ import annotations

import pyarrow as pa
import pytest

import timeline
from conftest import DATA
from timeline._allocator import reading_pool


def test_default_pool_is_restored():
    before = pa.default_memory_pool().backend_name
    with reading_pool():
        with reading_pool():
            inside = pa.default_memory_pool().backend_name
        assert pa.default_memory_pool().backend_name == inside
    assert pa.default_memory_pool().backend_name == before
    timeline.read_events(DATA)
    assert pa.default_memory_pool().backend_name == before


def test_pool_is_restored_after_an_error(tmp_path):
    before = pa.default_memory_pool().backend_name
    (tmp_path / "bad.csv").write_text("id,title,date\nx,Title,2024-13-01\n", encoding="utf-8")
    with pytest.raises(timeline.EventDataError):
        timeline.read_events(tmp_path / "bad.csv")
    assert pa.default_memory_pool().backend_name == before
