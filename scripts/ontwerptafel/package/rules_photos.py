"""Rules tying each row of the photos table to its file in ``data/photos/``.

Table Schema can say that ``sha256`` is 64 hex digits, not that it is the
hash of the file; these rules open each file (see ``photos``) and compare
what it is with what its row says. A file in ``data/photos/`` that no row
lists is a problem too: it would be published without a photographer, a
licence or a basis for publishing it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol

from ontwerptafel.errors import PhotoRefusedError, Problem
from ontwerptafel.package.model import Package, Photo
from ontwerptafel.package.photos import (
    PHOTOS_DIR,
    PHOTOS_TABLE,
    located,
    opened,
    photo_files,
)


class Collector(Protocol):
    """What the rules need of ``validate._Collector``."""

    package: Package
    problems: list[Problem]

    def add(self, table: str, index: int, field: str, message: str) -> None: ...


def photo_problems(out: Collector, root: Path) -> None:
    """Check every photo row against its file, and every file against the table."""
    listed: set[str] = set()
    for i, photo in enumerate(out.package.rows(PHOTOS_TABLE)):
        listed.add(photo.path)
        try:
            _check(root, photo)
        except PhotoRefusedError as e:
            out.add(PHOTOS_TABLE, i, e.field, e.message)
    for rel in photo_files(root):
        if rel not in listed:
            msg = f"is not listed in the {PHOTOS_TABLE} table: list it there, or remove it"
            if rel == PHOTOS_DIR:
                msg = "is a symbolic link; the photos are kept in a folder of the package's own"
            out.problems.append(Problem(rel, msg))


def _check(root: Path, photo: Photo) -> None:
    path = located(root, photo.path)
    data = path.read_bytes()
    with opened(path, photo.media_type) as image:
        width, height = image.size
    if len(data) != photo.bytes:
        msg = f"{photo.bytes} does not match the file ({len(data)} bytes)"
        raise PhotoRefusedError("bytes", msg)
    digest = hashlib.sha256(data).hexdigest()
    if digest != photo.sha256:
        raise PhotoRefusedError("sha256", f"does not match the file (whose SHA-256 is {digest})")
    if (width, height) != (photo.width, photo.height):
        msg = f"{photo.width} × {photo.height} does not match the image ({width} × {height} pixels)"
        raise PhotoRefusedError("width", msg)
