"""The reports say what they said before the code was reorganised.

``tests/fixtures/page-texts/`` holds each page's text (PDF) and each slide's
text (DOCX, HTML) of dvhg-2024 in both editions, taken from the reports as
built before the package was split into subpackages, less the codebook
appendix that left the reports then. A change that alters what a reader
sees must change these files too, on purpose.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from page_texts import docx_slides, html_slides, pdf_pages

EXPECTED = Path(__file__).parent / "fixtures" / "page-texts"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_reads_as_before(editions: dict[str, dict[str, Any]], lang: str) -> None:
    name = "dvhg-2024.json" if lang == "nl" else f"dvhg-2024.{lang}.json"
    expected = json.loads((EXPECTED / name).read_text(encoding="utf-8"))
    built = editions[lang]
    got = {
        "pdf": pdf_pages(built["pdf"]),
        "docx": docx_slides(built["docx"].read_bytes()),
        "html": html_slides(built["html"].read_text(encoding="utf-8")),
    }
    for fmt in ("pdf", "docx", "html"):
        assert len(got[fmt]) == len(expected[fmt]), fmt
        for i, (page, before) in enumerate(zip(got[fmt], expected[fmt], strict=True), 1):
            assert page == before, f"{fmt} page {i}"
