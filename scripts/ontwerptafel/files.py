"""Writing files so that a reader never sees half of one.

Every output of the project (reports, citation files, exports, workbooks)
goes through here: the bytes go to a temporary file in the target's folder
(so the final rename is atomic on one file system), are flushed to disk,
and only then replace the target. A failure leaves the old file as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


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
