"""One writer at a time, and readers that never see an import half-way.

The lock is ``flock`` on the package folder itself: the kernel releases it
when the process ends, however it ends, and taking a shared one writes
nothing, so ``validate`` on a read-only copy works. An import holds it
exclusively and leaves ``.ontwerptafel-lock`` (its pid and start time) so
that a second command can say who it waits for; a lock file whose process
is gone is taken over with a message. Without ``fcntl`` (Windows) that file,
created exclusively, is the lock itself.

Reading commands hold it shared, so they read a consistent snapshot; before
that they finish an interrupted import if no import is running and the
journal is safe, and otherwise say so in one line and read the package as it
is. Writing commands refuse to start while a journal cannot be acted on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ontwerptafel.errors import JournalError, LockedError, WriteFailedError
from ontwerptafel.package import staging
from ontwerptafel.package.read import locate

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".ontwerptafel-lock"
#: seconds a second import waits for the first before it gives up
WRITE_WAIT = 10.0
#: seconds a reading command waits for an import to finish
READ_WAIT = 120.0
POLL = 0.05

#: the package folders this process holds, so a nested call takes no second lock
_held: dict[Path, str] = {}

F = TypeVar("F", bound=Callable[..., Any])


@contextlib.contextmanager
def writing(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the package at ``root`` exclusively, after finishing or undoing an
    interrupted import (``staging.recover``); a journal that cannot be acted
    on stops the command here with what to do about it."""
    root = Path(root)
    if root in _held:
        yield
        return
    with _locked(root, exclusive=True, wait=WRITE_WAIT if wait is None else wait):
        try:
            staging.recover(root)
        except JournalError as e:
            fix = (
                f"{staging.JOURNAL}: an interrupted import is left that cannot be finished; "
                "inspect it, put the package right, then remove the journal"
            )
            raise JournalError([*e.problems, fix]) from None
        yield


@contextlib.contextmanager
def reading(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the package at ``root`` shared while it is read. A journal left by
    an import that is no longer running is acted on when that is safe, and
    otherwise reported in one line on stderr; it never stops the command."""
    root = Path(root)
    if root in _held or not root.is_dir():
        yield
        return
    wait = READ_WAIT if wait is None else wait
    if (root / staging.JOURNAL).exists():
        with _locked(root, exclusive=True, wait=wait):
            try:
                staging.recover(root)
            except JournalError as e:
                for line in e.lines():
                    sys.stderr.write(f"{line}; reading the package as it is\n")
    with _locked(root, exclusive=False, wait=wait):
        yield


def writes_package(func: F) -> F:
    """Run the import ``func(root, ...)`` holding the package at ``root``
    exclusively. The swap itself is all-or-nothing (``staging``), so an
    ``OSError`` from anywhere else came before it: the package is unchanged."""

    @functools.wraps(func)
    def wrapper(root: str | Path, *args: Any, **kwargs: Any) -> Any:
        base = locate(root)
        with writing(base):
            try:
                return func(root, *args, **kwargs)
            except OSError as e:
                msg = f"import failed, nothing changed: {staging.describe(e, base)}"
                raise WriteFailedError([msg]) from None

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def _locked(root: Path, exclusive: bool, wait: float) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover - Windows
        with _pid_file_lock(root, exclusive, wait):
            yield
        return
    fd = os.open(root, os.O_RDONLY)
    try:
        _acquire(fd, root, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH, wait)
        _held[root] = "writing" if exclusive else "reading"
        try:
            if exclusive:
                _claim(root)
            yield
        finally:
            del _held[root]
            if exclusive:
                with contextlib.suppress(OSError):
                    (root / LOCK_FILE).unlink()
    finally:
        os.close(fd)  # releases the flock


def _acquire(fd: int, root: Path, mode: int, wait: float) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        except OSError:  # a file system without locks: go on as before locks existed
            return
        holder = _holder(root)
        if time.monotonic() >= deadline:
            raise LockedError([f"{holder}; try again when it has finished"])
        if not told:
            sys.stderr.write(f"waiting: {holder}\n")
            told = True
        time.sleep(POLL)


def _holder(root: Path) -> str:
    """Who holds the package, as far as its lock file says."""
    info = _read_info(root)
    if info is None:
        return "another ontwerptafel command is using the package"
    pid, started = info
    return f"an import (process {pid}, started {started}) is writing the package"


def _read_info(root: Path) -> tuple[int, str] | None:
    try:
        pid, started = (root / LOCK_FILE).read_text(encoding="utf-8").split(maxsplit=1)
        return int(pid), started.strip()
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _claim(root: Path) -> None:
    """Write this process's pid into the lock file, taking over a stale one."""
    stale = _read_info(root)
    if stale is not None and stale[0] != os.getpid():
        sys.stderr.write(
            f"took over the lock of process {stale[0]} (started {stale[1]}), "
            "which is no longer running\n"
        )
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with contextlib.suppress(OSError):  # a read-only folder: the import will say so
        (root / LOCK_FILE).write_text(f"{os.getpid()} {now}\n", encoding="utf-8")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def _pid_file_lock(root: Path, exclusive: bool, wait: float) -> Iterator[None]:  # pragma: no cover
    """The lock where ``flock`` is missing: a file created exclusively by writers."""
    deadline = time.monotonic() + wait
    path = root / LOCK_FILE
    while True:
        info = _read_info(root)
        if info is not None and not _alive(info[0]):
            with contextlib.suppress(OSError):
                path.unlink()
            sys.stderr.write(f"took over the lock of process {info[0]}, no longer running\n")
            info = None
        if not exclusive and info is None:
            break
        if exclusive:
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                pass
            else:
                now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                os.write(fd, f"{os.getpid()} {now}\n".encode())
                os.close(fd)
                break
        if time.monotonic() >= deadline:
            raise LockedError([f"{_holder(root)}; try again when it has finished"])
        time.sleep(POLL)
    _held[root] = "writing" if exclusive else "reading"
    try:
        yield
    finally:
        del _held[root]
        if exclusive:
            with contextlib.suppress(OSError):
                path.unlink()
