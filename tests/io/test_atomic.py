"""Nothing lost: writers replace files whole or not at all, and readers never touch their input."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import timeline
from conftest import DATA
from timeline._cli import main
from timeline._io.formats import read_any, write_any

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"
OLD = b"the old file, which must survive\n"


@pytest.fixture
def small() -> pd.DataFrame:
    return timeline.events_frame(
        [
            {"id": "a", "title": "Approval", "date": "2024-11-19", "actors": ["United States"]},
            {"id": "b", "title": "Reaction", "date": "2024-11-20", "actors": ["ICBL"]},
        ],
        title="Small",
    )


@pytest.fixture
def no_browser(request: pytest.FixtureRequest, name: str) -> None:
    """Images are drawn for real by kaleido, so they need Chromium; the other writers need none."""
    if name == "image":
        request.getfixturevalue("chromium")


Write = Callable[[pd.DataFrame, Path], Any]

WRITERS: dict[str, tuple[str, Write]] = {
    "events.yaml": ("events.yaml", timeline.write_events),
    "events.json": ("events.json", timeline.write_events),
    "events.csv": ("events.csv", timeline.write_events),
    "html": ("page.html", lambda df, path: timeline.write_html(df, path)),
    "image": ("chart.png", lambda df, path: timeline.write_image(df, path)),
    "timelinejs": ("t.timelinejs.json", lambda df, path: timeline.write_timelinejs(df, path)),
    "vis": ("v.vis.json", lambda df, path: timeline.write_vis(df, path)),
    "convert yaml": ("c.yml", write_any),
    "convert timelinejs csv": ("c.timelinejs.csv", write_any),
    "convert vis": ("c.vis.json", write_any),
}

WRITER_NAMES = [pytest.param(n, marks=pytest.mark.browser) if n == "image" else n for n in WRITERS]


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("name", WRITER_NAMES)
def test_a_writer_replaces_the_file_whole(small, tmp_path, no_browser, name):
    filename, write = WRITERS[name]
    target = tmp_path / filename
    target.write_bytes(OLD)
    target.chmod(0o640)
    write(small, target)
    assert target.read_bytes() not in (OLD, b"")
    assert listing(tmp_path) == [filename]  # no temporary file left behind
    assert target.stat().st_mode & 0o777 == 0o640  # the file's permissions are kept


FAILURES = {
    "while writing": ("fsync", OSError("No space left on device")),
    "while renaming": ("replace", OSError("Read-only file system")),
    "interrupted": ("fsync", KeyboardInterrupt()),
}


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("name", WRITER_NAMES)
def test_a_failing_writer_leaves_the_old_file_alone(
    small, tmp_path, monkeypatch, no_browser, name, failure
):
    filename, write = WRITERS[name]
    target = tmp_path / filename
    target.write_bytes(OLD)
    where, error = FAILURES[failure]

    def fail(*args: Any, **kwargs: Any) -> None:
        raise error

    if where == "fsync":
        monkeypatch.setattr(os, "fsync", fail)
        # Images are bytes written by Path.write_bytes; make that fail half way.
        original = Path.write_bytes

        def half(path: Path, data: bytes) -> int:
            original(path, data[: len(data) // 2])
            raise error

        monkeypatch.setattr(Path, "write_bytes", half)
    else:
        monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(type(error)):
        write(small, target)
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == [filename]


@pytest.mark.parametrize("name", WRITER_NAMES)
def test_a_writer_into_a_new_folder_leaves_only_its_file(small, tmp_path, no_browser, name):
    filename, write = WRITERS[name]
    target = tmp_path / "new" / "deeper" / filename
    write(small, target)
    assert listing(target.parent) == [filename]


def test_a_frame_that_cannot_be_written_changes_nothing(tmp_path):
    df = timeline.events_frame([{"id": "a", "title": "A", "date": "2024", "actors": ["x;y"]}])
    target = tmp_path / "events.csv"
    target.write_bytes(OLD)
    with pytest.raises(timeline.EventDataError):
        timeline.write_events(df, target)
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["events.csv"]


# --- the command line never overwrites its own input ------------------------------------------


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "in.yaml"
    path.write_text(
        'events:\n  - {id: a, title: Approval, date: "2024-11-19", actors: [United States]}\n',
        encoding="utf-8",
    )
    return path


def aliases(source: Path) -> dict[str, Path]:
    """Other names of the same file: a symbolic link, a hard link, a roundabout path."""
    folder = source.parent
    (folder / "sub").mkdir(exist_ok=True)
    symlink = folder / "link.yaml"
    symlink.symlink_to(source)
    hardlink = folder / "hard.yaml"
    os.link(source, hardlink)
    return {
        "symlink": symlink,
        "hardlink": hardlink,
        "roundabout": folder / "sub" / ".." / source.name,
    }


@pytest.mark.parametrize("alias", ["symlink", "hardlink", "roundabout"])
def test_convert_refuses_every_other_name_of_its_input(capsys, source, alias):
    before = (source.read_bytes(), source.stat().st_mtime_ns)
    code = main(["convert", str(source), str(aliases(source)[alias])])
    _, err = capsys.readouterr()
    assert code == 1
    assert "refusing to overwrite the input" in err and "Traceback" not in err
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before


def test_render_refuses_an_output_that_is_a_link_to_an_input(capsys, source, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text('- {id: b, title: B, date: "2024"}\n', encoding="utf-8")
    page = tmp_path / "page.html"
    page.symlink_to(other)
    before = other.read_bytes()
    code = main(["render", str(source), str(other), "-o", str(page)])
    _, err = capsys.readouterr()
    assert code == 1
    assert f"refusing to overwrite the input {other}" in err
    assert other.read_bytes() == before


def test_a_failed_conversion_leaves_an_existing_output_alone(capsys, tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(OLD)
    code = main(["convert", str(BAD / "impossible-dates.yaml"), str(target)])
    _, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["out.csv"]


def test_a_failed_render_leaves_an_existing_page_alone(capsys, tmp_path):
    target = tmp_path / "page.html"
    target.write_bytes(OLD)
    code = main(["render", str(BAD / "cycle.yaml"), "-o", str(target)])
    _, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert target.read_bytes() == OLD
    assert listing(tmp_path) == ["page.html"]


# --- readers never touch their input -------------------------------------------------------


def fingerprints(root: Path) -> dict[Path, tuple[str, int, int]]:
    """Content hash, modification time and mode of every file under root."""
    return {
        path: (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_mtime_ns,
            path.stat().st_mode,
        )
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def quietly(read: Callable[[], Any]) -> None:
    with contextlib.suppress(timeline.EventDataError, ValueError):
        read()


def test_reading_never_changes_any_input(capsys):
    before = {**fingerprints(BAD), **fingerprints(DATA)}
    inputs = sorted(p for p in BAD.iterdir() if not p.name.startswith("."))
    for path in [*inputs, DATA, *DATA.iterdir()]:
        quietly(lambda path=path: timeline.read_events(path))
        if path.is_file():
            quietly(lambda path=path: read_any(path))
        main(["validate", str(path)])
        main(["info", str(path)])
    capsys.readouterr()
    after = {**fingerprints(BAD), **fingerprints(DATA)}
    assert after == before
    assert [
        p for p in BAD.rglob("*") if p.name.startswith(".") and p.name != ".gitattributes"
    ] == []
