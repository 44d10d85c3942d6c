"""A session's photos in its reports: PDF (tagged, with alt), HTML and DOCX."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pdfua
import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from conftest import copy_package
from ontwerptafel.build import build
from ontwerptafel.cli import cli
from ontwerptafel.errors import PackageError
from ontwerptafel.package.read import load
from ontwerptafel.views.session import build_report
from ontwerptafel.views.slides import PhotoSlide
from photo_material import FIXTURES, photo_session

ALT_HEAD = "Foto van de flip-over. Wat erop staat, volgens de transcriptie: BELEID BURGER: "


@pytest.fixture(scope="module")
def photo_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The invented session with its two photos imported, built once in
    every format, and again into a second folder to compare bytes."""
    base = tmp_path_factory.mktemp("photo-build")
    package = copy_package(base / "pkg")
    tables, camera = photo_session(base / "session")
    args = ["import", str(tables), "--photos", str(camera), "--package", str(package)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    first = build(package, ["voorbeeld-2025"], [], None, base / "one", quiet=True)
    again = build(package, ["voorbeeld-2025"], [], None, base / "two", quiet=True, force=True)
    return {
        "package": package,
        "one": {p.suffix.lstrip("."): p for p in first},
        "two": {p.suffix.lstrip("."): p for p in again},
    }


def _fc1_notes() -> list[str]:
    with (FIXTURES / "example-session" / "notes.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["flipchart_id"] == "voorbeeld-2025-fc1"]
    return [r["text_verbatim"].replace("~~", "") for r in rows]


def _figure_alts(pdf: pikepdf.Pdf) -> list[str]:
    found, todo = [], [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                found.append(str(node.Alt))
            kids = node.get("/K")
            todo.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    return found


def _drawn_images(page: pikepdf.Page) -> list[tuple[int, int]]:
    """The size of each image XObject the page's content draws."""
    xobjects = page.Resources.get("/XObject", {})
    sizes = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "Do" and str(operands[0]) in xobjects:
            obj = xobjects[str(operands[0])]
            if obj.get("/Subtype") == "/Image":
                sizes.append((int(obj.Width), int(obj.Height)))
    return sizes


def _page_text(pdf_path: Path, page: int) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf_path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_chart_photo_page_shows_the_photo_with_the_transcription_as_alt(
    photo_build: dict[str, Any],
) -> None:
    path = photo_build["one"]["pdf"]
    with pikepdf.open(path) as pdf:
        drawn = {i + 1: _drawn_images(page) for i, page in enumerate(pdf.pages)}
        alts = _figure_alts(pdf)
    # slide 4 is the first chart's photo (stored upright: 320 × 480), slide 5 its
    # transcription; the second chart's 2000 × 1500 photo is drawn at 1600 × 1200
    assert (320, 480) in drawn[4]
    assert "Flip-over 1 van 3 · Beleid · foto" in _page_text(path, 4)
    assert "Foto: Verzonnen Fotograaf (CC-BY-4.0)" in _page_text(path, 4)
    assert "Weet niet bij wie aan te kloppen" in _page_text(path, 5)
    assert (1600, 1200) in drawn[6]
    assert all(max(size) <= 1600 for sizes in drawn.values() for size in sizes)
    alt = next(a for a in alts if a.startswith(ALT_HEAD))
    for text in _fc1_notes():
        assert text in alt


def test_pdf_with_photos_passes_pdfua(photo_build: dict[str, Any]) -> None:
    report = pdfua.Validator().validate(str(photo_build["one"]["pdf"]))
    problems = [
        f"{f.rule_id} {f.severity.name} page {f.location.page}: {f.message}"
        for f in report.findings
        if f.severity in (pdfua.Severity.ERROR, pdfua.Severity.WARNING)
    ]
    assert problems == []


def test_html_embeds_the_photos_as_data_uris_with_alt(photo_build: dict[str, Any]) -> None:
    html = photo_build["one"]["html"].read_text(encoding="utf-8")
    images = re.findall(
        r'<img class="photo__image" src="(data:image/jpeg;base64,[^"]+)" alt="([^"]+)"', html
    )
    assert len(images) == 2
    assert images[0][1].startswith(ALT_HEAD)
    # the page without its photos keeps to the web edition's budget
    rest = len(html.encode("utf-8")) - sum(len(src) for src, _ in images)
    assert rest < 600_000


def test_docx_has_the_photos_with_alt_text(photo_build: dict[str, Any]) -> None:
    with zipfile.ZipFile(photo_build["one"]["docx"]) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
        media = [n for n in docx.namelist() if n.startswith("word/media/") and n.endswith(".jpg")]
        sizes = sorted(Image.open(io.BytesIO(docx.read(n))).size for n in media)
    assert sizes == [(320, 480), (1600, 1200)]
    descriptions = re.findall(r'<wp:docPr descr="([^"]*)"', document)
    assert any(d.startswith(ALT_HEAD) for d in descriptions)


def test_pptx_shows_each_photo_on_its_slide_described_by_its_transcription(
    photo_build: dict[str, Any],
) -> None:
    """The deck's photo slides hold the downscaled photo, captioned with its
    place and credit, and described (for a screen reader) by the transcription,
    not by the data: URI pandoc would put there."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = Presentation(str(photo_build["one"]["pptx"]))
    found = []
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                descr = shape._element.nvPicPr.cNvPr.get("descr")
                texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
                found.append((number, shape.image.size, descr, texts))
    assert [(n, size) for n, size, _, _ in found] == [(4, (320, 480)), (6, (1600, 1200))]
    number, _, descr, texts = found[0]
    assert descr.startswith(ALT_HEAD)
    assert all(note in descr for note in _fc1_notes())
    assert "Foto: Verzonnen Fotograaf (CC-BY-4.0)" in " ".join(texts)


def test_two_builds_with_photos_give_identical_bytes(photo_build: dict[str, Any]) -> None:
    for fmt in ("pdf", "docx", "html", "pptx"):
        assert photo_build["one"][fmt].read_bytes() == photo_build["two"][fmt].read_bytes(), fmt


def test_a_session_embeds_only_its_own_photos(photo_build: dict[str, Any]) -> None:
    """Every image a report draws comes from its slides: the seed session's
    report, in the same package as the photos, has no photo slide."""
    package = load(photo_build["package"])
    seed = build_report(package, "dvhg-2024")
    assert [s for s in seed.slides if isinstance(s, PhotoSlide)] == []
    own = build_report(package, "voorbeeld-2025")
    assert [s.ident for s in own.slides if isinstance(s, PhotoSlide)] == [
        "voorbeeld-2025-fc1-p1",
        "voorbeeld-2025-fc2-p1",
    ]


def test_report_never_reads_a_photo_path_outside_the_package(
    photo_build: dict[str, Any], tmp_path: Path
) -> None:
    """Even a package that skipped validation: the view finds each file
    through the same check, so a path out of the package is one line."""
    (tmp_path / "secret.jpg").write_bytes(b"\xff\xd8\xff not a photo")
    package = load(photo_build["package"])
    for path in ("../../secret.jpg", "https://example.org/x.jpg", "/etc/hostname"):
        first = replace(package.rows("photos")[0], path=path)
        tables = {**package.tables, "photos": (first, *package.rows("photos")[1:])}
        with pytest.raises(PackageError) as caught:
            build_report(replace(package, tables=tables), "voorbeeld-2025")
        (line,) = caught.value.lines()
        assert line.startswith(f"data/photos.csv: path: {path!r} ")
