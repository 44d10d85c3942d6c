"""Generate ``report/reference.pptx``: the master, layouts and theme of the PPTX report.

pandoc's PowerPoint writer takes a deck's look from a reference
presentation. Ours is generated, never edited by hand: it starts from
pandoc's own default (16:9 at 10 x 5.625 in, with every layout pandoc
picks by name) and changes only the house style: the DOCX's face, the
house colours in the theme, titles left-aligned in the accent colour, and
body text sizes for a 10-inch slide; and the layout pandoc uses for text
above a table stacks them instead of setting them side by side.

Run ``python -m ontwerptafel.render.pptx.reference`` after changing this
file; a test checks that the committed file equals a fresh one.
"""

from __future__ import annotations

import io
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from ontwerptafel.assets import REFERENCE_PPTX
from ontwerptafel.files import write_atomic
from ontwerptafel.render import colours
from ontwerptafel.render.colours import ooxml
from ontwerptafel.render.docx.pandoc_binary import run_pandoc
from ontwerptafel.render.docx.reference import fixed_package
from ontwerptafel.render.docx.styles import FONT

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}

#: theme colour slot -> house colour
THEME_COLOURS = {
    "dk1": colours.INK,
    "dk2": colours.ACCENT,
    "accent1": colours.ACCENT,
    "accent2": colours.FLAG,
    "hlink": colours.ACCENT,
    "folHlink": colours.MUTED,
}
#: title size, and body text size per list level (hundredths of a point)
TITLE_SIZE = 2800
BODY_SIZES = (2000, 1800, 1600, 1600, 1600, 1600, 1600, 1600, 1600)
#: the slide's content box (the master's body placeholder), in EMU
CONTENT_X, CONTENT_W, CONTENT_BOTTOM = 457200, 8229600, 4594623
#: the boxes (x, y, width, height) of "Content with Caption": placeholder -> box
CAPTION_LAYOUT = {
    "title": (CONTENT_X, 205979, CONTENT_W, 857250),
    "2": (CONTENT_X, 1063229, CONTENT_W, 640000),
    "1": (CONTENT_X, 1703229, CONTENT_W, CONTENT_BOTTOM - 1703229),
}


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def edit_theme(xml: bytes) -> bytes:
    """The house colours in the theme's slots, the DOCX's face for titles and text."""
    root = etree.fromstring(xml)
    scheme = root.find(".//a:clrScheme", NS)
    for slot, colour in THEME_COLOURS.items():
        el = scheme.find(f"a:{slot}", NS)
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{{{A}}}srgbClr", val=ooxml(colour))
    for latin in root.findall(".//a:fontScheme/*/a:latin", NS):
        latin.set("typeface", FONT)
    return _serialize(root)


def edit_master(xml: bytes) -> bytes:
    """Titles left-aligned, bold, in the accent colour; body sizes for the slide."""
    root = etree.fromstring(xml)
    title = root.find("p:txStyles/p:titleStyle/a:lvl1pPr", NS)
    title.set("algn", "l")
    rpr = title.find("a:defRPr", NS)
    rpr.set("sz", str(TITLE_SIZE))
    rpr.set("b", "1")
    rpr.find("a:solidFill/a:schemeClr", NS).set("val", "accent1")
    body = root.find("p:txStyles/p:bodyStyle", NS)
    for level, size in enumerate(BODY_SIZES, 1):
        el = body.find(f"a:lvl{level}pPr/a:defRPr", NS)
        if el is not None:
            el.set("sz", str(size))
    return _serialize(root)


def edit_caption_layout(xml: bytes) -> bytes:
    """ "Content with Caption", which pandoc picks for text followed by a table
    (a board's meta line and legend, an appendix's intro): stacked as the
    other slides are, the title on top as on every slide, the text below it
    across the slide, the table below that, instead of a narrow column
    beside it."""
    root = etree.fromstring(xml)
    for sp in root.iterfind(".//p:sp", NS):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        box = CAPTION_LAYOUT.get(ph.get("idx") or ph.get("type") or "")
        if box is None:
            continue
        off, ext = sp.find("p:spPr/a:xfrm/a:off", NS), sp.find("p:spPr/a:xfrm/a:ext", NS)
        off.set("x", str(box[0]))
        off.set("y", str(box[1]))
        ext.set("cx", str(box[2]))
        ext.set("cy", str(box[3]))
        if ph.get("type") == "title":  # the master's title style, as on every slide
            sp.find("p:txBody/a:bodyPr", NS).attrib.pop("anchor", None)
            style = sp.find("p:txBody/a:lstStyle", NS)
            for child in list(style):
                style.remove(child)
    return _serialize(root)


def pandoc_default_reference() -> bytes:
    """pandoc's own reference.pptx, from the pinned pandoc binary."""
    with tempfile.TemporaryDirectory(prefix="ontwerptafel-pandoc-") as tmp:
        return run_pandoc(["--print-default-data-file", "reference.pptx"], b"", Path(tmp))


def build_reference() -> bytes:
    """The bytes of report/reference.pptx."""
    with zipfile.ZipFile(io.BytesIO(pandoc_default_reference())) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["ppt/theme/theme1.xml"] = edit_theme(parts["ppt/theme/theme1.xml"])
    master = "ppt/slideMasters/slideMaster1.xml"
    parts[master] = edit_master(parts[master])
    caption = "ppt/slideLayouts/slideLayout8.xml"
    parts[caption] = edit_caption_layout(parts[caption])
    return fixed_package(parts, "ontwerptafel reference presentation")


def write_reference(path: Path = REFERENCE_PPTX) -> Path:
    """Write the reference presentation (atomically) and return its path."""
    return write_atomic(path, build_reference())


def main(argv: list[str] | None = None) -> int:
    """``python -m ontwerptafel.render.pptx.reference [PATH]``: write the reference."""
    args = sys.argv[1:] if argv is None else argv
    target = write_reference(Path(args[0]) if args else REFERENCE_PPTX)
    sys.stdout.write(f"wrote {target}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
