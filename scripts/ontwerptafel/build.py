"""Build the reports: validate, render every document, then replace the outputs.

No output is replaced until the package is valid and every requested
document has rendered: each is written to a temporary file beside its target
as soon as it is ready (so a series of sessions does not pile up in memory).
Then the outputs are swapped in session by session with ``os.replace``:
every format of a session together or none of them (a backup of each old
file is linked first and put back on failure). A build
that fails while rendering leaves every previous output as it was; one that
fails while swapping keeps the sessions already swapped, and the failing
session and those after it as they were. No temporary file stays behind.

Only documents whose inputs changed are rendered (``build_state``). The
work overlaps on every core: validation runs in a process of its own (unless
its verdict is remembered), and the reports, each a session or the overview
in one language, render in worker processes (``build_workers``); a single
report's DOCX and PPTX are made in a thread while WeasyPrint lays out its PDF (pandoc
is its own process). Which documents to make is planned in ``build_plan``.
Validation still decides: when it finds problems, those are what the build
reports, whatever the rendering did meanwhile.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ontwerptafel.assets import REPORT_DIR
from ontwerptafel.build_plan import (
    FORMATS,
    Document,
    ReportKey,
    parse_formats,
    parse_languages,
    plan,
    reports,
)
from ontwerptafel.build_state import (
    Entry,
    Staged,
    data_inputs,
    discard,
    input_keys,
    read_manifest,
    shown,
    source_keys,
    swap_all,
    unchanged,
    write_manifest,
)
from ontwerptafel.build_workers import can_fork, cores, progress, render_in_pool
from ontwerptafel.errors import BuildError, OntwerptafelError, PackageError, Problem
from ontwerptafel.files import stage
from ontwerptafel.package.lock import reading
from ontwerptafel.package.model import Package
from ontwerptafel.package.staging import describe
from ontwerptafel.package.validation_cache import remembered
from ontwerptafel.package.validation_process import Validated, Validation
from ontwerptafel.views.overview import OVERVIEW_ID
from ontwerptafel.views.slides import Report

PANDOC = ("docx", "pptx")  # written by pandoc, in a thread while WeasyPrint works
DEFAULT_OUT = REPORT_DIR / "build"


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
        from ontwerptafel.build_office import render_office
    except ImportError as e:
        raise BuildError([f"{doc.name}: its writer is not available ({e})"]) from None
    return render_office(doc.fmt, report, package, root)


def build(
    root: str | Path = ".",
    sessions: Sequence[str] = (),
    formats: Sequence[str] = FORMATS,
    lang: str | Sequence[str] | None = None,
    out_dir: str | Path | None = None,
    quiet: bool = False,
    echo: Callable[[str], None] | None = None,
    validated: bool = False,
    force: bool = False,
    jobs: int | None = None,
) -> list[Path]:
    """Validate the package at ``root`` and write its reports; return the paths.

    ``sessions`` empty means every session. ``lang`` is a language, a list of
    them (``nl,en``) or ``all``, all built in this one pass; None means each
    session's own (see ``build_plan``). Outputs go to ``out_dir``
    (``report/build/`` by default). ``echo`` receives one line per written
    document unless ``quiet``. A caller that has just validated the package
    itself, under the same lock (``release``), passes ``validated`` so the
    work is not done twice. A document whose inputs are those of the output
    already in place is kept as it is (see ``build_state``), unless ``force``.
    The sessions render on ``jobs`` cores (all of them by default).
    """
    from ontwerptafel.package.read import locate

    fmts = parse_formats(formats)
    langs = parse_languages(lang)
    folder = locate(root)
    out = Path(out_dir) if out_dir is not None else DEFAULT_OUT
    staged: list[Staged] = []
    try:
        with reading(folder), _validating(folder, validated, None if quiet else echo) as checked:
            try:
                trusted = isinstance(checked, Validated)  # remembered, or validated by the caller
                docs, package = plan(folder, sessions, fmts, langs, trusted)
                todo, views, entries = _changed(docs, package, folder, out, force)
                work = (todo, views, package, folder, out, quiet, checked, staged, entries)
                _render_all(*work, jobs or cores())
            except Exception:
                _raise_problems(checked.result())  # an invalid package explains any failure
                raise
            _raise_problems(checked.result())
    except BaseException:
        discard(staged)
        raise
    say = None if quiet else echo
    for doc in docs:
        if say is not None and doc not in todo:
            say(f"unchanged {shown(out / doc.name)} (made from the same inputs)")
    swap_all(staged, say)
    write_manifest(out, entries | {s.path.name: s.entry for s in staged})
    return [out / doc.name for doc in docs]


def _changed(
    docs: list[Document], package: Package, folder: Path, out: Path, force: bool
) -> tuple[list[Document], dict[ReportKey, Report], dict[str, Entry]]:
    """The documents to render, their view models, and the manifest entry of
    every document that is to be (its bytes' hash still to come) or was kept
    under new sources.

    A document is kept when its sources are those it was built from
    (``source_keys``: no view model is made); else its view model is made,
    and it is kept when that and what it carries of the package are as they
    were (``input_keys``). Either way its bytes must be those written.
    """
    inputs = data_inputs(docs, package, folder)
    sources = source_keys(docs, package, inputs)
    manifest = {} if force else read_manifest(out)
    fresh = [d for d in docs if not unchanged(out, d.name, manifest, sources=sources[d.name])]
    views = reports(package, fresh)
    keys = input_keys(fresh, views, inputs)
    entries: dict[str, Entry] = {}
    todo = []
    for d in fresh:
        if unchanged(out, d.name, manifest, inputs=keys[d.name]):
            entries[d.name] = dataclasses.replace(manifest[d.name], sources=sources[d.name])
        else:
            todo.append(d)
            entries[d.name] = Entry(keys[d.name], sources[d.name], "")
    return todo, views, entries


@contextmanager
def _validating(
    folder: Path, done: bool, echo: Callable[[str], None] | None
) -> Iterator[Validation | Validated]:
    """Validate ``folder`` in a child process (the other core) while the caller
    renders; when the caller has ``done`` that already, or these very bytes
    were found valid before (``validation_cache``), nothing is started."""
    known = None if done else remembered(folder)
    if known is not None and echo is not None:
        echo(str(known))
    check = Validated() if done or known is not None else Validation(folder)
    try:
        yield check
    finally:
        check.close()


def _raise_problems(problems: list[Problem | str]) -> None:
    if problems:
        raise PackageError(problems)


def _render_all(
    docs: Sequence[Document],
    reports: dict[ReportKey, Report],
    package: Package,
    folder: Path,
    out: Path,
    quiet: bool,
    checked: Validation | Validated,
    staged: list[Staged],
    entries: dict[str, Entry],
    jobs: int = 1,
) -> None:
    """Render ``docs`` in order, staging each as a temporary file in ``staged``.

    With several reports (sessions or languages) and ``jobs`` above one, each
    report's documents render in a worker process (``build_workers``), the
    longest first so that no long one starts last. Otherwise every DOCX starts at once in
    a thread, so pandoc works while WeasyPrint lays out a PDF; a session's
    HTML is rendered once for its PDF and its HTML file. Stops early once
    validation has found problems.
    """
    groups = [[d for d in docs if d.report == key] for key in dict.fromkeys(d.report for d in docs)]
    bar = progress(len(docs), quiet)
    if jobs > 1 and len(groups) > 1 and can_fork():
        _WORK.update(reports=reports, package=package, folder=folder, out=out, entries=entries)
        task = bar.add_task("building", total=len(docs)) if bar else None

        def done(group: list[Document]) -> None:  # the workers are forked by now
            if bar is not None and task is not None:
                bar.start()
                bar.advance(task, len(group))
            if checked.done():
                _raise_problems(checked.result())

        try:
            jobs = min(jobs, len(groups))

            def cost(group: list[Document]) -> tuple[bool, int]:
                """The overview (every session's findings and the chart) takes the
                longest; then more slides and formats take longer."""
                key = group[0].report
                return key[0] == OVERVIEW_ID, len(reports[key].slides) * len(group)

            staged += render_in_pool(_render_group, groups, _names, jobs, done, out, cost)
        finally:
            _WORK.clear()
            if bar is not None:
                bar.stop()
        return
    pool = ThreadPoolExecutor(1, thread_name_prefix="docx")
    try:
        docx = {
            doc: pool.submit(_render, doc, reports[doc.report], package, folder)
            for doc in docs
            if doc.fmt in PANDOC
        }
        html: dict[ReportKey, str] = {}
        task = bar.add_task("building", total=len(docs)) if bar else None
        if bar:
            bar.start()
        for doc in docs:
            if checked.done():
                _raise_problems(checked.result())
            if bar is not None and task is not None:
                bar.update(task, description=doc.name)
            staged.append(_render_one(doc, reports, package, folder, out, entries, html, docx))
            if bar is not None and task is not None:
                bar.advance(task)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if bar is not None:
            bar.stop()


def _names(docs: list[Document]) -> list[str]:
    return [d.name for d in docs]


#: what the forked workers render from, set just before they are forked
_WORK: dict[str, Any] = {}


def _render_group(docs: list[Document]) -> tuple[list[Staged], list[str]]:
    """A worker's task: render and stage one session's documents (see ``_WORK``)."""
    w, staged, html = _WORK, [], {}
    context = (w["reports"], w["package"], w["folder"], w["out"], w["entries"])
    try:
        for doc in docs:
            staged.append(_render_one(doc, *context, html))
    except OntwerptafelError as e:
        discard(staged)
        return [], e.lines()
    return staged, []


def _render_one(
    doc: Document,
    reports: dict[ReportKey, Report],
    package: Package,
    folder: Path,
    out: Path,
    entries: dict[str, Entry],
    html: dict[ReportKey, str],
    docx: dict[Document, Future[bytes]] | None = None,
) -> Staged:
    """Render ``doc`` (its DOCX from ``docx`` when it is being made there) and stage it."""
    from ontwerptafel.render.html import render_html

    report = reports[doc.report]
    try:
        if docx is not None and doc in docx:
            data = docx.pop(doc).result()
        elif doc.fmt in PANDOC:
            data = _render(doc, report, package, folder)
        else:
            if doc.report not in html:
                html.clear()  # keep one at a time
                html[doc.report] = render_html(report)
            data = _render(doc, report, package, folder, html[doc.report])
    except OSError as e:  # a renderer's temporary file, on a full disk
        raise BuildError([f"cannot render {doc.name}: {describe(e)}"]) from None
    try:
        tmp = stage(out / doc.name, data)
    except OSError as e:
        reason = e.strerror or str(e)
        raise BuildError([f"cannot write {shown(out / doc.name)}: {reason}"]) from None
    entry = dataclasses.replace(entries[doc.name], sha256=hashlib.sha256(data).hexdigest())
    return Staged(doc.session_id, out / doc.name, tmp, entry)
