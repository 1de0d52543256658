"""Whatever events hold, every format we write reads back to an equal frame; CSV stays inert."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import timeline
from timeline._frame.model import RELATION_TYPES
from timeline._io.write import neutralize, to_csv_text, to_records

FORMATS = (".yaml", ".json", ".csv")
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- what events may hold -------------------------------------------------------------------

# Any character but surrogates, which no UTF-8 file can hold.
CHARACTERS = st.characters(exclude_categories=["Cs"])
# Text is stripped of surrounding whitespace on reading, so generate it stripped.
TEXT = st.text(CHARACTERS, min_size=1, max_size=30).map(str.strip).filter(bool)
MAYBE_TEXT = st.one_of(st.just(""), TEXT)
NAMES = st.lists(TEXT.filter(lambda name: ";" not in name), max_size=3)  # ';' separates in CSV

QUALIFIER = st.sampled_from(["", "~", "?", "%"])
YEAR = st.integers(1, 9999).map(lambda year: f"{year:04d}")
MONTH = st.integers(1, 12).map(lambda month: f"{month:02d}")
DAY = st.integers(1, 28).map(lambda day: f"{day:02d}")


@st.composite
def single_dates(draw: Any) -> str:
    """One EDTF date at any precision, with or without a qualifier."""
    year, month, day = draw(YEAR), draw(MONTH), draw(DAY)
    kind = draw(
        st.sampled_from(
            ["day", "month", "year", "season", "decade", "century", "time", "unspecified",
             "negative", "long"]
        )
    )  # fmt: skip
    qualifier = draw(QUALIFIER)
    if kind == "day":
        return f"{year}-{month}-{day}{qualifier}"
    if kind == "month":
        return f"{year}-{month}{qualifier}"
    if kind == "year":
        return f"{year}{qualifier}"
    if kind == "season":
        return f"{year}-{draw(st.integers(21, 24))}"
    if kind == "decade":
        return f"{year[:3]}X{qualifier}"
    if kind == "century":
        return f"{year[:2]}XX"
    if kind == "time":
        return f"{year}-{month}-{day}T{draw(st.integers(0, 23)):02d}:{day[:1]}5:0{day[1]}"
    if kind == "unspecified":
        return draw(st.sampled_from([f"{year}-{month}-XX", f"{year}-XX"]))
    if kind == "negative":
        return f"-{year}" + draw(st.sampled_from(["", f"-{month}", f"-{month}-{day}"]))
    return f"Y{draw(st.sampled_from(['-', '']))}{draw(st.integers(10_000, 99_999))}"


@st.composite
def dates(draw: Any) -> tuple[str, str | None]:
    """A date and an optional end: points, intervals, open ends, spans given with end."""
    first = draw(single_dates())
    shape = draw(st.sampled_from(["point", "interval", "open end", "open start", "end"]))
    if shape == "point":
        return first, None
    if shape == "open end":
        return draw(st.sampled_from([f"{first}/..", first])), ".." if draw(st.booleans()) else None
    if shape == "open start":
        return f"../{first}", None
    # A later date that surely ends after the first one starts.
    later = draw(st.sampled_from(["9999-12-31", "9999", "9999-12-31T23:59:59"]))
    if first.startswith("Y") and not first.startswith("Y-"):
        later = "Y99999"
    if shape == "interval":
        return f"{first}/{later}", None
    return first, later


@st.composite
def events(draw: Any, csv_only: bool = False) -> pd.DataFrame:
    n = draw(st.integers(1, 6))
    categories = draw(st.lists(TEXT, min_size=1, max_size=3, unique=True))
    records = []
    for i in range(n):
        date, end = draw(dates())
        record: dict[str, Any] = {"id": f"e{i}", "title": draw(TEXT), "date": date}
        if end is not None and "/" not in date:
            record["end"] = end
        record["summary"] = draw(MAYBE_TEXT)
        record["actors"] = draw(NAMES)
        record["tags"] = draw(NAMES)
        if draw(st.booleans()):
            record["category"] = draw(st.sampled_from(categories))
        record["location"] = draw(MAYBE_TEXT)
        record["sources"] = draw(st.lists(sources(), max_size=3))
        if i and draw(st.booleans()):  # only to earlier events: no cycles
            record["relations"] = [
                {"type": draw(st.sampled_from(RELATION_TYPES)), "target": f"e{j}"}
                for j in draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True))
            ]
        importance = draw(st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)))
        if importance is not None:
            record["importance"] = importance
        records.append(record)
    return timeline.events_frame(
        records,
        title=draw(st.one_of(st.none(), TEXT)),
        description=draw(st.one_of(st.none(), TEXT)),
        categories=categories,
    )


@st.composite
def sources(draw: Any) -> dict[str, Any]:
    source = {
        "url": draw(st.one_of(st.none(), st.just("https://example.org/").map(lambda u: u + "a"))),
        "publisher": draw(st.one_of(st.none(), TEXT)),
        "title": draw(st.one_of(st.none(), TEXT)),
        "published": draw(st.one_of(st.none(), single_dates())),
        "quote": draw(st.one_of(st.none(), TEXT)),
    }
    if not (source["url"] or source["publisher"] or source["title"]):
        source["title"] = draw(TEXT)
    return {key: value for key, value in source.items() if value is not None}


# --- round trips ----------------------------------------------------------------------------


def crlf_as_lf(df: pd.DataFrame) -> pd.DataFrame:
    """df as reading CSV gives it: line breaks in cells are read as "\\n", like CSV from Windows."""

    def lf(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace("\r\n", "\n")
        if isinstance(value, list):
            return [lf(item) for item in value]
        if isinstance(value, dict):
            return {key: lf(item) for key, item in value.items()}
        return value

    records = lf(to_records(df))
    if records == to_records(df):
        return df
    attrs = {str(key): value for key, value in df.attrs.items()}
    return timeline.events_frame(records, **attrs)


def round_trip(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    back = timeline.read_events(timeline.write_events(df, path))
    path.unlink()
    return back


@pytest.mark.parametrize("suffix", FORMATS)
def test_every_format_reads_back_equal(tmp_path, suffix):
    @SETTINGS
    @given(df=events())
    def check(df: pd.DataFrame) -> None:
        if suffix == ".csv" and "\\u0000" in json.dumps(to_records(df)):
            with pytest.raises(timeline.EventDataError, match="NUL character, which CSV cannot"):
                timeline.write_events(df, tmp_path / "events.csv")
            assert not (tmp_path / "events.csv").exists()
            return
        back = round_trip(df, tmp_path / f"events{suffix}")
        pd.testing.assert_frame_equal(back, crlf_as_lf(df) if suffix == ".csv" else df)
        if suffix != ".csv":  # CSV has no place for the dataset's title and vocabulary
            assert back.attrs == df.attrs

    check()


def test_converting_through_every_format_keeps_everything(tmp_path):
    @settings(SETTINGS, max_examples=15)
    @given(df=events())
    def check(df: pd.DataFrame) -> None:
        if "\\u0000" in json.dumps(to_records(df)):
            return  # CSV cannot hold a NUL, see above
        back = df
        for suffix in (".csv", ".json", ".yaml", ".csv"):
            back = round_trip(back, tmp_path / f"events{suffix}")
        pd.testing.assert_frame_equal(back, crlf_as_lf(df))

    check()


# --- spreadsheet safety ---------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example","click")',
        "=1+1",
        "+1 555 0100",
        "-2+3",
        "@SUM(A1:A9)",
        "=cmd|' /C calc'!A0",
        "'90s nostalgia",
        "''",
        "'=already quoted",
        "'",
        "a = b",
        "normal",
    ],
)
def test_csv_cells_never_start_a_formula_and_read_back(tmp_path, value):
    df = timeline.events_frame(
        [
            {
                "id": "a",
                "title": value,
                "date": "-0100",
                "summary": value,
                "actors": [value, "Ukraine"],
                "category": value,
                "location": value,
                "tags": [value],
                "sources": [
                    {"url": "https://example.org", "publisher": value, "title": value},
                    {"title": value, "quote": value, "published": "-0100-01"},
                ],
                "importance": -1.5,
            }
        ]
    )
    text = to_csv_text(df)
    for cell in csv_cells(text):
        assert not cell.startswith(FORMULA_STARTS), cell
    path = tmp_path / "e.csv"
    path.write_text(text, encoding="utf-8")
    pd.testing.assert_frame_equal(timeline.read_events(path), df)


def test_neutralize_prefixes_exactly_the_dangerous_starts():
    for start in (*FORMULA_STARTS, "'"):
        assert neutralize(f"{start}x") == f"'{start}x"
    for safe in ("x", " =x", "x=", "", "0", "€", "\u202e=x"):
        assert neutralize(safe) == safe


@SETTINGS
@given(value=TEXT.filter(lambda t: ";" not in t and "\x00" not in t))
@example(value="a\r\nb").via("a Windows line break")
@example(value="=1\r+2").via("a carriage return: the row is quoted")
@example(value="'").via("a lone apostrophe")
@example(value="x\x85y\u2028z").via("line breaks YAML knows")
def test_any_cell_reads_back_as_written(tmp_path, value):
    df = timeline.events_frame(
        [{"id": "a", "title": value, "date": "2024", "actors": [value], "summary": value}]
    )
    path = tmp_path / "e.csv"
    path.write_text(to_csv_text(df), encoding="utf-8")
    assert not any(cell.startswith(FORMULA_STARTS) for cell in csv_cells(path.read_text("utf-8")))
    back = timeline.read_events(path)
    value = value.replace("\r\n", "\n")
    assert [back.loc[0, "title"], back.loc[0, "summary"], back.loc[0, "actors"]] == [
        value,
        value,
        [value],
    ]


def test_a_hand_written_apostrophe_before_plain_text_is_kept(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("id,title,date\na,'90s,2024\nb,'=1+1,'-0100\n", encoding="utf-8")
    df = timeline.read_events(path)
    assert df["title"].tolist() == ["'90s", "=1+1"]
    assert df["date"].tolist() == ["2024", "-0100"]
