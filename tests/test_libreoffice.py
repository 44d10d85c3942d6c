"""A real client opens the DOCX: LibreOffice converts it headless to PDF.

make test installs LibreOffice (scripts/ontwerptafel/system.py); a
machine without it skips these tests and says why.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import SOFFICE, libreoffice

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; make test installs it"
)


@pytest.fixture(scope="module")
def converted(dvhg_docx, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """The dvhg-2024 DOCX converted by LibreOffice, once, with its own profile folder
    (so it never touches or waits on another LibreOffice instance)."""
    _, data = dvhg_docx
    work = tmp_path_factory.mktemp("libreoffice")
    source = work / "dvhg-2024.docx"
    source.write_bytes(data)
    return libreoffice(source, work), work / "out" / "dvhg-2024.pdf"


def test_libreoffice_converts_the_docx(converted):
    done, pdf = converted
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr
    assert pdf.is_file()
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_each_slide_is_one_landscape_page(converted, dvhg_docx):
    report, _ = dvhg_docx
    _, pdf = converted
    pages = PdfReader(pdf).pages
    assert len(pages) == len(report.slides)
    for page, slide in zip(pages, report.slides, strict=True):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert round(width / height, 3) == round(16 / 9, 3)
        text = " ".join(page.extract_text().split())
        # the split barriers are headed by their columns alone, as in the original
        heading = slide.left_heading if slide.kind == "barriers-split" else slide.heading
        assert " ".join(heading.split()) in text, f"slide {slide.number} not on its page"


def test_the_english_docx_keeps_one_page_a_slide(editions, tmp_path):
    """The English texts are longer than the Dutch (the appendix's quotes, the
    translator's notes): LibreOffice still lays out as many pages as the PDF has."""
    source = tmp_path / "dvhg-2024.en.docx"
    source.write_bytes(editions["en"]["docx"].read_bytes())
    done = libreoffice(source, tmp_path)
    assert done.returncode == 0, done.stderr
    pages = len(PdfReader(tmp_path / "out" / "dvhg-2024.en.pdf").pages)
    assert pages == len(PdfReader(editions["en"]["pdf"]).pages)
