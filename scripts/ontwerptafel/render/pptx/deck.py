"""The PPTX report: the view model as a pandoc AST, written by pandoc's PowerPoint writer.

One slide per slide of the view model, in its order: each starts with a
level-1 header (``--slide-level=1``), which pandoc makes the slide's title;
the slide's source lines go into its speaker notes. The look comes from
``report/reference.pptx`` (see ``render.pptx.reference``).

pandoc cannot size text to a slide or hide a title, so its slides are then
finished as OOXML (``render.pptx.finish``), the core properties are set from
the package as for the DOCX, and the zip is rewritten with fixed order and
dates: the same package gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ontwerptafel.assets import REFERENCE_PPTX
from ontwerptafel.errors import BuildError
from ontwerptafel.files import deterministic_zip, office_order
from ontwerptafel.package.model import Package
from ontwerptafel.render.docx import pandoc_ast as pa
from ontwerptafel.render.docx.document import core_properties
from ontwerptafel.render.docx.pandoc_binary import convert
from ontwerptafel.render.html import document_dates
from ontwerptafel.render.pptx.finish import finish_slide
from ontwerptafel.render.pptx.slides import RENDERERS, speaker_notes, title_inlines
from ontwerptafel.views.i18n import region_tag
from ontwerptafel.views.slides import Report, Slide


def line_ranges(lines: tuple[int, ...]) -> str:
    """Ascending line numbers as ranges: ``(5, 6, 7, 9)`` -> ``5–7, 9``."""
    runs: list[list[int]] = []
    for n in lines:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def notes_for(slide: Slide, report: Report) -> pa.Blocks:
    """The speaker notes: where the slide's content stands in the source text."""
    if not slide.sources:
        return []
    labels = report.labels
    where = f"{report.source}, " if report.source else ""
    text = f"{labels['notes_source']}: {where}{labels['notes_lines']} {line_ranges(slide.sources)}"
    return [speaker_notes(pa.text(text))]


def tables_last(blocks: pa.Blocks) -> pa.Blocks:
    """The slide's text, then its tables: pandoc starts a new slide for text
    after a table, so a board's legend or a chart's caption goes above it."""
    return [b for b in blocks if b["t"] != "Table"] + [b for b in blocks if b["t"] == "Table"]


def slide_blocks(slide: Slide, report: Report) -> pa.Blocks:
    """One slide: its title, what its kind draws, its speaker notes."""
    draw = RENDERERS.get(slide.kind)
    if draw is None:
        raise BuildError([f"slide {slide.number}: the PPTX has no renderer for {slide.kind!r}"])
    # a flipchart's title carries its anchor, which the appendix links to
    ident = getattr(slide, "ident", "") if slide.kind == "flipchart" else f"slide-{slide.number}"
    head = pa.header(1, title_inlines(slide), ident)
    return [head, *tables_last(draw(slide, report.labels)), *notes_for(slide, report)]


def report_ast(report: Report) -> str:
    """The whole report as pandoc JSON, a level-1 header per slide."""
    blocks = [b for slide in report.slides for b in slide_blocks(slide, report)]
    return pa.document(blocks, region_tag(report.lang))


def finish(pptx: bytes, report: Report, core: bytes) -> bytes:
    """Finish each slide as its kind needs, set the core properties, and
    rewrite the zip deterministically."""
    with zipfile.ZipFile(io.BytesIO(pptx)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    for i, slide in enumerate(report.slides, 1):
        name = f"ppt/slides/slide{i}.xml"
        if name not in parts:
            raise BuildError([f"{report.session_id}.pptx: pandoc wrote no slide {i}"])
        parts[name] = finish_slide(parts[name], slide)
    if f"ppt/slides/slide{len(report.slides) + 1}.xml" in parts:
        raise BuildError([f"{report.session_id}.pptx: pandoc wrote more slides than the report"])
    parts["docProps/core.xml"] = core
    _, modified = document_dates(report)
    return deterministic_zip(office_order(parts.items()), modified)


def render_pptx(report: Report, package: Package, root: Path) -> bytes:
    """The PPTX of one report, as bytes (the signature of every renderer)."""
    name = f"{report.session_id}.pptx"
    pptx = convert(report_ast(report), "pptx", REFERENCE_PPTX, name, "--slide-level=1")
    return finish(pptx, report, core_properties(report, package))
