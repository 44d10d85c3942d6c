"""Writing files so that a reader never sees half of one.

Every output of the project (reports, citation files, exports, workbooks)
goes through here: the bytes go to a temporary file in the target's folder
(so the final rename is atomic on one file system), are flushed to disk,
and only then replace the target. A failure leaves the old file as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``path``, ready to replace it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
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
