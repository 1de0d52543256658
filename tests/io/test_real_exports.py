"""Files shaped like the exports people really have: R's NA, spreadsheet dates, no ids, allies."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import timeline

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "ally_actor_1,actor2,ally_actor_2,assoc_actor_1,country,admin1,location,notes,source,"
    "fatalities"
)


def _acled(tmp_path: Path, rows: list[str], name: str = "acled.csv") -> Path:
    """An ACLED export as R's write.csv leaves it: NA in every empty cell."""
    path = tmp_path / name
    path.write_text("\n".join([ACLED_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _read(path: Path, **options) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", timeline.ReadNotice)
        df = timeline.read_table(path, **options)
    return df, [str(w.message) for w in caught if w.category is timeline.ReadNotice]


def test_r_written_na_is_missing_never_an_actor(tmp_path):
    rows = [
        f"UKR{n},2024-11-{n:02d},2024,1,Protests,Peaceful protest,Protesters (Ukraine),NA,NA,NA,"
        f"NA,Ukraine,Kyiv,Kyiv,NA,Kyiv Post,{'NA' if n % 2 else 0}"
        for n in range(1, 21)
    ]
    df, _ = _read(_acled(tmp_path, rows))
    actors = {actor for value in df["actors"] for actor in value}
    assert actors == {"Protesters (Ukraine)"}
    assert "NA" not in {tag for value in df["tags"] for tag in value}
    assert (df["summary"] == "").all()
    assert df["importance"].isna().sum() == 10


@pytest.mark.parametrize("missing", ["N/A", "NaN", "null", "None", "#N/A", "-", ""])
def test_every_na_like_cell_is_missing(tmp_path, missing):
    path = tmp_path / "t.csv"
    path.write_text(f"id,title,date,actors\na,A,2024-01-01,{missing}\n", encoding="utf-8")
    assert list(_read(path)[0]["actors"][0]) == []


def test_na_values_can_be_replaced(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,title,date,actors,category\na,A,2024-01-01,NA,unknown\n", encoding="utf-8")
    df, _ = _read(path, na_values=["unknown"])
    assert list(df["actors"][0]) == ["NA"]  # Namibia, say: a value once NA is not missing
    assert pd.isna(df["category"][0])
    assert list(_read(path, na_values=[])[0]["actors"][0]) == ["NA"]


def test_ally_actors_join_after_the_main_ones(tmp_path):
    row = (
        "SYR1,2019-03-02,2019,1,Battles,Armed clash,Army,Militia A,Rebels,Militia B,"
        "Police,Syria,Idlib,Idlib,x,Src,0"
    )
    df, _ = _read(_acled(tmp_path, [row]))
    assert list(df["actors"][0]) == ["Army", "Rebels", "Militia A", "Militia B", "Police"]


@pytest.mark.parametrize(
    ("written", "expected", "form"),
    [
        (["9-May-20", "28-Dec-22"], ["2020-05-09", "2022-12-28"], "%d-%b-%y"),
        (["01-January-2015", "1-February-2015"], ["2015-01-01", "2015-02-01"], "%d-%B-%Y"),
        (["09 May 2020", "28 December 2022"], ["2020-05-09", "2022-12-28"], "%d %B %Y"),
        (["May 9, 2020", "December 28, 2022"], ["2020-05-09", "2022-12-28"], "%B %d, %Y"),
        (["2020/05/09", "2022/12/28"], ["2020-05-09", "2022-12-28"], "%Y/%m/%d"),
        (["20200509", "20221228"], ["2020-05-09", "2022-12-28"], "%Y%m%d"),
        (["1/2/2020", "13/2/2020"], ["2020-02-01", "2020-02-13"], "%d/%m/%Y"),
        (["2020-05-09 00:00:00", "2020-05-10 14:30:00"], ["2020-05-09", "2020-05-10T14:30:00"],
         "%Y-%m-%d %H:%M:%S"),
        (["1/2/2020", "2/13/2020"], ["2020-01-02", "2020-02-13"], "%m/%d/%Y"),
        (["55 BC", "43 AD", "AD 410", "43", "-44", "1999"],
         ["-0055", "0043", "0410", "0043", "-0044", "1999"], "years"),
    ],
)  # fmt: skip
def test_spreadsheet_dates(tmp_path, written, expected, form):
    path = tmp_path / "t.csv"
    lines = [f'e{n},Event {n},"{date}"' for n, date in enumerate(written)]
    path.write_text("id,title,when\n" + "\n".join(lines) + "\n", encoding="utf-8")
    df, _ = _read(path, columns={"id": "id", "title": "title", "when": "date"})
    assert df["date"].tolist() == expected
    assert form in df.attrs["date_reading"]["when"]


def test_an_ambiguous_column_is_refused_once_naming_the_options(tmp_path):
    path = tmp_path / "t.csv"
    rows = [f"e{n},Event {n},{n % 12 + 1}/{n % 28 + 1}/2020" for n in range(12)]
    path.write_text("id,title,date\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_table(path)
    (problem,) = caught.value.problems
    assert problem.field == "date"
    for option in ("dayfirst=True", "date_format='%d/%m/%Y'", "--dayfirst", "--date-format"):
        assert option in problem.message
    assert timeline.read_table(path, dayfirst=True)["date"][1] == "2020-02-02"
    assert timeline.read_table(path, dayfirst=False)["date"][2] == "2020-03-03"
    assert timeline.read_table(path, date_format="%m/%d/%Y")["date"][0] == "2020-01-01"


def test_acled_numeric_dates_are_day_first(tmp_path):
    row = "X1,02/03/2020,2020,1,Battles,Armed clash,Army,NA,NA,NA,NA,Syria,Idlib,Idlib,x,Src,0"
    df, _ = _read(_acled(tmp_path, [row]))
    assert df["date"].tolist() == ["2020-03-02"]


def test_edtf_only_keeps_other_forms_as_problems(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,title,date\na,A,9-May-20\n", encoding="utf-8")
    with pytest.raises(timeline.EventDataError, match="'9-May-20' is not an EDTF date"):
        timeline.read_table(path, date_format="edtf")


def test_many_rows_with_one_problem_are_one_message(tmp_path):
    rows = [
        f"UKR{n},soon {n},2024,1,Protests,Peaceful protest,Army,NA,NA,NA,NA,Ukraine,Kyiv,Kyiv,"
        "x,Src,0"
        for n in range(5071)
    ]
    path = _acled(tmp_path, rows)
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_table(path)
    (problem,) = caught.value.problems
    assert problem.field == "event_date"
    assert problem.message.startswith(
        "5,071 rows have this problem, e.g. line 2 (event 'UKR0'): 'soon 0' is not an EDTF date"
    )
    assert "line 3: 'soon 1'" in problem.message
    assert "and 5,068 more (timeline validate --all" in problem.message
    with pytest.raises(timeline.EventDataError) as every:
        timeline.read_table(path, every_problem=True)
    assert len(every.value.problems) == 5071


def test_a_few_problems_are_each_listed(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,title,date\na,A,soon\nb,B,later\n", encoding="utf-8")
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_table(path)
    assert [p.line for p in caught.value.problems] == [2, 3]


def test_a_table_without_ids_gets_stable_ids_with_a_notice(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "title,date\nA,2024-01-01\nB,2024-01-02\nA,2024-01-01\n-0044 event,-0044\n",
        encoding="utf-8",
    )
    df, notices = _read(path)
    ids = df["id"].tolist()
    assert ids[0].startswith("2024-01-01-") and ids[2] == ids[0] + "-2"
    assert ids[3].startswith("bce-0044-")
    assert any("no column is mapped to 'id'" in n for n in notices)
    reordered = tmp_path / "r.csv"
    reordered.write_text("title,date\nB,2024-01-02\nA,2024-01-01\n", encoding="utf-8")
    assert _read(reordered)[0]["id"].tolist() == ids[1::-1]  # the same row, the same id


def test_unmapped_columns_are_kept_and_named_once(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "id,title,date,latitude,start,notes\na,A,2024-01-01,50.4,x,NA\n", encoding="utf-8"
    )
    df, notices = _read(path)
    assert df["latitude"].tolist() == ["50.4"]
    assert df["start (table)"].tolist() == ["x"]  # the frame's own start is kept
    assert df["notes"].isna().all()
    (notice,) = notices
    assert notice.endswith("3 columns map to no event field and are kept in the frame as "
                           "they are: latitude, start, notes")  # fmt: skip
    assert df["start"].dtype.kind == "M"


def test_a_bce_id_made_from_a_date_keeps_its_sign():
    from timeline._io.interchange import assign_ids

    assert assign_ids([None, None], ["Ides", "Ides"], ["-0044-03-15", "0044-03-15"]) == [
        "ides-bce-0044-03-15",
        "ides-0044-03-15",
    ]


@pytest.mark.parametrize("name", ["..", ".hidden"])
def test_a_path_through_a_dot_folder_is_read(tmp_path, monkeypatch, name):
    data = tmp_path / ".hidden" / "data"
    data.mkdir(parents=True)
    (data / "events.yaml").write_text(
        "events:\n  - {id: a, title: A, date: 2024-01-01}\n", encoding="utf-8"
    )
    (data / ".cache").mkdir()
    (data / ".cache" / "old.yaml").write_text("not: [events", encoding="utf-8")
    (data / ".draft.yaml").write_text("not: [events", encoding="utf-8")
    notebooks = data.parent / "notebooks"
    notebooks.mkdir()
    monkeypatch.chdir(notebooks if name == ".." else tmp_path)
    given = "../data" if name == ".." else ".hidden/data"
    assert timeline.read_events(given)["id"].tolist() == ["a"]


def test_table_years_reach_deep_time(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "id,title,date\nbang,Big Bang,13800000000 BC\nsun,Sun,Y-4600000000\n", encoding="utf-8"
    )
    df, _ = _read(path)
    assert df["date"].tolist() == ["Y-13800000000", "Y-4600000000"]


def _formula_workbook(path: Path, saved: bytes | None) -> Path:
    """A workbook whose importance cell is a formula, with ``saved`` as its saved value."""
    import zipfile

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["id", "title", "date", "importance"])
    book.active.append(["a", "A", "2024-01-01", "=1+2"])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if saved is not None and entry.filename.startswith("xl/worksheets/"):
                data = data.replace(b"<v />", b"<v>" + saved + b"</v>")
            target.writestr(entry, data)
    return path


def test_a_formula_without_a_saved_value_is_a_problem_naming_the_cell(tmp_path):
    path = _formula_workbook(tmp_path / "computed.xlsx", None)
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_table(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (2, "importance")
    assert problem.message.startswith("cell D2 holds the formula '=1+2' but no value saved")
    saved = _formula_workbook(tmp_path / "saved.xlsx", b"3")
    assert timeline.read_table(saved)["importance"].tolist() == [3.0]


def test_table_rows_longer_than_the_header_are_a_problem_never_a_shift(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,title,date\na,A,2024-01-01,x\nb,B,2024-01-02,y\n", encoding="utf-8")
    with pytest.raises(timeline.EventDataError) as caught:
        timeline.read_table(path)
    assert [p.line for p in caught.value.problems] == [2, 3]
    assert caught.value.problems[0].message.startswith(
        "the row has 4 cells but the header has 3 (up to 'date')"
    )
    path.write_text("id,title,date\na,A,2024-01-01,\n", encoding="utf-8")  # a trailing comma
    assert _read(path)[0]["title"].tolist() == ["A"]
