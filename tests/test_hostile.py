"""Hostile text in the data is printed, never obeyed: no markup, no template
code, no file read from outside the report's asset folder."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from pypdf import PdfReader

from conftest import copy_package, recording_fetchers, set_cell
from ontwerptafel.assets import REPORT_DIR
from ontwerptafel.build import build

HOSTILE = [
    '<img src="file:///etc/passwd">',
    "<script>alert(1)</script>",
    "`{=openxml}`",
    "![x](/etc/passwd)",
    "{{ 7*7 }}",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A copy of the package with hostile notes and a hostile finding, built once."""
    base = tmp_path_factory.mktemp("hostile")
    pkg = copy_package(base / "pkg")
    notes = pkg / "data" / "notes.csv"
    for i, text in enumerate(HOSTILE, 1):
        set_cell(notes, "note_id", f"dvhg-2024-fc6-n{i}", "text_verbatim", text)
    set_cell(
        pkg / "data" / "findings.csv",
        "finding_id",
        "dvhg-2024-barrier-shared-3",
        "text",
        HOSTILE[0],
    )

    with recording_fetchers() as fetchers:
        build(pkg, ["dvhg-2024"], ["pdf,html,docx"], "nl", base / "out", quiet=True)
    return {"out": base / "out", "fetchers": fetchers}


def test_hostile_text_is_literal_in_the_html(hostile: dict[str, Any]) -> None:
    doc = lxml.html.fromstring((hostile["out"] / "dvhg-2024.html").read_bytes())
    assert not doc.xpath("//script|//img")
    text = doc.text_content()
    for value in HOSTILE:
        assert value in text
    assert "49" not in re.findall(r"\b49\b", text)


def test_hostile_text_is_literal_in_the_pdf(hostile: dict[str, Any]) -> None:
    pages = [p.extract_text() for p in PdfReader(hostile["out"] / "dvhg-2024.pdf").pages]
    board = next(p for p in pages if "<script>alert(1)</script>" in p)
    for value in HOSTILE:
        assert value in board
    assert any(HOSTILE[0] in p for p in pages if p is not board)


def test_nothing_outside_the_asset_folder_is_fetched(hostile: dict[str, Any]) -> None:
    (fetcher,) = hostile["fetchers"]
    assert fetcher.requests, "the fonts at least were fetched through the locked fetcher"
    assets = REPORT_DIR.resolve().as_uri() + "/"
    assert all(url.startswith(assets) for url in fetcher.requests)
    assert not fetcher.refused


def test_the_fetcher_refuses_everything_but_asset_files(tmp_path: Path) -> None:
    from ontwerptafel.render.pdf import locked_fetcher

    fetcher = locked_fetcher()
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    link = REPORT_DIR / "fonts"
    refused = [
        "file:///etc/passwd",
        outside.as_uri(),
        link.as_uri() + "/../../pyproject.toml",
        "http://example.org/font.ttf",
        "https://example.org/x.css",
        "data:text/plain,hello",
        link.as_uri(),  # a folder, not a file
    ]
    for url in refused:
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    served = fetcher.fetch((link / "NotoSans-Regular.ttf").as_uri())
    assert served.read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.refused == refused


def test_hostile_text_is_literal_in_the_docx(hostile: dict[str, Any]) -> None:
    import docx
    from tests.test_build import docx_text

    path = hostile["out"] / "dvhg-2024.docx"
    text = docx_text(path)
    for value in HOSTILE:
        assert value in text
    xml = docx.Document(str(path)).element.xml
    assert "/etc/passwd" not in "".join(re.findall(r'r:(?:embed|link|id)="[^"]*"', xml))
