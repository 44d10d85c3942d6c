"""Finish a slide pandoc wrote: its text size, its tables, and a hidden title.

pandoc's PowerPoint writer sets every slide's text at the master's size and
every table in a banded style; what fits a slide differs by kind (a board
of 24 notes, an appendix table), so the size is set here per kind, from
``views.layout``'s decisions (the dense board). A slide whose original page
has no heading across it (``layout.UNTITLED``) keeps its title for
navigation (PowerPoint's outline, a screen reader's slide list), placed
above the slide as PowerPoint's "Add Hidden Slide Title" does, so it is never
shown or printed.
"""

from __future__ import annotations

from lxml import etree

from ontwerptafel.render.pptx.reference import CONTENT_W, CONTENT_X
from ontwerptafel.views import layout
from ontwerptafel.views.slides import PhotoSlide, Slide

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}

#: body text size per slide kind, in hundredths of a point (a 10-inch slide)
SIZES = {
    "title": 2000,
    "problem-goal": 1600,
    "outcomes": 1600,
    "flipchart": 1200,
    "barriers": 1600,
    "barriers-split": 1400,
    "promises": 1600,
    "contacts": 1600,
    "evidence": 750,
    "colophon": 1200,
    "overview-title": 2000,
    "overview-counts": 1000,
    "overview-chart": 1000,
    "overview-findings": 1000,
}
#: title size of the kinds whose title is a long sentence (the master's is 28 pt)
TITLE_SIZES = {"title": 2400, "overview-title": 2400}
#: the largest size of the text above a table
CAPTION_SIZE = 1000
#: the size of a board ``layout.dense`` finds too full for the normal one
DENSE_SIZE = 1000
#: "No Style, No Grid": a table is only the slide's columns, as in the original
PLAIN_TABLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
#: "Light Style 1 – Accent 1": rules between rows, for a table of data
DATA_TABLE = "{3B4B98B0-60AC-42C2-AFA5-B58CD77FA1E5}"
#: where a hidden title stands: its own height above the slide's top edge
HIDDEN_Y, TITLE_H = -1000000, 857250
#: a bullet's indent in a table cell, per list level (EMU)
BULLET_INDENT = 228600


def size_of(slide: Slide) -> int:
    if getattr(slide, "dense", False):
        return DENSE_SIZE
    return SIZES.get(slide.kind, 1600)


def _title(root: etree._Element) -> etree._Element | None:
    for sp in root.iterfind(".//p:sp", NS):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is not None and ph.get("type") in ("title", "ctrTitle"):
            return sp
    return None


def hide_title(sp: etree._Element) -> None:
    """Place the title shape above the slide: present, named, never shown."""
    sppr = sp.find("p:spPr", NS)
    for old in sppr.findall("a:xfrm", NS):
        sppr.remove(old)
    xfrm = etree.Element(f"{{{A}}}xfrm")
    etree.SubElement(xfrm, f"{{{A}}}off", x=str(CONTENT_X), y=str(HIDDEN_Y))
    etree.SubElement(xfrm, f"{{{A}}}ext", cx=str(CONTENT_W), cy=str(TITLE_H))
    sppr.insert(0, xfrm)


def size_text(root: etree._Element, title: etree._Element | None, size: int) -> None:
    """Every run outside the title without a size of its own gets ``size``; the
    text above a table (a board's meta line and legend) at most ``CAPTION_SIZE``."""
    skip = set(title.iter()) if title is not None else set()
    caption: set[etree._Element] = set()
    for sp in root.iterfind(".//p:sp", NS):
        if sp.find("p:nvSpPr/p:nvPr/p:ph[@idx='2'][@type='body']", NS) is not None:
            caption.update(sp.iter())
    for rpr in root.iter(f"{{{A}}}rPr", f"{{{A}}}endParaRPr"):
        if rpr not in skip and rpr.get("sz") is None:
            rpr.set("sz", str(min(size, CAPTION_SIZE) if rpr in caption else size))


def finish_tables(root: etree._Element, style: str) -> None:
    """Tables in ``style``, list items in their cells bulleted."""
    for frame in root.iterfind(".//p:graphicFrame", NS):
        tbl = frame.find(".//a:tbl", NS)
        if tbl is None:
            continue
        tblpr = tbl.find("a:tblPr", NS)
        tblpr.set("bandRow", "0")
        tblpr.find("a:tableStyleId", NS).text = style
        for ppr in tbl.iter(f"{{{A}}}pPr"):
            # pandoc marks a list item in a cell by its level only: draw its bullet
            if ppr.get("lvl") is not None and len(ppr) == 0:
                level = int(ppr.get("lvl"))
                ppr.set("marL", str(BULLET_INDENT * (level + 1)))
                ppr.set("indent", str(-BULLET_INDENT))
                etree.SubElement(ppr, f"{{{A}}}buChar", char="•")


def describe_pictures(root: etree._Element, alt: str) -> None:
    """Give each picture ``alt`` as its description: pandoc's PowerPoint
    writer shows an image's alt text as the visible caption and describes
    the picture by its source (for a photo, the whole data: URI)."""
    for pr in root.iterfind(".//p:pic/p:nvPicPr/p:cNvPr", NS):
        pr.set("descr", alt)


def finish_slide(xml: bytes, slide: Slide) -> bytes:
    """One slide's XML, finished for its kind."""
    root = etree.fromstring(xml)
    title = _title(root)
    if title is not None and slide.kind in layout.UNTITLED:
        hide_title(title)
    size_text(root, title, size_of(slide))
    if title is not None and slide.kind in TITLE_SIZES:
        for rpr in title.iter(f"{{{A}}}rPr"):
            rpr.set("sz", str(TITLE_SIZES[slide.kind]))
    for rpr in root.iter(f"{{{A}}}rPr"):  # an underline is only ever the uncertain sign
        if rpr.get("u") == "sng":
            rpr.set("u", "dotted")
    finish_tables(root, PLAIN_TABLE if slide.kind == "flipchart" else DATA_TABLE)
    if isinstance(slide, PhotoSlide):
        describe_pictures(root, slide.alt)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
