"""Small words written above a line stand where the source puts them: their
position is data (``above_line_at``), read from the source, validated, and
drawn over that gap in every format."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import set_cell
from ontwerptafel.cli import cli
from ontwerptafel.package.model import Package
from ontwerptafel.package.read import load
from ontwerptafel.views.model import plain
from page_texts import docx_slides, html_slides, pdf_pages


@pytest.fixture(scope="module")
def package(root: Path) -> Package:
    return load(root)


def source_position(source: list[str], note: Any) -> int:
    """The number of words the source writes before ``<sup>...</sup>`` in the
    note's own stretch of its lines (after a ``↳`` that starts a sub-note
    there, less the list marker)."""
    text = " ".join(source[note.source_line - 1 : note.source_line_end])
    before = text[: text.index(f"<sup>{note.above_line}</sup>")]
    before = before.rsplit("↳", 1)[-1]
    before = re.sub(r"^\s*(?:-|\\\*|\*)\s+", "", before)
    return len(before.split())


def test_every_note_with_words_above_has_their_position_from_the_source(
    package: Package, root: Path
) -> None:
    source = (root / "data/source/workshop-report-2024-11-12.md").read_text(encoding="utf-8")
    lines = source.splitlines()
    above = [n for n in package.rows("notes") if n.above_line]
    assert len(above) == 7
    positions = {n.note_id: n.above_line_at for n in above}
    assert positions == {n.note_id: source_position(lines, n) for n in above}
    assert sorted(positions.values()) == [0, 0, 0, 1, 1, 2, 10]


def test_a_position_outside_the_note_or_without_words_is_one_line_each(
    package_copy: Path,
) -> None:
    notes = package_copy / "data" / "notes.csv"
    set_cell(notes, "note_id", "dvhg-2024-fc1-n1", "above_line_at", "13")
    set_cell(notes, "note_id", "dvhg-2024-fc1-n2", "above_line_at", "0")
    set_cell(notes, "note_id", "dvhg-2024-fc2-n4", "above_line_at_en", "12")
    result = CliRunner().invoke(cli, ["validate", str(package_copy)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "data/notes.csv:2: above_line_at: 13 is past the note's last word: give 0 to 12",
        "data/notes.csv:3: above_line_at: a position, but no words above the line to place",
        "data/notes.csv:18: above_line_at_en: 12 is past the note's last word: give 0 to 11",
        "3 problems",
    ]


def test_the_last_gap_is_a_position_too(package_copy: Path) -> None:
    notes = package_copy / "data" / "notes.csv"
    set_cell(notes, "note_id", "dvhg-2024-fc1-n1", "above_line_at", "12")
    assert CliRunner().invoke(cli, ["metadata", str(package_copy)]).exit_code == 0
    result = CliRunner().invoke(cli, ["validate", str(package_copy)])
    assert result.exit_code == 0, result.output


def test_the_view_cuts_the_note_at_the_gap(built: dict[str, Any]) -> None:
    notes = {
        n.ident: n
        for s in built["report"].slides
        if s.kind == "flipchart"
        for c in s.columns
        for top in c.notes
        for n in (top, *top.children)
    }
    head, word, rest = notes["dvhg-2024-fc4-n2"].parts
    assert (plain(head), plain(word)) == ("beleidsmakers hebben ", "niet")
    assert plain(rest).startswith(" altijd")
    head, word, rest = notes["dvhg-2024-fc2-n7"].parts
    assert (plain(head), plain(word), plain(rest)) == ("", "faalen", " vooral")


#: each note with words above the line, as the source orders its words
IN_SOURCE_ORDER = (
    "Complexiteit betaal voor het uitkomst roost",
    "vs media / fieme imago",
    "andere faalen vooral",
    "Deichoch Eig 0640N",
    "weken Andere",
    "weken weken",
    "beleidsmakers hebben voelen niet altijd",
)


def test_every_format_gives_the_words_above_in_the_sources_order(
    built: dict[str, Any],
) -> None:
    texts = {
        "pdf": " ".join(pdf_pages(built["pdf"])[3:10]),
        "docx": " ".join(docx_slides(built["docx"].read_bytes())[3:10]),
        "html": " ".join(html_slides(built["html"].read_text(encoding="utf-8"))[3:10]),
    }
    for fmt, text in texts.items():
        for words in IN_SOURCE_ORDER:
            assert words in text, (fmt, words)
