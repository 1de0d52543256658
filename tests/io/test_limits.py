"""Limits on every resource, and nothing dropped in silence: wide headers, long values, odd bytes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import timeline
from timeline._frame.limits import LIMITS, limit

ALL = "id,title,date,end,summary,actors,category,location,tags,source_url,relations,importance"


def problems(path: Path) -> list[str]:
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_events(path)
    return [str(p) for p in caught.value.problems]


def test_every_limit_is_documented():
    text = (Path(__file__).resolve().parents[2] / "docs" / "format.md").read_text(encoding="utf-8")
    section = text[text.index("## Limits") :]
    for name, default in LIMITS.items():
        assert name in section and f"{default:,}" in section


def test_a_limit_is_raised_by_its_environment_variable(monkeypatch):
    monkeypatch.setenv("TIMELINE_MAX_COLUMNS", "5_000")
    assert limit("TIMELINE_MAX_COLUMNS") == 5000
    monkeypatch.setenv("TIMELINE_MAX_COLUMNS", "-1")
    with pytest.raises(ValueError, match="TIMELINE_MAX_COLUMNS='-1' must not be negative"):
        limit("TIMELINE_MAX_COLUMNS")


def test_too_many_columns_are_refused_at_once(tmp_path):
    path = tmp_path / "wide.csv"
    header = ",".join(["id", "title", "date", *(f"c{i}" for i in range(100_000))])
    path.write_text(header + "\na,A,2024" + "," * 100_000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    assert problems(path) == [
        f"{path}:1: the header has 100,003 columns, over the limit of 1,000; "
        "set the environment variable TIMELINE_MAX_COLUMNS to raise it"
    ]
    assert time.perf_counter() - started < 10


def test_many_unknown_and_repeated_columns_are_counted_not_listed(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMELINE_MAX_COLUMNS", "200000")
    path = tmp_path / "wide.csv"
    header = ",".join(["id", "title", "date", *(f"c{i % 30_000}" for i in range(60_000))])
    path.write_text(header + "\na,A,2024" + "," * 60_000 + "\n", encoding="utf-8")
    found = problems(path)
    assert f"{path}:1: 59,980 more unknown columns (not named here)" in found
    assert sum("appears more than once" in p for p in found) == 20
    assert len(found) == 20 + 1 + 20


def test_a_value_over_the_limit_in_csv_names_its_line(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMELINE_MAX_VALUE_BYTES", "1000")
    path = tmp_path / "events.csv"
    path.write_text(
        f"id,title,date,summary\na,A,2024,ok\nb,B,2024,{'y' * 1001}\n", encoding="utf-8"
    )
    assert problems(path) == [
        f"{path}:3: event 'b', field 'summary': a value of 1,001 characters, over the limit of "
        "1,000; set the environment variable TIMELINE_MAX_VALUE_BYTES to raise it"
    ]


def test_a_value_over_the_limit_from_python_is_refused(monkeypatch):
    monkeypatch.setenv("TIMELINE_MAX_VALUE_BYTES", "10")
    with pytest.raises(timeline.EventDataError, match="'title': a value of 11 characters"):
        timeline.events_frame([{"id": "a", "title": "x" * 11, "date": "2024"}])


# --- nothing dropped ------------------------------------------------------------------------------


def test_a_continuation_row_with_event_cells_is_a_problem_with_its_line(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "id,title,date,summary,actors,category,source_url\n"
        "a,A,2024,S,X,c,https://example.org/1\n"
        "a,,,lost summary,Y;Z,other,https://example.org/2\n"
        "a,,,,,,https://example.org/3\n",
        encoding="utf-8",
    )
    assert problems(path) == [
        f"{path}:3: event 'a', field 'summary': this row adds a source to the event above "
        "(same id, no title or date), which takes only source_* cells, but it also has summary, "
        "actors, category; move them to the event's first row, or give this row a title and "
        "date of its own"
    ]


def test_continuation_rows_with_sources_only_still_read(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "id,title,date,source_url\na,A,2024,https://example.org/1\na,,,https://example.org/2\n",
        encoding="utf-8",
    )
    assert len(timeline.read_events(path).loc[0, "sources"]) == 2


@pytest.mark.parametrize(("encoding", "order"), [("utf-16-le", "little"), ("utf-16-be", "big")])
@pytest.mark.parametrize("suffix", [".csv", ".yaml", ".json"])
def test_utf16_without_a_byte_order_mark_is_named(tmp_path, encoding, order, suffix):
    text = {
        ".csv": "id,title,date\na,A,2024\n",
        ".yaml": '- {id: a, title: A, date: "2024"}\n',
        ".json": '[{"id": "a", "title": "A", "date": "2024"}]\n',
    }[suffix]
    path = tmp_path / f"events{suffix}"
    path.write_bytes(text.encode(encoding))
    assert problems(path) == [
        f"{path}:1: the file looks like UTF-16 ({order}-endian) without a byte order mark: "
        "every other byte is zero; save it as UTF-8"
    ]


def _validate_as_nobody(root: Path) -> subprocess.CompletedProcess[str]:
    """``timeline validate root`` run by the unprivileged user 'nobody' (we are root)."""
    script = (
        "import os, sys\nfrom timeline._cli import main\n"
        "main(['validate', sys.argv[1] + '/a.yaml'])  # imports all while root reads Python\n"
        "os.setgid(65534); os.setuid(65534)\nsys.exit(main(['validate', sys.argv[1]]))\n"
    )
    return subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run a child as another user")
def test_an_unreadable_subfolder_is_a_problem_not_a_skip(tmp_path):
    root = Path(tempfile.mkdtemp(prefix="timeline-scan-"))
    try:
        root.chmod(0o755)
        (root / "a.yaml").write_text('- {id: a, title: A, date: "2024"}\n', encoding="utf-8")
        hidden = root / "private"
        hidden.mkdir()
        (hidden / "b.yaml").write_text('- {id: b, title: B, date: "2024"}\n', encoding="utf-8")
        hidden.chmod(0o700)  # root's; nobody may not enter it
        done = _validate_as_nobody(root)
        assert done.returncode == 1, done.stdout + done.stderr
        assert f"{hidden}: cannot read this folder (Permission denied)" in done.stderr
    finally:
        hidden.chmod(0o755)
        shutil.rmtree(root)


def test_a_workbook_over_the_unpacked_limit_names_the_variable(tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["event_id_cnty", "event_date", "notes"])
    book.active.append(["X1", "2024-01-01", "y" * 10_000])
    path = tmp_path / "big.xlsx"
    book.save(path)
    monkeypatch.setenv("TIMELINE_MAX_UNPACKED_BYTES", "1000")
    with pytest.raises(
        timeline.EventDataError, match="set the environment variable TIMELINE_MAX_UNPACKED_BYTES"
    ):
        timeline.read_table(path)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run a child as another user")
def test_an_unreadable_file_is_a_problem_listed_with_the_others(tmp_path):
    root = Path(tempfile.mkdtemp(prefix="timeline-scan-"))
    try:
        root.chmod(0o755)
        (root / "a.yaml").write_text('- {id: a, title: A, date: "2024-99"}\n', encoding="utf-8")
        secret = root / "b.yaml"
        secret.write_text('- {id: b, title: B, date: "2024"}\n', encoding="utf-8")
        secret.chmod(0o600)
        done = _validate_as_nobody(root)
        assert done.returncode == 1
        assert f"{secret}: cannot read this file (Permission denied)" in done.stderr
        assert f"{root / 'a.yaml'}:1: event 'a', field 'date'" in done.stderr
    finally:
        shutil.rmtree(root)
