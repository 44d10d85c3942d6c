"""Layout decisions made once for every format: board columns, legends, meta lines.

The HTML/PDF and the DOCX only draw what is decided here, so a flipchart is
split into the same columns, explains the same signs and carries the same
meta line in every format.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from ontwerptafel.views.model import Column, LegendEntry, NoteView, plain

#: Above this many notes on a chart without sections, the board flows into
#: two columns, and above the second number into three, so that the fullest
#: chart (24 notes) still fits one slide.
TWO_COLUMNS = 9
THREE_COLUMNS = 16
#: A board whose longest column holds more estimated lines than this is set
#: in the smaller note size.
DENSE_LINES = 12
#: Characters a line of a board column holds when the board has two columns.
BOARD_CHARS = 70
#: Slide kinds whose page in the original shows no heading across the slide
#: (only its columns are headed): the slide's heading only names it for
#: navigation, as the PDF's bookmark and the PPTX's hidden title.
UNTITLED = frozenset({"barriers-split"})
#: the signs a legend can explain, in the order it explains them, with the
#: sample each shows (the finding marker's sample is the labels' first marker)
LEGEND_SAMPLES: tuple[tuple[str, str], ...] = (
    ("struck", "abc"),
    ("uncertain", "abc"),
    ("illegible", "…"),
    ("reading", "≈ abc"),
    ("above", "abc"),
    ("marks", "✓"),
    ("supports", ""),
)


def evidence_widths(quoted: bool) -> tuple[float, ...]:
    """The share of an appendix table's width for the marker, the finding, its
    codes and its notes: the quotes get the room when there are any (about
    half, as the PDF's columns give them), else the findings keep it."""
    return (0.04, 0.34, 0.13, 0.49) if quoted else (0.05, 0.63, 0.17, 0.15)


def walk(notes: Iterable[NoteView]) -> Iterable[NoteView]:
    """Every note of a tree, parents before their children."""
    for note in notes:
        yield note
        yield from walk(note.children)


def legend(columns: Iterable[Column], labels: Mapping[str, str]) -> tuple[LegendEntry, ...]:
    """The legend entries a flipchart needs, in a fixed order.

    Only what occurs on the chart is explained, so a clean chart carries no
    legend at all.
    """
    notes = [n for c in columns for n in walk(c.notes)]
    present = {
        "struck": any(n.struck_whole or any(r.struck for r in n.text) for n in notes),
        "uncertain": any(n.legibility == "uncertain" for n in notes),
        "illegible": any(n.legibility == "illegible" for n in notes),
        "reading": any(n.reading for n in notes),
        "above": any(n.above_line for n in notes),
        "marks": any(n.marks for n in notes),
        "supports": any(n.supports for n in notes),
    }
    return tuple(
        LegendEntry(key, labels[f"legend_{key}"], sample or f"{labels['marker_shared']}1")
        for key, sample in LEGEND_SAMPLES
        if present[key]
    )


def flow_columns(columns: Sequence[Column]) -> int:
    """How many text columns a chart flows into: its sections, or by its note count."""
    if any(c.label for c in columns):
        return len(columns)
    count = sum(1 for c in columns for _ in walk(c.notes))
    if count > THREE_COLUMNS:
        return 3
    return 2 if count > TWO_COLUMNS else 1


def note_lines(note: NoteView) -> int:
    """A note's estimated height in lines at the board's width, sub-notes included."""
    chars = len(plain(note.text)) + len(note.marks or "") + len(note.above_line or "")
    own = max(1, math.ceil(chars / BOARD_CHARS)) + (1 if note.reading else 0)
    return own + sum(note_lines(c) for c in note.children)


def split_columns(columns: Sequence[Column], flow: int) -> tuple[Column, ...]:
    """The board's columns as drawn side by side: sections as they are, or one
    flowing column cut between notes into ``flow`` parts of even height."""
    if flow <= 1 or any(c.label for c in columns) or len(columns) != 1:
        return tuple(columns)
    notes = columns[0].notes
    weights = [note_lines(n) for n in notes]
    total = sum(weights)
    parts: list[Column] = []
    start = 0
    for k in range(1, flow):
        target = total * k / flow
        running = sum(weights[:start])
        end = start
        while end < len(notes) - (flow - k) and running + weights[end] / 2 < target:
            running += weights[end]
            end += 1
        parts.append(Column(columns[0].label if not parts else None, notes[start:end]))
        start = end
    parts.append(Column(None, notes[start:]))
    return tuple(p for p in parts if p.notes)


def dense(columns: Sequence[Column]) -> bool:
    """Whether the board's longest column needs the smaller note size."""
    return max((sum(note_lines(n) for n in c.notes) for c in columns), default=0) > DENSE_LINES


def flipchart_meta(labels: Mapping[str, str], order: int, of: int, domain: str) -> str:
    """The line above a flipchart's heading: 'Flip-over 2 van 7 · Uitvoering'."""
    return f"{labels['flipchart']} {order} {labels['flipchart_of']} {of} · {domain}"
