"""The appendix quotes each supporting note with its flipchart and links to
that flipchart's page: a link annotation in the PDF, an anchor in the HTML,
an internal hyperlink in the DOCX, each followed here to where it lands."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pikepdf
from lxml import etree, html

from ontwerptafel.views.layout import walk
from page_texts import W, fold, pdf_pages


def quotes(report: Any) -> list[Any]:
    return [q for s in report.slides if s.kind == "evidence" for r in s.items for q in r.quotes]


def flipchart_of_note(report: Any) -> dict[str, Any]:
    """note_id -> the flipchart slide it is written on."""
    return {
        n.ident: s
        for s in report.slides
        if s.kind == "flipchart"
        for c in s.columns
        for n in walk(c.notes)
    }


def test_every_supported_finding_quotes_its_notes_with_their_flipchart(
    built: dict[str, Any],
) -> None:
    report = built["report"]
    rows = [r for s in report.slides if s.kind == "evidence" for r in s.items]
    on = flipchart_of_note(report)
    for row in rows:
        assert len(row.quotes) == row.notes
        for q in row.quotes:
            chart = on[q.ident]
            assert q.where == f"Flip-over {chart.flipchart} · {chart.domain}"
            assert q.flipchart == chart.ident
    first = rows[1].quotes[0]  # G2: the first note of flipchart 2
    assert first.where == "Flip-over 2 · Uitvoering"
    assert first.text == "Je bent afhankelijk van beleid"
    assert sum(len(r.quotes) for r in rows) == 53 - 5  # the five promises have none


def _page_of_dest(pdf: pikepdf.Pdf) -> dict[str, int]:
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    tree = pikepdf.NameTree(pdf.Root.Names.Dests)
    return {str(name): pages[dest[0].objgen] for name, dest in tree.items()}


def test_pdf_links_land_on_the_flipchart_of_each_quoted_note(built: dict[str, Any]) -> None:
    report = built["report"]
    on = flipchart_of_note(report)
    texts = pdf_pages(built["pdf"])
    linked: set[str] = set()
    with pikepdf.open(built["pdf"]) as pdf:
        dests = _page_of_dest(pdf)
        for index, page in enumerate(pdf.pages):
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
                    continue
                name = str(annot.Dest)
                chart = on[name]
                assert dests[name] == chart.number - 1, name
                assert "Bijlage" in texts[index]
                linked.add(name)
    assert linked == {q.ident for q in quotes(report)}
    for q in quotes(report):  # the quoted text is what the target page shows
        assert q.text in texts[on[q.ident].number - 1], q.ident


def test_html_anchors_point_at_the_quoted_notes(built: dict[str, Any]) -> None:
    doc = html.fromstring(built["html"].read_text(encoding="utf-8"))
    links = doc.xpath("//a[@class='quote__link']")
    assert len(links) == len(quotes(built["report"]))
    for a in links:
        (target,) = doc.xpath(f"//*[@id='{a.get('href')[1:]}']")
        (section,) = target.xpath("ancestor::section")
        assert "slide--flipchart" in section.get("class")
        quoted = fold(a.text_content()).split(": ", 1)[1].strip("‘’")
        assert fold(target.xpath(".//span[@class='note__text']")[0].text_content()) == quoted


def test_docx_hyperlinks_land_on_the_flipchart_of_each_quoted_note(
    dvhg_docx: tuple[Any, bytes],
) -> None:
    report, data = dvhg_docx
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body = etree.fromstring(zf.read("word/document.xml")).find(f"{W}body")
    slide = 0
    where: dict[str, int] = {}
    texts: dict[int, list[str]] = {}
    links: list[tuple[str, str]] = []
    for el in body.iter(f"{W}br", f"{W}bookmarkStart", f"{W}hyperlink", f"{W}t"):
        if el.tag == f"{W}br" and el.get(f"{W}type") == "page":
            slide += 1
        elif el.tag == f"{W}bookmarkStart":
            where[el.get(f"{W}name")] = slide
        elif el.tag == f"{W}hyperlink" and el.get(f"{W}anchor"):
            links.append((el.get(f"{W}anchor"), "".join(el.itertext())))
        elif el.tag == f"{W}t":
            texts.setdefault(slide, []).append(el.text or "")
    assert len(links) == len(quotes(report))
    charts = {s.ident: s for s in report.slides if s.kind == "flipchart"}
    for anchor, label in links:
        assert where[anchor] == charts[anchor].number - 1, anchor
        quoted = label.split(": ", 1)[1].strip("‘’")
        assert quoted in "".join(texts[where[anchor]]), label
