"""Take the photos a workbook's photos sheet names into the package, cleaned.

A camera's file says where it was taken and with what (EXIF and XMP: GPS,
device, times); none of that belongs in a published package. Only the
pixels are kept, turned upright by the EXIF orientation first (so the photo
shows as the camera showed it), and encoded again with fixed settings, so
the same photo always gives the same bytes. The table's facts (size, bytes,
hash) are read from those bytes: they are what is stored.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps

from ontwerptafel.errors import PhotoRefusedError, Problem
from ontwerptafel.package.photos import (
    FORMATS,
    MAX_BYTES,
    PHOTOS_DIR,
    PHOTOS_TABLE,
    format_of,
    opened,
    photo_files,
)
from ontwerptafel.sessions.sheets import Source

#: JPEG settings: quality 90 with 4:2:0 chroma keeps handwriting sharp at a
#: third of a camera's size; no progressive scan, no optimised tables, so
#: the bytes depend only on the pixels and the encoder's version
JPEG_OPTIONS = {"quality": 90, "subsampling": "4:2:0", "optimize": False, "progressive": False}


def cleaned(path: Path) -> tuple[bytes, str]:
    """The photo at ``path`` without any metadata, upright, encoded again:
    its bytes and media type. ``PhotoRefusedError`` when it cannot be taken."""
    if path.is_symlink() or not path.is_file():
        raise PhotoRefusedError("path", f"{path.name!r}: no such file in the photos folder")
    if path.stat().st_size > MAX_BYTES:
        msg = f"{path.name!r} has {path.stat().st_size:,} bytes; at most {MAX_BYTES:,}"
        raise PhotoRefusedError("path", msg)
    media_type = format_of(path.read_bytes()[:8])
    if media_type is None:
        raise PhotoRefusedError("path", f"{path.name!r} is neither a JPEG nor a PNG image")
    with opened(path, media_type) as image:
        upright = ImageOps.exif_transpose(image)
        if media_type == "image/jpeg":
            upright = upright.convert("L" if upright.mode in ("L", "LA") else "RGB")
        elif upright.mode not in ("RGB", "RGBA", "L", "LA"):
            upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
        # a new image of the pixels alone: no EXIF, XMP, ICC profile, text chunk or comment
        bare = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    out = io.BytesIO()
    if media_type == "image/jpeg":
        bare.save(out, "JPEG", **JPEG_OPTIONS)
    else:
        bare.save(out, "PNG", optimize=False, compress_level=9)
    return out.getvalue(), media_type


def take_photos(
    source: Source, folder: Path | None, stored: dict[str, dict[str, str]], base: Path
) -> tuple[dict[str, bytes], list[Problem]]:
    """Fill the photos sheet's rows from the files they name in ``folder``, and
    return the files to store by package path, with the problems found.

    A row whose ``path`` is already its stored photo in the package (an
    exported workbook's row: ``stored`` maps photo_id to its row) keeps it;
    any other names a file in ``folder``, stored as ``<photo_id>.jpg`` or ``.png``."""
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for number, cells in source.tables.get(PHOTOS_TABLE, []):
        name, photo_id = cells.get("path", ""), cells.get("photo_id", "")
        if not name or not photo_id:
            continue  # the staged validation says a value is required
        kept = stored.get(photo_id)
        if kept and name == kept.get("path"):
            continue  # the stored file stays; the staged validation checks the row against it
        try:
            if folder is None:
                msg = f"{name!r}: give the folder that holds the photos with --photos"
                raise PhotoRefusedError("path", msg)
            if PurePosixPath(name).name != name or "\\" in name or name in (".", ".."):
                msg = f"{name!r} is not a file name; give the name of a file in the photos folder"
                raise PhotoRefusedError("path", msg)
            data, media_type = cleaned(folder / name)
        except PhotoRefusedError as e:
            problems.append(source.problem(PHOTOS_TABLE, number, e.field, e.message))
            continue
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
        ext = FORMATS[media_type][1][0]
        rel = f"{PHOTOS_DIR}/{photo_id}{ext}"
        files[rel] = data
        cells.update(
            path=rel,
            media_type=media_type,
            width=str(width),
            height=str(height),
            bytes=str(len(data)),
            sha256=hashlib.sha256(data).hexdigest(),
        )
    listed = {cells.get("path") for _, cells in source.tables.get(PHOTOS_TABLE, [])}
    problems += _dropped(source, stored, listed, base)
    return files, problems


def _dropped(
    source: Source, stored: dict[str, dict[str, str]], listed: set[str | None], base: Path
) -> list[Problem]:
    """A stored photo of the imported sessions that the workbook no longer
    lists: an import adds and replaces files but never deletes one, so it
    is refused rather than left behind unlisted (see the README's removal)."""
    on_disk = set(photo_files(base))
    out = []
    for photo_id, row in sorted(stored.items()):
        if row.get("path") in on_disk and row.get("path") not in listed:
            msg = (
                f"{photo_id!r} ({row['path']}) is no longer listed; an import does not remove"
                " photos: remove its row from data/photos.csv and its file by hand"
            )
            out.append(source.problem(PHOTOS_TABLE, None, "photo_id", msg))
    return out
