"""The view model: a report as slides, each kind with exactly the fields it shows.

Every output format (HTML/PDF, DOCX) renders these objects and nothing else,
so the formats cannot disagree about what is on a slide. A slide kind is a
frozen dataclass, so a field a renderer asks for that the view never sets is
an error at once instead of an empty text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from ontwerptafel.views.model import (
    Column,
    Contact,
    EvidenceRow,
    Item,
    LegendEntry,
    Series,
    SessionColumn,
    SessionSummary,
)


@dataclass(frozen=True, kw_only=True)
class Slide:
    """One page of a report. Each kind is a subclass whose fields are all its
    template and its DOCX renderer may draw; ``kind`` names both."""

    kind: ClassVar[str] = ""
    heading: str
    number: int = 0
    #: the lines of the source text this slide's content was transcribed from,
    #: ascending (empty for the curators' own slides and for a session typed
    #: in without a source); the PPTX names them in the speaker notes
    sources: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True)
class TitleSlide(Slide):
    kind: ClassVar[str] = "title"
    title: str
    title_tag: str | None
    subtitle: str | None
    date: str
    organisers: tuple[str, ...]
    website: str | None
    website_label: str | None


@dataclass(frozen=True, kw_only=True)
class ProblemGoalSlide(Slide):
    kind: ClassVar[str] = "problem-goal"
    problems: tuple[Item, ...]
    questions: tuple[Item, ...]
    goals: tuple[Item, ...]


@dataclass(frozen=True, kw_only=True)
class OutcomesSlide(Slide):
    kind: ClassVar[str] = "outcomes"
    paragraphs: tuple[Item, ...]


@dataclass(frozen=True, kw_only=True)
class FlipchartSlide(Slide):
    kind: ClassVar[str] = "flipchart"
    flipchart: int
    of: int
    domain: str
    #: the chart's sections (or its one flowing column), as in the data
    columns: tuple[Column, ...]
    ident: str
    #: decided in ``views.layout``: the line above the heading, the columns as
    #: drawn side by side, the smaller note size, and the signs to explain
    meta: str
    flow: int
    board: tuple[Column, ...]
    dense: bool
    legend: tuple[LegendEntry, ...]
    #: the translator's notes on the chart's labels and notes, in their order
    #: (none in the original's own edition)
    translator_notes: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PhotoSlide(Slide):
    """A photo of a flipchart, before its transcription (see ``views.photos``)."""

    kind: ClassVar[str] = "flipchart-photo"
    meta: str
    flipchart: int
    ident: str
    #: the flipchart's own id, whose transcription follows
    chart: str
    #: the downscaled image as a data: URI, so every format embeds it whole
    src: str
    media_type: str
    width: int
    height: int
    alt: str
    credit: str


@dataclass(frozen=True, kw_only=True)
class BarriersSlide(Slide):
    kind: ClassVar[str] = "barriers"
    items: tuple[Item, ...]


@dataclass(frozen=True, kw_only=True)
class BarriersSplitSlide(Slide):
    kind: ClassVar[str] = "barriers-split"
    left_heading: str
    left: tuple[Item, ...]
    right_heading: str
    right: tuple[Item, ...]


@dataclass(frozen=True, kw_only=True)
class PromisesSlide(Slide):
    kind: ClassVar[str] = "promises"
    items: tuple[Item, ...]


@dataclass(frozen=True, kw_only=True)
class ContactsSlide(Slide):
    kind: ClassVar[str] = "contacts"
    date: str
    contacts: tuple[Contact, ...]


@dataclass(frozen=True, kw_only=True)
class EvidenceSlide(Slide):
    kind: ClassVar[str] = "evidence"
    scope: str
    intro: str
    col_finding: str
    col_codes: str
    col_notes: str
    no_note: str
    items: tuple[EvidenceRow, ...]


@dataclass(frozen=True, kw_only=True)
class ColophonSlide(Slide):
    kind: ClassVar[str] = "colophon"
    citation: str
    #: the original report this edition reproduces, as the package's source names it
    original: str
    licence: Mapping[str, str]
    #: what the report was made from: the package's version (the overview)
    #: or the session's own data (a session), with its date
    made_from: str
    version: str
    date: str
    #: the dataset's DOI URL; empty until there is one (never a home page)
    download: str
    #: where the codebook is, now that it is no part of the report
    codebook: str


@dataclass(frozen=True, kw_only=True)
class OverviewTitleSlide(Slide):
    kind: ClassVar[str] = "overview-title"
    title: str
    subtitle: str
    span: str
    version: str


@dataclass(frozen=True, kw_only=True)
class OverviewCountsSlide(Slide):
    kind: ClassVar[str] = "overview-counts"
    rows: tuple[SessionSummary, ...]
    kinds: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class OverviewChartSlide(Slide):
    kind: ClassVar[str] = "overview-chart"
    title: str
    sessions: tuple[str, ...]
    series: tuple[Series, ...]
    alt: str
    caption: str


@dataclass(frozen=True, kw_only=True)
class OverviewFindingsSlide(Slide):
    kind: ClassVar[str] = "overview-findings"
    key: str
    columns: tuple[SessionColumn, ...]
    none: str


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
    #: the package's path of the source text the slides' ``sources`` count lines of
    source: str | None = None


#: every slide kind, by the name its template and DOCX renderer go by
SLIDE_KINDS: dict[str, type[Slide]] = {
    cls.kind: cls
    for cls in (
        TitleSlide, ProblemGoalSlide, OutcomesSlide, FlipchartSlide, PhotoSlide, BarriersSlide,
        BarriersSplitSlide, PromisesSlide, ContactsSlide, EvidenceSlide, ColophonSlide,
        OverviewTitleSlide, OverviewCountsSlide, OverviewChartSlide, OverviewFindingsSlide,
    )
}  # fmt: skip
