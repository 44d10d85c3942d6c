"""The codebook appendix: every table and column of the schemas on its slides,
in the PDF and the DOCX, in both editions, and no slide longer than its page."""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pypdf import PdfReader

from ontwerptafel.codebook_slides import MIN_FIELDS, codebook_slides, short_description
from ontwerptafel.docx import render_docx
from ontwerptafel.html import render_html
from ontwerptafel.model import Package
from ontwerptafel.package import load
from ontwerptafel.pdf import render_pdf
from ontwerptafel.views import Report, Slide, build_report, load_labels

SESSION = "dvhg-2024"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def schema_tables(root: Path) -> list[dict[str, Any]]:
    d = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return [r for r in d["resources"] if isinstance(r.get("schema"), dict)]


def bare(text: str) -> str:
    """Text without any white space: a long name may wrap anywhere in its cell."""
    return re.sub(r"\s+", "", text)


def codebook_of(report: Report) -> list[Slide]:
    return [s for s in report.slides if s.kind == "codebook"]


def pdf_pages(report: Report, package: Package, root: Path) -> list[str]:
    data = render_pdf(report, render_html(report), package, root)
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def docx_slides(report: Report, package: Package, root: Path) -> list[str]:
    """The text of each slide of the DOCX, cut at its Heading 1 paragraphs."""
    data = render_docx(report, package, root)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body = etree.fromstring(zf.read("word/document.xml")).find(f"{{{W}}}body")
    out: list[str] = []
    for el in body:
        style = el.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        if style is not None and style.get(f"{{{W}}}val") == "Heading1":
            out.append("")
        if out:
            out[-1] += "".join(el.itertext()) + " "
    return out


@pytest.fixture(scope="module")
def package(root: Path) -> Package:
    return load(root)


@pytest.fixture(scope="module")
def editions(package: Package, root: Path) -> dict[str, dict[str, Any]]:
    """Each edition's view model, PDF page texts and DOCX slide texts, made once."""
    out = {}
    for lang in ("nl", "en"):
        report = build_report(package, SESSION, lang)
        out[lang] = {
            "report": report,
            "pdf": pdf_pages(report, package, root),
            "docx": docx_slides(report, package, root),
        }
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_table_and_field_is_in_the_view_model_in_schema_order(
    editions: dict[str, Any], root: Path, lang: str
) -> None:
    parts = [p for s in codebook_of(editions[lang]["report"]) for p in s.data["parts"]]
    for res in schema_tables(root):
        mine = [p for p in parts if p.name == res["name"]]
        assert [p.continued for p in mine] == [False] + [True] * (len(mine) - 1)
        fields = [f.name for p in mine for f in p.fields]
        assert fields == [f["name"] for f in res["schema"]["fields"]], res["name"]
    assert [p.name for p in parts if not p.continued] == [r["name"] for r in schema_tables(root)]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_slide_runs_over_its_page(editions: dict[str, Any], lang: str) -> None:
    report, pages = editions[lang]["report"], editions[lang]["pdf"]
    assert len(pages) == len(report.slides)
    for slide, text in zip(report.slides, pages, strict=True):
        assert text.rstrip().endswith(f"{slide.number} / {len(pages)}") or slide.kind == "title"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_table_and_field_is_on_its_pdf_page(
    editions: dict[str, Any], root: Path, lang: str
) -> None:
    report, pages = editions[lang]["report"], editions[lang]["pdf"]
    seen: set[tuple[str, str]] = set()
    for slide in codebook_of(report):
        text = bare(pages[slide.number - 1])
        assert bare(slide.heading) in text
        for part in slide.data["parts"]:
            assert bare(part.name) in text, (slide.number, part.name)
            for f in part.fields:
                assert bare(f.name) in text, (slide.number, part.name, f.name)
                assert bare(f.description) in text, (slide.number, f.name)
                seen.add((part.name, f.name))
    expected = {(r["name"], f["name"]) for r in schema_tables(root) for f in r["schema"]["fields"]}
    assert seen == expected


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_table_and_field_is_in_the_docx(
    editions: dict[str, Any], root: Path, lang: str
) -> None:
    report, slides = editions[lang]["report"], editions[lang]["docx"]
    assert len(slides) == len(report.slides)
    shown = bare(" ".join(slides[s.number - 1] for s in codebook_of(report)))
    for res in schema_tables(root):
        assert bare(res["name"]) in shown
        for f in res["schema"]["fields"]:
            assert bare(f["name"]) in shown, (res["name"], f["name"])
            assert bare(short_description(f["description"])) in shown, (res["name"], f["name"])


