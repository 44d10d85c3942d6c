"""Generate ``report/reference.docx``: the page and styles of the DOCX report.

pandoc takes a DOCX's look (styles, page size, margins, footer) from a
reference document. Ours is generated, never edited by hand, so it cannot
drift: it starts from pandoc's own default reference (so it always has every
style pandoc expects) and changes only what the report needs: a landscape
16:9 page like the original slides, one sans-serif face, one accent colour,
the custom styles the renderer uses, and a footer with the page number.

Run ``python -m ontwerptafel.render.docx.reference`` after changing this file or
``docx_styles``; a test checks that the committed file equals a fresh one.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from ontwerptafel.assets import REFERENCE_DOCX
from ontwerptafel.files import deterministic_zip, office_order, write_atomic
from ontwerptafel.render.docx.pandoc_binary import run_pandoc
from ontwerptafel.render.docx.styles import BUILT_IN, FONT, FONT_ALT, STYLES, fonts

REFERENCE = REFERENCE_DOCX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
XMLNS = f'xmlns:w="{W}" xmlns:r="{R}"'

# Page: 33.867 cm x 19.05 cm (13.333 x 7.5 in, a 16:9 slide) in twentieths of a point.
PAGE_W, PAGE_H = 19200, 10800
MARGIN_X, MARGIN_Y, FOOTER_GAP = 1134, 794, 397

#: The date inside the reference (its core properties and zip entries): fixed, so
#: regenerating gives the same bytes.
FIXED = dt.datetime(2024, 11, 12, tzinfo=dt.UTC)

FOOTER = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {XMLNS}>'
    '<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>'
)
FOOTER_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
    "rIdOntwerptafelFooter",
    "footer1.xml",
)
FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"


def _el(xml: str) -> etree._Element:
    return etree.fromstring(f"<w:x {XMLNS}>{xml}</w:x>")[0]


def _style(kind: str, sid: str, name: str, based: str | None, ppr: str, rpr: str) -> str:
    custom = "" if sid in BUILT_IN else ' w:customStyle="1"'
    parts = [f'<w:style w:type="{kind}"{custom} w:styleId="{sid}">']
    parts.append(f'<w:name w:val="{name}"/>')
    if based:
        parts.append(f'<w:basedOn w:val="{based}"/>')
    parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def edit_styles(xml: bytes) -> bytes:
    """Set the house style: fonts and size by default, then each style of STYLES."""
    root = etree.fromstring(xml)
    rpr = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    old = rpr.find("w:rFonts", NS)
    rpr.replace(old, _el(fonts()))
    for kind, sid, name, based, ppr, rpr_xml in STYLES:
        new = _el(_style(kind, sid, name, based, ppr, rpr_xml))
        old = root.find(f"w:style[@w:styleId='{sid}']", NS)
        if old is not None:
            root.replace(old, new)
        else:
            root.append(new)
    table = root.find("w:style[@w:styleId='Table']", NS)
    for first_row in table.findall("w:tblStylePr", NS):  # no rule under a first row
        table.remove(first_row)
    margins = table.find("w:tblPr/w:tblCellMar", NS)  # text aligned left, a gutter right
    margins.find("w:left", NS).set(f"{{{W}}}w", "0")
    margins.find("w:right", NS).set(f"{{{W}}}w", "340")
    root.append(layout_table_style(table))
    return _serialize(root)


def layout_table_style(table: etree._Element) -> etree._Element:
    """Word's built-in "Normal Table", which ``Table`` is based on, with the same
    cell margins: the tables that only set columns side by side use it, so they
    look like the others and Word's accessibility checker reads them as layout."""
    style = _el(
        '<w:style w:type="table" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    )
    style.append(copy.deepcopy(table.find("w:tblPr", NS)))
    return style


def edit_document(xml: bytes) -> bytes:
    """Landscape 16:9 page, margins, and the page-number footer in the section."""
    root = etree.fromstring(xml)
    sect = root.find("w:body/w:sectPr", NS)
    for child in list(sect):
        if child.tag != f"{{{W}}}footnotePr":
            sect.remove(child)
    sect.insert(0, _el(f'<w:footerReference w:type="default" r:id="{FOOTER_REL[1]}"/>'))
    sect.append(_el(f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}" w:orient="landscape"/>'))
    sect.append(
        _el(
            f'<w:pgMar w:top="{MARGIN_Y}" w:right="{MARGIN_X}" w:bottom="{MARGIN_Y}" '
            f'w:left="{MARGIN_X}" w:header="{FOOTER_GAP}" w:footer="{FOOTER_GAP}" w:gutter="0"/>'
        )
    )
    sect.append(_el("<w:titlePg/>"))  # the title slide shows no page number
    body = root.find("w:body", NS)
    for kind, sid, name, *_ in STYLES:  # a sample of each custom paragraph style
        if kind == "paragraph" and sid not in BUILT_IN and sid != "SlideBreak":
            sample = _el(f'<w:p><w:pPr><w:pStyle w:val="{sid}"/></w:pPr>'
                         f"<w:r><w:t>{name}</w:t></w:r></w:p>")  # fmt: skip
            body.insert(len(body) - 1, sample)
    return _serialize(root)


def edit_theme(xml: bytes) -> bytes:
    """Headings and body use one face: point the theme's fonts at it too."""
    root = etree.fromstring(xml)
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    for latin in root.iter(f"{{{a}}}latin"):
        latin.set("typeface", FONT)
        latin.set("panose", "020F0502020204030204")
    return _serialize(root)


def edit_font_table(xml: bytes) -> bytes:
    """Declare the face as a sans-serif with its metric-compatible alternative."""
    root = etree.fromstring(xml)
    root.insert(
        0,
        _el(
            f'<w:font w:name="{FONT}"><w:altName w:val="{FONT_ALT}"/>'
            '<w:panose1 w:val="020F0502020204030204"/><w:charset w:val="00"/>'
            '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
        ),
    )
    return _serialize(root)


def add_footer_parts(rels: bytes, types: bytes) -> tuple[bytes, bytes]:
    """Register footer1.xml with the document and the package."""
    rel_root = etree.fromstring(rels)
    pkg = rel_root.nsmap[None]
    rel_root.append(etree.Element(f"{{{pkg}}}Relationship", Type=FOOTER_REL[0],
                                  Id=FOOTER_REL[1], Target=FOOTER_REL[2]))  # fmt: skip
    type_root = etree.fromstring(types)
    ct = type_root.nsmap[None]
    type_root.append(
        etree.Element(f"{{{ct}}}Override", PartName="/word/footer1.xml", ContentType=FOOTER_TYPE)
    )
    return _serialize(rel_root), _serialize(type_root)


def pandoc_default_reference() -> bytes:
    """pandoc's own reference.docx, from the pinned pandoc binary."""
    with tempfile.TemporaryDirectory(prefix="ontwerptafel-pandoc-") as tmp:
        return run_pandoc(["--print-default-data-file", "reference.docx"], b"", Path(tmp))


def build_reference() -> bytes:
    """The bytes of report/reference.docx."""
    with zipfile.ZipFile(io.BytesIO(pandoc_default_reference())) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["word/styles.xml"] = edit_styles(parts["word/styles.xml"])
    parts["word/document.xml"] = edit_document(parts["word/document.xml"])
    parts["word/theme/theme1.xml"] = edit_theme(parts["word/theme/theme1.xml"])
    parts["word/fontTable.xml"] = edit_font_table(parts["word/fontTable.xml"])
    parts["word/_rels/document.xml.rels"], parts["[Content_Types].xml"] = add_footer_parts(
        parts["word/_rels/document.xml.rels"], parts["[Content_Types].xml"]
    )
    parts["word/footer1.xml"] = FOOTER.encode()
    return fixed_package(parts, "ontwerptafel reference document")


def fixed_package(parts: dict[str, bytes], title: str) -> bytes:
    """A reference file (DOCX or PPTX) zipped with core properties and entry
    times dated ``FIXED``, so regenerating it gives the committed bytes."""
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ")
    parts["docProps/core.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{title}</dc:title>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()
    return deterministic_zip(office_order(parts.items()), FIXED)


def write_reference(path: Path = REFERENCE) -> Path:
    """Write the reference document (atomically) and return its path."""

    return write_atomic(path, build_reference())


def main(argv: list[str] | None = None) -> int:
    """``python -m ontwerptafel.render.docx.reference [PATH]``: write the reference document."""
    args = sys.argv[1:] if argv is None else argv
    target = write_reference(Path(args[0]) if args else REFERENCE)
    sys.stdout.write(f"wrote {target}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
