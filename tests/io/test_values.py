"""Values accepted only when they are what they claim: finite numbers, whole characters."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import timeline
from timeline._io.formats import write_any


def problems(path: Path) -> list[str]:
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_events(path)
    return [str(p) for p in caught.value.problems]


def test_csv_importance_must_be_a_finite_number(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "id,title,date,importance\na,A,2024,inf\nb,B,2024,nan\nc,C,2024,lots\nd,D,2024,-Infinity\n"
        "e,E,2024,2.5\n",
        encoding="utf-8",
    )
    assert problems(path) == [
        f"{path}:{line}: event '{event}', field 'importance': '{text}' is not a number; "
        "write importance as a number such as 3"
        for line, event, text in [
            (2, "a", "inf"),
            (3, "b", "nan"),
            (4, "c", "lots"),
            (5, "d", "-Infinity"),
        ]
    ]


def test_csv_importance_that_is_all_numbers_reads(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("id,title,date,importance\na,A,2024,3\nb,B,2024,\n", encoding="utf-8")
    values = list(timeline.read_events(path)["importance"])
    assert values[0] == 3.0 and math.isnan(values[1])


@pytest.mark.parametrize("name", ["e.json", "e.yaml", "e.csv", "e.timelinejs.json", "e.vis.json"])
def test_writers_never_write_infinity(tmp_path, name):
    df = timeline.events_frame([{"id": "a", "title": "A", "date": "2024"}])
    df["importance"] = [math.inf]
    target = tmp_path / name
    if name.endswith(".vis.json"):  # vis-timeline has no importance: written without it
        write_any(df, target)
        assert "Infinity" not in target.read_text(encoding="utf-8")
        return
    with pytest.raises(timeline.EventDataError, match="'importance': inf is not a finite number"):
        write_any(df, target)
    assert not target.exists()


def test_json_writes_read_back_with_strict_parsers(tmp_path):
    df = timeline.events_frame([{"id": "a", "title": "A", "date": "2024", "importance": 2}])
    target = tmp_path / "e.json"
    timeline.write_events(df, target)

    def refuse(constant: str) -> None:
        raise AssertionError(f"wrote {constant}")

    json.loads(target.read_text(encoding="utf-8"), parse_constant=refuse)


@pytest.mark.parametrize(
    ("written", "escape"),
    [
        (r"\ud800", r"\ud800"),
        (r"x\udc00y", r"\udc00"),
        (r"\ud800\ud800", r"\ud800"),
        (r"ok\ud83d", r"\ud83d"),
    ],
)
def test_a_lone_surrogate_in_json_names_file_and_line(tmp_path, written, escape):
    path = tmp_path / "events.json"
    path.write_text(
        f'[\n{{"id": "a", "date": "2024",\n "title": "{written}"}}]\n', encoding="utf-8"
    )
    assert problems(path) == [
        f"{path}:3: the escape {escape} is half of a UTF-16 surrogate pair, not a character; "
        "write the character itself, or both halves of its pair"
    ]


@pytest.mark.parametrize(
    ("written", "title"), [(r"\ud83d\ude00", "\U0001f600"), (r"\\ud800", "\\ud800")]
)
def test_whole_pairs_and_escaped_backslashes_are_fine(tmp_path, written, title):
    path = tmp_path / "events.json"
    path.write_text(f'[{{"id": "a", "date": "2024", "title": "{written}"}}]\n', encoding="utf-8")
    assert timeline.read_events(path).loc[0, "title"] == title


def test_a_nan_title_in_json_is_missing(tmp_path):
    path = tmp_path / "events.json"
    path.write_text('[{"id": "a", "date": "2024", "title": NaN}]\n', encoding="utf-8")
    assert problems(path) == [
        f"{path}:1: event 'a', field 'title': 'title' is required and missing"
    ]
