"""The PDFs against PDF/UA-1: the ``pdfua`` checker, and what it does not look at.

``pdfua`` (PyPI) checks the machine-checkable part of PDF/UA-1; the test
prints its version and the rules it ran, and fails on any error or warning.
What it does not check (each attachment once in ``/AF``, the XMP language,
the chart's alternative text, a header cell's scope) is read from the file
with pikepdf.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfua
import pikepdf
import pytest


@pytest.fixture(autouse=True)
def _numbers_of_pikepdf_10(monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfua 0.1.3's ``as_integer`` asks any object for ``is_integer`` through
    ``getattr``; pikepdf 10 answers that question on an array (a heading's
    ``/K`` of several kids) with ValueError, not AttributeError, so rule
    UA-14-001 (no empty heading) crashed and was never evaluated. An array
    is not a number: the adapter says so and leaves every other answer to
    pdfua's own function."""
    import pdfua.document
    import pdfua.rules.structure

    original = pdfua.document.as_integer

    def as_integer(value: object) -> int | None:
        if isinstance(value, pikepdf.Array):
            return None
        return original(value)

    monkeypatch.setattr(pdfua.document, "as_integer", as_integer)
    monkeypatch.setattr(pdfua.rules.structure, "as_integer", as_integer)


@pytest.fixture(scope="module")
def overview_pdf(two_sessions: dict[str, Path]) -> Path:
    """The overview of a two-session package (see ``two_sessions``)."""
    return two_sessions["pdf"]


def pdfs(editions: dict[str, dict[str, Any]], overview: Path) -> list[Path]:
    return [editions["nl"]["pdf"], editions["en"]["pdf"], overview]


def test_pdfua_finds_no_error_and_no_warning(
    editions: dict[str, dict[str, Any]], overview_pdf: Path
) -> None:
    validator = pdfua.Validator()
    rules = [r.id for r in pdfua.describe_rules()]
    print(f"pdfua {pdfua.__version__}: {validator.coverage}; rules {', '.join(rules)}")  # noqa: T201
    for path in pdfs(editions, overview_pdf):
        report = validator.validate(str(path))
        counts = {s.name: n for s, n in report.count_by_severity().items()}
        skipped = [f"{o.rule_id} ({o.skipped_reason})" for o in report.skipped]
        print(f"{path.name}: {counts}; not evaluated: {skipped or 'none'}")  # noqa: T201
        problems = [
            f"{f.rule_id} {f.severity.name} page {f.location.page}: {f.message}"
            for f in report.findings
            if f.severity in (pdfua.Severity.ERROR, pdfua.Severity.WARNING)
        ]
        assert problems == [], path.name
        ran = {o.rule_id for o in report.outcomes} - {o.rule_id for o in report.skipped}
        assert "UA-15-003" in ran  # the table rule really looked at the tables
        assert "UA-14-001" in ran  # every heading marks content (see the adapter above)
        assert skipped == [], path.name  # every rule evaluated


def struct_elements(pdf: pikepdf.Pdf, role: str) -> list[pikepdf.Dictionary]:
    found, todo = [], [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == role:
                found.append(node)
            kids = node.get("/K")
            todo.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    return found


def test_the_empty_heading_rule_finds_a_heading_emptied_in_the_report(
    editions: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    """UA-14-001 evaluated, through the adapter, finds what it looks for: the
    report's first H2 with its content taken away."""
    broken = tmp_path / "emptied.pdf"
    with pikepdf.open(editions["nl"]["pdf"]) as pdf:
        (heading, *_) = struct_elements(pdf, "/H2")
        heading.K = pikepdf.Array([])
        pdf.save(broken)
    report = pdfua.Validator().validate(str(broken))
    found = [f.message for f in report.findings if f.rule_id == "UA-14-001"]
    assert found == ["Empty heading element /H2."]


def test_header_cells_carry_the_scope_of_their_html(overview_pdf: Path) -> None:
    with pikepdf.open(overview_pdf) as pdf:
        scopes = [str(th.A.get("/Scope")) for th in struct_elements(pdf, "/TH")]
        tds = struct_elements(pdf, "/TD")
    # overview-counts: a column header per column, a row header per session
    assert scopes.count("/Row") == 2
    assert scopes.count("/Column") >= 6
    assert set(scopes) == {"/Row", "/Column"}
    assert tds
    assert all(len(td.A.Headers) >= 1 for td in tds)


def test_each_attachment_is_listed_once(editions: dict[str, dict[str, Any]]) -> None:
    with pikepdf.open(editions["nl"]["pdf"]) as pdf:
        listed = [f.objgen for f in pdf.Root.AF]
        names = pdf.Root.Names.EmbeddedFiles.Names[1::2]
        assert sorted(listed) == sorted(f.objgen for f in names)
        assert len(set(listed)) == len(listed) == 17


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_xmp_states_the_document_language(
    editions: dict[str, dict[str, Any]], lang: str
) -> None:
    with pikepdf.open(editions[lang]["pdf"]) as pdf:
        assert pdf.open_metadata().get("dc:language") == {lang}
        assert str(pdf.Root.Lang) == lang


def test_the_overview_chart_has_its_text_alternative(overview_pdf: Path) -> None:
    with pikepdf.open(overview_pdf) as pdf:
        figures = struct_elements(pdf, "/Figure")
        assert len(figures) == 1
        alt = str(figures[0].Alt)
    assert "Voorbeeld" in alt or "voorbeeld" in alt.lower()
    assert any(ch.isdigit() for ch in alt)
