"""TimelineJS files shaped like its own examples: stray keys, cosmic years, BCE, sheet overflow."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import timeline

NBSP = "\u00a0"


def _write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def _read(path: Path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", timeline.ReadNotice)
        df = timeline.read_timelinejs(path)
    return df, [str(w.message) for w in caught if w.category is timeline.ReadNotice]


def test_date_keys_timelinejs_ignores_are_a_notice(tmp_path):
    """As in the Mark Twain example: a key inside a date object that TimelineJS ignores."""
    path = _write(
        tmp_path / "twain.json",
        {
            "events": [
                {
                    "start_date": {"year": "1835", "month": "11", "day": "30", "hours": "3"},
                    "text": {"headline": "Samuel Clemens is born"},
                },
                {"start_date": {"year": "1910", "month": "4", "day": "21"}, "text": {"headline": "Dies"}},
            ]
        },
    )  # fmt: skip
    df, notices = _read(path)
    assert df["date"].tolist() == ["1835-11-30", "1910-04-21"]
    (notice,) = notices
    assert notice.startswith(f"{path}: left out 1 key TimelineJS ignores too: line 8 (slide 1)")
    assert "start_date.hours" in notice
    with warnings.catch_warnings():
        warnings.simplefilter("error", timeline.ReadNotice)
        with pytest.raises(timeline.ReadNotice):
            timeline.read_timelinejs(path)


def test_cosmic_years_are_read_kept_and_written_back(tmp_path):
    path = _write(
        tmp_path / "cosmology.json",
        {
            "events": [
                {"start_date": {"year": "-13800000000"}, "text": {"headline": "Big Bang"}},
                {
                    "start_date": {"year": -4600000000},
                    "end_date": {"year": -4500000000},
                    "text": {"headline": "The Sun forms"},
                },
                {"start_date": {"year": 1969, "month": 7}, "text": {"headline": "Moon landing"}},
            ]
        },
    )
    df, _ = _read(path)
    assert df["date"].tolist() == ["Y-13800000000", "Y-4600000000", "1969-07"]
    assert df["end_date"][1] == "Y-4500000000"
    years = df["start"].to_numpy().astype("datetime64[Y]").astype("int64") + 1970
    assert years.tolist() == [-13_800_000_000, -4_600_000_000, 1969]
    assert df["precision"][0] == "year"
    written = timeline.write_timelinejs(df, tmp_path / "again.json")
    slides = json.loads(written.read_text(encoding="utf-8"))["events"]
    assert slides[0]["start_date"] == {"year": -13800000000}
    for suffix in (".yaml", ".json", ".csv"):
        again = timeline.read_events(timeline.write_events(df, tmp_path / f"ours{suffix}"))
        assert again["date"].tolist() == df["date"].tolist(), suffix
    assert timeline.read_timelinejs(written)["date"].tolist() == df["date"].tolist()


def test_a_year_too_far_is_refused(tmp_path):
    path = _write(
        tmp_path / "far.json",
        {"events": [{"start_date": {"year": 10**12}, "text": {"headline": "Too far"}}]},
    )
    with pytest.raises(timeline.EventDataError, match="outside the years supported"):
        timeline.read_timelinejs(path)
    with pytest.raises(timeline.EventDataError, match="further than the 100,000,000,000 years"):
        timeline.events_frame([{"id": "a", "title": "A", "date": "Y-1000000000000"}])


def test_bce_ids_keep_their_sign(tmp_path):
    path = _write(
        tmp_path / "rome.json",
        {
            "events": [
                {"start_date": {"year": -44, "month": 3, "day": 15}, "text": {"headline": "Ides"}},
                {"start_date": {"year": 44, "month": 3, "day": 15}, "text": {"headline": "Ides"}},
            ]
        },
    )
    assert _read(path)[0]["id"].tolist() == ["ides-bce-0044-03-15", "ides-0044-03-15"]


def test_no_break_spaces_survive_a_round_trip(tmp_path):
    path = _write(
        tmp_path / "nbsp.json",
        {
            "events": [
                {
                    "start_date": {"year": 2024},
                    "text": {
                        "headline": f"M.{NBSP}Macron",
                        "text": f"<p>10{NBSP}000 km&nbsp;!</p>",
                    },
                }
            ]
        },
    )
    df, _ = _read(path)
    assert df["title"][0] == f"M.{NBSP}Macron"
    assert df["summary"][0] == f"10{NBSP}000 km{NBSP}!"
    for name in ("again.json", "again.csv"):
        again = timeline.read_timelinejs(timeline.write_timelinejs(df, tmp_path / name))
        assert again[["title", "summary"]].equals(df[["title", "summary"]]), name


def test_sheet_cells_past_the_header_are_a_problem_with_their_line(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "Year,Month,Day,Headline,Text\n"
        "2020,1,2,First,Short text\n"
        "2020,1,3,Second,The article, cut by its comma\n"
        "2020,1,4,Third,Fine\n",
        encoding="utf-8",
    )
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_timelinejs(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.event) == (3, "row 3")
    assert problem.message.startswith("the row has 6 cells but the header has 5 (up to 'Text')")
