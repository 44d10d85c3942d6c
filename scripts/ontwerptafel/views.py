"""The view model: a session as the slides of its report, in order.

Every output format (HTML/PDF, DOCX) renders these objects and nothing else,
so the formats cannot disagree about what is on a slide. Texts are kept as
runs of plain text with flags (bold, struck through); no markup is produced
here, so nothing in the data can be read as markup later.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ontwerptafel.i18n import LABELS_DIR
from ontwerptafel.model import Finding, Note, Package, split_emphasis

REPORT_DIR = LABELS_DIR.parent


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    strong: bool = False
    struck: bool = False


Rich = tuple[Run, ...]


def rich(text: str, emphasis: tuple[str, ...] = ()) -> Rich:
    """Split ``text`` into runs, bold where it matches one of ``emphasis``."""
    if not emphasis:
        return (Run(text),)
    pattern = "|".join(re.escape(e) for e in sorted(emphasis, key=len, reverse=True))
    runs: list[Run] = []
    pos = 0
    for m in re.finditer(pattern, text):
        if m.start() > pos:
            runs.append(Run(text[pos : m.start()]))
        runs.append(Run(m.group(0), strong=True))
        pos = m.end()
    if pos < len(text):
        runs.append(Run(text[pos:]))
    return tuple(runs)


def struck_runs(text: str) -> Rich:
    """Runs of a verbatim note: ``~~...~~`` spans become struck-through runs."""
    runs: list[Run] = []
    pos = 0
    for m in re.finditer(r"~~(.+?)~~", text):
        if m.start() > pos:
            runs.append(Run(text[pos : m.start()]))
        runs.append(Run(m.group(1), struck=True))
        pos = m.end()
    if pos < len(text) or not runs:
        runs.append(Run(text[pos:]))
    return tuple(runs)


def plain(runs: Rich) -> str:
    return "".join(r.text for r in runs)


# --- slide items -----------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A ranked or listed text (a barrier, a promise, a statement)."""

    text: Rich
    rank: int | None = None
    actor: str | None = None
    ident: str | None = None


@dataclass(frozen=True)
class Marker:
    """A finding that a note supports, as the note's small mark shows it (``G1``)."""

    ident: str
    label: str


@dataclass(frozen=True)
class NoteView:
    """A note on a flipchart board, as written, with its sub-notes."""

    ident: str
    text: Rich
    struck_whole: bool
    legibility: str
    reading: str | None
    marks: str | None
    above_line: str | None
    link_mark: str | None
    children: tuple[NoteView, ...] = ()
    #: the findings this note supports (the curators' evidence), for its marker
    supports: tuple[Marker, ...] = ()


@dataclass(frozen=True)
class Column:
    """A section of a flipchart (or the whole chart when it has none)."""

    label: str | None
    notes: tuple[NoteView, ...]


