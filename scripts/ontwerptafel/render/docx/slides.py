"""Each slide kind of the view model as pandoc blocks (below its Heading 1).

Styles named here (``Title Tag``, ``Note Mark``, ...) are defined in the
reference document (``render.docx.styles``). Every text comes from the
slide's fields or the labels; nothing is written here but structure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ontwerptafel.assets import MARKS
from ontwerptafel.render.docx import pandoc_ast as pa
from ontwerptafel.render.docx.blocks import (
    as_inlines,
    bullets,
    item_inlines,
    ranked,
    styled_para,
    translator_note,
)
from ontwerptafel.views import layout
from ontwerptafel.views.model import LegendEntry, NoteView
from ontwerptafel.views.slides import (
    BarriersSlide,
    BarriersSplitSlide,
    ColophonSlide,
    ContactsSlide,
    EvidenceSlide,
    FlipchartSlide,
    OutcomesSlide,
    PhotoSlide,
    ProblemGoalSlide,
    PromisesSlide,
    TitleSlide,
)

Labels = Mapping[str, str]


# --- slides ----------------------------------------------------------------


def title_slide(slide: TitleSlide, labels: Labels) -> pa.Blocks:
    d = slide
    out: pa.Blocks = []
    if d.title_tag:
        out.append(styled_para("Title Tag", pa.text(d.title_tag)))
    if d.subtitle:
        out.append(styled_para("Slide Subtitle", pa.text(d.subtitle)))
    if d.date:
        out.append(styled_para("Slide Date", pa.text(d.date)))
    out += [styled_para("Organisers", pa.text(name)) for name in d.organisers]
    if d.website:
        label = pa.text(d.website_label or d.website)
        out.append(styled_para("Website", as_inlines(pa.link(label, d.website))))
    return out


def problem_goal_slide(slide: ProblemGoalSlide, labels: Labels) -> pa.Blocks:
    """Problem and goal side by side, as on the original slide (and the PDF):
    a two-column table headed by the slide's heading and the goal's, peers of
    one level and one size, as the split barriers' two columns are."""
    d = slide
    left: pa.Blocks = [pa.header(1, pa.text(d.heading), f"slide-{d.number}")]
    if d.problems:
        left.append(bullets(d.problems))
    left += [styled_para("Question", item_inlines(q)) for q in d.questions]
    right: pa.Blocks = [pa.header(1, pa.text(labels["goal"]))]
    if d.goals:
        right.append(bullets(d.goals))
    return [pa.table([left, right])]


def outcomes_slide(slide: OutcomesSlide, labels: Labels) -> pa.Blocks:
    return [styled_para("Finding", item_inlines(p)) for p in slide.paragraphs]


def barriers_slide(slide: BarriersSlide | PromisesSlide, labels: Labels) -> pa.Blocks:
    return ranked(slide.items, labels=labels)


def barriers_split_slide(slide: BarriersSplitSlide, labels: Labels) -> pa.Blocks:
    """The original slide is headed only by its two columns: they are its
    headings (the first carries the slide's anchor), with nothing above them."""
    d = slide
    columns = [
        [pa.header(1, pa.text(heading), ident), *ranked(items, labels=labels)]
        for heading, items, ident in (
            (d.left_heading, d.left, f"slide-{d.number}"),
            (d.right_heading, d.right, ""),
        )
    ]
    return [pa.table(columns)]


def contacts_slide(slide: ContactsSlide, labels: Labels) -> pa.Blocks:
    d = slide
    cards = []
    for c in d.contacts:
        email = pa.text(c.email)
        cards.append(
            [
                styled_para("Contact Name", pa.text(c.name)),
                styled_para("Contact Detail", pa.text(c.affiliation)),
                styled_para("Contact Detail", as_inlines(pa.link(email, f"mailto:{c.email}"))),
            ]
        )
    out = [styled_para("Slide Date", pa.text(d.date))] if d.date else []
    if cards:
        out.append(pa.grid([cards[i : i + 2] for i in range(0, len(cards), 2)]))
    return out


def colophon_slide(slide: ColophonSlide, labels: Labels) -> pa.Blocks:
    d = slide
    licence = as_inlines(pa.link(pa.text(d.licence.get("title", "")), d.licence.get("path", "")))
    download = as_inlines(pa.link(pa.text(d.download), d.download)) if d.download else []
    rows: list[tuple[str, pa.Inlines]] = [
        (labels["colophon_cite"], pa.text(d.citation)),
        (labels["colophon_original"], pa.text(d.original)),
        (labels["colophon_licence"], licence),
        (d.made_from, pa.text(" ".join(x for x in (d.version, d.date) if x))),
        (labels["colophon_codebook"], pa.text(d.codebook)),
        (labels["colophon_download"], download),
    ]
    return [
        styled_para("Colophon", [pa.strong(pa.text(label)), pa.line_break(), *value])
        for label, value in rows
        if value
    ]


# --- flipchart boards ------------------------------------------------------


def drawn_mark(legibility: str, labels: Labels) -> pa.Node:
    """The mark of an uncertain or illegible reading, drawn as in the PDF: an
    image whose alternative text a screen reader reads, never a character."""
    data = (MARKS / f"{legibility}.png").read_bytes()
    width = "4.7pt" if legibility == "uncertain" else "9.4pt"
    return pa.image(data, f"({labels[f'mark_{legibility}']})", width, "7pt")


#: the room a photo has on the DOCX's 16:9 page below its heading, in cm
PHOTO_BOX = (22.0, 12.0)


