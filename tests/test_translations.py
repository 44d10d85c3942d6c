"""The English edition: every Dutch text the report shows has an English
counterpart, and the English view model carries no Dutch label."""

from __future__ import annotations

import dataclasses
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from ontwerptafel.package.model import Package, split_emphasis
from ontwerptafel.package.read import load
from ontwerptafel.views.appendix import EvidenceRow
from ontwerptafel.views.i18n import TRANSLATED, translation_field
from ontwerptafel.views.model import Column, Item, NoteView, plain
from ontwerptafel.views.session import build_report
from ontwerptafel.views.slides import Report, Slide
from page_texts import pdf_pages

SESSION = "dvhg-2024"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LABELS = Path(__file__).resolve().parents[1] / "report" / "labels"
#: label values that are the same word in both languages, or not words at all
#: a finding's code (G1, B2, ...) is the same in every edition, so a reference holds in each
MARKERS = {"marker_shared", "marker_policy", "marker_implementation", "marker_promise"}
SAME_IN_BOTH = {"promise_capacity", "chars_per_line", "appendix_codes", *MARKERS}


@pytest.fixture(scope="module")
def package(root: Path) -> Package:
    return load(root)


@pytest.fixture(scope="module")
def english(package: Package) -> Report:
    return build_report(package, SESSION, lang="en")


def labels(lang: str) -> dict[str, str]:
    with (LABELS / f"{lang}.toml").open("rb") as f:
        return tomllib.load(f)


def texts(value: Any) -> list[str]:
    """Every string a renderer can show, from anywhere in the view model."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Slide):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return [t for k, v in fields.items() if k not in ("ident", "number") for t in texts(v)]
    if isinstance(value, Item | NoteView | Column | EvidenceRow):
        out = []
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if f.name == "text" or f.name not in ("ident", "note_ids"):
                out += texts(plain(v) if f.name == "text" else v)
        return out
    if isinstance(value, dict):
        return [t for k, v in value.items() if k != "ident" for t in texts(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in texts(v)]
    if dataclasses.is_dataclass(value):
        return [t for f in dataclasses.fields(value) for t in texts(getattr(value, f.name))]
    return []


def test_english_labels_have_every_dutch_key() -> None:
    nl, en = labels("nl"), labels("en")
    assert set(en) == set(nl)
    different = {k for k in nl if nl[k] != en[k]}
    assert set(nl) - different == SAME_IN_BOTH


def test_every_shown_dutch_text_has_an_english_counterpart(package: Package) -> None:
    missing = []
    for table, fields in TRANSLATED.items():
        for row in package.rows(table):
            for field in fields:
                if getattr(row, field) and not getattr(row, translation_field(table, field, "en")):
                    if table == "notes" and row.legibility == "illegible":
                        continue  # nothing legible to translate
                    missing.append(f"{table} {getattr(row, 'note_id', row)} {field}")
    assert missing == []


def test_english_bold_runs_match_the_dutch_ones(package: Package) -> None:
    for table in ("statements", "findings"):
        for row in package.rows(table):
            runs = split_emphasis(row.emphasis_en)
            assert len(runs) == len(split_emphasis(row.emphasis)), row
            assert all(run in row.text_en for run in runs), row


def test_translations_are_marked_as_the_curators(package: Package) -> None:
    columns = {(t, translation_field(t, f, "en")) for t, fs in TRANSLATED.items() for f in fs}
    for res in package.descriptor["resources"]:
        for field in res.get("schema", {}).get("fields", []):
            if (res["name"], field["name"]) in columns:
                assert field["ontwerptafel:origin"] == "curators", field["name"]
                assert "curators'" in field["description"], field["name"]


def test_english_report_shows_no_dutch_label(english: Report) -> None:
    nl, en = labels("nl"), labels("en")
    dutch = {v for k, v in nl.items() if k not in {*SAME_IN_BOTH, "lang"} and v != en[k]}
    shown = set(texts(list(english.slides))) | {english.title, english.subtitle}
    shown |= {v for k, v in english.labels.items()}
    assert shown & dutch == set()
    assert english.labels["promises"] == "Promises"


def test_english_report_shows_the_english_texts(english: Report, package: Package) -> None:
    shown = " ".join(texts(list(english.slides)))
    for f in package.of_session("findings", SESSION):
        assert f.text_en in shown
        assert f.text not in shown
    assert english.title.startswith("Citizens at the design table?")
    headings = [s.heading for s in english.slides if s.kind == "flipchart"]
    assert headings[:2] == ["POLICY", "IMPLEMENTATION"]
    promises = [s for s in english.slides if s.kind == "promises"]
    strong = [r.text for s in promises for i in s.items for r in i.text if r.strong]
    assert strong[:3] == ["formal structure", "KPIs, annual appraisals", "Beleidskompas"]


def test_english_notes_come_from_the_reading(english: Report) -> None:
    notes = {
        n.ident: n
        for s in english.slides
        if s.kind == "flipchart"
        for c in s.columns
        for top in c.notes
        for n in (top, *top.children)
    }
    reread = notes[f"{SESSION}-fc2-n21"]  # 'Persevere prikkels Zoegen ...' as read
    assert plain(reread.text) == "Perverse incentives make sure you do not think differently"
    assert reread.reading is None
    partial = notes[f"{SESSION}-fc1-n12"]
    assert [r.struck for r in partial.text] == [False, True, False]
    assert plain(notes[f"{SESSION}-fc1-n5"].text) == "..."  # illegible: as written


def test_dutch_report_is_unchanged_by_the_translations(package: Package) -> None:
    dutch = build_report(package, SESSION)
    assert dutch.title == package.session(SESSION).title
    shown = " ".join(texts(list(dutch.slides)))
    assert "Citizens" not in shown
    assert "Onvoldoende inlevingsvermogen" in shown


def _flipcharts(report: Report) -> dict[str, Slide]:
    return {s.ident: s for s in report.slides if s.kind == "flipchart"}  # type: ignore[attr-defined]


def test_translator_notes_stand_beside_the_english_text(english: Report, package: Package) -> None:
    """A translator's note is the item's own field, never part of its text, and
    the notes on a flipchart's labels and notes are listed under its board."""
    finding = next(f for f in package.rows("findings") if f.finding_id.endswith("shared-2"))
    items = {i.ident: i for s in english.slides if s.kind == "barriers" for i in s.items}
    shown = items[finding.finding_id]
    assert plain(shown.text) == finding.text_en
    assert shown.note == finding.translator_note_en
    assert finding.translator_note_en not in finding.text_en
    appendix = [r for s in english.slides if s.kind == "evidence" for r in s.items]
    assert [r.note for r in appendix if r.ident == finding.finding_id] == [shown.note]
    fc3 = _flipcharts(english)[f"{SESSION}-fc3"]
    omgang = next(s for s in package.rows("sections") if s.label == "Omgang")
    note = next(n for n in package.rows("notes") if n.note_id == f"{SESSION}-fc3-n10")
    assert fc3.translator_notes == (omgang.translator_note_en, note.translator_note_en)
    assert [c.label for c in fc3.columns] == ["Capability", "Motivation", "Omgang"]


