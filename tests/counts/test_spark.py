"""The same counts on Spark: one local[2] session, the same numbers as pandas and DuckDB."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

import timeline

pytestmark = pytest.mark.slow  # starting Spark takes about ten seconds


@pytest.mark.parametrize("empty", [True, False])
def test_pandas_duckdb_and_spark_give_the_same_weekly_counts(spark, acled, by_hand, empty):
    frame, path = acled
    on_duckdb = timeline.counts(
        path, lane="country", start="2024-03-01", end="2024-10-31", empty=empty
    )
    on_spark = timeline.counts(
        path, lane="country", start="2024-03-01", end="2024-10-31", empty=empty, engine="spark"
    )
    assert on_spark.attrs["engine"] == "pyspark"
    pd.testing.assert_frame_equal(on_spark, on_duckdb)
    inside = frame[frame["event_date"].between("2024-03-01", "2024-10-31")]
    counted = on_spark[on_spark["count"] > 0][["lane", "start", "count"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(counted, by_hand(inside, "country"))
    assert (on_spark["start"].dt.day_of_week == 0).all()
    if empty:  # the first bin is the Monday of the start's week
        assert str(on_spark["start"].min().date()) == "2024-02-26"
    else:
        assert (on_spark["count"] > 0).all()


def test_a_spark_connection_counts_frames_lists_and_filters_as_duckdb_does(spark, make_acled):
    frame = make_acled(2_000, seed=11)
    con = ibis.pyspark.connect(spark)
    for options in (
        {"lane": "actors", "every": "month"},
        {"lane": "category", "where": {"country": ["Ukraine", "Poland"]}},
        {"every": "year", "where": ibis._.fatalities > 0, "empty": False},
    ):
        expected = timeline.counts(frame, **options)
        pd.testing.assert_frame_equal(timeline.counts(frame, engine=con, **options), expected)


def test_spark_reads_the_same_date_forms_as_duckdb(spark):
    forms = ["2024-11-19", " 19 November 2024 ", "Nov 19, 2024", "19-Nov-2024", "1/12/2024", ""]
    frame = pd.DataFrame({"event_date": forms, "country": ["A", "B", "A", "B", "A", "A"]})
    con = ibis.pyspark.connect(spark)
    expected = timeline.counts(frame, lane="country", every="month")
    pd.testing.assert_frame_equal(
        timeline.counts(frame, lane="country", every="month", engine=con), expected
    )
    assert expected["count"].sum() == 5