@dataclass(frozen=True)
class Slide:
    """One page of the report. ``kind`` names the template that draws it."""

    kind: str
    heading: str
    number: int = 0
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs for one session in one language."""

    session_id: str
    lang: str
    title: str
    subtitle: str
    authors: tuple[str, ...]
    keywords: tuple[str, ...]
    date: dt.date
    labels: Mapping[str, str]
    slides: tuple[Slide, ...]
    package_version: str
    package_name: str
    #: the package's own dates (ISO 8601, as in datapackage.json): the dates
    #: every output carries, so a rebuild on another day gives the same bytes
    created: str | None = None
    modified: str | None = None


def load_labels(lang: str) -> dict[str, str]:
    """The fixed texts of the report in ``lang`` (``report/labels/<lang>.toml``)."""
    path = LABELS_DIR / f"{lang}.toml"
    with path.open("rb") as f:
        data = tomllib.load(f)
    return {str(k): str(v) for k, v in data.items()}


def format_date(date: dt.date, labels: Mapping[str, str]) -> str:
    months = labels["months"].split()
    return f"{date.day} {months[date.month - 1]} {date.year}"


def note_views(
    notes: list[Note], markers: Mapping[str, tuple[Marker, ...]] | None = None
) -> dict[str | None, tuple[NoteView, ...]]:
    """Notes as trees, grouped by section id (``None``: no section)."""
    children: dict[str | None, list[Note]] = {}
    for n in notes:
        children.setdefault(n.parent_note_id, []).append(n)

    def view(n: Note) -> NoteView:
        return NoteView(
            ident=n.note_id,
            text=struck_runs(n.text_verbatim),
            struck_whole=n.struck_through == "whole",
            legibility=n.legibility,
            reading=n.text_reading,
            marks=n.marks,
            above_line=n.above_line,
            link_mark=n.link_mark,
            children=tuple(view(c) for c in children.get(n.note_id, [])),
            supports=(markers or {}).get(n.note_id, ()),
        )

    grouped: dict[str | None, list[NoteView]] = {}
    for n in children.get(None, []):
        grouped.setdefault(n.section_id, []).append(view(n))
    return {k: tuple(v) for k, v in grouped.items()}


def paginate(items: list[Item], capacity: int, chars_per_line: int) -> list[list[Item]]:
    """Split items over slides, in order, by their estimated height.

    An item costs its wrapped lines plus one line of spacing; a slide holds
    ``capacity`` lines. This keeps the original's split of the promises
    (two long ones, then three short ones) and stays sensible for any count.
    """
    pages: list[list[Item]] = []
    used = 0
    for item in items:
        cost = math.ceil(len(plain(item.text)) / chars_per_line) + 1
        if pages and used + cost <= capacity:
            pages[-1].append(item)
            used += cost
        else:
            pages.append([item])
            used = cost
    return pages


def finding_items(findings: list[Finding]) -> list[Item]:
    return [
        Item(rich(f.text, split_emphasis(f.emphasis)), rank=f.rank, ident=f.finding_id)
        for f in findings
    ]


def colophon_slide(package: Package, labels: Mapping[str, str]) -> Slide:
    """The last slide: how to cite the report and where its data lives."""
    from ontwerptafel.citation import citation_text, licence

    d = package.descriptor
    return Slide(
        "colophon",
        labels["colophon"],
        data={
            "citation": citation_text(d),
            "licence": licence(d),
            "version": package.version,
            "date": str(d.get("modified") or d.get("created") or "")[:10],
            "download": d.get("homepage") or d.get("id", ""),
        },
    )


def build_report(package: Package, session_id: str, lang: str = "nl") -> Report:
    """The slides of one session's report, in the original order."""
    from ontwerptafel.appendix import evidence_slides, note_markers
    from ontwerptafel.codebook_slides import codebook_slides
    from ontwerptafel.i18n import edition

    labels = load_labels(lang)
    package = edition(package, lang)
    s = package.session(session_id)
    markers = note_markers(package, session_id, labels)
    slides: list[Slide] = []

    organisers = [o.name_as_written for o in package.of_session("session_organisers", session_id)]
    slides.append(
        Slide(
            "title",
            s.title,
            data={
                "title": s.title,
                "title_tag": s.title_tag,
                "subtitle": s.subtitle or s.event,
                "date": format_date(s.date, labels),
                "organisers": organisers,
                "website": s.website,
                "website_label": s.website_label,
            },
        )
    )
    statements = package.of_session("statements", session_id)

    def of_kind(kind: str) -> list[Item]:
        return [
            Item(rich(st.text, split_emphasis(st.emphasis)), actor=st.actor, ident=st.statement_id)
            for st in statements
            if st.kind == kind
        ]

    slides.append(
        Slide(
            "problem-goal",
            labels["problem"],
            data={
                "problems": of_kind("problem"),
                "questions": of_kind("question"),
                "goals": of_kind("goal"),
            },
        )
    )
    slides.append(Slide("outcomes", labels["outcomes"], data={"paragraphs": of_kind("outcome")}))

    charts = package.flipcharts(session_id)
    for fc in charts:
        grouped = note_views(package.notes(fc.flipchart_id), markers)
        columns = [
            Column(sec.label, grouped.get(sec.section_id, ()))
            for sec in package.sections(fc.flipchart_id)
        ]
        if grouped.get(None):
            columns.insert(0, Column(None, grouped[None]))
        slides.append(
            Slide(
                "flipchart",
                fc.heading,
                data={
                    "flipchart": fc.order,
                    "of": len(charts),
                    "domain": labels[f"domain_{fc.domain}"],
                    "columns": columns,
                    "ident": fc.flipchart_id,
                },
            )
        )

    findings = package.of_session("findings", session_id)
    barriers = {
        scope: finding_items([f for f in findings if f.kind == "barrier" and f.scope == scope])
        for scope in ("shared", "policy", "implementation")
    }
    if barriers["shared"]:
        slides.append(
            Slide("barriers", labels["barriers_shared"], data={"items": barriers["shared"]})
        )
    if barriers["policy"] or barriers["implementation"]:
        slides.append(
            Slide(
                "barriers-split",
                labels["barriers_split"],
                data={
                    "left_heading": labels["barriers_policy"],
                    "left": barriers["policy"],
                    "right_heading": labels["barriers_implementation"],
                    "right": barriers["implementation"],
                },
            )
        )
    promises = finding_items([f for f in findings if f.kind == "promise"])
    for page in paginate(
        promises, int(labels.get("promise_capacity", "10")), int(labels.get("chars_per_line", "90"))
    ):
        slides.append(Slide("promises", labels["promises"], data={"items": page}))

    contacts = package.of_session("contacts", session_id)
    if contacts:
        slides.append(
            Slide(
                "contacts",
                labels["contacts"],
                data={
                    "date": format_date(s.date, labels),
                    "contacts": [
                        {"name": c.name, "affiliation": c.affiliation, "email": c.email}
                        for c in contacts
                    ],
                },
            )
        )
    slides.extend(evidence_slides(package, session_id, lang, labels))
    slides.extend(codebook_slides(package, lang, labels))
    slides.append(colophon_slide(package, labels))
    numbered = tuple(
        Slide(sl.kind, sl.heading, number=i, data=sl.data) for i, sl in enumerate(slides, 1)
    )
    authors = tuple(c.name for c in contacts)
    return Report(
        session_id=session_id,
        lang=lang,
        title=s.title,
        subtitle=s.subtitle or s.event,
        authors=authors,
        keywords=tuple(package.descriptor.get("keywords", ())),
        date=s.date,
        labels=labels,
        slides=numbered,
        package_version=package.version,
        package_name=package.name,
        created=_stamp(package.descriptor.get("created")),
        modified=_stamp(package.descriptor.get("modified")),
    )


def _stamp(value: Any) -> str | None:
    return str(value) if value else None
