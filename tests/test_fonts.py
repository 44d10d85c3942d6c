"""The vendored faces cover every character the report can print, and the
stylesheet names no font but them."""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from ontwerptafel.assets import REPORT_DIR

FONTS = REPORT_DIR / "fonts"
CSS = (REPORT_DIR / "style" / "report.css").read_text(encoding="utf-8")


def cmap(*names: str) -> set[int]:
    covered: set[int] = set()
    for name in names:
        covered |= set(TTFont(FONTS / name).getBestCmap())
    return covered


def package_texts(root: Path) -> list[tuple[str, str]]:
    """(where, text) for every cell of every CSV of the package, and every label."""
    out = []
    for path in sorted((root / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for line, row in enumerate(csv.DictReader(f), 2):
                out += [(f"{path.name}:{line}:{k}", v) for k, v in row.items() if v]
    for path in sorted((REPORT_DIR / "labels").glob("*.toml")):
        with path.open("rb") as f:
            out += [(f"{path.name}:{k}", str(v)) for k, v in tomllib.load(f).items()]
    return out


@pytest.mark.parametrize(
    ("faces", "weight"),
    [
        (("NotoSans-Regular.ttf", "DejaVuSans.ttf"), "regular"),
        (("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"), "bold"),
    ],
)
def test_text_face_plus_fallback_cover_every_character(
    root: Path, faces: tuple[str, ...], weight: str
) -> None:
    covered = cmap(*faces)
    missing = [
        f"{where}: U+{ord(ch):04X} {ch!r}"
        for where, text in package_texts(root)
        for ch in text
        if ch not in "\n\r\t" and ord(ch) not in covered
    ]
    assert not missing, f"{weight} faces miss: " + "; ".join(missing[:10])


def test_the_symbols_the_data_uses_need_the_fallback() -> None:
    text_face = cmap("NotoSans-Regular.ttf")
    assert {ord(c) for c in "✓↳↑"} - text_face, "the fallback is not dead weight"
    assert {ord(c) for c in "✓↳→↑ëé"} <= cmap("DejaVuSans.ttf")


def test_the_stylesheet_names_only_vendored_faces() -> None:
    declared = set(re.findall(r'font-family:\s*"([^"]+)";', CSS))
    assert declared == {"Report Sans", "Report Symbols"}
    for family_list in re.findall(r"font-family:\s*([^;]+);", CSS):
        names = {n.strip().strip('"') for n in family_list.split(",")}
        assert names <= declared, family_list
    sources = re.findall(r'src:\s*url\("([^"]+)"\)', CSS)
    assert sources
    for src in sources:
        assert (REPORT_DIR / src).is_file(), src


def test_every_vendored_face_has_its_licence() -> None:
    assert (FONTS / "OFL-NotoSans.txt").read_text().count("SIL OPEN FONT LICENSE") >= 1
    assert "Bitstream" in (FONTS / "LICENSE-DejaVuSans.txt").read_text()
    for font in FONTS.glob("*.ttf"):
        assert font.name in (FONTS / "README.md").read_text(), font.name
