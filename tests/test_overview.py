"""The overview report across sessions, with the invented example session imported.

Expected numbers are counted here straight from the package's CSV files, not
through the view model, so a counting mistake in the overview cannot hide.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import copy_package, fill_workbook
from ontwerptafel.build import build
from ontwerptafel.errors import BuildError
from ontwerptafel.package.model import Package
from ontwerptafel.package.read import load
from ontwerptafel.render.chart import svg
from ontwerptafel.render.html import render_html
from ontwerptafel.render.pdf import render_pdf
from ontwerptafel.views.model import Series
from ontwerptafel.views.overview import MAX_COLUMNS, alt_text, build_overview

KINDS = (("barrier", "shared"), ("barrier", "policy"), ("barrier", "implementation"),
         ("promise", ""))  # fmt: skip
KIND_LABELS = ("Gezamenlijke belemmeringen", "Belemmeringen beleid", "Belemmeringen uitvoering",
               "Beloftes")  # fmt: skip
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def rows(root: Path, table: str) -> list[dict[str, str]]:
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def expected(root: Path) -> dict[str, dict[str, Any]]:
    """Per session, from the CSV files: label, flipcharts, notes, findings per kind, texts."""
    charts = {r["flipchart_id"]: r["session_id"] for r in rows(root, "flipcharts")}
    notes = Counter(charts[n["flipchart_id"]] for n in rows(root, "notes"))
    findings = rows(root, "findings")
    out = {}
    for s in rows(root, "sessions"):
        sid = s["session_id"]
        mine = [f for f in findings if f["session_id"] == sid]
        out[sid] = {
            "label": s["event"],
            "flipcharts": sum(1 for v in charts.values() if v == sid),
            "notes": notes[sid],
            "counts": [sum(1 for f in mine if (f["kind"], f["scope"]) == k) for k in KINDS],
            "texts": [[f["text"] for f in mine if (f["kind"], f["scope"]) == k] for k in KINDS],
        }
    return out


def pdf_pages(path: Path) -> list[str]:
    return [squash(p.extract_text()) for p in PdfReader(path).pages]


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The package with voorbeeld-2025 imported, built twice (every format) and in English."""
    from ontwerptafel.sessions.importer import import_path
    from ontwerptafel.sessions.workbook import new_session_workbook

    base = tmp_path_factory.mktemp("overview")
    pkg = copy_package(base / "pkg")
    book = new_session_workbook(
        pkg, "voorbeeld-2025", "Verzonnen voorbeeld", "2025-11-11", out=base / "vb.xlsx"
    )
    import_path(pkg, fill_workbook(book))
    out, again, en = base / "out", base / "again", base / "en"
    build(pkg, [], [], "nl", out, quiet=True)
    build(pkg, [], ["pdf,docx"], "nl", again, quiet=True)
    build(pkg, [], ["html"], "en", en, quiet=True)
    return {"root": pkg, "out": out, "again": again, "en": en, "expected": expected(pkg)}


def test_a_single_session_gets_no_overview(package_copy: Path, tmp_path: Path) -> None:
    written = build(package_copy, [], ["html"], "nl", tmp_path, quiet=True)
    assert [p.name for p in written] == ["dvhg-2024.html"]
    with pytest.raises(BuildError, match="two or more sessions; the package has 1"):
        build_overview(load(package_copy))


def test_two_sessions_get_an_overview_in_every_format(two: dict[str, Any]) -> None:
    names = sorted(p.name for p in two["out"].iterdir())
    assert [n for n in names if n.startswith("overview.")] == [
        "overview.docx", "overview.html", "overview.pdf", "overview.pptx"]  # fmt: skip
    assert sorted(p.name for p in two["en"].iterdir() if p.name.startswith("overview")) == [
        "overview.en.html"
    ]


def test_building_chosen_sessions_makes_no_overview(two: dict[str, Any], tmp_path: Path) -> None:
    written = build(two["root"], ["dvhg-2024", "voorbeeld-2025"], ["html"], "nl", tmp_path)
    assert [p.name for p in written] == ["dvhg-2024.html", "voorbeeld-2025.html"]