def photo_slide(slide: PhotoSlide, labels: Labels) -> pa.Blocks:
    """The photo as large as the page holds, its proportions kept, the
    transcription as its alternative text, and the credit below it."""
    d = slide
    scale = min(PHOTO_BOX[0] / d.width, PHOTO_BOX[1] / d.height)
    width, height = f"{d.width * scale:.2f}cm", f"{d.height * scale:.2f}cm"
    return [
        styled_para("Slide Meta", pa.text(d.meta)),
        pa.anchor(d.ident),
        pa.para([pa.image_src(d.src, d.alt, width, height)]),
        styled_para("Legend", pa.text(d.credit)),
    ]


def note_item(note: NoteView, labels: Labels) -> pa.Blocks:
    """A note as written: link mark, small words above, its text, its marks; a
    reading made by the curators on a line of its own; sub-notes nested."""
    inl: pa.Inlines = []
    if note.link_mark:
        inl += [pa.span("Link Mark", pa.text(note.link_mark)), pa.space()]
    # the words written above the line stand raised where the source puts them
    head, word, rest = note.parts
    body = pa.runs(head, struck=not note.struck_whole)
    if note.above_line:
        if head and not head[-1].text.endswith(" "):
            body.append(pa.space())
        body += [pa.span("Above Line", pa.text(note.above_line)), pa.space()]
    body += pa.runs(word + rest, struck=not note.struck_whole)
    if note.struck_whole:
        body = [pa.strikeout(body)]
    if note.legibility in ("uncertain", "illegible"):
        body = [pa.span(note.legibility.capitalize(), body), drawn_mark(note.legibility, labels)]
    inl += body
    if note.marks:
        inl += [pa.space(), pa.span("Note Mark", pa.text(note.marks))]
    if note.reading:
        # the curators' reading, marked as theirs as in the PDF, never a second note
        inl += [pa.line_break(), pa.span("Reading", pa.text(f"≈ {note.reading}"))]
    blocks: pa.Blocks = [pa.para(inl)]
    if note.children:
        blocks.append(pa.bullet_list(note_item(c, labels) for c in note.children))
    return blocks


#: how each legend sample is drawn in the DOCX (its words stay plain text beside it)
SAMPLE_STYLES: dict[str, Callable[[pa.Inlines], pa.Node]] = {
    "struck": pa.strikeout,
    "uncertain": lambda i: pa.span("Uncertain", i),
    "illegible": lambda i: pa.span("Illegible", i),
    "reading": lambda i: pa.span("Reading", i),
    "above": lambda i: pa.span("Above Line", i),
    "marks": lambda i: pa.span("Note Mark", i),
    "supports": lambda i: pa.span("Finding Marker", i),
}


def legend(entries: Sequence[LegendEntry], labels: Labels) -> pa.Blocks:
    """What the signs on this board mean: each sample in its style, then its words."""
    if not entries:
        return []
    inl: pa.Inlines = [pa.strong(pa.text(labels["legend"]))]
    sep = [pa.space(), *pa.text("·"), pa.space()]
    for entry in entries:
        inl += [*sep, SAMPLE_STYLES[entry.key](pa.text(entry.sample))]
        if entry.key in ("uncertain", "illegible"):
            inl.append(drawn_mark(entry.key, labels))
        inl += [pa.space(), *pa.text(entry.label)]
    return [styled_para("Legend", inl)]


def flipchart_slide(slide: FlipchartSlide, labels: Labels) -> pa.Blocks:
    out: pa.Blocks = [styled_para("Slide Meta", pa.text(slide.meta))]
    style = "Board Note Dense" if slide.dense else "Board Note"
    # the flipchart's bookmark, which the appendix's quotes link to
    out.append(pa.anchor(slide.ident))
    cells: list[pa.Blocks] = []
    for col in slide.board:
        cell: pa.Blocks = [styled_para("Board Section", pa.text(col.label))] if col.label else []
        if col.notes:
            cell.append(pa.div(style, [pa.bullet_list(note_item(n, labels) for n in col.notes)]))
        cells.append(cell)
    if cells:
        out += [pa.table(cells)] if len(cells) > 1 else cells[0]
    out += [translator_note(t, labels) for t in slide.translator_notes]
    return out + legend(slide.legend, labels)


def evidence_slide(slide: EvidenceSlide, labels: Labels) -> pa.Blocks:
    """The curators' appendix: each finding with its codes and supporting notes."""
    d = slide
    out = [styled_para("Slide Intro", pa.text(d.intro))] if d.intro else []

    def cell(style: str, inl: pa.Inlines) -> pa.Blocks:
        return [styled_para(style, inl)]

    head = [cell("Table Head", pa.text(t)) for t in ("", d.col_finding, d.col_codes, d.col_notes)]
    rows = []
    for row in d.items:
        finding = cell("Table Text", pa.runs(row.text))
        if row.comment:  # the curators' words: in their style, under the finding
            finding.append(styled_para("Table Note", [pa.span("Reading", pa.text(row.comment))]))
        if row.note:
            finding.append(translator_note(row.note, labels, "Table Note"))
        if row.no_note:
            notes = cell("Table Text", pa.text(d.no_note))
        else:  # each note quoted, an internal link to its flipchart's page
            notes = [
                styled_para("Table Note", [pa.anchor_link(pa.text(f"{q.where}: ‘{q.text}’"),
                                                          q.flipchart)])
                for q in row.quotes
            ]  # fmt: skip
        rows.append(
            [
                cell("Table Text", [pa.strong(pa.text(row.marker))]),
                finding,
                cell("Table Text", pa.text(", ".join(row.codes))),
                notes,
            ]
        )
    if rows:
        widths = layout.evidence_widths(any(row.quotes for row in d.items))
        out.append(pa.grid(rows, widths, head=head))
    return out
