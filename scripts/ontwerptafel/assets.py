"""Where the report's assets live: ``report/`` with its templates, styles, fonts and labels.

One place for the folder every renderer, the language module and the font
check read from, so nothing computes it from its own position in the tree.
"""

from __future__ import annotations

from pathlib import Path

REPORT_DIR = Path(__file__).resolve().parents[2] / "report"
TEMPLATES = REPORT_DIR / "templates"
STYLE = REPORT_DIR / "style"
FONTS = REPORT_DIR / "fonts"
LABELS_DIR = REPORT_DIR / "labels"
REFERENCE_DOCX = REPORT_DIR / "reference.docx"
REFERENCE_PPTX = REPORT_DIR / "reference.pptx"
#: the drawn marks of an uncertain and an illegible reading, as the DOCX embeds
#: them (PNG renders of the drawing the HTML/PDF inline as SVG)
MARKS = REPORT_DIR / "marks"
