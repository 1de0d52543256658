"""Reading YAML, JSON and CSV events into the events frame, and the problems reported."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import timeline
from timeline import EventDataError
from timeline._frame.model import COLUMNS

YAML = """\
title: Test set
categories: [decision, reaction]
events:
  - id: approval
    title: Landmines approved
    date: "2024-11-19"
    actors: [United States]
    category: decision
    sources:
      - url: https://example.org/a
        publisher: Example
        title: Approval reported
        published: "2024-11-20~"
        quote: "approved"
  - id: condemnation
    title: ICBL condemns
    date: 2024-11-20
    actors: [ICBL, Civil society]
    category: reaction
    relations:
      - {type: responds_to, target: approval}
"""

CSV = """\
id,title,date,end,summary,actors,category,location,tags,source_url,source_publisher,source_title,source_published,source_quote,relations
policy,2022 policy in force,2022-06-21,2024-11-19,,United States,policy,,us; policy,https://example.org/p,Politico,New policy,2022-06-21,,
policy,,,,,,,,,https://example.org/q,Second,Other source,,"a ""quoted"" word",
reversal,Policy reversed,2024-11,,"Multi
line summary",United States; Ukraine,decision,,,,,,,,reverses:policy
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_gives_one_row_per_event_with_documented_columns(tmp_path):
    df = timeline.read_events(write(tmp_path / "e.yaml", YAML))
    assert list(df.columns) == list(COLUMNS)
    assert df["id"].tolist() == ["approval", "condemnation"]
    assert str(df["start"].dtype) == "datetime64[s]"
    assert df.loc[1, "date"] == "2024-11-20"  # an unquoted YAML date is kept as written
    assert df.loc[1, "actors"] == ["ICBL", "Civil society"]
    assert df.loc[0, "sources"][0]["publisher"] == "Example"
    assert df.loc[1, "relations"] == [{"type": "responds_to", "target": "approval"}]
    assert isinstance(df["category"].dtype, pd.CategoricalDtype)
    assert df.attrs == {"title": "Test set", "categories": ["decision", "reaction"]}


def test_csv_reads_lists_relations_and_continuation_sources(tmp_path):
    df = timeline.read_events(write(tmp_path / "e.csv", CSV))
    assert df["id"].tolist() == ["policy", "reversal"]
    assert df.loc[0, "span"] and df.loc[0, "end"] == pd.Timestamp("2024-11-19 23:59:59")
    assert df.loc[0, "tags"] == ["us", "policy"]
    assert [s["title"] for s in df.loc[0, "sources"]] == ["New policy", "Other source"]
    assert df.loc[0, "sources"][1]["quote"] == 'a "quoted" word'
    assert df.loc[1, "summary"] == "Multi\nline summary"
    assert df.loc[1, "precision"] == "month"
    assert df.loc[1, "relations"] == [{"type": "reverses", "target": "policy"}]
    assert df.loc[1, "sources"] == []


def test_json_of_the_same_shape(tmp_path):
    import yaml

    document = yaml.safe_load(YAML)
    document["events"][1]["date"] = "2024-11-20"
    df = timeline.read_events(write(tmp_path / "e.json", json.dumps(document)))
    assert df["id"].tolist() == ["approval", "condemnation"]


def test_bare_list_of_events(tmp_path):
    path = write(tmp_path / "e.yaml", '- {id: a, title: A, date: "2024"}\n')
    assert timeline.read_events(path).loc[0, "precision"] == "year"


def test_folders_and_several_files_are_read_together(tmp_path):
    write(tmp_path / "a.yaml", YAML)
    write(tmp_path / "b.csv", CSV)
    df = timeline.read_events(tmp_path)
    assert len(df) == 4
    assert df.attrs["title"] == "Test set"


def test_every_problem_in_every_file_at_once_with_lines(tmp_path):
    bad_yaml = write(
        tmp_path / "a.yaml",
        textwrap.dedent("""\
        events:
          - id: one
            title: First
            date: "2024-13-01"
          - id: two
            titel: Second
            date: "2024-11-19"
            relations:
              - {type: answers, target: nowhere}
        """),
    )
    bad_csv = write(tmp_path / "b.csv", CSV.replace("reversal,Policy", "one,Policy"))
    with pytest.raises(EventDataError) as caught:
        timeline.read_events(bad_yaml, bad_csv)
    lines = [str(p) for p in caught.value.problems]
    assert f"{bad_yaml}:4: event 'one', field 'date': '2024-13-01' is not a date (month 13)" in (
        "\n".join(lines)
    )
    assert any(
        line.startswith(
            f"{bad_yaml}:6: event 'two', field 'titel': unknown key; did you mean 'title'?"
        )
        for line in lines
    )
    assert any(
        line.startswith(f"{bad_yaml}:5: event 'two', field 'title': 'title' is required")
        for line in lines
    )
    assert any("'answers' is not a relation type" in line for line in lines)
    assert any("target 'nowhere' is not the id of any event" in line for line in lines)
    assert any(
        line.startswith(
            f"{bad_csv}:4: event 'one', field 'id': id 'one' is used again (first at {bad_yaml}:2)"
        )
        for line in lines
    )
    assert isinstance(caught.value, ValueError)


def test_cycles_among_ordering_relations_are_reported(tmp_path):
    path = write(
        tmp_path / "c.yaml",
        textwrap.dedent("""\
        - {id: a, title: A, date: "2024", relations: [{type: follows, target: b}]}
        - {id: b, title: B, date: "2024", relations: [{type: responds_to, target: a}]}
        - {id: c, title: C, date: "2024", relations: [{type: reverses, target: c}]}
        """),
    )
    with pytest.raises(EventDataError, match=r"form a cycle \(a -> b -> a\)") as caught:
        timeline.read_events(path)
    assert len(caught.value.problems) == 1  # reverses is not an ordering relation


def test_categories_must_come_from_the_declared_vocabulary(tmp_path):
    path = write(tmp_path / "v.yaml", YAML.replace("category: reaction", "category: statement"))
    with pytest.raises(
        EventDataError,
        match=r"'statement' is not a declared category "
        r"\(allowed: decision, reaction\)",
    ):
        timeline.read_events(path)


def test_bom_and_windows_line_endings_load(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CSV.replace("\n", "\r\n").encode())
    assert timeline.read_events(path)["id"].tolist() == ["policy", "reversal"]


def test_missing_paths_and_unknown_extensions(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(EventDataError) as caught:
        timeline.read_events(tmp_path / "nope.yaml", tmp_path / "notes.txt")
    messages = [p.message for p in caught.value.problems]
    assert "no such file or folder" in messages
    assert any("cannot read '.txt' files" in m for m in messages)


def test_reading_never_changes_the_input(tmp_path):
    path = write(tmp_path / "e.yaml", YAML)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    timeline.read_events(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_unsafe_yaml_tags_are_refused(tmp_path):
    marker = tmp_path / "ran"
    path = write(tmp_path / "t.yaml", f"!!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(EventDataError, match="YAML tags that build objects are refused"):
        timeline.read_events(path)
    assert not marker.exists()
