"""The parts slides are made of: text runs, items, notes, columns, legend entries.

Texts are kept as runs of plain text with flags (bold, struck through); no
markup is produced here, so nothing in the data can be read as markup later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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


def split_at_char(runs: Rich, cut: int) -> tuple[Rich, Rich]:
    """``runs`` cut at character ``cut`` of their text, formatting kept."""
    head: list[Run] = []
    tail: list[Run] = []
    pos = 0
    for run in runs:
        end = pos + len(run.text)
        if end <= cut:
            head.append(run)
        elif pos >= cut:
            tail.append(run)
        else:
            head.append(Run(run.text[: cut - pos], run.strong, run.struck))
            tail.append(Run(run.text[cut - pos :], run.strong, run.struck))
        pos = end
    return tuple(head), tuple(tail)


def split_at_word(runs: Rich, words: int) -> tuple[Rich, Rich]:
    """``runs`` cut before their word number ``words`` (0: before the first;
    the word count or more: after the last), the space before the cut kept
    with the first part, so the parts join back into the same text."""
    text = plain(runs)
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    return split_at_char(runs, starts[words] if words < len(starts) else len(text))


# --- slide items -----------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A ranked or listed text (a barrier, a promise, a statement)."""

    text: Rich
    rank: int | None = None
    actor: str | None = None
    ident: str | None = None
    #: the translator's note on the text, shown beside it in a translation only
    note: str | None = None


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
    #: how many words of ``text`` come before the words written above the line
    above_at: int = 0

    @property
    def parts(self) -> tuple[Rich, Rich, Rich]:
        """The text before the gap the words above the line stand over, the
        word after it (which they are drawn over, as in the source) and the
        rest; without such words, the whole text and two empty parts."""
        if not self.above_line:
            return self.text, (), ()
        head, tail = split_at_word(self.text, self.above_at)
        word, rest = split_at_word(tail, 1)
        trimmed = plain(word).rstrip()
        if trimmed != plain(word):  # the space after the word stays outside it
            word, space = split_at_char(word, len(trimmed))
            rest = space + rest
        return head, word, rest


@dataclass(frozen=True)
class Column:
    """A section of a flipchart (or the whole chart when it has none)."""

    label: str | None
    notes: tuple[NoteView, ...]


@dataclass(frozen=True)
class LegendEntry:
    """One sign a flipchart's legend explains: its key, its words and its sample."""

    key: str
    label: str
    sample: str


@dataclass(frozen=True)
class Contact:
    """A person on the contact slide, as the source lists them."""

    name: str
    affiliation: str
    email: str


@dataclass(frozen=True)
class NoteQuote:
    """A supporting note as the appendix quotes it: its text and where it is
    written ("Flip-over 2 · Uitvoering"), with the anchors of the note and
    of its flipchart, which the formats link to."""

    ident: str
    text: str
    where: str
    flipchart: str


@dataclass(frozen=True)
class EvidenceRow:
    """One finding on an appendix slide."""

    ident: str
    marker: str
    rank: int
    text: Rich
    codes: tuple[str, ...]
    notes: int
    note_ids: tuple[str, ...]
    #: the curators say the source holds no supporting note (never just a 0)
    no_note: bool
    comment: str | None = None
    #: the translator's note on the finding, as on its own slide
    note: str | None = None
    #: each supporting note, quoted, in the order of the flipcharts
    quotes: tuple[NoteQuote, ...] = ()


@dataclass(frozen=True)
class SessionSummary:
    """One session's numbers, as the overview's counts table and chart show them."""

    ident: str
    label: str
    title: str
    date: str
    flipcharts: int
    notes: int
    #: findings per kind, in the overview's order of kinds
    findings: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.findings)


@dataclass(frozen=True)
class SessionColumn:
    """One session's findings of one kind, as a column of a side-by-side slide."""

    ident: str
    label: str
    date: str
    items: tuple[Item, ...]
    #: the session has no findings of this kind at all (not: they are on another slide)
    empty: bool = False


@dataclass(frozen=True)
class Series:
    """One panel of the overview chart: a kind of finding and its count per session."""

    key: str
    heading: str
    values: tuple[int, ...]
