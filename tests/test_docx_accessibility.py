"""The DOCX editions keep what a screen reader and Word's accessibility checker read, in their XML.

Checked on the Dutch and English reports of dvhg-2024 and on the overview of
a package of two sessions: headings, lists, table header rows, alternative
text, the document's language and its core properties.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from conftest import copy_package, fill_workbook
from ontwerptafel.views.i18n import region_tag

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {
    "w": W,
    "wp": WP,
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}
HEADING = re.compile(r"Heading(\d)\Z")
#: a list marker typed into the text instead of being the paragraph's numbering
TYPED_MARKER = re.compile(r"\s*(\d+[.)]|[•*–-])\s")
DOCUMENTS = ("nl", "en", "overview")
#: the paragraph styles of a data table's cells, where a bold cell is data
DATA_CELLS = {"TableHead", "TableText", "TableNote"}


@pytest.fixture(scope="module")
def overview_docx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The overview DOCX of the package with the invented voorbeeld-2025 imported,
    rendered as ``build`` renders it, without the sessions' own documents."""
    from ontwerptafel.package.read import load
    from ontwerptafel.render.docx.document import render_docx
    from ontwerptafel.sessions.importer import import_path
    from ontwerptafel.sessions.workbook import new_session_workbook
    from ontwerptafel.views.overview import build_overview

    base = tmp_path_factory.mktemp("overview-docx")
    pkg = copy_package(base / "pkg")
    book = new_session_workbook(
        pkg, "voorbeeld-2025", "Verzonnen voorbeeld", "2025-11-11", out=base / "vb.xlsx"
    )
    import_path(pkg, fill_workbook(book))
    package = load(pkg)
    report = build_overview(package, "nl")
    docx = base / "overview.docx"
    docx.write_bytes(render_docx(report, package, pkg))
    return {"docx": docx, "report": report}


@pytest.fixture(params=DOCUMENTS)
def document(request: pytest.FixtureRequest) -> tuple[Any, dict[str, etree._Element]]:
    """A DOCX's view model and its parts (document, styles, numbering, core) as XML."""
    if request.param == "overview":
        built = request.getfixturevalue("overview_docx")
    else:
        built = request.getfixturevalue("editions")[request.param]
    names = {
        "document": "word/document.xml",
        "styles": "word/styles.xml",
        "numbering": "word/numbering.xml",
        "core": "docProps/core.xml",
    }
    with zipfile.ZipFile(io.BytesIO(Path(built["docx"]).read_bytes())) as zf:
        parts = {key: etree.fromstring(zf.read(name)) for key, name in names.items()}
    return built["report"], parts


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def style_of(el: etree._Element) -> str | None:
    style = el.find("w:pPr/w:pStyle", NS)
    return None if style is None else style.get(w("val"))


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def paragraphs(doc: etree._Element) -> list[etree._Element]:
    """Every paragraph of the body in reading order, table cells included."""
    return list(doc.find("w:body", NS).iter(w("p")))


def expected_headings(report: Any) -> list[tuple[int, str]]:
    """(level, text) of every heading the slides have, in slide order."""
    out: list[tuple[int, str]] = []
    for s in report.slides:
        if s.kind == "barriers-split":
            out += [(1, s.left_heading), (1, s.right_heading)]
        elif s.kind == "problem-goal":  # the goal is the problem's peer, as in the PDF
            out += [(1, s.heading), (1, report.labels["goal"])]
        elif s.kind == "overview-findings":
            out += [(1, s.heading), *((2, col.label) for col in s.columns)]
        else:
            out.append((1, s.heading))
    return out


def test_slide_headings_are_heading_styles_in_order_without_skipped_levels(document):
    report, parts = document
    found = []
    for p in paragraphs(parts["document"]):
        match = HEADING.match(style_of(p) or "")
        if match:
            found.append((int(match[1]), text_of(p)))
    assert found == expected_headings(report)
    levels = [level for level, _ in found]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_no_heading_is_faked_with_bold_text(document):
    """Outside the data tables no paragraph is bold throughout by direct
    formatting: what looks like a heading is one."""
    report, parts = document
    headings = {text for _, text in expected_headings(report)}
    for p in paragraphs(parts["document"]):
        runs = [r for r in p.iter(w("r")) if "".join(r.itertext()).strip()]
        if not runs or HEADING.match(style_of(p) or "") or style_of(p) in DATA_CELLS:
            continue
        assert text_of(p) not in headings, f"{text_of(p)!r} is styled {style_of(p)!r}"
        bold = [r.find("w:rPr/w:b", NS) is not None for r in runs]
        assert not all(bold), f"{text_of(p)!r} ({style_of(p)}) is bold text, not a heading"


