"""YAML read as written: no YAML 1.1 implicit types, dates by our EDTF code, merge keys, limits."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest

import timeline


def write(tmp_path: Path, text: str, name: str = "events.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_events(path)
    return [str(p) for p in caught.value.problems]


AS_WRITTEN = {
    "id": ("0123", "0123"),
    "title": ("1_000", "1_000"),
    "summary": ("12:30", "12:30"),
    "location": ("NO", "NO"),
    "category": ("off", "off"),
    "hex title": ("0x1F", "0x1F"),
    "yes": ("yes", "yes"),
    "true": ("true", "true"),
    "float-like": ("1e3", "1e3"),
    "octal 1.2": ("0o17", "0o17"),
}


@pytest.mark.parametrize("case", AS_WRITTEN)
def test_plain_scalars_stay_text_as_written(tmp_path, case):
    written, expected = AS_WRITTEN[case]
    field = case if case in ("id", "title", "summary", "location", "category") else "title"
    record = {"id": "e1", "title": "T", "date": '"2024-11-19"', field: written}
    lines = "".join(f"    {key}: {value}\n" for key, value in record.items())
    df = timeline.read_events(write(tmp_path, f"events:\n  -\n{lines}"))
    assert df.loc[0, field] == expected


def test_a_list_of_names_keeps_its_spelling(tmp_path):
    path = write(
        tmp_path, "- {id: a, title: A, date: 2024, actors: [NO, 'off', 007], tags: [on, 1.50]}\n"
    )
    df = timeline.read_events(path)
    assert list(df.loc[0, "actors"]) == ["NO", "off", "007"]
    assert list(df.loc[0, "tags"]) == ["on", "1.50"]


def test_unquoted_dates_are_read_by_our_edtf_code(tmp_path):
    path = write(
        tmp_path,
        "- {id: a, title: A, date: 2024-11-19, end: 2024-11-20}\n"
        "- {id: b, title: B, date: 2024-11~}\n"
        "- {id: c, title: C, date: 2024}\n",
    )
    df = timeline.read_events(path)
    assert list(df["date"]) == ["2024-11-19", "2024-11~", "2024"]
    assert list(df["end_date"].fillna("")) == ["2024-11-20", "", ""]


def test_unquoted_impossible_dates_name_file_line_and_field(tmp_path):
    path = write(
        tmp_path,
        "events:\n"
        "  - id: feb\n    title: F\n    date: 2024-02-30\n"
        "  - id: clock\n    title: C\n    date: 20:30\n",
    )
    found = problems(path)
    assert found[0].startswith(f"{path}:4: event 'feb', field 'date': '2024-02-30' is not a date")
    assert "February 2024 has 29 days" in found[0]
    assert found[1].startswith(f"{path}:7: event 'clock', field 'date': '20:30' is not an EDTF")


def test_plain_numbers_are_numbers_where_the_format_asks_for_one(tmp_path):
    path = write(
        tmp_path,
        "- {id: a, title: A, date: '2024', importance: 3}\n"
        "- {id: b, title: B, date: '2024', importance: -2.5}\n"
        "- {id: c, title: C, date: '2024', importance: 1e2}\n"
        "- {id: d, title: D, date: '2024', importance: 1_000}\n",
    )
    assert list(timeline.read_events(path)["importance"]) == [3.0, -2.5, 100.0, 1000.0]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('"3"', "'3' is quoted text, not a number"),
        (".inf", "'.inf' is not a number"),
        ("yes", "'yes' is not a number"),
    ],
)
def test_importance_that_is_no_plain_number_is_refused(tmp_path, written, message):
    path = write(tmp_path, f"- {{id: a, title: A, date: '2024', importance: {written}}}\n")
    assert problems(path) == [
        f"{path}:1: event 'a', field 'importance': {message}; "
        + (
            "write importance as a number such as 3, without quotes"
            if "quoted" in message
            else "write importance as a number such as 3"
        )
    ]


@pytest.mark.parametrize("written", ["~", "null", ""])
def test_null_is_missing(tmp_path, written):
    path = write(tmp_path, f"- id: a\n  title: {written}\n  date: '2024'\n")
    assert problems(path) == [
        f"{path}:2: event 'a', field 'title': 'title' is required and missing"
    ]


def test_merge_keys_merge(tmp_path):
    path = write(
        tmp_path,
        "events:\n"
        "  - &first\n    id: a\n    title: Approval\n    date: '2024-11-19'\n"
        "    actors: [United States]\n    importance: 2\n"
        "  - <<: *first\n    id: b\n    date: '2024-11-20'\n",
    )
    df = timeline.read_events(path)
    assert list(df["id"]) == ["a", "b"]
    assert list(df["title"]) == ["Approval", "Approval"]
    assert [list(a) for a in df["actors"]] == [["United States"], ["United States"]]
    assert list(df["importance"]) == [2.0, 2.0]


def test_a_merge_of_text_is_refused_in_plain_words(tmp_path):
    path = write(tmp_path, "- {id: a, title: A, date: '2024', <<: text}\n")
    (found,) = problems(path)
    assert found.startswith(f"{path}:1: not valid YAML: expected a mapping")
    assert "tag" not in found


def test_tags_that_build_objects_are_still_refused(tmp_path):
    path = write(tmp_path, "- !!python/object:os.system {id: a}\n")
    assert "YAML tags that build objects are refused" in problems(path)[0]


# --- values the frame cannot hold ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("Y99999999999999999999", "is further than the 100,000,000,000 years a date can reach"),
        ("Y-300000000000", "is further than the 100,000,000,000 years a date can reach"),
        (
            "2024-11-19T10:00:00+02:00",
            "has a time-zone offset, which the events frame does not keep",
        ),
        ("2024-11-19T10:00:00-0500", "has a time-zone offset"),
    ],
)
def test_dates_the_frame_cannot_hold_are_refused(tmp_path, date, message, recwarn):
    path = write(tmp_path, f"- {{id: a, title: A, date: '{date}'}}\n")
    (found,) = problems(path)
    assert found.startswith(f"{path}:1: event 'a', field 'date': '{date}'") and message in found
    assert not [w for w in recwarn if "timezone" in str(w.message)]


def test_utc_times_are_kept(tmp_path):
    path = write(tmp_path, "- {id: a, title: A, date: '2024-11-19T10:00:00Z'}\n")
    assert str(timeline.read_events(path).loc[0, "start"]) == "2024-11-19 10:00:00"


def test_a_nan_title_is_missing_not_the_text_nan():
    with pytest.raises(timeline.EventDataError, match="'title' is required and missing"):
        timeline.events_frame([{"id": "a", "title": math.nan, "date": "2024"}])


# --- limits ---------------------------------------------------------------------------------------


def test_aliases_of_one_long_text_are_refused_quickly(tmp_path):
    long = "x" * 100_000
    aliases = "\n".join(f"  - {{id: e{i}, title: *long, date: '2024'}}" for i in range(3000))
    path = write(
        tmp_path, f"events:\n  - {{id: first, title: &long {long}, date: '2024'}}\n{aliases}\n"
    )
    started = time.perf_counter()
    (found,) = problems(path)
    assert time.perf_counter() - started < 20  # generous: the point is no 6 GB and no minutes
    assert f"{path}:1: aliases expand this document by 299,9" in found
    assert (
        "over the limit of 10,000,000; set the environment variable TIMELINE_MAX_ALIAS_BYTES"
        in found
    )


def test_the_alias_limit_can_be_raised(tmp_path, monkeypatch):
    long = "x" * 1000
    aliases = "\n".join(f"  - {{id: e{i}, title: *long, date: '2024'}}" for i in range(100))
    path = write(
        tmp_path, f"events:\n  - {{id: first, title: &long {long}, date: '2024'}}\n{aliases}\n"
    )
    monkeypatch.setenv("TIMELINE_MAX_ALIAS_BYTES", "1000")
    assert "TIMELINE_MAX_ALIAS_BYTES" in problems(path)[0]
    monkeypatch.setenv("TIMELINE_MAX_ALIAS_BYTES", "200_000")
    assert len(timeline.read_events(path)) == 101


def test_one_value_over_the_limit_is_refused_with_its_line(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMELINE_MAX_VALUE_BYTES", "100")
    path = write(tmp_path, f"- id: a\n  title: A\n  date: '2024'\n  summary: {'word ' * 50}\n")
    assert problems(path) == [
        f"{path}:4: event 'a', field 'summary': a value of 249 characters, over the limit of 100; "
        "set the environment variable TIMELINE_MAX_VALUE_BYTES to raise it"
    ]
    aliased = write(
        tmp_path,
        f"- {{id: a, title: &t {'word ' * 50}, date: '2024'}}\n- {{id: b, title: *t, date: '2024'}}\n",
        "aliased.yaml",
    )
    assert problems(aliased) == [
        f"{aliased}:1: a value of 249 characters, over the limit of 100; "
        "set the environment variable TIMELINE_MAX_VALUE_BYTES to raise it"
    ]


def test_a_limit_that_is_no_number_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMELINE_MAX_VALUE_BYTES", "lots")
    path = write(tmp_path, "- {id: a, title: A, date: '2024'}\n")
    with pytest.raises(ValueError, match="TIMELINE_MAX_VALUE_BYTES='lots' is not a whole number"):
        timeline.read_events(path)
