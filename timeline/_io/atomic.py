"""Write files atomically, and only where writing loses nothing.

A temporary file beside the target, then a rename. Before that: a symbolic link is written
through (its target is replaced, the link kept), a directory, FIFO, device or socket is refused,
a read-only file is refused unless ``force``; the file's permissions (and, for root, its owner)
are kept. The temporary file is removed on failure, Ctrl-C and SIGTERM; one left by a process
killed outright (``kill -9``) is removed by the next write of the same target.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import stat
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

TEMPORARY = ".timeline-tmp"
"""Suffix of our temporary files: ``.NAME.PID.TOKEN.timeline-tmp`` beside the target."""
_READERS = (".yaml", ".yml", ".json", ".csv")  # what reading a folder picks up


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, else vanishes.

    Raises OSError (IsADirectoryError, PermissionError...) naming ``path`` when it cannot or
    must not be replaced; errors while writing name ``path``, never the temporary file.
    """
    given = Path(path)
    target = _writable_target(given, force=force)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(target)
        temporary = (
            target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMPORARY}"
        )
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as error:
        raise _naming(error, given) from error
    try:
        with _removed_on_termination():
            try:
                yield temporary
                _keep_mode(temporary, target)
                os.replace(temporary, target)
            except OSError as error:
                raise _naming(error, given) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def write_text_atomic(path: str | os.PathLike[str], text: str, *, force: bool = False) -> None:
    """Write text as UTF-8 to path atomically (see :func:`atomic_path`)."""
    with (
        atomic_path(path, force=force) as temporary,
        open(temporary, "w", encoding="utf-8", newline="") as f,
    ):
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def check_not_input(
    inputs: Sequence[str | os.PathLike[str]], output: str | os.PathLike[str]
) -> None:
    """Raise ValueError when writing ``output`` would replace one of ``inputs``.

    That is: the same file under any name (a symbolic or hard link, a path through ``..``), or
    an event file inside an input folder, which reading the folder takes in.
    """
    out = Path(output)
    real = Path(os.path.realpath(out))
    for given in inputs:
        source = Path(given)
        with contextlib.suppress(OSError):
            if out.exists() and source.exists() and os.path.samefile(source, out):
                raise ValueError(f"refusing to overwrite the input {given}; choose another OUT")
        folder = Path(os.path.realpath(source))
        if source.is_dir() and real.is_relative_to(folder) and real.suffix.lower() in _READERS:
            hidden = any(part.startswith(".") for part in real.relative_to(folder).parts)
            if not hidden:
                raise ValueError(
                    f"refusing to write {output} inside the input folder {given}: it would "
                    "be read as one of its inputs; choose an OUT outside it"
                )
        if real == folder:
            raise ValueError(f"refusing to overwrite the input {given}; choose another OUT")


def _writable_target(given: Path, *, force: bool) -> Path:
    """The file to replace: a link's target; refused when it is no regular, writable file."""
    target = Path(os.path.realpath(given))
    try:
        status = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError as error:
        raise _naming(error, given) from error
    shown = str(given) if target == given.absolute() else f"{given} (a link to {target})"
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(f"cannot write {shown}: it is a folder; name a file")
    if not stat.S_ISREG(status.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(status.st_mode) else "a device or socket"
        raise OSError(f"cannot write {shown}: it is {kind}, not a file; name a regular file")
    read_only = status.st_mode & 0o222 == 0 or not os.access(target, os.W_OK)
    if read_only and not force:
        raise PermissionError(
            f"cannot write {shown}: the file is read-only; make it writable, or replace it "
            "anyway with --force (force=True)"
        )
    return target


def _keep_mode(temporary: Path, target: Path) -> None:
    try:
        status = os.stat(target)
    except FileNotFoundError:
        os.chmod(temporary, 0o666 & ~_umask())
        return
    if os.geteuid() == 0:  # root writing a user's file leaves it theirs
        with contextlib.suppress(OSError):
            os.chown(temporary, status.st_uid, status.st_gid)
    os.chmod(temporary, stat.S_IMODE(status.st_mode))


def _remove_stale(target: Path) -> None:
    """Remove temporaries of this target left by processes of ours that no longer run."""
    prefix = f".{target.name}."
    with os.scandir(target.parent) as entries:
        for entry in entries:
            name = entry.name
            if not (name.startswith(prefix) and name.endswith(TEMPORARY)):
                continue
            pid = name[len(prefix) :].split(".", 1)[0]
            if pid.isdigit() and not _running(int(pid)) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as another user
        return True
    return True


@contextlib.contextmanager
def _removed_on_termination() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into SystemExit while writing, so the temporary file goes.

    Only in the main thread, and only where no one else handles these signals.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for number in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(number) is signal.SIG_DFL:
            previous[number] = signal.signal(number, _exit)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _exit(number: int, frame: object) -> None:
    raise SystemExit(128 + number)


def _naming(error: OSError, target: Path) -> OSError:
    """The error, saying which target could not be written (never the temporary file)."""
    reason = error.strerror or str(error) or type(error).__name__
    if str(target) in reason:
        return error
    kind = type(error) if type(error).__module__ == "builtins" else OSError
    named = kind(f"cannot write {target}: {reason}")
    named.errno = error.errno
    return named


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
