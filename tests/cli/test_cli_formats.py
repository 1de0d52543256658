"""The input options every ``timeline`` command shares: --format and how to read tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA
from timeline._cli import main

AMBIGUOUS = "title,date,who\nA,1/2/2020,x\nB,3/4/2020,y\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def table(tmp_path: Path) -> Path:
    """A table of events that is neither ours nor ACLED: its own columns, no ids."""
    path = tmp_path / "events.csv"
    path.write_text(
        "title,date,actors,latitude\nTalks,9-May-20,Ukraine,50.4\nVote,12-May-20,NA,NA\n",
        encoding="utf-8",
    )
    return path


def _argv(command: str, path: Path, tmp_path: Path, *options: str) -> list[str]:
    if command == "render":
        return ["render", str(path), "-o", str(tmp_path / "out.html"), "--cdn", *options]
    if command == "convert":
        return ["convert", str(path), str(tmp_path / "out.yaml"), *options]
    return [command, str(path), *options]


@pytest.mark.parametrize("command", ["validate", "info", "render", "convert"])
def test_every_command_reads_a_table_with_format(capsys, tmp_path, table, command):
    code, _, err = run(capsys, *_argv(command, table, tmp_path))
    assert code == 1  # by content it is our own CSV, which has no 'latitude'
    assert "latitude" in err
    code, out, err = run(capsys, *_argv(command, table, tmp_path, "--format", "table"))
    assert code == 0, err
    assert "timeline: note:" in err and "latitude" in err  # kept, and said so
    if command == "info":
        assert "dates in 'date' read as %d-%b-%y (DD-Mon-YY)" in out


@pytest.mark.parametrize("command", ["validate", "info", "convert"])
def test_from_is_a_deprecated_alias_of_format(capsys, tmp_path, table, command):
    code, _, err = run(capsys, *_argv(command, table, tmp_path, "--from", "table"))
    assert code == 0
    assert err.splitlines()[0] == "timeline: note: --from FORMAT is deprecated; use --format"


def test_render_reads_a_table_that_is_not_acled(capsys, tmp_path, table):
    code, out, err = run(capsys, *_argv("render", table, tmp_path, "--format", "table"))
    assert (code, out) == (0, f"{tmp_path / 'out.html'}\n"), err
    assert "Vote" in (tmp_path / "out.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["validate", "info", "render", "convert"])
def test_an_ambiguous_date_column_says_which_option_settles_it(capsys, tmp_path, command):
    path = tmp_path / "dates.csv"
    path.write_text(AMBIGUOUS, encoding="utf-8")
    code, out, err = run(capsys, *_argv(command, path, tmp_path, "--format", "table"))
    assert (code, out) == (1, "")
    (line,) = [line for line in err.splitlines() if not line.startswith("timeline: note")]
    assert line.startswith(f"{path}: field 'date': dates such as '1/2/2020' read both")
    assert "--dayfirst, --no-dayfirst or --date-format '%d/%m/%Y'" in line
    for option, first in (("--dayfirst", "2020-02-01"), ("--no-dayfirst", "2020-01-02")):
        argv = _argv(command, path, tmp_path, "--format", "table", option)
        code, out, err = run(capsys, *argv)
        assert code == 0, err
        if command == "info":
            assert out.splitlines()[0].startswith(f"2 events, {first}")
    argv = _argv("info", path, tmp_path, "--format", "table", "--date-format", "%m/%d/%Y")
    assert run(capsys, *argv)[1].splitlines()[0].startswith("2 events, 2020-01-02")


def test_na_values_on_the_command_line(capsys, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,title,date,actors\na,A,2024-01-01,NA\n", encoding="utf-8")
    out = run(capsys, "info", str(path), "--format", "table")[1]
    assert "by actor: none" in out
    out = run(capsys, "info", str(path), "--format", "table", "--na-values", "")[1]
    assert "1  NA" in out


def test_validate_all_lists_every_row(capsys, tmp_path):
    path = tmp_path / "t.csv"
    rows = [f"e{n},Event {n},soon" for n in range(40)]
    path.write_text("id,title,date\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path), "--format", "table")
    assert code == 1
    (line,) = err.splitlines()
    assert "40 rows have this problem, e.g. line 2 (event 'e0')" in line
    code, _, err = run(capsys, "validate", str(path), "--format", "table", "--all")
    assert code == 1
    assert len(err.splitlines()) == 40


@pytest.mark.parametrize("fmt", ["ours", "acled", "timelinejs"])
def test_format_names_the_format(capsys, tmp_path, fmt):
    code, _, err = run(capsys, "validate", str(DATA), "--format", fmt)
    if fmt == "ours":
        assert (code, err) == (0, "")
    else:
        assert (code, err) == (
            1,
            f"timeline: error: the {fmt} format is read from one file; give one file\n",
        )


def test_an_unknown_format_is_a_usage_error(capsys):
    code, _, err = run(capsys, "info", str(DATA), "--format", "pdf")
    assert code == 2
    assert "invalid choice: 'pdf'" in err


@pytest.mark.parametrize("command", ["validate", "info", "render", "convert"])
def test_help_names_the_formats_and_table_options(capsys, command):
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    text = " ".join(out.split())
    for word in ("--format FORMAT", "ours", "timelinejs", "table", "acled", "--date-format",
                 "--dayfirst", "--na-values"):  # fmt: skip
        assert word in text, word


def test_read_as_names_agree():
    from timeline._cli.inputs import READ_AS as CLI
    from timeline._io.formats import READ_AS

    assert CLI == READ_AS


def test_a_folder_through_dot_dot(capsys, tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "events.yaml").write_text(
        "events:\n  - {id: a, title: A, date: 2024-01-01}\n", encoding="utf-8"
    )
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    code, out, _ = run(capsys, "info", "../data")
    assert (code, out.splitlines()[0]) == (0, "1 event, 2024-01-01 to 2024-01-01")


def test_table_options_are_refused_for_other_formats(capsys):
    code, out, err = run(capsys, "info", str(DATA), "--dayfirst")
    assert (code, out) == (1, "")
    assert err == (
        "timeline: error: dayfirst applies to event tables, not to ours files; to read the "
        "file as a table, give the format 'table' (--format table)\n"
    )
