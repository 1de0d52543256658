"""Writing events back to YAML, JSON and CSV gives an equal frame."""

from __future__ import annotations

import pandas as pd
import pytest

import timeline
from timeline._io.write import neutralize


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".csv"])
def test_bundled_data_round_trips(bundled, tmp_path, suffix):
    path = timeline.write_events(bundled, tmp_path / f"events{suffix}")
    back = timeline.read_events(path)
    pd.testing.assert_frame_equal(back, bundled)
    if suffix != ".csv":  # CSV has no place for the dataset's title and vocabulary
        assert back.attrs == bundled.attrs


def test_csv_neutralizes_formulas_and_reads_them_back(tmp_path):
    df = timeline.events_frame(
        [
            {
                "id": "a",
                "title": '=HYPERLINK("http://x")',
                "date": "2024",
                "summary": "'quoted",
                "actors": ["+cmd", "@sum"],
                "location": "-1",
            },
        ]
    )
    path = timeline.write_events(df, tmp_path / "e.csv")
    text = path.read_text()
    assert "'=HYPERLINK" in text and "''quoted" in text and "'-1" in text
    pd.testing.assert_frame_equal(timeline.read_events(path), df)


def test_neutralize_leaves_plain_text():
    assert neutralize("plain") == "plain"
    assert neutralize("\tx") == "'\tx"


def test_unknown_extension_is_refused(tmp_path, events):
    with pytest.raises(ValueError, match=r"cannot write '\.txt' files"):
        timeline.write_events(events, tmp_path / "e.txt")
    assert not list(tmp_path.iterdir())


def test_names_with_the_list_separator_cannot_go_to_csv(tmp_path):
    df = timeline.events_frame([{"id": "a", "title": "A", "date": "2024", "actors": ["x;y"]}])
    with pytest.raises(timeline.EventDataError, match="write YAML or JSON instead"):
        timeline.write_events(df, tmp_path / "e.csv")
    assert not (tmp_path / "e.csv").exists()
