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
from ontwerptafel.package.model import Finding, Note, Package, Session, split_emphasis
from ontwerptafel.views import layout
from ontwerptafel.views.appendix import evidence_slides
from ontwerptafel.views.i18n import (
    edition,
    format_date,
    load_labels,
    translator_note,
)
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
from ontwerptafel.views.photos import photo_slides
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


def finding_items(findings: list[Finding], lang: str = "", own: str = "") -> list[Item]:
    """Findings as ranked items; in a translation (``lang`` not ``own``) each
    carries its translator's note, so the note stands beside the finding."""
    return [
        Item(
            rich(f.text, split_emphasis(f.emphasis)),
            rank=f.rank,
            ident=f.finding_id,
            note=translator_note(f, lang, own),
        )
        for f in findings
    ]


def colophon_slide(
    package: Package, labels: Mapping[str, str], session: Session | None = None
) -> ColophonSlide:
    """The last slide: how to cite the data in the edition's own language, the
    original it reproduces, and where the data is: its DOI, or no link at all
    rather than a page where the data is not.

    A ``session``'s report names that session's data and date rather than
    the package's version, and cites the dataset unversioned, so adding
    another session (a new version) leaves it as it was; the overview names
    the version.
    """
    d = package.descriptor
    found = doi(d)
    if session is None:
        original = str((d.get("sources") or [{}])[0].get("title", ""))
        made_from, version = labels["colophon_version"], package.version
        date = str(d.get("modified") or d.get("created") or "")[:10]
    else:
        paths = [r.get("path") for r in d["resources"] if r.get("name") == session.source_resource]
        cited = [s for s in d.get("sources", []) if paths and s.get("path") == paths[0]]
        original = str(cited[0].get("title", "")) if cited else ""
        made_from, version = labels["colophon_session"], session.session_id
        date = session.date.isoformat()
    return ColophonSlide(
        heading=labels["colophon"],
        citation=citation_text(d, labels["cite_version"], labels["cite_kind"], session is None),
        original=original,
        licence=licence(d),
        made_from=made_from,
        version=version,
        date=date,
        download=f"https://doi.org/{found}" if found else "",
        codebook=labels["colophon_codebook_where"],
    )


def build_report(package: Package, session_id: str, lang: str | None = None) -> Report:
    """The slides of one session's report, in the original order, in ``lang``
    (by default the session's own language)."""
    lang = lang or package.session(session_id).language
    labels = load_labels(lang)
    # the session's own language is the original its report translates from:
    # never the package's, which another session's import may change
    own = package.session(session_id).language
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
        sections = package.sections(fc.flipchart_id)
        columns = [Column(sec.label, grouped.get(sec.section_id, ())) for sec in sections]
        glossed = (*sections, *notes)
        if grouped.get(None):
            columns.insert(0, Column(None, grouped[None]))
        flow = layout.flow_columns(columns)
        board = layout.split_columns(columns, flow)
        meta = layout.flipchart_meta(labels, fc.order, len(charts), labels[f"domain_{fc.domain}"])
        slides.extend(photo_slides(package, fc, meta, columns, labels))
        slides.append(
            FlipchartSlide(
                heading=fc.heading,
                flipchart=fc.order,
                of=len(charts),
                domain=labels[f"domain_{fc.domain}"],
                columns=tuple(columns),
                ident=fc.flipchart_id,
                meta=meta,
                flow=flow,
                board=board,
                dense=layout.dense(board),
                legend=layout.legend(columns, labels),
                translator_notes=tuple(
                    t for row in glossed if (t := translator_note(row, lang, own))
                ),
                sources=source_lines(fc, *sections, *notes),
            )
        )

    findings = package.of_session("findings", session_id)
    by_id = {f.finding_id: f for f in findings}

    def finding_lines(items: Sequence[Item]) -> tuple[int, ...]:
        return source_lines(*(by_id[i.ident] for i in items if i.ident in by_id))

    barriers = {
        scope: finding_items(
            [f for f in findings if f.kind == "barrier" and f.scope == scope], lang, own
        )
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
    promises = finding_items([f for f in findings if f.kind == "promise"], lang, own)
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
    slides.append(colophon_slide(package, labels, s))
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
        package_version="",  # the session's own data and date instead (see colophon_slide)
        package_name=package.name,
        created=s.date.isoformat(),
        modified=s.date.isoformat(),
        source=_resource_path(package, s.source_resource),
    )


def _resource_path(package: Package, name: str | None) -> str | None:
    """The path of the package's resource ``name`` (the session's source text)."""
    found = [r for r in package.descriptor.get("resources", ()) if name and r.get("name") == name]
    return str(found[0].get("path")) if found else None
