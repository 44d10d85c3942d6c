"""The PDF of dvhg-2024: every slide's text on its page, and every claim it makes
(PDF/A-3u, PDF/UA-1, tags, language, metadata, attachments, fonts) checked."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from pypdf import PdfReader

from ontwerptafel.errors import BuildError
from ontwerptafel.views.layout import walk
from ontwerptafel.views.model import plain
from ontwerptafel.views.slides import Report

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def pages(built: dict[str, Any]) -> list[str]:
    reader = PdfReader(built["pdf"])
    return [squash(page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def pdf(built: dict[str, Any]) -> pikepdf.Pdf:
    return pikepdf.open(built["pdf"])


def slide_texts(slide: Any) -> list[str]:
    """The texts a slide must show, in the order it shows them."""
    d = slide
    if slide.kind == "title":
        return [d.title, d.subtitle, d.date, *d.organisers]
    if slide.kind == "problem-goal":
        items = [*d.problems, *d.questions, *d.goals]
        return [plain(i.text) for i in items]
    if slide.kind == "outcomes":
        return [plain(i.text) for i in d.paragraphs]
    if slide.kind == "flipchart":
        # a note reads with its words above the line at their place in it
        return [
            f"{plain(n.parts[0])}{n.above_line} {plain(n.parts[1] + n.parts[2])}"
            if n.above_line
            else plain(n.text)
            for c in d.columns
            for n in walk(c.notes)
        ]
    if slide.kind in ("barriers", "promises"):
        return [plain(i.text) for i in d.items]
    if slide.kind == "barriers-split":
        left = [plain(i.text) for i in d.left]
        right = [plain(i.text) for i in d.right]
        return [d.left_heading, *left, d.right_heading, *right]
    if slide.kind == "contacts":
        return [x for c in d.contacts for x in (c.name, c.affiliation, c.email)]
    if slide.kind == "evidence":
        return [x for r in d.items for x in (r.marker, plain(r.text))]
    if slide.kind == "colophon":
        return [d.citation, d.version]
    raise AssertionError(f"no expectation for slide kind {slide.kind}")


def test_one_page_per_slide(built: dict[str, Any], pages: list[str]) -> None:
    report: Report = built["report"]
    assert len(pages) == len(report.slides) >= 16


def test_each_page_shows_its_heading_and_items_in_order(
    built: dict[str, Any], pages: list[str]
) -> None:
    report: Report = built["report"]
    for slide, text in zip(report.slides, pages, strict=True):
        if slide.kind == "barriers-split":  # the original heads it by its columns alone
            assert squash(slide.heading) not in text, f"page {slide.number}: added heading"
        else:
            assert squash(slide.heading) in text, f"page {slide.number}: heading {slide.heading!r}"
        pos = 0
        for expected in slide_texts(slide):
            found = text.find(squash(expected), pos)
            assert found >= 0, f"page {slide.number}: {expected!r} missing or out of order"
            pos = found
        assert text.endswith(f"{slide.number} / {len(pages)}") or slide.kind == "title"


def test_slides_come_in_the_original_order(built: dict[str, Any]) -> None:
    kinds = [s.kind for s in built["report"].slides]
    charts = ["flipchart"] * 7
    closing = ["barriers", "barriers-split", "promises", "promises", "contacts"]
    original = ["title", "problem-goal", "outcomes", *charts, *closing]
    assert kinds[: len(original)] == original
    appendix = kinds[len(original) : -1]
    assert set(appendix) == {"evidence"}, "only the evidence appendix follows"
    assert kinds[-1] == "colophon"


def test_pages_are_16_by_9_landscape(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
        assert (x1 - x0, y1 - y0) == (960, 540)


def test_document_info_comes_from_the_report(built: dict[str, Any], pdf: pikepdf.Pdf) -> None:
    report: Report = built["report"]
    info = pdf.docinfo
    assert str(info["/Title"]) == report.title
    assert str(info["/Author"]) == ", ".join(report.authors)
    assert str(info["/Subject"]) == report.subtitle
    assert str(info["/Keywords"]) == ", ".join(report.keywords)
    assert str(info["/CreationDate"]).startswith("D:20241112")  # the session's date


def test_tagged_with_language_and_title_shown(pdf: pikepdf.Pdf) -> None:
    root = pdf.Root
    assert "/StructTreeRoot" in root
    assert bool(root.MarkInfo.Marked) is True
    assert str(root.Lang) == "nl"
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True


def test_xmp_claims_pdfa3u_and_pdfua1_with_extension_schema(pdf: pikepdf.Pdf) -> None:
    xmp = etree.fromstring(pdf.Root.Metadata.read_bytes())
    rdf = xmp.findall(".//rdf:RDF", NS)
    assert len(rdf) == 1, "one rdf:RDF, as XMP requires"

    def value(name: str) -> str:
        attr = rdf[0].xpath(f"rdf:Description/@{name}", namespaces=NS)
        elem = rdf[0].xpath(f"rdf:Description/{name}/text()", namespaces=NS)
        assert len(attr + elem) == 1, name
        return str((attr + elem)[0])

    assert value("pdfaid:part") == "3"
    assert value("pdfaid:conformance") == "U"
    assert value("pdfuaid:part") == "1"
    schemas = rdf[0].xpath("rdf:Description/pdfaExtension:schemas/rdf:Bag/rdf:li", namespaces=NS)
    uri = [s.findtext("pdfaSchema:namespaceURI", namespaces=NS) for s in schemas]
    prefixes = [s.findtext("pdfaSchema:prefix", namespaces=NS) for s in schemas]
    assert ("http://www.aiim.org/pdfua/ns/id/", "pdfuaid") in zip(uri, prefixes, strict=True)
    title = rdf[0].xpath("rdf:Description/dc:title/rdf:Alt/rdf:li/text()", namespaces=NS)
    assert title == [str(pdf.docinfo["/Title"])]


def test_a_bookmark_per_slide(built: dict[str, Any], pdf: pikepdf.Pdf) -> None:
    report: Report = built["report"]
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert len(titles) == len(report.slides)
    for slide, title in zip(report.slides, titles, strict=True):
        assert slide.heading in title


def test_the_sessions_part_of_the_package_is_attached_as_data(
    built: dict[str, Any], pdf: pikepdf.Pdf
) -> None:
    """The only session of the package owns every row: each table is attached
    as the package has it, but the codebook, of which only the codes its
    codings use (and their parents), and the descriptor, trimmed to these files."""
    root: Path = built["root"]
    import json

    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    expected = ["datapackage.json", *(r["path"] for r in descriptor["resources"])]
    files = pdf.attachments
    assert sorted(files) == sorted(expected)
    af = {spec.objgen for spec in pdf.Root.AF}
    for name in expected:
        spec = files[name]
        assert str(spec.obj.AFRelationship) == "/Data"
        assert spec.obj.objgen in af
        stream = spec.get_file()
        data, whole = stream.read_bytes(), (root / name).read_bytes()
        if name == "data/codes.csv":
            assert set(data.splitlines()) < set(whole.splitlines())
        elif name != "datapackage.json":
            assert data == whole, name
        assert str(stream.obj.Params.ModDate).startswith("D:20241112")
    trimmed = json.loads(files["datapackage.json"].get_file().read_bytes())
    assert trimmed["name"] == "ontwerptafel-dvhg-2024"
    assert "version" not in trimmed
    assert [r["name"] for r in trimmed["resources"]] == [r["name"] for r in descriptor["resources"]]


def _fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    fonts = []
    for page in pdf.pages:
        for _, font in page.Resources.get("/Font", {}).items():
            fonts.append(font)
    return fonts


def test_every_font_is_embedded_and_vendored(pdf: pikepdf.Pdf) -> None:
    families = set()
    fonts = _fonts(pdf)
    assert fonts
    for font in fonts:
        for desc_font in font.get("/DescendantFonts", [font]):
            descriptor = desc_font.FontDescriptor
            embedded = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            assert embedded is not None, f"{font.BaseFont} is not embedded"
            face = TTFont(io.BytesIO(embedded.read_bytes()))
            families.add(face["name"].getDebugName(1))
    assert families <= {"Noto Sans", "DejaVu Sans"}
    assert "Noto Sans" in families


def test_every_figure_has_alt_text(pdf: pikepdf.Pdf) -> None:
    seen = 0
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        seen += 1
        if node.get("/S") == "/Figure":
            assert "/Alt" in node, "a figure without alt text"
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack += [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        elif isinstance(kids, pikepdf.Dictionary) and "/S" in kids:
            stack.append(kids)
    assert seen > 50, "the structure tree holds the document"


def test_a_weasyprint_warning_fails_the_build(built: dict[str, Any]) -> None:
    from ontwerptafel.package.read import load
    from ontwerptafel.render.html import render_html
    from ontwerptafel.render.pdf import render_pdf

    report: Report = built["report"]
    html = render_html(report).replace("</style>", "p { colour: red; }\n</style>", 1)
    with pytest.raises(BuildError) as info:
        render_pdf(report, html, load(built["root"]), built["root"])
    assert any("WeasyPrint warning" in line and "colour" in line for line in info.value.lines())
