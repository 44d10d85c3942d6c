"""The overview report across sessions, as a view model like a session's report.

When the package holds two or more sessions, ``build`` also makes one report
about all of them: a title slide, a table of counts per session, a bar chart
of the findings per kind and session, the barriers and promises of the
sessions side by side (sessions as columns), and the colophon. It is a
``views.Report`` with its own slide kinds, so the same HTML templates, PDF
writer and DOCX writer render it, and the formats cannot disagree.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import TypeVar

from ontwerptafel.errors import BuildError
from ontwerptafel.package.citation import creators, full_name, published
from ontwerptafel.package.model import Package
from ontwerptafel.views.i18n import edition, format_date, load_labels, original_language
from ontwerptafel.views.model import Item, Series, SessionColumn, SessionSummary
from ontwerptafel.views.session import colophon_slide, finding_items, paginate
from ontwerptafel.views.slides import (
    OverviewChartSlide,
    OverviewCountsSlide,
    OverviewFindingsSlide,
    OverviewTitleSlide,
    Report,
    Slide,
)

T = TypeVar("T")

#: the id of the overview's documents (overview.pdf, ...); no session may take it
OVERVIEW_ID = "overview"
#: kinds of finding in report order: (key, findings kind, findings scope)
KINDS: tuple[tuple[str, str, str | None], ...] = (
    ("shared", "barrier", "shared"),
    ("policy", "barrier", "policy"),
    ("implementation", "barrier", "implementation"),
    ("promise", "promise", None),
)
#: sessions per slide: bars per chart panel, and columns of a side-by-side
#: slide (five sessions become 3 + 2 columns)
CHART_SESSIONS = 5
MAX_COLUMNS = 4
#: the side-by-side layout, in points: the slide's text width and the height
#: left for the lists under the headings; the type size per column count
TEXT_WIDTH = 840
LIST_HEIGHT = 320
COLUMN_GAP = 24
RANK_WIDTH = 24
FONT_SIZE = {1: 16.0, 2: 15.0, 3: 13.0, 4: 12.0}


def alt_text(title: str, sessions: Sequence[str], series: Sequence[Series]) -> str:
    """The chart in words: every panel with every session's number."""
    parts = [
        f"{s.heading}: "
        + ", ".join(f"{name} {v}" for name, v in zip(sessions, s.values, strict=True))
        for s in series
    ]
    return f"{title}. " + "; ".join(parts) + "."


def session_labels(package: Package) -> dict[str, str]:
    """A short name per session: its event, with the id where two events share a name."""
    events = [s.event for s in package.sessions]
    return {
        s.session_id: s.event if events.count(s.event) == 1 else f"{s.event} ({s.session_id})"
        for s in package.sessions
    }


def summaries(package: Package, labels: Mapping[str, str]) -> list[SessionSummary]:
    """Every session's counts, in the package's session order."""
    names = session_labels(package)
    out = []
    for s in package.sessions:
        charts = package.flipcharts(s.session_id)
        findings = package.of_session("findings", s.session_id)
        out.append(
            SessionSummary(
                ident=s.session_id,
                label=names[s.session_id],
                title=s.title,
                date=format_date(s.date, labels),
                flipcharts=len(charts),
                notes=sum(len(package.notes(fc.flipchart_id)) for fc in charts),
                findings=tuple(
                    sum(1 for f in findings if f.kind == kind and f.scope == scope)
                    for _, kind, scope in KINDS
                ),
            )
        )
    return out


#: the counts table, in points: the height its rows may fill under the
#: slide's heading and the table's header; a row's session name (13 pt, 1.25
#: line height) and title (9 pt, 1.2) wrap at these many characters, as the
#: session column is laid out beside eight columns of numbers
TABLE_HEIGHT = 340
ROW_PADDING = 11
NAME_CHARS, TITLE_CHARS = 20, 34
NAME_LINE, TITLE_LINE = 13 * 1.25, 9 * 1.2


def wrapped_lines(text: str, chars: int) -> int:
    """The lines ``text`` takes when its words wrap at ``chars`` characters."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > chars:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return lines


def table_pages(rows: Sequence[SessionSummary]) -> list[list[SessionSummary]]:
    """The counts table's rows over slides by their estimated height: long
    session names (an event's name with its session's id) take three lines,
    and six such rows would run off a slide; then evened out (7 rows: 4 + 3)."""

    def height(row: SessionSummary) -> float:
        name = NAME_LINE * wrapped_lines(row.label, NAME_CHARS)
        return ROW_PADDING + name + TITLE_LINE * wrapped_lines(row.title, TITLE_CHARS)

    pages: list[list[SessionSummary]] = []
    used = 0.0
    for row in rows:
        if pages and used + height(row) <= TABLE_HEIGHT:
            pages[-1].append(row)
            used += height(row)
        else:
            pages.append([row])
            used = height(row)
    even = chunks(rows, math.ceil(len(rows) / max(1, len(pages))))
    fits = len(even) == len(pages) and all(sum(map(height, p)) <= TABLE_HEIGHT for p in even)
    return even if fits else pages


def chunks(seq: Sequence[T], size: int) -> list[list[T]]:
    """``seq`` in pieces of at most ``size``, as even as possible (5 by 4: 3 + 2)."""
    count = max(1, math.ceil(len(seq) / size))
    base, extra = divmod(len(seq), count)
    out, start = [], 0
    for i in range(count):
        end = start + base + (1 if i < extra else 0)
        out.append(list(seq[start:end]))
        start = end
    return out


def column_pages(items: list[Item], columns: int) -> list[list[Item]]:
    """A column's items over slides, by their estimated height at this column count."""
    size = FONT_SIZE[columns]
    width = (TEXT_WIDTH - (columns - 1) * COLUMN_GAP) / columns - RANK_WIDTH
    chars_per_line = max(10, int(width / (0.52 * size)))
    capacity = max(2, int(LIST_HEIGHT / (size * 1.35)))
    return paginate(items, capacity, chars_per_line) if items else [[]]


