"""The PPTX slide deck: as PowerPoint reads it (python-pptx) and as Impress lays it out.

The deck is built once per test run with the other formats (``editions``);
LibreOffice Impress converts it to PDF once, with a profile folder of its
own, and its pages are compared with the PDF report's.
"""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pypdf import PdfReader

from conftest import SOFFICE, libreoffice
from ontwerptafel.build import build
from ontwerptafel.package.model import split_emphasis
from ontwerptafel.render.html import document_dates
from ontwerptafel.render.pptx.reference import REFERENCE_PPTX, build_reference
from ontwerptafel.views import layout

needs_impress = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice Impress is not installed")
NOTE = re.compile(r"^Bron: (?P<path>\S+), regels (?P<ranges>[\d–, ]+)$")


@pytest.fixture(scope="module")
def deck(built: dict[str, Any]) -> Any:
    return Presentation(str(built["pptx"]))


@pytest.fixture(scope="module")
def impress_pdf(built: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Dutch deck converted to PDF by LibreOffice Impress, headless."""
    work = tmp_path_factory.mktemp("impress")
    source = work / "dvhg-2024.pptx"
    source.write_bytes(built["pptx"].read_bytes())
    done = libreoffice(source, work)
    assert done.returncode == 0, done.stderr
    return work / "out" / "dvhg-2024.pdf"


def pdf_headings(path: Path) -> list[str]:
    """Each page's heading as a reader sees it: the first text set in the
    page's largest type (a heading's lines joined)."""
    headings = []
    for page in PdfReader(path).pages:
        parts: list[tuple[float, str]] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
            if text.strip():
                parts.append((round(size * abs(tm[3] * cm[3]), 1), text))  # noqa: B023

        page.extract_text(visitor_text=visit)
        top = max(size for size, _ in parts)
        first: list[str] = []
        for size, text in parts:
            if size == top:
                first.append(text)
            elif first:
                break
        headings.append(" ".join(" ".join(first).split()))
    return headings


def visible_heading(slide: Any) -> str:
    """A slide's title when it stands on the slide; else what heads its first
    text box (the split barriers are headed by their columns alone)."""
    title = slide.shapes.title
    if title is not None and title.top >= 0:
        return " ".join(title.text_frame.text.split())
    body = next(s for s in slide.placeholders if s.has_text_frame and s != title)
    return body.text_frame.paragraphs[0].text


def rows(root: Path, table: str) -> list[dict[str, str]]:
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def lines_of(*found: dict[str, str]) -> set[int]:
    """The source lines of CSV rows, each row's range included."""
    out: set[int] = set()
    for row in found:
        if row.get("source_line"):
            end = row.get("source_line_end") or row["source_line"]
            out.update(range(int(row["source_line"]), int(end) + 1))
    return out


def noted_lines(text: str) -> tuple[str, set[int]]:
    """The path and the line numbers a speaker note names."""
    m = NOTE.match(text)
    assert m, f"not a source note: {text!r}"
    out: set[int] = set()
    for part in m["ranges"].split(", "):
        start, _, end = part.partition("–")
        out.update(range(int(start), int(end or start) + 1))
    return m["path"], out


@needs_impress
def test_impress_shows_a_slide_per_pdf_page_headed_as_the_pdf_page(built, deck, impress_pdf):
    report = built["report"]
    ours = pdf_headings(built["pdf"])
    colophon = [s.kind for s in report.slides].index("colophon")
    assert len(PdfReader(impress_pdf).pages) == len(ours) == len(deck.slides)
    assert len(ours) == colophon + 1  # the colophon is the last page of both
    headings = [visible_heading(s) for s in deck.slides]
    assert headings[:colophon] == ours[:colophon]
    assert headings[colophon] == ours[colophon] == report.slides[colophon].heading


