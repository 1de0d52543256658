"""Tests for timeline._cli: the ``timeline`` command."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import timeline
from conftest import DATA, ROOT
from timeline._cli import main
from timeline._io.write import to_records

BAD_YAML = """\
events:
  - id: fine
    title: A fine event
    date: 2024-11-19
  - id: no-date
    title: An event without a date
  - id: bad-date
    title: An event with a bad date
    date: soon
"""


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_YAML, encoding="utf-8")
    return path


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(
        """\
title: Small
events:
  - id: sourced
    title: With a source
    date: 2024-11-19
    actors: [United States, Ukraine]
    category: decision
    sources:
      - url: https://example.org/a
        publisher: Example
  - id: unsourced
    title: Without a source
    date: 2024-11-20
    actors: [Ukraine]
""",
        encoding="utf-8",
    )
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_validate_ok_prints_one_line(capsys):
    code, out, err = run(capsys, "validate", str(DATA))
    assert code == 0
    assert out.splitlines() == [f"ok: 24 events in {DATA}, no problems"]
    assert err == ""


def test_validate_lists_one_line_per_problem(capsys, bad_file):
    code, out, err = run(capsys, "validate", str(bad_file))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    with pytest.raises(timeline.EventDataError) as raised:
        timeline.read_events(bad_file)
    assert lines == [str(problem) for problem in raised.value.problems]
    assert len(lines) == 2
    for line in lines:
        assert re.match(rf"{re.escape(str(bad_file))}:\d+: ", line)
    assert "Traceback" not in err


def test_missing_file_is_one_line(capsys, tmp_path):
    missing = tmp_path / "nope.yaml"
    code, _, err = run(capsys, "validate", str(missing))
    assert code == 1
    assert err.splitlines() == [f"{missing}: no such file or folder"]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["validate"],
        ["frobnicate"],
        ["validate", str(DATA), "--bogus"],
        ["render", str(DATA)],
        ["render", str(DATA), "-o", "x.html", "--from", "soon"],
    ],
)
def test_usage_errors_exit_2(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "usage: timeline" in err
    assert "Traceback" not in err


def test_help_exits_0(capsys):
    code, out, _ = run(capsys, "render", "--help")
    assert code == 0
    assert "--from DATE" in out


def test_render_html_prints_the_path(capsys, tmp_path):
    out_path = tmp_path / "site" / "timeline.html"
    code, out, err = run(capsys, "render", str(DATA), "-o", str(out_path), "--title", "Landmines")
    assert code == 0
    assert out.splitlines() == [str(out_path)]
    assert err == ""
    text = out_path.read_text(encoding="utf-8")
    assert "<title>Landmines</title>" in text
    assert text.count('<tr data-event-id="') == 24
    assert len(text) > 1_400_000 and "plotly.js (cartesian - minified)" in text  # inlined


def test_render_filters_and_window(capsys, tmp_path, bundled):
    out_path = tmp_path / "week.html"
    argv = ["render", str(DATA), "-o", str(out_path), "--from", "2024-11-17", "--to", "2024-11-24"]
    code, _, err = run(capsys, *argv, "--actor", "United States", "--actor", "ICBL")
    assert code == 0, err
    expected = timeline.with_actor(
        timeline.window(bundled, "2024-11-17", "2024-11-24"), "United States", "ICBL"
    )
    rows = re.findall(r'<tr data-event-id="([^"]+)"', out_path.read_text(encoding="utf-8"))
    assert sorted(rows) == sorted(expected["id"])
    assert 0 < len(rows) < 24


def test_render_category_and_tag_filters(capsys, tmp_path, bundled):
    out_path = tmp_path / "treaty.html"
    code, _, err = run(
        capsys, "render", str(DATA), "-o", str(out_path), "--category", "treaty", "--cdn"
    )
    assert code == 0, err
    rows = re.findall(r'<tr data-event-id="([^"]+)"', out_path.read_text(encoding="utf-8"))
    assert sorted(rows) == sorted(timeline.with_category(bundled, "treaty")["id"])
    assert out_path.stat().st_size < 500_000  # --cdn: plotly.js is linked, not inlined
    code, _, err = run(capsys, "render", str(DATA), "-o", str(out_path), "--tag", "no-such-tag")
    assert code == 1
    assert err.startswith("timeline: error: no events left")


def test_render_refuses_to_overwrite_its_input(capsys, small_file):
    before = small_file.read_text()
    code, _, err = run(capsys, "render", str(small_file), "-o", str(small_file))
    assert code == 1
    assert "refusing to overwrite the input" in err
    assert small_file.read_text() == before


def test_render_unknown_extension(capsys, tmp_path):
    code, _, err = run(capsys, "render", str(DATA), "-o", str(tmp_path / "x.txt"))
    assert code == 1
    assert err.splitlines() == [
        "timeline: error: cannot render to '.txt' files; use one of .html, .png, .svg, .pdf"
    ]


def test_render_bad_data_lists_problems(capsys, bad_file, tmp_path):
    code, _, err = run(capsys, "render", str(bad_file), "-o", str(tmp_path / "x.html"))
    assert code == 1
    assert len(err.splitlines()) == 2
    assert not (tmp_path / "x.html").exists()


@pytest.mark.browser
def test_render_image_draws_it_and_shows_the_steps(capsys, tmp_path, chromium):
    out_path = tmp_path / "chart.svg"
    code, out, err = run(capsys, "render", str(DATA), "-o", str(out_path))
    assert code == 0
    assert out.splitlines() == [str(out_path)]
    svg = out_path.read_text()
    title = timeline.read_events(DATA).attrs["title"]
    assert svg.startswith("<svg") and html.escape(title, quote=False) in svg
    # Images take seconds (a browser starts), so the steps are shown.
    assert err.splitlines() == [
        f"reading {DATA}…",
        "drawing 24 events…",
        f"writing {out_path}…",
    ]
    code, out, err = run(capsys, "--quiet", "render", str(DATA), "-o", str(out_path))
    assert (code, err) == (0, "")


def test_render_image_without_browser_says_what_to_install(tmp_path):
    # BROWSER_PATH is kaleido's own setting for the browser to drive; one that does not exist
    # is what a machine without Chromium looks like to it.
    env = {**os.environ, "BROWSER_PATH": str(tmp_path / "no-such-chrome"), "PATH": "/bin"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "timeline",
            "-q",
            "render",
            str(DATA),
            "-o",
            str(tmp_path / "x.png"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "apt-get install chromium" in done.stderr
    assert not (tmp_path / "x.png").exists()


def test_info(capsys, small_file):
    code, out, _ = run(capsys, "info", str(small_file))
    assert code == 0
    assert out.splitlines() == [
        "Small",
        "2 events, 2024-11-19 to 2024-11-20",
        "by actor:",
        "  2  Ukraine",
        "  1  United States",
        "by category:",
        "  1  (none)",
        "  1  decision",
        "events without sources: 1",
        "  unsourced",
        "events citing each publisher:",
        "  1  Example",
        "events resting on a single outlet: 1",
        "  sourced: Example",
    ]


def test_info_on_the_bundled_data(capsys):
    code, out, _ = run(capsys, "info", str(DATA))
    assert code == 0
    assert "24 events, 1997-09-18 to 2026-01-10" in out
    assert "events without sources: 0" in out
    assert re.search(r"^ +\d+  United States$", out, flags=re.MULTILINE)


def test_convert_round_trip(capsys, tmp_path, bundled):
    csv_path = tmp_path / "events.csv"
    yaml_path = tmp_path / "events.yaml"
    assert run(capsys, "convert", str(DATA / "landmines.yaml"), str(csv_path))[:2] == (
        0,
        f"{csv_path}\n",
    )
    assert run(capsys, "convert", str(csv_path), str(yaml_path))[0] == 0
    assert to_records(timeline.read_events(yaml_path)) == to_records(bundled)


def test_convert_to_format_by_name(capsys, tmp_path):
    out_path = tmp_path / "events.txt"
    code, _, err = run(capsys, "convert", str(DATA / "landmines.yaml"), str(out_path))
    assert code == 1
    assert len(err.splitlines()) == 1
    assert not out_path.exists()


def test_convert_refuses_to_overwrite_its_input(capsys, small_file):
    before = small_file.read_bytes()
    code, _, err = run(capsys, "convert", str(small_file), str(small_file))
    assert code == 1
    assert err.splitlines() == [
        f"timeline: error: refusing to overwrite the input {small_file}; choose another OUT"
    ]
    assert small_file.read_bytes() == before


def test_unexpected_errors_are_one_line_that_asks_for_a_report():
    from timeline._cli import unexpected_error_line

    line = unexpected_error_line(KeyError("surprise\nsecond line"))
    assert "\n" not in line
    assert line.startswith("timeline: error: KeyError: ")
    assert "surprise" in line and "this is a bug" in line and "--traceback" in line


def test_python_dash_m_entry_point(tmp_path, bad_file):
    ok = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", str(DATA)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert (ok.returncode, ok.stdout) == (0, f"ok: 24 events in {DATA}, no problems\n")
    bad = subprocess.run(
        [sys.executable, "-m", "timeline", "validate", str(bad_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert len(bad.stderr.splitlines()) == 2
    assert "Traceback" not in bad.stderr


@pytest.mark.browser
def test_render_window_opens_the_page_where_plot_opens(capsys, tmp_path, offline_page):
    df = timeline.read_events(DATA)
    cases = [
        (["--from", "2024-11-17"], ("2024-11-17", "2026-01-10")),  # an open side: the last event
        (["--to", "2000-01-01"], ("1997-09-18", "2000-01-01")),
    ]
    for options, window in cases:
        out_path = tmp_path / "x.html"
        assert run(capsys, "render", str(DATA), "-o", str(out_path), *options)[0] == 0
        page = offline_page.open(out_path)
        shown = page.evaluate("document.getElementById('policy-timeline').layout.xaxis.range")
        expected = timeline.plot(timeline.window(df, *window), window=window).layout.xaxis.range
        assert [str(x)[:10] for x in shown] == [str(x)[:10] for x in expected]


def test_progress_shows_each_step_when_asked(capsys, tmp_path):
    out_path = tmp_path / "x.html"
    code, _, err = run(capsys, "--progress", "render", str(DATA), "-o", str(out_path))
    assert code == 0
    assert err.splitlines() == [f"reading {DATA}…", "drawing 24 events…", f"writing {out_path}…"]
    code, _, err = run(capsys, "render", str(DATA), "-o", str(out_path))
    assert (code, err) == (0, "")  # a small input, nobody watching: quiet


# --- validate and info read every format render and convert read -----------------------------

ACLED_CSV = Path(__file__).parent.parent / "data" / "acled_sample.csv"


@pytest.fixture
def slides(tmp_path, bundled) -> Path:
    """The first three bundled events as a TimelineJS JSON file."""
    path = tmp_path / "slides.json"  # plain .json: recognized by its content
    timeline.write_timelinejs(bundled.head(3), path)
    return path


def test_validate_and_info_read_timelinejs(capsys, slides):
    code, out, err = run(capsys, "validate", str(slides))
    assert (code, out, err) == (0, f"ok: 3 events in {slides}, no problems\n", "")
    code, out, _ = run(capsys, "info", str(slides))
    assert code == 0
    assert out.splitlines()[1] == "3 events, 1997-09-18 to 1999-02-24"


def test_validate_and_info_read_an_acled_export(capsys):
    code, out, _ = run(capsys, "validate", str(ACLED_CSV))
    assert (code, out) == (0, f"ok: 4 events in {ACLED_CSV}, no problems\n")
    code, out, _ = run(capsys, "info", str(ACLED_CSV))
    assert code == 0
    assert "4 events, 2024-11-01 to 2024-11-30" in out  # 2024-11 (a month) ends on the 30th
    assert re.search(r"^ +1  Battles$", out, flags=re.MULTILINE)


def test_validate_lists_the_problems_of_a_table(capsys, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in (["id", "title", "date"], ["a", "A", "2024-01-01"], ["b", "B", "2024-02-30"]):
        book.active.append(row)
    path = tmp_path / "events.xlsx"
    book.save(path)
    code, out, err = run(capsys, "validate", str(path))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{path}:3: event 'b', field 'date': '2024-02-30' is not a date "
        "(February 2024 has 29 days); write YYYY-MM-DD, or EDTF such as 2024-11 (month), "
        "2024-11-20~ (approximate), 2024-11? (uncertain), 2024-11-19/2024-12-01 (span)"
    ]
    path.write_bytes(b"not a workbook")
    for command in ("validate", "info"):
        code, out, err = run(capsys, command, str(path))
        assert (code, out) == (1, "")
        assert err.splitlines() == [
            f"{path}: not an Excel workbook: an .xlsx file is a zip archive, and this is none"
        ]


def test_validate_and_info_from_a_format(capsys, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("id,title,date,fatalities\na,A,2024-01-01,3\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path))  # our CSV has no such column
    assert code == 1
    assert "unknown column 'fatalities'" in err
    code, out, _ = run(capsys, "validate", "--from", "table", str(path))
    assert (code, out) == (0, f"ok: 1 event in {path}, no problems\n")
    code, out, _ = run(capsys, "info", str(path), "--from", "TABLE")
    assert (code, out.splitlines()[0]) == (0, "1 event, 2024-01-01 to 2024-01-01")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from", "table", str(DATA), str(DATA)], "the table format is read from one file"),
        (["--from", "pdf", str(ACLED_CSV)], "unknown format 'pdf'"),
        (["--from", "vis", str(ACLED_CSV)], "the 'vis' format is written only"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "info"])
def test_from_errors(capsys, command, argv, message):
    code, out, err = run(capsys, command, *argv)
    assert (code, out) == (1, "")
    note, error = err.splitlines()  # --from is the deprecated --format
    assert note == "timeline: note: --from FORMAT is deprecated; use --format"
    assert error.startswith(f"timeline: error: {message}")


def test_a_missing_extra_is_one_line(capsys, tmp_path, monkeypatch):
    path = tmp_path / "events.xlsx"
    path.write_bytes(b"PK")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    code, _, err = run(capsys, "validate", str(path))
    assert code == 1
    assert err.splitlines() == [
        "timeline: error: reading Excel files needs openpyxl; install it with "
        "pip install 'policy-timeline[excel]'"
    ]


@pytest.mark.parametrize("command", ["validate", "info", "convert"])
def test_help_names_every_format_read(capsys, command):
    from timeline._io.formats import FORMATS, WRITE_ONLY

    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert "--from FORMAT" in out
    help_text = " ".join(out.split())
    for name in FORMATS:
        assert (name in help_text) == (name not in WRITE_ONLY), name


def test_render_overlay_counts_a_table_under_the_lanes(capsys, tmp_path, bundled):
    import pandas as pd

    table = tmp_path / "acled.parquet"
    days = pd.date_range("2024-11-04", "2024-11-24", freq="D").strftime("%Y-%m-%d")
    pd.DataFrame({"event_date": days, "country": ["Ukraine", "Russia", "Ukraine"] * 7}).to_parquet(
        table
    )
    out = tmp_path / "out.html"
    code = main(
        [
            "-q",
            "render",
            str(DATA),
            "-o",
            str(out),
            "--overlay",
            str(table),
            "--overlay-lane",
            "country",
            "--every",
            "week",
        ]
    )
    assert code == 0, capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    assert "country: Ukraine" in page and "country: Russia" in page
    assert (
        main(["render", str(DATA), "-o", str(out), "--overlay", str(tmp_path / "none.parquet")])
        == 1
    )
    assert "no such file: " in capsys.readouterr().err
    assert (
        main(
            [
                "render",
                str(DATA),
                "-o",
                str(out),
                "--overlay",
                str(table),
                "--overlay-lane",
                "region",
            ]
        )
        == 1
    )
    assert "no column 'region' to count lanes by" in capsys.readouterr().err
