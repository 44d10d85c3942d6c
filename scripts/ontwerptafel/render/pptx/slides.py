"""Each slide kind as pandoc blocks for the PowerPoint writer, below its title.

Most kinds are drawn as in the DOCX (its renderers; the PowerPoint writer
ignores their paragraph styles). Three differ, because a slide is not a
page: what the original shows side by side becomes pandoc's columns (the
"Two Content" layout) or, for a board of three, a table; and the signs of
the handwriting become character formatting (a text box holds no inline
picture), each explained in the board's legend as in the DOCX; and in the
appendix only where a note stands is a link.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from ontwerptafel.render.docx import pandoc_ast as pa
from ontwerptafel.render.docx.blocks import bullets, item_inlines, ranked
from ontwerptafel.render.docx.document import RENDERERS as DOCX_RENDERERS
from ontwerptafel.views import layout
from ontwerptafel.views.model import LegendEntry, NoteView
from ontwerptafel.views.slides import (
    BarriersSplitSlide,
    EvidenceSlide,
    FlipchartSlide,
    PhotoSlide,
    ProblemGoalSlide,
    Slide,
    TitleSlide,
)

Labels = Mapping[str, str]


def columns(*cols: pa.Blocks) -> pa.Node:
    """Two columns side by side: pandoc's ``columns`` div of ``column`` divs."""
    inner = [{"t": "Div", "c": [["", ["column"], []], list(col)]} for col in cols]
    return {"t": "Div", "c": [["", ["columns"], []], inner]}


def speaker_notes(lines: pa.Inlines) -> pa.Node:
    """The slide's speaker notes: pandoc's ``notes`` div."""
    return {"t": "Div", "c": [["", ["notes"], []], [pa.para(lines)]]}


def column_head(text: str) -> pa.Node:
    """A column's heading: the bold first line of its text box."""
    return pa.para([pa.strong(pa.text(text))])


def title_inlines(slide: Slide) -> pa.Inlines:
    """A slide's title; the title slide's carries its tag, as the PDF's heading does."""
    tag = slide.title_tag if isinstance(slide, TitleSlide) else None
    return pa.text(f"{slide.heading} {tag}" if tag else slide.heading)


def title_slide(slide: TitleSlide, labels: Labels) -> pa.Blocks:
    """What the DOCX's title slide shows below the title, the tag being in it."""
    return DOCX_RENDERERS["title"](dataclasses.replace(slide, title_tag=None), labels)


def problem_goal_slide(slide: ProblemGoalSlide, labels: Labels) -> pa.Blocks:
    """Problem and goal side by side; the problem's heading is the slide's title."""
    left: pa.Blocks = [bullets(slide.problems)] if slide.problems else []
    left += [pa.para(item_inlines(q)) for q in slide.questions]
    right: pa.Blocks = [column_head(labels["goal"])]
    if slide.goals:
        right.append(bullets(slide.goals))
    return [columns(left, right)]


def barriers_split_slide(slide: BarriersSplitSlide, labels: Labels) -> pa.Blocks:
    """The two columns with their own headings (the slide's title is hidden)."""
    return [
        columns(
            [column_head(slide.left_heading), *ranked(slide.left)],
            [column_head(slide.right_heading), *ranked(slide.right)],
        )
    ]


#: how each sign of the handwriting is set in a slide's text, legend samples too
SIGNS: dict[str, Callable[[pa.Inlines], pa.Node]] = {
    "struck": pa.strikeout,
    "uncertain": lambda i: {"t": "Underline", "c": i},
    "illegible": lambda i: {"t": "Underline", "c": [{"t": "Emph", "c": i}]},
    "reading": lambda i: {"t": "Emph", "c": i},
    "above": lambda i: {"t": "Superscript", "c": i},
    "marks": pa.strong,
    "supports": lambda i: {"t": "Superscript", "c": [pa.strong(i)]},
}


