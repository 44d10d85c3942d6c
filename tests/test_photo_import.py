"""ontwerptafel import --photos: photos go in cleaned and upright, or nothing changes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from PIL import ExifTags, Image

from conftest import copy_package
from ontwerptafel.cli import cli
from photo_material import photo_session, png_claiming, tree_bytes


def _import(package: Path, tables: Path, photos: Path, *extra: str) -> tuple[int, list[str]]:
    args = ["import", str(tables), "--photos", str(photos), "--package", str(package), *extra]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.splitlines()


@pytest.fixture
def material(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the package, the invented session's tables and its camera folder."""
    tables, camera = photo_session(tmp_path / "session")
    return copy_package(tmp_path / "pkg"), tables, camera


def _set_path(tables: Path, photo_id: str, path: str) -> None:
    rows = list(csv.DictReader((tables / "photos.csv").open(encoding="utf-8")))
    for row in rows:
        if row["photo_id"] == photo_id:
            row["path"] = path
    with (tables / "photos.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_import_strips_metadata_and_applies_orientation(material: tuple[Path, Path, Path]) -> None:
    package, tables, camera = material
    with Image.open(camera / "flip-1.jpg") as original:  # the camera's file has it all
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert original.size == (480, 320)
    code, lines = _import(package, tables, camera)
    assert code == 0, lines
    assert "  photos: 2 rows added" in lines
    stored = package / "data" / "photos" / "voorbeeld-2025-fc1-p1.jpg"
    with Image.open(stored) as image:
        exif = image.getexif()
        assert dict(exif) == {}
        assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert "exif" not in image.info
        assert "xmp" not in image.info
        assert image.size == (320, 480)  # orientation 6 turned it upright: portrait
        # the red frame drawn along the upright sheet's edge is at its left now
        assert image.convert("RGB").getpixel((5, 240))[0] > 150
    with Image.open(package / "data" / "photos" / "voorbeeld-2025-fc2-p1.jpg") as image:
        assert image.size == (2000, 1500)  # orientation 1: as it was
    assert b"Testcamera" not in stored.read_bytes()
    row = next(csv.DictReader((package / "data" / "photos.csv").open(encoding="utf-8")))
    assert row["path"] == "data/photos/voorbeeld-2025-fc1-p1.jpg"
    assert (row["width"], row["height"], row["bytes"]) == ("320", "480", str(stored.stat().st_size))
    assert CliRunner().invoke(cli, ["validate", str(package)]).exit_code == 0


def test_import_of_the_same_photos_gives_the_same_bytes(
    material: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    package, tables, camera = material
    again = copy_package(tmp_path / "again")
    assert _import(package, tables, camera)[0] == 0
    assert _import(again, tables, camera)[0] == 0
    for name in ("voorbeeld-2025-fc1-p1.jpg", "voorbeeld-2025-fc2-p1.jpg"):
        first = (package / "data" / "photos" / name).read_bytes()
        assert first == (again / "data" / "photos" / name).read_bytes()


def _noise_jpeg(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("missing.jpg", None, "'missing.jpg': no such file in the photos folder"),
        (
            "cut.jpg",
            _noise_jpeg((200, 150))[:2500],
            "the file is cut off or damaged: it cannot be decoded as JPEG",
        ),
        ("png.jpg", _png(), "'png.jpg' does not end in .png, as a PNG file should"),
        (
            "bomb.png",
            png_claiming(20_000, 20_000),
            "the image is 20000 × 20000 pixels (400.0 megapixels);"
            " a photo may have at most 40 megapixels",
        ),
        (
            "../outside.jpg",
            _noise_jpeg((20, 20)),
            "'../outside.jpg' is not a file name; give the name of a file in the photos folder",
        ),
        (
            "/etc/hostname",
            None,
            "'/etc/hostname' is not a file name; give the name of a file in the photos folder",
        ),
    ],
)
def test_refused_photo_is_one_line_and_changes_nothing(
    material: tuple[Path, Path, Path], name: str, data: bytes | None, message: str
) -> None:
    package, tables, camera = material
    if data is not None:
        (camera / name).write_bytes(data)
    _set_path(tables, "voorbeeld-2025-fc2-p1", name)
    before = tree_bytes(package)
    line = f"tables/photos.csv:3: path (Bestand): {message}"
    assert _import(package, tables, camera) == (1, [line])
    assert tree_bytes(package) == before


def test_reimport_of_an_exported_workbook_with_a_wrong_hash(
    material: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """A stored photo's row comes back through the workbook: its hash is
    checked against the stored file, and the line names the workbook's row."""
    package, tables, camera = material
    assert _import(package, tables, camera)[0] == 0
    book = tmp_path / "export.xlsx"
    args = ["export", "workbook", "voorbeeld-2025", "--out", str(book), "--package", str(package)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    workbook = load_workbook(book)
    sheet = workbook["photos"]
    assert [c.value for c in sheet[2]][:4] == [
        "voorbeeld-2025-fc1-p1",
        "voorbeeld-2025-fc1",
        1,
        "data/photos/voorbeeld-2025-fc1-p1.jpg",
    ]
    sheet["I2"] = "0" * 64
    workbook.save(book)
    before = tree_bytes(package)
    code, lines = _import(package, book, camera, "--replace")
    expected = f"{book.name} › photos › row 2 › sha256 (SHA-256): does not match the file"
    assert lines[-1].startswith(expected)
    assert (code, len(lines)) == (1, 1)
    assert tree_bytes(package) == before



def _journal(package: Path, target: str) -> None:
    folder, name = target.rpartition("/")[0], target.rpartition("/")[2]
    entry = {
        "target": target,
        "new": f"{folder}/.{name}.new-0123abcd",
        "old": f"{folder}/.{name}.old-0123abcd",
        "existed": False,
    }
    journal = {"state": "swap", "entries": [entry]}
    (package / ".ontwerptafel-journal.json").write_text(json.dumps(journal), encoding="utf-8")


def test_killed_import_of_a_photo_is_completed_and_a_foreign_target_refused(
    tmp_path: Path,
) -> None:
    """A journal may name a new photo, which no table lists yet; never a file
    of another name in data/photos/ or beyond it."""
    package = copy_package(tmp_path / "pkg")
    photos = package / "data" / "photos"
    photos.mkdir()
    (photos / ".x-2025-fc1-p1.jpg.new-0123abcd").write_bytes(b"photo")
    _journal(package, "data/photos/x-2025-fc1-p1.jpg")
    book = str(tmp_path / "b.xlsx")
    args = ["export", "workbook", "dvhg-2024", "--out", book, "--package", str(package)]
    result = CliRunner().invoke(cli, args)
    assert (photos / "x-2025-fc1-p1.jpg").read_bytes() == b"photo"
    assert not (package / ".ontwerptafel-journal.json").exists(), result.output
    (photos / ".notes.txt.new-0123abcd").write_bytes(b"text")
    _journal(package, "data/photos/notes.txt")
    result = CliRunner().invoke(cli, ["validate", str(package)])
    assert result.stderr.startswith(
        "ignoring a journal that names files outside the package: data/photos/notes.txt"
    )
    assert not (photos / "notes.txt").exists()


def test_photo_over_25_mb_is_refused_before_it_is_read(
    material: tuple[Path, Path, Path],
) -> None:
    package, tables, camera = material
    with (camera / "huge.jpg").open("wb") as f:  # sparse: costs no disk and no time
        f.write(b"\xff\xd8\xff")
        f.truncate(26_214_401)
    _set_path(tables, "voorbeeld-2025-fc2-p1", "huge.jpg")
    before = tree_bytes(package)
    assert _import(package, tables, camera) == (
        1,
        [
            "tables/photos.csv:3: path (Bestand): "
            "'huge.jpg' has 26,214,401 bytes; at most 26,214,400"
        ],
    )
    assert tree_bytes(package) == before
