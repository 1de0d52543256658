"""Every broken input gives every one of its problems at once, each located and explained."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

import timeline
from timeline import EventDataError
from timeline._cli import main

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"
EXPECTED: dict[str, list[str]] = yaml.safe_load((BAD / "expected.yaml").read_text("utf-8"))
BROKEN = sorted(name for name, problems in EXPECTED.items() if problems)
LOADING = sorted(name for name, problems in EXPECTED.items() if not problems)
UNSAFE_TAGS = ["yaml-python-apply.yaml", "yaml-python-object.yaml", "yaml-python-name.yaml"]


def shown(line: object) -> str:
    """A problem line with the corpus folder left out, as expected.yaml writes it."""
    return str(line).replace(f"{BAD}{os.sep}", "")


def assert_problems(lines: list[str], expected: list[str]) -> None:
    """Lines are exactly the expected problems, in order: none missing, none extra."""
    listing = "\n".join(lines)
    assert len(lines) == len(expected), f"expected {len(expected)} problems, got:\n{listing}"
    for line, pattern in zip(lines, expected, strict=True):
        if pattern.startswith("re:"):
            assert re.search(pattern[3:], line), f"{line!r} does not match {pattern!r}"
        else:
            assert pattern in line, f"{line!r} does not contain {pattern!r}"


def read_problems(name: str) -> list[timeline.Problem]:
    with pytest.raises(EventDataError) as caught:
        timeline.read_events(BAD / name)
    return caught.value.problems


def test_the_corpus_is_large_and_every_input_has_its_expectation():
    on_disk = {p.name for p in BAD.iterdir() if not p.name.startswith(".")} - {"expected.yaml"}
    assert on_disk == set(EXPECTED)
    assert len(BROKEN) >= 40


@pytest.mark.parametrize("name", BROKEN)
def test_every_problem_is_reported_at_once(name):
    problems = read_problems(name)
    assert_problems([shown(p) for p in problems], EXPECTED[name])
    for problem in problems:
        assert problem.file.startswith(str(BAD / name))
        assert problem.line is not None and problem.line >= 1, problem
        assert "\n" not in str(problem) and "\r" not in str(problem)


@pytest.mark.parametrize("name", BROKEN)
def test_the_error_is_a_value_error_listing_every_problem(name):
    with pytest.raises(ValueError) as caught:
        timeline.read_events(BAD / name)
    error = caught.value
    assert isinstance(error, EventDataError)
    head, *rest = str(error).splitlines()
    count = len(error.problems)
    assert head == f"{count} problem{'s' if count != 1 else ''} in the events:"
    assert rest == [f"  {p}" for p in error.problems]


@pytest.mark.parametrize("name", LOADING)
def test_byte_order_marks_and_windows_line_endings_load(name):
    df = timeline.read_events(BAD / name)
    assert df.loc[0, "id"] == "approval"
    assert df.loc[0, "title"].startswith("Landmines approved")
    assert all("\r" not in value and "\ufeff" not in value for value in df["title"])
    assert all("\r" not in value for value in df["summary"])


def test_bom_and_crlf_keep_text_and_multiline_values():
    df = timeline.read_events(BAD / "crlf.yaml")
    assert df.attrs["title"] == "Café"
    assert df.loc[0, "title"] == "Landmines approved – Kyiv"
    assert df.loc[0, "summary"] == "Two lines\nof summary."  # stripped, as all text
    pd_csv = timeline.read_events(BAD / "bom-crlf.csv")
    assert list(pd_csv["id"]) == ["approval", "condemnation"]
    assert pd_csv.loc[0, "summary"] == "Two lines\nof summary"


@pytest.mark.parametrize("name", UNSAFE_TAGS)
def test_yaml_tags_never_run_anything(name, tmp_path, monkeypatch):
    calls = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a))
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: calls.append(a))
    shutil.copy(BAD / name, tmp_path / name)
    with pytest.raises(EventDataError, match="YAML tags that build objects are refused"):
        timeline.read_events(tmp_path / name)
    assert calls == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # "pwned-by-yaml" was not made


def test_every_unsafe_tag_in_a_file_is_reported(tmp_path):
    path = tmp_path / "tags.yaml"
    path.write_text(
        "events:\n"
        "  - id: a\n"
        "    title: !!python/object/apply:os.system ['true']\n"
        "    date: !!python/name:time.time\n"
        "    summary: !custom x\n"
        "  - {id: b, title: !!str fine, date: !!str '2024'}\n",
        encoding="utf-8",
    )
    with pytest.raises(EventDataError) as caught:
        timeline.read_events(path)
    assert [(p.line, p.message.split(";")[0]) for p in caught.value.problems] == [
        (3, "YAML tags that build objects are refused (the tag '!!python/object/apply:os.system')"),
        (4, "YAML tags that build objects are refused (the tag '!!python/name:time.time')"),
        (5, "YAML tags that build objects are refused (the tag '!custom')"),
    ]


def test_deep_nesting_is_refused_not_a_crash(tmp_path):
    for name, text in {
        "deep.yaml": "events: " + "[" * 50_000 + "]" * 50_000,
        "deep.json": "[" * 50_000 + "]" * 50_000,
    }.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(EventDataError, match=r"nest|depth"):
            timeline.read_events(tmp_path / name)


# --- very large fields and very many events ------------------------------------------------

MEGABYTE = "Ω landmines " * 80_000  # about 1 MB of text, not all ASCII


def big_events(summary: str, bad_date: str) -> list[dict[str, object]]:
    return [
        {"id": "big", "title": "A very long summary", "date": "2024-11-19", "summary": summary},
        {"id": "bad", "title": "A bad date", "date": bad_date},
    ]


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".csv"])
def test_a_one_megabyte_summary_loads_and_problems_are_still_found(tmp_path, suffix):
    df = timeline.events_frame(big_events(MEGABYTE.strip(), "2024-11-20"))
    path = timeline.write_events(df, tmp_path / f"big{suffix}")
    assert timeline.read_events(path).loc[0, "summary"] == MEGABYTE.strip()
    text = path.read_text("utf-8").replace("2024-11-20", "2024-11-31")
    path.write_text(text, encoding="utf-8")
    [problem] = read_problems_at(path)
    line = text[: text.index("2024-11-31")].count("\n") + 1
    assert (problem.line, problem.event, problem.field) == (line, "bad", "date")
    assert "November 2024 has 30 days" in problem.message


def test_a_one_megabyte_date_gives_a_short_message(tmp_path):
    path = tmp_path / "e.json"
    path.write_text(json.dumps(big_events("short", MEGABYTE)), encoding="utf-8")
    [problem] = read_problems_at(path)
    assert (problem.line, problem.event, problem.field) == (1, "bad", "date")
    assert len(str(problem)) < 400
    assert "characters) is not a date" in problem.message


def read_problems_at(path: Path) -> list[timeline.Problem]:
    with pytest.raises(EventDataError) as caught:
        timeline.read_events(path)
    return caught.value.problems


MANY = {".csv": 50_000, ".json": 20_000, ".yaml": 5_000}
"""Events per generated file: fewer where Python parses them (PyYAML is slow on large files)."""


def many_records(n: int) -> list[dict[str, object]]:
    """n valid events in a chain of follows relations."""
    return [
        {
            "id": f"e{i}",
            "title": f"Event {i}",
            "date": f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "actors": ["United States", f"Actor {i % 7}"],
            "sources": [{"url": f"https://example.org/{i}", "publisher": "Example"}],
            "relations": [{"type": "follows", "target": f"e{i - 1}"}] if i else [],
        }
        for i in range(n)
    ]


def write_many(path: Path, records: list[dict[str, object]]) -> None:
    """Events as text in path's format, one per line after a first line, made by hand."""
    if path.suffix == ".json":
        text = "[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]\n"
    elif path.suffix == ".yaml":  # flow mappings: YAML is a superset of JSON
        text = "events:\n" + "".join(f"  - {json.dumps(r)}\n" for r in records)
    else:
        rows = [["id", "title", "date", "end", "actors", "source_url", "relations"]]
        for r in records:
            relations = "; ".join(f"{x['type']}:{x['target']}" for x in r["relations"])  # type: ignore[attr-defined]
            url = r["sources"][0]["url"]  # type: ignore[index]
            actors = "; ".join(r["actors"])  # type: ignore[arg-type]
            rows.append([r["id"], r["title"], r["date"], r.get("end", ""), actors, url, relations])  # type: ignore[list-item]
        text = "".join(",".join(row) + "\n" for row in rows)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("suffix", [".csv", ".json", ".yaml"])
