"""Each slide kind of the view model as pandoc blocks (below its Heading 1).

Styles named here (``Title Tag``, ``Note Mark``, ...) are defined in the
reference document; see ``reference_docx.STYLES``. Every text comes from the
slide's data or the labels; nothing is written here but structure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence

from ontwerptafel import pandoc_ast as pa
from ontwerptafel.codebook_docx import codebook_slide
from ontwerptafel.overview_docx import RENDERERS as OVERVIEW_RENDERERS
from ontwerptafel.views import Column, Item, NoteView, Slide, plain

Labels = Mapping[str, str]

#: A board with one column longer than this many estimated lines is set in two;
#: a board whose longest column is still longer is set in a smaller size.
BOARD_LINES = 14
DENSE_LINES = 12
#: Characters a line of a board column holds when the board has two columns.
BOARD_CHARS = 70


def item_inlines(item: Item) -> pa.Inlines:
    """A statement or finding: its bold actor (a goal's lead-in), then its runs."""
    lead = [pa.strong(pa.text(item.actor)), pa.space()] if item.actor else []
    return [*lead, *pa.runs(item.text)]


def ranked(items: Sequence[Item], style: str = "Finding") -> pa.Blocks:
    """Ranked findings as numbered lists that start at their rank.

    Contiguous ranks make one list; a gap starts a new list at the next rank,
    so the number shown is always the rank in the data.
    """
    lists: list[tuple[int | None, list[pa.Blocks]]] = []
    for item in items:
        cell = [pa.para(item_inlines(item))]
        last = lists[-1] if lists else None
        if last and last[0] is not None and item.rank == last[0] + len(last[1]):
            last[1].append(cell)
            continue
        lists.append((item.rank, [cell]))
    blocks = [
        pa.ordered_list(cells, start) if start is not None else pa.bullet_list(cells)
        for start, cells in lists
    ]
    return [pa.div(style, blocks)]


def bullets(items: Iterable[Item], style: str = "Finding") -> pa.Node:
    """Listed statements in ``style``: pandoc styles list items only when they are
    paragraphs (``Para``) inside a styled Div; a ``Plain`` item is always Compact."""
    return pa.div(style, [pa.bullet_list([pa.para(item_inlines(i))] for i in items)])


def styled_para(style: str, inl: pa.Inlines) -> pa.Node:
    return pa.div(style, [pa.para(inl)])


# --- slides ----------------------------------------------------------------


def title_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    d = slide.data
    out: pa.Blocks = []
    if d.get("title_tag"):
        out.append(styled_para("Title Tag", pa.text(d["title_tag"])))
    if d.get("subtitle"):
        out.append(styled_para("Slide Subtitle", pa.text(d["subtitle"])))
    if d.get("date"):
        out.append(styled_para("Slide Date", pa.text(d["date"])))
    out += [styled_para("Organisers", pa.text(name)) for name in d.get("organisers", ())]
    if d.get("website"):
        label = pa.text(d.get("website_label") or d["website"])
        out.append(styled_para("Website", _as_list(pa.link(label, d["website"]))))
    return out


def problem_goal_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    d = slide.data
    out: pa.Blocks = []
    if d.get("problems"):
        out.append(bullets(d["problems"]))
    out += [styled_para("Question", item_inlines(q)) for q in d.get("questions", ())]
    if d.get("goals"):
        out.append(pa.header(2, pa.text(labels["goal"])))
        out.append(bullets(d["goals"]))
    return out


def outcomes_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    return [styled_para("Finding", item_inlines(p)) for p in slide.data.get("paragraphs", ())]


def barriers_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    return ranked(slide.data.get("items", ()))


def barriers_split_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    d = slide.data
    columns = [
        [pa.header(2, pa.text(d[f"{side}_heading"])), *ranked(d.get(side, ()))]
        for side in ("left", "right")
    ]
    return [pa.table(columns)]


def contacts_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    d = slide.data
    cards = []
    for c in d.get("contacts", ()):
        email = pa.text(c["email"])
        cards.append(
            [
                styled_para("Contact Name", pa.text(c["name"])),
                styled_para("Contact Detail", pa.text(c["affiliation"])),
                styled_para("Contact Detail", _as_list(pa.link(email, f"mailto:{c['email']}"))),
            ]
        )
    out = [styled_para("Slide Date", pa.text(d["date"]))] if d.get("date") else []
    if cards:
        out.append(pa.grid([cards[i : i + 2] for i in range(0, len(cards), 2)]))
    return out


def colophon_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    d = slide.data
    lic = d.get("licence") or {}
    download = str(d.get("download", ""))
    rows: list[tuple[str, pa.Inlines]] = [
        ("colophon_cite", pa.text(d.get("citation", ""))),
        ("colophon_licence", _as_list(pa.link(pa.text(lic.get("title", "")), lic.get("path", "")))),
        ("colophon_version", pa.text(" ".join(x for x in (d.get("version"), d.get("date")) if x))),
        ("colophon_download", _as_list(pa.link(pa.text(download), download))),
    ]
    return [
        styled_para("Colophon", [pa.strong(pa.text(labels[key])), pa.line_break(), *value])
        for key, value in rows
        if value
    ]


def generic_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    """A slide kind this renderer does not know: its texts and item lists, in key order."""
    out: pa.Blocks = []
    for key in sorted(slide.data):
        value = slide.data[key]
        if isinstance(value, str) and value:
            out.append(pa.para(pa.text(value)))
        elif isinstance(value, list | tuple) and value and all(isinstance(v, Item) for v in value):
            out.append(bullets(value, "Body Text"))
    return out


# --- flipchart boards ------------------------------------------------------


def note_item(note: NoteView) -> pa.Blocks:
    """A note as written: link mark, small words above, its text, its marks; a
    reading made by the curators on a line of its own; sub-notes nested."""
    inl: pa.Inlines = []
    if note.link_mark:
        inl += [pa.span("Link Mark", pa.text(note.link_mark)), pa.space()]
    if note.above_line:
        inl += [pa.span("Above Line", pa.text(note.above_line)), pa.space()]
    body = pa.runs(note.text, struck=not note.struck_whole)
    if note.struck_whole:
        body = [pa.strikeout(body)]
    if note.legibility in ("uncertain", "illegible"):
        body = [pa.span(note.legibility.capitalize(), body)]
    inl += body
    if note.marks:
        inl += [pa.space(), pa.span("Note Mark", pa.text(note.marks))]
    supports = " ".join(m.label for m in note.supports)
    if supports:
        inl += [pa.space(), pa.span("Finding Marker", pa.text(supports))]
    if note.reading:
        inl += [pa.line_break(), pa.span("Reading", pa.text(note.reading))]
    blocks: pa.Blocks = [pa.para(inl)]
    if note.children:
        blocks.append(pa.bullet_list(note_item(c) for c in note.children))
    return blocks


def _lines(note: NoteView) -> int:
    chars = len(plain(note.text)) + len(note.marks or "") + len(note.above_line or "")
    own = max(1, math.ceil(chars / BOARD_CHARS)) + (1 if note.reading else 0)
    return own + sum(_lines(c) for c in note.children)


def board_columns(columns: Sequence[Column]) -> list[Column]:
    """The board's columns; a single long column is split in two, between notes."""
    if len(columns) != 1 or sum(_lines(n) for n in columns[0].notes) <= BOARD_LINES:
        return list(columns)
    notes = columns[0].notes
    weights = [_lines(n) for n in notes]
    total = sum(weights)
    best = min(range(1, len(notes)), key=lambda k: abs(total - 2 * sum(weights[:k])), default=1)
    return [Column(columns[0].label, notes[:best]), Column(None, notes[best:])]


def _used(notes: Iterable[NoteView]) -> set[str]:
    used: set[str] = set()
    for n in notes:
        if n.struck_whole or any(r.struck for r in n.text):
            used.add("struck")
        if n.legibility in ("uncertain", "illegible"):
            used.add(n.legibility)
        used |= {k for k, v in (("reading", n.reading), ("above", n.above_line),
                                ("marks", n.marks)) if v}  # fmt: skip
        used |= {f"supports:{m.label}" for m in n.supports}
        used |= _used(n.children)
    return used


def legend(columns: Sequence[Column], labels: Labels) -> pa.Blocks:
    """What the marks on this board mean, each explanation shown in its own style."""
    used = _used(n for c in columns for n in c.notes)
    styled: list[tuple[str, Callable[[pa.Inlines], pa.Node]]] = [
        ("struck", pa.strikeout),
        ("uncertain", lambda i: pa.span("Uncertain", i)),
        ("illegible", lambda i: pa.span("Illegible", i)),
        ("reading", lambda i: pa.span("Reading", i)),
        ("above", lambda i: pa.span("Above Line", i)),
        ("marks", lambda i: pa.span("Note Mark", i)),
    ]
    inl: pa.Inlines = [pa.strong(pa.text(labels["legend"]))]
    sep = [pa.space(), *pa.text("·"), pa.space()]
    for key, style in styled:
        if key in used:
            inl += [*sep, style(pa.text(labels[f"legend_{key}"]))]
    markers = sorted(u.split(":", 1)[1] for u in used if u.startswith("supports:"))
    if markers and labels.get("legend_supports"):  # a marker of this board as the example
        sample = pa.span("Finding Marker", pa.text(markers[0]))
        inl += [*sep, sample, pa.space(), *pa.text(labels["legend_supports"])]
    return [styled_para("Legend", inl)] if used else []


def flipchart_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    d = slide.data
    meta = [labels["flipchart"], str(d.get("flipchart", "")), labels["flipchart_of"]]
    meta += [str(d.get("of", "")), "·", str(d.get("domain", ""))]
    out: pa.Blocks = [styled_para("Slide Meta", pa.text(" ".join(m for m in meta if m)))]
    columns = board_columns(d.get("columns", ()))
    longest = max((sum(_lines(n) for n in c.notes) for c in columns), default=0)
    style = "Board Note Dense" if longest > DENSE_LINES else "Board Note"
    cells: list[pa.Blocks] = []
    for col in columns:
        cell: pa.Blocks = [styled_para("Board Section", pa.text(col.label))] if col.label else []
        if col.notes:
            cell.append(pa.div(style, [pa.bullet_list(note_item(n) for n in col.notes)]))
        cells.append(cell)
    if cells:
        out += [pa.table(cells)] if len(cells) > 1 else cells[0]
    return out + legend(columns, labels)


def evidence_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    """The curators' appendix: each finding with its codes and supporting notes."""
    d = slide.data
    out = [styled_para("Slide Intro", pa.text(d["intro"]))] if d.get("intro") else []

    def cell(style: str, inl: pa.Inlines) -> pa.Blocks:
        return [styled_para(style, inl)]

    head = [cell("Table Head", pa.text(str(d.get(k, "")))) for k in
            ("col_marker", "col_finding", "col_codes", "col_notes")]  # fmt: skip
    rows = []
    for row in d.get("items", ()):
        finding = cell("Table Text", pa.runs(row.text))
        if row.comment:  # the curators' words: in their style, under the finding
            finding.append(styled_para("Table Note", [pa.span("Reading", pa.text(row.comment))]))
        notes = pa.text(str(d.get("no_note", "")) if row.no_note else str(row.notes))
        rows.append(
            [
                cell("Table Text", [pa.strong(pa.text(row.marker))]),
                finding,
                cell("Table Text", pa.text(", ".join(row.codes))),
                cell("Table Text", notes),
            ]
        )
    if rows:
        out.append(pa.grid(rows, [0.05, 0.63, 0.17, 0.15], head=head))
    return out


def _as_list(node: pa.Node | pa.Inlines) -> pa.Inlines:
    return node if isinstance(node, list) else [node]


RENDERERS: dict[str, Callable[[Slide, Labels], pa.Blocks]] = {
    "title": title_slide,
    "problem-goal": problem_goal_slide,
    "outcomes": outcomes_slide,
    "flipchart": flipchart_slide,
    "barriers": barriers_slide,
    "barriers-split": barriers_split_slide,
    "promises": barriers_slide,
    "contacts": contacts_slide,
    "colophon": colophon_slide,
    "evidence": evidence_slide,
    "codebook": codebook_slide,
    **OVERVIEW_RENDERERS,
}
