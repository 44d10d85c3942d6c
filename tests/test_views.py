"""The view model: slides in the original order, texts only from the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from ontwerptafel.package.model import Package
from ontwerptafel.package.read import load
from ontwerptafel.views.model import Item, Run, plain, rich, struck_runs
from ontwerptafel.views.session import build_report, paginate


@pytest.fixture(scope="module")
def package(root: Path) -> Package:
    return load(root)


def test_slides_follow_the_original_order(package: Package) -> None:
    kinds = [s.kind for s in build_report(package, "dvhg-2024").slides]
    assert kinds[:3] == ["title", "problem-goal", "outcomes"]
    assert kinds[3:10] == ["flipchart"] * 7
    assert kinds[10:14] == ["barriers", "barriers-split", "promises", "promises"]
    assert kinds[14] == "contacts"


def test_promises_split_as_the_original(package: Package) -> None:
    slides = [s for s in build_report(package, "dvhg-2024").slides if s.kind == "promises"]
    assert [[i.rank for i in s.items] for s in slides] == [[1, 2], [3, 4, 5]]


def test_paginate_keeps_order_and_splits_long_lists() -> None:
    items = [Item((Run("x" * 100),), rank=i) for i in range(1, 8)]
    pages = paginate(items, capacity=10, chars_per_line=90)
    assert [i.rank for page in pages for i in page] == list(range(1, 8))
    assert [len(p) for p in pages] == [3, 3, 1]


def test_rich_marks_exactly_the_emphasis_runs() -> None:
    runs = rich(
        "de formele structuur (KPI's, jaargesprekken) en meer",
        ("formele structuur", "KPI's, jaargesprekken"),
    )
    assert [(r.text, r.strong) for r in runs] == [
        ("de ", False),
        ("formele structuur", True),
        (" (", False),
        ("KPI's, jaargesprekken", True),
        (") en meer", False),
    ]


def test_struck_runs_from_partial_strike() -> None:
    runs = struck_runs("Polarisatie ~~...~~ - kan je erin?")
    assert [(r.text, r.struck) for r in runs] == [
        ("Polarisatie ", False),
        ("...", True),
        (" - kan je erin?", False),
    ]
    assert plain(struck_runs("geen streep")) == "geen streep"


def test_flipchart_notes_nest_under_their_parent(package: Package) -> None:
    slide = next(
        s
        for s in build_report(package, "dvhg-2024").slides
        if getattr(s, "ident", None) == "dvhg-2024-fc2"
    )
    notes = slide.columns[0].notes
    assert len(notes) == 10
    willen = notes[6]
    assert plain(willen.text).startswith("Willen")
    assert [plain(c.text) for c in willen.children][-1] == "hoe meest je wat je oplevert? → lastig"
    assert willen.children[-1].reading == "hoe meet je wat je oplevert? → lastig"


def test_flipchart_sections_become_columns(package: Package) -> None:
    slide = next(
        s
        for s in build_report(package, "dvhg-2024").slides
        if getattr(s, "ident", None) == "dvhg-2024-fc1"
    )
    assert [c.label for c in slide.columns] == ["BURGER", "BELEIDS-MAKER"]
    struck = slide.columns[0].notes[-1]
    assert struck.struck_whole
    assert struck.legibility == "illegible"


def test_a_changed_row_reaches_the_view(package_copy: Path) -> None:
    path = package_copy / "data" / "findings.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Interne cultuur", "Externe cultuur"),
        encoding="utf-8",
    )
    report = build_report(load(package_copy), "dvhg-2024")
    split = next(s for s in report.slides if s.kind == "barriers-split")
    assert plain(split.right[1].text) == "Externe cultuur rondom efficiëntie"
