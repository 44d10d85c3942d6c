"""Rules for the curators' analysis and translations that Table Schema cannot say.

Kept apart from ``validate`` so that module stays about the workshop's own
tables; ``validate.cross_table_problems`` calls ``analysis_problems``. Each
rule reports through the collector's ``add(table, row index, field, message)``
so a problem names its file, physical line and field like every other one.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from ontwerptafel.package.model import Package, split_emphasis

#: tables with English columns: (text column, emphasis column) pairs to check
EMPHASIS_EN: dict[str, tuple[str, str]] = {
    "statements": ("text_en", "emphasis_en"),
    "findings": ("text_en", "emphasis_en"),
}


class Collector(Protocol):
    """What the rules need of ``validate._Collector``."""

    package: Package

    def add(self, table: str, index: int, field: str, message: str) -> None: ...


def analysis_problems(out: Collector) -> None:
    """Run every rule of this module."""
    _check_code_tree(out)
    _check_evidence(out)
    _check_codings(out)
    _check_translations(out)


def note_sessions(package: Package) -> dict[str, str]:
    """note_id -> session_id (through the note's flipchart)."""
    charts = {fc.flipchart_id: fc.session_id for fc in package.rows("flipcharts")}
    return {n.note_id: charts.get(n.flipchart_id, "") for n in package.rows("notes")}


def _check_code_tree(out: Collector) -> None:
    codes = {c.code_id: c for c in out.package.rows("codes")}
    for i, c in enumerate(out.package.rows("codes")):
        seen = [c.code_id]
        parent = c.parent_code_id
        while parent in codes and parent not in seen:
            seen.append(parent)
            parent = codes[parent].parent_code_id
        if parent == c.code_id:
            chain = " -> ".join([*seen, c.code_id])
            out.add("codes", i, "parent_code_id", f"a code cannot be its own ancestor: {chain}")


def _check_evidence(out: Collector) -> None:
    package = out.package
    findings = {f.finding_id: f for f in package.rows("findings")}
    sessions = note_sessions(package)
    relations: dict[str, set[str]] = {}
    for i, e in enumerate(package.rows("evidence")):
        relations.setdefault(e.finding_id, set()).add(e.relation)
        if e.relation == "supports":
            expected = _link_id(e.finding_id, e.note_id or "", findings)
            if not e.note_id:
                out.add("evidence", i, "note_id", "a 'supports' link needs the note it points at")
                continue
        else:
            expected = f"{e.finding_id}-none"
            if e.note_id:
                msg = "a 'no-supporting-note' row names no note; leave note_id empty"
                out.add("evidence", i, "note_id", msg)
            if not (e.comment_nl and e.comment_en):
                msg = "a 'no-supporting-note' row says why, in comment_nl and comment_en"
                out.add("evidence", i, "comment_en", msg)
        if e.evidence_id != expected:
            out.add("evidence", i, "evidence_id", f"{e.evidence_id!r} should be {expected!r}")
        finding = findings.get(e.finding_id)
        note_session = sessions.get(e.note_id or "")
        if finding and e.note_id and note_session and note_session != finding.session_id:
            msg = (
                f"{e.note_id!r} is a note of session {note_session!r}, "
                f"but {e.finding_id!r} belongs to {finding.session_id!r}"
            )
            out.add("evidence", i, "note_id", msg)
    for i, e in enumerate(package.rows("evidence")):
        if e.relation == "no-supporting-note" and "supports" in relations[e.finding_id]:
            msg = f"{e.finding_id!r} has supporting notes; drop this 'no-supporting-note' row"
            out.add("evidence", i, "relation", msg)
    # The curators analyse a session after it is published: a session with no
    # evidence row yet is not analysed (its report has no appendix); once its
    # analysis has begun, every finding must be accounted for.
    analysed = {
        findings[e.finding_id].session_id
        for e in package.rows("evidence")
        if e.finding_id in findings
    }
    for i, f in enumerate(package.rows("findings")):
        if f.session_id in analysed and f.finding_id not in relations:
            msg = (
                "has no evidence: link it to its supporting notes in data/evidence.csv, "
                "or add a 'no-supporting-note' row saying the source holds none"
            )
            out.add("findings", i, "finding_id", msg)


def _link_id(finding_id: str, note_id: str, findings: dict[str, Any]) -> str:
    session = findings[finding_id].session_id if finding_id in findings else ""
    local = note_id[len(session) + 1 :] if note_id.startswith(session + "-") else note_id
    return f"{finding_id}-{local}"


def _check_codings(out: Collector) -> None:
    for i, c in enumerate(out.package.rows("codings")):
        if bool(c.finding_id) == bool(c.note_id):
            msg = "give exactly one of finding_id and note_id: the finding or the note coded"
            out.add("codings", i, "finding_id", msg)
            continue
        expected = f"{c.target}-{c.code_id}"
        if c.coding_id != expected:
            out.add("codings", i, "coding_id", f"{c.coding_id!r} should be {expected!r}")


def _check_translations(out: Collector) -> None:
    package = out.package
    for table, (text_col, emph_col) in EMPHASIS_EN.items():
        for i, row in enumerate(package.rows(table)):
            runs = split_emphasis(getattr(row, emph_col))
            text = getattr(row, text_col) or ""
            for run in runs:
                if run not in text:
                    out.add(table, i, emph_col, f"{run!r} does not occur in {text_col}")
            if text and len(runs) != len(split_emphasis(row.emphasis)):
                msg = (
                    f"has {len(runs)} bold run(s), the original has "
                    f"{len(split_emphasis(row.emphasis))}; translate each run"
                )
                out.add(table, i, emph_col, msg)
    for i, st in enumerate(package.rows("statements")):
        if bool(st.actor_en) != bool(st.actor) and st.text_en:
            out.add("statements", i, "actor_en", "give an actor_en exactly when there is an actor")
    for i, n in enumerate(package.rows("notes")):
        if n.text_en and (n.struck_through == "partial") != bool(re.search(r"~~.+?~~", n.text_en)):
            msg = "keeps the struck part as ~~...~~ exactly when struck_through is 'partial'"
            out.add("notes", i, "text_en", msg)
        if n.above_line_en and not n.above_line:
            out.add("notes", i, "above_line_en", "translates nothing: the note has no above_line")