def list_formats(numbering: etree._Element) -> dict[tuple[str, str], str]:
    """(numId, ilvl) -> numFmt of every list the document numbers."""
    abstract = {
        a.get(w("abstractNumId")): {
            lvl.get(w("ilvl")): lvl.find("w:numFmt", NS).get(w("val"))
            for lvl in a.findall("w:lvl", NS)
        }
        for a in numbering.findall("w:abstractNum", NS)
    }
    out = {}
    for num in numbering.findall("w:num", NS):
        levels = abstract[num.find("w:abstractNumId", NS).get(w("val"))]
        out |= {(num.get(w("numId")), ilvl): fmt for ilvl, fmt in levels.items()}
    return out


def list_format_of(p: etree._Element, formats: dict[tuple[str, str], str]) -> str | None:
    num = p.find("w:pPr/w:numPr", NS)
    if num is None:
        return None
    key = (num.find("w:numId", NS).get(w("val")), num.find("w:ilvl", NS).get(w("val")))
    return formats[key]


def test_findings_and_statements_are_list_paragraphs(document):
    """Ranked findings are numbered list paragraphs, listed statements bulleted
    ones; no number or bullet is typed into a paragraph's text."""
    report, parts = document
    formats = list_formats(parts["numbering"])
    by_text: dict[str, list[str | None]] = {}
    for p in paragraphs(parts["document"]):
        by_text.setdefault(text_of(p), []).append(list_format_of(p, formats))
        assert not TYPED_MARKER.match(text_of(p)), f"typed list marker in {text_of(p)!r}"
    ranked = bulleted = 0
    for s in report.slides:
        items = {
            "barriers": lambda s: s.items,
            "promises": lambda s: s.items,
            "barriers-split": lambda s: (*s.left, *s.right),
            "overview-findings": lambda s: [i for col in s.columns for i in col.items],
        }.get(s.kind)
        if items:
            for item in items(s):
                assert "decimal" in by_text["".join(r.text for r in item.text)]
                ranked += 1
        if s.kind == "problem-goal":
            for item in (*s.problems, *s.goals):
                lead = f"{item.actor} " if item.actor else ""
                assert "bullet" in by_text[lead + "".join(r.text for r in item.text)]
                bulleted += 1
    assert ranked >= 10
    assert bulleted == (5 if report.session_id == "dvhg-2024" else 0)


def test_data_tables_mark_their_header_row_and_layout_tables_do_not(document):
    """Word's checker wants a header row on a table, or the table in "Normal
    Table" style, which it takes for layout: the evidence, counts and chart
    tables have a repeated header row, the side-by-side columns are layout."""
    report, parts = document
    data = layout = 0
    for table in parts["document"].iter(w("tbl")):
        rows = table.findall("w:tr", NS)
        style = table.find("w:tblPr/w:tblStyle", NS).get(w("val"))
        first_row = table.find("w:tblPr/w:tblLook", NS).get(w("firstRow"))
        marked = [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in rows]
        if {style_of(p) for p in rows[0].iter(w("p"))} & {"TableHead"}:
            assert (style, first_row, marked) == ("Table", "1", [True] + [False] * (len(rows) - 1))
            data += 1
        else:
            assert (style, first_row, any(marked)) == ("TableNormal", "0", False)
            layout += 1
    kinds = [s.kind for s in report.slides]
    assert data == kinds.count("evidence") + kinds.count("overview-counts") + kinds.count(
        "overview-chart"
    )
    assert layout > 0
    normal = parts["styles"].find("w:style[@w:styleId='TableNormal']", NS)
    assert normal.find("w:name", NS).get(w("val")) == "Normal Table"


def test_every_image_says_what_it_means(document):
    """Each drawn mark's alternative text is the words the legend gives it;
    the overview's chart is text and a table, so it has no image at all."""
    report, parts = document
    meanings = {f"({report.labels[f'mark_{k}']})" for k in ("uncertain", "illegible")}
    drawings = list(parts["document"].iter(w("drawing")))
    described = [d.find(".//wp:docPr", NS).get("descr") for d in drawings]
    assert set(described) <= meanings
    if report.session_id == "dvhg-2024":
        assert len(described) >= 10
        assert set(described) == meanings
    else:
        chart = next(s for s in report.slides if s.kind == "overview-chart")
        assert described == []
        assert chart.alt in [text_of(p) for p in paragraphs(parts["document"])]


def test_document_language_is_the_edition_s(document):
    report, parts = document
    tag = region_tag(report.lang)
    default = parts["styles"].find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert default.get(w("val")) == tag
    assert parts["core"].findtext("dc:language", namespaces=NS) == tag
    assert {el.get(w("val")) for el in parts["document"].iter(w("lang"))} <= {tag, None}


def test_core_properties_name_title_subject_creators_and_language(document):
    report, parts = document
    core = parts["core"]
    assert core.findtext("dc:title", namespaces=NS) == report.title
    assert core.findtext("dc:subject", namespaces=NS) == report.subtitle
    assert core.findtext("dc:creator", namespaces=NS) == "; ".join(report.authors)
    assert report.title
    assert report.subtitle
    assert len(report.authors) == 4
    assert core.findtext("dc:language", namespaces=NS) == region_tag(report.lang)
