"""ontwerptafel validate on photos: each broken photo is one exact line, exit 1."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from ontwerptafel.cli import cli
from photo_material import minimal_with_photos, png_claiming, set_photo, tree_bytes


def _jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (240, 240, 230)).save(out, "PNG")
    return out.getvalue()


def _validate(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["validate", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.splitlines()


@pytest.fixture
def photo_package(tmp_path: Path) -> Path:
    return minimal_with_photos(tmp_path / "pkg")


def test_package_with_a_photo_is_valid(photo_package: Path) -> None:
    code, lines = _validate(photo_package)
    assert code == 0, lines
    assert "photos 1" in lines[0]


def test_photo_with_wrong_hash(photo_package: Path) -> None:
    data = _jpeg()
    set_photo(photo_package, data, "p.jpg", "image/jpeg", sha256="0" * 64)
    digest = hashlib.sha256(data).hexdigest()
    assert _validate(photo_package) == (
        1,
        [f"data/photos.csv:2: sha256: does not match the file (whose SHA-256 is {digest})"],
    )


def test_truncated_jpeg(photo_package: Path) -> None:
    data = _jpeg((200, 150))
    cut = data[: len(data) // 2]
    set_photo(photo_package, cut, "p.jpg", "image/jpeg", width="200", height="150")
    assert _validate(photo_package) == (
        1,
        ["data/photos.csv:2: path: the file is cut off or damaged: it cannot be decoded as JPEG"],
    )


def test_truncated_jpeg_is_refused_after_weasyprint_is_imported(photo_package: Path) -> None:
    """WeasyPrint switches Pillow, process-wide, to decoding cut-off images
    quietly; the check must not depend on whether the renderer was loaded."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES  # what WeasyPrint's import does
    cut = _jpeg((200, 150))[:1000]
    set_photo(photo_package, cut, "p.jpg", "image/jpeg", width="200", height="150")
    line = "data/photos.csv:2: path: the file is cut off or damaged: it cannot be decoded as JPEG"
    assert _validate(photo_package) == (1, [line])
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as it was


def test_png_named_jpg(photo_package: Path) -> None:
    set_photo(photo_package, _png(), "p.jpg", "image/jpeg")
    assert _validate(photo_package) == (
        1,
        ["data/photos.csv:2: media_type: the file is a PNG image, not JPEG as media_type says"],
    )


def test_png_with_jpeg_name_and_png_type(photo_package: Path) -> None:
    set_photo(photo_package, _png(), "p.jpg", "image/png")
    assert _validate(photo_package) == (
        1,
        ["data/photos.csv:2: path: 'p.jpg' does not end in .png, as a PNG file should"],
    )


def test_decompression_bomb_is_one_line_without_warning(
    photo_package: Path, recwarn: pytest.WarningsRecorder
) -> None:
    set_photo(photo_package, png_claiming(20_000, 20_000), "p.png", "image/png")
    assert _validate(photo_package) == (
        1,
        [
            "data/photos.csv:2: path: the image is 20000 × 20000 pixels (400.0 megapixels);"
            " a photo may have at most 40 megapixels"
        ],
    )
    assert [str(w.message) for w in recwarn] == []


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("../outside.jpg", "'../outside.jpg' leaves the package folder"),
        ("data/../../outside.jpg", "'data/../../outside.jpg' leaves the package folder"),
        (
            "/etc/hostname",
            "'/etc/hostname' is not a path inside the package:"
            " give it relative to the package folder",
        ),
        ("data/notes.csv", "'data/notes.csv' is not in data/photos/; photos are kept there"),
    ],
)
def test_photo_path_outside_the_package(photo_package: Path, path: str, message: str) -> None:
    (photo_package.parent / "outside.jpg").write_bytes(_jpeg())
    set_photo(photo_package, _jpeg(), "p.jpg", "image/jpeg", path=path)
    (photo_package / "data" / "photos" / "p.jpg").unlink()
    assert _validate(photo_package) == (1, [f"data/photos.csv:2: path: {message}"])


def test_photo_symlink_out_of_the_package(photo_package: Path) -> None:
    outside = photo_package.parent / "outside.jpg"
    outside.write_bytes(_jpeg())
    set_photo(photo_package, _jpeg(), "p.jpg", "image/jpeg")
    link = photo_package / "data" / "photos" / "p.jpg"
    link.unlink()
    link.symlink_to(outside)
    assert _validate(photo_package) == (
        1,
        ["data/photos.csv:2: path: 'data/photos/p.jpg' leaves the package folder"],
    )


def test_unlisted_photo_file(photo_package: Path) -> None:
    (photo_package / "data" / "photos" / "extra.jpg").write_bytes(_jpeg())
    assert _validate(photo_package) == (
        1,
        ["data/photos/extra.jpg: is not listed in the photos table: list it there, or remove it"],
    )


def test_validate_leaves_the_package_unchanged(photo_package: Path) -> None:
    set_photo(photo_package, _jpeg(), "p.jpg", "image/jpeg", sha256="0" * 64)
    before = tree_bytes(photo_package)
    assert _validate(photo_package)[0] == 1
    assert tree_bytes(photo_package) == before


def test_changed_photo_is_validated_again(photo_package: Path) -> None:
    """The remembered verdict covers the photo's bytes, which no resource names."""
    assert _validate(photo_package)[0] == 0
    stored = photo_package / "data" / "photos" / "mini-2024-fc1-p1.png"
    stored.write_bytes(stored.read_bytes()[:-12])
    code, lines = _validate(photo_package)
    assert code == 1
    assert lines[0].startswith("data/photos.csv:2: ")
