"""The curators' analysis in the report: note markers and evidence appendix slides.

One appendix slide per scope lists each finding (``G1``: shared barrier 1,
the same code in every edition) with its COM-B codes and the notes that
support it, each quoted with its flipchart and linked to it; the original
slides carry none of this. Both come from ``evidence`` and ``codings``; a
package without them gets no appendix. ``note_markers`` gives the findings
of each note, for a view that links a note back to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ontwerptafel.package.model import Code, Finding, Package, split_emphasis
from ontwerptafel.views.i18n import in_language, translator_note
from ontwerptafel.views.model import (
    EvidenceRow,
    Marker,
    NoteQuote,
    plain,
    rich,
    split_at_word,
    struck_runs,
)
from ontwerptafel.views.slides import EvidenceSlide

#: appendix slides in order: (scope key, findings kind, findings scope)
SCOPES: tuple[tuple[str, str, str | None], ...] = (
    ("shared", "barrier", "shared"),
    ("policy", "barrier", "policy"),
    ("implementation", "barrier", "implementation"),
    ("promise", "promise", None),
)


def marker_label(finding: Finding, labels: Mapping[str, str]) -> str:
    """The short mark of a finding: the scope's letter(s) and its rank (``G1``)."""
    key = finding.scope if finding.kind == "barrier" and finding.scope else "promise"
    return f"{labels[f'marker_{key}']}{finding.rank}"


def note_markers(
    package: Package, session_id: str, labels: Mapping[str, str]
) -> dict[str, tuple[Marker, ...]]:
    """note_id -> the findings it supports, in the order the report shows them."""
    findings = {f.finding_id: f for f in package.of_session("findings", session_id)}
    order = {fid: i for i, fid in enumerate(_report_order(findings.values()))}
    out: dict[str, list[Finding]] = {}
    for e in package.rows("evidence"):
        if e.relation == "supports" and e.note_id and e.finding_id in findings:
            out.setdefault(e.note_id, []).append(findings[e.finding_id])
    return {
        note: tuple(
            Marker(f.finding_id, marker_label(f, labels))
            for f in sorted(fs, key=lambda f: order[f.finding_id])
        )
        for note, fs in out.items()
    }


def _report_order(findings: Iterable[Finding]) -> list[str]:
    rank = {key: i for i, (key, _, _) in enumerate(SCOPES)}

    def key(f: Finding) -> tuple[int, int]:
        scope = f.scope if f.kind == "barrier" and f.scope else "promise"
        return (rank.get(scope, len(rank)), f.rank)

    return [f.finding_id for f in sorted(findings, key=key)]


def code_labels(package: Package, lang: str, own: str) -> dict[str, str]:
    """code_id -> its label in ``lang`` (in ``own`` for a language without labels)."""
    return {c.code_id: in_language(c, "label", lang, own) for c in package.rows("codes")}


def evidence_slides(
    package: Package, session_id: str, lang: str, labels: Mapping[str, str]
) -> list[EvidenceSlide]:
    """One appendix slide per scope that has findings, in the report's order."""
    own = {f.finding_id for f in package.of_session("findings", session_id)}
    if not any(e.finding_id in own for e in package.rows("evidence")):
        return []  # not analysed yet: no appendix rather than an empty one
    names = code_labels(package, lang, package.session(session_id).language)
    code_order = {c.code_id: i for i, c in enumerate(_codes_in_tree_order(package))}
    slides = []
    for key, kind, scope in SCOPES:
        findings = [
            f
            for f in package.of_session("findings", session_id)
            if f.kind == kind and (scope is None or f.scope == scope)
        ]
        if not findings:
            continue
        rows = [_row(package, f, names, code_order, lang, labels) for f in findings]
        slides.append(
            EvidenceSlide(
                heading=labels[f"appendix_{key}"],
                scope=key,
                intro=labels["appendix_intro"],
                col_finding=labels["appendix_finding"],
                col_codes=labels["appendix_codes"],
                col_notes=labels["appendix_notes"],
                no_note=labels["appendix_no_note"],
                items=tuple(rows),
            )
        )
    return slides


def _codes_in_tree_order(package: Package) -> list[Code]:
    """Codes depth first, each level in its ``order``: C, its subs, O, ..."""
    children: dict[str | None, list[Code]] = {}
    for c in sorted(package.rows("codes"), key=lambda c: c.order):
        children.setdefault(c.parent_code_id, []).append(c)
    out: list[Code] = []

    def walk(parent: str | None, seen: frozenset[str]) -> None:
        for c in children.get(parent, []):
            if c.code_id not in seen:
                out.append(c)
                walk(c.code_id, seen | {c.code_id})

    walk(None, frozenset())
    return out


def _row(
    package: Package,
    f: Finding,
    names: Mapping[str, str],
    code_order: Mapping[str, int],
    lang: str,
    labels: Mapping[str, str],
) -> EvidenceRow:
    links = [e for e in package.rows("evidence") if e.finding_id == f.finding_id]
    notes = tuple(e.note_id for e in links if e.relation == "supports" and e.note_id)
    marker_rows = [e for e in links if e.relation == "no-supporting-note"]
    codes = sorted(
        (c.code_id for c in package.rows("codings") if c.finding_id == f.finding_id),
        key=lambda c: code_order.get(c, len(code_order)),
    )
    quotes = tuple(_quote(package, n, labels) for n in notes)
    own = package.session(f.session_id).language
    comment = None
    if marker_rows:
        comment = in_language(marker_rows[0], "comment", lang, own)
    return EvidenceRow(
        ident=f.finding_id,
        marker=marker_label(f, labels),
        rank=f.rank,
        text=rich(f.text, split_emphasis(f.emphasis)),
        codes=tuple(names.get(c, c) for c in codes),
        notes=len(notes),
        note_ids=notes,
        no_note=bool(marker_rows),
        comment=comment,
        note=translator_note(f, lang, own),
        quotes=tuple(sorted(quotes, key=lambda q: _note_order(package, q.ident))),
    )


def _note_order(package: Package, note_id: str) -> tuple[int, int]:
    note = next(n for n in package.rows("notes") if n.note_id == note_id)
    chart = next(f for f in package.rows("flipcharts") if f.flipchart_id == note.flipchart_id)
    return chart.order, note.order


def _quote(package: Package, note_id: str, labels: Mapping[str, str]) -> NoteQuote:
    """A note quoted by its text as the edition shows it (struck parts kept,
    words above the line in their place) and its flipchart, as the pages name it."""
    note = next(n for n in package.rows("notes") if n.note_id == note_id)
    chart = next(f for f in package.rows("flipcharts") if f.flipchart_id == note.flipchart_id)
    where = f"{labels['flipchart']} {chart.order} · {labels[f'domain_{chart.domain}']}"
    text = plain(struck_runs(note.text_verbatim))
    if note.above_line:
        head, tail = split_at_word(struck_runs(note.text_verbatim), note.above_line_at or 0)
        words = (plain(head).strip(), note.above_line, plain(tail).strip())
        text = " ".join(w for w in words if w)
    return NoteQuote(note_id, text, where, chart.flipchart_id)
