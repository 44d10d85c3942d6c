"""The overview's slide kinds as pandoc blocks, for the DOCX.

Registered in ``docx_slides.RENDERERS``. The chart becomes what a Word user
can read and edit: its text alternative as a paragraph, then a table with a
row per kind and session, the number, and a bar of block characters scaled
like the PDF's bars (decoration beside the number, never instead of it).
Only styles the reference document already defines are used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ontwerptafel import pandoc_ast as pa
from ontwerptafel.views import Slide

Labels = Mapping[str, str]

#: the longest bar in the DOCX chart table, in block characters
BAR_CELLS = 24
BAR = "\u2588"


def _para(style: str, inl: pa.Inlines) -> pa.Node:
    return pa.div(style, [pa.para(inl)])


def _cell(style: str, value: str) -> pa.Blocks:
    return [_para(style, pa.text(value))]


def title_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    d = slide.data
    return [
        _para("Slide Subtitle", pa.text(d["subtitle"])),
        _para("Slide Date", pa.text(d["span"])),
        _para("Organisers", pa.text(d["version"])),
    ]


def counts_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    """The counts per session as a table with a header row."""
    d = slide.data
    keys = ("overview_session", "overview_date", "overview_flipcharts", "overview_notes")
    head = [_cell("Table Head", labels[k]) for k in keys]
    head += [_cell("Table Head", kind) for kind in d["kinds"]]
    head.append(_cell("Table Head", labels["overview_total"]))
    rows = []
    for row in d["rows"]:
        numbers = [row.flipcharts, row.notes, *row.findings, row.total]
        rows.append(
            [
                [_para("Table Text", [pa.strong(pa.text(row.label))])],
                _cell("Table Text", row.date),
                *(_cell("Table Text", str(n)) for n in numbers),
            ]
        )
    widths = [0.14, 0.12, 0.07, 0.07, 0.13, 0.13, 0.13, 0.08, 0.11]
    return [pa.grid(rows, widths, head=head)]


def chart_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    """The chart as its text alternative and a table of bars."""
    d = slide.data
    top = max([1, *(v for s in d["series"] for v in s.values)])
    head = [
        _cell("Table Head", labels["overview_kind"]),
        _cell("Table Head", labels["overview_session"]),
        _cell("Table Head", labels["overview_total"]),
        _cell("Table Head", ""),
    ]
    rows = []
    for series in d["series"]:
        for i, (name, value) in enumerate(zip(d["sessions"], series.values, strict=True)):
            bar = BAR * round(BAR_CELLS * value / top)
            rows.append(
                [
                    [_para("Table Text", [pa.strong(pa.text(series.heading))])] if i == 0 else [],
                    _cell("Table Text", name),
                    _cell("Table Text", str(value)),
                    [_para("Table Text", [pa.span("Link Mark", pa.text(bar))])] if bar else [],
                ]
            )
    return [
        _para("Slide Intro", pa.text(d["alt"])),
        pa.grid(rows, [0.26, 0.3, 0.1, 0.34], head=head),
        _para("Slide Intro", pa.text(d["caption"])),
    ]


def findings_slide(slide: Slide, labels: Labels) -> pa.Blocks:
    """Sessions as the columns of a one-row table, each with its ranked findings."""
    from ontwerptafel.docx_slides import ranked

    d = slide.data
    columns: list[pa.Blocks] = []
    for col in d["columns"]:
        cell: pa.Blocks = [
            pa.header(2, pa.text(col.label)),
            _para("Slide Meta", pa.text(col.date)),
        ]
        if col.items:
            cell += ranked(col.items)
        elif col.empty:
            cell.append(_para("Table Note", pa.text(d["none"])))
        columns.append(cell)
    return [pa.table(columns)]


RENDERERS: dict[str, Callable[[Slide, Labels], pa.Blocks]] = {
    "overview-title": title_slide,
    "overview-counts": counts_slide,
    "overview-chart": chart_slide,
    "overview-findings": findings_slide,
}
