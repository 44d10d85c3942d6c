"""The DOCX report, read back through python-docx and its XML."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import docx
import pytest
from docx.enum.section import WD_ORIENT
from lxml import etree

from ontwerptafel.assets import MARKS
from ontwerptafel.errors import BuildError
from ontwerptafel.package.read import load
from ontwerptafel.render.docx import document as docx_writer
from ontwerptafel.render.docx.document import render_docx
from ontwerptafel.render.docx.reference import REFERENCE, build_reference
from ontwerptafel.views.layout import walk
from ontwerptafel.views.model import Run
from ontwerptafel.views.session import build_report
from ontwerptafel.views.slides import EvidenceSlide, Slide

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
HOSTILE = ['<img src="file:///etc/passwd">', "`{=openxml}`", "![x](/etc/passwd)", "<script>"]


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(name))


def style_of(p: etree._Element) -> str | None:
    style = p.find("w:pPr/w:pStyle", NS)
    return None if style is None else style.get(f"{{{W}}}val")


def slides_of(body: etree._Element) -> list[list[etree._Element]]:
    """The body's paragraphs and tables, cut at each Heading 1 (one list per
    slide), or at a table whose first paragraph is one (a slide headed by its
    columns)."""
    out: list[list[etree._Element]] = []
    for el in body:
        first = el.find(".//w:p", NS) if el.tag == f"{{{W}}}tbl" else el
        if first is not None and first.tag == f"{{{W}}}p" and style_of(first) == "Heading1":
            out.append([])
        if out and el.tag in (f"{{{W}}}p", f"{{{W}}}tbl"):
            out[-1].append(el)
    return out


def runs_with(elements: list[etree._Element], prop: str) -> list[str]:
    """Texts of consecutive runs that have ``prop`` (w:b, w:strike), merged."""
    found: list[str] = []
    for el in elements:
        for p in el.iter(f"{{{W}}}p"):
            current: list[str] = []
            for r in p.iter(f"{{{W}}}r"):
                if r.find(f"w:rPr/{prop}", NS) is not None:
                    current.append("".join(r.itertext()))
                elif current:
                    found.append("".join(current))
                    current = []
            if current:
                found.append("".join(current))
    return found


def rows(root: Path, table: str) -> list[dict[str, str]]:
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_page_is_landscape_16_9(dvhg_docx):
    _, data = dvhg_docx
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert round(section.page_width.cm, 2) == 33.87
    assert round(section.page_height.cm, 2) == 19.05
    size = part(data, "word/document.xml").find("w:body/w:sectPr/w:pgSz", NS)
    assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")) == ("19200", "10800")


def test_footer_numbers_the_pages(dvhg_docx):
    _, data = dvhg_docx
    footer = "".join(part(data, "word/footer1.xml").itertext())
    assert "PAGE" in footer
    ref = part(data, "word/document.xml").find("w:body/w:sectPr/w:footerReference", NS)
    assert ref is not None


def test_headings_follow_the_slides(dvhg_docx):
    """Each slide has its Heading 1, except the split barriers: the original
    heads that slide by its two columns alone, so they are its headings. The
    goal stands beside the problem as its equal, a Heading 1 too."""
    report, data = dvhg_docx
    body = part(data, "word/document.xml").find("w:body", NS)
    headings = [
        "".join(p.itertext())
        for p in body.iter(f"{{{NS['w']}}}p")
        if p.find("w:pPr/w:pStyle[@w:val='Heading1']", NS) is not None
    ]
    expected = []
    for s in report.slides:
        split = s.kind == "barriers-split"
        expected += [s.left_heading, s.right_heading] if split else [s.heading]
        expected += [report.labels["goal"]] if s.kind == "problem-goal" else []
    assert headings == expected
    assert headings[:4] == [report.title, "Probleem (gedrag)", "Doel (gedrag)", "Uitkomsten sessie"]
    assert "Belemmeringen beleid en uitvoering" not in headings


def test_one_page_break_between_slides(dvhg_docx):
    report, data = dvhg_docx
    body = part(data, "word/document.xml").find("w:body", NS)
    breaks = body.findall(".//w:br[@w:type='page']", NS)
    assert len(breaks) == len(report.slides) - 1
    for br in breaks:  # each break ends a slide: the next paragraph is a slide heading
        nxt = br.getparent().getparent().getnext()
        while nxt.tag not in (f"{{{W}}}p", f"{{{W}}}tbl"):
            nxt = nxt.getnext()
        if nxt.tag == f"{{{W}}}tbl":  # a slide headed by its columns: the first cell's
            nxt = nxt.find(".//w:p", NS)
        assert style_of(nxt) == "Heading1"


def test_core_properties_come_from_the_package(dvhg_docx, root):
    report, data = dvhg_docx
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.title == report.title
    assert props.author == "; ".join(r["name"] for r in rows(root, "contacts"))
    assert props.author.startswith("Hannah de Boer; Lotte van Dillen; ")
    assert props.keywords == "; ".join(descriptor["keywords"])
    assert props.subject == "Interactieve workshop – Dag van het Gedrag 2024"
    assert props.language == "nl-NL"
    # the session's date, not the package's: another session does not change it
    assert props.created == props.modified == dt.datetime(2024, 11, 12, tzinfo=dt.UTC)
    assert props.version == ""  # a session's report names no package version


def test_promises_bold_exactly_their_emphasis(dvhg_docx, root):
    report, data = dvhg_docx
    body = part(data, "word/document.xml").find("w:body", NS)
    promise_slides = [
        els for els, s in zip(slides_of(body), report.slides, strict=True) if s.kind == "promises"
    ]
    bold = [text for els in promise_slides for text in runs_with(els[1:], "w:b")]
    expected = [
        run
        for row in rows(root, "findings")
        if row["kind"] == "promise"
        for run in row["emphasis"].split(" | ")
        if run
    ]
    assert bold == expected
    assert "KPI's, jaargesprekken" in bold


def test_ranked_lists_start_at_their_rank(dvhg_docx):
    report, data = dvhg_docx
    body = part(data, "word/document.xml").find("w:body", NS)
    numbering = part(data, "word/numbering.xml")
    starts = []
    for els, slide in zip(slides_of(body), report.slides, strict=True):
        if slide.kind == "promises":
            num_id = els[1].find("w:pPr/w:numPr/w:numId", NS).get(f"{{{W}}}val")
            start = numbering.find(
                f"w:num[@w:numId='{num_id}']/w:lvlOverride[@w:ilvl='0']/w:startOverride", NS
            )
            starts.append(start.get(f"{{{W}}}val"))
    assert starts == ["1", "3"]


def test_struck_notes_are_struck(dvhg_docx, root):
    _, data = dvhg_docx
    struck = runs_with([part(data, "word/document.xml")], "w:strike")
    expected = []
    for row in rows(root, "notes"):
        if row["struck_through"] == "whole":
            expected.append(row["text_verbatim"])
        elif row["struck_through"] == "partial":
            expected += re.findall(r"~~(.+?)~~", row["text_verbatim"])
    sample = "abc"  # the legend shows the convention on a sample, its words plain
    assert [s for s in struck if s != sample] == expected
    assert sample in struck
    assert "doorgestreept op de flip-over" not in struck
    body = part(data, "word/document.xml").find("w:body", NS)
    shown = [el for els in slides_of(body) for el in els]
    text = "".join(t for el in shown for t in el.itertext())
    assert "Polarisatie" in text
    assert "~~" not in text


def test_two_renders_are_identical(dvhg_docx, root):
    report, data = dvhg_docx
    assert render_docx(report, load(root), root) == data


def test_a_separate_process_renders_the_same_bytes(dvhg_docx, root, tmp_path):
    _, data = dvhg_docx
    out = tmp_path / "again.docx"
    code = (
        "import sys; from pathlib import Path; from ontwerptafel.package.read import load; "
        "from ontwerptafel.views.session import build_report; "
        "from ontwerptafel.render.docx.document import render_docx; "
        "p = load(sys.argv[1]); r = build_report(p, 'dvhg-2024'); "
        "Path(sys.argv[2]).write_bytes(render_docx(r, p, Path(sys.argv[1])))"
    )
    env = {"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code, str(root), str(out)], check=True, env=env)
    assert out.read_bytes() == data


def test_zip_is_ordered_and_dated_from_the_session(dvhg_docx):
    _, data = dvhg_docx
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(2024, 11, 12, 0, 0, 0)}


def _rewrite(path: Path, key: str, ident: str, field: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, table = reader.fieldnames, list(reader)
    for row in table:
        if row[key] == ident:
            row[field] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def test_hostile_text_appears_literally(package_copy):
    hostile = " ".join(HOSTILE)
    data_dir = package_copy / "data"
    _rewrite(data_dir / "notes.csv", "note_id", "dvhg-2024-fc1-n2", "text_verbatim", hostile)
    _rewrite(data_dir / "notes.csv", "note_id", "dvhg-2024-fc1-n10", "text_reading", hostile)
    _rewrite(data_dir / "findings.csv", "finding_id", "dvhg-2024-promise-5", "text",
             hostile + " \x01 best practices")  # fmt: skip
    package = load(package_copy)
    data = render_docx(build_report(package, "dvhg-2024"), package, package_copy)
    document = part(data, "word/document.xml")
    paragraphs = ["".join(p.itertext()) for p in document.iter(f"{{{W}}}p")]
    hits = [p for p in paragraphs if "passwd" in p]  # a note, its reading, a promise, ...
    assert len(hits) >= 3
    assert all(hostile in p for p in hits)  # every time whole and literal
    assert any("\ufffd best practices" in p for p in paragraphs)
    # the only pictures are the drawn marks of uncertain and illegible readings
    marks = {(MARKS / f"{k}.png").read_bytes() for k in ("uncertain", "illegible")}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        media = [zf.read(n) for n in zf.namelist() if n.startswith("word/media")]
        rels = zf.read("word/_rels/document.xml.rels").decode()
    assert media
    assert all(m in marks for m in media)
    assert "passwd" not in rels


def test_an_unknown_slide_kind_is_one_clear_error(dvhg_docx, root):
    @dataclasses.dataclass(frozen=True, kw_only=True)
    class TimelineSlide(Slide):
        kind: ClassVar[str] = "timeline"
        intro: str

    report, _ = dvhg_docx
    extra = TimelineSlide(heading="Tijdlijn", number=99, intro="Wat daarna gebeurde.")
    changed = dataclasses.replace(report, slides=(*report.slides, extra))
    with pytest.raises(BuildError) as e:
        render_docx(changed, load(root), root)
    assert e.value.lines() == ["slide 99: the DOCX has no renderer for 'timeline'"]


def test_a_missing_reference_document_is_a_clean_error(dvhg_docx, root, monkeypatch, tmp_path):
    report, _ = dvhg_docx
    monkeypatch.setattr(docx_writer, "REFERENCE", tmp_path / "absent.docx")
    with pytest.raises(BuildError, match=r"report/reference\.docx: missing; run: python -m"):
        render_docx(report, load(root), root)


def test_reference_document_is_what_the_script_makes():
    assert REFERENCE.read_bytes() == build_reference(), (
        "report/reference.docx is stale: run python -m ontwerptafel.render.docx.reference"
    )


def test_evidence_appendix_is_a_table_with_a_header_row(dvhg_docx, root):
    report, _ = dvhg_docx
    row = SimpleNamespace(
        marker="BL1", text=(Run("Verandering", strong=True),), codes=("Fysieke gelegenheid",),
        notes=0, no_note=True, comment="Geen notitie stelt deze belofte voor.", quotes=(),
        note=None,
    )  # fmt: skip
    appendix = EvidenceSlide(
        heading="Bijlage", number=2, scope="promise", intro="", col_finding="Bevinding",
        col_codes="COM-B", col_notes="Notities",
        no_note="geen ondersteunende notitie in de bron", items=(row,),
    )  # fmt: skip
    changed = dataclasses.replace(report, slides=(report.slides[0], appendix))
    body = part(render_docx(changed, load(root), root), "word/document.xml").find("w:body", NS)
    table = body.find("w:tbl", NS)
    head, first = table.findall("w:tr", NS)
    assert head.find("w:trPr/w:tblHeader", NS) is not None
    cells = ["".join(tc.itertext()) for tc in first.findall("w:tc", NS)]
    assert cells == [
        "BL1",
        "VeranderingGeen notitie stelt deze belofte voor.",
        "Fysieke gelegenheid",
        "geen ondersteunende notitie in de bron",
    ]
    assert runs_with([first], "w:b")[:2] == ["BL1", "Verandering"]


def test_uncertain_and_illegible_marks_are_drawn_with_alt_text(dvhg_docx):
    """As in the PDF: each such note, and each legend that explains the mark,
    carries a drawn mark whose alternative text names it; no character."""
    report, data = dvhg_docx
    doc = part(data, "word/document.xml")
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    alts = [el.get("descr") for el in doc.iter(f"{{{wp}}}docPr")]
    charts = [s for s in report.slides if s.kind == "flipchart"]
    for kind, alt in (("uncertain", "(onzekere lezing)"), ("illegible", "(onleesbaar)")):
        notes = sum(
            1 for s in charts for c in s.columns for n in walk(c.notes) if n.legibility == kind
        )
        legends = sum(1 for s in charts for e in s.legend if e.key == kind)
        assert notes
        assert alts.count(alt) == notes + legends, kind
    assert not [t for t in doc.iter(f"{{{W}}}t") if (t.text or "").strip() in ("?", "??")]
