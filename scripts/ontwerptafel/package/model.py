"""Typed, read-only rows of the data package.

One dataclass per table; the field names are the CSV column names, so the
schema in ``datapackage.json`` and these classes say the same thing. Optional
columns a later version of the package adds (an English text, say) default
to ``None`` so older packages still load.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ontwerptafel.errors import NotInPackageError, Problem


@dataclass(frozen=True, slots=True)
class Session:
    session_id: str
    title: str
    event: str
    date: dt.date
    language: str
    title_tag: str | None = None
    subtitle: str | None = None
    participants: int | None = None
    participants_approximate: bool | None = None
    participants_as_written: str | None = None
    website: str | None = None
    website_label: str | None = None
    source_resource: str | None = None
    source_title: str | None = None
    source_line: int | None = None
    title_en: str | None = None
    title_tag_en: str | None = None
    subtitle_en: str | None = None
    event_en: str | None = None


@dataclass(frozen=True, slots=True)
class Organisation:
    organisation_id: str
    name: str
    abbreviation: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class SessionOrganiser:
    session_id: str
    order: int
    organisation_id: str
    name_as_written: str
    source_line: int | None
    name_en: str | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    statement_id: str
    session_id: str
    kind: str
    order: int
    text: str
    source_line: int | None
    actor: str | None = None
    emphasis: str | None = None
    actor_en: str | None = None
    text_en: str | None = None
    emphasis_en: str | None = None


@dataclass(frozen=True, slots=True)
class Flipchart:
    flipchart_id: str
    session_id: str
    order: int
    heading: str
    domain: str
    source_line: int | None
    heading_en: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    section_id: str
    flipchart_id: str
    order: int
    label: str
    source_line: int | None
    source_line_end: int | None
    label_en: str | None = None
    translator_note_en: str | None = None


@dataclass(frozen=True, slots=True)
class Note:
    note_id: str
    flipchart_id: str
    order: int
    text_verbatim: str
    struck_through: str
    legibility: str
    source_line: int | None
    source_line_end: int | None
    section_id: str | None = None
    parent_note_id: str | None = None
    link_mark: str | None = None
    list_marker: str | None = None
    marks: str | None = None
    above_line: str | None = None
    text_reading: str | None = None
    text_en: str | None = None
    above_line_en: str | None = None
    above_line_at: int | None = None
    above_line_at_en: int | None = None
    translator_note_en: str | None = None


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo of a flipchart, stored at ``path`` (checked by ``rules_photos``)."""

    photo_id: str
    flipchart_id: str
    order: int
    path: str
    media_type: str
    width: int
    height: int
    bytes: int
    sha256: str
    photographer: str
    licence: str
    publication_basis: str


@dataclass(frozen=True, slots=True)
class Finding:
    finding_id: str
    session_id: str
    kind: str
    rank: int
    text: str
    source_line: int | None
    scope: str | None = None
    emphasis: str | None = None
    text_en: str | None = None
    emphasis_en: str | None = None
    translator_note_en: str | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    contact_id: str
    session_id: str
    order: int
    name: str
    affiliation: str
    email: str
    publication_basis: str
    source_line: int | None


@dataclass(frozen=True, slots=True)
class Affiliation:
    contact_id: str
    order: int
    organisation_id: str


@dataclass(frozen=True, slots=True)
class Code:
    """A code of the curators' codebook (COM-B)."""

    code_id: str
    order: int
    label_nl: str
    label_en: str
    definition_nl: str
    definition_en: str
    citation: str
    parent_code_id: str | None = None


@dataclass(frozen=True, slots=True)
class SectionCode:
    """The curators' reading of a flipchart section as a code."""

    section_id: str
    code_id: str
    reading: str
    mapped_by: str
    rationale_nl: str
    rationale_en: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """A curators' link from a finding to a supporting note, or the marker
    that no note supports it (``note_id`` None)."""

    evidence_id: str
    finding_id: str
    relation: str
    linked_by: str
    note_id: str | None = None
    comment_nl: str | None = None
    comment_en: str | None = None


