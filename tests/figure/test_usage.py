"""Wrong arguments get a TypeError or ValueError that says what is accepted."""

from __future__ import annotations

import pandas as pd
import pytest

import timeline
from timeline._cli import main


@pytest.fixture
def minimal() -> pd.DataFrame:
    return pd.DataFrame({"id": ["a", "b"], "title": ["A", "B"], "date": ["2024-11-19", "2024-11"]})


@pytest.mark.parametrize(
    ("palette", "error", "message"),
    [
        ([], ValueError, "palette is empty"),
        ("red", TypeError, "palette must be a list of colours"),
        (3, TypeError, "not int"),
        ([1, 2], TypeError, "every colour is text"),
    ],
)
def test_a_wrong_palette_says_what_is_accepted(events, palette, error, message):
    with pytest.raises(error, match=message):
        timeline.plot(events, palette=palette)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (
            {"lane": "actor"},
            KeyError,
            "no column 'actor' to draw lanes from; did you mean 'actors'",
        ),
        ({"lane": "sources"}, ValueError, "'sources' holds mappings .* cannot be lanes"),
        ({"color": "relations"}, ValueError, "'relations' holds mappings .* cannot be colours"),
        ({"lane": 3}, TypeError, "lane must be a column name"),
    ],
)
def test_a_column_that_cannot_group_is_refused(events, options, error, message):
    with pytest.raises(error, match=message):
        timeline.plot(events, **options)


def test_plot_of_no_frame_is_a_type_error():
    with pytest.raises(TypeError, match="expected an events DataFrame, not str; read files"):
        timeline.plot("data")


def test_reading_and_writing_refuse_wrong_types(tmp_path):
    with pytest.raises(TypeError, match=r"paths of files or folders .* not int"):
        timeline.read_events(3)
    with pytest.raises(TypeError, match="write_events needs an events DataFrame, not list"):
        timeline.write_events([], tmp_path / "e.yaml")


def test_every_writer_takes_what_plot_takes(minimal, tmp_path):
    timeline.plot(minimal)
    timeline.write_html(minimal, tmp_path / "page.html", include_plotlyjs="cdn")
    timeline.write_vis(minimal, tmp_path / "e.vis.json")
    timeline.write_timelinejs(minimal, tmp_path / "e.json")
    timeline.write_timelinejs(minimal, tmp_path / "e.csv")
    timeline.write_events(minimal, tmp_path / "e.yaml")
    assert "A" in (tmp_path / "page.html").read_text(encoding="utf-8")
    assert len(timeline.read_timelinejs(tmp_path / "e.json")) == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--lane", "actor"],
            "--lane: no column 'actor' to draw lanes from; did you mean 'actors'?",
        ),
        (["--lane", "sources"], "--lane: the column 'sources' holds mappings"),
        (["--color", "relations"], "--color: the column 'relations' holds mappings"),
        (
            ["--from", "2024-12-01", "--to", "2024-11-01"],
            "--from 2024-12-01 is after --to 2024-11-01",
        ),
    ],
)
def test_render_usage_errors_exit_2(capsys, tmp_path, options, message):
    source = tmp_path / "in.yaml"
    source.write_text(
        '- {id: a, title: A, date: "2024-11-19", actors: [X], sources: [{url: "https://e.org"}]}\n',
        encoding="utf-8",
    )
    code = main(["-q", "render", str(source), "-o", str(tmp_path / "p.html"), *options])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "bug" not in err and "Traceback" not in err
    assert not (tmp_path / "p.html").exists()


def test_window_refuses_what_is_no_window(events):
    with pytest.raises(TypeError, match=r"the window start must be a date .* not int"):
        timeline.window(events, 3)
    with pytest.raises(ValueError, match="the window end 'soon' is not a date"):
        timeline.window(events, None, "soon")
    with pytest.raises(ValueError, match=r"the window starts \(2025-01-01\) after it ends"):
        timeline.window(events, "2025-01-01", "2024-01-01")
    assert len(timeline.window(events, "2024-11-17", "2024-11-24")) > 0


@pytest.mark.parametrize("records", ["abc", {"id": "a"}, 3])
def test_events_frame_takes_a_list_of_mappings(records):
    with pytest.raises(TypeError, match="events_frame takes a list of events"):
        timeline.events_frame(records)