def side_by_side(
    package: Package, labels: Mapping[str, str], names: Mapping[str, str]
) -> list[Slide]:
    """Per kind of finding, the sessions as columns; a kind no session has is left out."""
    slides: list[Slide] = []
    for key, kind, scope in KINDS:
        per_session = [
            (
                s,
                finding_items(
                    [
                        f
                        for f in package.of_session("findings", s.session_id)
                        if f.kind == kind and f.scope == scope
                    ]
                ),
            )
            for s in package.sessions
        ]
        if not any(items for _, items in per_session):
            continue
        heading = f"{labels[f'overview_{key}']} {labels['overview_per_session']}"
        groups = chunks(per_session, MAX_COLUMNS)
        pages: list[list[SessionColumn]] = []
        for group in groups:
            paged = [column_pages(items, len(group)) for _, items in group]
            for i in range(max(len(p) for p in paged)):
                pages.append(
                    [
                        SessionColumn(
                            s.session_id,
                            names[s.session_id],
                            format_date(s.date, labels),
                            tuple(p[i]) if i < len(p) else (),
                            empty=not items,
                        )
                        for (s, items), p in zip(group, paged, strict=True)
                    ]
                )
        for n, columns in enumerate(pages, 1):
            suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
            slides.append(
                OverviewFindingsSlide(
                    heading=heading + suffix,
                    key=key,
                    columns=tuple(columns),
                    none=labels["overview_none"],
                )
            )
    return slides


def wanted(package: Package, sessions: Sequence[str] = ()) -> bool:
    """Whether ``build`` makes the overview: for a whole build (no ``--session``)
    of a package with two or more sessions."""
    return not sessions and len(package.sessions) >= 2


def build_overview(package: Package, lang: str | None = None) -> Report:
    """The overview report of every session in ``package``, in ``lang``.

    Raises BuildError when the package holds fewer than two sessions (there is
    nothing to compare) or a session is called ``overview`` (its files would
    collide with the overview's).
    """

    if len(package.sessions) < 2:
        count = len(package.sessions)
        raise BuildError([f"an overview needs two or more sessions; the package has {count}"])
    if any(s.session_id == OVERVIEW_ID for s in package.sessions):
        raise BuildError([f"sessions: the id {OVERVIEW_ID!r} is reserved for the overview report"])
    lang = lang or original_language(package)
    labels = load_labels(lang)
    package = edition(package, lang)
    d = package.descriptor
    counts = summaries(package, labels)
    names = session_labels(package)
    kind_headings = [labels[f"overview_{key}"] for key, _, _ in KINDS]
    dates = sorted(s.date for s in package.sessions)
    span = format_date(dates[0], labels)
    if dates[-1] != dates[0]:
        span += f" – {format_date(dates[-1], labels)}"
    stamp = published(d)

    slides: list[Slide] = [
        OverviewTitleSlide(
            heading=str(d.get("title") or package.name),
            title=str(d.get("title") or package.name),
            subtitle=labels["overview_subtitle"],
            span=f"{len(counts)} {labels['overview_sessions']} · {span}",
            version=f"{labels['overview_version']} {package.version}"
            + (f" · {stamp}" if stamp else ""),
        )
    ]
    pages = table_pages(counts)
    for n, rows in enumerate(pages, 1):
        suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
        slides.append(
            OverviewCountsSlide(
                heading=labels["overview_counts"] + suffix,
                rows=tuple(rows),
                kinds=tuple(kind_headings),
            )
        )
    chart_pages = chunks(counts, CHART_SESSIONS)
    for n, group in enumerate(chart_pages, 1):
        suffix = f" ({n}/{len(chart_pages)})" if len(chart_pages) > 1 else ""
        series = tuple(
            Series(key, labels[f"overview_{key}"], tuple(s.findings[i] for s in group))
            for i, (key, _, _) in enumerate(KINDS)
        )
        sessions = tuple(s.label for s in group)
        slides.append(
            OverviewChartSlide(
                heading=labels["overview_chart"] + suffix,
                title=labels["overview_chart"],
                sessions=tuple(sessions),
                series=series,
                alt=alt_text(labels["overview_chart"], sessions, series),
                caption=labels["overview_chart_caption"],
            )
        )
    slides += side_by_side(package, labels, names)
    slides.append(colophon_slide(package, labels))
    numbered = tuple(dataclasses.replace(sl, number=i) for i, sl in enumerate(slides, 1))
    authors = tuple(full_name(c) for c in creators(d))
    return Report(
        session_id=OVERVIEW_ID,
        lang=lang,
        title=str(d.get("title") or package.name),
        subtitle=labels["overview_subtitle"],
        authors=authors,
        keywords=tuple(d.get("keywords", ())),
        date=dates[-1],
        labels=labels,
        slides=numbered,
        package_version=package.version,
        package_name=package.name,
        created=str(d["created"]) if d.get("created") else None,
        modified=str(d["modified"]) if d.get("modified") else None,
    )
