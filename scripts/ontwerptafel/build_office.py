"""The documents pandoc writes, DOCX and PPTX: which renderer makes each.

Kept apart from ``build`` so that the renderers (and lxml) are imported only
when a build makes one of these documents, never by ``--help``.
"""

from __future__ import annotations

from pathlib import Path

from ontwerptafel.package.model import Package
from ontwerptafel.render.docx.document import render_docx
from ontwerptafel.render.pptx.deck import render_pptx
from ontwerptafel.views.slides import Report

RENDERERS = {"docx": render_docx, "pptx": render_pptx}


def render_office(fmt: str, report: Report, package: Package, root: Path) -> bytes:
    """The bytes of ``report`` as a ``fmt`` document (``docx`` or ``pptx``)."""
    return RENDERERS[fmt](report, package, root)
