"""The flipchart photos: where they live, how large they may be, and reading one safely.

A photo is a file of the package, so it is untrusted input like every CSV: its
path may try to leave the package, its bytes may claim another format, or a
header may claim a size that would take gigabytes to decode (a decompression
bomb). Each of these is found here from the header and the bytes, before any
pixel is decoded, and said in one line.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageFile, JpegImagePlugin, PngImagePlugin

from ontwerptafel.errors import PhotoRefusedError

#: the folder of the package that holds every photo
PHOTOS_DIR = "data/photos"
#: the table listing them
PHOTOS_TABLE = "photos"
#: at most 40 megapixels: a 2024 phone's 12 to 24, a full-frame camera's 45 down-sized
MAX_PIXELS = 40_000_000
#: at most 25 MB a file: a 40-megapixel JPEG at high quality is 15 to 20 MB
MAX_BYTES = 25 * 1024 * 1024
#: a photo in a report has at most 1600 pixels on its longest side: on the
#: 16:9 page (960 × 540 pt) it is at most 350 pt high and 840 pt wide, so a
#: 4:3 photo is drawn some 470 × 350 pt (6.5 × 4.9 in) and 1600 pixels give
#: it about 245 pixels per inch: sharp on screen and in print, at a fraction
#: of a camera's bytes
REPORT_SIDE = 1600
#: how a downscaled JPEG is encoded: fixed, so the same photo gives the same bytes
JPEG_OPTIONS = {"quality": 85, "subsampling": "4:2:0", "optimize": False, "progressive": False}
#: media type -> (format name, file name endings, the first bytes of such a file)
FORMATS: dict[str, tuple[str, tuple[str, ...], bytes]] = {
    "image/jpeg": ("JPEG", (".jpg", ".jpeg"), b"\xff\xd8\xff"),
    "image/png": ("PNG", (".png",), b"\x89PNG\r\n\x1a\n"),
}
_PLUGINS = {"image/jpeg": JpegImagePlugin.JpegImageFile, "image/png": PngImagePlugin.PngImageFile}


@dataclass(frozen=True)
class ImageFacts:
    """What the stored file is: its size in pixels and bytes, and its hash."""

    media_type: str
    width: int
    height: int
    bytes: int
    sha256: str


def photo_files(root: Path) -> list[str]:
    """Every entry under ``data/photos/`` (files, links, anything), as package
    paths in sorted order: all of them are published, so all are hashed and
    checked, never only those the table lists."""
    folder = root / PHOTOS_DIR
    if folder.is_symlink() or not folder.is_dir():
        return [PHOTOS_DIR] if folder.is_symlink() else []
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in [*filenames, *(d for d in dirnames if Path(dirpath, d).is_symlink())]:
            out.append(Path(dirpath, name).relative_to(root).as_posix())
    return sorted(out)


def located(root: Path, rel: str) -> Path:
    """The file a ``path`` cell names, or ``PhotoRefusedError`` when it is not a
    file of the package's own inside ``data/photos/``: an absolute path, a
    URL, ``..``, or a link (anywhere on the way) to somewhere else."""
    pure = PurePosixPath(rel)
    first = pure.parts[0] if pure.parts else ""
    if "://" in rel or "\\" in rel or pure.is_absolute() or ":" in first:
        msg = f"{rel!r} is not a path inside the package: give it relative to the package folder"
        raise PhotoRefusedError("path", msg)
    target = root / rel
    if not target.resolve().is_relative_to(root.resolve()):
        raise PhotoRefusedError("path", f"{rel!r} leaves the package folder")
    if ".." in pure.parts or pure.parent != PurePosixPath(PHOTOS_DIR):
        raise PhotoRefusedError("path", f"{rel!r} is not in {PHOTOS_DIR}/; photos are kept there")
    if target.resolve() != root.resolve() / rel or target.is_symlink():
        raise PhotoRefusedError("path", f"{rel!r} is a symbolic link; store the photo itself")
    if not target.is_file():
        raise PhotoRefusedError("path", f"{rel!r}: no such file")
    return target


def format_of(data: bytes) -> str | None:
    """The media type the first bytes say, or None for neither JPEG nor PNG."""
    for media_type, (_, _, magic) in FORMATS.items():
        if data.startswith(magic):
            return media_type
    return None


_STRICT = threading.Lock()


@contextmanager
def strict_decoding() -> Iterator[None]:
    """Pillow refusing a file cut short: WeasyPrint, once imported, tells
    Pillow (a process-wide switch) to decode truncated images quietly, which
    would let a damaged photo pass the check in any process that renders."""
    with _STRICT:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def opened(path: Path, media_type: str) -> Image.Image:
    """The image at ``path``, its header read as ``media_type`` and its size
    checked before a pixel is decoded; every pixel then decoded, so a file cut
    short or damaged is found now, not in the renderer."""
    data = path.read_bytes()
    name, endings, _ = FORMATS[media_type]
    actual = format_of(data)
    if actual != media_type:
        what = f"a {FORMATS[actual][0]} image" if actual else "neither a JPEG nor a PNG image"
        raise PhotoRefusedError("media_type", f"the file is {what}, not {name} as media_type says")
    if not path.name.lower().endswith(endings):
        msg = f"{path.name!r} does not end in {' or '.join(endings)}, as a {name} file should"
        raise PhotoRefusedError("path", msg)
    if len(data) > MAX_BYTES:
        msg = f"the file has {len(data):,} bytes; a photo may have at most {MAX_BYTES:,}"
        raise PhotoRefusedError("bytes", msg)
    try:
        # The plugin reads the header only, and (unlike Image.open) does not
        # refuse a large size with a warning or an exception of its own.
        image = _PLUGINS[media_type](path)
    except (OSError, SyntaxError, ValueError):
        msg = f"the file is cut off or damaged: its {name} header cannot be read"
        raise PhotoRefusedError("path", msg) from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        msg = (
            f"the image is {width} × {height} pixels ({width * height / 1e6:.1f} megapixels);"
            f" a photo may have at most {MAX_PIXELS // 1_000_000} megapixels"
        )
        raise PhotoRefusedError("path", msg)
    try:
        with warnings.catch_warnings(), strict_decoding():
            warnings.simplefilter("error")
            image.load()
    except (OSError, SyntaxError, ValueError, Warning, Image.DecompressionBombError):
        image.close()
        msg = f"the file is cut off or damaged: it cannot be decoded as {name}"
        raise PhotoRefusedError("path", msg) from None
    return image


def facts(path: Path, media_type: str) -> ImageFacts:
    """What ``path`` holds, for the table: read back from the stored file."""
    data = path.read_bytes()
    with opened(path, media_type) as image:
        width, height = image.size
    return ImageFacts(media_type, width, height, len(data), hashlib.sha256(data).hexdigest())


def report_image(path: Path, media_type: str, side: int = REPORT_SIDE) -> tuple[bytes, int, int]:
    """The photo at ``path`` as a report shows it: at most ``side`` pixels on
    its longest side (the stored original stays in the package), and its size.
    Downscaled with a fixed filter and encoder settings, so every build of
    the same photo embeds the same bytes; a small photo is embedded as stored."""
    data = path.read_bytes()
    with opened(path, media_type) as image:
        width, height = image.size
        if max(width, height) <= side:
            return data, width, height
        scale = side / max(width, height)
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = image.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if media_type == "image/jpeg":
        small.save(out, "JPEG", **JPEG_OPTIONS)
    else:
        small.save(out, "PNG", optimize=False, compress_level=9)
    return out.getvalue(), size[0], size[1]