def note_item(note: NoteView, labels: Labels) -> pa.Blocks:
    """A note as written (see the DOCX's ``note_item``): link mark, words above
    the line raised where the source puts them, its text, its marks, the
    curators' reading on a line of its own; sub-notes nested."""
    inl: pa.Inlines = []
    if note.link_mark:
        inl += [*pa.text(note.link_mark), pa.space()]
    head, word, rest = note.parts
    body = pa.runs(head, struck=not note.struck_whole)
    if note.above_line:
        if head and not head[-1].text.endswith(" "):
            body.append(pa.space())
        body += [SIGNS["above"](pa.text(note.above_line)), pa.space()]
    body += pa.runs(word + rest, struck=not note.struck_whole)
    if note.struck_whole:
        body = [pa.strikeout(body)]
    if note.legibility in ("uncertain", "illegible"):
        body = [SIGNS[note.legibility](body)]
    inl += body
    if note.marks:
        inl += [pa.space(), SIGNS["marks"](pa.text(note.marks))]
    if note.reading:
        inl += [pa.line_break(), SIGNS["reading"](pa.text(f"≈ {note.reading}"))]
    blocks: pa.Blocks = [pa.plain(inl)]
    if note.children:
        blocks.append(pa.bullet_list(note_item(c, labels) for c in note.children))
    return blocks


def legend(entries: Sequence[LegendEntry], labels: Labels) -> pa.Blocks:
    """What the signs on this board mean: each sample as set, then its words."""
    if not entries:
        return []
    inl: pa.Inlines = [pa.strong(pa.text(labels["legend"]))]
    for entry in entries:
        inl += [pa.space(), *pa.text("·"), pa.space(), SIGNS[entry.key](pa.text(entry.sample))]
        inl += [pa.space(), *pa.text(entry.label)]
    return [pa.para(inl)]


def flipchart_slide(slide: FlipchartSlide, labels: Labels) -> pa.Blocks:
    """The meta line, the board in the columns ``views.layout`` decided (a
    table when there is more than one) and the legend."""
    out: pa.Blocks = [pa.para(pa.text(slide.meta))]
    cells: list[pa.Blocks] = []
    for col in slide.board:
        cell: pa.Blocks = [column_head(col.label)] if col.label else []
        if col.notes:
            cell.append(pa.bullet_list(note_item(n, labels) for n in col.notes))
        cells.append(cell)
    if len(cells) > 1:
        out.append(pa.table(cells))
    elif cells:
        out += cells[0]
    return out + legend(slide.legend, labels)


def evidence_slide(slide: EvidenceSlide, labels: Labels) -> pa.Blocks:
    """The curators' appendix as in the DOCX, but only where a quoted note
    stands links to its flipchart: LibreOffice lays a hyperlink out as one
    unbreakable field, and a whole quote as a link wraps over the next line."""
    d = slide
    out = [pa.para(pa.text(d.intro))] if d.intro else []
    head = [[pa.para(pa.text(t))] for t in ("", d.col_finding, d.col_codes, d.col_notes)]
    rows = []
    for row in d.items:
        finding = [pa.para(pa.runs(row.text))]
        if row.comment:  # the curators' words, set as their reading is
            finding.append(pa.para([SIGNS["reading"](pa.text(row.comment))]))
        notes = (
            [pa.para(pa.text(d.no_note))]
            if row.no_note
            else [
                pa.para([pa.anchor_link(pa.text(q.where), q.flipchart), *pa.text(f": ‘{q.text}’")])
                for q in row.quotes
            ]
        )
        codes = [pa.para(pa.text(", ".join(row.codes)))]
        marker = [pa.para([pa.strong(pa.text(row.marker))])]
        rows.append([marker, finding, codes, notes])
    if rows:
        widths = layout.evidence_widths(any(row.quotes for row in d.items))
        out.append(pa.grid(rows, widths, head=head))
    return out


def photo_slide(slide: PhotoSlide, labels: Labels) -> pa.Blocks:
    """The photo alone on the slide ("Picture with Caption"), its place and
    credit as the caption: pandoc's PowerPoint writer shows an image's alt
    text as that caption, so the transcription is set as the picture's
    description afterwards (``finish.describe_pictures``)."""
    return [pa.para([pa.image_src(slide.src, f"{slide.meta} · {slide.credit}")])]


#: slide kind -> what draws it below its title; every kind of ``SLIDE_KINDS``
RENDERERS: dict[str, Callable[..., pa.Blocks]] = {
    **DOCX_RENDERERS,
    "title": title_slide,
    "problem-goal": problem_goal_slide,
    "barriers-split": barriers_split_slide,
    "flipchart": flipchart_slide,
    "flipchart-photo": photo_slide,
    "evidence": evidence_slide,
}
