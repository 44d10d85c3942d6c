"""The house colours, named once for the PDF, the HTML, the chart and the DOCX.

``report/style/report.css`` declares the same values as custom properties
(``--accent``, ...); a test holds the two to each other.
"""

from __future__ import annotations

ACCENT = "#0b6e8f"  # the report's one accent colour: headings, rules, the title slide
INK = "#1f2a30"  # body text
MUTED = "#5b6b73"  # meta lines, captions
FLAG = "#b4531a"  # the uncertain-reading flag
#: session colours of the overview chart, cycled; the first is the accent
PALETTE = (ACCENT, FLAG, "#4d7a2a", "#6b4c9a", "#8f6b0b")


def ooxml(colour: str) -> str:
    """``#0b6e8f`` as OOXML writes a colour: ``0B6E8F``."""
    return colour.removeprefix("#").upper()
