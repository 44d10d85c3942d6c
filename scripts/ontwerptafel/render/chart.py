"""The overview's bar chart as inline SVG, drawn in Python from the counts.

One panel per kind of finding (shared, policy and implementation barriers,
promises), a horizontal bar per session, the number written at the end of
every bar, all panels on one scale. Every text from the data goes through
``markupsafe.escape``; coordinates are rounded and printed with a fixed
format, so the same counts give the same bytes. The ``<title>`` carries the
whole chart as a sentence: WeasyPrint makes it the figure's ``/Alt`` in the
tagged PDF, and the DOCX shows the same sentence above its table.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from ontwerptafel.render import colours
from ontwerptafel.views.model import Series

#: the SVG's size in user units, which the stylesheet maps 1:1 to points
WIDTH = 840
PANEL_GAP_X = 40
PANEL_GAP_Y = 18
#: the height the chart may fill on its slide, and the thickest bar it draws
HEIGHT = 360
MAX_BAR = 36
HEADING = 26
BAR_GAP = 8
LABEL = 210
VALUE = 34
#: session colours, cycled; the session's name beside every bar carries the
#: meaning, so colour is never the only cue
PALETTE = colours.PALETTE
MAX_LABEL = 30
#: presentation attributes, so the chart looks the same wherever the SVG goes
FONT = 'font-family="Report Sans, Report Symbols"'
TEXT_STYLE = f'{FONT} font-size="13" fill="{colours.INK}"'
HEADING_STYLE = f'{FONT} font-size="15" font-weight="700" fill="{colours.ACCENT}"'


def _num(x: float) -> str:
    return f"{x:.1f}".removesuffix(".0")


def short(label: str, limit: int = MAX_LABEL) -> str:
    """A bar label that fits its column: cut at ``limit`` characters with an ellipsis."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_height(sessions: int, rows: int) -> float:
    """Bars as thick as the slide allows for this many sessions, up to ``MAX_BAR``."""
    panel = (HEIGHT - (rows - 1) * PANEL_GAP_Y) / rows
    return max(8.0, min(MAX_BAR, (panel - HEADING) / max(1, sessions) - BAR_GAP))


def svg(title: str, sessions: Sequence[str], series: Sequence[Series], alt: str) -> Markup:
    """The chart: panels two by two, bars scaled to the largest count of all panels."""
    cols = 2
    panel_w = (WIDTH - PANEL_GAP_X * (cols - 1)) / cols
    bar_room = panel_w - LABEL - VALUE
    top = max([1, *(v for s in series for v in s.values)])
    rows = -(-len(series) // cols)
    bar = bar_height(len(sessions), rows)
    ph = HEADING + len(sessions) * (bar + BAR_GAP)
    height = round(rows * ph + (rows - 1) * PANEL_GAP_Y)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" role="img" '
        f'aria-label="{escape(alt)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}">',
        f"<title>{escape(alt)}</title>",
    ]
    for i, s in enumerate(series):
        x0 = (i % cols) * (panel_w + PANEL_GAP_X)
        y0 = (i // cols) * (ph + PANEL_GAP_Y)
        out.append(f'<g class="chart__panel" data-key="{escape(s.key)}">')
        out.append(
            f'<text class="chart__heading" x="{_num(x0)}" y="{_num(y0 + 16)}" {HEADING_STYLE}>'
            f"{escape(s.heading)}</text>"
        )
        axis = x0 + LABEL
        out.append(
            f'<line class="chart__axis" x1="{_num(axis)}" y1="{_num(y0 + HEADING - 3)}" '
            f'x2="{_num(axis)}" y2="{_num(y0 + ph - BAR_GAP + 3)}" stroke="{colours.MUTED}" '
            f'stroke-width="0.75"/>'
        )
        for j, (name, value) in enumerate(zip(sessions, s.values, strict=True)):
            y = y0 + HEADING + j * (bar + BAR_GAP)
            w = bar_room * value / top
            base = y + bar / 2 + 4.5  # a text's baseline, centred on its bar
            colour = PALETTE[j % len(PALETTE)]
            out.append(
                f'<text class="chart__label" x="{_num(axis - 6)}" y="{_num(base)}" '
                f'text-anchor="end" {TEXT_STYLE}>{escape(short(name))}</text>'
            )
            if value:
                out.append(
                    f'<rect x="{_num(axis)}" y="{_num(y)}" width="{_num(w)}" '
                    f'height="{_num(bar)}" fill="{colour}"/>'
                )
            out.append(
                f'<text class="chart__value" x="{_num(axis + w + 5)}" y="{_num(base)}" '
                f'{TEXT_STYLE} font-weight="700">'
                f"{value}</text>"
            )
        out.append("</g>")
    out.append("</svg>")
    return Markup("\n".join(out))  # every data text above went through escape()
