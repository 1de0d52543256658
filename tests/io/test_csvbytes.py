"""CSV files go to pyarrow as bytes; unusual ones are decoded, and both ways read the same."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import timeline
from timeline._io.csvbytes import SCAN_BLOCK, CsvBytes, Scan, open_csv, scan_bytes
from timeline._io.csvfile import PARSE_BLOCK

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
        assert source.header_text() == HEADER
        assert source.checked() == Scan(plain=True, carriage=False)


@pytest.mark.parametrize(
    "content",
    [
        b"\xef\xbb\xbf" + (HEADER + rows(2)).encode(),  # byte order mark
        (HEADER + rows(2)).rstrip("\n").encode(),  # no newline at the end
        (HEADER + rows(2).replace("\n", "\n\n", 1)).encode(),  # an empty line: skipped
        (HEADER + rows(2)).replace("\n", "\r\n").encode(),  # \r\n line ends
    ],
)
def test_usual_variations_read_the_fast_way(tmp_path, content):
    path = tmp_path / "events.csv"
    path.write_bytes(content)
    with open_csv(path, decoded) as source:
        assert isinstance(source, CsvBytes)
    assert timeline.read_events(path)["title"].tolist() == ["Event 0", "Event 1"]


def test_crlf_files_are_scanned_as_such(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes((HEADER + rows(2)).replace("\n", "\r\n").encode())
    with open_csv(path, decoded) as source:
        assert isinstance(source, CsvBytes)
        assert source.checked() == Scan(plain=True, carriage=True)


def test_nul_past_the_first_block_is_found(tmp_path):
    path = tmp_path / "events.csv"
    path.write_bytes((HEADER + rows(SCAN_BLOCK // 40) + "e,A \x00 NUL,2024-01-01\n").encode())
    assert path.stat().st_size > SCAN_BLOCK
    assert not scan_bytes(path).plain
    with pytest.raises(timeline.EventDataError, match="NUL characters"):
        timeline.read_events(path)


def test_whitespace_before_the_header_beyond_the_first_block(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(" " * (SCAN_BLOCK + 10), encoding="utf-8")
    assert not scan_bytes(path).plain
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
    text = HEADER + rows(PARSE_BLOCK // 60 + 2000, summary)
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


def test_crlf_in_a_large_file_with_line_breaks_in_cells(tmp_path):
    summary = '"two\nlines"'
    path = tmp_path / "events.csv"
    path.write_bytes(
        (HEADER + rows(PARSE_BLOCK // 60 + 2000, summary)).replace("\n", "\r\n").encode()
    )
    df = timeline.read_events(path)
    assert len(df) == PARSE_BLOCK // 60 + 2000
    assert set(df["summary"]) == {"two\nlines"}
    assert df["sources"].iloc[-1][0]["url"] == f"https://example.org/{len(df) - 1}"


def test_problems_in_a_large_file_have_lines(tmp_path):
    text = HEADER + rows(200_000) + "bad id!,Oops,2024-13-01,x,https://example.org/x\n"
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(timeline.EventDataError) as error:
        timeline.read_events(path)
    lines = {problem.line for problem in error.value.problems}
    assert lines == {200_002}
