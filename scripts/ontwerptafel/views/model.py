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
