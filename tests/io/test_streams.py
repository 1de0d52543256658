"""Our YAML and JSON read a batch of events at a time: the same frame, the same messages.

The streams cut a file into batches (``json_stream``, ``yaml_stream``); tests cut small files
into many batches through their batch size, and read files of more events than one batch
holds through ``read_events``, comparing with the whole-file reading.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest
import yaml

import timeline
from timeline._io.batches import NotStreamable
from timeline._io.documents import from_stream
from timeline._io.jsonstream import BATCH_EVENTS, json_stream
from timeline._io.yamlstream import yaml_stream

CATEGORIES = ["decision", "report", "reaction"]


def make_events(n: int) -> list[dict]:
    """n events of every shape our format allows, varied by their number."""
    events = []
    for i in range(n):
        event: dict[str, Any] = {
            "id": f"ev-{i:06d}",
            "title": f"Event number {i}: the US {'approves' if i % 2 else 'confirms'} – café",
            "date": f"{1990 + i % 30}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "category": CATEGORIES[i % 3],
        }
        if i % 4 == 0:
            event["summary"] = f"First line of {i}.\n- a line that looks like an item\nlast."
        if i % 5 == 0:
            event["actors"] = ["United States", "Ukraine"][: 1 + i % 2]
        if i % 7 == 0:
            event["sources"] = [
                {"url": f"https://example.org/{i}", "publisher": "Example", "published": "2024"}
            ]
        if i % 11 == 0 and i:
            event["relations"] = [{"type": "follows", "target": f"ev-{i - 1:06d}"}]
        if i % 3 == 0:
            event["importance"] = i % 5
        if i % 13 == 0:
            event["end"] = f"{1991 + i % 30}"
        events.append(event)
    return events


def frame_of(text: str, suffix: str, tmp_path, name: str = "events") -> pd.DataFrame:
    path = tmp_path / f"{name}{suffix}"
    path.write_text(text, encoding="utf-8")
    return timeline.read_events(path)


def problems_of(text: str, suffix: str, tmp_path, name: str = "events") -> list[tuple]:
    path = tmp_path / f"{name}{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_events(path)
    return [(p.line, p.message, p.event, p.field) for p in caught.value.problems]


def expected(events: list[dict], **attrs) -> pd.DataFrame:
    return timeline.events_frame(events, **attrs)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def columns_from(stream, file="f"):
    parts, problems, attrs = from_stream(stream, file)
    return parts, problems, attrs


EVENTS = make_events(40)
JSON_LAYOUTS = {
    "indented": json.dumps({"events": EVENTS}, indent=2, ensure_ascii=False),
    "four spaces": json.dumps({"events": EVENTS}, indent=4),
    "one line": json.dumps({"events": EVENTS}, separators=(",", ":")),
    "an event a line": "[\n" + ",\n".join(json.dumps(e) for e in EVENTS) + "\n]\n",
    "keys after the events": json.dumps(
        {"events": EVENTS, "title": "T", "focus": "1990/2000"}, indent=1
    ),
    "spaces everywhere": json.dumps({"events": EVENTS}, indent=3, separators=(" ,", " :  ")),
}


@pytest.mark.parametrize("layout", list(JSON_LAYOUTS))
@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_json_in_any_layout_and_batch_size_gives_the_same_columns(layout, batch):
    text = JSON_LAYOUTS[layout]
    parts, problems, _ = columns_from(json_stream(text, batch))
    assert problems == []
    assert [len(columns["id"]) for columns, _ in parts] == [
        min(batch, len(EVENTS) - start) for start in range(0, len(EVENTS), batch)
    ]
    ids = [i for columns, _ in parts for i in columns["id"].to_pylist()]
    assert ids == [e["id"] for e in EVENTS]


@pytest.mark.parametrize("layout", list(JSON_LAYOUTS))
def test_json_layouts_read_as_the_records_say(layout, tmp_path):
    frame = frame_of(JSON_LAYOUTS[layout], ".json", tmp_path)
    attrs = {"title": "T"} if "after" in layout else {}
    want = expected(EVENTS, **attrs)
    if "after" in layout:
        want.attrs["focus"] = "1990/2000"
    pd.testing.assert_frame_equal(frame, want)


def test_a_json_batch_is_dropped_once_it_is_columns():
    stream = json_stream(JSON_LAYOUTS["indented"], 10)
    seen = []
    for batch in stream.batches:
        seen.append(batch)
        assert batch.records is not None
    assert len(seen) == 4
    stream = json_stream(JSON_LAYOUTS["indented"], 10)
    kept = []
    original = stream.batches
    stream.batches = (kept.append(batch) or batch for batch in original)
    columns_from(stream)
    assert len(kept) == 4 and all(batch.records is None for batch in kept)


@pytest.mark.parametrize(
    "text",
    [
        '{"events": [], "categories": ["a"], "events": []}',  # a repeated top-level key
        '{"events": [{"id": "a", "id": "b"}]}',  # a repeated key in an event
        '{"events": [{"id": "a"},]}',  # a trailing comma
        '{"events": [{"id": "a"}], "categories": ["decision"]}',  # vocabulary after events
        '"text"',
        '{"events": [{"id": "a"}]} {}',
    ],
)
def test_json_the_stream_leaves_to_the_whole_reading(text):
    with pytest.raises(NotStreamable):
        stream = json_stream(text, 1)
        list(stream.batches)


def _bad_json_events(n: int) -> list[dict]:
    events = make_events(n)
    events[n - 900]["date"] = "2024-13-45"  # found by the checks of all events together
    events[n - 5_100]["stauts"] = "final"  # found by the checks of its batch
    events[n - 400]["id"] = events[3]["id"]  # a repeated id
    events[n - 200]["relations"] = [{"type": "follows", "target": "nowhere"}]
    return events


def _expected_lines(text: str, n: int, quote: str) -> dict[tuple[str, str], int]:
    """Where each problem of ``_bad_json_events`` is written in text."""

    def key_before(needle: str, key: str) -> int:
        return text[: text.rindex(f"{quote}{key}{quote}", 0, text.index(needle))].count("\n") + 1

    first = text.index(f"{quote}ev-000003{quote}")
    return {
        (f"ev-{n - 900:06d}", "date"): line_of(text, "2024-13-45"),
        (f"ev-{n - 5_100:06d}", "stauts"): line_of(text, "stauts"),
        (f"ev-{n - 200:06d}", "relations"): key_before("nowhere", "relations") + 1,  # its entry
        ("ev-000003", "id"): text[: text.index(f"{quote}ev-000003{quote}", first + 1)].count("\n")
        + 1,
    }


def test_json_problems_past_the_first_batch_name_their_lines(tmp_path):
    n = 2 * BATCH_EVENTS + 1_000
    events = _bad_json_events(n)
    text = json.dumps({"events": events, "title": "T"}, indent=2)
    found = problems_of(text, ".json", tmp_path)
    assert {(event, field): line for line, _, event, field in found} == _expected_lines(
        text, n, '"'
    )
    # With its vocabulary after the events, the file is read whole: the same problems.
    whole = json.dumps({"events": events, "categories": CATEGORIES}, indent=2)
    with pytest.raises(NotStreamable):
        list(json_stream(whole).batches)
    assert problems_of(whole, ".json", tmp_path) == found


def test_json_a_repeated_key_past_the_first_batch_is_said_with_its_line(tmp_path):
    events = make_events(BATCH_EVENTS + 10)
    text = json.dumps({"events": events}, indent=2)
    at = text.index('"id": "ev-005003"')
    text = text[:at] + '"title": "Again",\n      ' + text[at:]
    [(line, message, event, field)] = problems_of(text, ".json", tmp_path)
    first = line_of(text, '"title": "Again"')
    assert (line, event, field) == (first + 2, "ev-005003", "title")  # the event's own title
    assert str(first) in message


def yaml_text(events: list[dict], header: dict | None = None, indent: bool = False) -> str:
    body = yaml.safe_dump(events, allow_unicode=True, sort_keys=False, width=60)
    if header is None:
        return body
    if indent:
        body = "".join(f"  {line}" if line.strip() else line for line in body.splitlines(True))
    head = yaml.safe_dump(header, allow_unicode=True, sort_keys=False) if header else ""
    return f"{head}events:\n# the events\n{body}"


YAML_LAYOUTS = {
    "a list": yaml_text(EVENTS),
    "under events": yaml_text(EVENTS, {"title": "T", "categories": CATEGORIES}),
    "under events, indented": yaml_text(EVENTS, {"title": "T"}, indent=True),
    "keys after the events": yaml_text(EVENTS, {}) + "focus: 1990/2000\ntitle: T\n",
    "comments between events": yaml_text(EVENTS, {}).replace("\n- id:", "\n# next\n\n- id:"),
}


@pytest.mark.parametrize("layout", list(YAML_LAYOUTS))
@pytest.mark.parametrize("size", [1, 500, 10**6])
def test_yaml_in_any_layout_and_batch_size_gives_the_same_events(layout, size):
    text = YAML_LAYOUTS[layout]
    parts, problems, _ = columns_from(yaml_stream(text, "f.yaml", size))
    assert problems == []
    if size == 1:
        assert len(parts) == len(EVENTS)
    ids = [i for columns, _ in parts for i in columns["id"].to_pylist()]
    assert ids == [e["id"] for e in EVENTS]


@pytest.mark.parametrize("layout", list(YAML_LAYOUTS))
def test_yaml_layouts_read_as_the_records_say(layout, tmp_path):
    frame = frame_of(YAML_LAYOUTS[layout], ".yaml", tmp_path)
    want = expected(EVENTS)
    header = {"title": "T"} if "T" in YAML_LAYOUTS[layout].split("events:")[-2:][0] else {}
    if "after" in layout:
        header = {"title": "T"}
        want.attrs["focus"] = "1990/2000"
    want.attrs.update(header)
    if "categories" in YAML_LAYOUTS[layout]:
        want.attrs["categories"] = CATEGORIES
    pd.testing.assert_frame_equal(frame, want, check_like=True)


@pytest.mark.parametrize(
    "text",
    [
        "events: [{id: a, title: A, date: '2024'}]\n",  # a list in flow style
        "---\n- id: a\n",
        "- id: a\n---\n- id: b\n",
        "events:\ntitle: T\n",
    ],
)
def test_yaml_the_stream_leaves_to_the_whole_reading(text):
    with pytest.raises(NotStreamable):
        list(yaml_stream(text, "f.yaml", 1).batches)


def test_yaml_a_cut_inside_quoted_text_is_left_to_the_whole_reading(tmp_path):
    text = (
        "- id: a\n  title: A\n  date: '2024'\n"
        "- id: b\n  title: \"B, and\n- still the title\"\n  date: '2024'\n"
        "- id: c\n  title: C\n  date: '2024'\n"
    )
    with pytest.raises(NotStreamable):
        list(yaml_stream(text, "f.yaml", 1).batches)
    frame = frame_of(text, ".yaml", tmp_path)
    assert frame["title"].tolist() == ["A", "B, and - still the title", "C"]


def test_yaml_an_alias_to_an_earlier_batch_reads(tmp_path):
    events = make_events(3_000)
    text = yaml_text(events, {})
    text = text.replace("- id: ev-000001\n", "- id: ev-000001\n  tags: &common [war, aid]\n", 1)
    text = text.replace("- id: ev-002999\n", "- id: ev-002999\n  tags: *common\n", 1)
    frame = frame_of(text, ".yaml", tmp_path)
    assert list(frame.loc[2999, "tags"]) == ["war", "aid"]


def test_yaml_problems_past_the_first_batch_name_their_lines(tmp_path):
    n = 6_000  # about 2 MB of YAML: several batches
    events = _bad_json_events(n)
    text = yaml_text(events, {"categories": CATEGORIES})
    found = problems_of(text, ".yaml", tmp_path)
    by_field = {(event, field): line for line, _, event, field in found}
    assert by_field == _expected_lines(text, n, "")
    # The same events read whole ('events' quoted, which the stream leaves alone).
    whole = text.replace("\nevents:", '\n"events":')
    with pytest.raises(NotStreamable):
        list(yaml_stream(whole, "f.yaml").batches)
    assert problems_of(whole, ".yaml", tmp_path) == found


def test_yaml_a_repeated_key_past_the_first_batch_is_said_with_its_line(tmp_path):
    text = yaml_text(make_events(6_000), {})
    text = text.replace("- id: ev-005500\n", "- id: ev-005500\n  title: One\n")
    [(line, message, event, field)] = problems_of(text, ".yaml", tmp_path)
    first = line_of(text, "title: One")
    assert (line, event, field) == (first + 1, "ev-005500", "title")  # the event's own title
    assert f"first at line {first}" in message


def test_yaml_a_binary_tag_is_still_refused_as_a_title(tmp_path):
    text = (
        yaml_text(make_events(3), {}) + "- id: ev-x\n  title: !!binary aGVsbG8=\n  date: '2024'\n"
    )
    [(_line, message, event, field)] = problems_of(text, ".yaml", tmp_path)
    assert (event, field) == ("ev-x", "title") and "text" in message
