"""Every format by name, extension or content: read_any, write_any, and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import timeline
from timeline._cli import main
from timeline._io.formats import FORMATS, format_of, read_any, read_inputs, write_any
from timeline._io.write import to_csv_text

DATA = Path(__file__).parent.parent / "data"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.yaml", "yaml"),
        ("A.YML", "yaml"),
        ("a.json", "json"),
        ("a.csv", "csv"),
        ("a.timelinejs.json", "timelinejs"),
        ("a.timelinejs.csv", "timelinejs-csv"),
        ("a.vis.json", "vis"),
        ("a.parquet", "table"),
        ("a.xlsx", "table"),
    ],
)
def test_format_of(name, expected):
    assert format_of(name) == expected


def test_format_of_unknown_extension():
    with pytest.raises(ValueError, match=r"cannot tell the format of 'a\.txt'.*\.timelinejs\.json"):
        format_of("a.txt")


def test_formats_are_all_named():
    assert set(FORMATS) == {"yaml", "json", "csv", "timelinejs", "timelinejs-csv", "vis", "table"}


@pytest.mark.parametrize(
    ("file", "first_id"),
    [
        ("timelinejs_sample.json", "treaty-adopted"),
        ("timelinejs_sample.csv", "treaty-adopted-in-oslo-1997-09-18"),
        ("acled_sample.csv", "XYZ1001"),
    ],
)
def test_read_any_recognizes_content(file, first_id):
    assert read_any(DATA / file)["id"].iloc[0] == first_id


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".csv"])
def test_our_formats_round_trip(bundled, tmp_path, suffix):
    path = write_any(bundled, tmp_path / f"events{suffix}")
    back = read_any(path)
    pd.testing.assert_frame_equal(back, bundled)


def test_json_is_ours_unless_asked(bundled, tmp_path):
    ours = json.loads(write_any(bundled, tmp_path / "a.json").read_text())
    assert "id" in ours["events"][0]
    asked = json.loads(write_any(bundled, tmp_path / "b.json", fmt="timelinejs").read_text())
    assert "start_date" in asked["events"][0]
    named = json.loads(write_any(bundled, tmp_path / "c.timelinejs.json").read_text())
    assert named == asked
    vis = json.loads(write_any(bundled, tmp_path / "d.vis.json").read_text())
    assert set(vis) == {"items", "groups"}


def test_written_timelinejs_reads_back_by_content(bundled, tmp_path):
    for name, fmt in (("t.json", "timelinejs"), ("t.csv", "timelinejs-csv")):
        path = write_any(bundled, tmp_path / name, fmt=fmt)
        pd.testing.assert_frame_equal(read_any(path), bundled)


def test_our_format_under_another_extension(bundled, tmp_path):
    path = write_any(bundled, tmp_path / "events.txt", fmt="csv")
    assert path.read_text(encoding="utf-8") == to_csv_text(bundled)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda df, p: write_any(df, p / "x.json", fmt="pdf"),
            "unknown format 'pdf'; known formats: yaml, json, csv, timelinejs, timelinejs-csv, vis",
        ),
        (lambda df, p: write_any(df, p / "x.parquet"), "the 'table' format is read only"),
        (lambda df, p: read_any(p / "x.json", fmt="vis"), "the 'vis' format is written only"),
        (
            lambda df, p: read_any(p / "x.json", fmt="excel"),
            "unknown format 'excel'; known formats: ours, timelinejs, timelinejs-csv, table, acled, "
            "yaml, json, csv",
        ),
    ],
)
def test_unknown_and_one_way_formats(bundled, tmp_path, call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        call(bundled, tmp_path)


def test_reading_a_vis_file_is_refused(bundled, tmp_path):
    path = timeline.write_vis(bundled, tmp_path / "a.vis.json")
    with pytest.raises(ValueError, match="vis-timeline file, which is only written"):
        read_any(path)


def test_read_inputs(bundled):
    assert read_inputs([DATA / "timelinejs_sample.json"])["id"].iloc[0] == "treaty-adopted"
    pd.testing.assert_frame_equal(
        read_inputs([Path(__file__).parent.parent.parent / "data"]), bundled
    )


def test_command_line_convert(tmp_path, capsys):
    target = tmp_path / "out.json"
    assert (
        main(["convert", str(DATA / "timelinejs_sample.csv"), str(target), "--to", "timelinejs"])
        == 0
    )
    assert json.loads(target.read_text())["events"][0]["start_date"]["year"] == 1997
    assert main(["convert", str(target), str(tmp_path / "x.json"), "--to", "nope"]) == 1
    assert "unknown format 'nope'" in capsys.readouterr().err


def test_command_line_render_reads_timelinejs(tmp_path):
    target = tmp_path / "page.html"
    assert main(["render", str(DATA / "timelinejs_sample.csv"), "-o", str(target)]) == 0
    assert "Treaty adopted in Oslo" in target.read_text(encoding="utf-8")


def test_a_format_given_wins_over_the_extension(tmp_path, bundled):
    path = tmp_path / "events.txt"
    timeline.write_events(bundled, tmp_path / "events.csv")
    path.write_bytes((tmp_path / "events.csv").read_bytes())
    assert read_any(path, "csv")["id"].tolist() == bundled["id"].tolist()
    with pytest.raises(timeline.EventDataError, match="no such file"):
        read_any(tmp_path / "missing.txt", "csv")


def test_other_formats_are_not_mixed_with_our_files():
    tjs = DATA / "timelinejs_sample.json"
    with pytest.raises(
        timeline.EventDataError, match="timelinejs file is read on its own"
    ) as error:
        read_inputs([Path(__file__).parent.parent.parent / "data", tjs])
    assert [problem.file for problem in error.value.problems] == [str(tjs)]