@needs_impress
def test_a_slide_without_a_heading_keeps_its_title_above_the_slide(built, deck, impress_pdf):
    report = built["report"]
    pages = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(impress_pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8").split("\f")  # fmt: skip
    untitled = [s.number for s in report.slides if s.kind in layout.UNTITLED]
    assert untitled, "the seed report has a split barriers slide"
    for slide, view in zip(deck.slides, report.slides, strict=True):
        title = slide.shapes.title
        assert title.text_frame.text == view.heading or view.kind == "title"
        hidden = title.top + title.height <= 0
        assert hidden == (view.number in untitled), view.number
        if hidden:
            assert view.heading not in " ".join(pages[view.number - 1].split())


@needs_impress
def test_no_text_runs_past_a_slides_edge(impress_pdf):
    out = subprocess.run(
        ["pdftotext", "-bbox", str(impress_pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")  # fmt: skip
    for number, page in enumerate(out.split("<page ")[1:], 1):
        width, height = (float(v) for v in re.findall(r'(?:width|height)="([\d.]+)"', page)[:2])
        box = r'xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">([^<]*)<'
        for *edges, word in re.findall(box, page):
            x_min, y_min, x_max, y_max = (float(e) for e in edges)
            assert x_min >= 0, (number, word)
            assert y_min >= 0, (number, word)
            assert x_max <= width, (number, word)
            assert y_max <= height, (number, word)


def test_the_promises_bold_words_are_the_datas_emphasis(built, deck):
    report = built["report"]
    promises = sorted(
        (r for r in rows(built["root"], "findings")
         if r["kind"] == "promise" and r["session_id"] == "dvhg-2024"),
        key=lambda r: int(r["rank"]),
    )  # fmt: skip
    bold: list[list[str]] = []
    for slide, view in zip(deck.slides, report.slides, strict=True):
        if view.kind != "promises":
            continue
        body = next(s for s in slide.placeholders if s != slide.shapes.title)
        for para in body.text_frame.paragraphs:
            bold.append([r.text for r in para.runs if r.font.bold])
    assert bold == [list(split_emphasis(r["emphasis"])) for r in promises]
    assert any(bold)


def test_speaker_notes_name_the_source_lines_of_each_slide(built, deck):
    root, report = built["root"], built["report"]
    source = next(r for r in rows(root, "sessions") if r["session_id"] == "dvhg-2024")
    charts = [r for r in rows(root, "flipcharts") if r["session_id"] == "dvhg-2024"]
    expected = {1: lines_of(source, *(r for r in rows(root, "session_organisers")
                                       if r["session_id"] == "dvhg-2024"))}  # fmt: skip
    for chart in charts:
        number = next(
            s.number for s in report.slides if getattr(s, "ident", "") == chart["flipchart_id"]
        )
        mine = [r for r in rows(root, "notes") + rows(root, "sections")
                if r["flipchart_id"] == chart["flipchart_id"]]  # fmt: skip
        expected[number] = lines_of(chart, *mine)
    noted = {}
    for slide, view in zip(deck.slides, report.slides, strict=True):
        text = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        if view.kind in ("evidence", "colophon"):  # the curators' own slides
            assert not text.strip(), view.number
            continue
        path, noted[view.number] = noted_lines(text)
        assert path == "data/source/workshop-report-2024-11-12.md"
    assert {n: noted[n] for n in expected} == expected
    assert len(expected) == 1 + len(charts)


def test_two_builds_give_the_same_pptx_bytes(built, tmp_path):
    again = build(built["root"], ["dvhg-2024"], ["pptx"], None, tmp_path, quiet=True, force=True)
    assert again == [tmp_path / "dvhg-2024.pptx"]
    assert again[0].read_bytes() == built["pptx"].read_bytes()


def test_the_deck_is_16_to_9_and_dated_by_the_package(built, deck):
    assert deck.slide_width * 9 == deck.slide_height * 16
    assert deck.core_properties.title == built["report"].title
    assert deck.core_properties.language == "nl-NL"
    _, modified = document_dates(built["report"])
    assert deck.core_properties.modified == modified.replace(tzinfo=None, microsecond=0)


def test_reference_presentation_is_what_the_script_makes():
    assert REFERENCE_PPTX.read_bytes() == build_reference(), (
        "report/reference.pptx is stale: run python -m ontwerptafel.render.pptx.reference"
    )
