"""Invented flipchart photos for the tests, drawn by Pillow, and packages holding them.

Nothing here shows a real flipchart: the photos are made-up handwriting-like
lines on a white sheet. Each carries EXIF that an import must remove (GPS
position, camera make and model) and an orientation tag it must apply: the
first is stored landscape but tagged "rotate 90° clockwise" (6), so the
imported photo must be portrait.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import struct
import zlib
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw, ImageFont

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = FIXTURES.parents[1]
#: the invented session the photo tests import (CSV tables and a photos table)
PHOTO_SESSION = FIXTURES / "photo-session"
#: the photos of that session: file name -> (size as stored by the camera, orientation tag, lines)
PHOTOS = {
    "flip-1.jpg": ((480, 320), 6, ["Regels te strikt", "- geen tijd", "- wie beslist?"]),
    # larger than a report shows (1600 pixels at most): the report downscales it
    "flip-2.jpg": ((2000, 1500), 1, ["UITVOERING", "- balie te druk", "- formulier te lang"]),
}
HEADER = (
    "photo_id,flipchart_id,order,path,media_type,width,height,bytes,sha256,"
    "photographer,licence,publication_basis"
)


def exif_bytes(orientation: int) -> bytes:
    """EXIF with a GPS position, a camera make and model, and ``orientation``."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Verzonnen Optiek"
    exif[ExifTags.Base.Model] = "Testcamera X1"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 9.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 29.0, 0.0)
    return exif.tobytes()


def flipchart_photo(size: tuple[int, int], orientation: int, lines: list[str]) -> bytes:
    """A JPEG of made-up handwriting: wobbly lines of text on a white sheet.
    The text is drawn upright as the sheet is seen after ``orientation`` is
    applied, so a photo that is not turned shows it sideways."""
    upright = (size[1], size[0]) if orientation in (6, 8) else size
    sheet = Image.new("RGB", upright, (250, 250, 245))
    draw = ImageDraw.Draw(sheet)
    scale = max(1, upright[0] // 320)
    font = ImageFont.load_default(size=22 * scale)
    for i, line in enumerate(lines):
        at = ((14 + 3 * (i % 2)) * scale, (16 + 44 * i) * scale)
        draw.text(at, line, fill=(20, 40, 120), font=font)
    draw.rectangle((4, 4, upright[0] - 5, upright[1] - 5), outline=(200, 60, 60), width=3)
    stored = sheet.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else sheet
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=90, exif=exif_bytes(orientation))
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels and whose data is
    a few bytes: a decompression bomb that costs nothing to make."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def photo_session(target: Path) -> tuple[Path, Path]:
    """The invented session as a CSV folder with its photos table, and the
    folder of its photos as the camera wrote them."""
    tables = target / "tables"
    shutil.copytree(FIXTURES / "example-session", tables)
    shutil.copyfile(PHOTO_SESSION / "photos.csv", tables / "photos.csv")
    return tables, write_photo_folder(target / "camera")


def write_photo_folder(folder: Path) -> Path:
    """The invented session's photos, as a camera wrote them, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (size, orientation, lines) in PHOTOS.items():
        (folder / name).write_bytes(flipchart_photo(size, orientation, lines))
    return folder


def photos_resource() -> dict:
    """The photos table's resource as the published descriptor describes it."""
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    return next(r for r in descriptor["resources"] if r["name"] == "photos")


def minimal_with_photos(target: Path) -> Path:
    """The invented minimal package with a photos table and one stored photo
    (``data/photos/mini-2024-fc1-p1.png``, listed on line 2 of data/photos.csv)."""
    shutil.copytree(FIXTURES / "minimal", target)
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append(photos_resource())
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (target / "datapackage.json").write_text(text, encoding="utf-8")
    image = Image.new("RGB", (60, 40), (250, 250, 245))
    ImageDraw.Draw(image).text((4, 4), "Idee", fill=(20, 40, 120))
    data = io.BytesIO()
    image.save(data, "PNG")
    set_photo(target, data.getvalue(), "mini-2024-fc1-p1.png", "image/png")
    return target


def set_photo(
    root: Path, data: bytes, name: str, media_type: str, *, path: str | None = None, **cells: str
) -> None:
    """Store ``data`` as ``data/photos/<name>`` and list it as the only row of
    data/photos.csv, with the facts of those bytes unless ``cells`` says otherwise."""
    folder = root / "data" / "photos"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / name).write_bytes(data)
    try:
        width, height = Image.open(io.BytesIO(data)).size
    except (OSError, Image.DecompressionBombError):
        width, height = 1, 1
    row = {
        "photo_id": "mini-2024-fc1-p1",
        "flipchart_id": "mini-2024-fc1",
        "order": "1",
        "path": path or f"data/photos/{name}",
        "media_type": media_type,
        "width": str(width),
        "height": str(height),
        "bytes": str(len(data)),
        "sha256": hashlib.sha256(data).hexdigest(),
        "photographer": "Verzonnen Fotograaf",
        "licence": "CC-BY-4.0",
        "publication_basis": "no-identifiable-persons",
        **cells,
    }
    line = ",".join(row[h] for h in HEADER.split(","))
    (root / "data" / "photos.csv").write_text(f"{HEADER}\n{line}\n", encoding="utf-8")


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path: to show nothing changed."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
