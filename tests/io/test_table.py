"""Event tables (CSV, Parquet, Excel) by column mapping, and the ready ACLED mapping."""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import timeline

ACLED_CSV = Path(__file__).parent.parent / "data" / "acled_sample.csv"


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


def test_bad_source_dates_are_each_reported(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,title,date,source_published\n"
        "a,One,2024-01-01,yesterday\n"
        "b,Two,2024-01-02,2024-01-03\n"
        "c,Three,2024-01-03,yesterday\n",
        encoding="utf-8",
    )
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_table(path)
    problems = [(p.line, p.event, p.field) for p in caught.value.problems]
    assert problems == [(2, "a", "source_published"), (4, "c", "source_published")]
    assert all("'yesterday' is not an EDTF date" in p.message for p in caught.value.problems)


def test_missing_and_unknown_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot map columns to \\['when'\\]"):
        timeline.read_table(path, columns={"a": "when"})
    with pytest.raises(timeline.EventDataError, match="needs a column 'c'"):
        timeline.read_table(path, columns={"c": "id"})
    with pytest.raises(timeline.EventDataError, match="no column is mapped to 'date'"):
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


# --- damaged and hostile files: an EventDataError naming the file, never another exception -----

EVENTS = pd.DataFrame({"id": ["a", "b"], "title": ["A", "B"], "date": ["2024-01-01", "2024-02-01"]})


def _workbook(path: Path, change=None) -> Path:
    """A valid workbook of EVENTS at path, each part passed through change(name, data) first."""
    pytest.importorskip("openpyxl")
    plain = io.BytesIO()
    EVENTS.to_excel(plain, index=False)
    with zipfile.ZipFile(plain) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            changed = change(name, data) if change else data
            if changed is not None:
                target.writestr(name, changed)
    return path


def _in_sheet(*replacements: tuple[bytes, bytes]):
    """A change for _workbook: replacements (old, new) in the sheet's XML."""

    def change(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            for old, new in replacements:
                assert old in data
                data = data.replace(old, new)
        return data

    return change


def _one_problem(path: Path) -> timeline.Problem:
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_table(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    return problem


def test_a_valid_workbook_reads(tmp_path):
    df = timeline.read_table(_workbook(tmp_path / "ok.xlsx"))
    assert df["id"].tolist() == ["a", "b"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # The fuzzing find: a lone surrogate written with 'surrogatepass' is not UTF-8.
        (
            _in_sheet((b"<t>B</t>", "<t>B\ud800</t>".encode("utf-8", "surrogatepass"))),
            "not well-formed",
        ),
        (_in_sheet((b"<t>B</t>", b"<t>B\xe9</t>")), "not well-formed"),
        (_in_sheet((b"<t>B</t>", b"<t>B&#xD800;</t>")), "invalid character"),
        (_in_sheet((b"</sheetData>", b"")), "sheet 'Sheet1'"),
        (lambda name, data: None if name == "xl/workbook.xml" else data, "xl/workbook.xml"),
        (lambda name, data: data[:40] if name == "xl/styles.xml" else data, "not a readable Excel"),
        (
            lambda name, data: None if name == "[Content_Types].xml" else data,
            "not an Excel workbook",
        ),
    ],
)
def test_damaged_workbook(tmp_path, change, message):
    problem = _one_problem(_workbook(tmp_path / "damaged.xlsx", change))
    assert problem.message.startswith(("not a readable Excel workbook", "a zip archive"))
    assert message in problem.message
    assert "\n" not in str(problem)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "an .xlsx file is a zip archive"),
        (b"id,title,date\na,A,2024-01-01\n", "an .xlsx file is a zip archive"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "old .xls workbook or a password-protected",
        ),
    ],
)
def test_not_a_workbook(tmp_path, data, message):
    pytest.importorskip("openpyxl")
    path = tmp_path / "events.xlsx"
    path.write_bytes(data)
    assert message in _one_problem(path).message


def test_a_zip_that_is_no_workbook(tmp_path):
    pytest.importorskip("openpyxl")
    path = tmp_path / "events.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")  # an OpenDocument file, say
    assert "it has no [Content_Types].xml" in _one_problem(path).message


def test_a_sheet_with_rows_past_the_last_excel_row_stops_at_once(tmp_path):
    far = [(b'<row r="3"', b'<row r="99999999999999999999"')]
    far += [(f' r="{column}3"'.encode(), b"") for column in "ABC"]
    problem = _one_problem(_workbook(tmp_path / "far.xlsx", _in_sheet(*far)))
    assert (
        problem.message == "sheet 'Sheet1' has rows past row 1,048,576, the last a sheet can have"
    )


def test_a_sheet_of_too_many_cells_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMELINE_MAX_SHEET_CELLS", "5")
    problem = _one_problem(_workbook(tmp_path / "big.xlsx"))
    assert problem.message == (
        "sheet 'Sheet1' has more than 5 cells, more than read_table reads; "
        "set the environment variable TIMELINE_MAX_SHEET_CELLS to raise it"
    )


def test_a_workbook_that_unpacks_too_far_is_refused(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "bomb.xlsx")
    monkeypatch.setenv("TIMELINE_MAX_UNPACKED_BYTES", "1000")
    message = _one_problem(path).message
    assert message.startswith("the Excel workbook unpacks to 0 MB, more than the 0 MB")


