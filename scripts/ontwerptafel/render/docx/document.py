"""The DOCX report: the view model as a pandoc AST, written by pandoc.

Organisers edit the DOCX, so it uses real structure (a Heading 1 per slide
for navigation, real numbered and bulleted lists, character styles for what
the handwriting shows) rather than drawn boxes. The look comes from
``report/reference.docx`` (see ``reference_docx``). pandoc runs with
``--sandbox``, so it reads nothing but its input and the reference document.

Afterwards the core properties are set from the package (pandoc writes 1970
dates under ``--sandbox``) and the zip is rewritten with fixed order and
dates: the same package gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from lxml import etree

from ontwerptafel.errors import BuildError
from ontwerptafel.files import deterministic_zip, office_order
from ontwerptafel.package.model import Package
from ontwerptafel.render.docx import overview, slides
from ontwerptafel.render.docx import pandoc_ast as pa
from ontwerptafel.render.docx.pandoc_binary import convert
from ontwerptafel.render.docx.reference import REFERENCE
from ontwerptafel.render.html import document_dates
from ontwerptafel.views.i18n import region_tag
from ontwerptafel.views.slides import Report, Slide

#: Between slides: a page break in a paragraph of its own, styled to take no room.
SLIDE_BREAK = (
    '<w:p><w:pPr><w:pStyle w:val="SlideBreak"/></w:pPr><w:r><w:br w:type="page"/></w:r></w:p>'
)


#: slide kind -> what draws it below its heading; every kind of ``SLIDE_KINDS``
RENDERERS: dict[str, Callable[[Any, Mapping[str, str]], pa.Blocks]] = {
    "title": slides.title_slide,
    "problem-goal": slides.problem_goal_slide,
    "outcomes": slides.outcomes_slide,
    "flipchart": slides.flipchart_slide,
    "flipchart-photo": slides.photo_slide,
    "barriers": slides.barriers_slide,
    "barriers-split": slides.barriers_split_slide,
    "promises": slides.barriers_slide,
    "contacts": slides.contacts_slide,
    "evidence": slides.evidence_slide,
    "colophon": slides.colophon_slide,
    "overview-title": overview.title_slide,
    "overview-counts": overview.counts_slide,
    "overview-chart": overview.chart_slide,
    "overview-findings": overview.findings_slide,
}


#: slide kinds laid out in columns that carry their own headings (the first
#: column's is the slide's Heading 1): no Heading 1 above the columns
HEADED_BY_COLUMNS = frozenset({"barriers-split", "problem-goal"})


def slide_blocks(slide: Slide, labels: Mapping[str, str]) -> pa.Blocks:
    """One slide: its Heading 1, then what its kind draws."""
    draw = RENDERERS.get(slide.kind)
    if draw is None:
        raise BuildError([f"slide {slide.number}: the DOCX has no renderer for {slide.kind!r}"])
    if slide.kind in HEADED_BY_COLUMNS:
        return draw(slide, labels)
    head = pa.header(1, pa.text(slide.heading), f"slide-{slide.number}")
    return [head, *draw(slide, labels)]


def report_ast(report: Report) -> str:
    """The whole report as pandoc JSON: slides separated by page breaks."""
    blocks: pa.Blocks = []
    for i, slide in enumerate(report.slides):
        if i:
            blocks.append(pa.raw_openxml(SLIDE_BREAK))
        blocks += slide_blocks(slide, report.labels)
    return pa.document(blocks, region_tag(report.lang))


def core_properties(report: Report, package: Package) -> bytes:
    """docProps/core.xml: title, subject, creators, keywords, language and dates."""
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    dc = "http://purl.org/dc/elements/1.1/"
    terms = "http://purl.org/dc/terms/"
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    root = etree.Element(f"{{{cp}}}coreProperties",
                         nsmap={"cp": cp, "dc": dc, "dcterms": terms, "xsi": xsi})  # fmt: skip

    def add(ns: str, name: str, value: str) -> etree._Element:
        el = etree.SubElement(root, f"{{{ns}}}{name}")
        el.text = pa._NOT_XML.sub("\ufffd", value)
        return el

    add(dc, "title", report.title)
    add(dc, "subject", report.subtitle)
    add(dc, "creator", "; ".join(report.authors))
    add(cp, "keywords", "; ".join(report.keywords))
    add(dc, "language", region_tag(report.lang))
    if report.package_version:  # a session's report names no package version
        add(cp, "version", report.package_version)
    for name, stamp in zip(("created", "modified"), document_dates(report), strict=True):
        el = add(terms, name, stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
        el.set(f"{{{xsi}}}type", "dcterms:W3CDTF")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def finish(docx: bytes, core: bytes, stamp: dt.datetime) -> bytes:
    """Replace the core properties and rewrite the zip deterministically."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["docProps/core.xml"] = core
    return deterministic_zip(office_order(parts.items()), stamp)


def render_docx(report: Report, package: Package, root: Path) -> bytes:
    """The DOCX of one session's report, as bytes.

    ``root`` is the package folder; the DOCX needs nothing from it beyond
    ``package`` (it is accepted so every renderer has the same signature).
    The reference document comes from ``report/reference.docx``.
    """
    docx = convert(report_ast(report), "docx", REFERENCE, f"{report.session_id}.docx")
    _, modified = document_dates(report)
    return finish(docx, core_properties(report, package), modified)
