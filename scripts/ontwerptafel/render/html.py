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
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ontwerptafel.assets import STYLE, TEMPLATES
from ontwerptafel.errors import BuildError
from ontwerptafel.package import dates
from ontwerptafel.render.chart import svg
from ontwerptafel.views.slides import Report

STYLESHEETS = ("report.css", "overview.css", "screen.css")


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
    env.globals.update(chart_svg=svg)
    return env


def document_dates(report: Report) -> tuple[dt.datetime, dt.datetime]:
    """Created and modified dates of one report's documents (see ``package.dates``)."""
    return dates.document_dates(report.created, report.modified, report.date)


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
