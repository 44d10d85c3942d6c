"""The text of each page (PDF) or slide (DOCX, HTML) of a report, as a reader's tools give it.

PDF pages come from poppler's ``pdftotext``, slides of the DOCX from its XML
in body order (split at the page breaks between slides), slides of the HTML
from each ``section.slide`` (a drawn mark, inline SVG, gives none, as a
browser's copy gives none). Whitespace is folded, and the PDF's page
counter ("19 / 32") is left out, so the texts compare across page counts.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

from lxml import etree, html

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_COUNTER = re.compile(r" ?\b\d+ / \d+$")


def fold(text: str) -> str:
    """Whitespace folded to single spaces."""
    return " ".join(text.split())


def pdf_pages(path: Path) -> list[str]:
    """Each page's text by ``pdftotext -raw``, its page counter removed."""
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True, check=True,
    ).stdout.decode("utf-8")  # fmt: skip
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [_COUNTER.sub("", fold(page)) for page in pages]


def docx_slides(data: bytes) -> list[str]:
    """Each slide's text from ``word/document.xml``, split at page breaks."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    slides: list[list[str]] = [[]]
    for el in root.iter(f"{W}t", f"{W}br", f"{W}p"):
        if el.tag == f"{W}br" and el.get(f"{W}type") == "page":
            slides.append([])
        elif el.tag == f"{W}t":
            slides[-1].append(el.text or "")
        elif el.tag == f"{W}p":
            slides[-1].append(" ")
    return [fold("".join(parts)) for parts in slides if fold("".join(parts))]


def html_slides(text: str) -> list[str]:
    """Each ``section.slide``'s text."""
    doc = html.fromstring(text)
    for mark in doc.xpath("//*[local-name()='svg']"):  # a drawn mark: its title is no text
        mark.drop_tree()
    return [fold(s.text_content()) for s in doc.xpath("//section[contains(@class, 'slide')]")]
