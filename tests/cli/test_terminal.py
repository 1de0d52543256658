"""The terminal never receives control characters from data or file names; long values are cut."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from timeline._cli import main
from timeline._frame.errors import LONGEST_MESSAGE, Problem, shown

ESCAPES = {
    "window title": "\x1b]0;PWNED\x07",
    "screen clear": "\x1b[2J",
    "clipboard (OSC 52)": "\x1b]52;c;aGk=\x07",
    "C1 control": "\x9b31m",
    "bidi override": "\u202egnp.exe",
    "line separator": "a\u2028b",
}
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def hostile(tmp_path: Path, payload: str, name: str = "events.yaml") -> Path:
    path = tmp_path / name
    text = payload.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    path.write_text(
        f'- {{id: a, title: "t{text}", date: "2024", actors: ["{text}"], category: "{text}"}}\n'
        f'- {{id: b, title: "u{text}", date: "2024-99", tags: ["{text}"]}}\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("payload", ESCAPES.values(), ids=ESCAPES)
@pytest.mark.parametrize("command", ["info", "validate"])
def test_no_control_character_reaches_the_terminal(capsys, tmp_path, payload, command):
    path = hostile(tmp_path, payload)
    if command == "info":
        path.write_text(
            path.read_text(encoding="utf-8").replace("2024-99", "2025"), encoding="utf-8"
        )
    main([command, str(path)])
    out, err = capsys.readouterr()
    assert out or err
    assert not RAW.search(out) and not RAW.search(err)


def test_info_shows_the_escapes_readably(capsys, tmp_path):
    path = hostile(tmp_path, "\x1b[2J")
    path.write_text(path.read_text(encoding="utf-8").replace("2024-99", "2025"), encoding="utf-8")
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "  1  \\x1b[2J" in out


def test_a_file_name_with_escapes_is_escaped(capsys, tmp_path):
    folder = tmp_path / "x\x1b]0;name\x07"
    folder.mkdir()
    path = folder / "events.yaml"
    path.write_text('- {id: a, title: A, date: "2024-99"}\n', encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "x\\x1b]0;name\\x07" in err and not RAW.search(err)
    assert main(["-q", "convert", str(path), str(folder / "out.json")]) == 1
    assert not RAW.search(capsys.readouterr().err)


def test_a_long_value_is_cut_in_messages(capsys, tmp_path):
    path = tmp_path / "events.yaml"
    category = "c" * 500_000
    path.write_text(
        f"categories: [a]\nevents:\n  - {{id: a, title: A, date: '2024', category: {category}}}\n",
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert len(err) < LONGEST_MESSAGE + 100
    assert "characters cut" in err and err.rstrip().endswith("(allowed: a)")


def test_problems_are_shown_safely_to_python_users_too():
    problem = Problem("f.yaml", 3, "x" * 5000 + "\x1b[2J", "e\x07", "title")
    text = str(problem)
    assert len(text) < LONGEST_MESSAGE + 60 and "\\x07" in text and "\\x1b[2J" in text
    assert not RAW.search(text)


def test_shown_keeps_short_printable_text():
    assert shown("Landmines approved — 19 November") == "Landmines approved — 19 November"
