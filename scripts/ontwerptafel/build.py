"""Build the reports: validate, render every document in memory, then write.

Nothing is written until every requested document has rendered, and each
file is replaced atomically (a temporary file in the same folder, then
``os.replace``), so a failed build leaves the previous outputs as they were.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ontwerptafel.errors import BuildError
from ontwerptafel.model import Package
from ontwerptafel.views import LABELS_DIR, REPORT_DIR, Report

if TYPE_CHECKING:
    from rich.progress import Progress

FORMATS = ("pdf", "docx", "html")
DEFAULT_OUT = REPORT_DIR / "build"


@dataclass(frozen=True)
class Document:
    """One output to make: a session in a language and a format."""

    session_id: str
    lang: str
    fmt: str
    name: str


def file_name(session_id: str, fmt: str, lang: str, session_lang: str) -> str:
    """``dvhg-2024.pdf`` in the session's own language, ``dvhg-2024.en.pdf`` otherwise."""
    return f"{session_id}.{fmt}" if lang == session_lang else f"{session_id}.{lang}.{fmt}"


def parse_formats(formats: Iterable[str]) -> list[str]:
    """Formats from options like ``pdf,html``, in a fixed order; unknown ones refused."""
    wanted = {f.strip().lower() for spec in formats for f in spec.split(",") if f.strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise BuildError(
            [f"--format: unknown format {u!r} (choose from {', '.join(FORMATS)})" for u in unknown]
        )
    return [f for f in FORMATS if f in wanted] or list(FORMATS)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` at once, or leave it as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _render(doc: Document, report: Report, package: Package, root: Path) -> bytes:
    from ontwerptafel.html import render_html

    html = render_html(report)
    if doc.fmt == "html":
        return html.encode("utf-8")
    if doc.fmt == "pdf":
        from ontwerptafel.pdf import render_pdf

        return render_pdf(report, html, package, root)
    try:
        from ontwerptafel.docx import render_docx
    except ImportError as e:
        raise BuildError([f"{doc.name}: the DOCX writer is not available ({e})"]) from None
    return render_docx(report, package, root)


def _progress(total: int, quiet: bool) -> Progress | None:
    """A rich progress bar, only on a terminal and only for several documents."""
    if quiet or total < 2 or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    return Progress(console=Console(stderr=True), transient=True)


def build(
    root: str | Path = ".",
    sessions: Sequence[str] = (),
    formats: Sequence[str] = FORMATS,
    lang: str = "nl",
    out_dir: str | Path | None = None,
    quiet: bool = False,
    echo: Callable[[str], None] | None = None,
) -> list[Path]:
    """Validate the package at ``root`` and write its reports; return the paths.

    ``sessions`` empty means every session. Outputs go to ``out_dir``
    (``report/build/`` by default). ``echo`` receives one line per written
    document unless ``quiet``.
    """
    from ontwerptafel import overview
    from ontwerptafel.package import load, locate
    from ontwerptafel.validate import validate
    from ontwerptafel.views import build_report

    fmts = parse_formats(formats)
    if not (LABELS_DIR / f"{lang}.toml").is_file():
        known = ", ".join(sorted(p.stem for p in LABELS_DIR.glob("*.toml")))
        raise BuildError([f"--lang: no labels for {lang!r} (known: {known})"])
    validate(root)
    folder = locate(root)
    package = load(folder)
    known_ids = [s.session_id for s in package.sessions]
    unknown = [s for s in sessions if s not in known_ids]
    if unknown:
        raise BuildError(
            [f"--session: no session {s!r} (known: {', '.join(known_ids)})" for s in unknown]
        )
    chosen = list(dict.fromkeys(sessions)) or known_ids
    out = Path(out_dir) if out_dir is not None else DEFAULT_OUT
    docs = [
        Document(sid, lang, fmt, file_name(sid, fmt, lang, package.session(sid).language))
        for sid in chosen
        for fmt in fmts
    ]
    with_overview = overview.wanted(package, sessions)
    if with_overview:  # the report across sessions: overview.pdf, ...
        oid, own = overview.OVERVIEW_ID, overview.original_language(package)
        docs += [Document(oid, lang, fmt, file_name(oid, fmt, lang, own)) for fmt in fmts]

    rendered: list[tuple[Path, bytes]] = []
    bar = _progress(len(docs), quiet)
    reports = {sid: build_report(package, sid, lang) for sid in chosen}
    if with_overview:
        reports[overview.OVERVIEW_ID] = overview.build_overview(package, lang)
    if bar is None:
        for doc in docs:
            rendered.append(
                (out / doc.name, _render(doc, reports[doc.session_id], package, folder))
            )
    else:
        with bar:
            task = bar.add_task("building", total=len(docs))
            for doc in docs:
                bar.update(task, description=doc.name)
                data = _render(doc, reports[doc.session_id], package, folder)
                rendered.append((out / doc.name, data))
                bar.advance(task)

    for path, data in rendered:
        write_atomic(path, data)
        if echo is not None and not quiet:
            echo(f"wrote {_shown(path)} ({len(data):,} bytes)")
    return [path for path, _ in rendered]


def _shown(path: Path) -> str:
    """The path relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
