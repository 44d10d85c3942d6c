"""Build the reports: validate, render every document, then replace the outputs.

No output is replaced until the package is valid and every requested
document has rendered: each is written to a temporary file beside its
target as soon as it is ready (so a series of sessions does not pile up in
memory). Then the outputs are swapped in session by session with
``os.replace``: every format of a session together or none of them (a
backup of each old file is linked first and put back on failure). A build
that fails while rendering leaves every previous output as it was; one that
fails while swapping keeps the sessions already swapped, and the failing
session and those after it as they were. No temporary file stays behind.

The work overlaps on two cores: validation runs in a process of its own
while this one renders, and each DOCX is made in a thread (pandoc is its own
process) while WeasyPrint lays out the PDF. Validation still decides: when
it finds problems, those are what the build reports, whatever the rendering
of the unchecked data did meanwhile.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ontwerptafel.assets import REPORT_DIR
from ontwerptafel.errors import BuildError, PackageError, Problem
from ontwerptafel.files import replace_together, stage
from ontwerptafel.package.lock import reading
from ontwerptafel.package.model import Package
from ontwerptafel.package.staging import describe
from ontwerptafel.package.validation_process import Validation
from ontwerptafel.views.i18n import file_name, languages, original_language
from ontwerptafel.views.slides import Report

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


def parse_formats(formats: Iterable[str]) -> list[str]:
    """Formats from options like ``pdf,html``, in a fixed order; unknown ones refused."""
    wanted = {f.strip().lower() for spec in formats for f in spec.split(",") if f.strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise BuildError(
            [f"--format: unknown format {u!r} (choose from {', '.join(FORMATS)})" for u in unknown]
        )
    return [f for f in FORMATS if f in wanted] or list(FORMATS)


def _render(
    doc: Document, report: Report, package: Package, root: Path, html: str | None = None
) -> bytes:
    """One document's bytes; ``html`` is the report's HTML when already rendered."""
    from ontwerptafel.render.html import render_html
    from ontwerptafel.render.web import web_page

    if doc.fmt == "html":
        return web_page(html or render_html(report)).encode("utf-8")
    if doc.fmt == "pdf":
        from ontwerptafel.render.pdf import render_pdf

        return render_pdf(report, html or render_html(report), package, root)
    try:
        from ontwerptafel.render.docx.document import render_docx
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
    lang: str | None = None,
    out_dir: str | Path | None = None,
    quiet: bool = False,
    echo: Callable[[str], None] | None = None,
    validated: bool = False,
) -> list[Path]:
    """Validate the package at ``root`` and write its reports; return the paths.

    ``sessions`` empty means every session. Outputs go to ``out_dir``
    (``report/build/`` by default). ``echo`` receives one line per written
    document unless ``quiet``. A caller that has just validated the package
    itself, under the same lock (``release``), passes ``validated`` so the
    work is not done twice.
    """
    from ontwerptafel.package.read import locate

    fmts = parse_formats(formats)
    if lang is not None and lang not in languages():
        raise BuildError([f"--lang: no labels for {lang!r} (known: {', '.join(languages())})"])
    folder = locate(root)
    out = Path(out_dir) if out_dir is not None else DEFAULT_OUT
    staged: list[Staged] = []
    try:
        with reading(folder), _validating(folder, validated) as checked:
            try:
                docs, reports, package = _plan(folder, sessions, fmts, lang)
                _render_all(docs, reports, package, folder, out, quiet, checked, staged)
            except Exception:
                _raise_problems(checked.result())  # an invalid package explains any failure
                raise
            _raise_problems(checked.result())
    except BaseException:
        _discard(staged)
        raise
    return _swap_all(staged, None if quiet else echo)


@dataclass(frozen=True)
class Staged:
    """A rendered output waiting in ``tmp`` to replace ``path``."""

    session_id: str
    path: Path
    tmp: Path


def _swap_all(staged: list[Staged], echo: Callable[[str], None] | None) -> list[Path]:
    """Swap the staged outputs in, one session at a time (see the module's docstring)."""
    sessions = list(dict.fromkeys(s.session_id for s in staged))
    for i, sid in enumerate(sessions):
        group = [s for s in staged if s.session_id == sid]
        sizes = [s.tmp.stat().st_size if s.tmp.exists() else 0 for s in group]
        try:
            replace_together([(g.path, g.tmp) for g in group])
        except OSError as e:
            _discard([s for s in staged if s.session_id in sessions[i:]])
            where = _shown(Path(str(e.filename)))
            kept = f"the outputs of {', '.join(sessions[i:])} are as they were"
            if i:
                kept += f", those of {', '.join(sessions[:i])} are new"
            raise BuildError([f"cannot write {where}: {e.strerror or e} ({kept})"]) from None
        if echo is not None:
            for s, size in zip(group, sizes, strict=True):
                echo(f"wrote {_shown(s.path)} ({size:,} bytes)")
    return [s.path for s in staged]


def _discard(staged: list[Staged]) -> None:
    """Remove temporary files; a file that cannot be removed is said on stderr."""
    for s in staged:
        try:
            s.tmp.unlink(missing_ok=True)
        except OSError as e:
            sys.stderr.write(f"could not remove {_shown(s.tmp)}: {e.strerror or e}\n")


class Validated:
    """The validation of a package the caller has already validated: no problems."""

    def done(self) -> bool:
        return False

    def result(self) -> list[Problem | str]:
        return []

    def close(self) -> None:
        pass


@contextmanager
def _validating(folder: Path, done: bool) -> Iterator[Validation | Validated]:
    """Validate ``folder`` in a child process (the other core) while the caller
    renders; when the caller has ``done`` that already, nothing is started."""
    check = Validated() if done else Validation(folder)
    try:
        yield check
    finally:
        check.close()


def _raise_problems(problems: list[Problem | str]) -> None:
    if problems:
        raise PackageError(problems)


def _plan(
    folder: Path, sessions: Sequence[str], fmts: Sequence[str], lang: str | None
) -> tuple[list[Document], dict[str, Report], Package]:
    """The documents to make, the view model of each report, and the package."""
    from ontwerptafel.package.read import load
    from ontwerptafel.views import overview
    from ontwerptafel.views.session import build_report

    package = load(folder)
    known_ids = [s.session_id for s in package.sessions]
    unknown = [s for s in sessions if s not in known_ids]
    if unknown:
        raise BuildError(
            [f"--session: no session {s!r} (known: {', '.join(known_ids)})" for s in unknown]
        )
    chosen = list(dict.fromkeys(sessions)) or known_ids
    own = {sid: package.session(sid).language for sid in chosen}
    docs = [
        Document(sid, lang or own[sid], fmt, file_name(sid, fmt, lang or own[sid], own[sid]))
        for sid in chosen
        for fmt in fmts
    ]
    reports = {sid: build_report(package, sid, lang or own[sid]) for sid in chosen}
    if overview.wanted(package, sessions):  # the report across sessions: overview.pdf, ...
        oid, original = overview.OVERVIEW_ID, original_language(package)
        olang = lang or original
        docs += [Document(oid, olang, fmt, file_name(oid, fmt, olang, original)) for fmt in fmts]
        reports[oid] = overview.build_overview(package, olang)
    return docs, reports, package


def _render_all(
    docs: Sequence[Document],
    reports: dict[str, Report],
    package: Package,
    folder: Path,
    out: Path,
    quiet: bool,
    checked: Validation | Validated,
    staged: list[Staged],
) -> None:
    """Render ``docs`` in order, staging each as a temporary file in ``staged``.

    Every DOCX starts at once in a thread, so pandoc works while WeasyPrint
    lays out a PDF; a session's HTML is rendered once for its PDF and its
    HTML file. Stops early once validation has found problems.
    """
    from ontwerptafel.render.html import render_html

    bar = _progress(len(docs), quiet)
    pool = ThreadPoolExecutor(1, thread_name_prefix="docx")
    try:
        docx = {
            doc: pool.submit(_render, doc, reports[doc.session_id], package, folder)
            for doc in docs
            if doc.fmt == "docx"
        }
        html: dict[str, str] = {}
        task = bar.add_task("building", total=len(docs)) if bar else None
        if bar:
            bar.start()
        for doc in docs:
            if checked.done():
                _raise_problems(checked.result())
            if bar is not None and task is not None:
                bar.update(task, description=doc.name)
            report = reports[doc.session_id]
            try:
                if doc in docx:
                    data = docx.pop(doc).result()
                else:
                    if doc.session_id not in html:
                        html = {doc.session_id: render_html(report)}  # keep one at a time
                    data = _render(doc, report, package, folder, html[doc.session_id])
            except OSError as e:  # a renderer's temporary file, on a full disk
                raise BuildError([f"cannot render {doc.name}: {describe(e)}"]) from None
            try:
                tmp = stage(out / doc.name, data)
            except OSError as e:
                reason = e.strerror or str(e)
                raise BuildError([f"cannot write {_shown(out / doc.name)}: {reason}"]) from None
            staged.append(Staged(doc.session_id, out / doc.name, tmp))
            if bar is not None and task is not None:
                bar.advance(task)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if bar is not None:
            bar.stop()


def _shown(path: Path) -> str:
    """The path relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
