"""The report as PDF: WeasyPrint, locked down, loud, and reproducible.

One file claims both PDF/A-3u (archival, keeps the data package attached)
and PDF/UA-1 (tagged, accessible). WeasyPrint writes the PDF/A variant with
tags; the PDF/UA identification, with the extension schema PDF/A demands for
a namespace it does not predefine, is added to the same XMP packet before
the file is written, so there is one pass and one deterministic ``/ID``.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ontwerptafel.assets import REPORT_DIR
from ontwerptafel.errors import BuildError
from ontwerptafel.package.model import Package
from ontwerptafel.package.read import DESCRIPTOR
from ontwerptafel.package.session_files import session_files
from ontwerptafel.render.fetcher import locked_fetcher
from ontwerptafel.render.html import document_dates
from ontwerptafel.views.i18n import file_name, original_language
from ontwerptafel.views.slides import PhotoSlide, Report

PDF_VARIANT = "pdf/a-3u"
XMP_UA = b"""<rdf:Description rdf:about="" \
xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">\
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">\
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">\
<pdfaProperty:name>part</pdfaProperty:name>\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\
<pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed\
</pdfaProperty:description>\
</rdf:li></rdf:Seq></pdfaSchema:property>\
</rdf:li></rdf:Bag></pdfaExtension:schemas>\
</rdf:Description>\
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\
<pdfuaid:part>1</pdfuaid:part></rdf:Description>"""



