"""The HTML the PDF is made from: structure, slide order and the flipchart board."""

from __future__ import annotations

import re
from typing import Any

import lxml.html
import pytest

from ontwerptafel.render.html import render_html
from ontwerptafel.render.web import web_page
from ontwerptafel.views import layout
from ontwerptafel.views.i18n import load_labels
from ontwerptafel.views.model import Column, NoteView, Run
from ontwerptafel.views.slides import Report


@pytest.fixture(scope="module")
def doc(built: dict[str, Any]) -> Any:
    return lxml.html.fromstring(built["html"].read_bytes())


def test_document_head_says_language_title_and_authors(built: dict[str, Any], doc: Any) -> None:
    report: Report = built["report"]
    assert doc.get("lang") == "nl"
    assert doc.findtext(".//title") == report.title
    authors = [m.get("content") for m in doc.xpath("//meta[@name='author']")]
    assert authors == list(report.authors)
    # the session's own date, not the package's: another session does not change it
    assert doc.xpath("//meta[@name='dcterms.created']/@content") == ["2024-11-12T00:00:00Z"]


def test_a_section_per_slide_in_order_with_its_heading(built: dict[str, Any], doc: Any) -> None:
    report: Report = built["report"]
    sections = doc.xpath("//body/main/section")
    assert len(sections) == len(report.slides)
    for slide, section in zip(report.slides, sections, strict=True):
        assert f"slide--{slide.kind}" in section.get("class")
        heading = section.xpath(".//h1|.//h2")[0]
        if slide.kind == "barriers-split":  # headed by its columns, named by its bookmark
            assert heading.text_content().strip() == slide.left_heading
            assert heading.get("data-bookmark") == slide.heading
            continue
        assert heading.text_content().strip().startswith(slide.heading)


def test_nothing_is_loaded_from_outside(built: dict[str, Any], doc: Any) -> None:
    assert not doc.xpath("//script|//img|//link|//iframe|//object")
    # links lead within the page, to an address or a web site; nothing is fetched
    hrefs = [a.get("href") for a in doc.xpath("//a")]
    assert all(h.startswith(("#", "mailto:", "https://")) for h in hrefs), hrefs
    css = "".join(doc.xpath("//style/text()"))
    urls = re.findall(r"url\(\"?([^\")]+)", css)
    assert len(urls) == 5
    assert all(u.startswith("data:font/woff2;base64,") for u in urls)


def test_flipchart_marks_struck_uncertain_and_illegible_notes(doc: Any) -> None:
    note = doc.get_element_by_id("dvhg-2024-fc1-n5")  # "..." struck through, illegible
    assert "note--struck" in note.get("class")
    assert "note--illegible" in note.get("class")
    partial = doc.get_element_by_id("dvhg-2024-fc1-n12")  # "Polarisatie ~~...~~ - kan je erin?"
    assert [s.text for s in partial.iter("s")] == ["..."]
    uncertain = doc.get_element_by_id("dvhg-2024-fc1-n10")
    assert uncertain.xpath(".//*[contains(@class, 'flag--uncertain')]")
    assert uncertain.xpath(".//*[@class='note__reading']")[0].text_content() == (
        "≈ Politieke waan van de dag"
    )
    child = doc.get_element_by_id("dvhg-2024-fc1-n3")
    assert child.getparent().getparent().get("id") == "dvhg-2024-fc1-n2"
    assert child.findtext(".//span[@class='note__link']").strip() == "↳"


def test_legend_explains_only_what_the_chart_uses(doc: Any) -> None:
    def legend(chart: str) -> list[str]:
        section = doc.get_element_by_id(chart).getparent()
        return [li.get("class").split("--")[-1] for li in section.xpath(".//aside//li")]

    expected = ["struck", "uncertain", "illegible", "reading", "above", "marks"]
    assert legend("dvhg-2024-fc1")[:6] == expected
    assert set(legend("dvhg-2024-fc5")) <= {"supports"}, "a clean chart explains nothing"


def test_the_fullest_chart_flows_into_three_columns(doc: Any) -> None:
    assert "board--cols-3" in doc.get_element_by_id("dvhg-2024-fc2").get("class")
    assert "board--sections" in doc.get_element_by_id("dvhg-2024-fc3").get("class")


def _note(ident: str, **kw: Any) -> NoteView:
    base: dict[str, Any] = {
        "text": (Run("x"),),
        "struck_whole": False,
        "legibility": "clear",
        "reading": None,
        "marks": None,
        "above_line": None,
        "link_mark": None,
    }
    return NoteView(ident=ident, **{**base, **kw})


def test_legend_and_columns_follow_the_notes() -> None:
    labels = load_labels("nl")
    clean = [Column(None, tuple(_note(f"n{i}") for i in range(9)))]
    assert layout.legend(clean, labels) == ()
    assert layout.flow_columns(clean) == 1
    nested = _note("p", children=(_note("c", legibility="uncertain", marks="✓"),))
    keys = [e.key for e in layout.legend([Column(None, (nested,))], labels)]
    assert keys == ["uncertain", "marks"]
    many = [Column(None, tuple(_note(f"n{i}") for i in range(17)))]
    assert layout.flow_columns(many) == 3
    split = layout.split_columns(many, 3)
    assert [len(c.notes) for c in split] == [6, 5, 6]
    assert [n.ident for c in split for n in c.notes] == [f"n{i}" for i in range(17)]


def test_same_report_same_html(built: dict[str, Any]) -> None:
    report: Report = built["report"]
    assert render_html(report) == render_html(report)
    assert web_page(render_html(report)) == built["html"].read_text("utf-8")