def test_appendix_follows_the_evidence_and_precedes_the_colophon(editions: dict[str, Any]) -> None:
    kinds = [s.kind for s in editions["nl"]["report"].slides]
    first = kinds.index("codebook")
    assert kinds[first - 1] == "evidence"
    assert set(kinds[first:-1]) == {"codebook"}
    assert kinds[-1] == "colophon"


def test_a_continued_table_says_so_on_each_page(editions: dict[str, Any]) -> None:
    for lang, word in (("nl", "(vervolg)"), ("en", "(continued)")):
        report, pages = editions[lang]["report"], editions[lang]["pdf"]
        continued = [(s, p) for s in codebook_of(report) for p in s.data["parts"] if p.continued]
        assert continued, "the sessions table needs more than one slide"
        for slide, part in continued:
            heading = " ".join(x for x in (part.name, part.title, word) if x)
            assert heading in " ".join(pages[slide.number - 1].split())
            assert len(part.fields) >= MIN_FIELDS


def test_the_english_edition_shows_english_labels(editions: dict[str, Any]) -> None:
    nl, en = load_labels("nl"), load_labels("en")
    report = editions["en"]["report"]
    slides = codebook_of(report)
    assert slides[0].heading == "Appendix: codebook"
    assert slides[1].heading == "Appendix: codebook (continued)"
    pdf = " ".join(editions["en"]["pdf"][s.number - 1] for s in slides)
    docx = " ".join(editions["en"]["docx"][s.number - 1] for s in slides)
    for key in ("col_name", "col_required", "col_values", "col_description", "origin_workshop"):
        assert en[f"codebook_{key}"].casefold() in pdf.casefold(), key
        assert en[f"codebook_{key}"] in docx, key
        assert nl[f"codebook_{key}"].casefold() not in (pdf + docx).casefold(), key
    assert "Sessie-id" not in pdf + docx  # the schemas' Dutch titles: the Dutch edition only
    dutch = " ".join(
        editions["nl"]["pdf"][s.number - 1] for s in codebook_of(editions["nl"]["report"])
    )
    assert "Sessie-id" in dutch
    assert "Verplicht".casefold() in dutch.casefold()


def test_schema_text_is_printed_never_obeyed(package: Package, root: Path) -> None:
    descriptor = copy.deepcopy(package.descriptor)
    notes = next(r for r in descriptor["resources"] if r.get("name") == "notes")
    notes["description"] = "<script>alert(1)</script> {{ 7*7 }}"
    notes["schema"]["fields"][0]["description"] = '<img src="file:///etc/passwd">'
    changed = Package(descriptor, package.tables)
    html = render_html(build_report(changed, SESSION))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "<script>" not in html


def test_long_schemas_still_keep_each_slide_to_one_page(package: Package, root: Path) -> None:
    """Long purposes and descriptions, a long list of allowed values and a
    table of many columns: more slides, never a page that runs over."""
    descriptor = copy.deepcopy(package.descriptor)
    words = "a description that goes on and on without ever reaching its end"
    for res in descriptor["resources"]:
        if not isinstance(res.get("schema"), dict):
            continue
        res["description"] = " ".join([words] * 4) + "."
        for f in res["schema"]["fields"]:
            f["description"] = " ".join([words] * 5)
            f["title"] = "Een heel lange titel van deze kolom"
    notes = next(r for r in descriptor["resources"] if r.get("name") == "notes")
    values = [f"value-number-{i}" for i in range(40)]
    notes["schema"]["fields"][8]["constraints"] = {"enum": values}
    extra = [{"name": f"extra_column_with_a_long_name_{i}", "type": "string"} for i in range(40)]
    notes["schema"]["fields"] += extra
    changed = Package(descriptor, package.tables)
    report = build_report(changed, SESSION)
    pages = pdf_pages(report, changed, root)
    assert len(pages) == len(report.slides)
    shown = bare(" ".join(pages[s.number - 1] for s in codebook_of(report)))
    for f in notes["schema"]["fields"]:
        assert bare(f["name"]) in shown


def test_an_empty_package_has_an_empty_codebook() -> None:
    assert codebook_slides(Package({"resources": []}, {}), "nl", load_labels("nl")) == []


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("One sentence. Another one.", "One sentence."),
        ("Slug, e.g. 'dvhg-2024'; more.", "Slug, e.g. 'dvhg-2024'; more."),
        ("after Michie et al. (2011). Next.", "after Michie et al. (2011)."),
        ("word " * 60, ("word " * 35).strip() + " …"),
    ],
)
def test_a_description_is_cut_to_its_first_sentence(text: str, short: str) -> None:
    assert short_description(text) == short