class _Collect(logging.Handler):
    """Keeps every WeasyPrint record at WARNING or above."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def attachments(package: Package, root: Path, report: Report) -> list[Any]:
    """The package files the PDF carries, as new Attachment objects.

    A session's report attaches only what concerns its session
    (``session_files``), so adding another session leaves its bytes as they
    were; the overview attaches ``datapackage.json`` and every resource file.
    New objects for every write (WeasyPrint consumes them), with the
    document's date rather than the files' times, so the bytes do not change
    with a checkout.
    """
    from weasyprint import Attachment

    created, modified = (d.replace(tzinfo=None) for d in document_dates(report))
    titles = {str(r["path"]): str(r.get("title") or r.get("name") or "")
              for r in package.descriptor.get("resources", [])}  # fmt: skip
    titles[DESCRIPTOR] = "Data package descriptor (Frictionless)"
    if report.session_id in {s.session_id for s in package.sessions}:
        files = session_files(root, package.descriptor, [report.session_id])[report.session_id]
    else:
        files = {rel: (root / rel).read_bytes() for rel in dict.fromkeys([DESCRIPTOR, *titles])}
    return [
        Attachment(
            string=data,
            name=rel,
            description=titles.get(rel, ""),
            created=created,
            modified=modified,
            relationship="Data",
        )
        for rel, data in files.items()
    ]


def _xmp_language(lang: str) -> bytes:
    """The XMP ``dc:language`` of the document (PDF/UA-1 7.2 asks for it)."""
    escaped = escape(lang).encode()
    return (
        b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b"<dc:language><rdf:Bag><rdf:li>" + escaped + b"</rdf:li></rdf:Bag></dc:language>"
        b"</rdf:Description>"
    )


#: HTML ``scope`` onto the PDF's table attribute ``/Scope``; a ``th`` without
#: one heads its column, as WeasyPrint itself reads it when it links cells.
SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}


def _header_cells(box: Any) -> Iterator[Any]:
    """Every ``th`` box below ``box`` that WeasyPrint tagged (``box.mark``)."""
    if box.element_tag == "th" and getattr(box, "mark", None) is not None:
        yield box
    for child in getattr(box, "children", ()):
        yield from _header_cells(getattr(child, "_box", child))


def _scope_headers(document: Any) -> None:
    """Give each table header cell the ``/Scope`` its HTML ``scope`` says.

    WeasyPrint 70 links every data cell to its headers (``/Headers``) but
    leaves ``/Scope`` off the header cells, which PDF/UA checkers read to
    tell a column's header from a row's. The structure element of a cell is
    kept on its box, so the scope is taken from the very element it tags.
    """
    for page in document.pages:
        for cell in _header_cells(page._page_box):
            scope = SCOPES.get(cell.element.get("scope", "col"), "/Column")
            cell.mark["A"]["Scope"] = scope


def _finish(document: Any, pdf: Any) -> None:
    """Complete the PDF/UA-1 claim before the one write of the file.

    The table headers get their ``/Scope``; the catalog's ``/AF`` lists each
    attachment once (WeasyPrint's PDF/A-3 pass adds each file spec twice,
    once from the name tree and once from the objects); and the XMP packet
    gets the PDF/UA identification, with the extension schema PDF/A demands
    for a namespace it does not predefine, and the document's language.
    """
    _scope_headers(document)
    if "AF" in pdf.catalog:
        pdf.catalog["AF"] = _array(dict.fromkeys(pdf.catalog["AF"]))
    number = int(pdf.catalog["Metadata"].split()[0])
    stream = pdf.objects[number]
    packet = b"".join(p if isinstance(p, bytes) else str(p).encode() for p in stream.stream)
    if b"</rdf:RDF>" not in packet:
        raise BuildError(["the PDF's XMP metadata has no rdf:RDF element to extend"])
    extra = XMP_UA + _xmp_language(document.metadata.lang or "")
    stream.stream = [packet.replace(b"</rdf:RDF>", extra + b"</rdf:RDF>", 1)]
    stream.compress = False


def _array(items: Any) -> Any:
    """A pydyf array of ``items`` (imported lazily, as WeasyPrint is)."""
    import pydyf

    return pydyf.Array(items)


#: How far, in CSS px, a box may stick out of the page's content area before
#: it counts as running off it: rounding and glyph overhang, not content.
TOLERANCE = 1.0


def _leaves(box: Any, slide: int | None) -> Iterator[tuple[int | None, Any]]:
    """Every line, text and replaced box below ``box``, with the number of its slide.

    Absolutely positioned boxes sit in the tree as placeholders that hand on
    every attribute to the box they hold, so they are walked like any other.
    """
    from weasyprint.formatting_structure.boxes import LineBox, ReplacedBox, TextBox

    element = getattr(box, "element", None)
    if box.element_tag == "section" and element is not None and element.get("data-slide"):
        slide = int(element.get("data-slide"))
    inner = getattr(box, "_box", box)
    if isinstance(inner, TextBox | ReplacedBox | LineBox):
        yield slide, inner
    for child in getattr(box, "children", ()):
        yield from _leaves(child, slide)


def _edges(box: Any, area: tuple[float, float, float, float]) -> Iterator[str]:
    """The edges of ``area`` (left, top, right, bottom) that ``box`` crosses.

    Across, a text box is measured (its glyphs); down, a line box (a text
    box's font box reaches above and below a tight line, where no ink is).
    """
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    left, top, right, bottom = area
    x, y = box.border_box_x(), box.border_box_y()
    if not isinstance(box, LineBox):
        if x + box.border_width() > right + TOLERANCE:
            yield "right"
        if x < left - TOLERANCE:
            yield "left"
    if not isinstance(box, TextBox):
        if y + box.border_height() > bottom + TOLERANCE:
            yield "bottom"
        if y < top - TOLERANCE:
            yield "top"


def overflows(document: Any, report: Report, name: str) -> list[str]:
    """One line for each slide that runs past an edge of a page's content area.

    The laid-out boxes (``Page._page_box``: the only access WeasyPrint gives to
    positions) are compared with the area inside the page margins; the margin
    boxes (footer, page number) live outside it by design and are skipped.
    """
    from weasyprint.formatting_structure.boxes import MarginBox

    headings = {slide.number: slide.heading for slide in report.slides}
    problems: dict[str, None] = {}
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box
        left, top = page_box.content_box_x(), page_box.content_box_y()
        area = (left, top, left + page_box.width, top + page_box.height)
        for child in page_box.children:
            if isinstance(child, MarginBox):
                continue
            for slide, leaf in _leaves(child, None):
                where = f"slide {slide} '{headings.get(slide, '')}'" if slide else "the report"
                for edge in _edges(leaf, area):
                    line = f"{name}: {where}: content runs past the {edge} edge of page {number}"
                    problems[line] = None
    return list(problems)


def document_name(report: Report, package: Package) -> str:
    """The PDF's file name, as the build writes it: a language suffix when it
    is not the session's (or, for the overview, the package's) own language."""
    try:
        own = package.session(report.session_id).language
    except KeyError:
        own = original_language(package)
    return file_name(report.session_id, "pdf", report.lang, own)


def render_pdf(report: Report, html: str, package: Package, root: Path) -> bytes:
    """The PDF of ``html`` (made by ``render_html(report)``), data attached.

    Raises BuildError when WeasyPrint logs anything at WARNING or above, when
    the document asked for a resource the fetcher refused, or when anything
    laid out runs past the edge of its page (text that cannot wrap, a box
    too tall for its slide), naming the slide and the page.
    """
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint names an attachment's type from the stdlib table, else from
    # the system's mime.types; the source text (.md) is in only the latter, so
    # fix it here or the PDF's bytes would depend on the machine.
    mimetypes.add_type("text/markdown", ".md")
    images = {s.src: s.media_type for s in report.slides if isinstance(s, PhotoSlide)}
    fetcher = locked_fetcher(REPORT_DIR, images)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        options: dict[str, Any] = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
        document = HTML(
            string=html, base_url=REPORT_DIR.as_uri() + "/", url_fetcher=fetcher
        ).render(font_config=FontConfiguration(), **options)
        problems = [f"{report.session_id}: refused to fetch {url}" for url in fetcher.refused]
        problems += overflows(document, report, document_name(report, package))
        if not problems:
            data = document.write_pdf(
                finisher=_finish, attachments=attachments(package, root, report), **options
            )
    finally:
        logger.removeHandler(collect)
    problems += [
        f"{report.session_id}: WeasyPrint {r.levelname.lower()}: {r.getMessage()}"
        for r in collect.records
    ]
    if problems:
        raise BuildError(dict.fromkeys(problems))
    return bytes(data)
