"""The report as HTML: the view model through escaping Jinja2 templates.

Data never becomes markup: every text from the package reaches the page
through Jinja2's autoescape, so a note holding ``<script>`` is printed as
those characters. The stylesheet is inlined (it is our own file, not data)
so that the HTML written next to the PDF is the very document the PDF was
made from; fonts are referred to relative to ``report/``, the base URL the
PDF renderer uses.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ontwerptafel.chart import svg
from ontwerptafel.errors import BuildError
from ontwerptafel.views import REPORT_DIR, Column, NoteView, Report

TEMPLATES = REPORT_DIR / "templates"
STYLE = REPORT_DIR / "style"
STYLESHEETS = ("report.css", "overview.css")

#: Above this many notes on a chart without sections, the board flows into
#: two columns, and above the second number into three, so that the fullest
#: chart (24 notes) still fits one slide.
TWO_COLUMNS = 9
THREE_COLUMNS = 16


def environment(templates: Path = TEMPLATES) -> Environment:
    """A Jinja2 environment that escapes everything and fails on typos."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(legend_keys=legend_keys, board_columns=board_columns, chart_svg=svg)
    return env


def walk(notes: Iterable[NoteView]) -> Iterable[NoteView]:
    """Every note of a tree, parents before their children."""
    for note in notes:
        yield note
        yield from walk(note.children)


def legend_keys(columns: Iterable[Column]) -> list[str]:
    """The legend entries a flipchart needs, in a fixed order.

    Only what occurs on the chart is explained, so a clean chart carries no
    legend at all.
    """
    notes = [n for c in columns for n in walk(c.notes)]
    present = {
        "struck": any(n.struck_whole or any(r.struck for r in n.text) for n in notes),
        "uncertain": any(n.legibility == "uncertain" for n in notes),
        "illegible": any(n.legibility == "illegible" for n in notes),
        "reading": any(n.reading for n in notes),
        "above": any(n.above_line for n in notes),
        "marks": any(n.marks for n in notes),
        "supports": any(getattr(n, "supports", ()) for n in notes),
    }
    return [key for key, yes in present.items() if yes]


def board_columns(columns: Iterable[Column]) -> int:
    """How many text columns a chart without sections flows into."""
    count = sum(1 for c in columns for _ in walk(c.notes))
    if count > THREE_COLUMNS:
        return 3
    return 2 if count > TWO_COLUMNS else 1


def _parse(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


def document_dates(report: Report) -> tuple[dt.datetime, dt.datetime]:
    """Created and modified dates of the documents: never the clock.

    The package's own dates; without them ``SOURCE_DATE_EPOCH`` (the
    reproducible-builds convention), else the session's date. The DOCX
    writer follows the same rule, so all formats carry the same dates.
    """
    fallback = dt.datetime.combine(report.date, dt.time(), tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise BuildError([f"SOURCE_DATE_EPOCH: {epoch!r} is not a Unix time"])
        fallback = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    created = _parse(report.created) or fallback
    modified = _parse(report.modified) or created
    return created, modified


def stylesheet() -> Markup:
    """The report's CSS (trusted, from ``report/style/``), to inline."""
    parts = [(STYLE / name).read_text(encoding="utf-8") for name in STYLESHEETS]
    return Markup("\n".join(parts))  # our own file, never data


def render_html(report: Report) -> str:
    """The HTML document of one report: a ``<section>`` per slide."""
    created, modified = (d.strftime("%Y-%m-%dT%H:%M:%SZ") for d in document_dates(report))
    env = environment()
    kinds = {slide.kind for slide in report.slides}
    missing = sorted(k for k in kinds if not (TEMPLATES / "slides" / f"{k}.html.j2").is_file())
    if missing:
        sid = report.session_id
        raise BuildError([f"{sid}: no template for slide kind {k!r}" for k in missing])
    return env.get_template("report.html.j2").render(
        report=report, labels=report.labels, css=stylesheet(), created=created, modified=modified
    )
