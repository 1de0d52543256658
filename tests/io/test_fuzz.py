"""Any bytes given to any reader: events or EventDataError, never another exception."""

from __future__ import annotations

import io
import json
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import timeline
from conftest import DATA
from timeline import EventDataError

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

Read = Callable[[Path], Any]

READERS: dict[str, Read] = {
    "events.yaml": timeline.read_events,
    "events.yml": timeline.read_events,
    "events.json": timeline.read_events,
    "events.csv": timeline.read_events,
    "slides.json": timeline.read_timelinejs,
    "sheet.csv": timeline.read_timelinejs,
    "table.csv": timeline.read_table,
    "table.tsv": timeline.read_table,
    "table.parquet": timeline.read_table,
    "table.xlsx": timeline.read_table,
}
"""Every reader, with a file name it takes."""


def attempt(read: Read, path: Path) -> None:
    """Read path: a frame, or an EventDataError whose problems are located one-liners."""
    try:
        df = read(path)
    except EventDataError as error:
        assert error.problems
        for problem in error.problems:
            shown = str(problem)
            assert problem.file.startswith(str(path)), shown
            assert "\n" not in shown and "\r" not in shown, shown
            assert problem.line is None or problem.line >= 1, shown
    else:
        assert isinstance(df, pd.DataFrame)
        assert list(df.columns[:3]) == ["id", "title", "date"]


@pytest.mark.parametrize("name", READERS)
def test_arbitrary_bytes(tmp_path, name):
    path = tmp_path / name

    @FUZZ
    @given(data=st.binary(max_size=2_000))
    def check(data: bytes) -> None:
        path.write_bytes(data)
        attempt(READERS[name], path)

    check()


# --- near-valid documents -------------------------------------------------------------------


def _head(data: bytes, size: int) -> bytes:
    """The first whole events of a YAML file that fit in size bytes."""
    return data[: data.rindex(b"\n  - id:", 0, size) + 1]


def seeds() -> dict[str, bytes]:
    """A valid file for every reader: the first events of the bundled data in each format."""
    df = timeline.read_events(DATA).head(4).copy()
    df.attrs = dict(df.attrs)
    from timeline._io.timelinejs import timelinejs_document
    from timeline._io.timelinejs_sheet import sheet_text
    from timeline._io.write import to_csv_text, to_document, to_yaml_text

    ours_csv = to_csv_text(df).encode()
    table = pd.read_csv(io.BytesIO(ours_csv), dtype=str, keep_default_na=False)
    table = table[table["title"] != ""]  # a table has one row per event: no continuation rows
    parquet, xlsx = io.BytesIO(), io.BytesIO()
    table.to_parquet(parquet)
    table.to_excel(xlsx, index=False)
    return {
        "events.yaml": to_yaml_text(df).encode(),
        "events.yml": _head((DATA / "landmines.yaml").read_bytes(), 6_000),
        "events.json": json.dumps(to_document(df), ensure_ascii=False, indent=2).encode(),
        "events.csv": ours_csv,
        "slides.json": json.dumps(timelinejs_document(df), ensure_ascii=False, indent=1).encode(),
        "sheet.csv": sheet_text(df).encode(),
        "table.csv": table.to_csv(index=False).encode(),
        "table.tsv": table.to_csv(sep="\t", index=False).encode(),
        "table.parquet": parquet.getvalue(),
        "table.xlsx": xlsx.getvalue(),
    }


SEEDS = seeds()
NEAR_MISSES = st.sampled_from(
    [*":-\"',{}[]\n\t#&*!|>%@/~?;=+ \r\ufeff\u202e\x00\\", "  ", "- ", ": ", "..", "XX"]
)


