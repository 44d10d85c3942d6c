"""The overview's slide kinds as pandoc blocks, for the DOCX.

Registered with the other kinds in ``render.docx.document``. The chart becomes what a Word user
can read and edit: its text alternative as a paragraph, then a table with a
row per kind and session, the number, and a bar of block characters scaled
like the PDF's bars (decoration beside the number, never instead of it).
Only styles the reference document already defines are used.
"""

from __future__ import annotations

from collections.abc import Mapping

from ontwerptafel.render.docx import pandoc_ast as pa
from ontwerptafel.render.docx.blocks import ranked, styled_para, text_cell
from ontwerptafel.views.slides import (
    OverviewChartSlide,
    OverviewCountsSlide,
    OverviewFindingsSlide,
    OverviewTitleSlide,
)

Labels = Mapping[str, str]

#: the longest bar in the DOCX chart table, in block characters
BAR_CELLS = 24
BAR = "\u2588"


def title_slide(slide: OverviewTitleSlide, labels: Labels) -> pa.Blocks:
    d = slide
    return [
        styled_para("Slide Subtitle", pa.text(d.subtitle)),
        styled_para("Slide Date", pa.text(d.span)),
        styled_para("Organisers", pa.text(d.version)),
    ]


def counts_slide(slide: OverviewCountsSlide, labels: Labels) -> pa.Blocks:
    """The counts per session as a table with a header row."""
    d = slide
    keys = ("overview_session", "overview_date", "overview_flipcharts", "overview_notes")
    head = [text_cell("Table Head", labels[k]) for k in keys]
    head += [text_cell("Table Head", kind) for kind in d.kinds]
    head.append(text_cell("Table Head", labels["overview_total"]))
    rows = []
    for row in d.rows:
        numbers = [row.flipcharts, row.notes, *row.findings, row.total]
        rows.append(
            [
                [styled_para("Table Text", [pa.strong(pa.text(row.label))])],
                text_cell("Table Text", row.date),
                *(text_cell("Table Text", str(n)) for n in numbers),
            ]
        )
    widths = [0.14, 0.12, 0.07, 0.07, 0.13, 0.13, 0.13, 0.08, 0.11]
    return [pa.grid(rows, widths, head=head)]


def chart_slide(slide: OverviewChartSlide, labels: Labels) -> pa.Blocks:
    """The chart as its text alternative and a table of bars."""
    d = slide
    top = max([1, *(v for s in d.series for v in s.values)])
    head = [
        text_cell("Table Head", labels["overview_kind"]),
        text_cell("Table Head", labels["overview_session"]),
        text_cell("Table Head", labels["overview_total"]),
        text_cell("Table Head", ""),
    ]
    rows = []
    for series in d.series:
        for i, (name, value) in enumerate(zip(d.sessions, series.values, strict=True)):
            bar = BAR * round(BAR_CELLS * value / top)
            kind = [pa.strong(pa.text(series.heading))]
            drawn = [pa.span("Link Mark", pa.text(bar))]
            rows.append(
                [
                    [styled_para("Table Text", kind)] if i == 0 else [],
                    text_cell("Table Text", name),
                    text_cell("Table Text", str(value)),
                    [styled_para("Table Text", drawn)] if bar else [],
                ]
            )
    return [
        styled_para("Slide Intro", pa.text(d.alt)),
        pa.grid(rows, [0.26, 0.3, 0.1, 0.34], head=head),
        styled_para("Slide Intro", pa.text(d.caption)),
    ]


def findings_slide(slide: OverviewFindingsSlide, labels: Labels) -> pa.Blocks:
    """Sessions as the columns of a one-row table, each with its ranked findings."""
    d = slide
    columns: list[pa.Blocks] = []
    for col in d.columns:
        cell: pa.Blocks = [
            pa.header(2, pa.text(col.label)),
            styled_para("Slide Meta", pa.text(col.date)),
        ]
        if col.items:
            cell += ranked(col.items)
        elif col.empty:
            cell.append(styled_para("Table Note", pa.text(d.none)))
        columns.append(cell)
    return [pa.table(columns)]