def test_very_many_events_with_six_mistakes_among_them(tmp_path, suffix):
    n = MANY[suffix]
    at = [10, n // 50, n // 4, n // 2, n * 4 // 5, n - 1]
    records = many_records(n)
    records[at[0]]["relations"] = [{"type": "follows", "target": f"e{at[0] + 1}"}]  # a cycle
    records[at[1]]["date"] = "2024-02-30"
    records[at[2]]["end"] = "1999"
    records[at[3]]["relations"] = [{"type": "responds_to", "target": "nowhere"}]
    records[at[4]]["sources"] = [{"url": "javascript:alert(1)"}]
    records[at[5]]["id"] = "e7"  # nothing refers to the last event, so only its id is wrong
    path = tmp_path / f"many{suffix}"
    write_many(path, records)
    problems = read_problems_at(path)
    start = records[at[2]]["date"]
    expected = [
        ("relations", f"form a cycle (e{at[0]} -> e{at[0] + 1} -> e{at[0]})"),
        ("date", "'2024-02-30' is not a date (February 2024 has 29 days)"),
        ("end", f"'1999' is before the start {start}; the end must not be before the date"),
        ("relations", "responds_to target 'nowhere' is not the id of any event read"),
        ("source_url" if suffix == ".csv" else "sources", "'javascript:alert(1)' uses"),
        ("id", f"id 'e7' is used again (first at {path}:9)"),
    ]
    assert len(problems) == len(expected), "\n".join(map(str, problems))
    for problem, i, (field, message) in zip(problems, at, expected, strict=True):
        event = records[i]["id"]
        assert (problem.line, problem.event, problem.field) == (i + 2, event, field)  # line 1: "["…
        assert message in problem.message


# --- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_command_line_prints_one_line_per_problem(name, capsys):
    code = main(["validate", str(BAD / name)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if not EXPECTED[name]:
        assert code == 0 and out.startswith("ok: "), err
        return
    assert code == 1
    assert out == ""
    assert_problems([shown(line) for line in err.splitlines()], EXPECTED[name])


def test_the_command_line_lists_the_problems_of_several_inputs_together(capsys):
    names = ["csv-missing-cell.csv", "impossible-dates.yaml", "json-shapes.json", "sources.yaml"]
    code = main(["validate", *(str(BAD / name) for name in names)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert_problems(
        [shown(line) for line in err.splitlines()], [line for n in names for line in EXPECTED[n]]
    )
