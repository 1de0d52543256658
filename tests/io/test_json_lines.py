"""JSON: lines are found only when a problem needs one, and then they are right."""

from __future__ import annotations

import pytest

import timeline
from timeline._io.jsonfile import LazyLines, load_json


def test_a_clean_file_is_read_without_walking_for_lines(tmp_path):
    text = '{"events": [\n {"id": "a", "title": "A", "date": "2024"}\n]}\n'
    _, lines = load_json(text, "f.json")
    assert isinstance(lines, LazyLines)  # walked for lines only when asked
    path = tmp_path / "events.json"
    path.write_text(text, encoding="utf-8")
    assert list(timeline.read_events(path)["id"]) == ["a"]


def test_problems_found_later_still_have_their_lines(tmp_path):
    path = tmp_path / "events.json"
    path.write_text(
        '{"title": "T",\n "events": [\n'
        '  {"id": "a", "title": "A", "date": "2024"},\n'
        '  {"id": "b",\n   "title": "B",\n   "date": "2024-13",\n'
        '   "sources": [{"url": "https://e.org"},\n               {"url": "ftp://e.org"}],\n'
        '   "relations": [{"type": "follows", "target": "zz"}]}\n'
        "]}\n",
        encoding="utf-8",
    )
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_events(path)
    found = [(p.line, p.field) for p in caught.value.problems]
    assert found == [(6, "date"), (8, "sources"), (9, "relations")]


def test_repeated_keys_are_still_found(tmp_path):
    path = tmp_path / "events.json"
    path.write_text('[{"id": "a",\n "title": "A",\n "title": "B", "date": "2024"}]\n', "utf-8")
    with pytest.raises(
        timeline.EventDataError, match=r":3: event 'a', field 'title': 'title' is given twice"
    ):
        timeline.read_events(path)


def test_top_level_problems_have_their_lines(tmp_path):
    path = tmp_path / "events.json"
    path.write_text('{"title": "T",\n "evnets": []}\n', encoding="utf-8")
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_events(path)
    assert [(p.line, p.field) for p in caught.value.problems] == [(1, "events"), (2, "evnets")]


@pytest.mark.parametrize(
    "event",
    [
        '{"id": "a", "title": "A" , "title" :"B", "date": "2024"}',  # spaced keys
        '{"id": "a", "title": "say \\":\\" here", "title": "B", "date": "2024"}',  # ": in text
        '{"id": "a", "title": "A\\":", "date": "2024", "sources": [{"url": "https://e.org",'
        ' "url": "https://f.org"}]}',  # the repeat is deeper, ": in text makes up for it
    ],
)
def test_repeated_keys_are_found_however_the_text_is_spaced(tmp_path, event):
    path = tmp_path / "events.json"
    path.write_text(f"[{event}]\n", "utf-8")
    with pytest.raises(timeline.EventDataError, match=r":1: (event 'a', )?field '\w+': .* twice"):
        timeline.read_events(path)


def test_spaced_keys_without_repeats_read_without_walking(tmp_path):
    text = '{"events" : [\n {"id" : "a", "title": "x\\": y", "date" :"2024"}\n]}\n'
    document, lines = load_json(text, "f.json")
    assert isinstance(lines, LazyLines)
    assert document["events"][0]["title"] == 'x": y'


def test_a_header_focus_does_not_make_the_reader_walk_for_lines(tmp_path):
    text = '{"focus": "2024/2025", "events": [{"id": "a", "title": "A", "date": "2024"}]}'
    path = tmp_path / "events.json"
    path.write_text(text, encoding="utf-8")
    assert timeline.read_events(path).attrs["focus"] == "2024/2025"
    bad = tmp_path / "bad.json"
    bad.write_text('{"events": [{"id": "a", "title": "A", "date": "2024"}],\n "focus": 3}', "utf-8")
    with pytest.raises(timeline.EventDataError, match=r"bad.json:2: .*'focus' must be text"):
        timeline.read_events(bad)
