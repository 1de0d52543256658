"""Event tables (CSV, Parquet, Excel) by column mapping, and the ready ACLED mapping."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

import timeline

ACLED_CSV = Path(__file__).parent / "data" / "acled_sample.csv"


def _check_acled(df):
    rows = df.set_index("id")
    assert df["id"].tolist() == ["XYZ1001", "XYZ1002", "XYZ1003", "XYZ1004"]
    assert rows.loc["XYZ1001", "title"] == "Battles in Northtown"
    # time_precision: 1 the day, 2 an approximate day, 3 the month (the written day is not known).
    assert rows["date"].tolist() == ["2024-11-19", "2024-11-20~", "2024-11", "2024-11-21"]
    assert rows["precision"].tolist() == ["day", "day", "month", "day"]
    assert rows["approximate"].tolist() == [False, True, False, False]
    assert list(rows.loc["XYZ1002", "actors"]) == [
        "Protesters (Examplestan)",
        "Students (Examplestan)",
        "Teachers (Examplestan)",
    ]
    assert list(rows.loc["XYZ1001", "actors"]) == [
        "Military Forces of Examplestan (2020-)",
        "Rebels of the North",
    ]
    assert list(rows.loc["XYZ1002", "tags"]) == ["Peaceful protest", "crowd size=around 100"]
    assert rows.loc["XYZ1001", "category"] == "Battles"
    assert rows.loc["XYZ1001", "location"] == "Northtown, North Province, Examplestan"
    assert rows.loc["XYZ1004", "location"] == "North Province, Examplestan"  # no repeats
    assert rows.loc["XYZ1001", "summary"].startswith("Synthetic row: an armed clash")
    assert rows.loc["XYZ1001", "sources"][0]["publisher"] == "Example Daily; Example Radio"
    assert rows["importance"].tolist()[:2] == [3.0, 0.0]
    assert pd.isna(rows.loc["XYZ1003", "importance"])


@pytest.mark.parametrize("columns", [None, "acled", "ACLED", timeline.ACLED])
def test_acled_csv(columns):
    _check_acled(timeline.read_table(ACLED_CSV, columns=columns))


def test_acled_parquet(tmp_path):
    table = pd.read_csv(ACLED_CSV, dtype=str, keep_default_na=False)
    table["event_date"] = pd.to_datetime(table["event_date"], format="mixed")
    table["time_precision"] = table["time_precision"].astype(int)
    table["fatalities"] = pd.to_numeric(table["fatalities"]).astype("Float64")
    path = tmp_path / "acled.parquet"
    table.to_parquet(path)
    _check_acled(timeline.read_table(path))


def test_acled_excel(tmp_path):
    pytest.importorskip("openpyxl")
    table = pd.read_csv(ACLED_CSV, dtype=str, keep_default_na=False)
    table["event_date"] = pd.to_datetime(table["event_date"], format="mixed")
    table["time_precision"] = table["time_precision"].astype(int)
    path = tmp_path / "acled.xlsx"
    table.to_excel(path, index=False)
    _check_acled(timeline.read_table(path))


def test_excel_problems_name_the_spreadsheet_row(tmp_path):
    pytest.importorskip("openpyxl")
    path = tmp_path / "events.xlsx"
    pd.DataFrame(
        {"id": ["a", "b"], "title": ["A", "B"], "date": ["2024-01-01", "2024-13-01"]}
    ).to_excel(path, index=False)
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_table(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.event, problem.field) == (3, "b", "date")


def test_excel_without_openpyxl(tmp_path, monkeypatch):
    path = tmp_path / "events.xlsx"
    path.write_bytes(b"PK")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportError, match=r"pip install 'policy-timeline\[excel\]'"):
        timeline.read_table(path)


def test_own_column_names(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "ident,headline,when,until,notes,who,kind\n"
        "a1,First,2024-03-01,,Some notes,Alice; Bob,meeting\n"
        "a2,Second,12 March 2024,2024-04,,Carol,\n",
        encoding="utf-8",
    )
    mapping = {
        "ident": "id",
        "headline": "title",
        "when": "date",
        "until": "end",
        "notes": "summary",
        "who": "actors",
        "kind": "category",
    }
    df = timeline.read_table(path, columns=mapping)
    assert df["date"].tolist() == ["2024-03-01", "2024-03-12"]
    assert df["end_date"].tolist()[1] == "2024-04" and bool(df["span"][1])
    assert [list(a) for a in df["actors"]] == [["Alice", "Bob"], ["Carol"]]
    assert df["summary"].tolist() == ["Some notes", ""]


def test_our_own_csv_columns_need_no_mapping(bundled, tmp_path):
    table = bundled[["id", "title", "date", "summary", "category"]].copy()
    path = tmp_path / "plain.csv"
    table.to_csv(path, index=False)
    df = timeline.read_table(path)
    assert df["id"].tolist() == bundled["id"].tolist()
    assert df["date"].tolist() == bundled["date"].tolist()


def test_problems_use_the_tables_own_names_and_lines(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "ident,headline,when,source\n"
        "ok,Fine,2024-01-01,\n"
        "bad id,Broken,2024-02-30,ftp://x\n"
        "\n"
        ',"Multi\nline",2024-01-01,\n',
        encoding="utf-8",
    )
    mapping = {"ident": "id", "headline": "title", "when": "date", "source": "source_url"}
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_table(path, columns=mapping)
    found = {(p.line, p.event, p.field): p.message for p in caught.value.problems}
    assert "not a valid id" in found[(3, "bad id", "ident")]
    assert "February 2024 has 29 days" in found[(3, "bad id", "when")]
    assert "only http:// and https://" in found[(3, "bad id", "source")]
    assert "'ident' is required and missing" in found[(5, "row 5", "ident")]


def test_missing_and_unknown_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot map columns to \\['when'\\]"):
        timeline.read_table(path, columns={"a": "when"})
    with pytest.raises(timeline.EventDataError, match="needs a column 'c'"):
        timeline.read_table(path, columns={"c": "id"})
    with pytest.raises(timeline.EventDataError, match="no column is mapped to 'id'"):
        timeline.read_table(path, columns={"a": "title"})
    with pytest.raises(ValueError, match="a mapping or 'acled'"):
        timeline.read_table(path, columns="gdelt")


def test_not_an_acled_export(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("event_date,notes\n2024-01-01,x\n", encoding="utf-8")
    with pytest.raises(
        timeline.EventDataError, match="an ACLED export needs a column 'event_id_cnty'"
    ):
        timeline.read_table(path, columns="acled")


def test_bad_time_precision(tmp_path):
    text = ACLED_CSV.read_text(encoding="utf-8").replace("2024-11-19,2024,1,", "2024-11-19,2024,7,")
    path = tmp_path / "acled.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_table(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (2, "time_precision")
    assert "'7' is not a time precision" in problem.message


def test_reading_leaves_the_file_untouched(tmp_path):
    path = tmp_path / "acled.csv"
    path.write_bytes(ACLED_CSV.read_bytes())
    timeline.read_table(path)
    assert path.read_bytes() == ACLED_CSV.read_bytes()
