"""Plan a build: which documents to make, in which languages, from which view models.

Planning is apart from running (``build``) so that one pass can make every
language: each (session, language) is a report of its own, and the
documents of all of them render in one parallel run after one validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ontwerptafel.errors import BuildError
from ontwerptafel.package.model import Package
from ontwerptafel.package.read import load
from ontwerptafel.views import overview
from ontwerptafel.views.i18n import ALL_LANGUAGES, file_name, languages, original_language
from ontwerptafel.views.session import build_report
from ontwerptafel.views.slides import Report

FORMATS = ("pdf", "docx", "html", "pptx")

#: a report's key: its session (or the overview) and its language
ReportKey = tuple[str, str]


@dataclass(frozen=True)
class Document:
    """One output to make: a session in a language and a format."""

    session_id: str
    lang: str
    fmt: str
    name: str

    @property
    def report(self) -> ReportKey:
        """The key of the report this document is drawn from."""
        return (self.session_id, self.lang)


def parse_formats(formats: Iterable[str]) -> list[str]:
    """Formats from options like ``pdf,html``, in a fixed order; unknown ones refused."""
    wanted = {f.strip().lower() for spec in formats for f in spec.split(",") if f.strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise BuildError(
            [f"--format: unknown format {u!r} (choose from {', '.join(FORMATS)})" for u in unknown]
        )
    return [f for f in FORMATS if f in wanted] or list(FORMATS)


def parse_languages(specs: str | Iterable[str] | None) -> list[str | None]:
    """Languages from options like ``nl,en`` or ``all``, in the order given; ``None``
    alone (no option) means each session's own. A language is a closed choice,
    never a path: one without a labels file is refused before anything is read."""
    if specs is None:
        return [None]
    items = [s.strip() for spec in ([specs] if isinstance(specs, str) else specs)
             for s in spec.split(",") if s.strip()]  # fmt: skip
    known = languages()
    unknown = [s for s in items if s not in (*known, ALL_LANGUAGES)]
    if unknown:
        raise BuildError(
            [f"--lang: no labels for {u!r} (known: {', '.join(known)})" for u in unknown]
        )
    expanded = [k for s in items for k in (known if s == ALL_LANGUAGES else (s,))]
    return list(dict.fromkeys(expanded)) or [None]


def plan(
    folder: Path,
    sessions: Sequence[str],
    fmts: Sequence[str],
    langs: Sequence[str | None],
    trusted: bool = False,
) -> tuple[list[Document], Package]:
    """The documents to make (each session in each of ``langs``, then the
    overview in each) and the package. A language that is a session's own
    names its files without a language (``dvhg-2024.pdf``), so it is made
    once however it was asked for. ``trusted``: the package's bytes are
    known to be valid (``load``). No view model is made here: a build makes
    those of the documents it finds changed only (``reports``)."""
    package = load(folder, trusted)
    known_ids = [s.session_id for s in package.sessions]
    unknown = [s for s in sessions if s not in known_ids]
    if unknown:
        raise BuildError(
            [f"--session: no session {s!r} (known: {', '.join(known_ids)})" for s in unknown]
        )
    entries = [(sid, package.session(sid).language) for sid in dict.fromkeys(sessions) or known_ids]
    if overview.wanted(package, sessions):  # the report across sessions: overview.pdf, ...
        entries.append((overview.OVERVIEW_ID, original_language(package)))
    docs: dict[str, Document] = {}
    for sid, own in entries:
        for lang in dict.fromkeys(lang or own for lang in langs):
            for fmt in fmts:
                name = file_name(sid, fmt, lang, own)
                docs.setdefault(name, Document(sid, lang, fmt, name))
    return list(docs.values()), package


def reports(package: Package, docs: Iterable[Document]) -> dict[ReportKey, Report]:
    """The view model of each report ``docs`` are drawn from."""
    made: dict[ReportKey, Report] = {}
    for sid, lang in dict.fromkeys(d.report for d in docs):
        if sid == overview.OVERVIEW_ID:
            made[(sid, lang)] = overview.build_overview(package, lang)
        else:
            made[(sid, lang)] = build_report(package, sid, lang)
    return made
