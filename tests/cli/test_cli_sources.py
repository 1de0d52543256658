"""`timeline info` checks the sources; `timeline validate --strict` warns about them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DATA
from timeline._cli import main


@pytest.fixture
def sourced_file(tmp_path: Path) -> Path:
    path = tmp_path / "sourced.yaml"
    path.write_text(
        """\
events:
  - id: wire
    title: Reported by two outlets
    date: "2024-11-19"
    sources:
      - {url: "https://a.example/1", publisher: A, title: One, published: "2024-11-19"}
      - {url: "https://b.example/1", publisher: B, title: Two}
  - id: lone
    title: Reported by one outlet
    date: "2024-11-20"
    sources:
      - {url: "https://a.example/2", title: Three}
""",
        encoding="utf-8",
    )
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_info_counts_events_per_publisher_and_lists_single_outlet_events(capsys, sourced_file):
    code, out, _ = run(capsys, "info", str(sourced_file))
    assert code == 0
    lines = out.splitlines()
    start = lines.index("events citing each publisher:")
    assert lines[start:] == [
        "events citing each publisher:",
        "  1  (a.example)",
        "  1  A",
        "  1  B",
        "events resting on a single outlet: 1",
        "  lone: (a.example)",
    ]


def test_validate_strict_warns_and_still_succeeds(capsys, sourced_file):
    code, out, err = run(capsys, "validate", "--strict", str(sourced_file))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "warning: wire: source 1, published: 2024-11-19 is the event's date; "
        "check it is the page's own date",
        "warning: lone: source 1, publisher: no publisher",
        f"ok: 2 events in {sourced_file}, no problems, 2 warnings",
    ]


def test_validate_without_strict_says_nothing_about_sources(capsys, sourced_file):
    assert run(capsys, "validate", str(sourced_file)) == (
        0,
        f"ok: 2 events in {sourced_file}, no problems\n",
        "",
    )


def test_strict_with_nothing_to_warn_about(capsys, tmp_path):
    path = tmp_path / "clean.yaml"
    path.write_text(
        'events:\n  - {id: a, title: A, date: "2024", sources: [{url: "https://x.example", '
        "publisher: X, title: T}]}\n",
        encoding="utf-8",
    )
    assert run(capsys, "validate", "--strict", str(path))[1].splitlines() == [
        "no warnings",
        f"ok: 1 event in {path}, no problems",
    ]


def test_the_bundled_data_under_the_source_check(capsys):
    code, out, _ = run(capsys, "info", str(DATA))
    assert code == 0
    publishers = re.findall(r"^ +(\d+)  (.+)$", out.split("events citing each publisher:")[1], re.M)
    assert int(publishers[0][0]) <= 3  # no outlet carries the timeline
    assert "  khoma-comment: The Vaultz News" in out
    code, out, _ = run(capsys, "validate", "--strict", str(DATA))
    assert code == 0
    assert "publisher: no publisher" not in out


def test_info_names_thirty_single_outlet_events_then_counts_the_rest(capsys, tmp_path):
    path = tmp_path / "many.csv"
    rows = [
        f"e{i:02d},Event {i},2024-11-{i % 28 + 1:02d},https://a.example/{i},A" for i in range(40)
    ]
    path.write_text("id,title,date,source_url,source_publisher\n" + "\n".join(rows) + "\n")
    code, out, _ = run(capsys, "info", str(path))
    assert code == 0
    tail = out.split("events resting on a single outlet: 40\n", 1)[1].splitlines()
    assert tail[:2] == ["  e00: A", "  e01: A"]
    assert tail[30:] == ["  … and 10 more"]