@dataclass(frozen=True, slots=True)
class Coding:
    """One code applied to one finding or one note, by the curators."""

    coding_id: str
    code_id: str
    coded_by: str
    finding_id: str | None = None
    note_id: str | None = None

    @property
    def target(self) -> str:
        return self.finding_id or self.note_id or ""


#: table (resource) name -> row class
ROW_TYPES: dict[str, type] = {
    "sessions": Session,
    "organisations": Organisation,
    "session_organisers": SessionOrganiser,
    "statements": Statement,
    "flipcharts": Flipchart,
    "sections": Section,
    "notes": Note,
    "photos": Photo,
    "findings": Finding,
    "contacts": Contact,
    "affiliations": Affiliation,
    "codes": Code,
    "section_codes": SectionCode,
    "evidence": Evidence,
    "codings": Coding,
}


def split_emphasis(value: str | None) -> tuple[str, ...]:
    """The bold runs of a text, as stored in an ``emphasis`` cell."""
    return tuple(run for run in (value or "").split(" | ") if run)


@dataclass(frozen=True)
class Package:
    """The whole package: its descriptor and its rows, table by table."""

    descriptor: dict[str, Any]
    tables: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    #: the package's folder, where its photos are; None for tables alone
    folder: Path | None = None
    #: (table, column) -> rows by value, made on first use: a report asks for
    #: one chart's notes at a time, and a scan of every note per chart made
    #: building a hundred sessions' reports quadratic
    _index: dict[tuple[str, str], dict[Any, list[Any]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", ""))

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))

    def rows(self, table: str) -> tuple[Any, ...]:
        return self.tables.get(table, ())

    def rows_where(self, table: str, column: str, value: Any) -> list[Any]:
        """Rows of ``table`` whose ``column`` is ``value``, in their order in the table."""
        index = self._index.get((table, column))
        if index is None:
            index = {}
            for row in self.rows(table):
                index.setdefault(getattr(row, column, None), []).append(row)
            self._index[(table, column)] = index
        return list(index.get(value, ()))

    @property
    def sessions(self) -> tuple[Session, ...]:
        return self.rows("sessions")

    def session(self, session_id: str) -> Session:
        found = self.rows_where("sessions", "session_id", session_id)
        if found:
            return found[0]
        known = ", ".join(s.session_id for s in self.sessions)
        msg = f"no session {session_id!r} in the package (known: {known})"
        raise NotInPackageError([Problem("data/sessions.csv", msg)])

    def of_session(self, table: str, session_id: str) -> list[Any]:
        """Rows of ``table`` that carry ``session_id``, in their ``order`` or ``rank``."""
        return sorted(self.rows_where(table, "session_id", session_id), key=_sort_key)

    def flipcharts(self, session_id: str) -> list[Flipchart]:
        return self.of_session("flipcharts", session_id)

    def notes(self, flipchart_id: str) -> list[Note]:
        return sorted(self.rows_where("notes", "flipchart_id", flipchart_id), key=_sort_key)

    def photos(self, flipchart_id: str) -> list[Photo]:
        return sorted(self.rows_where("photos", "flipchart_id", flipchart_id), key=_sort_key)

    def sections(self, flipchart_id: str) -> list[Section]:
        return sorted(self.rows_where("sections", "flipchart_id", flipchart_id), key=_sort_key)

    def organisation(self, organisation_id: str) -> Organisation:
        found = self.rows_where("organisations", "organisation_id", organisation_id)
        if found:
            return found[0]
        msg = f"no organisation {organisation_id!r} in the package"
        raise NotInPackageError([Problem("data/organisations.csv", msg)])


def _sort_key(row: Any) -> tuple[int, str]:
    rank = getattr(row, "order", None)
    if rank is None:
        rank = getattr(row, "rank", 0)
    return (rank, "")
