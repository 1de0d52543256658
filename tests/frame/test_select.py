"""Selecting events by window, actor, category, tag, text and relation chains."""

from __future__ import annotations

import pytest

import timeline


def test_window_keeps_events_that_overlap_including_open_spans(bundled):
    week = bundled.timeline.window("2024-11-17", "2024-11-24")
    ids = set(week["id"])
    assert {"us-atacms-permission", "us-apl-approval", "icbl-condemnation", "khoma-comment"} <= ids
    assert "mbt-in-force-for-ukraine" in ids  # open-ended span still running
    assert "mbt-fifth-review-conference" not in ids  # 25 November
    assert "us-2020-policy" not in ids


def test_window_end_day_is_inclusive():
    df = timeline.events_frame([{"id": "a", "title": "A", "date": "2024-11-24"}])
    assert len(timeline.window(df, None, "2024-11-24")) == 1
    assert len(timeline.window(df, "2024-11-25", None)) == 0


def test_actor_category_tag_and_search(bundled):
    assert bundled.timeline.actor("ICBL")["id"].tolist() == ["icbl-condemnation"]
    assert set(bundled.timeline.category("treaty")["category"]) == {"treaty"}
    assert len(bundled.timeline.tag("atacms")) >= 2
    assert "austin-confirms-apl" in set(bundled.timeline.search("VIENTIANE")["id"])


def test_related_follows_relations_both_ways(bundled):
    chain = bundled.timeline.related("us-apl-approval")
    ids = chain["id"].tolist()
    assert ids[0] == "us-apl-approval"
    assert {
        "austin-confirms-apl",
        "icbl-condemnation",
        "khoma-comment",
        "us-2022-policy",
        "us-2020-policy",
    } <= set(ids)
    assert "mbt-adopted" not in ids
    assert chain["start"].iloc[1:].is_monotonic_increasing


def test_related_unknown_id():
    df = timeline.events_frame([{"id": "a", "title": "A", "date": "2024"}])
    with pytest.raises(KeyError, match="no event with id 'zz'"):
        timeline.related(df, "zz")