@st.composite
def mutated(draw: Any, seed: bytes) -> bytes:
    """seed with a few lines deleted or repeated, characters swapped, inserted or cut off."""
    text = seed.decode("utf-8", errors="surrogateescape")
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        spot = draw(st.integers(0, max(len(text) - 1, 0)))
        operation = draw(
            st.sampled_from(["delete", "repeat", "swap", "insert", "replace", "truncate", "join"])
        )
        if operation == "delete":
            del lines[at]
        elif operation == "repeat":
            lines.insert(at, lines[at])
        elif operation == "join" and at + 1 < len(lines):
            lines[at : at + 2] = [lines[at] + lines[at + 1]]
        if operation in ("delete", "repeat", "join"):
            text = "\n".join(lines)
        elif operation == "swap" and spot + 1 < len(text):
            text = text[:spot] + text[spot + 1] + text[spot] + text[spot + 2 :]
        elif operation == "insert":
            text = (
                text[:spot]
                + draw(st.one_of(NEAR_MISSES, st.characters(exclude_categories=["Cs"])))
                + text[spot:]
            )
        elif operation == "replace":
            text = text[:spot] + draw(NEAR_MISSES) + text[spot + 1 :]
        elif operation == "truncate":
            text = text[:spot]
    return text.encode("utf-8", errors="surrogateescape")


def test_every_seed_reads(tmp_path):
    for name, data in SEEDS.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert len(READERS[name](path)) >= 1, name


@pytest.mark.parametrize("name", READERS)
def test_near_valid_documents(tmp_path, name):
    path = tmp_path / name

    @FUZZ
    @given(data=mutated(SEEDS[name]))
    def check(data: bytes) -> None:
        path.write_bytes(data)
        attempt(READERS[name], path)

    check()


@pytest.mark.parametrize("name", ["events.yaml", "events.json", "events.csv"])
def test_near_valid_documents_read_together(tmp_path, name):
    first, second = tmp_path / "a" / name, tmp_path / "b" / name
    first.parent.mkdir()
    second.parent.mkdir()

    @FUZZ
    @given(one=mutated(SEEDS[name]), other=mutated(SEEDS[name]))
    def check(one: bytes, other: bytes) -> None:
        first.write_bytes(one)
        second.write_bytes(other)
        try:
            timeline.read_events(first, second)
        except EventDataError as error:
            assert all(str(p).startswith((str(first), str(second))) for p in error.problems)

    check()


# --- damaged binary tables ------------------------------------------------------------------

DAMAGE = [
    "\ud800".encode("utf-8", "surrogatepass"),  # a lone surrogate: not UTF-8
    *(b"\xff", b"\xc3", b"\x00", b"<", b"</x>", b"&", b"&#0;", b'"', b"'", b"9" * 24, b"-1"),
]


def damaged(data: bytes, rng: random.Random) -> bytes:
    """data with a few bytes changed, inserted, deleted or repeated, or the end cut off."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(out) + 1)
        operation = rng.choice(["change", "insert", "delete", "repeat", "cut"])
        if operation == "change" and at < len(out):
            out[at] = rng.randrange(256)
        elif operation == "insert":
            out[at:at] = rng.choice(DAMAGE)
        elif operation == "delete":
            del out[at : at + rng.randint(1, 16)]
        elif operation == "repeat":
            out[at:at] = out[at : at + rng.randint(1, 64)]
        elif operation == "cut":
            del out[at:]
    return bytes(out)


def zipped(parts: dict[str, bytes]) -> bytes:
    """The parts as a zip archive with fixed dates, so equal parts give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


def unzipped(workbook: bytes) -> dict[str, bytes]:
    """The parts of a workbook, its creation and change times fixed (they vary run to run)."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    stamp = rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
    parts["docProps/core.xml"] = re.sub(stamp, b"2024-01-01T00:00:00Z", parts["docProps/core.xml"])
    return parts


WORKBOOK = unzipped(SEEDS["table.xlsx"])


def damaged_part(rng: random.Random) -> bytes:
    """The seed workbook with one XML part damaged: damage past the zip's checksums."""
    parts = dict(WORKBOOK)
    name = rng.choice(sorted(parts))
    parts[name] = damaged(parts[name], rng)
    return zipped(parts)


DAMAGED: dict[str, Callable[[random.Random], bytes]] = {
    "workbook bytes": lambda rng: damaged(zipped(WORKBOOK), rng),
    "workbook part": damaged_part,
    "parquet bytes": lambda rng: damaged(SEEDS["table.parquet"], rng),
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_damaged_binary_tables(tmp_path, kind):
    path = tmp_path / ("table.parquet" if kind.startswith("parquet") else "table.xlsx")
    for seed in range(60):
        path.write_bytes(DAMAGED[kind](random.Random(seed)))
        attempt(timeline.read_table, path)
