"""timeline.counts on DuckDB: lanes, bins, filters and errors, against a count done in pandas."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

import timeline
from conftest import DATA


def _counted(result: pd.DataFrame) -> pd.DataFrame:
    """The rows with events, as the by-hand count has them."""
    kept = result[result["count"] > 0]
    return kept[["lane", "start", "count"]].reset_index(drop=True)


@pytest.mark.parametrize("every", ["week", "month", "year"])
def test_counts_of_a_parquet_file_equal_pandas_groupby(acled, by_hand, every):
    frame, path = acled
    result = timeline.counts(path, lane="country", every=every)
    assert list(result.columns) == ["lane", "start", "end", "count"]
    pd.testing.assert_frame_equal(_counted(result), by_hand(frame, "country", every))
    assert result["count"].sum() == len(frame)
    assert result.attrs == {"lane": "country", "every": every, "engine": "duckdb"}


def test_weeks_start_on_monday_and_end_seven_days_later(acled):
    result = timeline.counts(acled[1], lane="country")
    assert (result["start"].dt.day_of_week == 0).all()
    assert ((result["end"] - result["start"]) == pd.Timedelta(days=7)).all()
    assert result["start"].dtype == "datetime64[s]"


def test_empty_bins_are_zero_rows_in_every_lane_or_left_out():
    frame = pd.DataFrame(
        {"date": ["2024-11-04", "2024-11-20", "2024-11-21"], "country": ["A", "B", "B"]}
    )
    full = timeline.counts(frame, lane="country")
    assert full["start"].astype(str).tolist() == ["2024-11-04", "2024-11-11", "2024-11-18"] * 2
    assert full["count"].tolist() == [1, 0, 0, 0, 0, 2]
    sparse = timeline.counts(frame, lane="country", empty=False)
    assert sparse[["lane", "count"]].values.tolist() == [["A", 1], ["B", 2]]


def test_start_and_end_keep_their_days_and_set_the_first_and_last_bins():
    frame = pd.DataFrame({"date": ["2024-10-30", "2024-11-06", "2024-11-13", "2024-12-02"]})
    result = timeline.counts(frame, every="week", start="2024-11-06", end="2024-11-30")
    assert result["lane"].unique().tolist() == ["events"]
    assert result["start"].astype(str).tolist() == [
        "2024-11-04",
        "2024-11-11",
        "2024-11-18",
        "2024-11-25",
    ]
    assert result["count"].tolist() == [1, 1, 0, 0]


def test_acled_fields_name_lanes_and_actors_count_in_each_of_their_lanes():
    frame = pd.DataFrame(
        {
            "event_id_cnty": ["A1", "A2", "A3"],
            "event_date": ["2024-11-19", "2024-11-19", "2024-11-20"],
            "event_type": ["Battles", "Protests", "Battles"],
            "actor1": ["Russia", "Protesters", ""],
            "actor2": ["Ukraine", "", ""],
            "assoc_actor_1": ["", "Students; Journalists", ""],
        }
    )
    by_type = timeline.counts(frame, lane="category", empty=False)
    assert dict(zip(by_type["lane"], by_type["count"], strict=True)) == {
        "Battles": 2,
        "Protests": 1,
    }
    by_actor = timeline.counts(frame, lane="actors", empty=False)
    assert dict(zip(by_actor["lane"], by_actor["count"], strict=True)) == {
        "(none)": 1, "Journalists": 1, "Protesters": 1, "Russia": 1, "Students": 1, "Ukraine": 1,
    }  # fmt: skip


def test_an_events_frame_counts_by_its_start_and_list_columns(bundled):
    result = timeline.counts(bundled, lane="actors", every="year", empty=False)
    dated = bundled[bundled["start"].notna()]
    expected = dated["actors"].map(len).clip(lower=1).sum()
    assert result["count"].sum() == expected
    assert "United States" in set(result["lane"])


def test_where_takes_a_mapping_an_ibis_expression_or_a_function(acled):
    frame, path = acled
    fatal = int((frame["fatalities"] > 0).sum())
    ukraine = int((frame["country"] == "Ukraine").sum())
    assert timeline.counts(path, where=ibis._.fatalities > 0)["count"].sum() == fatal
    assert timeline.counts(path, where=lambda t: t.fatalities > 0)["count"].sum() == fatal
    assert timeline.counts(path, where={"country": "Ukraine"})["count"].sum() == ukraine
    both = timeline.counts(path, where={"country": ["Ukraine", "Russia"]})["count"].sum()
    assert both == frame["country"].isin(["Ukraine", "Russia"]).sum()


def test_csv_tsv_a_glob_and_an_ibis_table_give_the_same_counts(acled, tmp_path):
    frame, path = acled
    expected = timeline.counts(path, lane="country")
    frame.iloc[:2000].to_csv(tmp_path / "part-1.csv", index=False)
    frame.iloc[2000:].to_csv(tmp_path / "part-2.csv", index=False)
    pd.testing.assert_frame_equal(timeline.counts(tmp_path / "*.csv", lane="country"), expected)
    frame.to_csv(tmp_path / "table.tsv", sep="\t", index=False)
    pd.testing.assert_frame_equal(timeline.counts(tmp_path / "table.tsv", lane="country"), expected)
    con = ibis.duckdb.connect()
    table = con.read_parquet(path)
    pd.testing.assert_frame_equal(timeline.counts(table, lane="country"), expected)


def test_dates_are_read_in_the_forms_read_table_reads():
    forms = ["2024-11-19", " 19 November 2024 ", "Nov 19, 2024", "19-Nov-2024", "", None]
    result = timeline.counts(pd.DataFrame({"date": forms}), every="day")
    assert result[["start", "count"]].astype(str).values.tolist() == [["2024-11-19", "4"]]
    acled = pd.DataFrame({"event_date": ["19/11/2024", "2024-11-19", "1/12/2024"]})
    result = timeline.counts(acled, every="month", empty=False)  # ACLED's: day first
    assert result[["start", "count"]].astype(str).values.tolist() == [
        ["2024-11-01", "2"], ["2024-12-01", "1"]
    ]  # fmt: skip


def test_the_acled_sample_export_is_counted_with_its_month_name_date(by_hand):
    sample = DATA.parent / "tests" / "data" / "acled_sample.csv"
    result = timeline.counts(sample, lane="category", every="year", empty=False)
    table = pd.read_csv(sample)
    assert (
        dict(zip(result["lane"], result["count"], strict=True))
        == table["event_type"].value_counts().to_dict()
    )


def test_a_date_that_cannot_be_read_is_named():
    frame = pd.DataFrame({"date": ["2024-11-19", "19/11/2024", "soon", "", None]})
    with pytest.raises(
        ValueError,
        match=r"2 value\(s\) of the date column 'date' are not dates \(2024-11-19, 19 November 2024\): '19/11/2024', 'soon'",
    ):
        timeline.counts(frame)


def test_missing_columns_files_and_bad_options_are_refused(tmp_path, acled):
    frame = pd.DataFrame({"date": ["2024-11-19"], "country": ["A"]})
    with pytest.raises(
        ValueError, match=r"no column 'region' to count lanes by; columns: date, country"
    ):
        timeline.counts(frame, lane="region")
    with pytest.raises(ValueError, match=r"no date column; columns: when"):
        timeline.counts(pd.DataFrame({"when": ["2024-11-19"]}))
    with pytest.raises(FileNotFoundError, match=r"no such file: '.*nothing\.parquet'"):
        timeline.counts(tmp_path / "nothing.parquet")
    with pytest.raises(ValueError, match=r"every must be one of 'day', 'week'"):
        timeline.counts(frame, every="fortnight")
    with pytest.raises(ValueError, match=r"engine must be one of 'duckdb', 'spark'"):
        timeline.counts(frame, engine="polars")
    with pytest.raises(TypeError, match=r"not list"):
        timeline.counts([1, 2])


def test_import_timeline_does_not_import_the_engines():
    import subprocess
    import sys

    code = "import sys, timeline; print(sorted(m for m in ('ibis', 'duckdb', 'pyspark') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_columns_maps_a_table_the_way_read_table_does():
    frame = pd.DataFrame({"when": ["2024-11-19", "2024-11-20"], "kind": ["Battles", "Riots"]})
    result = timeline.counts(frame, lane="category", columns={"when": "date", "kind": "category"})
    assert sorted(result["lane"]) == ["Battles", "Riots"]
    with pytest.raises(
        ValueError, match=r"no column 'event_date' \(the date\); columns: when, kind"
    ):
        timeline.counts(frame, columns="acled")
    with pytest.raises(ValueError, match=r"columns must be a mapping or 'acled', not 'gdelt'"):
        timeline.counts(frame, columns="gdelt")