def test_dutch_report_shows_no_translator_note(package: Package) -> None:
    dutch = build_report(package, SESSION)
    items = [i for s in dutch.slides for i in getattr(s, "items", ())]
    assert items
    assert all(getattr(i, "note", None) is None for i in items)
    assert all(s.translator_notes == () for s in _flipcharts(dutch).values())


def test_translator_note_is_printed_apart_from_the_finding(
    editions: dict[str, dict[str, Any]],
) -> None:
    """In the PDF the note follows the finding, named as a translator's note;
    in the DOCX it is a paragraph of its own in the Legend style, inside the
    finding's list item; the Dutch edition prints none."""
    pages = pdf_pages(editions["en"]["pdf"])
    shared = next(p for p in pages if p.startswith("Shared barriers"))
    assert (
        "2 Insufficient perceived connection between policy (OG) and implementation (ON) "
        "Translator's note: OG and ON are kept as written: the commissioning side "
        "(opdrachtgever) and the contracted side (opdrachtnemer). "
        "3 Insufficient perceived room"
    ) in shared
    fc3 = next(p for p in pages if p.startswith("Flipchart 3 of 7"))
    assert "Translator's notes Omgang is kept as written: literally ‘dealings’" in fc3
    assert not any("Translator" in p or "vertaler" in p for p in pdf_pages(editions["nl"]["pdf"]))

    with zipfile.ZipFile(editions["en"]["docx"]) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
    paras = list(body.iter(f"{W}p"))
    texts_ = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paras]
    finding = "Insufficient perceived connection between policy (OG) and implementation (ON)"
    at = texts_.index(finding)
    note = paras[at + 1]
    assert texts_[at + 1].startswith("Translator's note: OG and ON are kept as written")
    assert note.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Legend"
    assert note.find(f"{W}pPr/{W}numPr") is not None  # inside the list item, unnumbered
    assert note.find(f"{W}r/{W}rPr/{W}b") is not None  # the name of the note in bold
