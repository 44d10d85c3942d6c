"""A session as the slides of its report, in the original's order.

The slides of the original come first, then the curators' appendix
(``appendix``) and the colophon; the report's texts are those of the
edition in the requested language (``i18n.edition``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

from ontwerptafel.package.citation import citation_text, doi, licence
from ontwerptafel.package.model import Finding, Note, Package, split_emphasis
from ontwerptafel.views import layout
from ontwerptafel.views.appendix import evidence_slides
from ontwerptafel.views.i18n import edition, format_date, load_labels
from ontwerptafel.views.model import (
    Column,
    Contact,
    Item,
    Marker,
    NoteView,
    plain,
    rich,
    struck_runs,
)
from ontwerptafel.views.slides import (
    BarriersSlide,
    BarriersSplitSlide,
    ColophonSlide,
    ContactsSlide,
    FlipchartSlide,
    OutcomesSlide,
    ProblemGoalSlide,
    PromisesSlide,
    Report,
    Slide,
    TitleSlide,
)


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
            above_at=n.above_line_at or 0,
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


def source_lines(*rows: Any) -> tuple[int, ...]:
    """The source lines ``rows`` were transcribed from (every line of a row's
    range), ascending, each once; rows without a source line add none."""
    lines: set[int] = set()
    for row in rows:
        start = getattr(row, "source_line", None)
        if start is not None:
            lines.update(range(start, (getattr(row, "source_line_end", None) or start) + 1))
    return tuple(sorted(lines))


def finding_items(findings: list[Finding]) -> list[Item]:
    return [
        Item(rich(f.text, split_emphasis(f.emphasis)), rank=f.rank, ident=f.finding_id)
        for f in findings
    ]


def colophon_slide(package: Package, labels: Mapping[str, str]) -> ColophonSlide:
    """The last slide: how to cite the data in the edition's own language, the
    original it reproduces, and where the data is: its DOI, or no link at all
    rather than a page where the data is not."""
    d = package.descriptor
    found = doi(d)
    sources = d.get("sources") or [{}]
    return ColophonSlide(
        heading=labels["colophon"],
        citation=citation_text(d, labels["cite_version"], labels["cite_kind"]),
        original=str(sources[0].get("title", "")),
        licence=licence(d),
        version=package.version,
        date=str(d.get("modified") or d.get("created") or "")[:10],
        download=f"https://doi.org/{found}" if found else "",
        codebook=labels["colophon_codebook_where"],
    )


def build_report(package: Package, session_id: str, lang: str | None = None) -> Report:
    """The slides of one session's report, in the original order, in ``lang``
    (by default the session's own language)."""
    lang = lang or package.session(session_id).language
    labels = load_labels(lang)
    package = edition(package, lang)
    s = package.session(session_id)
    slides: list[Slide] = []

    organiser_rows = package.of_session("session_organisers", session_id)
    organisers = [o.name_as_written for o in organiser_rows]
    slides.append(
        TitleSlide(
            heading=s.title,
            title=s.title,
            title_tag=s.title_tag,
            subtitle=s.subtitle or s.event,
            date=format_date(s.date, labels),
            organisers=tuple(organisers),
            website=s.website,
            website_label=s.website_label,
            sources=source_lines(s, *organiser_rows),
        )
    )
    statements = package.of_session("statements", session_id)

    def of_kind(kind: str) -> tuple[Item, ...]:
        return tuple(
            Item(rich(st.text, split_emphasis(st.emphasis)), actor=st.actor, ident=st.statement_id)
            for st in statements
            if st.kind == kind
        )

    slides.append(
        ProblemGoalSlide(
            heading=labels["problem"],
            problems=of_kind("problem"),
            questions=of_kind("question"),
            goals=of_kind("goal"),
            sources=source_lines(
                *(st for st in statements if st.kind in ("problem", "question", "goal"))
            ),
        )
    )
    outcomes = [st for st in statements if st.kind == "outcome"]
    slides.append(
        OutcomesSlide(
            heading=labels["outcomes"],
            paragraphs=of_kind("outcome"),
            sources=source_lines(*outcomes),
        )
    )

    charts = package.flipcharts(session_id)
    for fc in charts:
        # the original's notes only: the curators' analysis is in the appendix
        notes = package.notes(fc.flipchart_id)
        grouped = note_views(notes)
        columns = [
            Column(sec.label, grouped.get(sec.section_id, ()))
            for sec in package.sections(fc.flipchart_id)
        ]
        if grouped.get(None):
            columns.insert(0, Column(None, grouped[None]))
        flow = layout.flow_columns(columns)
        board = layout.split_columns(columns, flow)
        slides.append(
            FlipchartSlide(
                heading=fc.heading,
                flipchart=fc.order,
                of=len(charts),
                domain=labels[f"domain_{fc.domain}"],
                columns=tuple(columns),
                ident=fc.flipchart_id,
                meta=layout.flipchart_meta(
                    labels, fc.order, len(charts), labels[f"domain_{fc.domain}"]
                ),
                flow=flow,
                board=board,
                dense=layout.dense(board),
                legend=layout.legend(columns, labels),
                sources=source_lines(fc, *package.sections(fc.flipchart_id), *notes),
            )
        )

    findings = package.of_session("findings", session_id)
    by_id = {f.finding_id: f for f in findings}

    def finding_lines(items: Sequence[Item]) -> tuple[int, ...]:
        return source_lines(*(by_id[i.ident] for i in items if i.ident in by_id))

    barriers = {
        scope: finding_items([f for f in findings if f.kind == "barrier" and f.scope == scope])
        for scope in ("shared", "policy", "implementation")
    }
    if barriers["shared"]:
        slides.append(
            BarriersSlide(
                heading=labels["barriers_shared"],
                items=tuple(barriers["shared"]),
                sources=finding_lines(barriers["shared"]),
            )
        )
    if barriers["policy"] or barriers["implementation"]:
        slides.append(
            BarriersSplitSlide(
                heading=labels["barriers_split"],
                left_heading=labels["barriers_policy"],
                left=tuple(barriers["policy"]),
                right_heading=labels["barriers_implementation"],
                right=tuple(barriers["implementation"]),
                sources=finding_lines(barriers["policy"] + barriers["implementation"]),
            )
        )
    promises = finding_items([f for f in findings if f.kind == "promise"])
    for page in paginate(
        promises, int(labels.get("promise_capacity", "10")), int(labels.get("chars_per_line", "90"))
    ):
        slides.append(
            PromisesSlide(
                heading=labels["promises"], items=tuple(page), sources=finding_lines(page)
            )
        )

    contacts = package.of_session("contacts", session_id)
    if contacts:
        slides.append(
            ContactsSlide(
                heading=labels["contacts"],
                date=format_date(s.date, labels),
                contacts=tuple(Contact(c.name, c.affiliation, c.email) for c in contacts),
                sources=source_lines(*contacts),
            )
        )
    slides.extend(evidence_slides(package, session_id, lang, labels))
    slides.append(colophon_slide(package, labels))
    numbered = tuple(dataclasses.replace(sl, number=i) for i, sl in enumerate(slides, 1))
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
        source=_resource_path(package, s.source_resource),
    )


def _resource_path(package: Package, name: str | None) -> str | None:
    """The path of the package's resource ``name`` (the session's source text)."""
    found = [r for r in package.descriptor.get("resources", ()) if name and r.get("name") == name]
    return str(found[0].get("path")) if found else None


def _stamp(value: Any) -> str | None:
    return str(value) if value else None
