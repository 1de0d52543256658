"""Outputs respect what is there: links, special files, read-only files, inputs, killed writes."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import timeline
from timeline._cli import main
from timeline._io.atomic import TEMPORARY, write_text_atomic
from timeline._io.formats import write_any

OLD = "the old file, which must survive\n"
ROOT = os.geteuid() == 0


@pytest.fixture
def small() -> pd.DataFrame:
    return timeline.events_frame(
        [{"id": "a", "title": "Approval", "date": "2024-11-19", "actors": ["United States"]}]
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMPORARY))


# --- links are written through --------------------------------------------------------------


def test_a_symlink_is_written_through_to_its_target(small, tmp_path):
    real = tmp_path / "real" / "events.yaml"
    real.parent.mkdir()
    real.write_text(OLD, encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    timeline.write_events(small, link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "Approval" in real.read_text(encoding="utf-8")
    assert leftovers(tmp_path) == leftovers(real.parent) == []


def test_a_relative_chain_of_links_is_followed(small, tmp_path):
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "events.json"
    real.write_text(OLD, encoding="utf-8")
    (tmp_path / "one.json").symlink_to("data/events.json")
    (tmp_path / "two.json").symlink_to("one.json")
    timeline.write_events(small, tmp_path / "two.json")
    assert (tmp_path / "two.json").is_symlink() and (tmp_path / "one.json").is_symlink()
    assert '"Approval"' in real.read_text(encoding="utf-8")


def test_a_dangling_symlink_creates_its_target(small, tmp_path):
    link = tmp_path / "page.csv"
    link.symlink_to(tmp_path / "made.csv")
    timeline.write_events(small, link)
    assert link.is_symlink() and (tmp_path / "made.csv").read_text(encoding="utf-8")


# --- special files are refused ----------------------------------------------------------------


def test_a_folder_is_refused_by_name(small, tmp_path):
    folder = tmp_path / "out.json"
    folder.mkdir()
    with pytest.raises(IsADirectoryError, match=r"out\.json: it is a folder"):
        timeline.write_events(small, folder)
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_a_fifo_is_refused_and_kept(small, tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match=r"pipe\.yaml: it is a FIFO, not a file"):
        timeline.write_events(small, fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert leftovers(tmp_path) == []


def test_a_link_to_a_device_is_refused_and_the_device_kept(small, tmp_path):
    link = tmp_path / "null.json"
    link.symlink_to("/dev/null")
    with pytest.raises(OSError, match=r"null\.json \(a link to /dev/null\): it is a device"):
        timeline.write_events(small, link)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert os.stat("/dev/null").st_mode & 0o777 == 0o666


def test_the_command_line_refuses_a_device_with_exit_1(capsys, tmp_path):
    source = tmp_path / "in.yaml"
    source.write_text('- {id: a, title: A, date: "2024"}\n', encoding="utf-8")
    code = main(["convert", str(source), "/dev/null", "--to", "json"])
    _, err = capsys.readouterr()
    assert code == 1 and "/dev/null: it is a device or socket" in err


# --- permissions ------------------------------------------------------------------------------


def test_a_read_only_file_is_refused_unless_forced(small, tmp_path):
    target = tmp_path / "events.yaml"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(PermissionError, match=r"events\.yaml: the file is read-only.*--force"):
        timeline.write_events(small, target)
    assert target.read_text(encoding="utf-8") == OLD
    timeline.write_events(small, target, force=True)
    assert "Approval" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o444  # still read-only
    assert leftovers(tmp_path) == []


def test_render_and_convert_take_force(capsys, tmp_path):
    source = tmp_path / "in.yaml"
    source.write_text('- {id: a, title: A, date: "2024"}\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    out.write_text(OLD, encoding="utf-8")
    out.chmod(0o400)
    assert main(["convert", str(source), str(out)]) == 1
    assert "read-only" in capsys.readouterr().err and out.read_text(encoding="utf-8") == OLD
    assert main(["convert", str(source), str(out), "--force"]) == 0
    page = tmp_path / "page.html"
    page.write_text(OLD, encoding="utf-8")
    page.chmod(0o444)
    assert main(["-q", "render", str(source), "-o", str(page), "--cdn"]) == 1
    assert main(["-q", "render", str(source), "-o", str(page), "--cdn", "--force"]) == 0
    assert "<html" in page.read_text(encoding="utf-8")


def test_permissions_are_kept_and_a_new_file_follows_the_umask(small, tmp_path):
    kept = tmp_path / "kept.json"
    kept.write_text(OLD, encoding="utf-8")
    kept.chmod(0o640)
    timeline.write_events(small, kept)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    old = os.umask(0o027)
    try:
        timeline.write_events(small, tmp_path / "new.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


@pytest.mark.skipif(not ROOT, reason="changing owners and users needs root")
def test_root_replacing_a_users_file_leaves_it_theirs(small, tmp_path):
    target = tmp_path / "theirs.csv"
    target.write_text(OLD, encoding="utf-8")
    os.chown(target, 65534, 65534)
    timeline.write_events(small, target)
    assert (target.stat().st_uid, target.stat().st_gid) == (65534, 65534)


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder anyone may write in, outside pytest's folder (which only root may enter)."""
    folder = Path(tempfile.mkdtemp(prefix="timeline-shared-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder)


UNPRIVILEGED = textwrap.dedent(
    """
    import os, sys
    from timeline._io.atomic import write_text_atomic  # imported while root can read Python
    os.setgid(65534); os.setuid(65534)
    try:
        write_text_atomic(sys.argv[1], "new\\n", force=sys.argv[2] == "force")
    except OSError as error:
        print(error)
    """
)


@pytest.mark.skipif(not ROOT, reason="runs a child as an unprivileged user, which needs root")
def test_an_unprivileged_user_is_refused_a_file_they_cannot_write(shared: Path):
    folder = shared
    target = folder / "roots.yaml"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o644)  # writable by root only: root would write it, nobody may not
    run = [sys.executable, "-c", UNPRIVILEGED, str(target)]
    refused = subprocess.run([*run, "no"], capture_output=True, text=True, check=True)
    assert f"cannot write {target}: the file is read-only" in refused.stdout
    assert target.read_text(encoding="utf-8") == OLD
    subprocess.run([*run, "force"], capture_output=True, text=True, check=True)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert leftovers(folder) == []


# --- messages name the target, not the temporary file -------------------------------------


def test_a_full_disk_names_the_target(small, tmp_path, monkeypatch):
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "events.yaml"
    with pytest.raises(OSError, match=r"cannot write .*events\.yaml: No space left") as caught:
        write_any(small, target)
    assert TEMPORARY not in str(caught.value) and caught.value.errno == errno.ENOSPC
    assert leftovers(tmp_path) == []


# --- inputs are never outputs -----------------------------------------------------------------


def test_convert_refuses_a_file_inside_its_input_folder(capsys, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    a = data / "a.yaml"
    a.write_text('# my notes\n- {id: a, title: A, date: "2024"}\n', encoding="utf-8")
    (data / "b.yaml").write_text('- {id: b, title: B, date: "2025"}\n', encoding="utf-8")
    before = a.read_bytes()
    for out in (a, data / "new.json", data / "sub" / ".." / "c.csv"):
        code = main(["convert", str(data), str(out)])
        err = capsys.readouterr().err
        assert code == 1 and "inside the input folder" in err, err
    assert a.read_bytes() == before
    assert sorted(p.name for p in data.iterdir()) == ["a.yaml", "b.yaml"]


def test_render_may_write_a_page_into_its_input_folder(capsys, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yaml").write_text('- {id: a, title: A, date: "2024"}\n', encoding="utf-8")
    assert main(["-q", "render", str(data), "-o", str(data / "page.html"), "--cdn"]) == 0
    assert main(["-q", "render", str(data), "-o", str(data)]) == 1
    assert "refusing to overwrite the input" in capsys.readouterr().err


# --- killed writes ----------------------------------------------------------------------------

SLOW_WRITER = textwrap.dedent(
    """
    import sys, time
    from timeline._io.atomic import atomic_path
    with atomic_path(sys.argv[1]) as temporary:
        with open(temporary, "w") as f:
            f.write("x" * 1_000_000)
            f.flush()
            print("writing", flush=True)
            time.sleep(60)
    """
)


def start_slow_writer(target: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline() == "writing\n"
    assert len(leftovers(target.parent)) == 1
    return child


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_terminated_write_leaves_no_temporary_file(tmp_path, number):
    target = tmp_path / "big.json"
    target.write_text(OLD, encoding="utf-8")
    child = start_slow_writer(target)
    child.send_signal(number)
    assert child.wait(timeout=30) != 0
    assert leftovers(tmp_path) == []
    assert target.read_text(encoding="utf-8") == OLD


def test_a_killed_writes_temporary_file_goes_with_the_next_write(tmp_path):
    target = tmp_path / "big.json"
    target.write_text(OLD, encoding="utf-8")
    child = start_slow_writer(target)
    child.kill()
    child.wait(timeout=30)
    assert len(leftovers(tmp_path)) == 1 and target.read_text(encoding="utf-8") == OLD
    other = tmp_path / ".big.json.notes.timeline-tmp.txt"  # not one of ours: kept
    other.write_text("mine", encoding="utf-8")
    write_text_atomic(target, "{}\n")
    assert leftovers(tmp_path) == [] and other.exists()
    assert target.read_text(encoding="utf-8") == "{}\n"