def test_each_slide_is_one_page(two: dict[str, Any]) -> None:
    report = build_overview(load(two["root"]))
    assert len(PdfReader(two["out"] / "overview.pdf").pages) == len(report.slides)


def test_the_counts_page_shows_every_session_s_numbers(two: dict[str, Any]) -> None:
    pages = pdf_pages(two["out"] / "overview.pdf")
    (page,) = [p for p in pages if p.startswith("Aantallen per sessie")]
    for sid, e in two["expected"].items():
        numbers = [e["flipcharts"], e["notes"], *e["counts"], sum(e["counts"])]
        assert e["notes"] > 0, sid
        assert sum(e["counts"]) > 0, sid
        assert re.search(r"\d{4} " + " ".join(map(str, numbers)) + r"\b", page), sid
        assert e["label"] in page


def test_findings_stand_side_by_side_on_their_kind_s_pages(two: dict[str, Any]) -> None:
    pages = pdf_pages(two["out"] / "overview.pdf")
    for k, label in enumerate(KIND_LABELS):
        kind_pages = [p for p in pages if p.startswith(f"{label} per sessie")]
        assert kind_pages, label
        for e in two["expected"].values():
            for text in e["texts"][k]:
                holding = [p for p in kind_pages if squash(text) in p]
                assert len(holding) == 1, text
                assert e["label"] in holding[0]


def test_the_chart_has_alt_text_and_its_numbers_are_the_data(two: dict[str, Any]) -> None:
    e = two["expected"]
    parts = [
        f"{label}: " + ", ".join(f"{s['label']} {s['counts'][k]}" for s in e.values())
        for k, label in enumerate(KIND_LABELS)
    ]
    sentence = "Bevindingen per soort en sessie. " + "; ".join(parts) + "."
    with pikepdf.open(two["out"] / "overview.pdf") as pdf:
        alts = [str(o.get("/Alt")) for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"]  # fmt: skip
    assert alts == [sentence]

    html = (two["out"] / "overview.html").read_text(encoding="utf-8")
    tree = etree.HTML(html)
    (chart,) = tree.xpath("//*[local-name()='svg']")
    assert chart.get("role") == "img"
    assert chart.get("aria-label") == sentence
    assert chart.xpath("./*[local-name()='title']")[0].text == sentence
    values = [int(t.text) for t in chart.xpath(".//*[@class='chart__value']")]
    assert values == [s["counts"][k] for k in range(4) for s in e.values()]
    widths = [float(r.get("width")) for r in chart.xpath(".//*[local-name()='rect']")]
    per_unit = {round(w / v, 3) for w, v in zip(widths, [v for v in values if v], strict=True)}
    assert len(per_unit) == 1  # every bar on one scale, as long as its number


def test_the_docx_holds_the_same(two: dict[str, Any]) -> None:
    import docx

    document = docx.Document(str(two["out"] / "overview.docx"))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    e = two["expected"]
    (counts,) = [t for t in tables if t[0][:2] == ["Sessie", "Datum"]]
    assert [r[0] for r in counts[1:]] == [s["label"] for s in e.values()]
    for row, s in zip(counts[1:], e.values(), strict=True):
        numbers = [s["flipcharts"], s["notes"], *s["counts"], sum(s["counts"])]
        assert row[2:] == [str(n) for n in numbers]
    (chart,) = [t for t in tables if t[0][:3] == ["Soort", "Sessie", "Bevindingen"]]
    got = [(r[1], int(r[2]), len(r[3])) for r in chart[1:]]
    top = max(c for s in e.values() for c in s["counts"])
    assert got == [
        (s["label"], s["counts"][k], round(24 * s["counts"][k] / top))
        for k in range(4)
        for s in e.values()
    ]
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c for t in tables for r in t for c in r)
    assert "Bevindingen per soort en sessie. Gezamenlijke belemmeringen: " in body
    for s in e.values():
        for text in (t for kind in s["texts"] for t in kind):
            assert text in cells


def test_two_builds_give_the_same_bytes(two: dict[str, Any]) -> None:
    for name in ("overview.pdf", "overview.docx"):
        assert (two["out"] / name).read_bytes() == (two["again"] / name).read_bytes(), name


