"""A file-system fault injector: every write, rename, link, fsync, unlink and
mkdir under some folders is a numbered step, and step N can be made to fail.

Run an operation once with ``record`` to learn its steps, then once per step
with ``fail_at``: that step raises ``OSError`` with the given errno, or, for
``KILL``, the process "dies" there: that step and every later one raise
``Killed``, so nothing after it reaches the disk, as after ``kill -9``.
"""

from __future__ import annotations

import builtins
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

KILL = -1
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class Killed(BaseException):
    """The process was killed at this step."""


class Injector:
    """Counts the file-system steps under ``roots``; fails step ``fail_at``."""

    def __init__(self, roots: list[Path], fail_at: int | None = None, errno: int = 0) -> None:
        self.roots = [Path(os.path.realpath(r)) for r in roots]
        self.fail_at = fail_at
        self.errno = errno
        self.steps: list[tuple[str, str]] = []
        self.killed = False
        self.fds: set[int] = set()

    def mine(self, path: Any) -> bool:
        if isinstance(path, int):
            return path in self.fds
        try:
            real = Path(os.path.realpath(os.fsdecode(path)))
        except (TypeError, ValueError):
            return False
        return any(real.is_relative_to(r) for r in self.roots)

    def step(self, kind: str, path: Any) -> None:
        if self.killed:
            raise Killed(kind, path)
        n = len(self.steps)
        self.steps.append((kind, os.fsdecode(path) if not isinstance(path, int) else str(path)))
        if n == self.fail_at:
            if self.errno == KILL:
                self.killed = True
                raise Killed(kind, path)
            where = str(path) if isinstance(path, int) else os.fsdecode(path)
            raise OSError(self.errno, os.strerror(self.errno), where)


class _File:
    """A file object whose writes are steps."""

    def __init__(self, f: Any, injector: Injector, path: Any) -> None:
        self._f, self._injector, self._path = f, injector, path
        injector.fds.add(f.fileno())

    def write(self, data: Any) -> int:
        self._injector.step("write", self._path)
        return self._f.write(data)

    def __enter__(self) -> _File:
        return self

    def __exit__(self, *exc: object) -> None:
        self._f.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._f, name)


@contextmanager
def injected(injector: Injector) -> Iterator[Injector]:
    """Route the file-system calls of this process through ``injector``."""
    real_open, real_os_open, real_fsync = io.open, os.open, os.fsync
    real = {name: getattr(os, name) for name in ("replace", "rename", "link", "unlink", "remove")}
    real_mkdir, real_chmod = os.mkdir, os.chmod

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if injector.mine(path) and flags & WRITE_FLAGS:
            injector.step("open", path)
        fd = real_os_open(path, flags, *args, **kwargs)
        if injector.mine(path):
            injector.fds.add(fd)
        return fd

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        writing = any(c in mode for c in "wax+")
        if writing and injector.mine(file) and not isinstance(file, int):
            injector.step("open", file)
        f = real_open(file, mode, *args, **kwargs)
        return _File(f, injector, file) if writing and injector.mine(file) else f

    def fsync(fd: int) -> None:
        if fd in injector.fds:  # counted, not done: durability is not what is tested here
            injector.step("fsync", fd)
            return
        real_fsync(fd)

    def two(name: str) -> Any:
        def call(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if injector.mine(src) or injector.mine(dst):
                injector.step(name, dst)
            real[name](src, dst, *args, **kwargs)

        return call

    def one(name: str, fn: Any) -> Any:
        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            if injector.mine(path):
                injector.step(name, path)
            return fn(path, *args, **kwargs)

        return call

    mp = pytest.MonkeyPatch()
    mp.setattr(io, "open", open_)
    mp.setattr(builtins, "open", open_)
    mp.setattr(os, "open", os_open)
    mp.setattr(os, "fsync", fsync)
    for name in ("replace", "rename", "link"):
        mp.setattr(os, name, two(name))
    for name in ("unlink", "remove"):
        mp.setattr(os, name, one("unlink", real[name]))
    mp.setattr(os, "mkdir", one("mkdir", real_mkdir))
    mp.setattr(os, "chmod", one("chmod", real_chmod))
    try:
        yield injector
    finally:
        mp.undo()


@contextmanager
def memory_folder(fallback: Path) -> Iterator[Path]:
    """A folder in memory where there is one (hundreds of runs of small file
    operations take a minute on a shared disk, a second in memory)."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield fallback
        return
    folder = Path(tempfile.mkdtemp(prefix="ontwerptafel-tests-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
