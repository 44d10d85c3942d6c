"""Writing files so that a reader never sees half of one.

Every output of the project (reports, citation files, exports, workbooks)
goes through here: the bytes go to a temporary file in the target's folder
(so the final rename is atomic on one file system), are flushed to disk,
and only then replace the target. A failure leaves the old file as it was.
Files that belong together (one session's PDF, DOCX and HTML) are replaced
together or not at all, and zips are written so the same content always
gives the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import os
import secrets
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: zip cannot say a date before 1980
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``path``, ready to replace it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a folder should be
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path)) from None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):  # named by the file it was for, not the temporary
            raise OSError(e.errno, e.strerror, str(path)) from None
        raise
    return Path(tmp)


def write_atomic(path: Path, data: bytes) -> Path:
    """Replace ``path`` with ``data`` at once, or leave it as it was."""
    tmp = stage(path, data)
    try:
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def deterministic_zip(members: Iterable[tuple[str, bytes]], stamp: dt.datetime) -> bytes:
    """A zip whose bytes depend only on its members, in the order given, and ``stamp``.

    Every entry has the same date (``stamp``, or 1980 for anything earlier),
    the same mode (a plain 0644 file) and the same compression, so the same
    content always gives the same bytes: the DOCX and its reference document,
    the workbooks, the REFI-QDA project and the release all use this.
    """
    aware = stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
    when = max(aware, ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode below is read
            info.external_attr = 0o100644 << 16
            zf.writestr(info, data, compresslevel=9)
    return out.getvalue()


def office_order(members: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Parts of an Office file in the order readers expect: ``[Content_Types].xml``
    first, then the rest by name."""
    return sorted(members, key=lambda m: (m[0] != "[Content_Types].xml", m[0]))


def workbook_bytes(wb: Any, stamp: dt.datetime) -> bytes:
    """An openpyxl workbook's bytes, with every part dated ``stamp``.

    openpyxl dates some parts with the clock; the parts are re-zipped by
    ``deterministic_zip``, so the same rows give the same bytes.
    """
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    with zipfile.ZipFile(raw) as archive:
        parts = [(name, archive.read(name)) for name in archive.namelist()]
    return deterministic_zip(office_order(parts), stamp)


def link_backup(target: Path, backup: Path) -> None:
    """A second name for the current bytes (a copy where links are not possible)."""
    try:
        os.link(target, backup)
    except OSError:
        if target.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(target)) from None
        shutil.copyfile(target, backup)


def replace_together(pairs: Sequence[tuple[Path, Path]]) -> None:
    """Replace each target with its staged temporary file: all of them, or, when
    any replacement fails, none (the ``OSError`` then names the target, not a
    temporary). Backups are hard links, so undoing needs no free space."""
    token = secrets.token_hex(4)
    backups: list[tuple[Path, Path, Path | None]] = []
    swapped: list[tuple[Path, Path | None]] = []
    current = pairs[0][0] if pairs else Path()
    try:
        for current, tmp in pairs:
            backup = None
            if current.exists() or current.is_symlink():
                backup = current.with_name(f".{current.name}.old-{token}")
            backups.append((current, tmp, backup))
            if backup is not None:
                link_backup(current, backup)
        for current, tmp, backup in backups:
            tmp.replace(current)
            swapped.append((current, backup))
    except BaseException as e:
        for done, backup in reversed(swapped):
            with contextlib.suppress(OSError):
                if backup is None:
                    done.unlink()
                else:
                    backup.replace(done)
        if isinstance(e, OSError):
            raise OSError(e.errno, e.strerror, str(current)) from None
        raise
    finally:
        for _, _, backup in backups:
            if backup is not None:
                try:
                    backup.unlink(missing_ok=True)
                except OSError as e:
                    sys.stderr.write(f"could not remove {backup}: {e.strerror or e}\n")
