"""CSV files go to pyarrow as bytes; unusual ones are decoded, and both ways read the same."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import timeline
from timeline._csv import _BLOCK
from timeline._csvbytes import _BLOCK as _SCAN_BLOCK
from timeline._csvbytes import CsvBytes, Scan, _scan, open_csv

HEADER = "id,title,date,summary,source_url\n"


def rows(n: int, summary: str = "plain") -> str:
    return "".join(
        f"e{i},Event {i},2024-01-{1 + i % 28:02d},{summary},https://example.org/{i}\n"
        for i in range(n)
    )


def decoded(data: bytes) -> str:
    return data.decode("utf-8-sig").replace("\r\n", "\n")


def test_plain_file_goes_to_pyarrow_by_path(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(HEADER + rows(3), encoding="utf-8")
    with open_csv(path, decoded) as source:
        assert isinstance(source, CsvBytes)
        assert source.path == str(path)
        assert source.careful_source() == str(path)
        assert source.header_text() == HEADER
        assert source.checked() == Scan(plain=True, lines=4, carriage=False)


@pytest.mark.parametrize(
    ("content", "lines"),
    [
        (b"\xef\xbb\xbf" + (HEADER + rows(2)).encode(), 3),  # byte order mark
        ((HEADER + rows(2)).rstrip("\n").encode(), 3),  # no newline at the end
        ((HEADER + rows(2) + "\n").encode(), None),  # an empty line: pyarrow skips it
        ((HEADER + rows(2)).replace("\n", "\r\n").encode(), None),  # \r\n: normalized bytes
    ],
)
def test_line_count_decides_the_fast_parse(tmp_path, content, lines):
    path = tmp_path / "events.csv"
    path.write_bytes(content)
    with open_csv(path, decoded) as source:
        assert isinstance(source, CsvBytes)
        assert source.lines_if_none_empty() == lines
    assert len(timeline.read_events(path)) == 2


def test_crlf_goes_to_pyarrow_normalized(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes((HEADER + rows(2)).replace("\n", "\r\n").encode())
    with open_csv(path, decoded) as source:
        assert isinstance(source, CsvBytes)
        assert source.checked().carriage
        assert source.careful_source().to_pybytes() == (HEADER + rows(2)).encode()


def test_scan_counts_across_its_blocks(tmp_path):
    # An empty line whose two line ends fall on either side of a block boundary.
    first = HEADER + rows(1)
    filler = "x" * (_SCAN_BLOCK - len(first) - 1)
    path = tmp_path / "events.csv"
    path.write_text(first + filler + "\n\n" + rows(1), encoding="utf-8")
    assert path.read_bytes()[_SCAN_BLOCK - 1 : _SCAN_BLOCK + 1] == b"\n\n"
    assert _scan(path).lines is None
    path.write_text(first + filler + "\n" + rows(3), encoding="utf-8")
    assert _scan(path) == Scan(plain=True, lines=6, carriage=False)


def test_nul_past_the_first_block_is_found(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes((HEADER + rows(_SCAN_BLOCK // 40) + "e,A \x00 NUL,2024-01-01\n").encode())
    assert path.stat().st_size > _SCAN_BLOCK
    assert not _scan(path).plain
    with pytest.raises(timeline.EventDataError, match="NUL characters"):
        timeline.read_events(path)


def test_whitespace_before_the_header_beyond_the_first_block(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(" " * (_SCAN_BLOCK + 10), encoding="utf-8")
    assert not _scan(path).plain
    with pytest.raises(timeline.EventDataError, match="empty"):
        timeline.read_events(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"id,title,date\ne1,Bad \xff byte,2024-01-01\n", "not UTF-8 (byte 0xff)"),
        (b"id,title,date\ne1,A NUL \x00 here,2024-01-01\n", "NUL characters"),
        ("id,title,date\n".encode("utf-16"), "UTF-16"),
        (b"  \n\n", "empty"),
    ],
)
def test_unusual_files_are_explained(tmp_path, content, message):
    path = tmp_path / "events.csv"
    path.write_bytes(content)
    with pytest.raises(timeline.EventDataError, match=re.escape(message)):
        timeline.read_events(path)


def test_line_breaks_in_cells_read_the_careful_way(tmp_path):
    # Past one parsing block, so that a block boundary can fall inside a quoted cell.
    summary = '"two\nlines, and a comma"'
    text = HEADER + rows(_BLOCK // 60 + 2000, summary)
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8")
    df = timeline.read_events(path)
    expected = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(df) == len(expected)
    assert (df["summary"].to_numpy() == expected["summary"].to_numpy()).all()
    assert df["summary"].iloc[-1] == "two\nlines, and a comma"


def test_crlf_inside_cells_becomes_lf(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes((HEADER + rows(2, '"a\nb"')).replace("\n", "\r\n").encode())
    assert timeline.read_events(path)["summary"].tolist() == ["a\nb", "a\nb"]


def test_problems_in_a_large_file_have_lines(tmp_path):
    text = HEADER + rows(200_000) + "bad id!,Oops,2024-13-01,x,https://example.org/x\n"
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(timeline.EventDataError) as error:
        timeline.read_events(path)
    lines = {problem.line for problem in error.value.problems}
    assert lines == {200_002}
