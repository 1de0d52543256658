"""timeline render opens the chart where timeline.plot does: --from/--to, --window, focus."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

import timeline
from conftest import DATA
from timeline._cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def first_view(page: Path) -> list[pd.Timestamp]:
    """The x range a written page opens on (plotly writes the axis keys sorted)."""
    found = re.findall(r'"type":"date","range":\["([^"]+)","([^"]+)"\]', page.read_text())
    assert len(found) == 1
    return [pd.Timestamp(value) for value in found[0]]


def test_render_opens_where_the_api_does(capsys, tmp_path):
    df = timeline.read_events(DATA)
    week = ("2024-11-17", "2024-11-24")
    cases = [
        (["--from", week[0], "--to", week[1]], timeline.plot(df.timeline.window(*week))),
        (["--from", week[0]], timeline.plot(df.timeline.window(week[0]))),
        (["--window", "/".join(week)], timeline.plot(df, window=week)),
        ([], timeline.plot(df)),  # the data's focus
    ]
    for number, (options, fig) in enumerate(cases):
        out = tmp_path / f"{number}.html"
        assert run(capsys, "render", str(DATA), "-o", str(out), *options)[0] == 0
        expected = [pd.Timestamp(value) for value in fig.layout.xaxis.range]
        shown = first_view(out)
        assert all(
            abs(a - b) < pd.Timedelta(minutes=1) for a, b in zip(shown, expected, strict=True)
        )
    assert str(first_view(tmp_path / "3.html")[0]).startswith("2024-11-09")


def test_render_window_is_checked(capsys, tmp_path):
    out = str(tmp_path / "x.html")
    code, _, err = run(capsys, "render", str(DATA), "-o", out, "--window", "2024-11")
    assert code == 2
    assert "START/END" in err