def test_a_stray_cell_far_right_adds_one_column(tmp_path):
    from timeline._io.table_files import load_table

    path = _workbook(tmp_path / "stray.xlsx", _in_sheet((b'r="C3"', b'r="XFD3"')))
    table, line_of = load_table(path)
    assert list(table.columns) == ["id", "title", "date", "Unnamed: 16383"]
    assert table.to_numpy().tolist() == [["a", "A", "2024-01-01", ""], ["b", "B", "", "2024-02-01"]]
    assert [line_of(0), line_of(1)] == [2, 3]


def test_workbook_cells_of_every_kind(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "title", "date", "importance", "summary", "id "])
    sheet.append(["a", "A", dt.datetime(2024, 1, 2), 3.0, "=1/0", "x"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["b", True, dt.date(2024, 2, 3), 2.5, dt.time(12, 30), "y"])
    sheet["E2"].data_type = "e"  # an error cell (#DIV/0! in Excel) reads as empty
    sheet["E2"].value = "#DIV/0!"
    path = tmp_path / "kinds.xlsx"
    book.save(path)
    df = timeline.read_table(
        path,
        columns={
            "id": "id",
            "title": "title",
            "date": "date",
            "importance": "importance",
            "summary": "summary",
            "id.1": "tags",
        },
    )
    assert df["date"].tolist() == ["2024-01-02", "2024-02-03"]
    assert df["title"].tolist() == ["A", "true"]
    assert df["importance"].tolist() == [3.0, 2.5]
    assert df["summary"].tolist() == ["", "12:30:00"]
    assert [list(t) for t in df["tags"]] == [["x"], ["y"]]  # 'id ' trimmed, then made unique


def test_a_repeated_csv_column_name_is_numbered(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,title,date, title\na,A,2024-01-01,B\n", encoding="utf-8")
    assert timeline.read_table(path)["title"].tolist() == ["A"]
    df = timeline.read_table(path, columns={"id": "id", "title.1": "title", "date": "date"})
    assert df["title"].tolist() == ["B"]


@pytest.mark.parametrize(
    "cut", [lambda data: data[: len(data) // 2], lambda data: data[:-4] + b"XXXX", lambda data: b""]
)
def test_damaged_parquet(tmp_path, cut):
    path = tmp_path / "events.parquet"
    EVENTS.to_parquet(path)
    path.write_bytes(cut(path.read_bytes()))
    assert _one_problem(path).message.startswith("not a readable Parquet file")


def test_parquet_text_that_is_not_utf8_names_row_and_column(tmp_path):
    titles = pa.array([b"fine", b"bad \xff", b"also \xed\xa0\x80"]).view(pa.string())
    table = pa.table({"id": ["a", "b", "c"], "headline": titles, "date": ["2024-01-01"] * 3})
    path = tmp_path / "events.parquet"
    pq.write_table(table, path)
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_table(path, columns={"id": "id", "headline": "title", "date": "date"})
    found = [(p.line, p.field, p.message) for p in caught.value.problems]
    assert found == [
        (2, "headline", "not UTF-8 text (byte 0xff at 4)"),
        (3, "headline", "not UTF-8 text (byte 0xed at 5)"),
    ]


def test_parquet_columns_of_other_types(tmp_path):
    table = pa.table(
        {
            "id": pa.array([b"a", b"b"]),  # bytes that are text
            "title": pa.array(["A", "B"]).dictionary_encode(),
            "date": pa.array([dt.date(2024, 1, 1), dt.date(2024, 2, 1)]),
            "actors": pa.array([["Alice", "Bob"], []], pa.list_(pa.string())),
            "tags": pa.array([None, [("k", "v")]], pa.map_(pa.string(), pa.string())),
            "summary": pa.array([{"x": "y"}, None]),
        }
    )
    path = tmp_path / "events.parquet"
    pq.write_table(table, path)
    df = timeline.read_table(path)
    assert df["id"].tolist() == ["a", "b"]
    assert df["date"].tolist() == ["2024-01-01", "2024-02-01"]
    assert [list(a) for a in df["actors"]] == [["Alice", "Bob"], []]
    assert [list(t) for t in df["tags"]] == [[], ["k", "v"]]
    assert df["summary"].tolist() == ["{'x': 'y'}", ""]


def test_parquet_bytes_that_are_not_utf8(tmp_path):
    table = pa.table(
        {"id": pa.array([b"a", b"\xffb"]), "title": ["A", "B"], "date": ["2024-01-01"] * 2}
    )
    path = tmp_path / "events.parquet"
    pq.write_table(table, path)
    problem = _one_problem(path)
    assert (problem.line, problem.field, problem.message) == (
        2,
        "id",
        "not UTF-8 text (byte 0xff at 0)",
    )


def test_parquet_with_its_own_index(tmp_path):
    path = tmp_path / "events.parquet"
    EVENTS.set_axis([10, 20]).to_parquet(path)
    df = timeline.read_table(path)
    assert df["id"].tolist() == ["a", "b"]


def test_a_parquet_file_that_unpacks_too_far_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "events.parquet"
    EVENTS.to_parquet(path)
    monkeypatch.setenv("TIMELINE_MAX_UNPACKED_BYTES", "10")
    assert "the Parquet file unpacks to" in _one_problem(path).message
