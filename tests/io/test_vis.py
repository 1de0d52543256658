"""vis-timeline items and groups."""

from __future__ import annotations

import json

import pytest

import timeline
from timeline._io.vis import NO_ACTOR, vis_document


@pytest.fixture
def frame():
    return timeline.events_frame(
        [
            {"id": "one", "title": "One <b>&</b>", "date": "2024-11-19", "actors": ["A"]},
            {"id": "two", "title": "Two", "date": "2024-11-20", "actors": ["A", "B & C"]},
            {
                "id": "span",
                "title": "Span",
                "date": "2024-11-01",
                "end": "2024-11-30",
                "actors": ["B & C"],
            },
            {"id": "open", "title": "Open", "date": "2024-11-25/..", "actors": ["A"]},
            {"id": "month", "title": "Month", "date": "2024-12~", "summary": "x" * 400},
            {
                "id": "era",
                "title": "Era",
                "date": "2024-11-10",
                "end": "2024-11-12",
                "tags": ["era"],
            },
        ]
    )


def test_one_item_per_event_and_actor(frame):
    document = vis_document(frame)
    items = document["items"]
    assert [item["id"] for item in items] == [
        "one", "two|A", "two|B & C", "span", "open", "month", "era",
    ]  # fmt: skip
    assert len({item["id"] for item in items}) == len(items)
    assert [item.get("group") for item in items] == [
        "A",
        "A",
        "B & C",
        "B & C",
        "A",
        NO_ACTOR,
        None,
    ]


def test_groups_cover_every_actor_in_order(frame):
    groups = vis_document(frame)["groups"]
    assert [g["id"] for g in groups] == ["A", "B & C", NO_ACTOR]
    assert [g["content"] for g in groups] == ["A", "B &amp; C", NO_ACTOR]
    assert [g["order"] for g in groups] == [0, 1, 2]
    used = {item["group"] for item in vis_document(frame)["items"] if "group" in item}
    assert used == {g["id"] for g in groups}


def test_types_and_iso_times(frame):
    items = {item["id"]: item for item in vis_document(frame)["items"]}
    assert items["one"]["type"] == "point" and "end" not in items["one"]
    assert items["one"]["start"] == "2024-11-19T00:00:00"
    assert items["span"]["type"] == "range"
    assert (items["span"]["start"], items["span"]["end"]) == (
        "2024-11-01T00:00:00",
        "2024-12-01T00:00:00",
    )
    assert items["era"]["type"] == "background" and "group" not in items["era"]
    # An open end runs to the last instant any event reaches (here the end of December).
    assert items["open"]["end"] == "2025-01-01T00:00:00"
    assert items["open"]["className"] == "open-end"
    assert items["month"]["className"] == "approximate"


def test_content_and_tooltip_are_escaped(frame):
    items = {item["id"]: item for item in vis_document(frame)["items"]}
    assert items["one"]["content"] == "One &lt;b&gt;&amp;&lt;/b&gt;"
    assert items["one"]["title"] == "One &lt;b&gt;&amp;&lt;/b&gt;<br>2024-11-19"
    assert items["span"]["title"] == "Span<br>2024-11-01 to 2024-11-30"
    tooltip = items["month"]["title"]
    assert tooltip.startswith("Month<br>2024-12~<br>xxx") and tooltip.endswith("…")
    assert len(tooltip.split("<br>")[2]) == 300


def test_no_groups_when_no_event_has_actors():
    df = timeline.events_frame([{"id": "a", "title": "A", "date": "2024"}])
    document = vis_document(df)
    assert document["groups"] == []
    assert document["items"] == [
        {
            "id": "a",
            "content": "A",
            "start": "2024-01-01T00:00:00",
            "type": "point",
            "title": "A<br>2024",
        }
    ]


def test_years_before_zero_use_the_expanded_form():
    df = timeline.events_frame([{"id": "ides", "title": "Ides", "date": "-0044-03-15"}])
    assert vis_document(df)["items"][0]["start"] == "-000044-03-15T00:00:00"


def test_bundled_has_one_item_per_actor_of_each_event(bundled):
    document = vis_document(bundled)
    expected = sum(max(len(actors), 1) for actors in bundled["actors"])
    assert len(document["items"]) == expected
    assert {g["id"] for g in document["groups"]} == {
        a for actors in bundled["actors"] for a in actors
    }


def test_write_vis(bundled, tmp_path):
    target = tmp_path / "out" / "events.vis.json"
    assert timeline.write_vis(bundled, target) == target
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(
        json.dumps(vis_document(bundled))
    )
    assert [p.name for p in target.parent.iterdir()] == ["events.vis.json"]
