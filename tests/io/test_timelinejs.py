"""TimelineJS3 JSON and spreadsheet CSV: round trips, the documented format, foreign files, errors."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import timeline
from timeline._io.html_text import html_to_text, parse_html, text_to_html
from timeline._io.timelinejs import timelinejs_document
from timeline._io.timelinejs_sheet import COLUMNS

DATA = Path(__file__).parent.parent / "data"

HAND_MADE: list[dict[str, Any]] = [
    {"id": "month", "title": "Month precision", "date": "2024-11", "actors": ["A"]},
    {"id": "year", "title": "Year", "date": "1999", "summary": "Para one.\n\nPara two\nline two."},
    {
        "id": "span",
        "title": "Span",
        "date": "2022-06-21",
        "end": "2024-11-19",
        "actors": ["A", "B"],
    },
    {"id": "open", "title": "Open end", "date": "2006-06-01/..", "category": "treaty"},
    {"id": "open-start", "title": "Open start", "date": "../2001-02"},
    {"id": "approx", "title": "About", "date": "2024-11-20~", "end": "2024-12?"},
    {"id": "interval", "title": "Interval", "date": "2024-11-19/2024-12-01"},
    {"id": "season", "title": "Spring", "date": "2024-21"},
    {"id": "decade", "title": "Nineties", "date": "199X"},
    {"id": "time", "title": "Time", "date": "2024-11-19T14:30:05"},
    {"id": "time-short", "title": "Morning", "date": "2024-11-19T09:00"},
    {"id": "bce", "title": "Ides of March", "date": "-0044-03-15"},
    {
        "id": "unicode",
        "title": "Zürich – Київ “quotes” 東京",
        "date": "2024-01-02",
        "summary": "Ünïcödé ✓",
        "actors": ["Київ"],
        "location": "Zürich",
    },
    {
        "id": "html",
        "title": "<b>bold</b> & <script>alert('x')</script> \"q\"",
        "date": "2024-01-03",
        "summary": "a < b & c > d\n\n<p>not a tag</p>",
        "actors": ["R&D <team>"],
        "tags": ["a&b"],
    },
    {
        "id": "sources",
        "title": "Sources",
        "date": "2024-01-04",
        "sources": [
            {"publisher": "No URL Pub"},
            {
                "url": "https://example.org/a?x=1&y=2",
                "title": "T & T",
                "publisher": "P",
                "published": "2024-01-04",
                "quote": "“Quoted” <words>",
            },
        ],
        "relations": [{"type": "responds_to", "target": "html"}],
        "importance": 2.5,
    },
    {
        "id": "one-source",
        "title": "One source",
        "date": "2024-01-05",
        "sources": [{"url": "https://example.org/b", "title": "B", "publisher": "PB"}],
        "importance": 0,
    },
    {
        "id": "era-tag",
        "title": "An era",
        "date": "2020-01-01",
        "end": "2021-06",
        "tags": ["era", "x"],
    },
    {"id": "era-open", "title": "Ongoing era", "date": "2023/..", "category": "era"},
    {"id": "era-point", "title": "Year era", "date": "2019", "tags": ["era"]},
    {
        "id": "display",
        "title": "Displayed",
        "date": "2024-02",
        "end": "2024-03",
        "tags": ["display:Early 2024", "display-start:Feb", "display-end:March", "x"],
    },
    {"id": "same-end", "title": "Same end", "date": "2024-05-01", "end": "2024-05-01"},
]


@pytest.fixture
def hand_made() -> pd.DataFrame:
    return timeline.events_frame(
        HAND_MADE,
        title="Hand-made & <tested>",
        description="First paragraph.\n\nSecond & last.",
        categories=["treaty", "era"],
    )


def _schema_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / "timelinejs.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_bundled_round_trip_keeps_everything(bundled, tmp_path, suffix):
    path = timeline.write_timelinejs(bundled, tmp_path / f"timeline{suffix}")
    back = timeline.read_timelinejs(path)
    pd.testing.assert_frame_equal(back, bundled)
    # TimelineJS has no place for the first view (focus); everything else comes back.
    assert back.attrs == {key: v for key, v in bundled.attrs.items() if key != "focus"}


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_hand_made_round_trip_keeps_everything(hand_made, tmp_path, suffix):
    path = timeline.write_timelinejs(hand_made, tmp_path / f"hand{suffix}")
    back = timeline.read_timelinejs(path)
    expected = hand_made
    if suffix == ".json":
        # TimelineJS JSON keeps eras apart from slides: they come back after them, in order.
        periods = hand_made["id"].isin(["era-tag", "era-open", "era-point"])
        expected = pd.concat([hand_made[~periods], hand_made[periods]], ignore_index=True)
        expected["category"] = expected["category"].cat.set_categories(sorted(["era", "treaty"]))
    pd.testing.assert_frame_equal(back, expected)
    assert back.attrs == hand_made.attrs


def test_round_trip_through_our_csv_and_back_to_timelinejs(bundled, tmp_path):
    first = timeline.write_timelinejs(bundled, tmp_path / "a.json")
    ours = tmp_path / "events.csv"
    timeline.write_events(timeline.read_timelinejs(first), ours)
    again = timeline.write_timelinejs(timeline.read_events(ours), tmp_path / "b.json")
    assert json.loads(again.read_text()) == {
        k: v for k, v in json.loads(first.read_text()).items() if k != "title"
    }


# --- what is written ---------------------------------------------------------------------------


def test_written_json_is_valid_timelinejs(bundled, hand_made, tmp_path):
    validator = _schema_validator()
    for frame in (bundled, hand_made):
        document = json.loads(timeline.write_timelinejs(frame, tmp_path / "t.json").read_text())
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
        assert errors == []
    assert len(document["eras"]) == 3
    assert all("end_date" in era for era in document["eras"])


def test_schema_refuses_what_timelinejs_refuses():
    validator = _schema_validator()
    bad = [
        {"events": [{"text": {"headline": "no date"}}]},
        {"events": [{"start_date": {"month": 3}}]},
        {"events": [{"start_date": {"year": "20x4"}}]},
        {"events": [{"start_date": {"year": 2024, "month": 13}}]},
        {"events": [{"start_date": {"year": 2024}, "media": "https://example.org"}]},
        {"events": [], "eras": [{"start_date": {"year": 2024}}]},
    ]
    for document in bad:
        assert not validator.is_valid(document), document


def test_slides_map_our_fields(bundled):
    document = timelinejs_document(bundled)
    by_id = {slide["unique_id"]: slide for slide in document["events"]}
    slide = by_id["us-apl-approval"]
    assert slide["start_date"] == {"year": 2024, "month": 11, "day": 19}
    assert slide["group"] == "United States"
    assert slide["text"]["headline"] == bundled.set_index("id").loc["us-apl-approval", "title"]
    assert slide["media"]["url"].startswith("https://news.liga.net/")
    assert slide["media"]["credit"] == "LIGA.net"
    span = by_id["mbt-fifth-review-conference"]
    assert span["end_date"] == {"year": 2024, "month": 11, "day": 29}
    assert document["title"]["text"]["headline"] == bundled.attrs["title"]


def test_block_holds_only_what_timelinejs_cannot(bundled):
    slides = {s["unique_id"]: s for s in timelinejs_document(bundled)["events"]}
    text = slides["khoma-comment"]["text"]["text"]
    assert text.count('class="pt-meta"') == 1
    data = text.split('data-pt="', 1)[1].split('"', 1)[0]
    meta = json.loads(html.unescape(data))
    assert meta["date"] == "2024-11-20~"
    assert meta["relations"] == [{"type": "responds_to", "target": "us-apl-approval"}]
    assert "id" not in meta and "actors" not in meta  # unique_id and group hold those
    # Readers of the TimelineJS page see the facts too: qualifier, quote, related event.
    visible = parse_html(text.replace('class="pt-meta"', 'class="x"')).text
    assert "2024-11-20~ (approximate)" in visible
    assert "Solomiya Khoma welcomed" in visible
    assert "Responds to: Washington Post: Biden approves antipersonnel landmines" in visible


def test_text_is_escaped_html(hand_made):
    slides = {s["unique_id"]: s for s in timelinejs_document(hand_made)["events"]}
    slide = slides["html"]
    assert "<script>" not in json.dumps(slide)
    assert slide["text"]["headline"].startswith("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;")
    assert slide["text"]["text"].startswith("<p>a &lt; b &amp; c &gt; d</p><p>&lt;p&gt;not a tag")


def test_dates_carry_their_precision(hand_made):
    document = timelinejs_document(hand_made)
    slides = {s["unique_id"]: s for s in document["events"]}
    assert slides["month"]["start_date"] == {"year": 2024, "month": 11}
    assert slides["year"]["start_date"] == {"year": 1999}
    assert slides["time"]["start_date"] == {
        "year": 2024, "month": 11, "day": 19, "hour": 14, "minute": 30, "second": 5,
    }  # fmt: skip
    assert slides["bce"]["start_date"] == {"year": -44, "month": 3, "day": 15}
    assert slides["season"]["start_date"] == {"year": 2024, "month": 3}
    assert "end_date" not in slides["open"]
    assert slides["display"]["display_date"] == "Early 2024"
    assert slides["display"]["start_date"]["display_date"] == "Feb"
    assert slides["display"]["end_date"]["display_date"] == "March"


def test_sheet_has_the_template_columns(hand_made, tmp_path):
    path = timeline.write_timelinejs(hand_made, tmp_path / "sheet.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["Type"] == "title" and rows[0]["Headline"] == "Hand-made &amp; &lt;tested&gt;"
    by_title = {row["Headline"]: row for row in rows[1:]}
    assert by_title["Time"]["Time"] == "14:30:05" and by_title["Morning"]["Time"] == "09:00"
    assert by_title["Ides of March"]["Year"] == "-44"  # a number, not a neutralized formula
    assert [row["Type"] for row in rows[1:]].count("era") == 3
    assert by_title["Displayed"]["Display Date"] == "Early 2024"


def test_sheet_neutralizes_formulas(tmp_path):
    df = timeline.events_frame([{"id": "f", "title": "=HYPERLINK(1)", "date": "2024"}])
    path = timeline.write_timelinejs(df, tmp_path / "sheet.csv")
    assert "'=HYPERLINK(1)" in path.read_text()
    assert timeline.read_timelinejs(path)["title"].tolist() == ["=HYPERLINK(1)"]


# --- files made by others ----------------------------------------------------------------------


def test_reads_a_hand_written_timelinejs_file():
    df = timeline.read_timelinejs(DATA / "timelinejs_sample.json")
    rows = df.set_index("id")
    assert df["id"].tolist() == [
        "treaty-adopted",
        "entry-into-force-1999",
        "decision-reported",  # 'Decision Reported!' is not an id: made into one
        "talks",
        "ides",
        "treaty-adopted-in-oslo-2024-11-19",
        "treaty-adopted-in-oslo-2024-11-19-2",
        "2022-policy-in-force-2022-06-21",
    ]
    assert (
        rows.loc["treaty-adopted", "summary"]
        == "The treaty is adopted.\nLine two.\n\nSee the text."
    )
    assert rows.loc["treaty-adopted", "sources"][0]["publisher"] == "Example & Co"
    assert rows.loc["treaty-adopted", "sources"][0]["title"] == "The treaty text"
    assert rows.loc["entry-into-force-1999", ["date", "precision"]].tolist() == ["1999", "year"]
    assert rows.loc["decision-reported", "title"] == "Decision <reported>"
    assert rows.loc["decision-reported", "precision"] == "month"
    assert list(rows.loc["decision-reported", "tags"]) == ["display:Late autumn 2024"]
    assert rows.loc["talks", ["date", "end_date"]].tolist() == ["2024-11-19T14:30:00", "2024-11-20"]
    assert len(rows.loc["talks", "sources"]) == 0  # media that is not a web link is no source
    assert rows.loc["ides", "date"] == "-0044-03-15"
    assert list(rows.loc["2022-policy-in-force-2022-06-21", "tags"]) == ["era"]
    assert df.attrs == {
        "title": "Example timeline & friends",
        "description": "A hand-written TimelineJS file, as a newsroom would make one.\n\n"
        "Second paragraph.",
    }


def test_reads_a_spreadsheet_template_csv():
    df = timeline.read_timelinejs(DATA / "timelinejs_sample.csv")
    rows = df.set_index("title")
    assert df.attrs == {"title": "Example sheet", "description": "Made in a spreadsheet."}
    assert rows.loc["Talks", ["date", "end_date"]].tolist() == ["2024-11-19T14:30:00", "2024-11-20"]
    assert rows.loc["Compact time", "date"] == "2024-11-20T14:30:00"
    assert rows.loc["Decision reported", "precision"] == "month"
    assert list(rows.loc["Decision reported", "actors"]) == ["United States"]
    assert list(rows.loc["2022 policy in force", "tags"]) == ["era"]
    assert rows.loc["Treaty adopted in Oslo", "sources"][0]["url"] == "https://example.org/treaty"


def test_ids_are_generated_stably(tmp_path):
    first = timeline.read_timelinejs(DATA / "timelinejs_sample.json")["id"].tolist()
    assert timeline.read_timelinejs(DATA / "timelinejs_sample.json")["id"].tolist() == first


def test_reading_leaves_the_file_untouched(tmp_path):
    path = tmp_path / "t.json"
    data = (DATA / "timelinejs_sample.json").read_bytes()
    path.write_bytes(data)
    before = path.stat().st_mtime_ns
    timeline.read_timelinejs(path)
    assert path.read_bytes() == data and path.stat().st_mtime_ns == before


def test_edits_in_timelinejs_fields_win_over_the_block(bundled, tmp_path):
    document = timelinejs_document(bundled)
    slides = {s["unique_id"]: s for s in document["events"]}
    slides["khoma-comment"]["start_date"]["day"] = 21  # the block still says 2024-11-20~
    slides["ukraine-first-atacms-strike"]["group"] = "Ukrainian forces"
    slides["us-apl-approval"]["media"] = {"url": "https://example.org/new", "credit": "New"}
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    rows = timeline.read_timelinejs(path).set_index("id")
    assert rows.loc["khoma-comment", "date"] == "2024-11-21"
    assert list(rows.loc["ukraine-first-atacms-strike", "actors"]) == ["Ukrainian forces", "Russia"]
    sources = rows.loc["us-apl-approval", "sources"]
    assert [s["url"] for s in sources][:1] == ["https://example.org/new"]
    assert len(sources) == 3  # the two written ones are kept
    # Fields TimelineJS has no place for still come from the block.
    assert rows.loc["khoma-comment", "category"] == "reaction"


# --- errors ------------------------------------------------------------------------------------


def _problems(tmp_path, text, name="bad.json"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_timelinejs(path)
    return caught.value.problems


def _slides(*slides):
    return json.dumps({"events": list(slides)}, indent=2)


def test_not_json(tmp_path):
    (problem,) = _problems(tmp_path, '{"events": [\n  {"start_date": {"year": 2024}},\n  oops\n]}')
    assert problem.line == 3 and "not valid JSON" in problem.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "is not a JSON object"),
        ('{"title": {}}', "has no 'events' list"),
        ('{"events": {"a": 1}}', "has no 'events' list"),
    ],
)
def test_not_a_timelinejs_document(tmp_path, text, message):
    (problem,) = _problems(tmp_path, text)
    assert message in problem.message and "TimelineJS file is an object" in problem.message


@pytest.mark.parametrize(
    ("slide", "field", "message"),
    [
        ("not a slide", None, "a slide must be an object with start_date and text, not the text"),
        ({"text": {"headline": "x"}}, "start_date", "is required: a slide needs a start_date"),
        ({"start_date": {"month": 3}}, "start_date.year", "is required: every TimelineJS date"),
        ({"start_date": {"year": "20x4"}}, "start_date.year", "'20x4' is not a whole number"),
        (
            {"start_date": {"year": True}},
            "start_date.year",
            "must be a whole number, not true/false",
        ),
        (
            {"start_date": {"year": 2024, "month": 13}},
            "start_date.month",
            "13 is not a valid month; allowed: 1 to 12",
        ),
        (
            {"start_date": {"year": 2023, "month": 2, "day": 29}},
            "start_date.day",
            "29 is not a day of February 2023; allowed: 1 to 28",
        ),
        ({"start_date": {"year": 2024, "day": 3}}, "start_date.day", "a day needs a month too"),
        ({"start_date": {"year": 10**12}}, "start_date.year", "outside the years supported"),
        (
            {"start_date": {"year": -120000, "month": 3}},
            "start_date.month",
            "a year past ±9999 is given alone in EDTF; leave out the month",
        ),
        ({"start_date": "2024-11-19"}, "start_date", "must be an object with at least a year"),
        (
            {"start_date": {"year": 2024}, "media": "https://x.org"},
            "media",
            "must be an object, not the text",
        ),
        (
            {"start_date": {"year": 2024}, "text": {"headline": ["a"]}},
            "text.headline",
            "must be text, not a list",
        ),
    ],
)
def test_bad_slides_are_reported_with_slide_field_and_line(tmp_path, slide, field, message):
    good = {"start_date": {"year": 2020}, "text": {"headline": "fine"}, "unique_id": "good"}
    problems = _problems(tmp_path, _slides(good, slide))
    assert len(problems) == 1, problems
    (problem,) = problems
    assert problem.file.endswith("bad.json")
    assert problem.event == "slide 2"
    assert problem.field == field
    assert message in problem.message
    # The line is that of the field itself, or of the nearest part of it that is there.
    lines = _slides(good, slide).split("\n")
    present, node = None, slide
    for key in (field or "").split("."):
        if not isinstance(node, dict) or key not in node:
            break
        present, node = key, node[key]
    if present:
        assert f'"{present}"' in lines[problem.line - 1]
    else:
        assert problem.line is not None and problem.line > 6  # the second slide's first line


def test_problem_names_the_slide_by_unique_id(tmp_path):
    slide = {"start_date": {"year": 2024, "month": 0}, "unique_id": "my-slide"}
    (problem,) = _problems(tmp_path, _slides(slide))
    assert str(problem).endswith(
        "event 'my-slide', field 'start_date.month': 0 is not a valid month; allowed: 1 to 12"
    )


def test_every_problem_is_reported_at_once(tmp_path):
    problems = _problems(
        tmp_path,
        _slides(
            {"start_date": {"year": 2024, "month": 13}},
            {"start_date": {"year": "x"}},
            {"text": {"headline": "no date"}},
        ),
    )
    assert [p.event for p in problems] == ["slide 1", "slide 2", "slide 3"]


def test_era_without_end(tmp_path):
    text = json.dumps({"events": [], "eras": [{"start_date": {"year": 2020}, "text": {}}]})
    (problem,) = _problems(tmp_path, text)
    assert (problem.event, problem.field) == ("era 1", "end_date")
    assert "an era needs an end_date" in problem.message


def test_repeated_unique_id_is_reported_like_our_ids(tmp_path):
    slide = {"start_date": {"year": 2024}, "unique_id": "same"}
    (problem,) = _problems(tmp_path, _slides(slide, slide))
    assert problem.field == "unique_id" and "used again" in problem.message


def test_end_before_start(tmp_path):
    slide = {"start_date": {"year": 2024}, "end_date": {"year": 2020}, "unique_id": "back"}
    (problem,) = _problems(tmp_path, _slides(slide))
    assert (problem.event, problem.field) == ("back", "end_date")
    assert "before the start" in problem.message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{oops", "not valid JSON"),
        ("[1]", "must be a JSON object"),
        ('{"colour": 1}', "unknown key 'colour'"),
        ('{"relations": [{"type": "answers", "target": "x"}]}', "is not a relation type"),
    ],
)
def test_bad_block_is_reported(tmp_path, data, message):
    text = f'<p>Hi</p><div class="pt-meta" data-pt="{html.escape(data)}"></div>'
    slide = {"start_date": {"year": 2024}, "text": {"text": text}, "unique_id": "s"}
    problems = _problems(tmp_path, _slides(slide))
    assert any(p.field == "text.text" and message in p.message for p in problems), problems


def test_sheet_problems_name_row_and_column(tmp_path):
    text = (
        ",".join(COLUMNS)
        + "\n"
        + "2024,13,1,,,,,,,Bad month,,,,,,,,\n"
        + "2024,1,1,25:00,,,,,,Bad time,,,,,,,,\n"
    )
    problems = _problems(tmp_path, text, "bad.csv")
    assert [(p.line, p.event, p.field) for p in problems] == [
        (2, "row 2", "Month"),
        (3, "row 3", "Time"),
    ]
    assert "13 is not a valid month" in problems[0].message


def test_sheet_without_the_template_header(tmp_path):
    (problem,) = _problems(tmp_path, "id,title,date\na,b,2024\n", "other.csv")
    assert problem.line == 1 and "not a TimelineJS spreadsheet" in problem.message


def test_write_refuses_other_extensions(bundled, tmp_path):
    with pytest.raises(ValueError, match=r"use \.json or \.csv"):
        timeline.write_timelinejs(bundled, tmp_path / "t.txt")
    assert not (tmp_path / "t.txt").exists()


def test_write_replaces_atomically(bundled, tmp_path):
    target = tmp_path / "t.json"
    target.write_text("old")
    timeline.write_timelinejs(bundled, target)
    assert json.loads(target.read_text())["events"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.json"]


# --- HTML to text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("plain  text\nwrapped", "plain text wrapped"),
        ("a<br>b<br/>c", "a\nb\nc"),
        ("<ul><li>x</li><li>y &amp; z</li></ul>", "x\n\ny & z"),
        (
            "<p>keep <a href='https://x.org'>the words</a></p><script>alert(1)</script>",
            "keep the words",
        ),
        ("a &lt;b&gt; &#8220;c&#8221;", "a <b> “c”"),
        (
            "<div class='pt-meta' data-pt='{}'><p>hidden</p><div>nested</div></div><p>after</p>",
            "after",
        ),
        ("unclosed <b>bold", "unclosed bold"),
    ],
)
def test_html_to_text(fragment, text):
    assert html_to_text(fragment) == text


def test_text_to_html_and_back():
    text = "First & <second>\nline two\n\nNext paragraph"
    fragment = text_to_html(text)
    assert fragment == "<p>First &amp; &lt;second&gt;<br>line two</p><p>Next paragraph</p>"
    assert html_to_text(fragment) == text


def test_missing_file(tmp_path):
    with pytest.raises(timeline.EventDataError, match="no such file"):
        timeline.read_timelinejs(tmp_path / "nothing.json")
