"""The original's slides say what the source says, and nothing else.

For each of the original's slides (pages 1-15 of the Dutch report), the text a
reader's tools take from the page (``pdftotext -raw``, the DOCX's XML, the
HTML's text) is, character for character in order, the source's text of that
slide, once the page furniture is taken away: the footer, and on a flipchart
page its position label, its legend and the curators' readings, each found by
its exact text and marking (so anything else added to a page fails). Markup
of the source (``**``, ``~~``, ``<sup>``, links, list markers, the ``.)`` of a
rank) is no text; whitespace is not compared, since each tool breaks lines
its own way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ontwerptafel.views.layout import walk
from page_texts import docx_slides, html_slides, pdf_pages

SOURCE = Path("data") / "source" / "workshop-report-2024-11-12.md"
#: the source's headings that end one of the original's slides and start the
#: next; the others (Doel, Uitvoering, a chart's sections) stay inside a slide
STARTS = re.compile(
    r"^(# Burgers|## Probleem|## Uitkomsten|# BELEID|# UITVOERING|## Gezamenlijke"
    r"|## Beleid|## Beloftes|# Verder praten)"
)
ORIGINAL_SLIDES = 15


def source_slides(text: str, ranks: bool) -> list[str]:
    """The source's text cut into the original's slides, its markup taken off.
    ``ranks``: keep a rank's number ("1.)" -> "1"), as the PDF and HTML show
    it; the DOCX numbers its lists itself, outside the text."""
    slides: list[list[str]] = []
    for line in text.splitlines():
        if STARTS.match(line):
            slides.append([])
        if not slides:
            continue
        line = re.sub(r"^#+ ", "", line)
        line = re.sub(r"^(?:- )?(?:\\\* )?", "", line)  # list markers: "- ", "- \* "
        line = re.sub(r"^(\d+)\.\) ", r"\1 " if ranks else "", line)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"\*\*|~~|</?sup>", "", line)
        slides[-1].append(line)
    return [squeeze(" ".join(lines)) for lines in slides]


def squeeze(text: str) -> str:
    return "".join(text.split())


def take(text: str, furniture: str, where: str) -> str:
    """``text`` with the one occurrence of ``furniture`` taken out; it must be there."""
    assert furniture in text, f"{where}: {furniture!r} is not on the page"
    return text.replace(furniture, "", 1)


def without_furniture(page: str, slide: Any, footer: str | None, legend_sep: str) -> str:
    where = f"slide {slide.number}"
    text = squeeze(page)
    if footer:
        text = take(text, squeeze(footer), where)
    if slide.kind == "flipchart":
        text = take(text, squeeze(slide.meta), where)
        if slide.legend:
            legend = legend_sep.join(f"{e.sample} {e.label}" for e in slide.legend)
            text = take(text, squeeze(f"Legenda{legend_sep}{legend}"), where)
        for column in slide.columns:
            for note in walk(column.notes):
                if note.reading:
                    text = take(text, squeeze(f"≈ {note.reading}"), where)
    return text.replace("•", "")  # a list's bullets are drawn, not written


@pytest.fixture(scope="module")
def source(root: Path) -> str:
    return (root / SOURCE).read_text(encoding="utf-8")


def test_the_source_has_the_originals_fifteen_slides(source: str) -> None:
    slides = source_slides(source, ranks=True)
    assert len(slides) == ORIGINAL_SLIDES
    assert slides[0].startswith("Burgersaandeontwerptafel?")
    assert slides[-1].startswith("Verderpraten?")


@pytest.mark.parametrize("fmt", ["pdf", "html", "docx"])
def test_the_original_slides_show_the_sources_text_and_nothing_else(
    editions: dict[str, dict[str, Any]], source: str, fmt: str
) -> None:
    built = editions["nl"]
    report = built["report"]
    pages = {
        "pdf": lambda: pdf_pages(built["pdf"]),
        "html": lambda: html_slides(built["html"].read_text(encoding="utf-8")),
        "docx": lambda: docx_slides(built["docx"].read_bytes()),
    }[fmt]()
    expected = source_slides(source, ranks=fmt != "docx")
    title = report.slides[0]
    footer = f"{title.subtitle} · {title.date}" if fmt == "pdf" else None
    original = report.slides[:ORIGINAL_SLIDES]
    for slide, page, want in zip(original, pages[:ORIGINAL_SLIDES], expected, strict=True):
        got = without_furniture(page, slide, footer if slide.number > 1 else None,
                                " · " if fmt == "docx" else " ")  # fmt: skip
        assert got == want, f"{fmt} slide {slide.number}"