def test_the_first_session_s_report_reads_as_before(
    two: dict[str, Any], built: dict[str, Any]
) -> None:
    before = pdf_pages(built["pdf"])
    after = pdf_pages(two["out"] / "dvhg-2024.pdf")
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        if old.startswith("Colofon"):  # only the version and its date move on
            old, new = (re.sub(r"\d+\.\d+\.\d+|\d{4}-\d\d-\d\d|\(\d{4}\)", "#", p)
                        for p in (old, new))  # fmt: skip
        if old.startswith("Bijlage: codeboek"):  # only the package's row counts grow
            old, new = (re.sub(r"\b\d+ rij(en)?\b", "# rijen", p) for p in (old, new))
        assert new == old


def test_the_english_overview_has_english_labels(two: dict[str, Any]) -> None:
    html = (two["en"] / "overview.en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    for label in (
        "Counts per session",
        "Findings by kind and session",
        "Shared barriers by session",
    ):
        assert label in html
    assert "Aantallen per sessie" not in html


def test_chart_text_is_escaped() -> None:
    series = [Series("k", "</text>", (1,))]
    sessions = ["<script>alert(1)</script>"]
    out = str(svg('<x a="1">&', sessions, series, alt_text('<x a="1">&', sessions, series)))
    assert "<script>" not in out
    assert "</text></text>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert 'aria-label="&lt;x a=&#34;1&#34;&gt;&amp;. &lt;/text&gt;:' in out


def test_many_sessions_paginate(two: dict[str, Any]) -> None:
    """Nine sessions (copies of the two): at most MAX_COLUMNS columns a slide, five
    sessions a chart, every finding of every session shown exactly once, and
    every slide still one page."""
    package = load(two["root"])
    tables = {name: list(rows_) for name, rows_ in package.tables.items()}
    for n in range(5):
        for original in package.sessions[:2] if n < 2 else package.sessions[:1]:
            sid = f"{original.session_id}-copy{n}"
            event = f"{original.event} kopie {n}"
            tables["sessions"].append(dataclasses.replace(original, session_id=sid, event=event))
            tables["findings"] += [
                dataclasses.replace(f, session_id=sid, finding_id=f"{f.finding_id}-c{n}")
                for f in package.of_session("findings", original.session_id)
            ]
    big = Package(package.descriptor, {k: tuple(v) for k, v in tables.items()})
    report = build_overview(big)
    assert len(big.sessions) == 9
    charts = [s for s in report.slides if s.kind == "overview-chart"]
    assert [len(s.sessions) for s in charts] == [5, 4]
    shown = Counter()
    for slide in report.slides:
        if slide.kind == "overview-findings":
            assert 1 <= len(slide.columns) <= MAX_COLUMNS
            shown.update(i.ident for c in slide.columns for i in c.items)
    assert shown == Counter(f.finding_id for f in big.rows("findings"))
    pdf = render_pdf(report, render_html(report), big, two["root"])
    assert len(PdfReader(io.BytesIO(pdf)).pages) == len(report.slides)


def test_a_counts_slide_holds_only_the_rows_that_fit(two: dict[str, Any]) -> None:
    """Twelve sessions of one event: each row's name carries its session's id
    and wraps over three lines, so six rows a slide ran onto a continuation
    page; the rows are now spread by their height, every slide one page."""
    package = load(two["root"])
    seed = package.sessions[0]
    copies = tuple(
        dataclasses.replace(seed, session_id=f"{seed.session_id}-kopie-{n}") for n in range(11)
    )
    big = Package(package.descriptor, {**package.tables, "sessions": (seed, *copies)})
    report = build_overview(big)
    counts = [s for s in report.slides if s.kind == "overview-counts"]
    assert sum(len(s.rows) for s in counts) == 12
    assert all("kopie" in row.label for s in counts[1:] for row in s.rows)
    only = dataclasses.replace(report, slides=(report.slides[0], *counts))
    pdf = render_pdf(only, render_html(only), big, two["root"])
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) == len(only.slides)
    assert not [p for p in pages if "vervolg" in p]
